"""`trainer stats`, `trainer export-anki` as a user runs them."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import run_trainer_process

BANK = """\
bank: {id: cli-demo, title: 命令行演示}
sections:
  - {id: s1, title: 第一部分}
  - {id: s2, title: 第二部分}
questions:
  - {id: q1, type: short, section: s1, prompt: 问题一？, answer: 答案一}
  - {id: q2, type: short, section: s1, prompt: 问题二？, answer: 答案二}
  - {id: q3, type: short, section: s2, prompt: 问题三？, answer: 答案三}
  - {id: q4, type: cloze, section: s2, text: "坚持{{党的领导}}和{{团结}}。"}
"""


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, env)


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def fill(data_dir: Path, bank_file: Path, profile: str, days: int, wrong_every: int = 4) -> int:
    """Review every question once a day for ``days`` days ending now; returns today's reviews."""
    from trainer.core.bank import load_bank
    from trainer.core.store import Store

    bank = load_bank(bank_file)
    now = datetime.now(UTC)
    count = 0
    with Store.open(data_dir / "trainer.sqlite3", enable_fuzzing=False) as store:
        store.set_setting("timezone", "UTC", profile=profile)
        for back in range(days - 1, -1, -1):
            moment = now - timedelta(days=back, minutes=30)
            if moment.date() != (now - timedelta(days=back)).date():
                moment = now - timedelta(days=back)
            for index, question in enumerate(bank.questions):
                wrong = (index + back) % wrong_every == 0
                store.record_review(
                    profile,
                    bank_id=bank.id,
                    question_id=question.id,
                    rating=1 if wrong else 3,
                    verdict="wrong" if wrong else "correct",
                    score=0.0 if wrong else 1.0,
                    content_hash=question.content_hash,
                    duration_ms=2000,
                    reviewed_at=moment + timedelta(seconds=index),
                )
                count += 1
    return count


def test_stats_json_has_the_documented_keys(
    cli_env: dict[str, str], data_dir: Path, bank_file: Path
) -> None:
    total = fill(data_dir, bank_file, "amy", days=5)
    result = run(cli_env, "stats", "--profile", "amy", "--json", "--bank", str(bank_file))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in (
        "profile",
        "reviews_total",
        "reviews_today",
        "correct_today",
        "streak_days",
        "due_now",
        "retention_mature",
        "sections",
        "exams",
    ):
        assert key in data
    assert data["profile"] == "amy"
    assert data["reviews_total"] == total == 20
    assert data["reviews_today"] == 4
    assert data["streak_days"] == 5
    assert [s["id"] for s in data["sections"]] == ["s1", "s2"]
    assert {"id", "title", "total", "new", "learning", "mastered"} <= set(data["sections"][0])
    assert data["sections"][0]["title"] == "第一部分" and data["sections"][1]["total"] == 2
    assert data["exams"] == []


