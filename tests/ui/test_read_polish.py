"""The Read screen: headings to jump to (no subtitle, no byline), a table of contents, search."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, OptionList, Static

from trainer.ui.screens.read import Block, ContentsScreen, ReadScreen, find_all, section_headings


def _builtin_app(clock: Any, store: Any) -> Any:
    from trainer.ui.app import create_app

    return create_app(clock=clock, store=store, cursor_blink=False, warm_up=False)


def test_headings_leave_out_the_subtitle_lines_and_the_byline() -> None:
    blocks = [
        Block("heading", "主标题"),
        Block("heading", "副题一行"),
        Block("heading", "——某某工作报告摘编"),
        Block("paragraph", "导语。"),
        Block("heading", "【第一部分】"),
        Block("heading", "第一节"),
        Block("paragraph", "正文。"),
        Block("heading", "记者 某某"),
    ]
    assert section_headings(blocks) == [0, 4, 5]
    assert find_all(blocks, "正文") == [(6, 0, 2)]
    assert find_all(blocks, "  ") == []


def _top_heading(app: Any, screen: ReadScreen) -> str:
    body = screen.query_one("#read-body")
    for widget in screen.query(".read-heading"):
        if widget.virtual_region.y >= body.scroll_y - 0.5:
            return str(screen.blocks[int(str(widget.id).split("-")[1])].text)
    return ""


async def test_n_skips_subtitle_and_byline(clock: Any, store: Any) -> None:
    app = _builtin_app(clock, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadScreen)
        await pilot.press("n")
        await pilot.pause()
        assert _top_heading(app, screen) == "【过去五年工作回顾】"
        await pilot.press("end")
        await pilot.press("n")
        await pilot.pause()
        for _ in range(30):
            await pilot.press("n")
        await pilot.pause()
        # The last stop is the last section, never the reporter's byline under it.
        last = section_headings(screen.blocks)[-1]
        assert "记者" not in screen.blocks[last].text


async def test_contents_jump_to_a_heading(clock: Any, store: Any) -> None:
    app = _builtin_app(clock, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ContentsScreen)
        options = app.screen.query_one("#read-contents-list", OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "【今年工作建议】" in titles and not any(t.startswith("——") for t in titles)
        options.highlighted = titles.index("【今年工作建议】")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert _top_heading(app, screen) == "【今年工作建议】"


async def test_search_in_the_report(clock: Any, store: Any) -> None:
    app = _builtin_app(clock, store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadScreen)
        await pilot.press("slash")
        await pilot.press(*"两个确立")
        await pilot.pause()
        count = len(screen.matches)
        assert count >= 2
        await pilot.press("enter")
        await pilot.pause()
        status = str(screen.query_one("#read-search-status", Static).content)
        assert status == f"第 1/{count} 处"
        first = screen.scroll_offset
        await pilot.press("enter")
        await pilot.pause()
        assert str(screen.query_one("#read-search-status", Static).content) == f"第 2/{count} 处"
        assert screen.query_one("#read-body").scroll_y >= first.y
        search = screen.query_one("#read-search", Input)
        search.value = "没有这句话"
        await pilot.pause()
        assert "没有找到" in str(screen.query_one("#read-search-status", Static).content)
        await pilot.press("escape")  # closes the search, stays on the report
        await pilot.pause()
        assert app.screen is screen
