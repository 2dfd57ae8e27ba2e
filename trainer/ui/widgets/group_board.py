"""Display pieces of group sessions: leaderboard, histogram, podium, question text.

They are plain renderers (Rich ``Text``) and small Static widgets; they never touch the store
or the network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Static

from trainer.core.bank import (
    LETTERS,
    AnyQuestion,
    ChoiceQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    TrueFalseQuestion,
)
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


def _choice_lines(question: ChoiceQuestion, text: Text, shown_items: Sequence[str] | None) -> None:
    for index, option in enumerate(question.options):
        text.append(f"\n{LETTERS[index]}. {option}")


def _order_lines(question: OrderQuestion, text: Text, shown_items: Sequence[str] | None) -> None:
    items = list(shown_items) if shown_items is not None else sorted(question.items)
    for index, item in enumerate(items):
        text.append(f"\n{index + 1}. {item}")


def _list_lines(question: ListQuestion, text: Text, shown_items: Sequence[str] | None) -> None:
    text.append(f"\n（{len(question.items)}）", style="dim")


def _truefalse_lines(question: Any, text: Text, shown_items: Sequence[str] | None) -> None:
    text.append(f"\n{t('group.tf.true')} / {t('group.tf.false')}", style="dim")


def _number_lines(question: NumberQuestion, text: Text, shown_items: Sequence[str] | None) -> None:
    if question.unit:
        text.append(f"\n（{question.unit}）", style="dim")


BOARD_LINES: dict[str, Callable[[Any, Text, Sequence[str] | None], None]] = {
    "choice": _choice_lines,
    "order": _order_lines,
    "list": _list_lines,
    "truefalse": _truefalse_lines,
    "number": _number_lines,
}
"""What the board adds under a question's prompt, by type name (a type without an entry shows
its prompt alone)."""


def question_text(question: AnyQuestion, shown_items: Sequence[str] | None = None) -> Text:
    """The question as shown to everyone: prompt plus options / items / blanks count.

    Args:
        question: the question.
        shown_items: an order question's items as the players see them (shuffled: the bank
            order is the answer, so it is never shown while people answer).
    """
    text = Text(question.prompt, style="bold")
    lines = BOARD_LINES.get(question.type)
    if lines is not None:
        lines(question, text, shown_items)
    return text


def _list_reveal(question: ListQuestion) -> str:
    return "\n".join(f"{i + 1}. {alts[0]}" for i, alts in enumerate(question.items) if alts)


def _choice_reveal(question: ChoiceQuestion) -> str:
    return "  ".join(f"{LETTERS[i]}. {question.options[i]}" for i in question.correct)


def _truefalse_reveal(question: TrueFalseQuestion) -> str:
    return t("group.tf.true") if question.answer else t("group.tf.false")


BOARD_REVEALS: dict[str, Callable[[Any], str]] = {
    "list": _list_reveal,
    "choice": _choice_reveal,
    "truefalse": _truefalse_reveal,
}
"""How the reveal shows the correct answer, by type name; other types show their expected
answer as the core words it (``QuestionType.expected_display``)."""


def answer_display(question: AnyQuestion) -> str:
    """The correct answer as text for the reveal."""
    reveal = BOARD_REVEALS.get(question.type)
    if reveal is not None:
        return reveal(question)
    kind = TYPES.get(question.type)
    return kind.expected_display(question) if kind is not None else ""


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
