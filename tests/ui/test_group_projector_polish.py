"""One-screen mode: typing answers during the countdown, the status between questions, Enter on
the podium (a per-question recap), names that look like markup, order items never in answer order."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.conftest import ManualClock, text_of
from trainer.core.bank import load_bank
from trainer.core.store import Store
from trainer.ui.group_app import GroupApp
from trainer.ui.screens.group_projector import ProjectorScreen

BANK = """\
bank: {id: proj-polish, title: 投影测试}
sections: [{id: s1, title: 第一部分}]
questions:
  - {id: q1, type: short, section: s1, prompt: 最大的政治成果是什么？, answer: 两个确立}
  - {id: q2, type: order, section: s1, prompt: 按顺序排列, items: [第一步骤, 第二步骤, 第三步骤, 第四步骤]}
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


async def test_type_during_countdown_status_cleared_and_podium_recap(bank, store) -> None:
    clock = ManualClock()
    names = ["[bold red]大王", "[@click=app.quit]点我"]
    screen = ProjectorScreen(bank, bank.questions, names, time_limit=30, store=store, clock=clock)
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # names that look like markup are shown literally, and nothing breaks
        assert "[bold red]大王" in text_of(app, "#group-players")
        # t works while the countdown runs
        await pilot.press("t")
        assert isinstance(app.focused, Input)
        app.focused.value = "两个确立"
        await pilot.press("enter")
        app.focused.value = ""
        await pilot.press("enter")  # nothing typed for the second player: mark later
        assert screen.stage == "asking"
        assert screen.seats[0].answers[0].verdict == "correct"
        assert 0 not in screen.seats[1].answers
        await pilot.press("enter")  # reveal
        await pilot.press("2")  # mark the second player right by hand
        await pilot.press("enter")  # scores (and recorded)
        assert "已记入" in text_of(app, "#group-status")
        await pilot.press("enter")  # the next question: the status of the last one is gone
        assert "已记入" not in text_of(app, "#group-status")
        # the order question is never listed in the answer order on the projector
        shown = text_of(app, "#group-question")
        positions = [shown.index(item) for item in ("第一步骤", "第二步骤", "第三步骤", "第四步骤")]
        assert positions != sorted(positions)
        await pilot.press("enter", "enter", "enter")  # reveal, scores, podium
        assert screen.stage == "podium"
        await pilot.press("enter")  # the recap of every question
        assert screen.stage == "recap"
        recap = text_of(app, "#group-board")
        assert "最大的政治成果" in recap and "两个确立" in recap
        assert "[bold red]大王 正确" in recap and "[@click=app.quit]点我 正确" in recap
        await pilot.press("enter")
        assert screen.stage == "podium"
        await pilot.press("q")
    assert app.return_value == 0


@pytest.mark.parametrize("language", ["zh", "en"])
def test_podium_recap_snapshot(snap_compare, bank, language: str) -> None:
    """The per-question recap at 80×24: answers and every player's verdict, nothing cut."""
    from trainer.i18n import set_language

    set_language(language)
    clock = ManualClock()
    screen = ProjectorScreen(bank, bank.questions, ["张三", "Ann"], time_limit=30, clock=clock)
    # a store in a temporary folder the test does not look at
    app = GroupApp(lambda: screen, cursor_blink=False)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter", "1", "enter", "enter")  # q1: 张三 right
        await pilot.press("enter", "2", "enter", "enter")  # q2: Ann right; podium
        await pilot.press("enter")  # the recap
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        set_language("zh")
