"""What a learner does to questions besides answering them: undo an answer, 收藏 (flag) or
suspend a question, peek at the report before answering, and the 错题本 (wrong-answer book).

Functions take an open :class:`~trainer.core.store.Store`; the SQL stays inside the store
package. Flags and suspensions live in the ``question_marks`` table, peeks in ``review_peeks``
(both added by ``_v2_to_v3``). The 错题本 needs no table of its own: it is read from
the review log (a question stays in it from a wrong answer until it has been answered right
twice since).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from fsrs import Card

from trainer.core.clock import to_epoch, utc_now
from trainer.core.scheduling.replay import is_lapse

if TYPE_CHECKING:
    from datetime import datetime

    from trainer.core.store import Store

RIGHT_TO_LEAVE_WRONG_BOOK = 2
"""Right answers (since the last wrong one) that take a question out of the 错题本."""
MARKS = ("flagged", "suspended")
_REMEMBERED = ("correct", "close")


def undo_review(store: Store, review_id: int) -> tuple[str, str]:
    """Remove a review from the log and put its card back as it was before that answer.

    Only the latest answer to a question can be undone this way (the card before it is the
    card after the one before); the session only ever undoes its own last answers.

    Args:
        store: the open store.
        review_id: the review to take back.

    Returns:
        ``(bank_id, question_id)`` of the review.

    Raises:
        StoreError: no such review, a later answer to the same question exists, or the store
            cannot be written.
    """
    from trainer.core.store import SCHEDULED_MODES, StoreError

    with store._write() as conn:
        row = conn.execute(
            "SELECT profile_id, bank_id, question_id, reviewed_at, mode, rating, card_before "
            "FROM reviews WHERE id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            raise StoreError(
                f"no review with id {review_id}", "store.error.no_review", id=review_id
            )
        pid, bank_id, question_id, reviewed_at, mode, rating, card_before = row
        later = conn.execute(
            "SELECT 1 FROM reviews WHERE profile_id = ? AND bank_id = ? AND question_id = ? "
            "AND (reviewed_at, id) > (?, ?) LIMIT 1",
            (pid, bank_id, question_id, reviewed_at, review_id),
        ).fetchone()
        if later is not None:
            raise StoreError(f"review {review_id} is not the latest answer to its question")
        uid = conn.execute("SELECT uid FROM reviews WHERE id = ?", (review_id,)).fetchone()[0]
        conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        conn.execute("DELETE FROM review_peeks WHERE review_uid = ?", (uid,))
        if mode not in SCHEDULED_MODES:
            return str(bank_id), str(question_id)
        if card_before is None:
            conn.execute(
                "DELETE FROM cards WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
                (pid, bank_id, question_id),
            )
            return str(bank_id), str(question_id)
        current = conn.execute(
            "SELECT content_hash, reps, lapses FROM cards "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (pid, bank_id, question_id),
        ).fetchone()
        content_hash, reps, lapses = current if current is not None else ("", 1, 0)
        before = Card.from_json(card_before)
        if is_lapse(before.state, rating):
            lapses -= 1
        store._put_card(
            conn,
            pid,
            bank_id,
            question_id,
            content_hash,
            before,
            max(0, int(reps) - 1),
            max(0, int(lapses)),
        )
    return str(bank_id), str(question_id)


def log_peek(store: Store, review_uid: str, at: datetime | None = None) -> None:
    """Note that the learner opened the report before giving this answer."""
    moment = to_epoch(at or utc_now())
    with store._write() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO review_peeks (review_uid, peeked_at) VALUES (?, ?)",
            (review_uid, moment),
        )


def peeked(store: Store, review_uid: str) -> bool:
    """The learner looked at the report before this answer."""
    rows = store.query("SELECT 1 FROM review_peeks WHERE review_uid = ?", (review_uid,))
    return bool(rows)


def peeked_uids(store: Store) -> set[str]:
    """The uids of every answer given after looking at the report (for ``trainer export``)."""
    return {str(row[0]) for row in store.query("SELECT review_uid FROM review_peeks")}


def import_peeks(store: Store, review_uids: Iterable[str]) -> int:
    """Mark imported answers as given after a look at the report (``trainer import``).

    Only uids of reviews in the store are marked (a review skipped as malformed has none); the
    peek's time is the answer's own, the closest an export keeps.

    Returns:
        How many peeks were added.
    """
    added = 0
    with store._write() as conn:
        for uid in review_uids:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO review_peeks (review_uid, peeked_at) "
                "SELECT uid, reviewed_at FROM reviews WHERE uid = ?",
                (uid,),
            )
            added += max(0, cursor.rowcount)
    return added


def set_mark(
    store: Store, profile: str, bank_id: str, question_id: str, mark: str, on: bool
) -> None:
    """Flag (收藏) or suspend a question, or take the mark off.

    Raises:
        ValueError: ``mark`` is not ``flagged`` or ``suspended``.
    """
    if mark not in MARKS:
        raise ValueError(f"unknown mark {mark!r} (one of {', '.join(MARKS)})")
    with store._write() as conn:
        pid = store._profile_id(conn, profile, create=True)
        conn.execute(
            "INSERT OR IGNORE INTO question_marks (profile_id, bank_id, question_id) "
            "VALUES (?, ?, ?)",
            (pid, bank_id, question_id),
        )
        # mark is one of MARKS (checked above), never text from outside
        conn.execute(
            f"UPDATE question_marks SET {mark} = ? "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (int(on), pid, bank_id, question_id),
        )


def marked(store: Store, profile: str, bank_id: str, mark: str) -> frozenset[str]:
    """Question ids carrying ``mark`` (``flagged`` or ``suspended``)."""
    if mark not in MARKS:
        raise ValueError(f"unknown mark {mark!r} (one of {', '.join(MARKS)})")
    pid = store._existing_profile_id(profile)
    if pid is None:
        return frozenset()
    rows = store.query(
        f"SELECT question_id FROM question_marks WHERE profile_id = ? AND bank_id = ? "
        f"AND {mark} = 1",
        (pid, bank_id),
    )
    return frozenset(str(row[0]) for row in rows)


def wrong_book(store: Store, profile: str, bank_id: str) -> list[str]:
    """The 错题本: questions answered wrong (or partly) and not yet answered right twice since.

    Returns:
        Question ids, the most recently missed first.
    """
    pid = store._existing_profile_id(profile)
    if pid is None:
        return []
    rows = store.query(
        "SELECT question_id, verdict, reviewed_at FROM reviews "
        "WHERE profile_id = ? AND bank_id = ? AND mode != 'cram' ORDER BY reviewed_at, id",
        (pid, bank_id),
    )
    streak: dict[str, int] = {}
    missed_at: dict[str, float] = {}
    for question_id, verdict, at in rows:
        if verdict in _REMEMBERED:
            if question_id in missed_at:
                streak[question_id] = streak.get(question_id, 0) + 1
        else:
            missed_at[question_id] = float(at)
            streak[question_id] = 0
    book = [qid for qid in missed_at if streak.get(qid, 0) < RIGHT_TO_LEAVE_WRONG_BOOK]
    book.sort(key=lambda qid: -missed_at[qid])
    return book
