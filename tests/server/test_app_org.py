"""The home screen shows the study group's assignment of the open bank, what is left to master
and the days to the deadline (the assignment arrives at sync, kept in ``sync.assignments``)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.server.test_app_sync import SIZE, _app, _text
from trainer.core.bank import load_bank
from trainer.core.store import Store
from trainer.server.assignments import SETTING_KEY


def _assign(data_dir: Path, assignments: list[dict[str, Any]]) -> None:
    with Store.open(data_dir / "trainer.sqlite3") as store:
        store.set_setting(SETTING_KEY, assignments, "default")


async def test_home_shows_the_assignment_left_and_days(
    data_dir: Path, builtin_bank_path: Path
) -> None:
    bank = load_bank(builtin_bank_path)
    section = bank.sections[0]
    in_section = [q for q in bank.questions if q.section == section.id]
    deadline = date.today() + timedelta(days=10)
    _assign(data_dir, [
        {"group": "第一学习小组", "bank_id": "other-bank", "sections": [], "deadline": "2099-01-01"},
        {"group": "第一学习小组", "bank_id": bank.id, "sections": [section.id],
         "deadline": deadline.isoformat()},
    ])  # fmt: skip
    with Store.open(data_dir / "trainer.sqlite3") as store:
        # one question of the section answered well just now: mastered (recall ≥ 90 %)
        store.record_review(
            "default", bank_id=bank.id, question_id=in_section[0].id, rating=3,
            verdict="correct", score=1.0,
        )  # fmt: skip
    app = _app(data_dir, builtin_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _text(app, "#home-assignment") == (
            f"任务（第一学习小组）：{section.title}，还剩 10 天（{deadline.isoformat()}），"
            f"待掌握 {len(in_section) - 1}/{len(in_section)}"
        )
    app.store.close()


async def test_home_shows_no_assignment_line_without_a_current_one(
    data_dir: Path, builtin_bank_path: Path
) -> None:
    bank = load_bank(builtin_bank_path)
    past = (date.today() - timedelta(days=1)).isoformat()
    _assign(data_dir, [
        {"group": "一组", "bank_id": bank.id, "sections": [], "deadline": past},
        {"group": "一组", "bank_id": "other-bank", "sections": [], "deadline": "2099-01-01"},
    ])  # fmt: skip
    app = _app(data_dir, builtin_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _text(app, "#home-assignment") == ""
    app.store.close()


async def test_a_hostile_group_name_is_shown_as_text(
    data_dir: Path, builtin_bank_path: Path
) -> None:
    bank = load_bank(builtin_bank_path)
    _assign(data_dir, [
        {"group": "[bold red]组[/]", "bank_id": bank.id, "sections": [], "deadline": "2099-01-01"},
    ])  # fmt: skip
    app = _app(data_dir, builtin_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "任务（[bold red]组[/]）：全部内容" in _text(app, "#home-assignment")
    app.store.close()


async def test_the_app_opens_the_assigned_bank_the_device_pulled(
    data_dir: Path, builtin_bank_path: Path
) -> None:
    """Without --bank: the bank of the nearest current assignment, when the sync pulled it into
    <data dir>/banks/ (before, the learner had to pass --bank …/banks/ID.yaml)."""
    from tests.server.orgdata import BANK_ID, bank_yaml
    from trainer.ui.app import create_app

    (data_dir / "banks").mkdir()
    (data_dir / "banks" / f"{BANK_ID}.yaml").write_text(bank_yaml(6), encoding="utf-8")
    soon = (date.today() + timedelta(days=5)).isoformat()
    _assign(data_dir, [
        {"group": "一组", "bank_id": "never-pulled", "sections": [], "deadline": soon},
        {"group": "一组", "bank_id": BANK_ID, "sections": [], "deadline": "2099-01-01"},
    ])  # fmt: skip

    async def opened() -> str:
        app = create_app(store=Store.open(data_dir / "trainer.sqlite3"), cursor_blink=False,
                         warm_up=False)  # fmt: skip
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            bank_id = app.bank.id
        app.store.close()
        return str(bank_id)

    # the nearest assignment's bank was never pulled: the next one that was
    assert await opened() == BANK_ID
    # no current assignment of a pulled bank: the built-in bank, as before
    _assign(data_dir, [{"group": "一组", "bank_id": "never-pulled", "sections": [],
                        "deadline": soon}])  # fmt: skip
    assert await opened() == load_bank(builtin_bank_path).id


def test_bank_takes_the_id_of_a_pulled_bank(data_dir: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.server.orgdata import BANK_ID, bank_yaml

    env = dict(os.environ, TRAINER_HOME=str(data_dir), PYTHONIOENCODING="utf-8")

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "trainer", "--lang", "en", "check", "--bank", BANK_ID,
             "--id", "q1", "--answer", "答案1"],
            capture_output=True, text=True, timeout=60, env=env,
        )  # fmt: skip

    assert check().returncode != 0  # not pulled yet
    (data_dir / "banks").mkdir()
    (data_dir / "banks" / f"{BANK_ID}.yaml").write_text(bank_yaml(6), encoding="utf-8")
    result = check()
    assert result.returncode == 0, result.stderr
    assert "correct" in result.stdout.lower()
