"""The home screen: profile, bank, today's numbers, sections with progress, the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.i18n import t
from trainer.ui.widgets.common import localize_bindings
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp

ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("study", "s", "app.home.action.study"),
    ("review", "r", "app.home.action.review"),
    ("sections", "c", "app.home.action.sections"),
    ("exam", "e", "app.home.action.exam"),
    ("browse", "b", "app.home.action.browse"),
    ("read", "o", "app.home.action.read"),
    ("stats", "t", "app.home.action.stats"),
    ("settings", "comma", "app.home.action.settings"),
)
BAR_WIDTH = 12


def progress_bar(new: int, learning: int, mastered: int, width: int = BAR_WIDTH) -> Text:
    """A stacked bar: mastered (green █), learning (yellow ▓), new (dim ░)."""
    total = new + learning + mastered
    text = Text()
    if total <= 0:
        return text.append("░" * width, style="dim")
    cells_mastered = round(width * mastered / total)
    cells_learning = min(width - cells_mastered, round(width * learning / total))
    if mastered and not cells_mastered:
        cells_mastered = 1
    if learning and not cells_learning and cells_mastered < width:
        cells_learning = 1
    cells_new = max(0, width - cells_mastered - cells_learning)
    text.append("█" * cells_mastered, style="green")
    text.append("▓" * cells_learning, style="yellow")
    text.append("░" * cells_new, style="dim")
    return text


def fit(text: str, width: int) -> str:
    """Cut or pad ``text`` to exactly ``width`` terminal cells (CJK characters are 2 wide)."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class HomeScreen(Screen[None]):
    """Where the learner starts every day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "do('study')", "app.home.key.study"),
        Binding("r", "do('review')", "app.home.key.review"),
        Binding("c", "do('sections')", "app.home.key.sections", show=False),
        Binding("e", "do('exam')", "app.home.key.exam"),
        Binding("b", "do('browse')", "app.home.key.browse"),
        Binding("o", "do('read')", "app.home.key.read", show=False),
        Binding("t", "do('stats')", "app.home.key.stats", show=False),
        Binding("comma", "do('settings')", "app.home.key.settings", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
        self.section_ids: list[str | None] = []
        self.overview: dict[str, Any] | None = None
        self._width = 0

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.trainer
        bank = app.bank
        title = bank.title if bank else ""
        header = Text()
        header.append(t("app.title"), style="bold")
        header.append("  ·  ")
        header.append(title)
        yield Static(header, id="home-title", classes="screen-title")
        yield Static(t("app.home.profile", name=app.profile_name), id="home-profile")
        yield Static("", id="home-sync", markup=False)
        yield Static("", id="home-assignment", markup=False)
        yield Static("", id="home-today")
        with Horizontal(id="home-body"):
            with Vertical(id="home-actions-box"):
                yield Static(t("app.home.actions"), classes="box-title")
                yield OptionList(
                    *[
                        Option(f"{_key_label(key)}  {t(label)}", id=action)
                        for action, key, label in ACTIONS
                    ],
                    id="home-actions",
                )
            with Vertical(id="home-sections-box"):
                yield Static(t("app.home.sections"), classes="box-title")
                yield OptionList(id="home-sections")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#home-actions", OptionList).focus()
        self.call_after_refresh(self.trainer.first_screen_shown)

    def on_screen_resume(self) -> None:
        self.overview = self.trainer.overview()
        self.refresh_numbers()

    def refresh_numbers(self) -> None:
        """Show today's numbers and the section bars (computed on each return to this screen)."""
        overview = self.overview
        if overview is None:
            overview = self.overview = self.trainer.overview()
        today = Text()
        items = (
            ("app.home.due", overview["due"], "bold yellow"),
            ("app.home.new", overview["new"], "bold cyan"),
            ("app.home.done", overview["done_today"], "bold green"),
            ("app.home.streak", overview["streak"], "bold magenta"),
        )
        for index, (key, value, style) in enumerate(items):
            if index:
                today.append("    ")
            label, _, rest = t(key, n="\0").partition("\0")
            today.append(label)
            today.append(str(value), style=style)
            today.append(rest)
        self.query_one("#home-today", Static).update(today)
        self._refresh_sync_line()
        self._refresh_assignment_line()
        sections_list = self.query_one("#home-sections", OptionList)
        highlighted = sections_list.highlighted
        sections_list.clear_options()
        self.section_ids = []
        self._width = self.size.width
        inner = (self.size.width or 80) - 32  # the sections box without the actions and borders
        tail = 19  # " 12/34 " and the due count
        bar_width = max(10, min(40, (inner - tail) // 3))
        width = max(10, min(40, inner - tail - bar_width))
        for row in overview["sections"]:
            line = Text()
            line.append(fit(row["title"], width))
            line.append(" ")
            line.append_text(progress_bar(row["new"], row["learning"], row["mastered"], bar_width))
            line.append(f" {row['mastered']:>3}/{row['total']:<3}")
            if row["due"]:
                line.append(" " + t("app.home.section_due", n=row["due"]), style="yellow")
            sections_list.add_option(Option(line))
            self.section_ids.append(row["id"])
        if highlighted is not None and highlighted < len(self.section_ids):
            sections_list.highlighted = highlighted

    def _refresh_sync_line(self) -> None:
        """Last sync and reviews waiting to be pushed (hidden until sync is set up)."""
        from trainer.server.background import is_configured

        line = self.query_one("#home-sync", Static)
        store = self.trainer.store
        if store is None or not is_configured():
            line.display = False
            return
        from datetime import datetime

        from trainer.server.client import status

        state = status(store)
        when = (
            datetime.fromtimestamp(state.last_ok).astimezone().strftime("%m-%d %H:%M")
            if state.last_ok is not None
            else t("sync.status.never")
        )
        key = "sync.home.failed" if state.last_error else "sync.home.line"
        line.update(t(key, when=when, n=state.pending))
        line.display = True

    def _refresh_assignment_line(self) -> None:
        """The study group's assignment of this bank: what is left, days to the deadline."""
        from trainer.ui.assignment_line import assignment_line

        line = self.query_one("#home-assignment", Static)
        text = assignment_line(self.trainer)
        line.display = text is not None
        line.update(text or "")

    def on_resize(self) -> None:
        if self.overview is not None and self.size.width != self._width:
            self.refresh_numbers()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "home-actions":
            self.action_do(str(event.option.id))
        elif event.option_list.id == "home-sections":
            index = event.option_index
            if 0 <= index < len(self.section_ids):
                self.trainer.start_session("study", section=self.section_ids[index])

    def action_do(self, action: str) -> None:
        app = self.trainer
        if action in ("study", "review"):
            app.start_session(action)
        elif action == "sections":
            sections = self.query_one("#home-sections", OptionList)
            sections.focus()
            if sections.highlighted is None and self.section_ids:
                sections.highlighted = 0
            self.notify(t("app.home.pick_section"), timeout=3)
        elif action == "exam":
            from trainer.ui.screens.exam_setup import ExamSetupScreen

            def start(options: dict[str, Any] | None) -> None:
                if options:
                    app.start_session("exam", **options)

            app.push_screen(ExamSetupScreen(), start)
        elif action == "browse":
            from trainer.ui.screens.browse import BrowseScreen

            app.push_screen(BrowseScreen())
        elif action == "read":
            from trainer.ui.screens.read import ReadScreen

            app.push_screen(ReadScreen())
        elif action == "stats":
            app.open_stats()
        elif action == "settings":
            from trainer.ui.screens.settings import SettingsScreen

            app.push_screen(SettingsScreen())


def _key_label(key: str) -> str:
    return "," if key == "comma" else key
