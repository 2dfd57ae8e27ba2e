"""The home screen's exam line: 考试还有 N 天, the predicted recall on the day, on track or not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.ui.conftest import screen_text
from trainer.core.clock import local_day
from trainer.ui.widgets.exam_line import ExamLine

SIZE = (100, 32)


async def test_home_shows_days_to_the_exam_and_what_is_behind(
    make_app: Any, store: Any, clock: Any
) -> None:
    profile = store.default_profile_name()
    today = local_day(clock(), store.time_zone(profile))
    store.set_setting("exam_date", (today + timedelta(days=10)).isoformat(), profile=profile)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one(ExamLine)
        assert line.display
        text = screen_text(app)
        assert "考试还有 10 天" in text
        assert "考试当天预计记得 0%" in text  # nothing learnt yet
        assert "还没跟上" in text and "7 题未学" in text


async def test_an_exam_setting_edited_by_hand_is_said_on_the_exam_line(
    make_app: Any, store: Any, clock: Any
) -> None:
    # It was swallowed (any exception: the line just vanished), so a learner with an exam
    # date saw no exam line and no reason.
    profile = store.default_profile_name()
    today = local_day(clock(), store.time_zone(profile))
    store.set_setting("exam_date", (today + timedelta(days=10)).isoformat(), profile=profile)
    pid = store.ensure_profile(profile).id
    with store._write() as conn:  # as a hand edit of the file would leave it
        conn.execute(
            "INSERT OR REPLACE INTO settings (profile_id, key, value) VALUES (?, ?, ?)",
            (pid, "exam_target", '"soon"'),
        )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ExamLine).display
        assert "考试安排无法读取" in screen_text(app)


async def test_no_exam_line_without_an_exam_date(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.screen.query_one(ExamLine).display
        assert "考试还有" not in screen_text(app)


async def test_opening_the_app_fits_the_parameters_once_a_week(make_app: Any, store: Any) -> None:
    import os
    import sys
    from pathlib import Path

    import pytest

    if not os.environ.get("CI"):  # CI must have the optimiser: there a missing one fails
        pytest.importorskip("fsrs_rs_python")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
    from test_scheduling_fitting import generate_history

    profile = store.default_profile_name()
    store.ensure_profile(profile)
    generate_history(store, profile, questions=120, days=40, seed=3)
    assert store.fit_report(profile) is None
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    first = store.fit_report(profile)
    assert first is not None and first.adopted
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:  # the same week: no second fit
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert store.fit_report(profile) == first
