"""Schema versions of the SQLite store and the forward migrations between them.

The schema version lives in ``PRAGMA user_version``. ``MIGRATIONS[i]`` takes a store from version
``i`` to ``i + 1``; a new store is created by running every migration from version 0, so the
path an old file takes is the one every new file takes too.

* v1 — profiles, settings, cards (FSRS JSON + due/state), reviews (the issue's columns).
* v2 — cards gain the plain FSRS columns (step, stability, difficulty, reps, lapses,
  last_review) backfilled from the JSON and the log; reviews gain ``uid`` (merge key for
  export/import), ``card_before`` (so an override can recompute), ``suggested_rating`` and
  ``exam_id``, backfilled by replaying each card's log; the ``exams`` table; indexes for the
  queue and the statistics.

* v3 — ``question_marks`` (a learner's 收藏/flag and suspended questions) and
  ``review_peeks`` (answers given after looking at the report), see
  :mod:`trainer.core.store.marks`.
* v4 — ``reviews.synced`` and ``exams.synced``: where each row stands with the sync server,
  see :mod:`trainer.core.store.sync`.

All instants are UTC epoch seconds (REAL).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from trainer.core.store.locking import begin_immediate

Migration = Callable[[sqlite3.Connection], None]


def _run(conn: sqlite3.Connection, script: str) -> None:
    # Not executescript(): it would commit the migration's transaction half-way.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE profiles (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL
        );
        CREATE TABLE settings (
            profile_id INTEGER NOT NULL DEFAULT 0,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (profile_id, key)
        );
        CREATE TABLE cards (
            profile_id INTEGER NOT NULL,
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            content_hash TEXT NOT NULL DEFAULT '',
            card_json TEXT NOT NULL,
            due REAL NOT NULL,
            state INTEGER NOT NULL,
            PRIMARY KEY (profile_id, bank_id, question_id)
        );
        CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            profile_id INTEGER NOT NULL,
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            content_hash TEXT NOT NULL DEFAULT '',
            reviewed_at REAL NOT NULL,
            mode TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL,
            score REAL NOT NULL,
            rating INTEGER NOT NULL,
            duration_ms INTEGER,
            hint_used INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX reviews_profile_time ON reviews (profile_id, reviewed_at);
        """,
    )


