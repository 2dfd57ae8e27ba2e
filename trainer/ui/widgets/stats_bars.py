"""Stacked mastery bars per section: new / learning / young / mature, and the ≥ 90 % share."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from trainer.core.stats import SectionMastery
from trainer.i18n import t
from trainer.ui.linebreak import CJKText

PARTS = (("mature", "green"), ("young", "cyan"), ("learning", "yellow"), ("new", "grey42"))
CHAR = "█"


def stacked_bar(section: SectionMastery, width: int) -> Text:
    """A bar ``width`` cells long split in proportion to the section's classes."""
    text = Text()
    total = section.total
    if total <= 0 or width <= 0:
        return text.append("░" * max(0, width), style="dim")
    values = {
        "mature": section.mature,
        "young": section.young,
        "learning": section.learning,
        "new": section.new,
    }
    cells = {name: int(width * value / total) for name, value in values.items()}
    # Hand out the cells lost to rounding, largest remainder first; a non-empty class gets 1.
    for name, value in values.items():
        if value and not cells[name]:
            cells[name] = 1
    while sum(cells.values()) > width:
        biggest = max(cells, key=lambda n: cells[n])
        cells[biggest] -= 1
    order = sorted(values, key=lambda n: -(width * values[n] / total - cells[n]))
    index = 0
    while sum(cells.values()) < width:
        cells[order[index % len(order)]] += 1
        index += 1
    for name, style in PARTS:
        text.append(CHAR * cells[name], style=style)
    return text


def fit(text: str, width: int) -> str:
    """Cut or pad to exactly ``width`` cells (CJK aware)."""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def mastery_text(sections: Sequence[SectionMastery], width: int) -> Text:
    """One line per section: title, bar, mastered/total and the share recalled now (≥ 90 %);
    the legend below says what the colours and both figures mean."""
    # mastered/total · the share recalled now, as wide as the widest (36293/50000 at scale).
    figures = [f" {s.mature}/{s.total} · {s.recall90_share * 100:.0f}%" for s in sections]
    figures_cells = min(max([12, *map(cell_len, figures)]), max(12, width // 3))
    # Whole titles first (several "聚焦…" titles differ only at their end); the bar gets the rest.
    titles = [s.title or s.id or t("stats.section.other") for s in sections]
    widest = max((cell_len(title) for title in titles), default=8)
    title_cells = max(8, min(widest, width - figures_cells - 2 - 6))
    bar_cells = max(6, width - title_cells - figures_cells - 2)
    text = Text()
    for section, title, section_figures in zip(sections, titles, figures, strict=True):
        text.append(fit(title, title_cells) + " ")
        text.append_text(stacked_bar(section, bar_cells))
        text.append(fit(section_figures, figures_cells))
        text.append("\n")
    legend = Text(t("stats.mastery.legend"))
    for (_, style), start in zip(PARTS[::-1], _legend_marks(legend.plain), strict=False):
        legend.stylize(style, start, start + 1)
    text.append_text(legend)
    text.append("\n")
    text.append(t("stats.mastery.figures"), style="dim")
    return text


def _legend_marks(plain: str) -> list[int]:
    return [index for index, char in enumerate(plain) if char == "■"]


class MasteryView:
    """A Rich renderable: the bars laid out at the width they are given (the widget's).

    The width comes from the render, so the box never has to be updated once its size is
    known (each update would lay the whole screen out again).
    """

    def __init__(self, sections: Sequence[SectionMastery]) -> None:
        self.sections = list(sections)
        # The text at the last width: each layout pass measures the height by rendering, and
        # the paint renders again (the lines are kept by the CJKText).
        self._at: tuple[int, CJKText] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width or 80
        if self._at is None or self._at[0] != width:
            self._at = (width, CJKText(mastery_text(self.sections, width)))
        yield self._at[1]
