"""A careless output path never destroys data (issue #20, item 7), and CSV exports are safe to
open in a spreadsheet and round-trip any text (item 8)."""

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


def _reviews(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])


def _one_line_refusal(result: object, *fragments: str) -> None:
    assert result.returncode == 2, result.stderr  # type: ignore[attr-defined]
    stderr = result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    for fragment in fragments:
        assert fragment in stderr


def test_export_anki_never_writes_over_the_store_even_with_force(
    cli_env: dict[str, str], data_dir: Path, bank: Path
) -> None:
    # Today: `export-anki -o D/trainer.sqlite3` destroyed a store of 10,001 reviews.
    total = fill(data_dir, bank, "amy", days=2)
    store = data_dir / "trainer.sqlite3"
    before = store.read_bytes()
    for extra in ([], ["--force"]):
        result = run(
            cli_env, "export-anki", "--bank", str(bank), "-o", str(store), "--lang", "en", *extra
        )
        _one_line_refusal(result, str(store), "never written over")
    assert store.read_bytes() == before and _reviews(store) == total


def test_export_anki_never_writes_over_its_bank(cli_env: dict[str, str], bank: Path) -> None:
    text = bank.read_text(encoding="utf-8")
    result = run(cli_env, "export-anki", "--bank", str(bank), "-o", str(bank), "--force")
    _one_line_refusal(result, str(bank))
    assert bank.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command", ["export", "export-anki", "clean"])
def test_an_existing_file_is_kept_unless_force(
    cli_env: dict[str, str], data_dir: Path, bank: Path, tmp_path: Path, command: str
) -> None:
    fill(data_dir, bank, "default", days=1)
    report = tmp_path / "report.txt"
    report.write_text("一、总体情况\n\n坚持党的领导。\n", encoding="utf-8")
    target = tmp_path / "precious.txt"
    target.write_text("my thesis", encoding="utf-8")
    args = {
        "export": ["export", "--format", "csv"],
        "export-anki": ["export-anki", "--bank", str(bank)],
        "clean": ["clean", str(report)],
    }[command]
    refused = run(cli_env, *args, "-o", str(target), "--lang", "en")
    _one_line_refusal(refused, str(target), "--force")
    assert target.read_text(encoding="utf-8") == "my thesis"
    forced = run(cli_env, *args, "-o", str(target), "--force")
    assert forced.returncode == 0, forced.stderr
    assert target.read_bytes() != b"my thesis"
    assert not list(tmp_path.glob(".precious.txt.*"))  # no temporary file left behind


def test_clean_never_writes_over_its_report(cli_env: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("坚持党的领导。\n", encoding="utf-8")
    result = run(cli_env, "clean", str(report), "-o", str(report), "--force")
    _one_line_refusal(result, str(report))
    assert report.read_text(encoding="utf-8") == "坚持党的领导。\n"


def test_csv_export_neutralises_formulas_and_round_trips_any_text(
    cli_env: dict[str, str], data_dir: Path, bank: Path, tmp_path: Path
) -> None:
    # Today the export wrote `=cmd|…` cells unchanged, and one answer over 131,072 characters
    # made the export unimportable.
    assert fill(data_dir, bank, "amy", days=3) == 12
    answers = [
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example","x")',
        "+1",
        "-2",
        "@SUM(A1)",
        "\tTab",
        "\rCR",
        "'already quoted",
        "'=quoted formula",
        "长" * 200_000,
        "普通答案",
    ]
    db = data_dir / "trainer.sqlite3"
    with sqlite3.connect(db) as conn:
        rowids = [row[0] for row in conn.execute("SELECT rowid FROM reviews ORDER BY rowid")]
        for rowid, answer in zip(rowids, answers, strict=False):
            conn.execute("UPDATE reviews SET answer = ? WHERE rowid = ?", (answer, rowid))
    used = answers[: len(rowids)]
    assert len(used) == len(answers)
    out = tmp_path / "h.csv"
    result = run(cli_env, "export", "--profile", "amy", "--format", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    csv.field_size_limit(1_000_000)
    cells = [row["answer"] for row in csv.DictReader(out.open(encoding="utf-8", newline=""))]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell[:30]
    other = tmp_path / "other-home"
    imported = run({**cli_env, "TRAINER_HOME": str(other)}, "import", str(out))
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(other / "trainer.sqlite3") as conn:
        back = {row[0] for row in conn.execute("SELECT answer FROM reviews")}
    assert set(used) <= back


def test_generate_never_writes_over_the_store(
    cli_env: dict[str, str], data_dir: Path, bank: Path, tmp_path: Path
) -> None:
    total = fill(data_dir, bank, "amy", days=1)
    store = data_dir / "trainer.sqlite3"
    report = tmp_path / "report.txt"
    report.write_text("一、总体情况\n\n一是坚持党的领导。二是坚持团结民主。\n", encoding="utf-8")
    result = run(cli_env, "generate", str(report), "-o", str(store), "--force", "--lang", "en")
    _one_line_refusal(result, str(store))
    assert _reviews(store) == total
