"""Errors at the end of an exam are said on screen, not swallowed (issue #16, finding 8).

At time-up the answer typed but not submitted is graded and saved; closing a session records
an exam as ended. Both used to hide any exception, so a store that could not be written lost
the last answer without a word.
"""

from __future__ import annotations

from typing import Any

from tests.ui.test_study_app import SIZE, capture_notes, reviews, start, type_text
from trainer.core.store import StoreError
from trainer.ui.screens.summary import SummaryScreen


def _failing_write(*args: Any, **kwargs: Any) -> Any:
    raise StoreError("cannot write the store: disk I/O error")


async def test_a_typed_answer_that_cannot_be_saved_at_time_up_is_said(
    make_app: Any, store: Any, clock: Any, monkeypatch: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(
            app, pilot, "exam", question_ids=["q-number"], exam_size=1, exam_seconds=60
        )
        notes = capture_notes(app)
        await type_text(pilot, "98")  # typed, not submitted
        monkeypatch.setattr(store, "record_review", _failing_write)
        clock.advance(seconds=61)
        screen._tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # the exam ends anyway
        assert any("学习记录无法保存" in note for note in notes), notes
    assert reviews(store) == []


async def test_an_exam_that_cannot_be_recorded_as_ended_is_said(
    make_app: Any, store: Any, monkeypatch: Any
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(
            app, pilot, "exam", question_ids=["q-number"], exam_size=1, exam_seconds=60
        )
        notes = capture_notes(app)
        monkeypatch.setattr(store, "finish_exam", _failing_write)
        screen._close_session()
        await pilot.pause()
        assert any("学习记录无法保存" in note for note in notes), notes


async def test_a_typed_answer_that_cannot_be_checked_at_time_up_is_said(
    make_app: Any, store: Any, clock: Any, monkeypatch: Any
) -> None:
    from trainer.core.grading import GradingError

    def ungradable(*args: Any, **kwargs: Any) -> Any:
        raise GradingError("q-number: ZeroDivisionError")

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(
            app, pilot, "exam", question_ids=["q-number"], exam_size=1, exam_seconds=60
        )
        notes = capture_notes(app)
        await type_text(pilot, "98")
        monkeypatch.setattr(screen.session, "_grade", ungradable)
        clock.advance(seconds=61)
        screen._tick()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert any("无法判分" in note for note in notes), notes
    assert reviews(store) == []
