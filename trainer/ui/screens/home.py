"""The home screen: profile, bank, today's numbers, sections with progress, the actions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from trainer.core.overview import Overview, SectionRow
from trainer.core.text_safety import printable_line
from trainer.i18n import plural_key, t
from trainer.ui.widgets.exam_line import ExamLine, weekly_fit
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
    ("challenge", "x", "app.home.action.challenge"),
    ("stats", "t", "app.home.action.stats"),
    ("settings", "comma", "app.home.action.settings"),
)
BAR_WIDTH = 12

ACTIONS_WIDTH = 20  # the actions box in English ("e  Practice exam" and its frame)
_ROW_FRAME = 4  # a list's border and its options' padding
_SCROLLBAR = 2  # the section list keeps room for its scrollbar (scrollbar-gutter: stable)


@dataclass(frozen=True)
class SectionLayout:
    """Cell widths of a home-screen section row: title, bar, "mastered/total", due."""

    title: int
    bar: int
    count: int
    due: int


def section_layout(rows: list[SectionRow], screen_width: int, actions: int) -> SectionLayout:
    """Widths that give the titles first claim on the row (so "聚焦…" sections stay apart).

    The bar takes what the whole titles leave (5 to 40 cells); only when even a 5-cell bar
    does not fit are the titles cut.
    """
    inner = max(30, screen_width - actions - _ROW_FRAME - _SCROLLBAR)
    count = max((len(f"{r.total}/{r.total}") for r in rows), default=3)
    dues = [cell_len(t("app.home.section_due", n=r.due)) for r in rows if r.due]
    due = max(dues, default=0)
    widest = max((cell_len(r.title) for r in rows), default=10)
    fixed = 1 + 1 + count + (1 + due if due else 0)
    title = max(10, min(widest, inner - fixed - 5))
    bar = max(5, min(40, inner - fixed - title))
    return SectionLayout(title, bar, count, due)


def section_line(row: SectionRow, layout: SectionLayout) -> Text:
    """One section: its title, the stacked bar, ``mastered/total`` and how many are due."""
    line = Text()
    line.append(fit(row.title, layout.title))
    line.append(" ")
    line.append_text(progress_bar(row.new, row.learning, row.mastered, layout.bar))
    line.append(" " + f"{row.mastered}/{row.total}".rjust(layout.count))
    if row.due:
        line.append(" " + t("app.home.section_due", n=row.due), style="yellow")
    return line


def _titled(row: SectionRow) -> SectionRow:
    """The row with its title worded (the questions without a section have none)."""
    return row if row.title else replace(row, title=t("app.home.no_section"))


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
        Binding("x", "do('challenge')", "app.home.key.challenge", show=False),
        Binding("t", "do('stats')", "app.home.key.stats", show=False),
        Binding("comma", "do('settings')", "app.home.key.settings", show=False),
        Binding("w", "do('wrong_book')", "app.home.key.wrong_book"),
        # Shown as "?" where the app's F1 binding would be: on home nothing takes typing.
        Binding("f1,question_mark", "app.help", "app.key.help", key_display="?"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.section_ids: list[str | None] = []
        self.overview: Overview | None = None
        self._width = 0
        self._exam_line_for: Overview | None = None
        self.actions_width = ACTIONS_WIDTH

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
        yield Static(
            t("app.home.profile", name=printable_line(app.profile_name)),
            id="home-profile",
            markup=False,  # a profile's name is text, never markup
        )
        yield Static("", id="home-sync", markup=False)
        yield Static("", id="home-assignment", markup=False)
        yield Static("", id="home-today")
        yield ExamLine(id="home-exam")
        with Horizontal(id="home-body"):
            labels = [f"{_key_label(key)}  {t(label)}" for _action, key, label in ACTIONS]
            with Vertical(id="home-actions-box") as actions_box:
                # As narrow as the labels allow: the section titles need the room.
                self.actions_width = max(cell_len(label) for label in labels) + _ROW_FRAME
                actions_box.styles.width = self.actions_width
                yield Static(t("app.home.actions"), classes="box-title")
                yield OptionList(
                    *[
                        Option(label, id=action)
                        for label, (action, _key, _label) in zip(labels, ACTIONS, strict=True)
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
        self.run_worker(lambda: weekly_fit(self.trainer), thread=True, exclusive=True)
        self.call_after_refresh(self._settle_in)

    def _settle_in(self) -> None:
        """Once the home screen is drawn: what the next screens would otherwise pay for on the
        learner's first key press, in a worker thread (see :func:`settle_in`)."""
        self.run_worker(lambda: settle_in(self.trainer.bank), thread=True, group="settle-in")

    def on_screen_resume(self) -> None:
        overview = self.load_overview()
        if overview is self.overview and self.size.width == self._width:
            # Nothing the figures depend on changed (the app keeps them): nothing to redraw.
            self._refresh_sync_line()
            return
        self.overview = overview
        self.refresh_numbers()

    def load_overview(self) -> Overview:
        """Today's figures (the app keeps them while nothing they depend on changed)."""
        return self.trainer.overview()

    def refresh_numbers(self) -> None:
        """Show today's numbers and the section bars (computed on each return to this screen)."""
        overview = self.overview
        if overview is None:
            overview = self.overview = self.load_overview()
        today = Text()
        items = (
            ("app.home.due", overview.due, "bold yellow"),
            ("app.home.new", overview.new, "bold cyan"),
            ("app.home.done", overview.done_today, "bold green"),
            ("app.home.streak", overview.streak, "bold magenta"),
        )
        for index, (key, value, style) in enumerate(items):
            if index:
                today.append("    ")
            label, _, rest = t(plural_key(key, int(value)), n="\0").partition("\0")
            today.append(label)
            today.append(str(value), style=style)
            today.append(rest)
        best = overview.challenge_best
        if best:
            today.append("    ")
            label, _, rest = t("app.home.challenge_best", n="\0").partition("\0")
            today.append(label)
            today.append(str(best), style="bold red")
            today.append(rest)
        if overview.goal is not None:
            done, goal = overview.done_today, overview.goal
            today.append("\n")
            today.append(
                t("app.home.goal", done=min(done, goal), goal=goal),
                style="bold green" if done >= goal else "",
            )
            today.append("    ")
            today.append(t("app.home.wrong_book", n=overview.wrong_book), style="red")
        today_widget = self.query_one("#home-today", Static)
        today_widget.update(today)
        today_widget.styles.height = 2 if overview.goal is not None else 1  # the goal line
        if self._exam_line_for is not overview:  # the outlook reads every card: once per change
            self.query_one(ExamLine).refresh_from(self.trainer)
            self._exam_line_for = overview
        self._refresh_sync_line()
        self._refresh_assignment_line()
        sections_list = self.query_one("#home-sections", OptionList)
        highlighted = sections_list.highlighted
        sections_list.clear_options()
        self.section_ids = []
        self._width = self.size.width
        rows = [_titled(row) for row in overview.sections]
        layout = section_layout(rows, self.size.width or 80, self.actions_width)
        for row in rows:
            sections_list.add_option(Option(section_line(row, layout)))
        self.section_ids = [row.id for row in rows]
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
        elif action == "challenge":
            from trainer.ui.screens.challenge import ChallengeScreen

            app.push_screen(ChallengeScreen())
        elif action == "stats":
            app.open_stats()
        elif action == "wrong_book":  # a session of the 错题本 in one key
            from trainer.core.store.marks import wrong_book

            ids = (
                wrong_book(app.store, app.profile_name, app.bank.id)
                if app.store is not None and app.bank is not None
                else []
            )
            if ids:
                app.start_session("study", question_ids=ids)
            else:
                self.notify(t("app.home.wrong_book_empty"))
        elif action == "settings":
            from trainer.ui.screens.settings import SettingsScreen

            app.push_screen(SettingsScreen())


def _key_label(key: str) -> str:
    return "," if key == "comma" else key


_FROZEN: list[bool] = []
"""Whether :func:`settle_in` has frozen the collector's heap in this process."""


def settle_in(bank: object) -> None:
    """After the home screen is drawn, in a worker thread.

    - Imports the statistics screen (plotext and its Textual widget, about 30 ms), so that its
      first opening finds them loaded.
    - Moves what was loaded at start-up (the bank: some 50,000 question objects at scale, the
      modules, the first screens) out of the cyclic garbage collector's way
      (``gc.freeze()``): they live until the app ends, and otherwise every full collection
      walks them again (30–40 ms each at 50,000 questions, a few per recompute of the home
      screen). Once per process: frozen objects are never collected as cycles (reference
      counting still frees them), so freezing again after each new bank or app (tests) would
      keep their garbage.
    """
    import gc

    import trainer.ui.screens.stats  # noqa: F401 - the import is the point

    if bank is not None and not _FROZEN:
        _FROZEN.append(True)
        gc.freeze()
