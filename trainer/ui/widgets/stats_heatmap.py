"""A GitHub-style calendar heatmap: weeks as columns, weekdays as rows, block characters."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from trainer.core.stats import Heatmap
from trainer.i18n import t
from trainer.ui.widgets.stats_box import Part

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


HEIGHT = 9
"""Lines of the heatmap: the months, seven weekdays and the summary."""


def heatmap_part(heat: Heatmap) -> Part:
    """The heatmap as a part of its box: of a fixed height (measured without drawing), drawn
    at the box's width (the most recent weeks that fit) when it is painted."""
    return Part("heatmap", lambda width: heatmap_text(heat, width or 80), height=HEIGHT)
