"""A GitHub-style calendar heatmap: weeks as columns, weekdays as rows, block characters."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from trainer.core.stats import Heatmap
from trainer.i18n import t

LEVEL_CHARS = ("·", "░", "▒", "▓", "█")
LEVEL_STYLES = ("grey35", "green4", "green3", "green1", "bold bright_green")
LABEL_CELLS = 4


def heatmap_text(heat: Heatmap, width: int) -> Text:
    """The heatmap as text ``width`` cells wide (the most recent weeks that fit).

    Args:
        heat: the calendar data.
        width: available terminal cells.

    Returns:
        Seven rows (Monday first), then month labels and a legend.
    """
    columns = max(4, width - LABEL_CELLS)
    weeks = heat.weeks[-columns:]
    labels = t("stats.heatmap.weekdays").split(",")
    text = Text()
    # Month labels above the first week of each month.
    from datetime import timedelta

    first_monday = heat.start - timedelta(days=heat.start.weekday())
    offset = len(heat.weeks) - len(weeks)
    month_line = [" "] * len(weeks)
    last_month = None
    for index in range(len(weeks)):
        monday = first_monday + timedelta(weeks=index + offset)
        if monday.month != last_month:
            label = f"{monday.month}"
            if index + len(label) <= len(weeks) and all(
                c == " " for c in month_line[index : index + len(label) + 1]
            ):
                for j, char in enumerate(label):
                    month_line[index + j] = char
            last_month = monday.month
    text.append(" " * LABEL_CELLS + "".join(month_line) + "\n", style="dim")
    for row in range(7):
        label = labels[row] if row % 2 == 0 else ""
        text.append(label + " " * (LABEL_CELLS - cell_len(label)), style="dim")
        for week in weeks:
            count = week[row]
            if count is None:
                text.append(" ")
            else:
                level = heat.level(count)
                text.append(LEVEL_CHARS[level], style=LEVEL_STYLES[level])
        text.append("\n")
    text.append(
        t("stats.heatmap.summary", total=heat.total, days=heat.active_days, max=heat.maximum),
        style="dim",
    )
    return text


class StatsHeatmap(Static):
    """Shows a :class:`~trainer.core.stats.Heatmap`, laid out again when its width changes.

    Its height is fixed (seven weekdays, the months and the summary), so drawing it never
    lays the screen out again: it is drawn when its width is first known (and at each width
    change), not before.
    """

    DEFAULT_CSS = """
    StatsHeatmap { height: 9; width: 1fr; }
    """

    def __init__(self, heat: Heatmap, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("", id=id)
        self.heat = heat
        self._drawn_width = 0

    def set_heatmap(self, heat: Heatmap) -> None:
        """Show other data."""
        self.heat = heat
        self._draw()

    def on_resize(self) -> None:
        if self.size.width != self._drawn_width:  # a height change redraws nothing
            self._draw()

    def _draw(self) -> None:
        width = self.size.width or 80
        self._drawn_width = self.size.width
        # The height is fixed: no layout, only a repaint.
        self.update(heatmap_text(self.heat, width), layout=False)
