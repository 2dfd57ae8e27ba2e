"""The feedback widget shows each question type's answer through one table of per-type bodies
(``FEEDBACK_BODIES``), as the answer inputs are chosen from ``ANSWER_INPUTS``: a new type
chooses how its answer is shown by registering a body, without a branch in the widget."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from trainer.core.bank import ListQuestion
from trainer.core.grading import grade
from trainer.i18n import set_language
from trainer.ui.widgets.feedback import (
    FEEDBACK_BODIES,
    AnswerFeedback,
    FeedbackView,
    PartsFeedback,
    feedback_body,
    register_feedback,
)

LIST = ListQuestion(id="l", type="list", prompt="两条", items=(("坚持",), ("团结",)))


class Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="box")


async def _classes(question: object, grade_of: object) -> list[str]:
    app = Harness()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.query_one("#box").mount(FeedbackView(question, grade_of))  # type: ignore[arg-type]
        await pilot.pause()
        view = app.query_one(FeedbackView)
        return [" ".join(sorted(line.classes.split())) for line in view.lines_of("feedback-line")]


@pytest.fixture
def pairs() -> Iterator[None]:
    yield
    FEEDBACK_BODIES.pop("pairs", None)


async def test_a_new_type_is_shown_by_the_body_it_registers(pairs: None) -> None:
    set_language("zh")
    # A question of a type the widget has never heard of, graded in parts.
    question = dataclasses.replace(LIST, type="pairs")
    graded = grade(LIST, ["坚持", "错了"])
    assert isinstance(feedback_body(question), AnswerFeedback)
    whole = await _classes(question, graded)
    assert any("feedback-expected" in c for c in whole)  # unknown: shown whole
    assert not any("feedback-part" in c for c in whole)
    register_feedback("pairs", PartsFeedback())
    by_parts = await _classes(question, graded)
    assert sum("feedback-part" in c for c in by_parts) == 2  # one line per part
    assert not any("feedback-expected" in c for c in by_parts)
