"""The review log: recording an answer, overriding its rating, replaying a card's log (the pure
replay is :func:`trainer.core.scheduling.replay.replay`) and reading the log back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fsrs import Card, Rating, Scheduler

from trainer.core import scheduling
from trainer.core.clock import (
    as_utc,
    from_epoch,
    to_epoch,
    utc_now,
)
from trainer.core.scheduling import replay as replaying
from trainer.core.store.connection import ProfileError, StoreError
from trainer.core.store.records import (
    ReviewRecord,
    new_review_uid,
)

if TYPE_CHECKING:
    from trainer.core.store import Store


WRITE_CHUNK = 2000
"""Long writes (import, rebuild) commit every this many records/cards, so that another process
(a study session) never waits for the write lock anywhere near BUSY_TIMEOUT_S."""

MODES = ("study", "review", "exam", "group", "cram", "challenge")
SCHEDULED_MODES = frozenset({"study", "review", "exam", "group", "challenge"})
"""Modes whose answers move the FSRS card; ``cram`` answers are logged only."""
NEW_COUNTING_MODES = ("study", "review")
"""Modes whose first answers count against the new-per-day limit."""
VERDICTS = ("correct", "close", "partial", "wrong")


RECORD_FIELDS = tuple(f.name for f in fields(ReviewRecord))
"""Every field of :class:`ReviewRecord`: the one list of a review's columns, in order."""
_LINKED = {"profile": ("profile_id", "p.name"), "exam_uid": ("exam_id", "e.uid")}
"""Fields stored as a link to another table: field → (column in ``reviews``, what reads it)."""
WRITTEN_FIELDS = tuple(name for name in RECORD_FIELDS if name != "id")
"""The fields a new review row is written from (the row id is SQLite's)."""


def _column(name: str) -> str:
    return _LINKED[name][0] if name in _LINKED else name


REVIEW_COLUMNS = frozenset(_column(name) for name in RECORD_FIELDS) - {"card_before"}
"""The raw columns :meth:`Store.review_tuples` may read (the card before is JSON, not a
figure)."""
_REVIEW_SELECT = (
    "SELECT "
    + ", ".join(_LINKED[name][1] if name in _LINKED else f"r.{name}" for name in RECORD_FIELDS)
    + " FROM reviews r JOIN profiles p ON p.id = r.profile_id "
    "LEFT JOIN exams e ON e.id = r.exam_id"
)


_AT, _ID = RECORD_FIELDS.index("reviewed_at"), RECORD_FIELDS.index("id")
"""Where the keyset of :func:`iter_reviews` is in a row of :data:`_REVIEW_SELECT`."""


def _review_from_row(row: tuple[Any, ...]) -> ReviewRecord:
    """A record from a row of :data:`_REVIEW_SELECT`."""
    values = dict(zip(RECORD_FIELDS, row, strict=True))
    values["reviewed_at"] = from_epoch(values["reviewed_at"])
    values["hint_used"] = bool(values["hint_used"])
    values["card_before"] = json.loads(values["card_before"]) if values["card_before"] else None
    return ReviewRecord(**values)


def stored_form(record: ReviewRecord, card_before: str | None) -> dict[str, Any]:
    """Each of :data:`WRITTEN_FIELDS` as stored: instants as epoch seconds, flags as 0/1, the
    card before as its JSON text (``card_before``; the record's own dict is not re-encoded)."""
    form = {name: getattr(record, name) for name in WRITTEN_FIELDS}
    form["reviewed_at"] = to_epoch(record.reviewed_at)
    form["hint_used"] = int(record.hint_used)
    form["card_before"] = card_before
    return form


def written_row(form: Mapping[str, Any], profile_id: int, exam_id: int | None) -> tuple[Any, ...]:
    """The values of a new review row (:data:`_INTO_REVIEWS`) from a :func:`stored_form`, the
    linked fields replaced by the ids they link to."""
    links = {"profile": profile_id, "exam_uid": exam_id}
    return tuple(links[name] if name in links else form[name] for name in WRITTEN_FIELDS)


_INTO_REVIEWS = (
    f"INTO reviews ({', '.join(_column(name) for name in WRITTEN_FIELDS)}) "
    f"VALUES ({', '.join('?' for _ in WRITTEN_FIELDS)})"
)
"""A new review row: recorded (``INSERT``) or imported (``INSERT OR IGNORE``, on its uid)."""


