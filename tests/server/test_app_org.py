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
