"""Line breaking for Chinese text that keeps the basic 避头尾 (kinsoku) rules.

Rich and Textual wrap text at spaces and cut a run without spaces (all of Chinese) at whatever
cell the line is full, so a line may start with ``、，。）”`` and an opening ``“（《`` may be left
alone at the end of the line above. :func:`break_offsets` chooses the breaks instead:

- a closing mark (``、，。！？；：）》”…``) never starts a line: it goes down with the character
  before it;
- an opening mark (``（《“「``) never ends a line: it goes down with the character after it;
- the two-cell ``——`` and ``……`` stay whole, Latin words and numbers are not cut unless they
  are longer than the line;
- a line never gets wider than the width asked for (no hanging punctuation: a terminal has no
  margin to hang it in).

:class:`CJKText` is a Rich renderable that wraps a :class:`rich.text.Text` this way at the width
it is given, so any Static (or other widget that shows a renderable) can take it and re-wrap on
resize. :func:`wrap_plain` does the same for plain-text output.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

NO_LINE_START = frozenset(
    "、，。．！？；：,.!?;:)]}）］｝〕〉》」』】〙〗〟’”｠»"
    "ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻"
    "‐゠–〜～％%‰℃·・…‥—"
)
"""Characters that must not begin a line (closing punctuation, pauses, iteration marks)."""

NO_LINE_END = frozenset("([{（［｛〔〈《「『【〘〖〝‘“｟«")
"""Characters that must not end a line (opening brackets and quotes)."""

_PAIRED = frozenset("—…")  # ——, …… : one mark in two characters, never split


def _is_word_char(char: str) -> bool:
    """Latin letters, digits and the like, which are kept together as a word."""
    return char.isascii() and (char.isalnum() or char in "_-'/@#&+")


def _units(text: str) -> list[tuple[int, int, bool]]:
    """``text`` cut into pieces that must stay on one line: (start, end, is_space)."""
    atoms: list[list[int]] = []  # [start, end, is_space]
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        end = index + 1
        if char.isspace():
            while end < length and text[end].isspace() and text[end] != "\n":
                end += 1
            atoms.append([index, end, 1])
        else:
            if _is_word_char(char):
                while end < length and _is_word_char(text[end]):
                    end += 1
            atoms.append([index, end, 0])
        index = end
    units: list[list[int]] = []
    for start, end, space in atoms:
        if units and not space and not units[-1][2]:
            previous = units[-1]
            first = text[start]
            last_before = text[previous[1] - 1]
            glue = (
                first in NO_LINE_START
                or last_before in NO_LINE_END
                or (first in _PAIRED and last_before == first)
            )
            if glue:
                previous[1] = end
                continue
        units.append([start, end, space])
    return [(start, end, bool(space)) for start, end, space in units]


def break_offsets(text: str, width: int, *, hang: int = 0) -> list[tuple[int, int]]:
    """The (start, end) character ranges of the lines of one paragraph (no ``\\n`` inside).

    Args:
        text: the paragraph.
        width: the most cells a line may take (at least 2).
        hang: cells of indentation the caller puts before every line after the first (for a
            bullet's hanging indent); those lines are ``hang`` cells narrower.

    Returns:
        The line ranges, in order, with the spaces at a break left out.
    """
    width = max(2, width)
    lines: list[tuple[int, int]] = []
    line_start: int | None = None
    line_end = 0
    used = 0

    def limit() -> int:
        return width if not lines else max(2, width - hang)

    def close() -> None:
        nonlocal line_start, used
        if line_start is not None:
            lines.append((line_start, line_end))
        line_start = None
        used = 0

    for start, end, space in _units(text):
        piece = text[start:end]
        cells = cell_len(piece)
        if space:
            if start == 0 and cells < limit():  # a paragraph's own indentation is kept
                line_start, line_end, used = start, end, cells
                continue
            if line_start is not None and used + cells < limit():
                used += cells  # kept only if something follows on the same line
            elif line_start is not None:
                close()
            continue
        if line_start is not None and used + cells <= limit():
            line_end = end
            used += cells
            continue
        if line_start is not None:
            close()
        if cells <= limit():
            line_start, line_end, used = start, end, cells
            continue
        # Longer than a whole line (a URL, a run of glued marks): cut it by cells.
        for offset, char in enumerate(piece, start):
            char_cells = cell_len(char)
            if line_start is not None and used + char_cells > limit():
                close()
            if line_start is None:
                line_start, used = offset, 0
            line_end = offset + 1
            used += char_cells
    close()
    if not lines:
        return [(0, 0)]
    # Trailing spaces kept "tentatively" were never added to line_end, so ranges end on text.
    return lines


def wrap_lines(text: str, width: int, *, hang: int = 0) -> list[str]:
    """``text`` (which may hold ``\\n``) as lines of at most ``width`` cells."""
    result: list[str] = []
    for paragraph in text.split("\n"):
        result.extend(paragraph[a:b] for a, b in break_offsets(paragraph, width, hang=hang))
    return result


def wrap_plain(text: str, width: int, *, indent: str = "", hang: str = "") -> str:
    """Plain text wrapped for a terminal: ``indent`` before the first line, ``hang`` after."""
    lines = wrap_lines(text, width - cell_len(indent), hang=cell_len(hang) - cell_len(indent))
    return "\n".join((indent if i == 0 else hang) + line for i, line in enumerate(lines))


def wrap_text(text: Text, width: int, *, hang: int = 0) -> list[Text]:
    """A styled :class:`Text` cut into lines by :func:`break_offsets` (styles kept)."""
    result: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        for number, (start, end) in enumerate(break_offsets(plain, width, hang=hang)):
            line = paragraph[start:end]
            if number and hang:
                line = Text(" " * hang, end="") + line
            result.append(line)
    return result


class CJKText:
    """A renderable: ``text`` wrapped by the 避头尾 rules at the width it is rendered in.

    Args:
        text: the text (a str is taken as plain text, never as markup).
        hang: a hanging indent, in cells, for the lines after the first of each paragraph
            (``2`` under "• ").
        style: a style for the whole text.
    """

    def __init__(self, text: Text | str, *, hang: int = 0, style: str = "") -> None:
        self.text = text if isinstance(text, Text) else Text(text)
        if style:
            self.text.stylize(style)
        self.hang = hang
        # The lines at the last width: a layout asks for the height and the paint for the
        # lines, several times per screen, and wrapping a long text is the costly part.
        self._wrapped: tuple[tuple[int, int, str, int], list[Text]] | None = None

    @property
    def plain(self) -> str:
        return self.text.plain

    def __str__(self) -> str:
        # What a widget holding it reads as (``str(static.content)``): the text, unwrapped.
        return self.text.plain

    def lines(self, width: int) -> list[Text]:
        """The lines at ``width`` cells."""
        # Keyed on the text too, in case a caller restyles it after a first render.
        key = (width, self.hang, self.text.plain, len(self.text.spans))
        if self._wrapped is not None and self._wrapped[0] == key:
            return self._wrapped[1]
        lines = wrap_text(self.text, width, hang=self.hang)
        self._wrapped = (key, lines)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines(width):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(line) for line in self.text.plain.split("\n")), default=0)
        return Measurement(min(2, widest), widest)


def wrapped(pieces: Iterable[Text | str], *, hang: int = 0) -> CJKText:
    """Several pieces joined into one :class:`CJKText`."""
    text = Text()
    for piece in pieces:
        text.append(piece if isinstance(piece, Text) else Text(piece))
    return CJKText(text, hang=hang)