def _iso_epoch(value: str | None) -> float | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    from fsrs import Card, Rating

    from trainer.core.scheduling import make_scheduler, new_card
    from trainer.core.scheduling.replay import is_lapse

    _run(
        conn,
        """
        ALTER TABLE cards ADD COLUMN step INTEGER;
        ALTER TABLE cards ADD COLUMN stability REAL;
        ALTER TABLE cards ADD COLUMN difficulty REAL;
        ALTER TABLE cards ADD COLUMN reps INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cards ADD COLUMN lapses INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE cards ADD COLUMN last_review REAL;
        ALTER TABLE reviews ADD COLUMN uid TEXT;
        ALTER TABLE reviews ADD COLUMN card_before TEXT;
        ALTER TABLE reviews ADD COLUMN suggested_rating INTEGER;
        ALTER TABLE reviews ADD COLUMN exam_id INTEGER;
        CREATE TABLE exams (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            profile_id INTEGER NOT NULL,
            bank_id TEXT NOT NULL,
            started_at REAL NOT NULL,
            finished_at REAL,
            size INTEGER NOT NULL,
            time_limit_s INTEGER,
            score REAL,
            sections TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX exams_profile ON exams (profile_id, started_at);
        """,
    )
    # Plain card columns from the FSRS JSON.
    cards = conn.execute("SELECT profile_id, bank_id, question_id, card_json FROM cards").fetchall()
    for profile_id, bank_id, question_id, card_json in cards:
        data = json.loads(card_json)
        conn.execute(
            "UPDATE cards SET step = ?, stability = ?, difficulty = ?, last_review = ? "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (
                data.get("step"),
                data.get("stability"),
                data.get("difficulty"),
                _iso_epoch(data.get("last_review")),
                profile_id,
                bank_id,
                question_id,
            ),
        )
    # Every review gets a uid, and the card state before it (replayed without fuzz); each
    # card gets its reps and lapses.
    scheduler = make_scheduler(enable_fuzzing=False)
    rows = conn.execute(
        "SELECT id, profile_id, bank_id, question_id, reviewed_at, rating, mode FROM reviews "
        "ORDER BY profile_id, bank_id, question_id, reviewed_at, id"
    ).fetchall()
    key: tuple[int, str, str] | None = None
    card: Card | None = None
    counts: dict[tuple[int, str, str], tuple[int, int]] = {}
    for review_id, profile_id, bank_id, question_id, reviewed_at, rating, mode in rows:
        if key is None or (profile_id, bank_id, question_id) != key:
            key = (profile_id, bank_id, question_id)
            card = None
        moment = datetime.fromtimestamp(reviewed_at, UTC)
        before = card.to_json() if card is not None else None
        conn.execute(
            "UPDATE reviews SET uid = ?, card_before = ? WHERE id = ?",
            (str(uuid.uuid4()), before, review_id),
        )
        if mode == "cram":
            continue
        current = card if card is not None else new_card(bank_id, question_id, moment)
        reps, lapses = counts.get(key, (0, 0))
        lapses += is_lapse(current.state, rating)
        counts[key] = (reps + 1, lapses)
        card, _ = scheduler.review_card(current, Rating(int(rating)), moment)
    for (profile_id, bank_id, question_id), (reps, lapses) in counts.items():
        conn.execute(
            "UPDATE cards SET reps = ?, lapses = ? "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (reps, lapses, profile_id, bank_id, question_id),
        )
    _run(
        conn,
        """
        CREATE UNIQUE INDEX reviews_uid ON reviews (uid);
        CREATE INDEX reviews_card ON reviews (profile_id, bank_id, question_id, reviewed_at);
        CREATE INDEX reviews_exam ON reviews (exam_id) WHERE exam_id IS NOT NULL;
        CREATE INDEX cards_due ON cards (profile_id, bank_id, due);
        """,
    )


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """The learner's marks on questions (收藏/flag, suspended) and the log of report peeks."""
    _run(
        conn,
        """
        CREATE TABLE question_marks (
            profile_id INTEGER NOT NULL,
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            flagged INTEGER NOT NULL DEFAULT 0,
            suspended INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (profile_id, bank_id, question_id)
        );
        CREATE TABLE review_peeks (
            review_uid TEXT PRIMARY KEY,
            peeked_at REAL NOT NULL
        )
        """,
    )


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    # Sync state of each review and exam (trainer/core/store/sync.py): reviews.synced is NULL
    # until pushed to the sync server, 2 once pushed or pulled but its card not yet replayed,
    # 1 when done; exams.synced is NULL until pushed, 0 pushed unfinished, 1 pushed finished.
    _run(
        conn,
        """
        ALTER TABLE reviews ADD COLUMN synced INTEGER;
        ALTER TABLE exams ADD COLUMN synced INTEGER;
        CREATE INDEX reviews_unsynced ON reviews (profile_id, synced)
            WHERE synced IS NULL OR synced = 2;
        """,
    )


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """A covering index of the card columns the home screen reads for every card (class and
    due time, :func:`trainer.core.store.overview_queries.card_dues`): the read walks the index,
    not the card rows with their JSON (at 50,000 cards about a third of the time)."""
    conn.execute(
        "CREATE INDEX IF NOT EXISTS cards_overview "
        "ON cards (profile_id, bank_id, question_id, state, due, last_review)"
    )


MIGRATIONS: list[Migration] = [
    _v0_to_v1,
    _v1_to_v2,
    _v2_to_v3,
    _v3_to_v4,
    _v4_to_v5,
]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> tuple[int, int]:
    """Bring the schema up to ``target`` in one immediate transaction.

    Safe when several processes open a new file at once: the version is read again after the
    write lock is taken.

    Args:
        conn: a connection in autocommit mode (``isolation_level=None``).
        target: the version to reach (tests stop early to build old files).

    Returns:
        ``(version_before, version_after)``.

    Raises:
        RuntimeError: the file's schema is newer than this program knows.
        sqlite3.Error: the migration failed; the file is left unchanged.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"schema version {version} is newer than this trainer knows ({SCHEMA_VERSION}); "
            "update trainer"
        )
    if version >= target:
        return version, version
    begin_immediate(conn)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        before = version
        while version < target:
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return before, version
