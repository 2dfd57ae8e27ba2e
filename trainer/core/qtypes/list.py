"""List: an enumeration (``items``, each ``|``-separated wordings; ``ordered`` when the order
counts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import ALTERNATIVE_SEPARATOR, ListQuestion, _alternatives
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    Hint,
    QuestionType,
    RebuildError,
    ShownAnswer,
    TypeInContent,
    Words,
    first_alternatives,
    split_items,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade, PartResult

MAX_PUBLIC_COUNT = 64


def public_count(data: Mapping[str, Any], key: str, limit: int = MAX_PUBLIC_COUNT) -> int:
    """A small count from a client's view of a question.

    Raises:
        RebuildError: it is not an integer from 0 to ``limit``.
    """
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise RebuildError(f"question.{key} must be a small number")
    return value


class ListType(QuestionType):
    name = "list"
    question_class = ListQuestion
    keys = frozenset({"items", "ordered"})
    input_kind = "parts"
    quick = False

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> ListQuestion:
        items = fields.text_list("items", required=True)
        parsed = tuple(_alternatives(entry) for entry in items)
        if any(not alts for alts in parsed):
            fields.fail("items", "bank.q.list_item_empty")
        return ListQuestion.from_checked(**common, items=parsed, ordered=fields.flag("ordered"))

    def grade(self, question: ListQuestion, answer: str | list[str]) -> Grade:
        return grade_list(question, answer)

    def expected_text(self, question: ListQuestion) -> str:
        return "".join(alts[0] for alts in question.items if alts)

    def expected_answer(self, question: ListQuestion) -> list[str]:
        return first_alternatives(question.items)

    def expected_display(self, question: ListQuestion) -> str:
        return "；".join(alts[0] for alts in question.items if alts)

    def full_answer(self, question: ListQuestion) -> ShownAnswer:
        return ShownAnswer(
            text="\n".join(f"{i + 1}. {'｜'.join(alts)}" for i, alts in enumerate(question.items))
        )

    def reveal_answer(self, question: ListQuestion) -> ShownAnswer:
        # one numbered line per item, its wordings as the bank file writes them
        return ShownAnswer(
            text="\n".join(
                f"{i + 1}. {ALTERNATIVE_SEPARATOR.join(alts)}"
                for i, alts in enumerate(question.items)
            )
        )

    def board_answer(self, question: ListQuestion) -> ShownAnswer:
        # one numbered line per item, its first wording only (read from across the room)
        return ShownAnswer(
            text="\n".join(f"{i + 1}. {alts[0]}" for i, alts in enumerate(question.items) if alts)
        )

    def answer_strings(self, question: ListQuestion) -> list[str]:
        return [alt for alts in question.items for alt in alts]

    def hint(self, question: ListQuestion) -> Hint:
        if question.hint:
            return Hint(text=question.hint)
        # the first character and length of each part: no wording needed
        return Hint(
            text="；".join(f"{alts[0][:1]}…（{len(alts[0])}）" for alts in question.items if alts)
        )

    def guide(self, question: ListQuestion, shown: Sequence[str] = ()) -> list[Words]:
        key = "study.guide.list_ordered" if question.ordered else "study.guide.list"
        return [Words(key=key, values={"n": len(question.items)})]

    def parse_typed(
        self, question: ListQuestion, line: str, shown: Sequence[str] = ()
    ) -> str | list[str]:
        return split_items(line)

    def redact(self, question: ListQuestion, seed: int) -> dict[str, Any]:
        return {"count": len(question.items), "ordered": question.ordered}

    def sibling_words(self, question: Any) -> list[str]:
        return list(self.expected_answer(question))

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> ListQuestion:
        count = public_count(data, "count")
        return ListQuestion(
            **common, type="list", items=(("",),) * count, ordered=bool(data.get("ordered"))
        )

    def anki_content(self, question: ListQuestion, wording: AnkiWording) -> TypeInContent:
        answer = "；".join(alternatives[0] for alternatives in question.items)
        front = f"{question.prompt}（{wording.items(len(question.items))}）"
        return TypeInContent(front, answer)


TYPE = ListType()


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.


def grade_list(question: ListQuestion, answer: str | Sequence[str]) -> Grade:
    """Items matched one to one in any order (or in order when ``ordered``); score = recall ×
    precision, so extra and repeated items cost."""
    from trainer.core.grading.model import (
        EXTRA_ITEM_WEIGHT,
        Grade,
        clamp_to_verdict,
        given_text,
        truncation_notes,
    )
    from trainer.core.grading.normalize import canonical
    from trainer.core.grading.parts import (
        capped_by_length,
        combined_verdict,
        credit,
        missed,
        part_notes,
        part_result,
    )
    from trainer.core.grading.split import assign
    from trainer.core.grading.text import best_match

    assignment = assign(answer, question.items)
    parts: list[PartResult] = []
    for item, segment in enumerate(assignment.matched):
        alternatives = question.items[item]
        if segment is None:
            parts.append(missed(alternatives[0]))
            continue
        index, match = best_match(alternatives, segment.text)
        parts.append(part_result(alternatives[index], segment.text, match))
    notes = list(part_notes(parts))
    if question.ordered:
        parts, misplaced = _mark_misplaced(parts, assignment.order)
        if misplaced:
            notes.append("grading.note.order_wrong")
    extra = len(assignment.extra)
    if extra:
        notes.append("grading.note.extra_items")
    if assignment.duplicates:
        notes.append("grading.note.duplicate")
    count = max(1, len(parts))
    accepted = sum(1 for p in parts if p.verdict != "wrong")
    precision = accepted / (accepted + EXTRA_ITEM_WEIGHT * extra) if accepted else 0.0
    raw = sum(credit(p) for p in parts) / count * precision
    verdict = combined_verdict(parts, raw, extra)
    verdict, capped = capped_by_length(
        verdict, canonical("".join(a[0] for a in question.items)), answer
    )
    notes += capped
    return Grade(
        verdict=verdict,
        score=round(clamp_to_verdict(verdict, raw), 4),
        expected_text="；".join(alts[0] for alts in question.items),
        given_text=given_text(answer),
        parts=tuple(parts),
        extra=assignment.extra,
        notes=tuple(dict.fromkeys(notes)) + truncation_notes(answer),
    )


def _mark_misplaced(
    parts: list[PartResult], order: tuple[int, ...]
) -> tuple[list[PartResult], int]:
    """Halve the score of matched items that break the expected order (those outside the
    longest run of items written in increasing order)."""
    from trainer.core.grading.model import PartResult
    from trainer.core.grading.parts import longest_increasing
    from trainer.core.grading.text import Verdict

    keep = set(longest_increasing(order))
    misplaced = 0
    result = list(parts)
    for item in order:
        if item in keep:
            continue
        misplaced += 1
        part = result[item]
        verdict: Verdict = "partial" if part.verdict != "wrong" else "wrong"
        result[item] = PartResult(
            part.expected,
            part.given,
            verdict,
            round(part.score / 2, 4),
            part.diff,
            (*part.notes, "grading.note.misplaced"),
        )
    return result, misplaced
