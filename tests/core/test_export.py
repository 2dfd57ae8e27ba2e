"""History files: formats, round trip of every column, and clear errors."""

from __future__ import annotations

import csv
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


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_look_at_the_report_survives_the_round_trip(
    store: Store, tmp_path: Path, fmt: str
) -> None:
    from trainer.core.store.marks import log_peek, peeked

    uids = [r.uid for r in store.iter_reviews()]
    log_peek(store, uids[1], NOW + timedelta(days=1))
    out = tmp_path / f"h.{fmt}"
    with out.open("w", encoding="utf-8", newline="") as handle:
        export_history(store, handle, fmt)  # type: ignore[arg-type]
    other = Store.open(tmp_path / "b.sqlite3")
    try:
        import_history(other, out)
        assert [peeked(other, uid) for uid in uids] == [False, True, False, False]
        # importing again adds nothing twice and keeps the peek
        import_history(other, out)
        assert [peeked(other, uid) for uid in uids] == [False, True, False, False]
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


def _csv_with_rows(store: Store, count: int) -> tuple[list[str], list[list[str]]]:
    """The store's export as CSV: its header and ``count`` copies of its first review."""
    buffer = io.StringIO()
    export_history(store, buffer, "csv")
    header, first, *_ = csv.reader(io.StringIO(buffer.getvalue()))
    uid = header.index("uid")
    rows = [[*first[:uid], f"uid-{index}", *first[uid + 1 :]] for index in range(count)]
    return header, rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def test_a_bad_row_after_thousands_of_good_ones_imports_nothing(
    store: Store, tmp_path: Path
) -> None:
    # The CSV is read row by row and staged: the bad last row (past several write chunks)
    # must still leave the store exactly as it was, exams included.
    from trainer.core.store import WRITE_CHUNK

    header, rows = _csv_with_rows(store, WRITE_CHUNK * 2 + 10)
    bad_row = list(rows[-1])
    bad_row[header.index("uid")] = "bad"
    bad_row[header.index("rating")] = "9"
    bad = tmp_path / "bad.csv"
    _write_csv(bad, header, [*rows, bad_row])
    other = Store.open(tmp_path / "c.sqlite3")
    try:
        # Each answer holds a newline: the bad row starts on line 2 × (rows + 1) of the file.
        with pytest.raises(HistoryError, match=f"line {2 * (len(rows) + 1)}:") as caught:
            import_history(other, bad)
        assert str(caught.value).count("bad.csv") == 1
        assert other.review_count() == 0 and other.query("SELECT COUNT(*) FROM exams") == [(0,)]
        _write_csv(bad, header, rows)
        assert import_history(other, bad).added == WRITE_CHUNK * 2 + 10
    finally:
        other.close()


def test_bytes_that_are_not_utf8_half_way_are_one_line(store: Store, tmp_path: Path) -> None:
    header, rows = _csv_with_rows(store, 3000)
    bad = tmp_path / "bad.csv"
    _write_csv(bad, header, rows)
    with bad.open("ab") as handle:
        handle.write(b"\xff\xfe,broken\n")
    other = Store.open(tmp_path / "c.sqlite3")
    try:
        with pytest.raises(HistoryError, match="UTF-8") as caught:
            import_history(other, bad)
        assert "\n" not in str(caught.value) and other.review_count() == 0
    finally:
        other.close()


def test_json_is_read_review_by_review_or_whole_when_laid_out_otherwise(
    store: Store, tmp_path: Path
) -> None:
    buffer = io.StringIO()
    export_history(store, buffer, "json")
    as_written = tmp_path / "h.json"
    as_written.write_text(buffer.getvalue(), encoding="utf-8")
    pretty = tmp_path / "pretty.json"  # e.g. reformatted by an editor
    pretty.write_text(json.dumps(json.loads(buffer.getvalue()), indent=2), encoding="utf-8")
    for index, file in enumerate((as_written, pretty)):
        other = Store.open(tmp_path / f"o{index}.sqlite3")
        try:
            result = import_history(other, file)
            assert (result.added, result.exams_added) == (4, 1)
            assert _records(other) == _records(store)
        finally:
            other.close()
    # A broken review line in the streamed layout names its line; nothing is imported.
    lines = buffer.getvalue().splitlines(keepends=True)
    broken_at = next(i for i, line in enumerate(lines) if line.startswith('{"uid"')) + 2
    lines[broken_at - 1] = lines[broken_at - 1][:40] + "\n"
    broken = tmp_path / "broken.json"
    broken.write_text("".join(lines), encoding="utf-8")
    other = Store.open(tmp_path / "b.sqlite3")
    try:
        with pytest.raises(HistoryError, match=f"broken.json:{broken_at}: not valid JSON"):
            import_history(other, broken)
        assert other.review_count() == 0 and other.query("SELECT COUNT(*) FROM exams") == [(0,)]
    finally:
        other.close()
