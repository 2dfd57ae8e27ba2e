"""Import files and stores a careless or hostile hand made: nothing half-imported, nothing that
breaks the statistics, every wrong row named by its line (issue #20, items 5, 6, 8, 11)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from test_stats_cli import BANK, fill, run  # shared helpers (tests/cli is on sys.path)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def _exported(cli_env: dict[str, str], data_dir: Path, bank: Path, tmp_path: Path) -> Path:
    fill(data_dir, bank, "amy", days=3)
    out = tmp_path / "amy.csv"
    result = run(cli_env, "export", "--profile", "amy", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)


def _many(header_rows: tuple[list[str], list[dict[str, str]]], count: int) -> list[dict]:
    _, rows = header_rows
    return [{**rows[i % len(rows)], "uid": f"u-{i}"} for i in range(count)]


def _review_count(home: Path) -> int:
    db = home / "trainer.sqlite3"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])


@pytest.mark.parametrize(
    ("column", "value", "fix"),
    [
        ("profile", "zzz\x01", "profile name"),
        ("reviewed_at", "9999-12-31T00:00:00+00:00", "reviewed_at"),
        ("reviewed_at", "0001-01-01T00:00:00+00:00", "reviewed_at"),
        ("score", "nan", "score"),
    ],
)
def test_a_bad_last_row_imports_nothing_and_names_its_line(
    cli_env: dict[str, str],
    data_dir: Path,
    bank: Path,
    tmp_path: Path,
    column: str,
    value: str,
    fix: str,
) -> None:
    # Today: 4,036 of 5,001 reviews were committed before the last row failed.
    header, rows = _rows(_exported(cli_env, data_dir, bank, tmp_path))
    many = _many((header, rows), 5000)
    many.append({**many[-1], "uid": "the-bad-one", column: value})
    history = tmp_path / "history.csv"
    _write(history, header, many)
    other = tmp_path / "other-home"
    result = run({**cli_env, "TRAINER_HOME": str(other)}, "import", str(history), "--lang", "en")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "history.csv" in lines[0] and "line 5002" in lines[0] and fix in lines[0]
    assert "nothing was imported" in lines[0]
    assert "\x01" not in result.stderr
    assert _review_count(other) == 0


def test_every_wrong_row_is_listed_in_chinese(
    cli_env: dict[str, str], data_dir: Path, bank: Path, tmp_path: Path
) -> None:
    header, rows = _rows(_exported(cli_env, data_dir, bank, tmp_path))
    rows[0]["rating"] = "7"
    rows[2]["score"] = "inf"
    history = tmp_path / "h.csv"
    _write(history, header, rows)
    other = tmp_path / "other-home"
    result = run({**cli_env, "TRAINER_HOME": str(other)}, "import", str(history))
    assert result.returncode == 2
    assert "有 2 行无法导入" in result.stderr
    assert "第 2 行" in result.stderr and "第 4 行" in result.stderr
    assert _review_count(other) == 0


def test_a_year_one_review_already_in_a_store_does_not_break_stats(
    cli_env: dict[str, str], data_dir: Path, bank: Path
) -> None:
    # Imported before the bounds existed: `trainer stats` failed with "year 0 is out of range".
    fill(data_dir, bank, "amy", days=2)
    with sqlite3.connect(data_dir / "trainer.sqlite3") as conn:
        conn.execute("UPDATE reviews SET reviewed_at = -62135596800.0 WHERE rowid = 1")
        conn.execute("UPDATE reviews SET reviewed_at = 253402214400.0 WHERE rowid = 2")
    for args in (["--json"], []):
        result = run(cli_env, "stats", "--profile", "amy", "--bank", str(bank), *args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "sections",
    [
        {"s1": {"total": 2, "correct": 1, "score": 7}},
        {"s1": 5},
        {"s1": {"total": -1}},
        {"\x1b[2J": {"total": 1}},
        [1, 2],
    ],
    ids=["score-7", "not-a-mapping", "negative", "escape", "list"],
)
def test_an_exam_with_impossible_sections_imports_nothing(
    cli_env: dict[str, str], tmp_path: Path, sections: object
) -> None:
    # Today such an exam imported and the statistics showed "700%" and "nan%".
    import json

    good = {"total": 2, "answered": 2, "correct": 1, "score": 0.5}
    exams = [
        {
            "uid": f"e{index}",
            "profile": "amy",
            "bank_id": "cli-demo",
            "size": 2,
            "started_at": "2026-01-01T00:00:00+00:00",
            "score": 0.5,
            "sections": value,
        }
        for index, value in enumerate([{"s1": good}, sections])
    ]
    history = tmp_path / "h.json"
    history.write_text(
        json.dumps({"format": "trainer-history", "exams": exams, "reviews": []}), encoding="utf-8"
    )
    other = tmp_path / "other-home"
    result = run({**cli_env, "TRAINER_HOME": str(other)}, "import", str(history), "--lang", "en")
    assert result.returncode == 2, result.stdout
    assert "exam #2" in result.stderr
    assert "'sections'" in result.stderr or isinstance(sections, list)
    assert "\x1b" not in result.stderr
    db = other / "trainer.sqlite3"
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM exams").fetchone()[0] == 0


@pytest.mark.parametrize("version", ['"abc"', "[1]", "1e400", "99"])
def test_a_strange_header_is_one_line_in_chinese(
    cli_env: dict[str, str], tmp_path: Path, version: str
) -> None:
    history = tmp_path / "h.json"
    history.write_text(
        '{\n"format": "trainer-history",\n"version": ' + version + ',\n"exams": [],\n'
        '"reviews": [\n]\n}\n',
        encoding="utf-8",
    )
    result = run(cli_env, "import", str(history))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(history) in lines[0]
    assert "trainer" in lines[0] and ("不是" in lines[0] or "升级" in lines[0])


def test_a_fifo_or_device_is_not_imported(cli_env: dict[str, str], tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fifo = tmp_path / "h.csv"
    os.mkfifo(fifo)
    for source in (str(fifo), "/dev/zero"):
        result = subprocess.run(
            [sys.executable, "-m", "trainer", "import", source, "--lang", "en"],
            env=cli_env,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 2
        assert (
            result.stderr.strip()
            == f"trainer: {source}: not a regular file (not a pipe or a device)"
        )


def test_deeply_nested_json_is_one_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    card = '"' + "[" * 100_000 + '"'  # a card_before whose JSON text nests too deeply
    for name, text in (
        ("whole.json", '{"reviews": ' + deep + "}"),
        (
            "stream.json",
            '{\n"format": "trainer-history",\n"exams": [],\n"reviews": [\n' + deep + "\n]\n}\n",
        ),
        (
            "card.csv",
            "reviewed_at,bank_id,question_id,verdict,rating,score,card_before\n"
            "2026-01-01T00:00:00+00:00,b,q,correct,3,1,"
            + card.replace('"', '""').join('""')
            + "\n",
        ),
    ):
        history = tmp_path / name
        history.write_text(text, encoding="utf-8")
        result = run(cli_env, "import", str(history))
        assert result.returncode == 2, (name, result.stderr[-300:])
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
