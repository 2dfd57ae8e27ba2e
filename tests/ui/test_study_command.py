"""`trainer study` without --plain opens the app straight into the session it asks for."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.conftest import screen_text
from trainer.cli import build_parser
from trainer.cli.app import session_request
from trainer.ui.screens.study import StudyScreen


@pytest.mark.parametrize(
    ("argv", "mode", "options"),
    [
        ([], None, {}),
        (["study"], "study", {}),
        (
            ["study", "--section", "lessons", "--new", "5"],
            "study",
            {"section": "lessons", "new_limit": 5},
        ),
        (["study", "--review-only", "--tag", "提法"], "review", {"tag": "提法"}),
        (
            ["study", "--question", "a", "--question", "b"],
            "study",
            {"question_ids": ["a", "b"]},
        ),
        (
            ["study", "--exam", "3", "--exam-time", "600", "--seed", "7"],
            "exam",
            {"exam_size": 3, "exam_seconds": 600, "seed": 7},
        ),
    ],
)
def test_study_options_become_the_first_session(
    argv: list[str], mode: str | None, options: dict[str, Any]
) -> None:
    assert session_request(build_parser().parse_args(argv)) == (mode, options)


async def test_study_exam_opens_the_exam_at_once(make_app: Any, store: Any) -> None:
    mode, options = session_request(
        build_parser().parse_args(["study", "--exam", "2", "--exam-time", "300"])
    )
    app = make_app(autostart=mode, session_options=options)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert "模拟考试" in screen_text(app)
        assert "剩余 05:00" in screen_text(app)
        for _ in range(2):
            screen.query_one("#study-answer").submit()  # blank: skipped, counted wrong
            await pilot.pause()
        text = screen_text(app)
    recorded = list(store.iter_reviews())  # an order question always has an order to hand in
    assert {r.mode for r in recorded} <= {"exam"}
    assert f"未作答 {2 - len(recorded)} 道" in text and "答题详情" in text
    [exam] = store.exams("default")
    assert exam.size == 2 and exam.score == 0


async def test_study_section_shows_only_that_section(make_app: Any) -> None:
    app = make_app(autostart="study", session_options={"section": "proposals"})
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current.section == "proposals"
        assert "今年工作建议" in screen_text(app)


async def test_study_question_opens_exactly_that_question(make_app: Any) -> None:
    mode, options = session_request(build_parser().parse_args(["study", "--question", "q-cloze"]))
    app = make_app(autostart=mode, session_options=options)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current.id == "q-cloze"
        assert screen.session.progress.remaining == 1
