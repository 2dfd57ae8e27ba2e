"""The home screen's section rows each fit on one line, scrollbar or not."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_each_section_row_fits_beside_the_scrollbar_at_80_columns(
    clock: Any, store: Any, language: str
) -> None:
    # The built-in bank has more sections than the list shows at 80×24, so the list scrolls;
    # a row laid out for the width without the scrollbar wraps its "0/13" onto a second line.
    from trainer.ui.app import create_app

    app = create_app(clock=clock, store=store, cursor_blink=False, warm_up=False, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sections = app.screen.query_one("#home-sections")
        assert sections.option_count > sections.scrollable_content_region.height  # it scrolls
        room = sections.scrollable_content_region.width
        for index in range(sections.option_count):
            line = str(sections.get_option_at_index(index).prompt)
            assert cell_len(line) <= room, (line, cell_len(line), room)
