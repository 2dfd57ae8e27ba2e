"""Snapshot tests of the study app's screens in Chinese and English.

Deterministic: a fixed clock, a fresh temporary store, the small bank of conftest.py, the
cursor blink off, 80×24. Update with ``pytest tests/ui/test_snapshots.py --snapshot-update``
after checking the differences in the report.
"""

from __future__ import annotations

from typing import Any

import pytest

LANGUAGES = ("zh", "en")
QUESTIONS = ("q-short", "q-cloze", "q-list", "q-choice", "q-truefalse", "q-number", "q-order")
SIZE = (80, 24)


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home(snap_compare: Any, make_app: Any, language: str) -> None:
    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=settle)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("question_id", QUESTIONS)
def test_question(snap_compare: Any, make_app: Any, language: str, question_id: str) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.start_session("study", question_ids=[question_id])
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_feedback(snap_compare: Any, make_app: Any, language: str) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.start_session("study", question_ids=["q-short"])
        await settle(pilot)
        await pilot.press(*"必须加强党的全面领到")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_summary(snap_compare: Any, make_app: Any, language: str) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.start_session("study", question_ids=["q-number", "q-choice"])
        await settle(pilot)
        for _ in range(2):
            screen = pilot.app.screen
            question = screen.session.current
            if question.type == "number":
                await pilot.press("9", "8", "enter")
            else:
                await pilot.press("b", "enter")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        # Without same-day steps (the default) the wrong answer waits for tomorrow, so the
        # session ends by itself after the two answers: the summary is already up.
        assert type(pilot.app.screen).__name__ == "SummaryScreen"

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_browse(snap_compare: Any, make_app: Any, language: str) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_read(snap_compare: Any, make_app: Any, language: str) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.start_session("study", question_ids=["q-number"])
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_exam_result(snap_compare: Any, make_app: Any, language: str) -> None:
    """The exam's result with 答题详情: one answered right, one wrong, one left unanswered."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.start_session(
            "exam", question_ids=["q-number", "q-short", "q-truefalse"], exam_size=3, seed=1
        )
        await settle(pilot)
        answers = {"q-number": "98", "q-short": "必须加强"}
        for _ in range(3):
            question = pilot.app.screen.session.current
            if question is None:
                break
            if question.id in answers:
                await pilot.press(*answers[question.id])
            await pilot.press("enter")  # nothing chosen on the true/false: skipped
            await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_hand_in_dialog(snap_compare: Any, make_app: Any, language: str) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.start_session("exam", question_ids=["q-number"], exam_size=1, exam_seconds=600)
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


def _some_history(store: Any) -> None:
    """Four answers an hour before the fixed clock: two right, two wrong."""
    from datetime import timedelta

    from tests.ui.conftest import NOW

    for index, qid in enumerate(("q-short", "q-cloze", "q-choice", "q-number")):
        store.record_review(
            "default",
            bank_id="test-bank",
            question_id=qid,
            rating=3 if index % 2 == 0 else 1,
            verdict="correct" if index % 2 == 0 else "wrong",
            score=1.0 if index % 2 == 0 else 0.0,
            duration_ms=20_000,
            reviewed_at=NOW - timedelta(hours=1, minutes=index),
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("part", ["top", "mastery"])
def test_stats(snap_compare: Any, make_app: Any, store: Any, language: str, part: str) -> None:
    _some_history(store)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        if part == "mastery":
            box = pilot.app.screen.query_one("#stats-mastery-box")
            box.scroll_visible(top=True, animate=False)
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("language", LANGUAGES)
def test_challenge_summary(snap_compare: Any, make_app: Any, language: str) -> None:
    async def run_before(pilot: Any) -> None:
        from trainer.core.session import SessionSummary
        from trainer.ui.screens.summary import SummaryScreen

        await settle(pilot)
        summary = SessionSummary("challenge", 4, 3, 0.75, 65.0, ["q-list"], questions=4)
        result = {"run": 3, "best": 3, "new_best": True}
        pilot.app.push_screen(SummaryScreen(summary, mode="challenge", challenge=result))
        await settle(pilot)

    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=run_before)
