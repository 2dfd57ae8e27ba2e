"""`trainer export` / `trainer import`: the history moves to another machine and merges."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from test_stats_cli import BANK, fill, run  # shared helpers (tests/cli is on sys.path)


def _bank(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def test_export_import_round_trip_to_another_machine(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    bank = _bank(tmp_path)
    total = fill(data_dir, bank, "amy", days=4)
    for fmt in ("csv", "json"):
        out = tmp_path / f"amy.{fmt}"
        result = run(cli_env, "export", "--profile", "amy", "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
        if fmt == "csv":
            rows = list(csv.DictReader(out.open(encoding="utf-8")))
            assert len(rows) == total
            assert {"uid", "reviewed_at", "verdict", "rating", "card_before"} <= set(rows[0])
        else:
            assert len(json.loads(out.read_text(encoding="utf-8"))["reviews"]) == total

        other_home = tmp_path / f"other-{fmt}"
        other_env = {**cli_env, "TRAINER_HOME": str(other_home)}
        first = run(other_env, "import", str(out), "--lang", "en")
        assert first.returncode == 0, first.stderr
        assert f"{total} reviews added, 0 already present" in first.stdout
        second = run(other_env, "import", str(out), "--lang", "en")
        assert f"0 reviews added, {total} already present" in second.stdout

        before = json.loads(
            run(cli_env, "stats", "--profile", "amy", "--json", "--bank", str(bank)).stdout
        )
        after = json.loads(
            run(other_env, "stats", "--profile", "amy", "--json", "--bank", str(bank)).stdout
        )
        for key in (
            "reviews_total",
            "reviews_today",
            "correct_today",
            "due_now",
            "sections",
            "retention_mature",
        ):
            assert after[key] == before[key], key


def test_export_to_stdout(cli_env: dict[str, str], data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir, _bank(tmp_path), "default", days=1)
    result = run(cli_env, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["reviews"]) == 4


def test_import_errors_are_one_line(cli_env: dict[str, str], tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    wrong_csv = tmp_path / "wrong.csv"
    wrong_csv.write_text("a,b\n1,2\n", encoding="utf-8")
    bad_row = tmp_path / "bad.json"
    bad_row.write_text(json.dumps({"reviews": [{"bank_id": "b", "question_id": "q"}]}), "utf-8")
    for path in (garbage, wrong_csv, bad_row, tmp_path / "missing.csv", tmp_path):
        result = run(cli_env, "import", str(path))
        assert result.returncode != 0, path
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    missing_format = run(cli_env, "export")
    assert missing_format.returncode != 0


def test_profile_import_goes_into_that_profile_and_says_where(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    bank = _bank(tmp_path)
    total = fill(data_dir, bank, "amy", days=2)
    out = tmp_path / "amy.json"
    exported = run(cli_env, "export", "--profile", "amy", "--format", "json", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    other_env = {**cli_env, "TRAINER_HOME": str(tmp_path / "other")}
    result = run(other_env, "--profile", "bob", "import", str(out))
    assert result.returncode == 0, result.stderr
    assert "记录已导入档案：bob" in result.stdout and "trainer.sqlite3" in result.stdout
    bob = json.loads(
        run(other_env, "stats", "--profile", "bob", "--json", "--bank", str(bank)).stdout
    )
    assert bob["reviews_total"] == total
    assert "amy" not in run(other_env, "profile", "list").stdout
