"""Display pieces of group sessions: leaderboard, histogram, podium, question text.

They are plain renderers (Rich ``Text``) and small Static widgets; they never touch the store
or the network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from trainer.core.bank import AnyQuestion
from trainer.core.qtypes import TYPES
from trainer.i18n import t

MEDALS = ("🥇", "🥈", "🥉")
VERDICT_STYLES = {
    "correct": "bold green",
    "close": "green",
    "partial": "yellow",
    "wrong": "red",
    "none": "dim",
}


def leaderboard_text(rows: Sequence[Mapping[str, Any]], highlight: str | None = None) -> Text:
    """The leaderboard: rank, change (▲/▼), name, score, one line each.

    Args:
        rows: dicts with ``rank, name, score, change`` (:meth:`Standing.to_dict`).
        highlight: a name to show in reverse video (the joined player itself).
    """
    text = Text()
    for row in rows:
        change = int(row.get("change", 0) or 0)
        arrow = f"▲{change}" if change > 0 else (f"▼{-change}" if change < 0 else "  ")
        style = "reverse" if highlight and row.get("name") == highlight else ""
        text.append(f"{row.get('rank', 0):>3}  ", style=style)
        text.append(f"{arrow:<4}", style="green" if change > 0 else "red" if change < 0 else "")
        text.append(f"{row.get('name', '')}", style=style + " bold" if style else "bold")
        text.append(f"  {row.get('score', 0)}\n", style=style)
    return text


def histogram_text(counts: Mapping[str, int], labels: Mapping[str, str] | None = None) -> Text:
    """Horizontal bars, one per label, scaled to the largest count (30 cells)."""
    text = Text()
    largest = max(counts.values(), default=0) or 1
    names = {key: (labels or {}).get(key, key) for key in counts}
    width = max((len(n) for n in names.values()), default=1)
    for key, count in counts.items():
        bar = "█" * round(30 * count / largest) if count else ""
        text.append(f"{names[key]:<{width}} ")
        text.append(bar, style=VERDICT_STYLES.get(key, "cyan"))
        text.append(f" {count}\n")
    return text


def options_histogram(options: Mapping[str, int]) -> Text:
    """The chosen options (letters; 对/错 for true/false shown in the current language)."""
    labels = {"对": t("group.tf.true"), "错": t("group.tf.false")}
    return histogram_text(options, {k: labels.get(k, k) for k in options})


def verdict_histogram(verdicts: Mapping[str, int]) -> Text:
    """The verdict distribution with translated labels (zero rows left out)."""
    shown = {k: v for k, v in verdicts.items() if v}
    return histogram_text(shown, {k: t(f"group.verdict.{k}") for k in shown})


def podium_text(rows: Sequence[Mapping[str, Any]]) -> Text:
    """The first three with medals, then the rest."""
    text = Text()
    for index, row in enumerate(rows):
        medal = MEDALS[index] if index < len(MEDALS) else f"{row.get('rank', index + 1)}."
        style = "bold yellow" if index == 0 else "bold" if index < 3 else ""
        text.append(f"{medal} {row.get('name', '')}  {row.get('score', 0)}\n", style=style)
    return text


def _text_lines(view: Mapping[str, Any], text: Text, shown_items: Sequence[str] | None) -> None:
    unit = view.get("unit")
    if unit:
        text.append(f"\n（{unit}）", style="dim")


def _pick_lines(view: Mapping[str, Any], text: Text, shown_items: Sequence[str] | None) -> None:
    choices = [c for c in view.get("choices", ()) if isinstance(c, Mapping)]
    if choices and all("key" in choice for choice in choices):
        # choices this screen words itself (true / false): one line, as the phone's buttons
        worded = " / ".join(t(f"group.{choice['key']}") for choice in choices)
        text.append(f"\n{worded}", style="dim")
        return
    for choice in choices:
        text.append(f"\n{choice.get('mark', '')}. {choice.get('text', '')}")


def _parts_lines(view: Mapping[str, Any], text: Text, shown_items: Sequence[str] | None) -> None:
    text.append(f"\n（{view.get('count', 0)}）", style="dim")


def _sequence_lines(view: Mapping[str, Any], text: Text, shown_items: Sequence[str] | None) -> None:
    # the items as the players see them; never in the answer's order
    items = list(shown_items) if shown_items is not None else sorted(view.get("items", ()))
    for index, item in enumerate(items):
        text.append(f"\n{index + 1}. {item}")


BOARD_LINES: dict[str, Callable[[Mapping[str, Any], Text, Sequence[str] | None], None]] = {
    "text": _text_lines,
    "pick": _pick_lines,
    "parts": _parts_lines,
    "sequence": _sequence_lines,
}
"""What the board adds under a question's prompt, by the input kind its home names
(``QuestionType.input_kind``), drawn from the public view the phone page draws from
(``QuestionType.redact``). ``blanks`` adds nothing: the prompt is the sentence."""


def question_text(question: AnyQuestion, shown_items: Sequence[str] | None = None) -> Text:
    """The question as shown to everyone: prompt plus options / items / blanks count.

    Args:
        question: the question.
        shown_items: an order question's items as the players see them (shuffled: the bank
            order is the answer, so it is never shown while people answer).
    """
    text = Text(question.prompt, style="bold")
    kind = TYPES.get(question.type)
    lines = BOARD_LINES.get(kind.input_kind) if kind is not None else None
    if kind is not None and lines is not None:
        lines(kind.redact(question, 0), text, shown_items)
    return text


def answer_display(question: AnyQuestion) -> str:
    """The correct answer as text for the reveal (its home's ``board_answer``; a word the
    screen supplies, such as 对/错, from ``group.<key>``)."""
    kind = TYPES.get(question.type)
    if kind is None:
        return ""
    shown = kind.board_answer(question)
    return t(f"group.{shown.key}") if shown.key else shown.text


def qr_text(data: str) -> Text:
    """A QR code of ``data`` drawn with half blocks (two modules per character cell).

    Dark modules are drawn as the terminal's background and light ones as white, with the
    quiet zone the standard asks for, so phones scan it from a projector.
    """
    import segno

    code = segno.make(data, error="m", boost_error=False)
    rows = [list(row) for row in code.matrix]
    border = 2
    size = len(rows) + 2 * border

    def dark(y: int, x: int) -> bool:
        y, x = y - border, x - border
        return 0 <= y < len(rows) and 0 <= x < len(rows) and bool(rows[y][x])

    text = Text(no_wrap=True)
    for y in range(0, size, 2):
        for x in range(size):
            top, bottom = dark(y, x), dark(y + 1, x) if y + 1 < size else False
            # light = white foreground blocks; dark = left empty (black background)
            if not top and not bottom:
                text.append("█", style="white on black")
            elif not top:
                text.append("▀", style="white on black")
            elif not bottom:
                text.append("▄", style="white on black")
            else:
                text.append(" ", style="on black")
        text.append("\n")
    return text


class Board(Static):
    """A Static that shows one of the renderers above (updated with :meth:`show`)."""

    def show(self, renderable: Text | str) -> None:
        """Replace the content."""
        self.update(renderable)
