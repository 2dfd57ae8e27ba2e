"""A review's columns come from one list, the fields of ReviewRecord: every field reaches the
table, the export and an import into another store."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

from trainer.core.store import ReviewRecord, Store

NOW = datetime(2026, 5, 2, 9, 30, tzinfo=UTC)


def test_every_record_field_has_a_column(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as store:
        columns = {row[1] for row in store.query("PRAGMA table_info(reviews)")}
    linked = {"profile": "profile_id", "exam_uid": "exam_id"}
    assert {linked.get(f.name, f.name) for f in fields(ReviewRecord)} <= columns


def test_every_field_survives_export_and_import(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.sqlite3", enable_fuzzing=False) as source:
        exam = source.start_exam("amy", "b", 2, time_limit_s=600, started_at=NOW)
        source.record_review(
            "amy", bank_id="b", question_id="q1", rating=3, verdict="correct", score=1.0,
            answer="人民", content_hash="h1", mode="study", duration_ms=4200, hint_used=True,
            reviewed_at=NOW - timedelta(days=2), suggested_rating=4,
        )  # fmt: skip
        source.record_review(
            "amy", bank_id="b", question_id="q1", rating=1, verdict="partial", score=0.5,
            answer="人", content_hash="h2", mode="exam", duration_ms=900,
            reviewed_at=NOW, exam_id=exam.id,
        )  # fmt: skip
        exported = list(source.iter_reviews("amy"))
        exams = source.iter_exams("amy")
    with Store.open(tmp_path / "b.sqlite3", enable_fuzzing=False) as target:
        assert target.import_history_records([r.to_dict() for r in exported], exams)[0] == 2
        imported = list(target.iter_reviews("amy"))

    def comparable(record: ReviewRecord) -> dict:
        data = record.to_dict()
        data.pop("id")
        return data

    assert [comparable(r) for r in imported] == [comparable(r) for r in exported]
    assert imported[1].exam_uid == exam.uid and imported[1].card_before is not None
    assert imported[0].hint_used and imported[0].suggested_rating == 4
