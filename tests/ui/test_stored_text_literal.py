"""Text from a store (answers, ids, titles) is shown literally: never read as Rich markup and
never sent to the terminal as a control sequence (an OSC 52 would set the clipboard)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.ui.conftest import NOW

MARKUP = "[bold red]x[/]"
OSC52 = "\x1b]52;c;aGk=\a"
HOSTILE = MARKUP + OSC52


def _rendered(app: Any) -> str:
    """Every line the current screen's widgets draw, as text."""
    rows: list[str] = []
    for widget in app.screen.query("*"):
        if not widget.display or not widget.size.height:
            continue
        for y in range(widget.size.height):
            try:
                rows.append(widget.render_line(y).text)
            except Exception:  # noqa: BLE001 - containers without lines of their own
                continue
    return "\n".join(rows)


def _assert_literal(text: str) -> None:
    assert MARKUP in text, "markup shown as typed"
    assert "\x1b" not in text and "\a" not in text, "no control character reaches the terminal"
    assert "\\x1b]52;c;aGk=" in text, "the control shown escaped"


async def test_a_stored_answer_is_shown_literally_in_the_question_detail(
    make_app: Any, store: Any
) -> None:
    from trainer.ui.screens.browse import QuestionDetailScreen

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        question = app.bank.get("q-short")
        store.record_review(
            app.profile_name,
            bank_id=app.bank.id,
            question_id="q-short",
            rating=1,
            verdict="wrong",
            score=0.0,
            answer=HOSTILE,
            content_hash=question.content_hash,
            reviewed_at=NOW - timedelta(hours=1),
        )
        await app.push_screen(QuestionDetailScreen(question))
        await pilot.pause()
        _assert_literal(_rendered(app))


async def test_an_exam_summary_shows_answers_and_a_stored_id_literally(make_app: Any) -> None:
    from trainer.core.session import SessionSummary
    from trainer.ui.screens.summary import SummaryScreen

    details = [
        {
            "question_id": "q-short",
            "section": "lessons",
            "answer": HOSTILE,
            "expected": "必须切实加强党的全面领导",
            "verdict": "wrong",
            "score": 0.0,
            "source": "",
            "prompt": "第一条",
        }
    ]
    exam = SessionSummary(
        mode="exam", answered=1, correct=0, accuracy=0.0, duration_s=5, exam_details=details
    )
    study = SessionSummary(
        mode="study", answered=1, correct=0, accuracy=0.0, duration_s=5, to_review=[HOSTILE]
    )
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await app.push_screen(SummaryScreen(exam, mode="exam"))
        await pilot.pause()
        _assert_literal(_rendered(app))
        await app.push_screen(SummaryScreen(study, mode="study"))
        await pilot.pause()
        _assert_literal(_rendered(app))
