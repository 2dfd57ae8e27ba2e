"""The one-screen group mode driven with Pilot: marks, typed answers, scoreboard, podium, store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import ManualClock, text_of
from trainer.core.bank import load_bank
from trainer.core.store import Store
from trainer.ui.group_app import GroupApp
from trainer.ui.screens.group_projector import ProjectorScreen

BANK = """\
bank: {id: proj-test, title: 投影测试}
sections: [{id: s1, title: 第一部分}]
questions:
  - {id: q1, type: short, section: s1, prompt: 最大的政治成果是什么？, answer: 两个确立, explanation: 报告原话。, source: 最大的政治成果是两个确立。}
  - {id: q2, type: choice, section: s1, prompt: 选出专门协商机构, options: [人民政协, 法院], answer: A}
  - {id: q3, type: cloze, section: s1, text: "坚持{{团结}}和{{民主}}两大主题。"}
"""


@pytest.fixture
def bank(tmp_path: Path):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "store.sqlite3", enable_fuzzing=False)
    yield opened
    opened.close()


async def test_projector_full_game_records_every_player(bank, store) -> None:
    clock = ManualClock()
    screen = ProjectorScreen(
        bank, bank.questions, ["张三", "李四", "王五"], time_limit=30, store=store, clock=clock
    )
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "最大的政治成果" in text_of(app, "#group-question")
        assert "两个确立" not in text_of(app, "#group-question")
        assert "第 1/3 题" in text_of(app, "#group-header")
        # Q1: reveal, mark 张三 and 王五 right
        await pilot.press("enter")
        assert "两个确立" in text_of(app, "#group-answer")
        assert "报告原话" in text_of(app, "#group-answer")
        await pilot.press("1", "3")
        await pilot.press("enter")  # scoreboard
        board = text_of(app, "#group-board")
        assert "张三" in board and "1000" in board
        assert screen.game.find_player("李四").score == 0
        await pilot.press("enter")  # Q2
        assert "第 2/3 题" in text_of(app, "#group-header")
        # the time runs out by itself
        clock.now += 31
        await pilot.pause(0.4)
        assert screen.stage == "answer"
        # Q2: type each player's answer, graded by the checker
        await pilot.press("t")
        for answer in ("A", "B", "人民政协"):
            screen.query_one("#group-type").value = answer
            await pilot.press("enter")
        records = [p.answers[1].verdict for p in screen.seats]
        assert records[0] == "correct" and records[1] == "wrong"
        await pilot.press("enter")  # scoreboard
        # 张三 streak: 1000 + 1000 + 100
        assert screen.game.find_player("张三").score == 2100
        await pilot.press("enter")  # Q3
        await pilot.press("p")  # pause
        assert screen.game.paused
        await pilot.press("p")
        await pilot.press("e")  # end now: Q3 scored (nobody marked), podium
        assert screen.stage == "podium"
        podium = text_of(app, "#group-board")
        assert podium.index("张三") < podium.index("王五") < podium.index("李四")
        await pilot.press("q")
    for name, expected in (("张三", 3), ("李四", 3), ("王五", 3)):
        reviews = list(store.iter_reviews(name))
        assert len(reviews) == expected, name
        assert all(r.mode == "group" for r in reviews)
    verdicts = [r.verdict for r in store.iter_reviews("张三")]
    assert verdicts == ["correct", "correct", "wrong"]


async def test_projector_in_english(bank, store) -> None:
    from trainer.i18n import set_language

    set_language("en")
    screen = ProjectorScreen(bank, bank.questions[:1], ["Ann"], store=store, clock=ManualClock())
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Question 1/1" in text_of(app, "#group-header")
        await pilot.press("enter", "1", "enter")
        assert "Leaderboard" in text_of(app, "#group-board")
        await pilot.press("enter")
        assert "Podium" in text_of(app, "#group-header")
        assert "Ann" in text_of(app, "#group-board")
