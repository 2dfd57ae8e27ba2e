"""Cards: one FSRS card per ``(profile, bank, question)``, read as plain columns by the queue and
the statistics, written by the review log.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fsrs import Card, State

from trainer.core import scheduling
from trainer.core.clock import (
    to_epoch,
)
from trainer.core.store.records import (
    CardRow,
)

if TYPE_CHECKING:
    from trainer.core.store import Store


_CARD_COLUMNS = ", ".join(f.name for f in fields(CardRow))
"""The plain columns of a card, in :class:`CardRow` order (``CardRow(*row)`` reads a row)."""


def card_states(store: Store, profile: str, bank_id: str) -> dict[str, CardRow]:
    """Every stored card of a profile in a bank, by question id (plain columns only).

    Includes questions no longer in the bank; :func:`scheduling.build_queue` ignores them.
    """
    pid = store._existing_profile_id(profile)
    if pid is None:
        return {}
    rows = store.query(
        f"SELECT {_CARD_COLUMNS} FROM cards WHERE profile_id = ? AND bank_id = ?",
        (pid, bank_id),
    )
    return {row[0]: CardRow(*row) for row in rows}


def card_row(store: Store, profile: str, bank_id: str, question_id: str) -> CardRow | None:
    """The plain columns of one question's card, or None if it was never reviewed."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return None
    rows = store.query(
        f"SELECT {_CARD_COLUMNS} FROM cards "
        "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
        (pid, bank_id, question_id),
    )
    return CardRow(*rows[0]) if rows else None


def due_question_ids(store: Store, profile: str, bank_id: str, now: datetime) -> list[str]:
    """Ids of the cards due at ``now``, lowest FSRS retrievability first.

    The queue's fast path: the order is computed by SQLite on the plain columns.
    R = (1 + F·t/S)^(−w20) falls as t/S grows, so ordering by elapsed/stability descending
    is ordering by R ascending (cards without stability first).
    """
    pid = store._existing_profile_id(profile)
    if pid is None:
        return []
    now_ts = to_epoch(now)
    rows = store.query(
        "SELECT question_id FROM cards WHERE profile_id = ? AND bank_id = ? AND due <= ? "
        "ORDER BY (stability IS NULL OR stability <= 0 OR last_review IS NULL) DESC, "
        "(? - last_review) / stability DESC, question_id",
        (pid, bank_id, now_ts, now_ts),
    )
    return [row[0] for row in rows]


def known_question_ids(store: Store, profile: str, bank_id: str) -> frozenset[str]:
    """Ids of every question this profile has a card for in this bank (the rest are new).

    Cached until this store or another process writes (``PRAGMA data_version``).
    """
    pid = store._existing_profile_id(profile)
    if pid is None:
        return frozenset()
    with store._lock:
        version = store._data_version()
        cached = store._known_cache.get((pid, bank_id))
        if cached is not None and cached[0] == version:
            return cached[1]
    rows = store.query(
        "SELECT question_id FROM cards WHERE profile_id = ? AND bank_id = ?", (pid, bank_id)
    )
    known = frozenset(row[0] for row in rows)
    with store._lock:
        store._known_cache[(pid, bank_id)] = (version, known)
    return known


def earliest_due(
    store: Store, profile: str, bank_id: str, limit: int = 50
) -> list[tuple[str, float]]:
    """The cards due soonest (question id, due epoch s), earliest first (index range scan)."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return []
    rows = store.query(
        "SELECT question_id, due FROM cards WHERE profile_id = ? AND bank_id = ? "
        "ORDER BY due LIMIT ?",
        (pid, bank_id, limit),
    )
    return [(qid, due) for qid, due in rows]


def learning_due(store: Store, profile: str, bank_id: str, before: datetime) -> dict[str, float]:
    """Learning/relearning cards due before ``before``: question id → due (epoch s)."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return {}
    rows = store.query(
        "SELECT question_id, due FROM cards WHERE profile_id = ? AND bank_id = ? "
        "AND due <= ? AND state IN (?, ?)",
        (pid, bank_id, to_epoch(before), State.Learning.value, State.Relearning.value),
    )
    return {qid: due for qid, due in rows}


def data_version(store: Store) -> tuple[int, int]:
    # data_version changes when another connection commits; our own writes bump _writes.
    version = store._connection().execute("PRAGMA data_version").fetchone()[0]
    return int(version), store._writes


def all_card_states(store: Store, profile: str) -> list[CardRow]:
    """Every stored card of a profile across banks."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return []
    rows = store.query(f"SELECT {_CARD_COLUMNS} FROM cards WHERE profile_id = ?", (pid,))
    return [CardRow(*row) for row in rows]


def card(store: Store, profile: str, bank_id: str, question_id: str) -> Card | None:
    """The FSRS card of a question, or None if it was never reviewed."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return None
    rows = store.query(
        "SELECT card_json FROM cards WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
        (pid, bank_id, question_id),
    )
    return Card.from_json(rows[0][0]) if rows else None


def leeches(store: Store, profile: str, bank_id: str | None = None) -> list[CardRow]:
    """Cards failed :data:`scheduling.LEECH_LAPSES` or more times, most lapses first."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return []
    sql = f"SELECT {_CARD_COLUMNS} FROM cards WHERE profile_id = ? AND lapses >= ?"
    params: list[Any] = [pid, scheduling.LEECH_LAPSES]
    if bank_id is not None:
        sql += " AND bank_id = ?"
        params.append(bank_id)
    rows = store.query(sql + " ORDER BY lapses DESC, question_id", params)
    return [CardRow(*row) for row in rows]


def bank_ids(store: Store, profile: str | None = None) -> list[str]:
    """Bank ids with stored cards (for one profile, or any)."""
    if profile is None:
        rows = store.query("SELECT DISTINCT bank_id FROM cards ORDER BY bank_id")
    else:
        pid = store._existing_profile_id(profile)
        if pid is None:
            return []
        rows = store.query(
            "SELECT DISTINCT bank_id FROM cards WHERE profile_id = ? ORDER BY bank_id", (pid,)
        )
    return [r[0] for r in rows]


def put_card(
    conn: sqlite3.Connection,
    pid: int,
    bank_id: str,
    question_id: str,
    content_hash: str,
    card: Card,
    reps: int,
    lapses: int,
) -> None:
    conn.execute(
        "INSERT INTO cards (profile_id, bank_id, question_id, content_hash, card_json, due, "
        "state, step, stability, difficulty, reps, lapses, last_review) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (profile_id, bank_id, question_id) DO UPDATE SET "
        "content_hash = excluded.content_hash, card_json = excluded.card_json, "
        "due = excluded.due, state = excluded.state, step = excluded.step, "
        "stability = excluded.stability, difficulty = excluded.difficulty, "
        "reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review",
        (
            pid,
            bank_id,
            question_id,
            content_hash,
            card.to_json(),
            card.due.timestamp(),
            int(card.state),
            card.step,
            card.stability,
            card.difficulty,
            reps,
            lapses,
            card.last_review.timestamp() if card.last_review else None,
        ),
    )
