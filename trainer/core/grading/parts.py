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
    length_cap,
    truncation_notes,
)
from trainer.core.grading.normalize import canonical
from trainer.core.grading.split import MAX_ANSWER_CHARS
from trainer.core.grading.text import (
    PARTIAL_CEILING,
    PARTIAL_FLOOR,
    VERDICT_RANK,
    DiffOp,
    TextMatch,
    Verdict,
    best_match,
    compare,
)

# --------------------------------------------------------------------------- cloze


def grade_cloze(question: ClozeQuestion, answer: str | Sequence[str]) -> Grade:
    """Each blank on its own, positionally; score = mean × precision: a wrong blank adds
    nothing, and each candidate left over (``102 120 240余 204余`` for two blanks) costs like
    an extra list item. Words of the sentence around a blank typed into it are not extra."""
    from trainer.core.grading.split import split_blanks_and_extra

    blanks = question.blanks or tuple(
        tuple(a.strip() for a in m.group(1).split("|") if a.strip()) or ("",)
        for m in BLANK_PATTERN.finditer(question.text)
    )
    literals = [s for s in BLANK_PATTERN.split(question.text)[::2]]
    given, leftover = split_blanks_and_extra(answer, blanks, literals)
    parts: list[PartResult] = []
    for number, (alternatives, piece) in enumerate(zip(blanks, given, strict=True)):
        alternatives = alternatives or ("",)
        index, match = best_match(alternatives, piece, allow_fillers=False)
        if match.verdict != "correct" and len(literals) == len(blanks) + 1:
            trimmed = _without_context(piece, literals[number], literals[number + 1])
            if trimmed != piece:
                index2, match2 = best_match(alternatives, trimmed, allow_fillers=False)
                if match2.rank > match.rank:
                    index, match = index2, match2
        parts.append(_part(alternatives[index], piece, match))
    extra = len(leftover)
    accepted = sum(1 for p in parts if p.verdict != "wrong")
    precision = accepted / (accepted + EXTRA_ITEM_WEIGHT * extra) if accepted else 0.0
    raw = (sum(_credit(p) for p in parts) / len(parts) if parts else 0.0) * precision
    filled = iter(alts[0] if alts else "" for alts in blanks)
    expected_text = BLANK_PATTERN.sub(lambda _m: next(filled), question.text)
    notes = list(_part_notes(parts))
    if extra:
        notes.append("grading.note.extra_pieces")
    verdict = _combined_verdict(parts, raw, extra)
    verdict, capped = _capped(verdict, canonical(expected_text), answer)
    notes += capped
    return Grade(
        verdict=verdict,
        score=round(clamp_to_verdict(verdict, raw), 4),
        expected_text=expected_text,
        given_text=given_text(answer, " | "),
        parts=tuple(parts),
        extra=tuple(leftover[:50]),
        notes=tuple(notes) + truncation_notes(answer),
    )


def _without_context(piece: str, before: str, after: str) -> str:
    """``piece`` without the words of the sentence just around its blank that the learner
    typed into it too (务实之策 for 献{{务实}}之策)."""
    text = canonical(piece)
    head, tail = canonical(before), canonical(after)
    for size in range(min(len(tail), 4), 0, -1):
        if len(text) > size and text.endswith(tail[:size]):
            text = text[:-size]
            break
    for size in range(min(len(head), 4), 0, -1):
        if len(text) > size and text.startswith(head[-size:]):
            text = text[size:]
            break
    return text


def _capped(
    verdict: Verdict, expected: str, answer: str | Sequence[str]
) -> tuple[Verdict, list[str]]:
    """The verdict limited by the answer's length (a pasted paragraph, a dump of the
    report), with the note that says so."""
    text = answer if isinstance(answer, str) else "".join(answer)
    cap = length_cap(len(expected), len(canonical(text, MAX_ANSWER_CHARS)))
    if cap is not None and VERDICT_RANK[verdict] > VERDICT_RANK[cap]:
        return cap, ["grading.note.too_long"]
    return verdict, []


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
    verdict, capped = _capped(verdict, canonical("".join(a[0] for a in question.items)), answer)
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
    """The items in order. Credit goes by how much of the order is right: the longest run of
    items written in the right relative order (so one item moved, or a shift by one place,
    keeps most of it); items outside it are misplaced, extra items cost like a list's."""
    from trainer.core.grading.split import assign

    expected = [(item,) for item in question.items]
    assignment = assign(answer, expected)
    in_order = set(_longest_increasing(assignment.order))
    parts: list[PartResult] = []
    for item, segment in enumerate(assignment.matched):
        if segment is None:
            parts.append(_missed(question.items[item]))
            continue
        match = compare(question.items[item], segment.text)
        part = _part(question.items[item], segment.text, match)
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
    notes = list(_part_notes(parts))
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
    verdict, capped = _capped(verdict, canonical("".join(question.items)), answer)
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
