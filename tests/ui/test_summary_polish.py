"""The session summary: answers apart from questions, bullets that keep their text, honest words."""

from __future__ import annotations

from typing import Any

from tests.ui.conftest import screen_text
from trainer.core.session import SessionSummary
from trainer.ui.screens.summary import SummaryScreen


async def show(app: Any, pilot: Any, summary: SessionSummary) -> None:
    await pilot.pause()
    app.push_screen(SummaryScreen(summary))
    await pilot.pause()


async def test_answers_and_questions_are_told_apart(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        summary = SessionSummary("study", 5, 3, 0.6, 90.0, ["q-list"], questions=3)
        await show(app, pilot, summary)
        text = screen_text(app)
        assert "3 道题，作答 5 次" in text and "答对 3 次（60%）" in text
        assert "答题 5 道" not in text


async def test_a_long_item_starts_on_the_bullets_line(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(40, 24)) as pilot:
        await show(app, pilot, SessionSummary("study", 1, 0, 0.0, 9.0, ["q-list"], questions=1))
        item = app.screen.query_one(".summary-item")
        rows = [item.render_line(y).text.rstrip() for y in range(item.size.height)]
        assert rows[0].strip().startswith("• 列出"), rows
        assert all(row.startswith("  ") for row in rows[1:]), rows


async def test_new_questions_answered_right_are_not_called_mastered(make_app: Any) -> None:
    app = make_app(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await show(app, pilot, SessionSummary("study", 2, 2, 1.0, 9.0, [], questions=2))
        text = screen_text(app)
        assert "All answered right" in text and "remembered" not in text
    app = make_app(language="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await show(app, pilot, SessionSummary("study", 2, 2, 1.0, 9.0, [], questions=2))
        assert "都答对了" in screen_text(app) and "掌握" not in screen_text(app)


async def test_the_session_counts_distinct_questions(make_app: Any, store: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_session("study", question_ids=["q-short", "q-number"])
        await pilot.pause()
        await pilot.press(*"必须切实加强党的全面领导", "enter")
        await pilot.pause()
        summary = app.screen.session.summary()
        assert summary.questions == 1 and summary.answered == 1
