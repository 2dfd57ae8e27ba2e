"""Merging an exported history (exams and reviews) into the store, in chunks that never hold the
write lock for long.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from fsrs import Scheduler

from trainer.core.store.records import (
    ExamRecord,
    ReviewRecord,
)
from trainer.core.store.reviews import (
    _INTO_REVIEWS,
    MODES,
    VERDICTS,
    WRITE_CHUNK,
    WRITTEN_FIELDS,
    stored_form,
    written_row,
)

if TYPE_CHECKING:
    from trainer.core.store import Store


STAGE_FIELDS = (
    "profile",
    "bank_id",
    "question_id",
    *(name for name in WRITTEN_FIELDS if name not in ("profile", "bank_id", "question_id")),
)
"""The columns of the import's temporary table: the written fields of a review, its card's key
first (the sort key), the profile and the exam by name and uid (their ids are found on write)."""
_STAGE_COLUMNS = ", ".join(STAGE_FIELDS)
_STAGE_INSERT = (
    f"INSERT INTO import_stage ({_STAGE_COLUMNS}) VALUES ({', '.join('?' for _ in STAGE_FIELDS)})"
)


def _staged_row(record: ReviewRecord) -> tuple[Any, ...]:
    """A checked review as a row of the import's temporary table."""
    form = stored_form(record, json.dumps(record.card_before) if record.card_before else None)
    return tuple(form[name] for name in STAGE_FIELDS)


def import_reviews(
    store: Store, records: Iterable[ReviewRecord | Mapping[str, Any]]
) -> tuple[int, int]:
    """Merge reviews (from an export) into this store; duplicates (same uid) are skipped.

    See :meth:`import_history_records` (this is it without exams).

    Returns:
        ``(added, skipped)``.
    """
    added, skipped, _, _ = store.import_history_records(records, ())
    return added, skipped


def import_history_records(
    store: Store,
    records: Iterable[ReviewRecord | Mapping[str, Any]],
    exams: Iterable[ExamRecord | Mapping[str, Any]],
) -> tuple[int, int, int, int]:
    """Merge an exported history: its exams, then its reviews; known uids are skipped.

    Profiles are matched by name and created if missing; exam answers keep their link to
    their exam. Every card that received a review is rebuilt by replaying its whole log in
    time order (without fuzz).

    Every record is checked before anything is written: the reviews are read one by one
    into a temporary table (on disk, so a history of a million reviews does not have to fit
    in memory), and a malformed one stops the import there. The reviews are then written
    in the order of their cards, in transactions of about :data:`WRITE_CHUNK` records, each
    together with the rebuild of its cards: another process never waits long for the write
    lock, and an import killed half-way leaves consistent cards — importing the same file
    again completes it.

    Args:
        records: review records or their dicts (any iterable: it is read once).
        exams: exam records or their dicts.

    Returns:
        ``(reviews added, reviews skipped, exams added, exams skipped)``.

    Raises:
        ValueError: a record is malformed (nothing is imported then); an error the
            iterable itself raises (e.g. a file's row that cannot be read) propagates the
            same way.
        StoreError: the store cannot be written.
    """
    with store._lock:
        conn = store._connection()
        conn.execute("DROP TABLE IF EXISTS temp.import_stage")
        conn.execute(f"CREATE TEMP TABLE import_stage ({_STAGE_COLUMNS})")
        try:
            store._stage_reviews(conn, records)
            exams_added, exams_skipped = store.import_exams(exams)
            added, skipped = store._write_staged(conn)
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.import_stage")
            conn.execute("DROP TABLE IF EXISTS temp.import_sorted")
    return added, skipped, exams_added, exams_skipped


def stage_reviews(
    store: Store, conn: sqlite3.Connection, records: Iterable[ReviewRecord | Mapping[str, Any]]
) -> None:
    batch: list[tuple[Any, ...]] = []
    conn.execute("BEGIN")  # temp tables only: no lock on the store itself
    try:
        for raw in records:
            record = raw if isinstance(raw, ReviewRecord) else ReviewRecord.from_dict(raw)
            if record.mode not in MODES:
                raise ValueError(f"review {record.uid}: unknown mode {record.mode!r}")
            if record.verdict not in VERDICTS:
                raise ValueError(f"review {record.uid}: unknown verdict {record.verdict!r}")
            batch.append(_staged_row(record))
            if len(batch) >= WRITE_CHUNK:
                conn.executemany(_STAGE_INSERT, batch)
                batch.clear()
        if batch:
            conn.executemany(_STAGE_INSERT, batch)
        # One card's reviews together, in time order; rowid then gives that order.
        conn.execute(
            "CREATE TEMP TABLE import_sorted AS SELECT * FROM import_stage "
            "ORDER BY profile, bank_id, question_id, reviewed_at, rowid"
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def write_staged(store: Store, conn: sqlite3.Connection) -> tuple[int, int]:
    added = skipped = 0
    schedulers: dict[int, Scheduler] = {}
    last = 0
    while True:
        rows = conn.execute(
            f"SELECT rowid, {_STAGE_COLUMNS} FROM import_sorted WHERE rowid > ? "
            "ORDER BY rowid LIMIT ?",
            (last, WRITE_CHUNK),
        ).fetchall()
        if not rows:
            break
        # keep all of one question's reviews in the same transaction
        card = rows[-1][1:4]
        rows += conn.execute(
            f"SELECT rowid, {_STAGE_COLUMNS} FROM import_sorted WHERE rowid > ? "
            "AND profile = ? AND bank_id = ? AND question_id = ? ORDER BY rowid",
            (rows[-1][0], *card),
        ).fetchall()
        last = rows[-1][0]
        touched: set[tuple[int, str, str]] = set()
        with store._write() as write:
            profile_ids: dict[str, int] = {}
            for row in rows:
                name = row[1]
                pid = profile_ids.get(name)
                if pid is None:
                    pid = profile_ids[name] = store._profile_id(write, name, create=True)
                if store._insert_staged(write, pid, row[1:]):
                    added += 1
                    touched.add((pid, row[2], row[3]))
                else:
                    skipped += 1
            store._replay_cards(write, sorted(touched), schedulers)
    return added, skipped


def insert_staged(store: Store, conn: sqlite3.Connection, pid: int, row: tuple[Any, ...]) -> bool:
    """Insert one staged review unless its uid is known; True if it was added."""
    form = dict(zip(STAGE_FIELDS, row, strict=True))
    exam_id = None
    if form["exam_uid"]:
        found = conn.execute("SELECT id FROM exams WHERE uid = ?", (form["exam_uid"],)).fetchone()
        exam_id = found[0] if found else None
    cursor = conn.execute(f"INSERT OR IGNORE {_INTO_REVIEWS}", written_row(form, pid, exam_id))
    return bool(cursor.rowcount)
