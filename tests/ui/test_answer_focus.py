"""The answer's background shows where the focus is: on the answer's own background while the
focus is in it, on the screen's when the learner has left the box (Esc). (The answer widget
draws it itself, without restyling its widgets at each focus change.)"""

from __future__ import annotations

from typing import Any

from textual.geometry import Region

from trainer.ui.screens.study import StudyScreen


def background_of(widget: Any) -> Any:
    """The colour the widget's first cell (its padding) is drawn in."""
    [row] = widget.render_lines(Region(0, 0, widget.outer_size.width, 1))
    return next(iter(row)).style.bgcolor


async def test_the_answer_shows_where_the_focus_is(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session("study", question_ids=["q-list"])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        answer = screen.query_one("#study-answer")
        body = screen.query_one("#study-body")
        focused = background_of(answer)
        await pilot.press(*"甲")
        await pilot.press("escape")  # out of the box, the answer kept
        await pilot.pause()
        assert screen.focused is body
        left = background_of(answer)
        assert left != focused
        [box] = [w for w in answer.query("Input") if w.value == "甲"]
        await pilot.press("tab")  # back into the box
        await pilot.pause()
        assert screen.focused is box
        assert background_of(answer) == focused
        # What is inside is drawn on the answer's background too (a row's label "1."): the
        # style its text is drawn in follows.
        label = answer.query(".answer-label").first()
        assert label.visual_style.background == answer.visual_style.background
        await pilot.press("escape")
        await pilot.pause()
        assert label.visual_style.background == answer.visual_style.background
