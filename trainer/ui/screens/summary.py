"""The end of a session: answered, correct %, time, what to look at again, next reviews.

After an exam: the score, the score per section, the unanswered count, and 答题详情 — every
question with the learner's answer, the right answer, the verdict and the report's sentence;
``r`` starts a session of exactly the questions not answered right (unanswered included).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.core.text_safety import printable, printable_line
from trainer.i18n import t
from trainer.ui.linebreak import CJKText
from trainer.ui.screens.study import format_duration
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


class SummaryScreen(Screen[None]):
    """Shown when a session ends (all answered, Esc, or the exam's time is up)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", "app.summary.key.home"),
        Binding("r", "again", "app.summary.key.again"),
        # After an exam the same key reads "review the wrong ones now" (check_action shows one).
        Binding("r", "again_exam", "app.summary.key.review_wrong"),
        Binding("c", "challenge", "app.summary.key.challenge"),
    ]

    VERDICT_STYLE: ClassVar[dict[str, str]] = {
        "correct": "bold green",
        "close": "bold green",
        "partial": "bold yellow",
        "wrong": "bold red",
        "unanswered": "bold red",
    }

    def __init__(
        self, summary: Any, *, mode: str = "study", challenge: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.summary = summary
        self.mode = mode
        self.challenge = challenge  # {"run", "best", "new_best"} after a 挑战答题

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def to_review(self) -> list[str]:
        return [str(q) for q in (getattr(self.summary, "to_review", ()) or ())]

    def compose(self) -> ComposeResult:
        s = self.summary
        title = t(
            {"exam": "app.summary.exam_title", "challenge": "app.challenge.title"}.get(
                self.mode, "app.summary.title"
            )
        )
        yield Static(Text(title, style="bold"), classes="screen-title")
        with VerticalScroll(id="summary-body"):
            if self.challenge is not None:
                yield Static(self._challenge_line(self.challenge), id="summary-challenge")
            answered = int(getattr(s, "answered", 0) or 0)
            correct = int(getattr(s, "correct", 0) or 0)
            accuracy = getattr(s, "accuracy", None)
            if accuracy is None:
                accuracy = correct / answered if answered else 0.0
            figures = Text()
            questions = getattr(s, "questions", None)
            repeated = bool(questions) and questions != answered
            if repeated:
                # Again-rated questions come back: say answers and questions apart.
                figures.append(t("app.summary.answers", n=answered, questions=questions))
            else:
                figures.append(t("app.summary.answered", n=answered))
            figures.append("    ")
            figures.append(
                t(
                    "app.summary.correct_answers" if repeated else "app.summary.correct",
                    n=correct,
                    pct=round(float(accuracy) * 100),
                ),
                style="bold green" if accuracy >= 0.8 else "bold yellow",
            )
            figures.append("    ")
            figures.append(
                t("app.summary.time", time=format_duration(float(getattr(s, "duration_s", 0) or 0)))
            )
            yield Static(CJKText(figures), id="summary-figures")
            score = getattr(s, "exam_score", None)
            if self.mode == "exam" and score is not None:
                yield Static(
                    Text(
                        t(
                            "app.summary.exam_score",
                            pct=round(float(score) * 100),
                            size=getattr(s, "exam_size", None) or answered,
                        ),
                        style="bold",
                    ),
                    id="summary-score",
                )
                bank = self.trainer.bank
                size = int(getattr(s, "exam_size", None) or answered)
                if size > answered:
                    yield Static(
                        Text(t("app.summary.exam_unanswered", n=size - answered), style="red"),
                        id="summary-unanswered",
                    )
                for sid, entry in (getattr(s, "exam_sections", None) or {}).items():
                    title = (bank.section_title(sid) if bank else "") or t("app.home.no_section")
                    yield Static(
                        t(
                            "app.summary.exam_section",
                            title=title,
                            correct=entry.get("correct", 0),
                            total=entry.get("total", 0),
                            pct=round(float(entry.get("score", 0)) * 100),
                        ),
                        classes="summary-item",
                        markup=False,  # a bank's section title is text, not markup
                    )
            next_due = getattr(s, "next_due", None)
            if next_due is not None:
                if next_due <= self.trainer.clock():  # never a time in the past
                    yield Static(t("app.summary.next_due_now"), id="summary-next")
                else:
                    when = self.trainer.format_time(next_due)
                    yield Static(t("app.summary.next_due", when=when), id="summary-next")
            ids = self.to_review()
            bank = self.trainer.bank
            details = getattr(s, "exam_details", None)
            if self.mode == "exam" and details:
                yield from self._details(details)
            elif ids:
                yield Static(t("app.summary.to_review", n=len(ids)), classes="box-title")
                for qid in ids:
                    question = bank.get(qid) if bank else None
                    prompt = question.prompt if question else printable_line(qid)
                    yield Static(CJKText("• " + prompt, hang=2), classes="summary-item")
            elif answered:
                yield Static(t("app.summary.all_good"), classes="summary-item")
        yield KeyBar()

    def _details(self, details: list[dict[str, Any]]) -> ComposeResult:
        """答题详情: each question, the learner's answer, the right one, verdict, source."""
        yield Static(t("app.summary.details"), classes="box-title")
        for number, entry in enumerate(details, start=1):
            verdict = str(entry.get("verdict", "wrong"))
            head = Text()
            mark = (
                "✓" if verdict in ("correct", "close") else ("◐" if verdict == "partial" else "✗")
            )
            # no space between the mark and the prompt: a CJK prompt then folds in place
            # instead of jumping whole to the next line
            head.append(mark, style=self.VERDICT_STYLE.get(verdict, "bold"))
            head.append(
                t(
                    "app.summary.detail_head",
                    n=number,
                    prompt=printable(str(entry.get("prompt", ""))),
                ),
                style="bold",
            )
            label = (
                t("app.summary.unanswered")
                if verdict == "unanswered"
                else t(f"app.verdict.{verdict}")
            )
            head.append(
                t("app.summary.detail_verdict", verdict=label),
                style=self.VERDICT_STYLE.get(verdict, ""),
            )
            lines = Text()
            lines.append_text(head)
            lines.append("\n  " + t("app.summary.detail_answer"), style="dim")
            # what was typed, as typed: never markup (a Text) nor a control sequence
            given = printable(str(entry.get("answer", "") or ""))
            lines.append(given or "—", style="red" if verdict not in ("correct", "close") else "")
            lines.append("\n  " + t("app.summary.detail_expected"), style="dim")
            lines.append(printable(str(entry.get("expected", ""))), style="green")
            source = printable(str(entry.get("source", "") or ""))
            if source:
                lines.append("\n  " + t("app.summary.detail_source"), style="dim")
                lines.append(source, style="italic")
            yield Static(lines, classes="summary-item summary-detail")

    def _challenge_line(self, result: dict[str, Any]) -> Text:
        run = int(result.get("run", 0))
        line = Text()
        line.append(t("app.challenge.result", n=run), style="bold green" if run else "bold")
        if result.get("new_best"):
            line.append("    ")
            line.append(t("app.challenge.new_best"), style="bold magenta")
        elif int(result.get("best", 0)):
            line.append("    ")
            line.append(t("app.challenge.old_best", n=int(result.get("best", run))))
        if not self.to_review() and run:
            line.append("\n" + t("app.challenge.all_right"))
        return line

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return self.mode != "exam" and bool(self.to_review())
        if action == "again_exam":
            return self.mode == "exam" and bool(self.to_review())
        if action == "challenge":
            return self.mode == "challenge"
        return True

    def action_challenge(self) -> None:
        if self.mode == "challenge":
            from trainer.ui.screens.challenge import ChallengeScreen

            self.app.switch_screen(ChallengeScreen())

    def action_home(self) -> None:
        self.trainer.go_home()

    def action_again_exam(self) -> None:
        self.action_again()

    def action_again(self) -> None:
        ids = self.to_review()
        if ids:
            from trainer.ui.screens.study import StudyScreen

            self.app.switch_screen(StudyScreen("study", question_ids=ids))
