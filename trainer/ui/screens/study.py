"""The study screen: one question at a time, instant feedback, ratings 1–4, exam timer.

The screen drives a :class:`trainer.core.session.StudySession`: ``submit`` records the review in
the store before it returns, and only then is the feedback shown, so quitting at any moment
loses nothing but the answer being typed.

In an exam nothing is shown between questions (no hint, no report, no verdict) until the paper
is handed in with F10 / Ctrl+S and a confirmation; Esc never hands it in (pinyin-IME users press
Esc to close the candidate list). At time-up the answer typed so far is graded. Outside exams,
Ctrl+Z / u takes the last answer back; the first Esc with an answer typed only leaves the box.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from trainer.core.grading import GradingError
from trainer.i18n import t
from trainer.i18n.study import format_interval
from trainer.ui.linebreak import CJKText
from trainer.ui.widgets.answer_input import (
    AnswerSubmitted,
    AnswerWidget,
    answer_input_class,
    make_answer_input,
)
from trainer.ui.widgets.feedback import FeedbackView
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp

RATING_KEYS = {
    1: "app.rating.again",
    2: "app.rating.hard",
    3: "app.rating.good",
    4: "app.rating.easy",
}
MORE_NEW = 10
"""New questions offered by ``n`` once today's are done."""
RATING_STYLE = {1: "bold red", 2: "bold yellow", 3: "bold green", 4: "bold cyan"}


def format_duration(seconds: float) -> str:
    """``12:05`` or ``1:02:03``."""
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class StudyBody(VerticalScroll):
    """The scrolling body of the study screen: a page (PageUp/PageDown) is the rows a learner
    sees, without those under the rating line, which lies over its last rows (app.tcss)."""

    covered = 0
    """Rows at the bottom under the rating line (while the feedback is shown)."""

    def scroll_page_down(self, **options: Any) -> None:
        page = max(1, self.scrollable_content_region.height - self.covered)
        self.scroll_to(y=self.scroll_y + page, **options)

    def scroll_page_up(self, **options: Any) -> None:
        page = max(1, self.scrollable_content_region.height - self.covered)
        self.scroll_to(y=self.scroll_y - page, **options)


