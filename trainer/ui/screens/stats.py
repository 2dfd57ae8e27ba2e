"""The statistics screen: today, streaks, heatmap, charts, mastery, weak points, exams, group.

``StatsScreen(store, profile_name, bank)`` dismisses with the weak points' question ids when the
learner chooses "study these now" (key ``s``), otherwise with None (Escape). Every figure comes
from :func:`trainer.core.stats.queries.profile_stats`; this module only lays them out.

:func:`stats_screen` gives the app the screen to push: the one it showed last, kept with its
widgets and drawings, when it was for the same store, profile, bank and language. Showing it
again computes the figures afresh and redraws only the boxes whose figures changed, so opening
the screen again costs the figures and a repaint, not building the screen.

Each box is one widget (:class:`~trainer.ui.widgets.stats_box.StatsBox`) drawing its heading and
contents; charts are drawn when their box is first painted and the study group's figures
(every other profile's) are computed when its box is first shown. See docs/performance.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.core import stats
from trainer.core.text_safety import printable, printable_line
from trainer.i18n import get_language, t
from trainer.i18n.stats_text import (
    EXAM_COLUMNS,
    GROUP_COLUMNS,
    days,
    duration,
    exam_cells,
    group_cells,
    percent,
    reasons,
)
from trainer.ui.linebreak import CJKText
from trainer.ui.widgets.keybar import KeyBar
from trainer.ui.widgets.stats_bars import MasteryView
from trainer.ui.widgets.stats_box import Part, StatsBox
from trainer.ui.widgets.stats_chart import chart_part
from trainer.ui.widgets.stats_heatmap import heatmap_part

if TYPE_CHECKING:
    from textual_plotext.plot import Plot

BOXES = (
    "today",
    "heatmap",
    "reviews",
    "forecast",
    "retention",
    "mastery",
    "weak",
    "exams",
    "group",
)
"""The boxes of the screen, top to bottom (each one widget: ``#stats-NAME-box``)."""


class StatsScreen(Screen[list[str] | None]):
    """Progress over time for one profile and bank, and the study group of this machine."""

    # The screen's own rules (not a CSS_PATH: a new stylesheet file makes Textual parse every
    # rule of the app again and restyle every widget of every screen, at the first opening).
    DEFAULT_CSS = """
    StatsScreen #stats-body {
        height: 1fr;
        padding: 0 1;
        /* The screen is always taller than the terminal: the room of the scroll bar is kept
           from the first layout, so the charts are drawn once at their width. */
        scrollbar-gutter: stable;
    }
    StatsScreen .stats-box {
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        border: round $primary 40%;
    }
    StatsScreen #stats-problem {
        padding: 1 2;
        color: $warning;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "stats.key.back"),
        # One entry in the footer for the three ranges, so that the footer fits 80 columns.
        Binding("1", "span(30)", "stats.key.spans", key_display="1/2/3"),
        Binding("2", "span(90)", "stats.key.span90", show=False),
        Binding("3", "span(365)", "stats.key.span365", show=False),
        Binding("s", "study", "stats.key.study"),
        Binding("g", "group", "stats.key.group"),
        Binding("r", "reload", "stats.key.refresh", show=False),
    ]

    def __init__(self, store: Any, profile_name: str, bank: Any) -> None:
        super().__init__()
        self.store = store
        self.profile_name = profile_name
        self.bank = bank
        self.span = 30
        self.figures: Any = None
        self.group: list[stats.ProfileLine] = []
        self.problem: str | None = None
        self._group_shown = False
        self.language = get_language()
        """The language the screen was built in (a kept screen is not shown in another)."""
        self._reopened = False
        self._boxes: dict[str, StatsBox] = {}
        """The boxes by name (see BOXES), once composed."""
        self._group_names: list[str] = []
        self._group_heights: dict[int, int] = {}

    # ----------------------------------------------------------------- data

    def _now(self) -> datetime:
        clock = getattr(self.app, "clock", None)
        return clock() if callable(clock) else datetime.now(UTC)

    def _load(self) -> None:
        self.problem = None
        if self.bank is None or self.store is None:
            self.problem = t("stats.screen.no_bank")
            return
        from trainer.core.stats.queries import profile_stats

        try:
            self.figures = profile_stats(self.store, self.profile_name, self.bank, self._now())
            # the study group's rows (its figures come when its box is shown)
            self._group_names = [profile.name for profile in self.store.list_profiles()]
        except Exception as error:  # noqa: BLE001 - show it, never crash the app
            self.problem = t("stats.screen.error", error=error)
        self._group_heights = {}

    def _load_group(self) -> None:
        """The study-group view (every profile's figures), computed in a worker thread."""
        from trainer.core.stats.queries import group_lines

        try:
            known = {self.profile_name: self.figures}
            lines = group_lines(self.store, self.bank, self._now(), known=known)
        except Exception as error:  # noqa: BLE001 - show it, never crash the app
            message = Text(t("stats.screen.error", error=error), style="red")
            self.app.call_from_thread(self._show_group, message)
            return
        if lines == self.group and self._group_shown:
            return  # shown again with the same figures: nothing to redraw
        self.group = lines
        self.app.call_from_thread(self._show_group, None)

    def _group_placeholder(self) -> Part:
        """The group box's contents before its figures: "loading", as tall as the table will
        be. The other profiles' figures are computed only when the box is shown (scrolled to,
        or ``g``: see :meth:`_start_group`): an opening that never shows the box does not pay
        for them, and the table arrives without laying the screen out again (same height)."""
        return Part("group", Text(t("stats.group.loading"), style="dim"), height=self._group_height)

    def _group_height(self, width: int) -> int:
        """The height of the group table at ``width``: this profile's line, and the other
        profiles' names with figures of the usual widths (the figures are not known yet)."""
        height = self._group_heights.get(width)
        if height is None:
            from trainer.core.stats.queries import group_line

            total = self.figures.total.total
            lines = [
                group_line(self.figures)
                if name == self.profile_name
                else stats.ProfileLine(name, 0, 0, 0, total, total, 1.0)
                for name in self._group_names
            ]
            height = _table_height(lines, width)
            if height is None:  # it may wrap: measured by drawing it (a Rich table is slow)
                box = self._boxes["group"]
                part = Part("group", self._group_table(lines))
                height = part.measure(box, width, box.style_of(part))
            self._group_heights[width] = height
        return height

    def _start_group(self) -> None:
        """Compute the study group's figures (in a worker thread): called when its box is
        painted for the first time since the screen was built or opened again."""
        self.run_worker(self._load_group, thread=True, exclusive=True, group="stats-group")

    def _show_group(self, message: Text | None) -> None:
        if not self.is_attached or "group" not in self._boxes:
            return
        self._group_shown = message is None
        self._boxes["group"].set_parts(
            [self._group_heading(), Part("group", message or self._group_table())]
        )

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        self._load()
        self._group_shown = False  # the group box says "loading" until the worker fills it
        self._group_heights = {}
        self._boxes = {}
        title = Text(t("stats.screen.title"), style="bold")
        if self.bank is not None:
            title.append("  ·  ")
            title.append(
                t("stats.screen.subtitle", profile=self.profile_name, bank=self.bank.title)
            )
        yield Static(title, id="stats-title", classes="screen-title")
        with VerticalScroll(id="stats-body"):
            if self.problem or self.figures is None:
                yield Static(self.problem or "", id="stats-problem")
            else:
                # One widget per box, each with what it shows from the start (the charts, the
                # notes and the span heading too): nothing is laid out again once mounted.
                parts = self._parts(self.figures)
                for name in BOXES:
                    box = StatsBox(parts[name], id=f"stats-{name}-box")
                    self._boxes[name] = box
                    yield box
                self._boxes["group"].when_shown(self._start_group)
        yield KeyBar()

    def _parts(self, figures: Any) -> dict[str, list[Part]]:
        """What each box shows (its heading first), for ``figures``."""
        f = figures
        return {
            "today": [
                Part("today", self._today_text()),
                Part("time-note", CJKText(t("stats.today.time_note"), style="dim")),
            ],
            "heatmap": [
                Part("heatmap-heading", t("stats.heatmap.title"), heading=True),
                heatmap_part(f.heatmap()),
            ],
            "reviews": self._reviews_parts(),
            "forecast": self._forecast_parts(),
            "retention": self._retention_parts(),
            "mastery": self._mastery_parts(),
            "weak": [
                Part("weak-heading", t("stats.weak.title"), heading=True),
                Part("weak", self._weak_text()),
            ],
            "exams": [
                Part("exams-heading", t("stats.exams.title"), heading=True),
                Part("exams", self._exams_table()),
            ],
            "group": [self._group_heading(), self._group_placeholder()],
        }

    def _mastery_parts(self) -> list[Part]:
        return [
            Part("mastery-heading", t("stats.mastery.title"), heading=True),
            Part("mastery", MasteryView([*self.figures.sections, _all(self.figures)])),
        ]

    def _group_heading(self) -> Part:
        # the bank's title is text, never markup
        return Part("group-heading", t("stats.group.title", bank=self.bank.title), heading=True)

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()

    def reopen(self) -> None:
        """Mark the kept screen as opened again: when it is shown, it is brought up to date."""
        self._reopened = True

    async def on_screen_resume(self) -> None:
        """Opened again (a kept screen): the figures now, redrawn only where they changed, and
        the screen as a fresh one opens (30-day chart, at the top). Back from a screen shown
        over it (help, the command palette), it stays as it was."""
        if not self._reopened:
            return
        self._reopened = False
        before, problem_before = self.figures, self.problem
        shown = self._views(before) if before is not None else None
        self._load()
        if self.figures is None or self.problem or problem_before or shown is None:
            await self.action_reload()
            return
        self.span = 30
        views = self._views(self.figures)
        body = self.query_one("#stats-body", VerticalScroll)
        body.scroll_home(animate=False)
        body.focus()
        boxes = self._boxes
        if views["today"] != shown["today"]:
            boxes["today"].set_parts([Part("today", self._today_text()), *boxes["today"].parts[1:]])
        if views["heatmap"] != shown["heatmap"]:
            boxes["heatmap"].set_parts(
                [boxes["heatmap"].parts[0], heatmap_part(self.figures.heatmap())]
            )
        if views["mastery"] != shown["mastery"]:
            boxes["mastery"].set_parts(self._mastery_parts())
        if views["weak"] != shown["weak"]:
            boxes["weak"].set_parts([boxes["weak"].parts[0], Part("weak", self._weak_text())])
        if views["exams"] != shown["exams"]:
            boxes["exams"].set_parts([boxes["exams"].parts[0], Part("exams", self._exams_table())])
        # Each chart is drawn again only for other data (a chart keeps its drawing).
        self._draw_reviews()
        self._draw_forecast()
        self._draw_retention()
        # The study group is brought up to date when its box is shown again (the other
        # profiles' figures cost a full computation each after a change, and the box is below
        # the first screenful); until then it shows the figures it showed.
        # (after the screen is laid out at the top: a paint at the old scroll position would
        # count as shown)
        self.call_after_refresh(self._refresh_group_when_shown)

    def _refresh_group_when_shown(self) -> None:
        group = self._boxes.get("group")
        if group is not None and group.is_attached:
            group.when_shown(self._start_group)
            group.refresh()  # painted (so brought up to date) only if on the screen

    def _views(self, figures: Any) -> dict[str, Any]:
        """What each box shows, to tell which changed (equal views: nothing to redraw)."""
        return {
            "today": (
                figures.today_stats,
                figures.due_now,
                figures.streaks,
                figures.reviews_total,
                figures.retention_mature,
                figures.desired_retention,
            ),
            "heatmap": (figures.days, figures.today),
            "mastery": [*figures.sections, _all(figures)],
            "weak": self._weak_text(figures).text,
            "exams": (figures.exams, figures.section_titles, figures.zone),
        }

    # ----------------------------------------------------------------- pieces

    def _today_text(self) -> Table:
        f = self.figures
        table = Table.grid(padding=(0, 2))
        for _ in range(4):
            table.add_column()
        today = f.today_stats
        table.add_row(
            t("stats.today.reviewed"),
            Text(str(today.reviewed), style="bold"),
            t("stats.today.accuracy"),
            Text(percent(today.accuracy), style="bold"),
        )
        table.add_row(
            t("stats.today.time"),
            Text(duration(today.time_ms), style="bold"),
            t("stats.due_now"),
            Text(str(f.due_now), style="bold"),
        )
        table.add_row(
            t("stats.streak.current"),
            Text(days(f.streaks.current), style="bold green"),
            t("stats.streak.longest"),
            Text(days(f.streaks.longest), style="bold"),
        )
        table.add_row(
            t("stats.reviews_total"),
            Text(str(f.reviews_total), style="bold"),
            t("stats.retention.title"),
            Text(f"{percent(f.retention_mature)} / {percent(f.desired_retention)}", style="bold"),
        )
        return table

    def _weak_text(self, figures: Any = None) -> CJKText:
        weak = (figures or self.figures).weak
        ids = weak.question_ids()
        if not ids:
            return CJKText(t("stats.weak.none"), style="dim")
        text = Text()
        for point in weak.points()[:12]:
            question = self.bank.get(point.question_id) if self.bank else None
            # a stored id with no question in the bank (an import): controls shown escaped
            prompt = printable_line(question.prompt if question is not None else point.question_id)
            if len(prompt) > 40:
                prompt = prompt[:39] + "…"
            why = reasons(point)
            style = "red" if point.leech else ("yellow" if point.changed else "")
            text.append(f"• {prompt}\n", style=style)
            # The figures on a line of their own, under the prompt (never split mid-reason).
            text.append(
                f"  {t('stats.col.lapses')} {point.lapses} · "
                f"{t('stats.col.recall')} {percent(point.retrievability)}"
                + (f" · {why}" if why else "")
                + "\n",
                style="dim",
            )
        text.append(t("stats.weak.study", n=len(ids)) + "  [s]", style="bold reverse")
        return CJKText(text, hang=2)  # a long prompt continues under itself, not the bullet

    def _exams_table(self) -> Table | Text:
        exams = self.figures.exams
        if not exams:
            return Text(t("stats.exams.none"), style="dim")
        table = Table(expand=True)
        for key in EXAM_COLUMNS:
            table.add_column(t(f"stats.col.{key}"), overflow="fold")
        zone = None
        if self.store is not None:
            zone = self.store.time_zone(self.profile_name)
        for exam in reversed(exams):
            cells = exam_cells(exam, self.figures.section_titles, zone)
            # stored titles are text: never markup (a str cell would be) nor control codes;
            # the section scores wrap by 避头尾
            shown = [printable(cell) for cell in cells]
            table.add_row(*(Text(cell) for cell in shown[:-1]), CJKText(shown[-1]))
        return table

    def _group_table(self, lines: list[stats.ProfileLine] | None = None) -> Table | Text:
        group = self.group if lines is None else lines
        if not group:
            return Text(t("stats.group.empty"), style="dim")
        table = Table(expand=True)
        table.add_column(t("stats.col.profile"))
        for key in GROUP_COLUMNS:
            table.add_column(t(f"stats.col.{key}"), justify="right")
        for line in group:
            style = "bold" if line.profile == self.profile_name else ""
            # player names and titles came from a server: text, never markup or controls
            table.add_row(*(Text(printable(cell)) for cell in group_cells(line)), style=style)
        return table

    # ----------------------------------------------------------------- charts

    def _reviews_parts(self) -> list[Part]:
        series = self.figures.series(self.span)
        heading = (
            t("stats.chart.reviews", n=self.span)
            + "  "
            + t("stats.chart.reviews_legend")
            + "   "
            + t("stats.screen.span", n=self.span)
        )
        counts = [p.reviews for p in series]
        key = (get_language(), tuple((p.day, p.reviews, p.accuracy) for p in series))

        def draw(plt: Plot) -> None:
            xs = list(range(1, len(series) + 1))
            plt.bar(xs, counts, color="green")
            plt.yticks(*integer_ticks(max(counts)))
            accuracy = [(p.accuracy or 0) * 100 if p.accuracy is not None else None for p in series]
            points = [(x, a) for x, a in zip(xs, accuracy, strict=True) if a is not None]
            if points:
                plt.plot(
                    [x for x, _ in points],
                    [a for _, a in points],
                    yside="right",
                    color="cyan",
                    marker="dot",
                )
                plt.ylim(0, 100, yside="right")  # type: ignore[arg-type]
                percents = [0.0, 25.0, 50.0, 75.0, 100.0]
                # plotext's annotations call yside a float; it takes "right" (as ylim does).
                plt.yticks(percents, [f"{v:.0f}%" for v in percents], yside="right")  # type: ignore[arg-type]
            ticks = xs[:: max(1, len(xs) // 6)]
            plt.xticks(
                [float(i) for i in ticks], [series[i - 1].day.strftime("%m-%d") for i in ticks]
            )

        return self._chart(
            "reviews",
            Part("span", heading, heading=True),
            key,
            any(counts),
            t("stats.screen.empty_reviews"),
            draw,
        )

    def _forecast_parts(self) -> list[Part]:
        forecast = self.figures.forecast
        counts = [n for _, n in forecast]

        def draw(plt: Plot) -> None:
            xs = list(range(len(forecast)))
            plt.bar(xs, counts, color="orange")
            plt.yticks(*integer_ticks(max(counts)))
            ticks = xs[::5]
            plt.xticks([float(i) for i in ticks], [forecast[i][0].strftime("%m-%d") for i in ticks])

        return self._chart(
            "forecast",
            Part("forecast-heading", t("stats.chart.forecast30"), heading=True),
            tuple(forecast),
            any(counts),
            t("stats.screen.empty_forecast"),
            draw,
        )

    def _retention_parts(self) -> list[Part]:
        months = self.figures.retention_months
        desired = self.figures.desired_retention * 100
        xs = list(range(len(months)))
        actual = [
            (x, m.retention * 100)
            for x, m in zip(xs, months, strict=True)
            if m.retention is not None
        ]

        def draw(plt: Plot) -> None:
            plt.plot(xs, [desired] * len(xs), color="red")
            if actual:
                plt.plot(
                    [x for x, _ in actual],
                    [v for _, v in actual],
                    color="green",
                    marker="dot",
                )
            low = int(min(50, desired - 10)) // 10 * 10
            plt.ylim(low, 100)
            steps = [float(v) for v in range(low, 101, 10)]
            plt.yticks(steps, [f"{v:.0f}%" for v in steps])
            ticks = xs[::2]
            labels = [month_label(months[i].month, first=i == ticks[0]) for i in ticks]
            plt.xticks([float(i) for i in ticks], labels)

        heading = CJKText(t("stats.retention.chart") + "  " + t("stats.retention.legend"))
        return self._chart(
            "retention",
            Part("retention-heading", heading, heading=True),
            (get_language(), desired, tuple((m.month, m.retention) for m in months)),
            bool(actual),
            t("stats.screen.empty_retention", target=percent(self.figures.desired_retention)),
            draw,
        )

    def _chart(
        self,
        name: str,
        heading: Part,
        key: object,
        has_data: bool,
        empty_message: str,
        draw: Callable[[Plot], None],
    ) -> list[Part]:
        """The parts of the chart box ``name``: its heading and the chart, or in its place why
        there is nothing to draw. A chart is drawn when its box is painted, once per data."""
        if not has_data:
            note = CJKText(empty_message, style="dim")
            return [heading, Part(f"{name}-empty", note, pad=1, key=empty_message)]
        return [heading, chart_part(name, key, draw, self._chart_colours)]

    def _chart_colours(self) -> tuple[str, str]:
        variables = self.app.theme_variables
        return variables["surface"], variables["foreground"]

    def _show_chart(self, name: str, parts: list[Part]) -> None:
        """Show the chart box's new parts where they differ from those it shows."""
        box = self._boxes[name]
        same = len(parts) == len(box.parts) and all(
            new.name == old.name and new.key == old.key and new.plain() == old.plain()
            for new, old in zip(parts, box.parts, strict=True)
        )
        if not same:
            box.set_parts(parts)

    def _draw_reviews(self) -> None:
        self._show_chart("reviews", self._reviews_parts())

    def _draw_forecast(self) -> None:
        self._show_chart("forecast", self._forecast_parts())

    def _draw_retention(self) -> None:
        self._show_chart("retention", self._retention_parts())

    # ----------------------------------------------------------------- actions

    def action_back(self) -> None:
        self.dismiss(None)

    def action_span(self, days: int) -> None:
        """Switch the reviews/accuracy chart to 30, 90 or 365 days."""
        if self.figures is None:
            return
        self.span = int(days)
        self._draw_reviews()

    def action_study(self) -> None:
        """Leave with the weak points' question ids (the app starts a session on them)."""
        if self.figures is None:
            return
        ids = self.figures.weak.question_ids()
        if not ids:
            self.notify(t("stats.weak.none"))
            return
        self.dismiss(ids)

    def action_group(self) -> None:
        """Scroll to the study-group view."""
        if self.figures is not None:
            self.query_one("#stats-group-box").scroll_visible(top=True, animate=False)

    async def action_reload(self) -> None:
        """Recompute every figure."""
        await self.recompose()
        self.on_mount()


_KEPT: WeakKeyDictionary[App[Any], StatsScreen] = WeakKeyDictionary()
"""Per app, the statistics screen shown last (installed, so that popping it keeps it)."""


def stats_screen(app: App[Any], store: Any, profile_name: str, bank: Any) -> StatsScreen:
    """The statistics screen for the app to push: the one shown last when it was for the same
    store, profile, bank and language (its figures are brought up to date when it is shown),
    otherwise a new one, kept in its place."""
    kept = _KEPT.get(app)
    if kept is not None and kept in app.screen_stack:
        return StatsScreen(store, profile_name, bank)  # on the stack already: a plain new one
    if kept is not None:
        if (
            kept.store is store
            and kept.profile_name == profile_name
            and kept.bank is bank
            and kept.language == get_language()
            and kept.is_attached
        ):
            kept.reopen()
            return kept
        app.uninstall_screen(kept)
        if kept.is_attached:
            kept.remove()
    screen = StatsScreen(store, profile_name, bank)
    app.install_screen(screen, name=f"stats-{id(screen)}")
    _KEPT[app] = screen
    return screen


def integer_ticks(top: int, most: int = 5) -> tuple[list[float], list[str]]:
    """Whole-number ticks from 0 to at least ``top`` (counts have no 4.17), at most ``most``+1."""
    top = max(1, int(top))
    step = 1
    while top / step > most:
        for factor in (2, 5, 10):  # 1, 2, 5, 10, 20, 50 …
            if top / (step * factor) <= most:
                step *= factor
                break
        else:
            step *= 10
    values = list(range(0, top + step, step))
    return [float(v) for v in values], [str(v) for v in values]


def month_label(month: str, *, first: bool = False) -> str:
    """``2026-01`` as ``1月`` / ``Jan``; with its year on the first tick and in January (a bare
    ``26-01`` reads as a day and a month)."""
    try:
        year, number = (int(part) for part in month.split("-")[:2])
    except ValueError:
        return month
    name = t("stats.month_names").split(",")[(number - 1) % 12]
    return t("stats.month_year", year=year, month=name) if first or number == 1 else name


def _table_height(lines: list[stats.ProfileLine], width: int) -> int | None:
    """The height of the group table of ``lines`` at ``width`` when no cell wraps (a header,
    a line per profile, three rules), or None when one may wrap."""
    if not lines:
        return 1  # the "no profiles" line
    headers = [t("stats.col.profile"), *(t(f"stats.col.{key}") for key in GROUP_COLUMNS)]
    widths = [cell_len(header) for header in headers]
    for line in lines:
        for column, cell in enumerate(group_cells(line)):
            widths[column] = max(widths[column], cell_len(printable(cell)))
    # each column padded by a space on both sides, a rule between and around the columns
    needed = sum(widths) + 2 * len(widths) + len(widths) + 1
    return len(lines) + 4 if needed <= width else None


def _all(figures: Any) -> stats.SectionMastery:
    total = figures.total
    return dataclasses.replace(total, title=t("stats.col.all"))