def record_review(
    store: Store,
    profile: str,
    *,
    bank_id: str,
    question_id: str,
    rating: int | Rating,
    verdict: str,
    score: float,
    answer: str = "",
    content_hash: str = "",
    mode: str = "study",
    duration_ms: int | None = None,
    hint_used: bool = False,
    reviewed_at: datetime | None = None,
    exam_id: int | None = None,
    suggested_rating: int | None = None,
    uid: str | None = None,
) -> ReviewRecord:
    """Log one answer and move its FSRS card, in one transaction committed before return.

    Args:
        profile: the learner (created if missing).
        bank_id: the bank's id (not its file name, so renaming the file keeps progress).
        question_id: the question's id.
        rating: the FSRS rating 1–4 (the learner's override if any).
        verdict: the grading verdict.
        score: the grading score in [0, 1].
        answer: what the learner answered, as text.
        content_hash: the question's current content hash.
        mode: study, review, exam, group or cram (cram answers do not move the card).
        duration_ms: time taken to answer.
        hint_used: the hint was shown.
        reviewed_at: the instant (default now, UTC).
        exam_id: the exam this answer belongs to.
        suggested_rating: the rating the trainer suggested, if different.
        uid: the review's uid when another machine chose it (a group host recording the same
            answer into the player's server history: the server then stores it once); new
            otherwise.

    Returns:
        The stored record (with its ``id``).

    Raises:
        ValueError: rating not 1–4, unknown mode or verdict.
        StoreError: the store cannot be written (nothing is stored then).
    """
    rating = scheduling.to_rating(rating)
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r} (one of {', '.join(MODES)})")
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    moment = as_utc(reviewed_at) if reviewed_at is not None else utc_now()
    record = ReviewRecord(
        uid=uid or new_review_uid(),
        profile=profile,
        bank_id=bank_id,
        question_id=question_id,
        content_hash=content_hash,
        reviewed_at=moment,
        mode=mode,
        answer=answer,
        verdict=verdict,
        score=float(score),
        rating=int(rating),
        suggested_rating=int(suggested_rating) if suggested_rating is not None else None,
        duration_ms=int(duration_ms) if duration_ms is not None else None,
        hint_used=bool(hint_used),
    )
    scheduler = store.scheduler(profile) if mode in SCHEDULED_MODES else None
    with store._write() as conn:
        pid = store._profile_id(conn, profile, create=True)
        row = conn.execute(
            "SELECT card_json, reps, lapses FROM cards "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (pid, bank_id, question_id),
        ).fetchone()
        before = Card.from_json(row[0]) if row else None
        record.card_before = json.loads(row[0]) if row else None
        if scheduler is not None:
            reps, lapses = (row[1], row[2]) if row else (0, 0)
            after, lapsed = replaying.answer(
                before,
                rating,
                moment,
                scheduler,
                bank_id=bank_id,
                question_id=question_id,
                duration_ms=duration_ms,
            )
            store._put_card(
                conn, pid, bank_id, question_id, content_hash, after, reps + 1, lapses + lapsed
            )
        cursor = conn.execute(
            f"INSERT {_INTO_REVIEWS}",
            written_row(stored_form(record, row[0] if row else None), pid, exam_id),
        )
        record.id = int(cursor.lastrowid or 0)
    if exam_id is not None:
        found = store.query("SELECT uid FROM exams WHERE id = ?", (exam_id,))
        record.exam_uid = found[0][0] if found else None
    return record


def has_review_uid(store: Store, uid: str) -> bool:
    """Whether a review with this uid is in the log (any profile)."""
    return bool(store.query("SELECT 1 FROM reviews WHERE uid = ? LIMIT 1", (uid,)))


def review(store: Store, review_id: int) -> ReviewRecord | None:
    """One review by its id."""
    rows = store.query(_REVIEW_SELECT + " WHERE r.id = ?", (review_id,))
    return _review_from_row(rows[0]) if rows else None


def override_rating(store: Store, review_id: int, rating: int | Rating) -> ReviewRecord:
    """Replace a review's rating and recompute its card from the state before it.

    Later answers to the same question (if any) are replayed on top, so the card ends as if
    the new rating had been given in the first place.

    Args:
        review_id: the review to change.
        rating: the new rating 1–4.

    Returns:
        The updated record.

    Raises:
        ValueError: rating not 1–4.
        StoreError: no such review, or the store cannot be written.
    """
    new_rating = scheduling.to_rating(rating)
    with store._write() as conn:
        row = conn.execute(
            "SELECT profile_id, bank_id, question_id, reviewed_at, mode, rating, "
            "suggested_rating, uid FROM reviews WHERE id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            raise StoreError(
                f"no review with id {review_id}", "store.error.no_review", id=review_id
            )
        pid, bank_id, question_id, reviewed_at, mode, old_rating, suggested, uid = row
        conn.execute(
            # synced = NULL: a review already on the sync server is sent again
            "UPDATE reviews SET rating = ?, suggested_rating = ?, synced = NULL WHERE id = ?",
            (int(new_rating), suggested if suggested is not None else old_rating, review_id),
        )
        if mode in SCHEDULED_MODES:
            profile = store._profile_name(conn, pid)
            scheduler = store.scheduler(profile)
            store._replay(conn, scheduler, pid, bank_id, question_id, since=(reviewed_at, uid))
    record = store.review(review_id)
    assert record is not None
    return record


