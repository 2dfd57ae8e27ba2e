"""The home screen at 80×24: whole section titles, labelled counts, the help key, plurals."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import screen_text
from trainer.ui.screens.help import HelpScreen


def _builtin_app(clock: Any, store: Any, language: str = "zh") -> Any:
    from trainer.ui.app import create_app

    return create_app(
        clock=clock, store=store, cursor_blink=False, warm_up=False, language=language
    )


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_every_section_title_is_whole_at_80_columns(
    clock: Any, store: Any, language: str
) -> None:
    app = _builtin_app(clock, store, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sections = app.screen.query_one("#home-sections")
        shown = [str(sections.get_option_at_index(i).prompt) for i in range(sections.option_count)]
        assert app.bank is not None
        for section, line in zip(app.bank.sections, shown, strict=True):
            assert section.title in line, line
            assert "…" not in line
        # The six "聚焦…" sections are told apart.
        assert len({line.split()[0] for line in shown}) == len(shown)


async def test_section_counts_are_explained(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "数字：已掌握/题数" in screen_text(app)
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "mastered/questions" in screen_text(app)


async def test_question_mark_is_offered_and_opens_the_key_list(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keybar = str(app.screen.query_one("KeyBar").content)
        assert "? 按键帮助" in keybar
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_one_day_streak_is_singular_in_english(make_app: Any, store: Any) -> None:
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session("study", question_ids=["q-short"])
        await pilot.pause()
        await pilot.press(*"必须切实加强党的全面领导", "enter")
        await pilot.pause()
        app.go_home()
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "Streak 1 day" in text and "1 days" not in text, text
