"""The targeted reads behind the home screen's figures (:mod:`trainer.core.overview`).

The home screen used to compute the whole statistics screen and read every card again each
time it was shown. These are the few reads it needs, plus a *change stamp* that tells whether
anything in the store changed since the figures were last computed, and an incremental 错题本
count that reads only the reviews added since its last look.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trainer.core.store.marks import _REMEMBERED, RIGHT_TO_LEAVE_WRONG_BOOK

if TYPE_CHECKING:
    from trainer.core.store import Store

_DAY = 86400.0


def change_stamp(store: Store) -> tuple[int, int]:
    """Changes to the store since it was opened: by this connection (``total_changes()``, every
    write of this process, worker threads included) and by other processes (``PRAGMA
    data_version``: a background ``trainer sync``). Equal stamps: nothing was written."""
    version = store.query("PRAGMA data_version")[0][0]
    changes = store.query("SELECT total_changes()")[0][0]
    return int(version), int(changes)


def profile_id(store: Store, profile: str) -> int | None:
    """The id of an existing profile (None: never created)."""
    rows = store.query("SELECT id FROM profiles WHERE name = ?", (profile,))
    return int(rows[0][0]) if rows else None


@dataclass(frozen=True)
class CardDue:
    """What the home screen needs of one card: its class and when it is due."""

    question_id: str
    kind: int
    """0 new, 1 learning (or relearning), 2 young, 3 mature (``stats.CLASS_INDEX``)."""
    due: float
    studied: bool
    """Its state is not New (counted as studied by the statistics)."""


def card_dues(store: Store, pid: int, bank_id: str, mature_days: float) -> list[CardDue]:
    """Every card of a profile in a bank: class (mature from ``mature_days``) and due time."""
    rows = store.query(
        "SELECT question_id, CASE WHEN state = 0 THEN 0 WHEN state IN (1, 3) THEN 1 "
        "WHEN due - last_review >= ? THEN 3 ELSE 2 END, due, state != 0 "
        "FROM cards WHERE profile_id = ? AND bank_id = ?",
        (mature_days * _DAY, pid, bank_id),
    )
    return [
        CardDue(str(qid), int(kind), float(due), bool(studied)) for qid, kind, due, studied in rows
    ]


@dataclass
class WrongBookCount:
    """The size of a profile's 错题本 in one bank, kept up to date incrementally.

    The rules are :func:`trainer.core.store.marks.wrong_book`'s: a question answered wrong or
    partly (cram sessions aside) stays until answered right twice since. Reviews are replayed
    in ``(reviewed_at, id)`` order; when the only change since the last look is reviews added
    after the last one seen (the learner answered), only those are read; anything else (an
    undo, an import of older reviews) replays the whole log.
    """

    profile: int
    bank_id: str
    _last_id: int = -1
    _last_at: float = float("-inf")
    _profile_rows: int = -1
    _streak: dict[str, int] = field(default_factory=dict)
    _missed: set[str] = field(default_factory=set)

    def count(self, store: Store) -> int:
        """The number of questions in the 错题本 now."""
        total, last_id = store.query(
            "SELECT COUNT(*), COALESCE(MAX(id), -1) FROM reviews WHERE profile_id = ?",
            (self.profile,),
        )[0]
        if self._profile_rows >= 0 and last_id >= self._last_id:
            added = store.query(
                "SELECT id, reviewed_at, bank_id, mode, question_id, verdict FROM reviews "
                "WHERE id > ? AND profile_id = ? ORDER BY reviewed_at, id",
                (self._last_id, self.profile),
            )
            appended = all(float(row[1]) >= self._last_at for row in added)
            if appended and self._profile_rows + len(added) == int(total):
                self._apply(added)
                self._profile_rows = int(total)
                return self._size()
        self._streak, self._missed = {}, set()
        self._last_id, self._last_at = -1, float("-inf")
        rows = store.query(
            "SELECT id, reviewed_at, bank_id, mode, question_id, verdict FROM reviews "
            "WHERE profile_id = ? ORDER BY reviewed_at, id",
            (self.profile,),
        )
        self._apply(rows)
        self._profile_rows = len(rows)
        return self._size()

    def _apply(self, rows: list[tuple[object, ...]]) -> None:
        streak, missed = self._streak, self._missed
        for review_id, at, bank_id, mode, question_id, verdict in rows:
            self._last_id = max(self._last_id, int(review_id))  # type: ignore[call-overload]
            self._last_at = max(self._last_at, float(at))  # type: ignore[arg-type]
            if bank_id != self.bank_id or mode == "cram":
                continue
            qid = str(question_id)
            if verdict in _REMEMBERED:
                if qid in missed:
                    streak[qid] = streak.get(qid, 0) + 1
            else:
                missed.add(qid)
                streak[qid] = 0

    def _size(self) -> int:
        return sum(
            1 for qid in self._missed if self._streak.get(qid, 0) < RIGHT_TO_LEAVE_WRONG_BOOK
        )