def replay(
    store: Store,
    conn: sqlite3.Connection,
    scheduler: Scheduler,
    pid: int,
    bank_id: str,
    question_id: str,
    *,
    since: tuple[float, str] | None = None,
) -> None:
    """Recompute a card from its log (from ``since`` = (reviewed_at, uid) on, or all).

    Each replayed review's ``card_before`` is rewritten to the recomputed state. Answers
    at the same instant replay in ``uid`` order (not the local row id), so every device
    holding the same log computes the same card, whatever order the log arrived in.
    """
    rows = conn.execute(
        "SELECT id, reviewed_at, rating, mode, card_before, content_hash, uid FROM reviews "
        "WHERE profile_id = ? AND bank_id = ? AND question_id = ? "
        "ORDER BY reviewed_at, uid",
        (pid, bank_id, question_id),
    ).fetchall()
    start = 0
    if since is not None:
        start = next((i for i, row in enumerate(rows) if (row[1], row[6]) >= since), len(rows))
    prior = rows[:start]
    reps, lapses = replaying.counts_before(
        (json.loads(row[4])["state"] if row[4] else None, row[2], row[3] in SCHEDULED_MODES)
        for row in prior
    )
    replayed_rows = rows[start:]
    first_before = replayed_rows[0][4] if replayed_rows else None
    result = replaying.replay(
        Card.from_json(first_before) if first_before else None,
        (
            replaying.LoggedAnswer(from_epoch(at), rating, mode in SCHEDULED_MODES)
            for _, at, rating, mode, _, _, _ in replayed_rows
        ),
        scheduler,
        bank_id=bank_id,
        question_id=question_id,
        reps=reps,
        lapses=lapses,
    )
    card = result.card
    reps, lapses = result.reps, result.lapses
    # each replayed review's new card_before
    updates = [
        (before.to_json() if before is not None else None, row[0])
        for before, row in zip(result.cards_before, replayed_rows, strict=True)
    ]
    content_hash = next((row[5] for row in reversed(replayed_rows) if row[5]), "")
    conn.executemany("UPDATE reviews SET card_before = ? WHERE id = ?", updates)
    if card is None:
        conn.execute(
            "DELETE FROM cards WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (pid, bank_id, question_id),
        )
        return
    store._put_card(conn, pid, bank_id, question_id, content_hash, card, reps, lapses)


def rebuild_cards(store: Store, profile: str, bank_id: str | None = None) -> int:
    """Recompute every card of a profile by replaying its log in time order (no fuzz).

    Works in transactions of :data:`WRITE_CHUNK` cards, so another process never waits
    long for the write lock.

    Args:
        profile: the profile name.
        bank_id: only this bank.

    Returns:
        The number of cards rebuilt.

    Raises:
        ProfileError: no such profile.
    """
    pid = store._existing_profile_id(profile)
    if pid is None:
        raise ProfileError(f"no profile named {profile!r}", "store.error.no_profile", name=profile)
    sql = "SELECT DISTINCT bank_id, question_id FROM reviews WHERE profile_id = ?"
    params: list[Any] = [pid]
    if bank_id is not None:
        sql += " AND bank_id = ?"
        params.append(bank_id)
    keys = [(pid, bank, qid) for bank, qid in store.query(sql, params)]
    schedulers: dict[int, Scheduler] = {}
    for start in range(0, len(keys), WRITE_CHUNK):
        with store._write() as conn:
            store._replay_cards(conn, keys[start : start + WRITE_CHUNK], schedulers)
    return len(keys)


def replay_cards(
    store: Store,
    conn: sqlite3.Connection,
    keys: Iterable[tuple[int, str, str]],
    schedulers: dict[int, Scheduler],
) -> None:
    """Replay the whole log of each (profile id, bank id, question id), without fuzz."""
    for pid, bank_id, question_id in keys:
        scheduler = schedulers.get(pid)
        if scheduler is None:
            name = store._profile_name(conn, pid)
            scheduler = schedulers[pid] = store.scheduler(name, enable_fuzzing=False)
        store._replay(conn, scheduler, pid, bank_id, question_id)


