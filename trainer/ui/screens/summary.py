"""The end of a session: answered, correct %, time, what to look at again, next reviews."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.i18n import t
from trainer.ui.linebreak import CJKText
from trainer.ui.screens.study import format_duration
from trainer.ui.widgets.common import localize_bindings
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


class SummaryScreen(Screen[None]):
    """Shown when a session ends (all answered, Esc, or the exam's time is up)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "home", "app.summary.key.home"),
        Binding("r", "again", "app.summary.key.again"),
    ]

    def __init__(self, summary: Any, *, mode: str = "study") -> None:
        super().__init__()
        localize_bindings(self)
        self.summary = summary
        self.mode = mode

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def to_review(self) -> list[str]:
        return [str(q) for q in (getattr(self.summary, "to_review", ()) or ())]

    def compose(self) -> ComposeResult:
        s = self.summary
        title = t("app.summary.exam_title" if self.mode == "exam" else "app.summary.title")
        yield Static(Text(title, style="bold"), classes="screen-title")
        with VerticalScroll(id="summary-body"):
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
                    )
            next_due = getattr(s, "next_due", None)
            if next_due is not None:
                when = self.trainer.format_time(next_due)
                yield Static(t("app.summary.next_due", when=when), id="summary-next")
            ids = self.to_review()
            bank = self.trainer.bank
            if ids:
                yield Static(t("app.summary.to_review", n=len(ids)), classes="box-title")
                for qid in ids:
                    question = bank.get(qid) if bank else None
                    prompt = question.prompt if question else qid
                    yield Static(CJKText("• " + prompt, hang=2), classes="summary-item")
            elif answered:
                yield Static(t("app.summary.all_good"), classes="summary-item")
        yield KeyBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "again":
            return bool(self.to_review())
        return True

    def action_home(self) -> None:
        self.trainer.go_home()

    def action_again(self) -> None:
        ids = self.to_review()
        if ids:
            from trainer.ui.screens.study import StudyScreen

            self.app.switch_screen(StudyScreen("study", question_ids=ids))
