"""A learner's assignments (from their study groups, received at sync) measured against their
cards: how many assigned questions are still to master and how many days are left.

A question counts as mastered when its FSRS recall now is at least :data:`MASTERED_RECALL`
(the dashboard's measure too). Returns data only; the app words it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from trainer.core import scheduling

MASTERED_RECALL = 0.9


@dataclass(frozen=True)
class AssignmentProgress:
    group: str
    bank_id: str
    sections: tuple[str, ...]
    deadline: date
    days_left: int
    total: int
    left: int


def progress(
    bank: Any,
    cards: Iterable[Any],
    assignments: Sequence[Mapping[str, Any]],
    today: date,
    now_ts: float,
) -> list[AssignmentProgress]:
    """The assignments of ``bank`` that are not past, nearest deadline first.

    Args:
        bank: the open bank (its ``id`` and ``questions``).
        cards: the profile's card rows (``bank_id``, ``question_id``, ``stability``,
            ``last_review``).
        assignments: as kept in the ``sync.assignments`` setting.
        today: the learner's local date.
        now_ts: now, UTC epoch seconds.
    """
    recall = {
        c.question_id: scheduling.retrievability(c.stability, c.last_review, now_ts)
        for c in cards
        if c.bank_id == bank.id
    }
    out = []
    for item in assignments:
        if item.get("bank_id") != bank.id:
            continue
        try:
            deadline = date.fromisoformat(str(item.get("deadline")))
        except ValueError:
            continue
        if deadline < today:
            continue
        sections = tuple(item.get("sections") or ())
        questions = [q.id for q in bank.questions if not sections or q.section in sections]
        left = sum(1 for qid in questions if recall.get(qid, 0.0) < MASTERED_RECALL)
        out.append(
            AssignmentProgress(
                group=str(item.get("group", "")),
                bank_id=bank.id,
                sections=sections,
                deadline=deadline,
                days_left=(deadline - today).days,
                total=len(questions),
                left=left,
            )
        )
    return sorted(out, key=lambda p: p.deadline)
