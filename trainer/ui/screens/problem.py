"""Shown instead of the home screen when the app cannot work: no bank, a broken bank, no store."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.i18n import t
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


class ProblemScreen(Screen[None]):
    """Says what is wrong and where, in the learner's language; q or Esc quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "app.key.quit"),
    ]

    def __init__(self) -> None:
        super().__init__()

    def compose(self) -> ComposeResult:
        app: TrainerApp = self.app  # type: ignore[assignment]
        yield Static(Text(t("app.problem.title"), style="bold red"), classes="screen-title")
        with VerticalScroll(id="problem-body", can_focus=True):
            for problem in (app.bank_problem, app.store_problem):
                if problem:
                    yield Static(Text(problem), classes="problem-text")
            yield Static(t("app.problem.hint"), classes="problem-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#problem-body").focus()
