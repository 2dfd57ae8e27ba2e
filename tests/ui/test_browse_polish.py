"""Browse: pinyin search, an empty result that says so, Tab to the results, a session that comes
back to the same search, and rows told apart at 80 columns."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.widgets import DataTable, Input

from tests.ui.conftest import screen_text
from trainer.ui.screens.browse import BrowseScreen, fit_middle, short_section
from trainer.ui.screens.study import StudyScreen


def _builtin_app(clock: Any, store: Any, **options: Any) -> Any:
    from trainer.ui.app import create_app

    return create_app(clock=clock, store=store, cursor_blink=False, warm_up=False, **options)


async def _search(pilot: Any, text: str) -> BrowseScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    await pilot.press("slash")
    search = screen.query_one("#browse-search", Input)
    search.value = ""
    await pilot.press(*text)
    await pilot.pause()
    return screen


def _prompts(app: Any, screen: BrowseScreen) -> list[str]:
    return [app.bank.get(qid).prompt for qid in screen.shown]


async def test_search_by_pinyin_and_by_initials(clock: Any, store: Any) -> None:
    app = _builtin_app(clock, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = await _search(pilot, "shuxiang")
        found = _prompts(app, screen)
        assert found and any("书香" in p for p in found)
        by_hanzi = await _search(pilot, "书香")
        assert set(by_hanzi.shown) <= set(screen.shown)
        screen = await _search(pilot, "sxzx")  # 书香政协
        assert any("书香政协" in p for p in _prompts(app, screen))


async def test_an_empty_result_says_so(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = await _search(pilot, "zzzzq")
        assert screen.shown == []
        assert "没有找到符合条件的题" in screen_text(app)


async def test_tab_from_search_goes_to_the_results(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await _search(pilot, "政协")
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, DataTable)


async def test_a_session_from_browse_comes_back_with_search_and_marks(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = await _search(pilot, "必须")
        shown = list(screen.shown)
        await pilot.press("tab", "space")  # mark the first result
        assert screen.marked == {shown[0]}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        await pilot.press("escape")  # nothing answered: straight back
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#browse-search", Input).value == "必须"
        assert screen.shown == shown and screen.marked == {shown[0]}


def test_rows_that_differ_at_their_end_stay_apart() -> None:
    first = "关于“书香政协”读书平台的建设成效，下列说法中正确的是"
    second = "关于“书香政协”读书平台的建设成效，下列说法中错误的是"
    cut = [fit_middle(text, 30) for text in (first, second)]
    assert cut[0] != cut[1]
    assert all(cell_len(text) <= 30 and "…" in text for text in cut)
    assert fit_middle("短题目", 30) == "短题目"
    assert short_section("聚焦政治引领 全面筑牢共同思想基础") == "聚焦政治引领"
    assert short_section("强化创新理论武装，筑牢思想政治根基") == "强化创新理论武装"
