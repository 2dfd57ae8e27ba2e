"""挑战答题: questions until the first wrong answer, recorded as reviews, best run kept and shown."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import screen_text
from trainer.core.challenge import best_run
from trainer.ui.screens.challenge import ChallengeScreen
from trainer.ui.screens.home import HomeScreen
from trainer.ui.screens.summary import SummaryScreen

RIGHT_KEYS = {
    "q-short": [*"必须切实加强党的全面领导", "enter"],
    "q-cloze": [*"中心", "tab", *"大局", "enter"],
    "q-choice": ["a", "enter"],
    "q-truefalse": ["1", "enter"],
    "q-number": ["9", "8", "enter"],
}
WRONG_KEYS = {
    "q-short": [*"不知道", "enter"],
    "q-cloze": [*"甲", "tab", *"乙", "enter"],
    "q-choice": ["b", "enter"],
    "q-truefalse": ["2", "enter"],
    "q-number": ["1", "enter"],
}


async def answer(pilot: Any, keys: dict[str, list[str]]) -> str:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ChallengeScreen)
    qid = screen.session.current.id
    await pilot.press(*keys[qid])
    await pilot.pause()
    return qid


async def test_a_run_ends_at_the_first_wrong_answer(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        asked = [await answer(pilot, RIGHT_KEYS)]
        assert "已连对 1 题" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        asked.append(await answer(pilot, RIGHT_KEYS))
        await pilot.press("enter")
        await pilot.pause()
        asked.append(await answer(pilot, WRONG_KEYS))
        assert "答错了，挑战结束" in screen_text(app)
        await pilot.press("enter")  # past the feedback of the wrong answer: no more questions
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "挑战答题结束" in text and "连续答对 2 题" in text and "新纪录！" in text
        # Only quick questions (one answer each) are asked.
        assert not {"q-list", "q-order"} & set(asked)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "挑战最佳 2 题" in screen_text(app)
    reviews = list(store.iter_reviews("default"))
    assert [r.mode for r in reviews] == ["challenge"] * 3
    assert [r.question_id for r in reviews] == asked
    assert [r.verdict == "correct" for r in reviews] == [True, True, False]
    assert store.card_row("default", "test-bank", asked[0]) is not None  # scheduled like study
    assert best_run(store, "default", "test-bank").run == 2


async def test_a_shorter_run_keeps_the_best_and_says_so(make_app: Any, store: Any) -> None:
    from datetime import date

    from trainer.core.challenge import record_run

    record_run(store, "default", "test-bank", 5, date(2026, 3, 1))
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Best challenge 5" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        assert "best 5" in screen_text(app)
        await answer(pilot, WRONG_KEYS)
        assert "the challenge is over" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "0 right in a row" in text and "Best run: 5" in text and "new best" not in text
        await pilot.press("c")  # another go, straight away
        await pilot.pause()
        assert isinstance(app.screen, ChallengeScreen)
    assert best_run(store, "default", "test-bank").run == 5
