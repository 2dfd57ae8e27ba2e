"""`q` and then a screen key typed quickly (q e, q b): the app closes cleanly, no screen opens
into it (before, the screen's on_mount failed on a closing app and the exit was a crash)."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events


@pytest.mark.parametrize("key", ["e", "b", "s", "t", "o", "x", "comma"])
async def test_a_screen_key_right_after_q_opens_nothing(make_app: Any, key: str) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await pilot.pause()
        # both keys queued before the first is handled, as a fast typist sends them
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(key, None if key == "comma" else key))
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0
    assert app.exit_started
