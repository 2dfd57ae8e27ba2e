"""Order: ``items`` to put in order; the bank order is the answer, so it is never shown."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import OrderQuestion
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    Presentation,
    QuestionType,
    RebuildError,
    TypeInContent,
    Words,
    split_items,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade

_NUMBERS = re.compile(r"^[\d\s,，、;；]+$")


def group_shuffle(question: OrderQuestion, seed: int) -> list[str]:
    """The items in a group game's shuffle (never the bank order when it can be helped): the
    same list on the players' screens, the phone page and the projector."""
    items = list(question.items)
    rng = random.Random(f"{seed}:{question.id}")
    for _ in range(5):
        rng.shuffle(items)
        if items != list(question.items):
            break
    return items


class OrderType(QuestionType):
    name = "order"
    question_class = OrderQuestion
    keys = frozenset({"items"})
    input_kind = "sequence"
    quick = False

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> OrderQuestion:
        items = fields.text_list("items", required=True, minimum=2)
        if len(set(items)) != len(items):
            fields.fail("items", "bank.q.order_duplicate")
        return OrderQuestion.from_checked(**common, items=tuple(items))

    def grade(self, question: OrderQuestion, answer: str | list[str]) -> Grade:
        return grade_order(question, answer)

    def expected_text(self, question: OrderQuestion) -> str:
        return "".join(question.items)

    def expected_answer(self, question: OrderQuestion) -> list[str]:
        return list(question.items)

    def expected_display(self, question: OrderQuestion) -> str:
        return " → ".join(question.items)

    def answer_strings(self, question: OrderQuestion) -> list[str]:
        return list(question.items)

    def readable_answer(self, question: OrderQuestion, answer: str | Sequence[str]) -> str | None:
        if isinstance(answer, str):
            return None
        return " → ".join(str(part).strip() for part in answer)

    def present(self, question: OrderQuestion, rng: random.Random) -> Presentation:
        items = list(question.items)
        shuffled_items = items[:]
        if len(items) > 1:
            for _ in range(10):
                rng.shuffle(shuffled_items)
                if shuffled_items != items:
                    break
            if shuffled_items == items:
                shuffled_items = items[1:] + items[:1]
        return Presentation(question, item_order=tuple(shuffled_items))

    def guide(self, question: OrderQuestion, shown: Sequence[str] = ()) -> list[Words]:
        # the items as numbered on screen (shuffled): "3 1 2" picks them by these numbers
        lines = [Words(text=f"  {number}. {item}") for number, item in enumerate(shown, start=1)]
        return [*lines, Words(key="study.guide.order")]

    def parse_typed(
        self, question: OrderQuestion, line: str, shown: Sequence[str] = ()
    ) -> str | list[str]:
        # "3 1 2" picks the items by their numbers on screen.
        if shown and _NUMBERS.match(line.strip() or "x"):
            numbers = [int(n) for n in re.findall(r"\d+", line)]
            if numbers and all(1 <= n <= len(shown) for n in numbers):
                return [shown[n - 1] for n in numbers]
        return split_items(line)

    def redact(self, question: OrderQuestion, seed: int) -> dict[str, Any]:
        return {"items": group_shuffle(question, seed)}

    def group_items(self, question: OrderQuestion, seed: int) -> list[str]:
        return group_shuffle(question, seed)

    def sibling_words(self, question: Any) -> list[str]:
        return list(self.expected_answer(question))

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> OrderQuestion:
        items = data.get("items")
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise RebuildError("question.items must be strings")
        return OrderQuestion(**common, type="order", items=tuple(items))

    def anki_content(self, question: OrderQuestion, wording: AnkiWording) -> TypeInContent:
        # A fixed, deterministic shuffle so that the front does not give the order away.
        shuffled = sorted(
            question.items, key=lambda item: hashlib.sha1(item.encode("utf-8")).hexdigest()
        )
        front = question.prompt + "\n" + "\n".join(f"· {item}" for item in shuffled)
        return TypeInContent(front, " → ".join(question.items))


TYPE = OrderType()


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.


def grade_order(question: OrderQuestion, answer: str | Sequence[str]) -> Grade:
    """The items in order. Credit goes by how much of the order is right: the longest run of
    items written in the right relative order (so one item moved, or a shift by one place,
    keeps most of it); items outside it are misplaced, extra items cost like a list's."""
    from trainer.core.grading.model import (
        EXTRA_ITEM_WEIGHT,
        Grade,
        PartResult,
        clamp_to_verdict,
        given_text,
        truncation_notes,
    )
    from trainer.core.grading.normalize import canonical
    from trainer.core.grading.parts import (
        capped_by_length,
        longest_increasing,
        missed,
        part_notes,
        part_result,
    )
    from trainer.core.grading.split import assign
    from trainer.core.grading.text import PARTIAL_CEILING, PARTIAL_FLOOR, Verdict, compare

    expected = [(item,) for item in question.items]
    assignment = assign(answer, expected)
    in_order = set(longest_increasing(assignment.order))
    parts: list[PartResult] = []
    for item, segment in enumerate(assignment.matched):
        if segment is None:
            parts.append(missed(question.items[item]))
            continue
        match = compare(question.items[item], segment.text)
        part = part_result(question.items[item], segment.text, match)
        if item not in in_order:
            part = PartResult(
                part.expected,
                part.given,
                "wrong",
                0.0,
                part.diff,
                (*part.notes, "grading.note.misplaced"),
            )
        parts.append(part)
    count = max(1, len(parts))
    kept = sum(1 for item in in_order if parts[item].matched)
    extra = len(assignment.extra)
    precision = kept / (kept + EXTRA_ITEM_WEIGHT * extra) if kept else 0.0
    notes = list(part_notes(parts))
    if extra:
        notes.append("grading.note.extra_items")
    if kept < count or any(p.verdict == "wrong" for p in parts):
        # One note for the whole order; each misplaced item carries its own.
        notes = [n for n in notes if n != "grading.note.misplaced"]
        notes.append("grading.note.order_wrong")
    if kept == count and not extra:
        verdict: Verdict = "correct" if all(p.verdict == "correct" for p in parts) else "close"
        raw = 1.0 if verdict == "correct" else 0.9
    elif kept >= 2:
        # Two items or more in the right relative order: partial, by how much is right.
        verdict = "partial"
        raw = PARTIAL_FLOOR + (PARTIAL_CEILING - PARTIAL_FLOOR) * (kept - 1) / max(1, count - 1)
        raw *= precision
    else:
        verdict, raw = "wrong", 0.0
    verdict, capped = capped_by_length(verdict, canonical("".join(question.items)), answer)
    notes += capped
    return Grade(
        verdict=verdict,
        score=round(clamp_to_verdict(verdict, raw), 4),
        expected_text=" → ".join(question.items),
        given_text=given_text(answer, " → "),
        parts=tuple(parts),
        extra=assignment.extra,
        notes=tuple(dict.fromkeys(notes)) + truncation_notes(answer),
        order=assignment.order,
    )
