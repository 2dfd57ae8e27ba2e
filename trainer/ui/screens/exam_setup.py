"""Choose an exam (how many questions, the time limit) and confirm handing it in."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from trainer.i18n import t
from trainer.ui.widgets.common import TInput
from trainer.ui.widgets.keybar import KeyBar


class ExamSetupScreen(ModalScreen[dict[str, Any] | None]):
    """Dismisses with ``{"exam_size": N, "exam_seconds": S}`` or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "app.key.cancel")]

    def __init__(self, size: int = 20, minutes: int = 15) -> None:
        super().__init__()
        self.exam_size = size
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-box", classes="dialog"):
            yield Static(Text(t("app.exam.title"), style="bold"), classes="box-title")
            yield Static(t("app.exam.explain"), classes="dialog-text")
            yield Static(t("app.exam.rules"), classes="dialog-text")
            with Horizontal(classes="form-row"):
                yield Label(t("app.exam.size"), classes="form-label")
                yield TInput(
                    str(self.exam_size), id="exam-size", type="integer", max_length=4, compact=True
                )
            with Horizontal(classes="form-row"):
                yield Label(t("app.exam.minutes"), classes="form-label")
                yield TInput(
                    str(self.minutes), id="exam-minutes", type="integer", max_length=4, compact=True
                )
            yield Static("", id="exam-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("app.exam.start"), id="exam-start", variant="primary")
                yield Button(t("app.key.cancel"), id="exam-cancel")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#exam-size", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "exam-size":
            self.query_one("#exam-minutes", Input).focus()
        else:
            self._start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "exam-start":
            self._start()
        else:
            self.dismiss(None)

    def _start(self) -> None:
        try:
            size = int(self.query_one("#exam-size", Input).value)
            minutes = int(self.query_one("#exam-minutes", Input).value or 0)
        except ValueError:
            size, minutes = 0, -1
        if size < 1 or size > 500 or minutes < 0 or minutes > 600:
            self.query_one("#exam-error", Static).update(t("app.exam.invalid"))
            return
        self.dismiss({"exam_size": size, "exam_seconds": minutes * 60 or None})

    def action_cancel(self) -> None:
        self.dismiss(None)


class HandInScreen(ModalScreen[bool]):
    """ "确定交卷？" with the number of questions still unanswered; dismisses with True to hand
    in. Enter or y hands in, Esc or n goes back to the paper."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "cancel", "app.exam.continue"),
        Binding("y", "confirm", "app.exam.hand_in", show=False),
    ]

    def __init__(self, unanswered: int = 0) -> None:
        super().__init__()
        self.unanswered = unanswered

    def compose(self) -> ComposeResult:
        with Vertical(id="hand-in-box", classes="dialog"):
            yield Static(Text(t("app.exam.confirm"), style="bold"), classes="box-title")
            if self.unanswered:
                key = (
                    "app.exam.confirm_unanswered_one"
                    if self.unanswered == 1
                    else "app.exam.confirm_unanswered"
                )
                yield Static(t(key, n=self.unanswered), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("app.exam.hand_in"), id="hand-in-yes", variant="error")
                yield Button(t("app.exam.continue"), id="hand-in-no")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#hand-in-yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "hand-in-yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
