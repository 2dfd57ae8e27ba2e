"""History files: formats, round trip of every column, and clear errors."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.core.export import COLUMNS, HistoryError, export_history, import_history, read_history
from trainer.core.store import Store

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "a.sqlite3", enable_fuzzing=False)
    exam = opened.start_exam("amy", "b", 2, started_at=NOW)
    for index in range(4):
        opened.record_review(
            "amy",
            bank_id="b",
            question_id=f"q{index % 2}",
            rating=1 if index == 2 else 3,
            verdict="wrong" if index == 2 else "correct",
            score=0.0 if index == 2 else 1.0,
            answer=f'答案，含逗号,"引号"\n和换行 {index}',
            content_hash="abc",
            mode="exam" if index == 3 else "study",
            duration_ms=1234,
            hint_used=index == 1,
            reviewed_at=NOW + timedelta(days=index),
            exam_id=exam.id if index == 3 else None,
            suggested_rating=4 if index == 0 else None,
        )
    opened.finish_exam(exam.id or 0, 1.0, {"": {"total": 1, "correct": 1, "score": 1.0}})
    yield opened
    opened.close()


def _records(store: Store) -> list[dict]:
    rows = [r.to_dict() for r in store.iter_reviews()]
    for row in rows:
        row.pop("id")
    return rows


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_every_column_survives_the_round_trip(store: Store, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"h.{fmt}"
    with out.open("w", encoding="utf-8", newline="") as handle:
        export_history(store, handle, fmt)  # type: ignore[arg-type]
    other = Store.open(tmp_path / "b.sqlite3")
    try:
        result = import_history(other, out)
        assert (result.added, result.skipped) == (4, 0)
        mine, theirs = _records(store), _records(other)
        if fmt == "csv":  # CSV has no exam records, so exam answers lose their exam link
            for row in mine + theirs:
                row["exam_uid"] = None
        else:
            assert result.exams_added == 1
        assert theirs == mine
        assert any(r["hint_used"] for r in theirs) and any(r["card_before"] for r in theirs)
    finally:
        other.close()


def test_csv_header_is_every_column(store: Store) -> None:
    buffer = io.StringIO()
    export_history(store, buffer, "csv")
    assert buffer.getvalue().splitlines()[0] == ",".join(COLUMNS)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{broken", "not valid JSON"),
        ('{"format": "other", "reviews": []}', "not a trainer history"),
        ('{"format": "trainer-history", "version": 99, "reviews": []}', "newer"),
        ('{"reviews": [1]}', "JSON object"),
        ("a,b\n1,2\n", "missing columns"),
    ],
)
def test_malformed_files_give_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(HistoryError) as caught:
        read_history(text, "h")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_bad_row_names_its_place_and_imports_nothing(store: Store, tmp_path: Path) -> None:
    buffer = io.StringIO()
    export_history(store, buffer, "json")
    data = json.loads(buffer.getvalue())
    data["reviews"][2]["rating"] = 9
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    other = Store.open(tmp_path / "c.sqlite3")
    try:
        with pytest.raises(HistoryError, match="review #3"):
            import_history(other, bad)
        assert other.review_count() == 0
    finally:
        other.close()
