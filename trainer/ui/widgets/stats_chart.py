"""The charts of the statistics screen: plotext drawings, made once per data, size and theme.

A chart is a :class:`~trainer.ui.widgets.stats_box.Part` of its box, drawn at the box's width
when the box is painted (a chart out of view is not drawn), with textual-plotext's ``Plot`` in
the colours its ``PlotextPlot`` widget gives an app theme (canvas and axes in the theme's
surface colour, ticks in its foreground). The drawn text is kept (a few entries,
process-wide) and reused until the data, the size or the theme changes, so opening the screen
again on the same history draws no chart.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from rich.text import Text
from textual.color import Color
from textual_plotext.plot import Plot

from trainer.ui.widgets.stats_box import Part

HEIGHT = 12
"""Lines of a chart."""
MIN_WIDTH = 40
"""A chart is drawn at least this wide (axes and labels), cut off in a narrower box."""

_KEEP = 24  # three charts × spans, sizes and themes a learner goes through in one run
_DRAWN: OrderedDict[tuple[object, ...], Text] = OrderedDict()


def chart_part(
    name: str,
    key: object,
    draw: Callable[[Plot], None],
    colours: Callable[[], tuple[str, str]],
) -> Part:
    """The chart ``name`` showing ``key``, drawn by ``draw`` into a fresh plot.

    Args:
        name: the chart's name (part of the kept drawing's key).
        key: what the chart shows; equal keys draw the same chart.
        draw: puts the data, axes and ticks into the plot.
        colours: the app theme's surface and foreground colours, when drawn.
    """

    def drawn(width: int) -> Text:
        surface, foreground = colours()
        kept = (name, key, width, HEIGHT, surface, foreground)
        text = _DRAWN.get(kept)
        if text is not None:
            _DRAWN.move_to_end(kept)
            return text
        plot = Plot()
        draw(plot)
        plot.plotsize(width, HEIGHT)
        # plotsize() keeps a plot within the size plotext reads from the terminal (80 columns
        # headless, or a process whose terminal differs from the app's screen); textual-
        # plotext's PlotextPlot sets the size once more without that limit, and so does this.
        plot._set_size(width, HEIGHT)
        canvas, ticks = Color.parse(surface).rgb, Color.parse(foreground).rgb
        plot.canvas_color(canvas)
        plot.axes_color(canvas)
        plot.ticks_color(ticks)
        text = Text.from_ansi(plot.build())
        _DRAWN[kept] = text
        while len(_DRAWN) > _KEEP:
            _DRAWN.popitem(last=False)
        return text

    return Part(name, drawn, height=HEIGHT, min_width=MIN_WIDTH, key=key)