class StudyScreen(Screen[None]):
    """A study, review or exam session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t,f2", "hint", "app.study.key.hint"),
        Binding("ctrl+o", "passage", "app.study.key.passage"),
        Binding("1", "rate(1)", "app.rating.again", show=False),
        Binding("2", "rate(2)", "app.rating.hard", show=False),
        Binding("3", "rate(3)", "app.rating.good", show=False),
        Binding("4", "rate(4)", "app.rating.easy", show=False),
        Binding("enter,space", "next", "app.study.key.next"),
        Binding("n", "more_new", "app.study.key.more_new"),
        Binding("ctrl+z", "undo", "app.study.key.undo", priority=True),
        Binding("u", "undo", "app.study.key.undo", show=False),
        Binding("f10,ctrl+s", "hand_in", "app.study.key.hand_in", priority=True),
        Binding("m", "mark('flagged')", "app.study.key.flag"),
        Binding("x", "mark('suspended')", "app.study.key.suspend", show=False),
        Binding("escape", "leave", "app.study.key.leave"),
        # In an exam Esc only explains how to hand in, so it is not offered as a key there.
        Binding("escape", "exam_escape", "app.study.key.leave", show=False),
    ]

    def __init__(self, mode: str = "study", **options: Any) -> None:
        super().__init__()
        self.mode = mode
        self.options = options
        self.session: Any = None
        self.phase = "loading"  # question | feedback | empty | error
        self.outcome: Any = None
        self.rating: int | None = None
        self.problem: str | None = None
        self.leave_armed = False  # Esc was pressed once with an answer typed
        self._answer: AnswerWidget | None = None

    @property
    def answer_input(self) -> AnswerWidget | None:
        """The input of the question being asked, or of the one whose feedback is shown."""
        return self._answer

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("", id="study-header", classes="screen-title")
        yield StudyBody(id="study-body", can_focus=True)
        yield Static("", id="study-rating")
        yield KeyBar()

    # ------------------------------------------------------------------ session

    async def on_mount(self) -> None:
        self.query_one("#study-rating", Static).display = False
        app = self.trainer
        try:
            from trainer.core.session import SessionOptions, StudySession

            known = set(getattr(SessionOptions, "__dataclass_fields__", {}) or {})
            values = {k: v for k, v in self.options.items() if not known or k in known}
            options = SessionOptions(mode=self.mode, **values)
            if app.bank is None:  # the app shows its bank problem instead of this screen
                raise RuntimeError("no bank loaded")
            self.session = StudySession(app.bank, app.store, app.profile_name, options, app.clock)
        except Exception as error:  # noqa: BLE001 - shown on screen, never a crash
            self.phase = "error"
            self.problem = t("app.study.error", error=error)
            await self._show_message(self.problem, error=True)
            return
        if self._time_left() is not None:
            self.set_interval(1.0, self._tick)
        await self.show_current()

    def _time_left(self) -> float | None:
        time_left = getattr(self.session, "time_left", None)
        return time_left() if time_left is not None else None

    def _tick(self) -> None:
        left = self._time_left()
        if left is None or self.phase not in ("question", "feedback"):
            return
        if left <= 0:
            self._grade_typed_answer()
            self.notify(t("app.exam.time_up"), severity="warning")
            self.finish()
        else:
            self._update_header()

    def _grade_typed_answer(self) -> None:
        """At time-up: the answer on screen, typed but not submitted, still counts. One that
        cannot be checked or saved is said on screen; the exam ends anyway."""
        from trainer.core.store import StoreError

        if self.phase != "question" or self.session is None:
            return
        widget = self._answer
        if widget is None or widget.submitted or not widget.has_answer():
            return
        try:
            self.session.submit(widget.collect(), at_time_up=True)
        except GradingError:
            self.notify(t("app.exam.last_ungradable"), severity="error", timeout=10)
        except StoreError as error:
            self._store_failed(error)
        widget.submitted = True

    async def show_current(self) -> None:
        """Show the session's current question, or its summary / the empty-queue message."""
        question = self.session.current
        if question is None:
            if self._answered() > 0 or (self.mode == "exam" and self.session.exam is not None):
                self.finish()
            else:
                self.phase = "empty"
                await self._show_empty()
            return
        self.phase = "question"
        self.leave_armed = False
        self.outcome = None
        self.rating = None
        # One layout and one repaint for the whole change, not one per step of it.
        with self.app.batch_update():
            await self._show_question_parts(question)
        self.call_after_refresh(self.trainer.first_question_shown)

    async def _show_question_parts(self, question: Any) -> None:
        self.query_one("#study-rating", Static).display = False
        body = self.query_one("#study-body", StudyBody)
        body.covered = 0
        prompt = Text()
        prompt.append(t(f"app.type.{question.type}"), style="bold reverse")
        prompt.append("  ")
        prompt.append(_prompt_text(question))
        presentation = getattr(self.session, "presentation", None)
        extra: dict[str, Any] = {}
        if presentation is not None and presentation.item_order:
            extra["order"] = list(presentation.item_order)
        await self._show_question(body, question, CJKText(prompt), extra)
        body.scroll_home(animate=False)
        self._update_header()
        self.refresh_bindings()

    async def _show_question(
        self, body: VerticalScroll, question: Any, prompt: CJKText, extra: dict[str, Any]
    ) -> None:
        """The prompt and the answer input, updated in place where they are already mounted.

        The prompt line stays mounted and takes the new text; the input of the last question
        is asked the new one when it is of the same input class (``ANSWER_INPUTS``: short and
        number share one) and its shape allows (``reuse_for``); anything else in the body (the
        feedback, a message) goes. Removing and composing every widget for each question was
        most of the cost of an answer cycle.

        (Keeping a hidden input of every class for the next question of its type was tried:
        in a session the types change at almost every question, but most of those inputs
        cannot be reused anyway — a cloze follows its sentence, a list its number of items —
        and the hidden widgets cost more at every step than they saved.)
        """
        prompt_line = next(
            (w for w in body.children if isinstance(w, Static) and w.id == "study-prompt"), None
        )
        answer = next((w for w in body.children if isinstance(w, AnswerWidget)), None)
        if answer is not None and (
            prompt_line is None
            or type(answer) is not answer_input_class(question)
            or not answer.reuse_for(question, **extra)
        ):
            answer = None
        if answer is not None:
            await answer.ready()  # rows it added or removed for the new question
        feedback = next((w for w in body.children if isinstance(w, FeedbackView)), None)
        if prompt_line is None:
            feedback = None
        keep = {prompt_line, answer, feedback}
        leaving = [w for w in body.children if w not in keep]
        if leaving:
            await body.remove_children(leaving)
        if feedback is not None:
            feedback.display = False  # kept for the next answer's feedback
        if prompt_line is None:
            prompt_line = Static(prompt, id="study-prompt", classes="study-prompt")
            await body.mount(prompt_line)
        else:
            prompt_line.update(prompt)
        if answer is None:
            answer = make_answer_input(question, id="study-answer", **extra)
            await body.mount(answer, after=prompt_line)
        else:
            answer.display = True
        self._answer = answer
        # The focus moves now, inside the same layout as the rest (not after the next paint).
        self.set_focus(answer.start_widget(), scroll_visible=False)

    def _answered(self) -> int:
        progress = getattr(self.session, "progress", None)
        return int(getattr(progress, "answered", 0) or 0)

    def _update_header(self) -> None:
        header = Text()
        progress = getattr(self.session, "progress", None)
        answered = int(getattr(progress, "answered", 0) or 0)
        remaining = int(getattr(progress, "remaining", 0) or 0)
        correct = int(getattr(progress, "correct", 0) or 0)
        header.append(t(f"app.study.mode.{self.mode}"), style="bold")
        left = self._time_left()
        if left is not None:  # first, so that a narrow terminal never hides the clock
            header.append("  ")
            header.append(
                t("app.exam.left", time=format_duration(left)),
                style="bold red" if left < 60 else "bold",
            )
        header.append("  ")
        if self.mode == "exam":  # no verdicts before the exam is handed in
            header.append(t("app.study.progress_exam", answered=answered, remaining=remaining))
        else:
            # Anki's three counts: they fall as the session goes
            header.append(t("app.study.count.new", n=int(getattr(progress, "new", 0) or 0)))
            header.append(" ")
            header.append(
                t("app.study.count.learning", n=int(getattr(progress, "learning", 0) or 0)),
                style="red",
            )
            header.append(" ")
            header.append(
                t("app.study.count.review", n=int(getattr(progress, "review", 0) or 0)),
                style="green",
            )
            header.append("  ")
            header.append(t("app.study.progress_done", answered=answered, correct=correct))
        # The section title only when it gives none of the answer away
        section = self.session.section_shown() if self.session else None
        bank = self.trainer.bank
        if section and bank is not None:
            header.append("  ·  ")
            header.append(bank.section_title(section), style="italic")
        # One line across the screen (.screen-title): its size never changes, so no relayout.
        self.query_one("#study-header", Static).update(header, layout=False)

    async def _show_message(self, message: str, *, error: bool = False) -> None:
        body = self.query_one("#study-body", VerticalScroll)
        await body.remove_children()
        self._answer = None
        body.mount(Static(message, classes="study-message" + (" -error" if error else "")))
        self.query_one("#study-header", Static).update(
            Text(t(f"app.study.mode.{self.mode}"), style="bold")
        )
        body.focus()
        self.refresh_bindings()

    async def _show_empty(self) -> None:
        app = self.trainer
        overview = app.overview()
        lines = [t("app.study.empty")]
        next_due = overview.next_due
        if next_due is not None and next_due > app.clock():  # never a time in the past
            lines.append(t("app.study.next_review", when=app.format_time(next_due)))
        if self.mode != "exam" and overview.unseen:
            lines.append(t("app.study.learn_more", n=min(overview.unseen, MORE_NEW)))
        lines.append(t("app.study.back"))
        await self._show_message("\n\n".join(lines))

    # ------------------------------------------------------------------ answering

    async def on_answer_submitted(self, event: AnswerSubmitted) -> None:
        event.stop()
        if self.phase != "question" or self.session is None:
            return
        from trainer.core.session import answer_problem

        problem = answer_problem(self.session.current, event.answer)
        if self.mode == "exam" and not (_has_text(event.answer) and self._typed()):
            # a blank answer skips the question: it stays unanswered (and counts as wrong)
            self.session.advance()
            await self.show_current()
            return
        if problem is not None:  # not graded, not recorded: say what to do instead
            self.notify(t(problem), severity="warning")
            self._answer_again()
            return
        try:
            # The session measures the time from its own clock (a fixed clock in tests).
            outcome = self.session.submit(event.answer, hint_used=event.hint_used)
        except GradingError:
            # Nothing was recorded: one line, and the answer stays for another try.
            self.notify(t("grading.error.ungradable"), severity="error")
            self._answer_again()
            return
        except Exception as error:  # noqa: BLE001 - the store could not be written
            if self._time_left() == 0:
                self.notify(t("app.exam.time_up"), severity="warning")
                self.finish()
                return
            self._store_failed(error)
            self._answer_again()  # the answer is still there: Enter tries again
            return
        self.outcome = outcome
        if self.mode == "exam":
            self.session.advance()
            await self.show_current()
            return
        self.phase = "feedback"
        self.rating = int(getattr(outcome, "rating", 3) or 3)
        body = self.query_one("#study-body", VerticalScroll)
        question = getattr(outcome, "question", None) or self.session.current
        # One layout and one repaint for the whole change, not one per step of it.
        with self.app.batch_update():
            if self._answer is not None:
                self._answer.display = False  # kept for the next question of its type
            feedback = next((w for w in body.children if isinstance(w, FeedbackView)), None)
            if feedback is None:
                feedback = FeedbackView(question, outcome.grade, id="study-feedback")
                feedback.can_focus = True  # see below (hidden while a question is asked)
                await body.mount(feedback)
            else:
                feedback.show(question, outcome.grade)
                feedback.display = True
            # The feedback takes the focus, not the whole body: a focus change restyles the
            # focused widget's subtree (the body's holds the hidden input too). The body's
            # scrolling keys still apply, the body being the feedback's container.
            self.set_focus(feedback, scroll_visible=False)
            self._update_rating()
            self._update_header()
            self.refresh_bindings()

    def _answer_again(self) -> None:
        """The answer was not taken: the input may submit it again."""
        if self._answer is not None:
            self._answer.submitted = False

    def _store_failed(self, error: Exception) -> None:
        from trainer.ui.app import _store_path

        message = t("app.problem.store", path=_store_path(self.trainer.store), error=error)
        self.notify(message, severity="error", timeout=10)

    def _update_rating(self) -> None:
        rating_bar = self.query_one("#study-rating", Static)
        intervals_of = getattr(self.session, "rating_intervals", None)
        intervals = intervals_of() if intervals_of is not None else {}
        text = Text()
        text.append(t("app.study.rating") + "  ")
        for value in (1, 2, 3, 4):
            label = f"{value} {t(RATING_KEYS[value])}"
            if value in intervals:  # what each key would do: 1 重来 <1分钟 · 3 良好 2天
                label += " " + format_interval(intervals[value].total_seconds())
            if value == self.rating:
                text.append(f"[{label}]", style=RATING_STYLE[value] + " reverse")
            else:
                text.append(f" {label} ", style="dim")
            text.append(" ")
        hint = "  " + t("app.study.enter_next")
        if text.cell_len + len(hint) * 2 <= (self.size.width or 80) - 2:  # only when it fits
            text.append(hint, style="dim")
        rating_bar.update(text)
        rating_bar.display = True
        # The line lies over the body's last rows (app.tcss): the feedback keeps as many rows
        # free below it, so that its end scrolls into view above the line.
        rows = len(Content.from_rich_text(text).wrap(max(1, (self.size.width or 80) - 2)))
        body = self.query_one("#study-body", StudyBody)
        body.covered = rows
        for feedback in body.query_children(FeedbackView):
            if feedback.styles.margin.bottom != rows:
                feedback.styles.margin = (0, 0, rows, 0)

    def action_rate(self, rating: int) -> None:
        if self.phase != "feedback" or self.session is None:
            return
        if rating == self.rating:
            return
        try:
            self.session.override_rating(rating)
        except Exception as error:  # noqa: BLE001
            self._store_failed(error)
            return
        self.rating = rating
        self._update_rating()

    async def action_next(self) -> None:
        if self.phase == "feedback":
            self.session.advance()
            await self.show_current()
        elif self.phase in ("empty", "error"):
            self.trainer.go_home()

    def action_hint(self) -> None:
        if self.phase != "question" or self.mode == "exam":
            return
        if self._answer is not None:
            self._answer.show_hint()

    def action_passage(self) -> None:
        question = self.session.current if self.session else None
        if question is None or self.mode == "exam":
            return
        from trainer.ui.screens.read import ReadScreen

        if self.phase == "question" and self.session.peek():
            # like a hint: the answer now counts as helped, and the peek is logged
            self.notify(t("app.study.peeked"), severity="warning")
        self.app.push_screen(ReadScreen(question=question))

    async def action_undo(self) -> None:
        """Take the last answer back: the review leaves the log, the card is restored and the
        question is asked again."""
        if self.session is None or not self.session.can_undo():
            return
        try:
            self.session.undo()
        except Exception as error:  # noqa: BLE001 - the store could not be written
            self._store_failed(error)
            return
        self.notify(t("app.study.undone"))
        await self.show_current()

    def action_mark(self, mark: str) -> None:
        """m: 收藏 (flag) the question, x: suspend it (it stops coming up); again to undo."""
        if self.phase != "feedback" or self.session is None:
            return
        from trainer.core.store.marks import marked, set_mark

        app = self.trainer
        question = self.session.current
        bank_id = self.session.bank.id
        try:
            on = question.id not in marked(app.store, self.session.profile, bank_id, mark)
            set_mark(app.store, self.session.profile, bank_id, question.id, mark, on)
        except Exception as error:  # noqa: BLE001 - the store could not be written
            self._store_failed(error)
            return
        self.notify(t(f"app.study.{mark}.{'on' if on else 'off'}"))

    def action_hand_in(self) -> None:
        """Ask "确定交卷？" and hand the exam in only on a yes."""
        if self.mode != "exam" or self.phase != "question":
            return
        from trainer.ui.screens.exam_setup import HandInScreen

        exam = getattr(self.session, "exam", None)
        size = int(getattr(exam, "size", 0) or 0)
        unanswered = max(0, size - self._answered())

        def handed_in(confirmed: bool | None) -> None:
            if confirmed:
                self.finish()

        self.app.push_screen(HandInScreen(unanswered), handed_in)

    def action_more_new(self) -> None:
        if self.phase != "empty":
            return
        # The limit counts today's new questions: allow ten more than were done already.
        options = {k: v for k, v in self.options.items() if k in ("section", "tag")}
        new_done = self.trainer.overview().new_done
        self.app.switch_screen(StudyScreen("study", new_limit=new_done + MORE_NEW, **options))

    def _typed(self) -> bool:
        return self._answer is not None and self._answer.has_answer()

    def action_leave(self) -> None:
        if self.mode == "exam" and self.phase == "question":
            # Esc alone never hands an exam in (IME users press it to close candidates)
            self.body_focus_if_typed()
            self.notify(t("app.exam.esc"), severity="information")
            return
        if self.phase == "question" and self._typed() and not self.leave_armed:
            # first Esc: out of the box, the answer kept; a second Esc leaves
            self.leave_armed = True
            self.body_focus_if_typed()
            self.notify(t("app.study.esc_again"), severity="warning")
            return
        if self.phase in ("question", "feedback") and self._answered() > 0:
            self.finish()
        else:
            self._close_session()
            self.trainer.go_home()

    def body_focus_if_typed(self) -> None:
        """Move the focus off the answer box (Tab brings it back), keeping what was typed."""
        if self._typed():
            self.query_one("#study-body", VerticalScroll).focus()

    def action_exam_escape(self) -> None:
        self.action_leave()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return self.mode != "exam"
        if action == "exam_escape":
            return self.mode == "exam"
        if action == "rate":
            return self.phase == "feedback"
        if action == "next":
            return self.phase in ("feedback", "empty", "error")
        if action == "hint":
            return self.phase == "question" and self.mode != "exam"
        if action == "passage":
            return self.phase in ("question", "feedback") and self.mode != "exam"
        if action == "undo":
            can_undo = getattr(self.session, "can_undo", None)
            return (
                self.phase in ("question", "feedback")
                and self.mode != "exam"
                and bool(can_undo and can_undo())
            )
        if action == "mark":
            return self.phase == "feedback"
        if action == "hand_in":
            return self.mode == "exam" and self.phase == "question"
        if action == "more_new":
            return self.phase == "empty" and self.mode != "exam"
        return True

    # ------------------------------------------------------------------ the end

    def _close_session(self) -> None:
        """Leaving without a summary: an exam started is still recorded as ended (a store
        that cannot be written is said on screen)."""
        from trainer.core.store import StoreError

        finish = getattr(self.session, "finish", None)
        if finish is not None and self.phase != "done":
            try:
                finish()
            except StoreError as error:
                self._store_failed(error)

    def finish(self) -> None:
        """End the session and replace this screen by its summary."""
        if self.phase == "done":
            return
        summary = self._end_session()
        from trainer.ui.screens.summary import SummaryScreen

        self._show_summary(SummaryScreen(summary, mode=self.mode))

    def _end_session(self) -> Any:
        """Close the session (its summary, or None when it cannot say one: said on screen)."""
        self.phase = "done"
        try:
            return self.session.finish()
        except Exception as error:  # noqa: BLE001
            self.notify(t("app.study.error", error=error), severity="error")
            return None

    def _show_summary(self, summary_screen: Screen[None]) -> None:
        self.app.switch_screen(summary_screen)
        sync = getattr(self.app, "sync_in_background", None)
        if sync is not None:
            sync()  # the session is saved: push it now, in another process


def _has_text(answer: str | list[str]) -> bool:
    if isinstance(answer, str):
        return bool(answer.strip())
    return any(str(part).strip() for part in answer)


def _prompt_text(question: Any) -> str:
    """The question's prompt, or what its type shows instead when its input shows the question
    itself (cloze: the author's instruction or 补全句子)."""
    from trainer.core.qtypes import type_of

    home = type_of(question)
    own = home.own_prompt(question)
    if own is not None:
        return own
    return t(home.input_instruction) if home.input_instruction else ""
