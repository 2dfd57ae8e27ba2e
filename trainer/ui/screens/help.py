"""The key list (``?`` or F1): every key of every screen, and those of the screen below."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from trainer.i18n import t
from trainer.ui.widgets.keybar import KeyBar

# (keys, message key) per area; the areas appear in this order.
HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "app.help.global",
        (
            ("ctrl+q", "app.help.quit_any"),
            ("q", "app.help.quit_q"),
            ("? / F1", "app.help.help"),
            ("Tab / shift+Tab", "app.help.focus"),
            ("Esc", "app.help.back"),
        ),
    ),
    (
        "app.help.home",
        (
            ("s", "app.home.action.study"),
            ("r", "app.home.action.review"),
            ("c", "app.home.action.sections"),
            ("e", "app.home.action.exam"),
            ("b", "app.home.action.browse"),
            ("o", "app.home.action.read"),
            ("x", "app.home.action.challenge"),
            ("t", "app.home.action.stats"),
            (",", "app.home.action.settings"),
            ("↑ ↓ Enter", "app.help.choose"),
        ),
    ),
    (
        "app.help.study",
        (
            ("Enter", "app.help.submit"),
            ("Tab", "app.help.next_box"),
            ("A–H", "app.help.choice"),
            ("1 / 2 · T / F · 对 / 错", "app.help.truefalse"),
            ("↑ ↓ · u / d · ctrl+↑ / ctrl+↓", "app.help.order"),
            ("ctrl+t / F2", "app.help.hint"),
            ("ctrl+o", "app.help.passage"),
            ("1 2 3 4", "app.help.rate"),
            ("Enter / Space", "app.help.next"),
            ("Esc", "app.help.end_session"),
        ),
    ),
    (
        "app.help.browse",
        (
            ("/", "app.help.search"),
            ("Enter", "app.help.open"),
            ("Space", "app.help.mark"),
            ("ctrl+s", "app.help.study_marked"),
        ),
    ),
    (
        "app.help.summary",
        (
            ("Enter / Esc", "app.summary.key.home"),
            ("r", "app.summary.key.again"),
        ),
    ),
    (
        "app.help.settings",
        (
            ("ctrl+s", "app.settings.save"),
            ("Esc", "app.help.back"),
        ),
    ),
    (
        "app.help.read",
        (
            ("↑ ↓ PgUp PgDn", "app.help.scroll"),
            ("n / p", "app.help.read_sections"),
            ("t", "app.help.read_contents"),
            ("/", "app.help.read_search"),
            ("Esc", "app.help.read_back"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "app.key.close"),
    ]

    def __init__(self, below: Screen | None = None) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", can_focus=True):
            yield Static(Text(t("app.help.title"), style="bold"), classes="box-title")
            for area, rows in HELP:
                table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
                table.add_column(style="bold cyan", no_wrap=True)
                table.add_column()
                for keys, message in rows:
                    table.add_row(keys, t(message))
                yield Static(Text(t(area), style="bold underline"), classes="help-area")
                yield Static(table)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_close(self) -> None:
        self.dismiss()
