"""Exam runs: start, finish, read back and merge from an export."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from trainer.core.clock import (
    as_utc,
    from_epoch,
    to_epoch,
    utc_now,
)
from trainer.core.store.connection import StoreError
from trainer.core.store.records import (
    ExamRecord,
    _dt,
)

if TYPE_CHECKING:
    from trainer.core.store import Store


def start_exam(
    store: Store,
    profile: str,
    bank_id: str,
    size: int,
    *,
    time_limit_s: int | None = None,
    started_at: datetime | None = None,
) -> ExamRecord:
    """Record the start of an exam (committed, so a killed exam still shows as started).

    Returns:
        The exam with its ``id`` (pass it to :meth:`record_review` and :meth:`finish_exam`).
    """
    moment = as_utc(started_at) if started_at else utc_now()
    exam = ExamRecord(
        uid=str(uuid.uuid4()),
        profile=profile,
        bank_id=bank_id,
        started_at=moment,
        size=int(size),
        time_limit_s=time_limit_s,
    )
    with store._write() as conn:
        pid = store._profile_id(conn, profile, create=True)
        cursor = conn.execute(
            "INSERT INTO exams (uid, profile_id, bank_id, started_at, size, time_limit_s) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (exam.uid, pid, bank_id, moment.timestamp(), exam.size, time_limit_s),
        )
        exam.id = int(cursor.lastrowid or 0)
    return exam


def finish_exam(
    store: Store,
    exam_id: int,
    score: float,
    sections: Mapping[str, Any],
    *,
    finished_at: datetime | None = None,
) -> ExamRecord:
    """Record an exam's end, its score (0–1) and per-section results.

    Raises:
        StoreError: no such exam.
    """
    moment = as_utc(finished_at) if finished_at else utc_now()
    with store._write() as conn:
        cursor = conn.execute(
            "UPDATE exams SET finished_at = ?, score = ?, sections = ? WHERE id = ?",
            (
                moment.timestamp(),
                float(score),
                json.dumps(dict(sections), ensure_ascii=False),
                exam_id,
            ),
        )
        if not cursor.rowcount:
            raise StoreError(f"no exam with id {exam_id}", "store.error.no_exam", id=exam_id)
    found = select_exams(store, "e.id = ?", [exam_id])
    return found[0]


def exams(store: Store, profile: str) -> list[ExamRecord]:
    """A profile's exams, oldest first (unfinished ones have ``finished_at`` None)."""
    pid = store._existing_profile_id(profile)
    if pid is None:
        return []
    return select_exams(store, "e.profile_id = ?", [pid])


def iter_exams(store: Store, profile: str | None = None) -> list[ExamRecord]:
    """Every exam (of one profile, or all), oldest first; for export."""
    if profile is None:
        return select_exams(store, "1", [])
    return store.exams(profile)


def select_exams(store: Store, where: str, params: list[Any]) -> list[ExamRecord]:
    rows = store.query(
        "SELECT e.id, e.uid, p.name, e.bank_id, e.started_at, e.finished_at, e.size, "
        "e.time_limit_s, e.score, e.sections FROM exams e "
        f"JOIN profiles p ON p.id = e.profile_id WHERE {where} ORDER BY e.started_at, e.id",
        params,
    )
    return [
        ExamRecord(
            id=r[0],
            uid=r[1],
            profile=r[2],
            bank_id=r[3],
            started_at=from_epoch(r[4]),
            finished_at=_dt(r[5]),
            size=r[6],
            time_limit_s=r[7],
            score=r[8],
            sections=json.loads(r[9] or "{}"),
        )
        for r in rows
    ]


def import_exams(
    store: Store, records: Iterable[ExamRecord | Mapping[str, Any]]
) -> tuple[int, int]:
    """Merge exams (from an export) on their uid; import them before their reviews.

    Returns:
        ``(added, skipped)``.
    """
    parsed = [r if isinstance(r, ExamRecord) else ExamRecord.from_dict(r) for r in records]
    added = skipped = 0
    with store._write() as conn:
        for exam in parsed:
            pid = store._profile_id(conn, exam.profile, create=True)
            cursor = conn.execute(
                "INSERT OR IGNORE INTO exams (uid, profile_id, bank_id, started_at, "
                "finished_at, size, time_limit_s, score, sections) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    exam.uid,
                    pid,
                    exam.bank_id,
                    to_epoch(exam.started_at),
                    to_epoch(exam.finished_at) if exam.finished_at else None,
                    exam.size,
                    exam.time_limit_s,
                    exam.score,
                    json.dumps(exam.sections, ensure_ascii=False),
                ),
            )
            if cursor.rowcount:
                added += 1
            else:
                skipped += 1
    return added, skipped