def review_conditions(
    store: Store,
    profile: str | None,
    since: datetime | None,
    bank_id: str | None,
    *,
    table: str = "",
) -> tuple[list[str], list[Any]] | None:
    """SQL conditions and parameters selecting reviews; None when the profile is unknown
    (so nothing can match)."""
    where: list[str] = []
    params: list[Any] = []
    if profile is not None:
        pid = store._existing_profile_id(profile)
        if pid is None:
            return None
        where.append(f"{table}profile_id = ?")
        params.append(pid)
    if since is not None:
        where.append(f"{table}reviewed_at >= ?")
        params.append(to_epoch(since))
    if bank_id is not None:
        where.append(f"{table}bank_id = ?")
        params.append(bank_id)
    return where, params


def iter_reviews(
    store: Store,
    profile: str | None = None,
    since: datetime | None = None,
    *,
    bank_id: str | None = None,
    batch: int = 2000,
) -> Iterator[ReviewRecord]:
    """Every review (of one profile, or all), oldest first; for export and statistics.

    Args:
        profile: a profile name, or None for everyone.
        since: only reviews at or after this instant.
        bank_id: only this bank.
        batch: rows fetched at a time.

    Yields:
        Review records with every stored column.
    """
    conditions = store._review_conditions(profile, since, bank_id, table="r.")
    if conditions is None:
        return
    where, params = conditions
    # keyset paging: each page starts after the last (reviewed_at, id) seen
    first = _REVIEW_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    after = _REVIEW_SELECT + " WHERE " + " AND ".join([*where, "(r.reviewed_at, r.id) > (?, ?)"])
    order = " ORDER BY r.reviewed_at, r.id LIMIT ?"
    rows = store.query(first + order, [*params, batch])
    while rows:
        for row in rows:
            yield _review_from_row(row)
        if len(rows) < batch:
            return
        last = rows[-1]
        rows = store.query(after + order, [*params, last[_AT], last[_ID], batch])


def review_tuples(
    store: Store,
    profile: str | None,
    columns: Iterable[str],
    *,
    since: datetime | None = None,
    bank_id: str | None = None,
) -> list[tuple[Any, ...]]:
    """Raw review columns, oldest first: the fast path for statistics over 10⁶ reviews.

    Args:
        profile: a profile name, or None for all.
        columns: names from :data:`REVIEW_COLUMNS` (``reviewed_at`` is UTC epoch seconds).
        since: only reviews at or after this instant.
        bank_id: only this bank.

    Returns:
        One tuple per review with the columns in the order asked.

    Raises:
        ValueError: an unknown column.
    """
    cols = list(columns)
    unknown = [c for c in cols if c not in REVIEW_COLUMNS]
    if unknown:
        raise ValueError(f"unknown review column(s): {', '.join(unknown)}")
    conditions = store._review_conditions(profile, since, bank_id)
    if conditions is None:
        return []
    where, params = conditions
    sql = f"SELECT {', '.join(cols)} FROM reviews"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return store.query(sql + " ORDER BY reviewed_at, id", params)


def review_count(store: Store, profile: str | None = None) -> int:
    """Number of reviews (of one profile, or all)."""
    if profile is None:
        return int(store.query("SELECT COUNT(*) FROM reviews")[0][0])
    pid = store._existing_profile_id(profile)
    if pid is None:
        return 0
    return int(store.query("SELECT COUNT(*) FROM reviews WHERE profile_id = ?", (pid,))[0][0])


def new_introduced(
    store: Store, profile: str, start: datetime, end: datetime, *, bank_id: str | None = None
) -> int:
    """New questions first answered in [start, end) in study/review sessions.

    This is what counts against the new-per-day limit (exam, group and cram answers don't).
    """
    pid = store._existing_profile_id(profile)
    if pid is None:
        return 0
    sql = (
        "SELECT COUNT(*) FROM reviews WHERE profile_id = ? AND card_before IS NULL "
        "AND reviewed_at >= ? AND reviewed_at < ? AND mode IN ('study', 'review')"
    )
    params: list[Any] = [pid, to_epoch(start), to_epoch(end)]
    if bank_id is not None:
        sql += " AND bank_id = ?"
        params.append(bank_id)
    return int(store.query(sql, params)[0][0])
