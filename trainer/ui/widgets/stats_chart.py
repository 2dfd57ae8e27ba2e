"""A plotext chart of the statistics screen that is drawn once per data, size and theme.

``PlotextPlot`` builds its figure again on every render (each repaint, each opening of the
statistics screen). The screen gives each chart a ``data_key`` naming what it shows; the
drawn text is kept (a few entries, process-wide) and reused until the data, the size or the
theme changes.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import cast

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

_KEEP = 24  # three charts × spans, sizes and themes a learner goes through in one run
_DRAWN: OrderedDict[tuple[object, ...], Text] = OrderedDict()


class StatsChart(PlotextPlot):
    """A :class:`PlotextPlot` whose drawing is reused while its ``data_key`` is unchanged."""

    data_key: object = None
    """What the chart shows (set with the data); None draws every time."""

    def render(self) -> RenderResult:
        if self.data_key is None:
            return super().render()
        key = (
            self.id,
            self.data_key,
            self.size.width,
            self.size.height,
            self.theme,
            self.app.theme,
        )
        drawn = _DRAWN.get(key)
        if drawn is None:
            drawn = cast(Text, super().render())
            _DRAWN[key] = drawn
            while len(_DRAWN) > _KEEP:
                _DRAWN.popitem(last=False)
        else:
            _DRAWN.move_to_end(key)
        return drawn.copy()
