"""The study screen: one question at a time, instant feedback, ratings 1–4, exam timer.

The screen drives a :class:`trainer.core.session.StudySession`: ``submit`` records the review in
the store before it returns, and only then is the feedback shown, so quitting at any moment
loses nothing but the answer being typed.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.i18n import t
from trainer.ui.widgets.answer_input import AnswerSubmitted, AnswerWidget, make_answer_input
from trainer.ui.widgets.common import localize_bindings
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
        Binding("escape", "leave", "app.study.key.leave"),
    ]

    def __init__(self, mode: str = "study", **options: Any) -> None:
        super().__init__()
        localize_bindings(self)
        self.mode = mode
        self.options = options
        self.session: Any = None
        self.phase = "loading"  # question | feedback | empty | error
        self.outcome: Any = None
        self.rating: int | None = None
        self.problem: str | None = None

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static("", id="study-header", classes="screen-title")
        yield VerticalScroll(id="study-body", can_focus=True)
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
            self.notify(t("app.exam.time_up"), severity="warning")
            self.finish()
        else:
            self._update_header()

    async def show_current(self) -> None:
        """Show the session's current question, or its summary / the empty-queue message."""
        question = self.session.current
        if question is None:
            if self._answered() > 0:
                self.finish()
            else:
                self.phase = "empty"
                await self._show_empty()
            return
        self.phase = "question"
        self.outcome = None
        self.rating = None
        self.query_one("#study-rating", Static).display = False
        body = self.query_one("#study-body", VerticalScroll)
        await body.remove_children()
        prompt = Text()
        prompt.append(t(f"app.type.{question.type}"), style="bold reverse")
        prompt.append("  ")
        prompt.append(_prompt_text(question))
        await body.mount_all(
            [
                Static(prompt, id="study-prompt", classes="study-prompt"),
                make_answer_input(question, id="study-answer"),
            ]
        )
        body.scroll_home(animate=False)
        self._update_header()
        self.refresh_bindings()
        self.call_after_refresh(self.trainer.first_question_shown)

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
            header.append(
                t("app.study.progress", answered=answered, remaining=remaining, correct=correct)
            )
        question = self.session.current if self.session else None
        bank = self.trainer.bank
        if question is not None and bank is not None and question.section:
            header.append("  ·  ")
            header.append(bank.section_title(question.section), style="italic")
        self.query_one("#study-header", Static).update(header)

    async def _show_message(self, message: str, *, error: bool = False) -> None:
        body = self.query_one("#study-body", VerticalScroll)
        await body.remove_children()
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
        next_due = overview.get("next_due")
        if next_due is not None:
            lines.append(t("app.study.next_review", when=app.format_time(next_due)))
        if self.mode != "exam" and overview.get("unseen", 0):
            lines.append(t("app.study.learn_more", n=min(overview["unseen"], MORE_NEW)))
        lines.append(t("app.study.back"))
        await self._show_message("\n\n".join(lines))

    # ------------------------------------------------------------------ answering

    async def on_answer_submitted(self, event: AnswerSubmitted) -> None:
        event.stop()
        if self.phase != "question" or self.session is None:
            return
        try:
            # The session measures the time from its own clock (a fixed clock in tests).
            outcome = self.session.submit(event.answer, hint_used=event.hint_used)
        except Exception as error:  # noqa: BLE001 - the store could not be written
            if self._time_left() == 0:
                self.notify(t("app.exam.time_up"), severity="warning")
                self.finish()
                return
            self._store_failed(error)
            for widget in self.query(AnswerWidget):
                widget.submitted = False  # the answer is still there: Enter tries again
            return
        self.outcome = outcome
        if self.mode == "exam":
            self.session.advance()
            await self.show_current()
            return
        self.phase = "feedback"
        self.rating = int(getattr(outcome, "rating", 3) or 3)
        body = self.query_one("#study-body", VerticalScroll)
        for widget in body.query(AnswerWidget):
            widget.remove()
        question = getattr(outcome, "question", None) or self.session.current
        body.mount(FeedbackView(question, outcome.grade, id="study-feedback"))
        self._update_rating()
        self._update_header()
        body.focus()
        self.refresh_bindings()

    def _store_failed(self, error: Exception) -> None:
        from trainer.ui.app import _store_path

        message = t("app.problem.store", path=_store_path(self.trainer.store), error=error)
        self.notify(message, severity="error", timeout=10)

    def _update_rating(self) -> None:
        rating_bar = self.query_one("#study-rating", Static)
        text = Text()
        text.append(t("app.study.rating") + "  ")
        for value in (1, 2, 3, 4):
            if value == self.rating:
                text.append(
                    f"[{value} {t(RATING_KEYS[value])}]", style=RATING_STYLE[value] + " reverse"
                )
            else:
                text.append(f" {value} {t(RATING_KEYS[value])} ", style="dim")
            text.append(" ")
        text.append("   " + t("app.study.enter_next"), style="dim")
        rating_bar.update(text)
        rating_bar.display = True

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
        if self.phase != "question":
            return
        for widget in self.query(AnswerWidget):
            widget.show_hint()

    def action_passage(self) -> None:
        question = self.session.current if self.session else None
        if question is None:
            return
        from trainer.ui.screens.read import ReadScreen

        self.app.push_screen(ReadScreen(question=question))

    def action_more_new(self) -> None:
        if self.phase != "empty":
            return
        # The limit counts today's new questions: allow ten more than were done already.
        options = {k: v for k, v in self.options.items() if k in ("section", "tag")}
        new_done = int(self.trainer.overview().get("new_done", 0))
        self.app.switch_screen(StudyScreen("study", new_limit=new_done + MORE_NEW, **options))

    def action_leave(self) -> None:
        if self.phase in ("question", "feedback") and self._answered() > 0:
            self.finish()
        else:
            self._close_session()
            self.trainer.go_home()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.phase == "feedback"
        if action == "next":
            return self.phase in ("feedback", "empty", "error")
        if action == "hint":
            return self.phase == "question"
        if action == "passage":
            return self.phase in ("question", "feedback")
        if action == "more_new":
            return self.phase == "empty" and self.mode != "exam"
        return True

    # ------------------------------------------------------------------ the end

    def _close_session(self) -> None:
        finish = getattr(self.session, "finish", None)
        if finish is not None and self.phase != "done":
            with contextlib.suppress(Exception):  # nothing left to save
                finish()

    def finish(self) -> None:
        """End the session and replace this screen by its summary."""
        if self.phase == "done":
            return
        self.phase = "done"
        try:
            summary = self.session.finish()
        except Exception as error:  # noqa: BLE001
            summary = None
            self.notify(t("app.study.error", error=error), severity="error")
        from trainer.ui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(summary, mode=self.mode))
        sync = getattr(self.app, "sync_in_background", None)
        if sync is not None:
            sync()  # the session is saved: push it now, in another process


def _prompt_text(question: Any) -> str:
    """The question's prompt; for cloze, the author's instruction or 补全句子 (the sentence itself
    is shown by the answer widget)."""
    if question.type == "cloze":
        from trainer.core.bank import cloze_display

        if question.prompt and question.prompt != cloze_display(question.text):
            return question.prompt
        return t("app.study.cloze")
    return question.prompt