def test_stats_text_shows_the_figures(
    cli_env: dict[str, str], data_dir: Path, bank_file: Path
) -> None:
    fill(data_dir, bank_file, "amy", days=3)
    result = run(cli_env, "stats", "--profile", "amy", "--bank", str(bank_file), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "current streak" in result.stdout and "3 days" in result.stdout
    assert "Mastery per section" in result.stdout and "第一部分" in result.stdout
    assert "Traceback" not in result.stderr
    zh = run(cli_env, "stats", "--profile", "amy", "--bank", str(bank_file))
    assert "连续学习" in zh.stdout and "3 天" in zh.stdout


def test_all_profiles_side_by_side(
    cli_env: dict[str, str], data_dir: Path, bank_file: Path
) -> None:
    fill(data_dir, bank_file, "amy", days=3)
    fill(data_dir, bank_file, "bo", days=1)
    result = run(cli_env, "stats", "--all-profiles", "--json", "--bank", str(bank_file))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {p["profile"]: p["reviews_total"] for p in data["profiles"]} == {"amy": 12, "bo": 4}
    text = run(cli_env, "stats", "--all-profiles", "--bank", str(bank_file), "--lang", "en")
    assert text.returncode == 0, text.stderr
    assert "Study group" in text.stdout and "amy" in text.stdout and "bo" in text.stdout


def test_bad_input_is_one_line_and_non_zero(cli_env: dict[str, str], bank_file: Path) -> None:
    cases = [
        ("stats", "--profile", "ghost", "--bank", str(bank_file)),
        ("stats", "--bank", str(bank_file.with_name("missing.yaml"))),
        ("stats", "--profile", "a", "--all-profiles", "--bank", str(bank_file)),
        ("export-anki", "--bank", str(bank_file), "-o", "/nonexistent-dir/deck.apkg"),
    ]
    for args in cases:
        result = run(cli_env, *args)
        assert result.returncode != 0, args
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_export_anki_writes_a_deck(
    cli_env: dict[str, str], bank_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "deck.apkg"
    result = run(
        cli_env, "export-anki", "--bank", str(bank_file), "-o", str(target), "--lang", "en"
    )
    assert result.returncode == 0, result.stderr
    assert target.is_file() and target.stat().st_size > 0
    assert "4 notes, 5 cards" in result.stdout


def test_exam_dates_are_the_learners_local_days(
    cli_env: dict[str, str], data_dir: Path, bank_file: Path
) -> None:
    # 20:00 UTC on 1 March is 04:00 on 2 March in Zhengzhou: the learner sat the exam on the 2nd.
    from trainer.core.store import Store

    started = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    with Store.open(data_dir / "trainer.sqlite3") as store:
        store.set_setting("timezone", "Asia/Shanghai", profile="amy")
        exam = store.start_exam("amy", "cli-demo", 2, started_at=started)
        store.finish_exam(exam.id or 0, 0.5, {}, finished_at=started + timedelta(minutes=3))
    args = ("stats", "--profile", "amy", "--bank", str(bank_file))
    data = json.loads(run(cli_env, *args, "--json").stdout)
    assert [e["date"] for e in data["exams"]] == ["2026-03-02"]
    text = run(cli_env, *args).stdout
    assert "2026-03-02" in text and "2026-03-01" not in text


def test_section_titles_stay_whole_and_weak_points_are_questions(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    long_bank = tmp_path / "long.yaml"
    long_bank.write_text(
        BANK.replace("第一部分", "聚焦政治引领 全面筑牢共同思想基础").replace(
            "第二部分", "聚焦使命定位 助推全市中心工作落实"
        ),
        encoding="utf-8",
    )
    fill(data_dir, long_bank, "amy", days=2, wrong_every=2)
    env = {**cli_env, "COLUMNS": "80"}
    result = run(env, "stats", "--profile", "amy", "--bank", str(long_bank))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "聚焦政治引领 全面筑牢共同思想基础" in out
    assert "聚焦使命定位 助推全市中心工作落实" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "已掌握/题数" in out and "≥90%" not in out.split("数字")[0]
    weak = out[out.index("薄弱环节") :]
    assert "问题" in weak and "q1" not in weak and "q2" not in weak
    assert "最近答错" in weak
    english = run(env, "stats", "--profile", "amy", "--bank", str(long_bank), "--lang", "en")
    table = english.stdout[english.stdout.index("Mastery per section") :]
    assert "learning" in table and "mastered" in table and "…" not in table.split("Figures")[0]
    assert "聚焦使命定位 助推全市中心工作落实" in table


def test_one_day_is_singular(cli_env: dict[str, str], data_dir: Path, bank_file: Path) -> None:
    fill(data_dir, bank_file, "amy", days=1)
    result = run(cli_env, "stats", "--profile", "amy", "--bank", str(bank_file), "--lang", "en")
    assert "1 day " in result.stdout + " " and "1 days" not in result.stdout
