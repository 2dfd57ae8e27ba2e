"""The answer inputs and the feedback view on their own: every built-in question renders, and
questions with redacted answers (as the group client receives them) work."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from trainer.core.bank import ChoiceQuestion, ListQuestion, load_bank
from trainer.ui.widgets.answer_input import (
    STYLESHEET,
    AnswerSubmitted,
    make_answer_input,
)
from trainer.ui.widgets.feedback import FeedbackView


class Harness(App[None]):
    CSS_PATH = [STYLESHEET]

    def __init__(self) -> None:
        super().__init__()
        self.submitted: list[AnswerSubmitted] = []

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="box")

    def on_answer_submitted(self, event: AnswerSubmitted) -> None:
        self.submitted.append(event)


def _representatives(questions: list[Any]) -> list[Any]:
    """Per question type, its shortest and its longest question (by the text shown)."""
    by_type: dict[str, list[Any]] = {}
    for question in questions:
        by_type.setdefault(question.type, []).append(question)
    chosen: list[Any] = []
    for group in by_type.values():
        group.sort(key=lambda q: len(q.prompt) + len(getattr(q, "text", "")))
        chosen.extend({id(q): q for q in (group[0], group[-1])}.values())
    return chosen


def _shown_text(widget: Any) -> str:
    from textual.widgets import Static

    if isinstance(widget, FeedbackView):  # one widget draws all its lines
        return widget.plain
    # what each Static was given (a Text, a str, or a CJKText that wraps at render time)
    return "\n".join(str(static.content) for static in widget.query(Static))


async def test_each_question_type_renders_its_input_and_shows_the_right_answer(
    builtin_bank_path: Any,
) -> None:
    # An empty answer is wrong, so the feedback must show the expected wording for the learner
    # to read; the shortest and longest question of each type cover the layouts.
    from trainer.core.grading import grade

    bank = load_bank(builtin_bank_path)
    questions = _representatives(list(bank.questions))
    assert {q.type for q in questions} == {q.type for q in bank.questions}
    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#box")
        for question in questions:
            result = grade(question, "")
            feedback = FeedbackView(question, result)
            await box.mount_all([make_answer_input(question), feedback])
            await pilot.pause()
            shown = re.sub(r"\s+", "", _shown_text(feedback))
            pieces = re.split(r"\s*(?:→|；|;|\n)\s*", result.expected_text)
            assert result.verdict == "wrong", question.id
            for piece in filter(None, (re.sub(r"\s+", "", p) for p in pieces)):
                assert piece in shown, (question.id, piece, shown[:200])
            await box.remove_children()


async def test_redacted_list_question_shows_one_box_per_item() -> None:
    question = ListQuestion(
        id="x", type="list", prompt="列出三项", items=(("",), ("",), ("",)), hint="三个“必须”"
    )
    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = make_answer_input(question)
        await app.query_one("#box").mount(widget)
        await pilot.pause()
        assert len(widget.query(".answer-box")) == 3
        widget.show_hint()
        await pilot.pause()
        assert "三个“必须”" in str(widget.query_one("#answer-hint").content)
        await pilot.press(*"甲", "enter", *"乙", "enter", *"丙", "enter")
        await pilot.pause()
    [event] = app.submitted
    assert event.answer == ["甲", "乙", "丙"] and event.hint_used is True


async def test_redacted_choice_question_submits_letters() -> None:
    question = ChoiceQuestion(
        id="c",
        type="choice",
        prompt="选两项",
        options=("甲", "乙", "丙"),
        correct=(),
        multiple=True,
    )
    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.query_one("#box").mount(make_answer_input(question))
        await pilot.pause()
        await pilot.press("c", "a", "b", "b", "enter")
        await pilot.pause()
    assert app.submitted[0].answer == "AC"
    assert dataclasses.is_dataclass(question)


async def test_choice_feedback_marks_an_option_chosen_by_its_text() -> None:

    from trainer.core.grading import grade

    question = ChoiceQuestion(
        id="c",
        type="choice",
        prompt="政协是什么机构？",
        options=("专门协商机构", "权力机关", "行政机关"),
        correct=(0,),
    )
    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        box = app.query_one("#box", VerticalScroll)
        await box.mount(FeedbackView(question, grade(question, "权力机关")))
        await pilot.pause()
        lines = [line.plain for line in app.query_one(FeedbackView).lines_of("feedback-option")]
        assert "你的选择" in lines[1] and "B. 权力机关" in lines[1]
        assert "你的选择" not in lines[0] and "你的选择" not in lines[2]


def burst(app: App[Any], keys: list[str]) -> None:
    """Deliver key presses all at once, as a fast typist, an IME commit or a browser connection
    sends them: nothing is processed between two keys (``pilot.press`` waits after each)."""
    from textual import events

    controls = {"enter": "\r", "tab": "\t"}
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, controls.get(key, key))
        event.set_sender(app)
        app._driver.send_message(event)  # what the terminal driver does with each key read


async def test_keys_typed_faster_than_the_screen_updates_land_in_the_right_boxes() -> None:
    question = ListQuestion(id="x", type="list", prompt="列出三项", items=(("",), ("",), ("",)))
    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.query_one("#box").mount(make_answer_input(question))
        await pilot.pause()
        burst(app, [*"团结", "enter", *"民主", "tab", *"协商", "enter"])
        await pilot.pause()
    [event] = app.submitted
    assert event.answer == ["团结", "民主", "协商"]


async def test_a_burst_into_cloze_blanks_fills_each_blank() -> None:
    from trainer.core.bank import ClozeQuestion

    question = ClozeQuestion(
        id="c",
        type="cloze",
        prompt="",
        text="聚{{团结}}之力、尽{{协商}}之责",
        blanks=(("",), ("",)),
    )
    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.query_one("#box").mount(make_answer_input(question))
        await pilot.pause()
        burst(app, [*"团结", "enter", *"协商", "enter"])
        await pilot.pause()
    [event] = app.submitted
    assert event.answer == ["团结", "协商"]
