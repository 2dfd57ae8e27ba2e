"""Scoring answers made of several parts (cloze blanks, list and order items): what the
graders of those question types share. Each type's grader lives in its home
(``trainer/core/qtypes/cloze.py``, ``list.py``, ``order.py``) and calls these.

Each blank or expected item gets a :class:`PartResult`; a whole answer is ``correct`` when
every part is, ``close`` when every part is at least close, ``partial`` when some part counts.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from trainer.core.grading.model import PartResult, length_cap
from trainer.core.grading.normalize import canonical
from trainer.core.grading.split import MAX_ANSWER_CHARS
from trainer.core.grading.text import VERDICT_RANK, DiffOp, TextMatch, Verdict


def part_result(expected: str, given: str, match: TextMatch) -> PartResult:
    return PartResult(
        expected=expected,
        given=given,
        verdict=match.verdict,
        score=match.score,
        diff=match.diff,
        notes=match.notes,
    )


def missed(expected: str) -> PartResult:
    diff = (DiffOp("missing", canonical(expected), ""),)
    return PartResult(expected, "", "wrong", 0.0, diff, ("grading.note.missed",))


def credit(part: PartResult) -> float:
    """What a part adds to the whole: a wrong blank or item adds nothing."""
    return 0.0 if part.verdict == "wrong" else part.score


def part_notes(parts: Sequence[PartResult]) -> tuple[str, ...]:
    keys = [n for p in parts if p.given for n in p.notes if n != "grading.note.empty"]
    return tuple(dict.fromkeys(keys))


def combined_verdict(parts: Sequence[PartResult], score: float, extra: int) -> Verdict:
    if parts and all(p.verdict == "correct" for p in parts) and not extra:
        return "correct"
    if parts and all(p.verdict in ("correct", "close") for p in parts) and not extra:
        return "close"
    if any(p.verdict != "wrong" for p in parts):
        return "partial"
    return "wrong"


def capped_by_length(
    verdict: Verdict, expected: str, answer: str | Sequence[str]
) -> tuple[Verdict, list[str]]:
    """The verdict limited by the answer's length (a pasted paragraph, a dump of the
    report), with the note that says so."""
    text = answer if isinstance(answer, str) else "".join(answer)
    cap = length_cap(len(expected), len(canonical(text, MAX_ANSWER_CHARS)))
    if cap is not None and VERDICT_RANK[verdict] > VERDICT_RANK[cap]:
        return cap, ["grading.note.too_long"]
    return verdict, []


def longest_increasing(sequence: Sequence[int]) -> list[int]:
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
