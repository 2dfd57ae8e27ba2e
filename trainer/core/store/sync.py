"""What ``trainer sync`` needs from the local store: the reviews and exams not yet pushed, the
idempotent insertion of those pulled from the server, and the rebuild of the cards they touch.

The store only stores: the cards are rebuilt by the store's own replay of each card's log in
time order (:meth:`Store._replay_cards`, FSRS without fuzz), the same code import uses. A review
row's ``synced`` column says where it stands (see the migration ``_v2_to_next_server``):

* ``NULL`` — recorded here, not yet on the server;
* ``2`` — on the server (pushed, or pulled from it) but its card not yet replayed;
* ``1`` — done.

Every step commits on its own and can be repeated: a sync killed at any point is completed by
the next one (a review pushed twice is stored once by the server; one pulled twice is inserted
once here, keyed on its ``uid``; the cards still marked ``2`` are replayed next time).

Records cross this module as plain dicts with the wire field names (``REVIEW_FIELDS`` /
``EXAM_FIELDS`` of :mod:`trainer.server.protocol`), already validated by the caller.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from fsrs import Scheduler

from trainer.core.store import WRITE_CHUNK, Store

PUSHED = 2
DONE = 1
DEVICE_ONLY_SETTINGS = frozenset({"default_profile"})
"""Settings that belong to the device, not the learner (never synced; nor is ``sync.*``)."""


def _pid(store: Store, profile: str) -> int | None:
    rows = store.query("SELECT id FROM profiles WHERE name = ?", (profile,))
    return int(rows[0][0]) if rows else None


def pending_review_count(store: Store, profile: str) -> int:
    """How many of the profile's reviews are not yet on the server."""
    pid = _pid(store, profile)
    if pid is None:
        return 0
    rows = store.query(
        "SELECT COUNT(*) FROM reviews WHERE profile_id = ? AND synced IS NULL", (pid,)
    )
    return int(rows[0][0])


