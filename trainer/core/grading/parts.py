"""Grading answers made of several parts: cloze blanks, list items, order items.

Each blank or expected item gets a :class:`PartResult`; the whole scores by the mean of the
parts (cloze), recall × precision (list) or items in place (order).
"""

from __future__ import annotations

from collections.abc import Sequence

from trainer.core.bank import BLANK_PATTERN, ClozeQuestion, ListQuestion, OrderQuestion
from trainer.core.grading.model import (
    EXTRA_ITEM_WEIGHT,
    Grade,
    PartResult,
    clamp_to_verdict,
    given_text,
    truncation_notes,
)
from trainer.core.grading.normalize import canonical
from trainer.core.grading.text import DiffOp, TextMatch, Verdict, best_match, compare

# --------------------------------------------------------------------------- cloze


def grade_cloze(question: ClozeQuestion, answer: str | Sequence[str]) -> Grade:
    """Each blank on its own, positionally; score = mean, a wrong blank adds nothing."""
    from trainer.core.grading.split import split_blanks

    blanks = question.blanks or tuple(
        tuple(a.strip() for a in m.group(1).split("|") if a.strip()) or ("",)
        for m in BLANK_PATTERN.finditer(question.text)
    )
    literals = [s for s in BLANK_PATTERN.split(question.text)[::2]]
    given = split_blanks(answer, blanks, literals)
    parts: list[PartResult] = []
    for alternatives, piece in zip(blanks, given, strict=True):
        alternatives = alternatives or ("",)
        index, match = best_match(alternatives, piece, allow_fillers=False)
        parts.append(_part(alternatives[index], piece, match))
    score = sum(_credit(p) for p in parts) / len(parts) if parts else 0.0
    filled = iter(alts[0] if alts else "" for alts in blanks)
    expected_text = BLANK_PATTERN.sub(lambda _m: next(filled), question.text)
    notes = _part_notes(parts) + truncation_notes(answer)
    return Grade(
        verdict=_combined_verdict(parts, score, extra=0),
        score=round(score, 4),
        expected_text=expected_text,
        given_text=given_text(answer, " | "),
        parts=tuple(parts),
        notes=notes,
    )


def _part(expected: str, given: str, match: TextMatch) -> PartResult:
    return PartResult(
        expected=expected,
        given=given,
        verdict=match.verdict,
        score=match.score,
        diff=match.diff,
        notes=match.notes,
    )


def _credit(part: PartResult) -> float:
    """What a part adds to the whole: a wrong blank or item adds nothing."""
    return 0.0 if part.verdict == "wrong" else part.score


def _part_notes(parts: Sequence[PartResult]) -> tuple[str, ...]:
    keys = [n for p in parts if p.given for n in p.notes if n != "grading.note.empty"]
    return tuple(dict.fromkeys(keys))


def _combined_verdict(parts: Sequence[PartResult], score: float, extra: int) -> Verdict:
    if parts and all(p.verdict == "correct" for p in parts) and not extra:
        return "correct"
    if parts and all(p.verdict in ("correct", "close") for p in parts) and not extra:
        return "close"
    if any(p.verdict != "wrong" for p in parts):
        return "partial"
    return "wrong"


# --------------------------------------------------------------------------- list / order


def grade_list(question: ListQuestion, answer: str | Sequence[str]) -> Grade:
    """Items matched one to one in any order (or in order when ``ordered``); score = recall ×
    precision, so extra and repeated items cost."""
    from trainer.core.grading.split import assign

    assignment = assign(answer, question.items)
    parts: list[PartResult] = []
    for item, segment in enumerate(assignment.matched):
        alternatives = question.items[item]
        if segment is None:
            parts.append(_missed(alternatives[0]))
            continue
        index, match = best_match(alternatives, segment.text)
        parts.append(_part(alternatives[index], segment.text, match))
    notes = list(_part_notes(parts))
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
    raw = sum(_credit(p) for p in parts) / count * precision
    verdict = _combined_verdict(parts, raw, extra)
    return Grade(
        verdict=verdict,
        score=round(clamp_to_verdict(verdict, raw), 4),
        expected_text="；".join(alts[0] for alts in question.items),
        given_text=given_text(answer),
        parts=tuple(parts),
        extra=assignment.extra,
        notes=tuple(dict.fromkeys(notes)) + truncation_notes(answer),
    )


def _missed(expected: str) -> PartResult:
    diff = (DiffOp("missing", canonical(expected), ""),)
    return PartResult(expected, "", "wrong", 0.0, diff, ("grading.note.missed",))


def _mark_misplaced(
    parts: list[PartResult], order: tuple[int, ...]
) -> tuple[list[PartResult], int]:
    """Halve the score of matched items that break the expected order (those outside the
    longest run of items written in increasing order)."""
    keep = set(_longest_increasing(order))
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


def _longest_increasing(sequence: Sequence[int]) -> list[int]:
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        position = bisect.bisect_left(tails, value)
        if position:
            previous[index] = tail_index[position - 1]
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
    result: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.append(sequence[index])
        index = previous[index]
    return result[::-1]


def grade_order(question: OrderQuestion, answer: str | Sequence[str]) -> Grade:
    """The items in order; score = items in the right position / items."""
    from trainer.core.grading.split import assign

    expected = [(item,) for item in question.items]
    assignment = assign(answer, expected)
    position_of = {item: rank for rank, item in enumerate(assignment.order)}
    parts: list[PartResult] = []
    in_place = 0
    for item, segment in enumerate(assignment.matched):
        if segment is None:
            parts.append(_missed(question.items[item]))
            continue
        match = compare(question.items[item], segment.text)
        part = _part(question.items[item], segment.text, match)
        if position_of.get(item) != item:
            part = PartResult(
                part.expected,
                part.given,
                "wrong",
                0.0,
                part.diff,
                (*part.notes, "grading.note.misplaced"),
            )
        elif part.matched:
            in_place += 1
        parts.append(part)
    count = max(1, len(parts))
    raw = in_place / count
    notes = list(_part_notes(parts))
    if assignment.extra:
        notes.append("grading.note.extra_items")
    if in_place == count and not assignment.extra:
        verdict: Verdict = "correct" if all(p.verdict == "correct" for p in parts) else "close"
    elif in_place:
        verdict = "partial"
    else:
        verdict = "wrong"
    return Grade(
        verdict=verdict,
        score=round(clamp_to_verdict(verdict, raw), 4),
        expected_text=" → ".join(question.items),
        given_text=given_text(answer, " → "),
        parts=tuple(parts),
        extra=assignment.extra,
        notes=tuple(dict.fromkeys(notes)) + truncation_notes(answer),
    )
