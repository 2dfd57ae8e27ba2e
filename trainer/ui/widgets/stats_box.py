"""A box of the statistics screen drawn by ONE widget: its heading and contents stacked.

The statistics screen used a container per box holding a widget per piece (heading, table,
chart, note): some forty widgets that Textual composes, styles (three times per opening: at
mount, when the screen resumes and when the body takes the focus), measures and paints in
every layout pass. A :class:`StatsBox` draws the same pieces (:class:`Part`) one under the other,
each exactly as its own widget drew it (the same Textual visual: Rich text as Textual content,
other Rich renderables as they are, at the box's width, in the box's style or the heading's),
so the screen looks the same with a third of the widgets.

Not carried over: selecting text with the mouse inside a box (Textual selects within one
widget's text; a box's parts are several texts).

Pieces of a fixed height (a chart, the heatmap) are not drawn to measure the box: a box out of
view is measured without drawing its chart, which is drawn when the box is first painted
(scrolled into view). Each piece keeps its lines for the last width and style: the layout
measures by drawing and the paint reuses the lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from rich.console import RenderableType
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual, visualize
from textual.widget import Widget

Draw = Callable[[int], Text]
"""Draws a piece at a width, for pieces laid out at the width they get (charts, heatmap)."""


class Part:
    """One piece of a box.

    Args:
        name: what the screen calls it (to replace it, and for tests).
        content: a str (plain text, never markup), a Rich renderable, or a function drawing
            a Text at a given width.
        heading: drawn in the box's heading style (bold, the accent colour).
        height: a fixed height in lines (cut or filled with blank lines), or a function of
            the width giving it, measured without drawing; None: as many lines as the
            content takes at the width.
        pad: blank lines above and below (a note set apart from the heading).
        min_width: drawn at least this wide, the rest cut off on the right (a chart needs
            room for its axes).
        key: what the part shows, for telling whether a new part shows the same (charts).
    """

    def __init__(
        self,
        name: str,
        content: RenderableType | Draw,
        *,
        heading: bool = False,
        height: int | Callable[[int], int] | None = None,
        pad: int = 0,
        min_width: int = 0,
        key: object = None,
    ) -> None:
        self.name = name
        self.content = content
        self.heading = heading
        self.height = height
        self.pad = pad
        self.min_width = min_width
        self.key = key
        self._lines: tuple[tuple[int, Style], list[Strip]] | None = None

    def plain(self) -> str:
        """The text of the piece (for tests and for telling whether it changed)."""
        content = self.content
        if callable(content):
            return ""
        if isinstance(content, str):
            return content
        plain = getattr(content, "plain", None)
        if isinstance(plain, str):
            return plain
        return str(content)

    def lines(self, widget: Widget, width: int, style: Style) -> list[Strip]:
        """The piece's lines at ``width`` in ``style`` (kept for the last width and style)."""
        key = (width, style)
        if self._lines is not None and self._lines[0] == key:
            return self._lines[1]
        content = self.content
        drawn_width = max(width, self.min_width)
        if callable(content):
            content = content(drawn_width)
        if isinstance(content, str):
            visual: Visual = Content(content)
        elif isinstance(content, Text):
            visual = Content.from_rich_text(content, console=widget.app.console)
        else:
            visual = visualize(widget, content, markup=False)
        height = self.fixed_height(width)
        strips = Visual.to_strips(widget, visual, drawn_width, height, style)
        if drawn_width > width:
            strips = [strip.crop(0, width) for strip in strips]
        if height is not None:
            strips = strips[:height]
            strips += [Strip([])] * (height - len(strips))
        if self.pad:
            blank = [Strip([])] * self.pad
            strips = [*blank, *strips, *blank]
        self._lines = (key, strips)
        return strips

    def fixed_height(self, width: int) -> int | None:
        """The fixed height at ``width`` (without padding), or None."""
        return self.height(width) if callable(self.height) else self.height

    def measure(self, widget: Widget, width: int, style: Style) -> int:
        """The piece's height at ``width`` (a fixed height is not drawn)."""
        height = self.fixed_height(width)
        if height is not None:
            return height + 2 * self.pad
        return len(self.lines(widget, width, style))


class _Stack(Visual):
    """The parts of a box one under the other."""

    def __init__(self, box: StatsBox) -> None:
        self.box = box

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        box = self.box
        return sum(part.measure(box, width, box.style_of(part)) for part in box.parts)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        box = self.box
        strips: list[Strip] = []
        for part in box.parts:
            strips += part.lines(box, width, box.style_of(part))
        return strips if height is None else strips[:height]


class StatsBox(Widget):
    """A box (border, heading, contents) of the statistics screen, drawn by one widget."""

    # No DEFAULT_CSS: the screen's rules size it (``.stats-box``); a widget class bringing
    # rules of its own makes Textual rebuild the app's rule map at its first mount.

    def __init__(
        self,
        parts: Sequence[Part],
        *,
        id: str | None = None,
        classes: str = "stats-box",  # noqa: A002
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.parts: list[Part] = list(parts)
        self._heading: tuple[tuple[Style, str], Style] | None = None
        self._when_shown: Callable[[], object] | None = None

    def when_shown(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` (once, soon after) when the box is next painted, that is shown on
        the screen: a box below the first screenful is painted when scrolled to."""
        self._when_shown = callback

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._when_shown is not None:
            callback, self._when_shown = self._when_shown, None
            self.call_later(callback)  # not from inside the paint
        return super().render_lines(crop)

    def render(self) -> Visual:
        return _Stack(self)

    def style_of(self, part: Part) -> Style:
        """The style a part is drawn in: the box's, or for a heading the box's in bold and
        the theme's accent colour (as a heading widget styled ``text-style: bold; color:
        $accent`` was; not a component class, which Textual styles again with every restyle
        of the box: three times per opening)."""
        base = self.visual_style
        if not part.heading:
            return base
        accent = self.app.theme_variables["accent"]
        if self._heading is None or self._heading[0] != (base, accent):
            style = dataclasses.replace(base, foreground=Color.parse(accent), bold=True)
            self._heading = ((base, accent), style)
        return self._heading[1]

    def part(self, name: str) -> Part | None:
        """The part called ``name``, if shown."""
        return next((part for part in self.parts if part.name == name), None)

    def height_at(self, width: int, parts: Sequence[Part] | None = None) -> int:
        """The height of the box's contents (or of ``parts``) at ``width``."""
        return sum(
            part.measure(self, width, self.style_of(part))
            for part in (self.parts if parts is None else parts)
        )

    def set_parts(self, parts: Iterable[Part]) -> None:
        """Show other parts: the box is drawn again, and the screen laid out again only when
        the box's height changes (each layout lays out and paints the whole screen)."""
        old = self.parts
        self.parts = list(parts)
        width = self.content_size.width
        same_height = (
            self.is_mounted and width > 0 and self.height_at(width, old) == self.height_at(width)
        )
        self.refresh(layout=not same_height)
