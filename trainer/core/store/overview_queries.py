"""The targeted reads behind the home screen's figures (:mod:`trainer.core.overview`).

The home screen used to compute the whole statistics screen and read every card again each
time it was shown. These are the few reads it needs, plus a *change stamp* that tells whether
anything in the store changed since the figures were last computed, and an incremental 错题本
count that reads only the reviews added since its last look.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from weakref import WeakKeyDictionary

from trainer.core.store.marks import _REMEMBERED, RIGHT_TO_LEAVE_WRONG_BOOK

if TYPE_CHECKING:
    from trainer.core.store import Store

_DAY = 86400.0
_T = TypeVar("_T")


def change_stamp(store: Store) -> tuple[int, int]:
    """Changes to the store since it was opened: by this connection (``total_changes()``, every
    write of this process, worker threads included) and by other processes (``PRAGMA
    data_version``: a background ``trainer sync``). Equal stamps: nothing was written."""
    version = store.query("PRAGMA data_version")[0][0]
    changes = store.query("SELECT total_changes()")[0][0]
    return int(version), int(changes)


class StampedMemo:
    """Values worked out from one store's rows, kept while nothing is written to it.

    Each value is kept under a key that names everything else it depends on (a bank, a
    profile, the learner's day); any write to the store (:func:`change_stamp`) drops them all.
    Safe to use from worker threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._values: dict[Hashable, Any] = {}

    def get(self, store: Store, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The value kept under ``key``, or ``compute()`` (then kept while the store is
        unchanged)."""
        stamp = change_stamp(store)
        with self._lock:
            if stamp != self._stamp:
                self._values, self._stamp = {}, stamp
            elif key in self._values:
                kept: _T = self._values[key]
                return kept
        value = compute()
        with self._lock:
            # Kept only if nothing was written meanwhile (it might be from before the write).
            if change_stamp(store) == stamp == self._stamp:
                self._values[key] = value
        return value


_MEMOS: WeakKeyDictionary[Store, StampedMemo] = WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def memo(store: Store) -> StampedMemo:
    """The :class:`StampedMemo` of an open store (one per store object)."""
    with _MEMOS_LOCK:
        found = _MEMOS.get(store)
        if found is None:
            found = _MEMOS[store] = StampedMemo()
        return found


def profile_id(store: Store, profile: str) -> int | None:
    """The id of an existing profile (None: never created)."""
    rows = store.query("SELECT id FROM profiles WHERE name = ?", (profile,))
    return int(rows[0][0]) if rows else None


CARD_DUES_SQL = (
    "SELECT question_id, CASE WHEN state = 0 THEN 0 WHEN state IN (1, 3) THEN 1 "
    "WHEN due - last_review >= ? THEN 3 ELSE 2 END, due, state != 0 "
    "FROM cards WHERE profile_id = ? AND bank_id = ?"
)
"""The read of :func:`card_dues` (parameters: mature seconds, profile id, bank id); the
``cards_overview`` index covers it."""


def card_dues(
    store: Store, pid: int, bank_id: str, mature_days: float
) -> list[tuple[str, int, float, int]]:
    """Every card of a profile in a bank as ``(question_id, class, due, studied)``: class 0 new,
    1 learning (or relearning), 2 young, 3 mature (from ``mature_days``), as
    ``stats.CLASS_INDEX``; studied is 1 when its state is not New. Plain tuples: at 50,000
    cards, objects would cost more than the read."""
    return store.query(CARD_DUES_SQL, (mature_days * _DAY, pid, bank_id))


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
    _book: set[str] = field(default_factory=set)
    """The questions in the 错题本 now (kept as the reviews are replayed, not counted again)."""

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
        # The whole log, up to the last review counted above (one written meanwhile is read
        # next time; one deleted meanwhile makes the next count differ: a replay again).
        last_at = store.query(
            "SELECT MAX(reviewed_at) FROM reviews WHERE profile_id = ?", (self.profile,)
        )[0][0]
        rows = store.query(
            "SELECT question_id, verdict FROM reviews WHERE profile_id = ? AND bank_id = ? "
            "AND mode != 'cram' AND id <= ? ORDER BY reviewed_at, id",
            (self.profile, self.bank_id, last_id),
        )
        self._streak, self._missed, self._book = {}, set(), set()
        self._replay(rows)
        self._last_id = int(last_id)
        self._last_at = float(last_at) if last_at is not None else float("-inf")
        self._profile_rows = int(total)
        return self._size()

    def _apply(self, rows: list[tuple[Any, ...]]) -> None:
        """Reviews added since the last look (every bank and mode of the profile)."""
        for review_id, at, _bank, _mode, _qid, _verdict in rows:
            self._last_id = max(self._last_id, int(review_id))
            self._last_at = max(self._last_at, float(at))
        self._replay(
            [
                (qid, verdict)
                for _, _, bank, mode, qid, verdict in rows
                if bank == self.bank_id and mode != "cram"
            ]
        )

    def _replay(self, rows: list[tuple[Any, ...]]) -> None:
        """``(question_id, verdict)`` of this bank's reviews in order, cram sessions left out."""
        streak, missed, book = self._streak, self._missed, self._book
        for question_id, verdict in rows:
            if verdict in _REMEMBERED:
                if question_id in missed:
                    streak[question_id] = streak.get(question_id, 0) + 1
                    if streak[question_id] >= RIGHT_TO_LEAVE_WRONG_BOOK:
                        book.discard(question_id)
            else:
                missed.add(question_id)
                streak[question_id] = 0
                book.add(question_id)

    def _size(self) -> int:
        return len(self._book)