def pending_reviews(store: Store, profile: str, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` reviews not yet pushed, oldest recorded first, as wire dicts."""
    pid = _pid(store, profile)
    if pid is None:
        return []
    rows = store.query(
        "SELECT r.uid, r.bank_id, r.question_id, r.content_hash, r.reviewed_at, r.mode, "
        "r.answer, r.verdict, r.score, r.rating, r.suggested_rating, r.duration_ms, "
        "r.hint_used, e.uid FROM reviews r LEFT JOIN exams e ON e.id = r.exam_id "
        "WHERE r.profile_id = ? AND r.synced IS NULL ORDER BY r.id LIMIT ?",
        (pid, limit),
    )
    return [
        {
            "uid": r[0],
            "bank_id": r[1],
            "question_id": r[2],
            "content_hash": r[3] or "",
            "reviewed_at": float(r[4]),
            "mode": r[5],
            "answer": r[6] or "",
            "verdict": r[7],
            "score": float(r[8]),
            "rating": int(r[9]),
            "suggested_rating": r[10],
            "duration_ms": r[11],
            "hint_used": bool(r[12]),
            "exam_uid": r[13],
        }
        for r in rows
    ]


def pending_exams(store: Store, profile: str) -> list[dict[str, Any]]:
    """Exams never pushed, and exams pushed unfinished that have finished since."""
    pid = _pid(store, profile)
    if pid is None:
        return []
    rows = store.query(
        "SELECT uid, bank_id, started_at, finished_at, size, time_limit_s, score, sections "
        "FROM exams WHERE profile_id = ? AND (synced IS NULL OR "
        "(synced = 0 AND finished_at IS NOT NULL)) ORDER BY started_at, id",
        (pid,),
    )
    return [
        {
            "uid": r[0],
            "bank_id": r[1],
            "started_at": float(r[2]),
            "finished_at": float(r[3]) if r[3] is not None else None,
            "size": int(r[4]),
            "time_limit_s": r[5],
            "score": float(r[6]) if r[6] is not None else None,
            "sections": json.loads(r[7] or "{}"),
        }
        for r in rows
    ]


def mark_pushed(
    store: Store, review_uids: Iterable[str], exams: Iterable[Mapping[str, Any]] = ()
) -> None:
    """Record that the server holds these reviews and exams (exams as they were pushed)."""
    uids = list(review_uids)
    with store._write() as conn:
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            conn.execute(
                f"UPDATE reviews SET synced = {PUSHED} WHERE synced IS NULL AND uid IN ({marks})",
                chunk,
            )
        for exam in exams:
            finished = exam.get("finished_at") is not None
            conn.execute(
                "UPDATE exams SET synced = ? WHERE uid = ?", (1 if finished else 0, exam["uid"])
            )


def merge_remote(
    store: Store,
    profile: str,
    reviews: Iterable[Mapping[str, Any]],
    exams: Iterable[Mapping[str, Any]],
) -> tuple[int, int]:
    """Insert reviews and exams made on the learner's other devices, in one transaction.

    A review whose ``uid`` is known is skipped; an exam known here is only completed (its end,
    score and sections) when it had not finished. The cards are replayed later by
    :func:`rebuild_pushed_cards`.

    Returns:
        ``(reviews added, exams added or completed)``.
    """
    added = exams_changed = 0
    with store._write() as conn:
        pid = store._profile_id(conn, profile, create=True)
        for exam in exams:
            sections = json.dumps(exam.get("sections") or {}, ensure_ascii=False)
            finished = exam.get("finished_at")
            cursor = conn.execute(
                "INSERT OR IGNORE INTO exams (uid, profile_id, bank_id, started_at, finished_at, "
                "size, time_limit_s, score, sections, synced) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (exam["uid"], pid, exam["bank_id"], exam["started_at"], finished, exam["size"],
                 exam.get("time_limit_s"), exam.get("score"), sections,
                 1 if finished is not None else 0),
            )  # fmt: skip
            if not cursor.rowcount and finished is not None:
                cursor = conn.execute(
                    "UPDATE exams SET finished_at = ?, score = ?, sections = ?, synced = 1 "
                    "WHERE uid = ? AND profile_id = ? AND finished_at IS NULL",
                    (finished, exam.get("score"), sections, exam["uid"], pid),
                )
            exams_changed += cursor.rowcount
        exam_ids: dict[str, int | None] = {}
        for review in reviews:
            exam_uid = review.get("exam_uid")
            exam_id = None
            if exam_uid:
                if exam_uid not in exam_ids:
                    found = conn.execute(
                        "SELECT id FROM exams WHERE uid = ?", (exam_uid,)
                    ).fetchone()
                    exam_ids[exam_uid] = int(found[0]) if found else None
                exam_id = exam_ids[exam_uid]
            cursor = conn.execute(
                "INSERT OR IGNORE INTO reviews (uid, profile_id, bank_id, question_id, "
                "content_hash, reviewed_at, mode, answer, verdict, score, rating, "
                "suggested_rating, duration_ms, hint_used, card_before, exam_id, synced) "
                f"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, {PUSHED})",
                (review["uid"], pid, review["bank_id"], review["question_id"],
                 review.get("content_hash") or "", review["reviewed_at"], review["mode"],
                 review.get("answer") or "", review["verdict"], review["score"],
                 review["rating"], review.get("suggested_rating"), review.get("duration_ms"),
                 int(bool(review.get("hint_used"))), exam_id),
            )  # fmt: skip
            if cursor.rowcount:
                added += 1
            else:
                # known: only a changed rating (an override) is taken, and its card replayed
                conn.execute(
                    f"UPDATE reviews SET rating = ?, suggested_rating = ?, synced = {PUSHED} "
                    "WHERE uid = ? AND profile_id = ? AND rating <> ?",
                    (review["rating"], review.get("suggested_rating"), review["uid"], pid,
                     review["rating"]),
                )  # fmt: skip
    return added, exams_changed


def rebuild_pushed_cards(store: Store, profile: str) -> int:
    """Replay the log of every card with a review marked pushed-or-pulled, then mark it done.

    Replaying (without fuzz) on every device makes the learner's cards identical everywhere:
    each is a function of the merged log and the learner's settings only. Works in transactions
    of :data:`WRITE_CHUNK` cards, so a study session never waits long.

    Returns:
        The number of cards replayed.
    """
    pid = _pid(store, profile)
    if pid is None:
        return 0
    keys = [
        (pid, str(bank), str(question))
        for bank, question in store.query(
            f"SELECT DISTINCT bank_id, question_id FROM reviews "
            f"WHERE profile_id = ? AND synced = {PUSHED}",
            (pid,),
        )
    ]
    schedulers: dict[int, Scheduler] = {}
    for start in range(0, len(keys), WRITE_CHUNK):
        chunk = keys[start : start + WRITE_CHUNK]
        with store._write() as conn:
            store._replay_cards(conn, chunk, schedulers)
            if len(keys) <= WRITE_CHUNK:
                # every marked card is in this chunk (only a sync marks, one at a time)
                conn.execute(
                    f"UPDATE reviews SET synced = {DONE} WHERE profile_id = ? "
                    f"AND synced = {PUSHED}",
                    (pid,),
                )
            else:
                _mark_done(conn, chunk)
    return len(keys)


def rebuild_all_cards(store: Store, profile: str) -> int:
    """Replay every card of the profile (after a synced setting that changes scheduling)."""
    if _pid(store, profile) is None:
        return 0
    count = store.rebuild_cards(profile)
    return count + rebuild_pushed_cards(store, profile)


def _mark_done(conn: sqlite3.Connection, keys: list[tuple[int, str, str]]) -> None:
    conn.executemany(
        f"UPDATE reviews SET synced = {DONE} WHERE profile_id = ? AND bank_id = ? "
        f"AND question_id = ? AND synced = {PUSHED}",
        keys,
    )


def own_settings(store: Store, profile: str) -> dict[str, Any]:
    """The profile's own settings (decoded JSON), without device-only and ``sync.*`` keys."""
    pid = _pid(store, profile)
    if pid is None:
        return {}
    rows = store.query("SELECT key, value FROM settings WHERE profile_id = ?", (pid,))
    return {
        key: json.loads(value)
        for key, value in rows
        if not key.startswith("sync.") and key not in DEVICE_ONLY_SETTINGS
    }
