"""``trainer stats``: progress figures as text (rich tables, heatmap, sparkline) or JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.cli import CliError, open_store
from trainer.core.text_safety import terminal_json
from trainer.i18n import t

if TYPE_CHECKING:
    from trainer.core.bank import Bank
    from trainer.core.stats.queries import ProfileStats

SPARK = "▁▂▃▄▅▆▇█"
HEAT_CHARS = (" ", "░", "▒", "▓", "█")
HEAT_STYLES = ("grey23", "green4", "green3", "green1", "bright_green")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "stats", parents=[common], help=t("stats.cli.help"), description=t("stats.cli.help")
    )
    parser.add_argument("--bank", metavar="PATH", default=argparse.SUPPRESS, help=t("cli.opt.bank"))
    parser.add_argument("--all-profiles", action="store_true", help=t("stats.cli.all_profiles"))
    parser.add_argument("--json", action="store_true", help=t("stats.cli.json"))
    parser.set_defaults(handler=run)


def load_bank_arg(args: argparse.Namespace) -> Bank:
    """The bank named by ``--bank`` (default: the built-in one), through the parse cache.

    Raises:
        CliError: no bank given and none built in, or the file does not exist.
        BankError: the bank has problems (printed by the command line's last guard).
    """
    from trainer import paths
    from trainer.core.bank.cache import load_bank_cached

    raw = getattr(args, "bank", None)
    path = Path(raw) if raw else paths.default_bank_path()
    if path is None:
        raise CliError(t("stats.cli.no_bank"))
    if not path.exists():
        raise CliError(t("stats.cli.bank_missing", path=path))
    return load_bank_cached(path)


def run(args: argparse.Namespace) -> int:
    from trainer.core.clock import utc_now
    from trainer.core.stats.queries import group_lines, profile_stats

    if args.all_profiles and getattr(args, "profile", None):
        raise CliError(t("stats.cli.profile_and_all"))
    bank = load_bank_arg(args)
    store = open_store(code=2)
    try:
        now = utc_now()
        if args.all_profiles:
            names = [p.name for p in store.list_profiles()]
            figures = [profile_stats(store, name, bank, now) for name in names]
            known = {f.profile: f for f in figures}
            lines = group_lines(store, bank, now, known=known) if not args.json else []
            if args.json:
                payload: Any = {
                    "bank_id": bank.id,
                    "profiles": [f.to_dict() for f in figures],
                }
                print(terminal_json(payload, indent=2))
            else:
                _print_group(lines, bank)
            return 0
        name = getattr(args, "profile", None) or store.default_profile_name()
        if getattr(args, "profile", None) and store.get_profile(name) is None:
            names_known = ", ".join(p.name for p in store.list_profiles()) or "-"
            raise CliError(t("stats.cli.no_profile", name=name, known=names_known))
        figures_one = profile_stats(store, name, bank, now)
        if args.json:
            print(terminal_json(figures_one.to_dict(), indent=2))
        else:
            _print_profile(figures_one, bank)
            _print_fsrs_parameters(store, name)
        return 0
    finally:
        store.close()


# --------------------------------------------------------------------------- text output


def sparkline(values: list[int]) -> str:
    """Values as block characters, scaled to the largest."""
    top = max(values, default=0)
    if not top:
        return SPARK[0] * len(values)
    return "".join(
        SPARK[max(1, min(7, (v * 7 + top - 1) // top))] if v else SPARK[0] for v in values
    )


def _safe(value: object) -> Any:
    """A table cell of text from a bank or a store: never markup, never a control sequence."""
    from rich.text import Text

    from trainer.core.text_safety import printable_line

    return Text(printable_line(str(value)))


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _print_profile(f: ProfileStats, bank: Bank | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    from trainer.i18n.stats_text import (
        EXAM_COLUMNS,
        days,
        duration,
        exam_cells,
        percent,
        reasons,
        section_title,
    )
    from trainer.ui.linebreak import CJKText

    console = _console()
    console.print(_safe(t("stats.cli.title", profile=f.profile, bank=f.bank_title, date=f.today)))
    summary = Table(show_header=False, box=None, padding=(0, 2))
    summary.add_row(
        t("stats.today.reviewed"),
        str(f.today_stats.reviewed),
        t("stats.today.accuracy"),
        percent(f.today_stats.accuracy),
    )
    summary.add_row(
        t("stats.today.time"),
        duration(f.today_stats.time_ms),
        t("stats.streak.current"),
        days(f.streaks.current),
    )
    summary.add_row(
        t("stats.due_now"),
        str(f.due_now),
        t("stats.streak.longest"),
        days(f.streaks.longest),
    )
    summary.add_row(
        t("stats.reviews_total"),
        str(f.reviews_total),
        t("stats.retention.title"),
        f"{percent(f.retention_mature)} / {percent(f.desired_retention)}",
    )
    console.print(summary)
    console.print(CJKText(Text(t("stats.today.time_note"), style="dim")))

    series = f.series(30)
    console.print()
    console.print(Text(t("stats.chart.reviews30"), "bold"))
    console.print(sparkline([p.reviews for p in series]))
    forecast = [n for _, n in f.forecast]
    console.print(Text(t("stats.chart.forecast30"), "bold"))
    console.print(sparkline(forecast) + f"  ({t('stats.cli.max', n=max(forecast, default=0))})")

    console.print()
    console.print(Text(t("stats.heatmap.title"), "bold"))
    _print_heatmap(console, f)

    from rich.cells import cell_len

    # Whole titles on one line (sections like "聚焦…" differ only at the end): no vertical
    # rules, and only the figures' columns give way on a narrow terminal.
    table = Table(
        title=t("stats.mastery.title"),
        title_justify="left",
        box=None,
        header_style="bold underline",
        pad_edge=False,
        padding=(0, 0, 0, 1),  # one space between columns: 80 columns hold the widest titles
    )
    table.add_column(t("stats.col.section"), no_wrap=True)
    for key in ("total", "new", "learning", "young", "mature", "recall90"):
        header = t(f"stats.col.{key}")
        # Headers whole (a two-word one may take two lines), never "learn…".
        widest_word = max(cell_len(word) for word in header.split())
        table.add_column(header, justify="right", min_width=widest_word)
    rows = [(s, section_title(s)) for s in f.sections] + [(f.total, t("stats.col.all"))]
    for s, title in rows:
        table.add_row(
            _safe(title),
            str(s.total),
            str(s.new),
            str(s.learning),
            str(s.young),
            str(s.mature),
            percent(s.recall90_share),
        )
    console.print(table)
    console.print(CJKText(Text(t("stats.mastery.figures"), style="dim")))

    points = f.weak.points()
    if points:
        weak = Table(title=t("stats.weak.title"), title_justify="left")
        weak.add_column(t("stats.col.question"))
        weak.add_column(t("stats.col.lapses"), justify="right")
        weak.add_column(t("stats.col.recall"), justify="right")
        weak.add_column(t("stats.col.why"))
        for point in points:
            question = bank.get(point.question_id) if bank is not None else None
            prompt = question.prompt if question is not None else point.question_id
            weak.add_row(
                CJKText(_safe(prompt)),
                str(point.lapses),
                percent(point.retrievability),
                CJKText(_safe(reasons(point))),
            )
        console.print(weak)
    else:
        console.print(Text(t("stats.weak.title"), "italic"))
        console.print(t("stats.weak.none"))

    if f.exams:
        exams = Table(title=t("stats.exams.title"), title_justify="left")
        for key in EXAM_COLUMNS:
            exams.add_column(t(f"stats.col.{key}"))
        for exam in f.exams:
            cells = [_safe(cell) for cell in exam_cells(exam, f.section_titles, f.zone)]
            exams.add_row(*cells[:-1], CJKText(cells[-1]))  # section scores wrap by 避头尾
        console.print(exams)


def _print_fsrs_parameters(store: Any, profile: str) -> None:
    """One line: default or fitted FSRS parameters (``trainer optimize``) and their log loss."""
    from datetime import UTC, datetime

    from rich.text import Text

    from trainer.core.scheduling.fitting import MIN_REVIEWS_TO_FIT

    report = store.fit_report(profile)
    if report is None:
        line = t(
            "stats.fsrs.default", reviews=store.review_count(profile), needed=MIN_REVIEWS_TO_FIT
        )
    else:
        values = {
            "date": datetime.fromtimestamp(report.fitted_at, UTC).date().isoformat(),
            "reviews": report.reviews,
            "before": f"{report.log_loss_default:.4f}",
            "after": f"{report.log_loss_fitted:.4f}",
        }
        line = t("stats.fsrs.fitted" if report.adopted else "stats.fsrs.kept", **values)
    _console().print(Text(line))


def _print_heatmap(console: Any, f: ProfileStats) -> None:
    from rich.text import Text

    heat = f.heatmap()
    width = console.width or 80
    weeks = heat.weeks[-max(4, width - 6) :]
    from rich.cells import cell_len

    labels = t("stats.heatmap.weekdays").split(",")
    for row in range(7):
        label = labels[row] if row % 2 == 0 else ""
        line = Text(label + " " * (4 - cell_len(label)))
        for week in weeks:
            count = week[row]
            if count is None:
                line.append(" ")
            else:
                level = heat.level(count)
                line.append(HEAT_CHARS[level] if level else "·", HEAT_STYLES[level])
        console.print(line)
    console.print(
        t("stats.heatmap.summary", total=heat.total, days=heat.active_days, max=heat.maximum)
    )


def _print_group(lines: list[Any], bank: Bank) -> None:
    from rich.table import Table

    from trainer.i18n.stats_text import GROUP_COLUMNS, group_cells

    console = _console()
    table = Table(title=_safe(t("stats.group.title", bank=bank.title)), title_justify="left")
    table.add_column(t("stats.col.profile"))
    for key in GROUP_COLUMNS:
        table.add_column(t(f"stats.col.{key}"), justify="right")
    for line in lines:
        table.add_row(*map(_safe, group_cells(line)))
    if not lines:
        console.print(t("stats.group.empty"))
        return
    console.print(table)
    sys.stdout.flush()
