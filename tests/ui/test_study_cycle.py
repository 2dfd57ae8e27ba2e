"""The answer cycle when one question type follows another of the same type.

The study screen keeps its input widget between questions of the same type and updates it in
place (issue #16, the answer cycle's speed). What a learner sees must be exactly what a new
widget would show: the next question's own prompt, options and hint, an empty input with the
focus in it, nothing selected, no hint line, and the answer recorded for the right question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.ui.conftest import screen_text
from trainer.ui.screens.study import StudyScreen
from trainer.ui.widgets.answer_input import AnswerWidget, ChoiceAnswer, ListAnswer
from trainer.ui.widgets.feedback import FeedbackView

SIZE = (100, 32)

BANK = """\
bank: {id: cycle-bank, title: 循环题库}
questions:
  - {id: s1, type: short, prompt: 第一道简答题问什么？, answer: 坚持党的领导, hint: 第一题的提示}
  - {id: s2, type: short, prompt: 第二道简答题问什么？, answer: 服务大局}
  - id: c1
    type: choice
    prompt: 第一道选择题
    options: [甲选项, 乙选项, 丙选项, 丁选项]
    answer: A
  - id: c2
    type: choice
    prompt: 第二道选择题
    options: [戊选项, 己选项, 庚选项, 辛选项]
    answer: B
  - {id: s3, type: short, prompt: 第三道简答题问什么？, answer: 团结民主}
  - {id: l1, type: list, prompt: 第一道列举题, items: [一项, 二项]}
  - {id: l2, type: list, prompt: 第二道列举题, items: [三项, 四项]}
  - {id: n1, type: number, prompt: 一共多少个？, answer: 98, unit: 个}
  - id: l3
    type: list
    prompt: 第三道列举题
    items: [第一项内容, 第二项内容, 第三项内容, 第四项内容]
    explanation: 这是一段很长的解析，用来让反馈超过一屏，这样翻页键才有东西可翻，而且要翻不止一页。
    source: 这是原文里的一句话，也写得比较长，好让反馈再多占几行，一直到需要翻好几页为止。
  - {id: l4, type: list, prompt: 第四道列举题, items: [五项, 六项, 七项]}
  - {id: c3, type: choice, prompt: 第三道选择题, options: [壬选项, 癸选项, 子选项], answer: C}
  - id: c4
    type: choice
    prompt: 第四道选择题
    options: [丑选项, 寅选项, 卯选项, 辰选项, 巳选项]
    answer: E
  - {id: o1, type: order, prompt: 第一道排序题, items: [一甲, 一乙, 一丙]}
  - {id: o2, type: order, prompt: 第二道排序题, items: [二甲, 二乙, 二丙, 二丁]}
"""


def reviews(store: Any) -> list[Any]:
    return list(store.iter_reviews("default"))


async def start(app: Any, pilot: Any, ids: list[str]) -> StudyScreen:
    app.start_session("study", question_ids=ids)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, StudyScreen)
    return screen


def write_bank(tmp_path: Path) -> Path:
    path = tmp_path / "cycle.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


async def test_two_short_questions_in_a_row(make_app: Any, store: Any, tmp_path: Path) -> None:
    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, ["s1", "s2"])
        first = screen.session.current.id
        second = "s2" if first == "s1" else "s1"
        await pilot.press("ctrl+t")  # the hint of the first question
        await pilot.pause()
        if first == "s1":
            assert "第一题的提示" in screen_text(app)
        await pilot.press(*"第一个答案")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        await pilot.press("enter")  # on to the second question of the same type
        await pilot.pause()
        assert screen.phase == "question"
        text = screen_text(app)
        prompt = "第二道简答题问什么？" if second == "s2" else "第一道简答题问什么？"
        old_prompt = "第一道简答题问什么？" if second == "s2" else "第二道简答题问什么？"
        assert prompt in text and old_prompt not in text
        assert "第一个答案" not in text  # the input is empty …
        assert "第一题的提示" not in text  # … and the first question's hint is gone
        assert not screen.query_one("#answer-hint").display
        [box] = screen.query("#answer-text").results(Input)
        assert box.value == ""
        assert app.focused is box  # typing goes straight into the answer
        await pilot.press(*"第二个答案")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        # the feedback is the second answer's, none of the first's is left on screen
        text = screen_text(app)
        answers = {"s1": "坚持党的领导", "s2": "服务大局"}
        assert "你的答案：第二个答案" in text and "第一个答案" not in text
        assert answers[second] in text and answers[first] not in text
    recorded = reviews(store)
    assert [(r.question_id, r.answer) for r in recorded] == [
        (first, "第一个答案"),
        (second, "第二个答案"),
    ]
    # the hint was used on the first question only
    assert [r.hint_used for r in recorded] == [True, False]


async def test_two_choice_questions_in_a_row(make_app: Any, store: Any, tmp_path: Path) -> None:
    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, ["c1", "c2"])
        await pilot.press("c")  # the third option
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        second = screen.session.current
        widget = screen.query_one(AnswerWidget)
        assert isinstance(widget, ChoiceAnswer)
        assert widget.selected == set()  # nothing chosen on the new question
        assert app.focused is widget
        text = screen_text(app)
        for option in second.options:  # its own options, as shown by the session
            assert option in text
        assert ("甲选项" in text) == ("甲选项" in second.options)
        assert "■" not in text and "●" not in text  # no row marked as chosen
        await pilot.press("b")
        await pilot.press("enter")
        await pilot.pause()
    recorded = reviews(store)
    assert [r.question_id for r in recorded] == [recorded[0].question_id, second.id]
    assert recorded[1].question_id != recorded[0].question_id


async def test_two_list_questions_in_a_row(make_app: Any, store: Any, tmp_path: Path) -> None:
    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, ["l1", "l2"])
        await pilot.press(*"甲", "enter", *"乙", "enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        await pilot.press("enter")
        await pilot.pause()
        widget = screen.query_one(AnswerWidget)
        assert isinstance(widget, ListAnswer)
        assert [box.value for box in widget.query(Input)] == ["", "", ""]
        assert app.focused is widget.boxes()[0]
        assert screen.session.current.prompt in screen_text(app)


async def test_list_questions_of_other_lengths_in_a_row(
    make_app: Any, store: Any, tmp_path: Path
) -> None:
    """A list of four items after one of two, and one of three after it: as many boxes as the
    question has items (numbered, with their placeholders), empty, the focus in the first, the
    note saying how many, and the answers recorded box by box."""
    from trainer.i18n import t

    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(app, pilot, ["l1", "l3", "l4"])
        shown = []
        for _ in range(3):
            question = screen.session.current
            widget = screen.query_one(AnswerWidget)
            assert isinstance(widget, ListAnswer)
            boxes = widget.boxes()
            count = len(question.items)
            assert len(boxes) == count
            assert [box.value for box in widget.query(Input)] == [""] * (count + 1)
            assert [box.placeholder for box in boxes] == [
                t("app.input.item", n=n) for n in range(1, count + 1)
            ]
            labels = [str(label.content) for label in widget.query(".answer-label")]
            assert labels == [f"{n}." for n in range(1, count + 1)] + ["≡"]
            assert t("app.input.list_count", n=count) in screen_text(app)
            assert app.focused is boxes[0]
            typed = [f"第{n}个" for n in range(count)]
            for item in typed:
                await pilot.press(*item, "enter")
            await pilot.pause()
            assert screen.phase == "feedback"
            shown.append((question.id, typed))
            await pilot.press("enter")
            await pilot.pause()
    assert [q for q, _ in shown] == ["l1", "l3", "l4"]
    assert [r.answer for r in reviews(store)] == [" | ".join(typed) for _, typed in shown]


@pytest.mark.parametrize("ids", [["c2", "s3"], ["s1", "c1"]])
async def test_feedback_of_another_type_follows(
    make_app: Any, store: Any, tmp_path: Path, ids: list[str]
) -> None:
    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, ids)
        shown = []
        for _ in range(2):
            question = screen.session.current
            shown.append(question.id)
            if question.type == "choice":
                await pilot.press("a")
            else:  # right: three lines, fewer than a choice's feedback
                await pilot.press(*question.answer)
            await pilot.press("enter")
            await pilot.pause()
            assert screen.phase == "feedback"
            options = [
                line
                for view in screen.query(FeedbackView)
                if view.display
                for line in view.lines_of("feedback-option")
            ]
            # a choice's feedback lists its four options; a short answer's lists none
            assert len(options) == (4 if question.type == "choice" else 0)
            text = screen_text(app)
            assert ("你的答案：" in text) == (question.type == "short")
            await pilot.press("enter")
            await pilot.pause()
    assert shown == ids  # new questions come in bank order: both orders are covered


async def test_a_long_feedback_scrolls_with_the_keys(make_app: Any, tmp_path: Path) -> None:
    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=(60, 12)) as pilot:
        screen = await start(app, pilot, ["l3"])
        for typed in "甲乙丙丁":
            await pilot.press(typed, "enter")
        await pilot.pause()
        assert screen.phase == "feedback"
        body = screen.query_one("#study-body")
        assert body.max_scroll_y > 10  # the feedback takes more than two screens of 12 lines
        await pilot.press("home")  # (the last box, low on the screen, had scrolled the body)
        await pilot.pause()
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        # A page is what was in sight: the first row hidden by the rating line is now seen.
        rating = screen.query_one("#study-rating")
        assert body.scroll_y <= rating.region.y - body.scrollable_content_region.y
        await pilot.press("home")
        await pilot.pause()
        assert body.scroll_y == 0
        # At the end, the feedback's last line is above the rating line, not under it.
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        feedback = screen.query_one("#study-feedback")
        assert feedback.region.bottom <= rating.region.y
        await pilot.press("enter")  # Enter still goes on
        await pilot.pause()
        assert screen.phase in ("question", "done")


async def test_a_number_question_after_a_short_one(
    make_app: Any, store: Any, tmp_path: Path
) -> None:
    """short and number share one input widget class: the number question asked in the short
    one's box shows the number's own placeholder, an empty box with the focus, and back."""
    from trainer.i18n import t

    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await start(app, pilot, ["s1", "n1", "s2"])
        placeholders = []
        for typed in ("第一个答案", "九十", "第三个答案"):
            [box] = screen.query("#answer-text").results(Input)
            assert box.value == "" and app.focused is box
            placeholders.append(box.placeholder)
            await pilot.press(*typed, "enter")
            await pilot.pause()
            assert screen.phase == "feedback"
            assert f"你的答案：{typed}" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
    kinds = {"s1": "short", "n1": "number", "s2": "short"}
    order = [r.question_id for r in reviews(store)]
    assert placeholders == [t(f"app.input.{kinds[q]}") for q in order]
    assert [r.answer for r in reviews(store)] == ["第一个答案", "九十", "第三个答案"]


async def test_choice_questions_of_other_lengths_in_a_row(
    make_app: Any, store: Any, tmp_path: Path
) -> None:
    """Four options, then three, then five: the question's own options, as many rows, nothing
    selected, the focus on the options, the letters pick the question's own options."""
    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(app, pilot, ["c1", "c3", "c4"])
        for _ in range(3):
            question = screen.session.current
            widget = screen.query_one(AnswerWidget)
            assert isinstance(widget, ChoiceAnswer)
            rows = [str(row.content) for row in widget.rows()]
            letters = "ABCDE"[: len(question.options)]
            options = zip(letters, question.options, strict=True)
            assert rows == [f"○ {letter}. {option}" for letter, option in options]
            assert widget.selected == set()
            assert app.focused is widget
            await pilot.press(letters[-1].lower())  # the last option
            await pilot.pause()
            assert widget.selected == {len(question.options) - 1}
            await pilot.press("enter")
            await pilot.pause()
            assert screen.phase == "feedback"
            await pilot.press("enter")
            await pilot.pause()
    assert [r.question_id for r in reviews(store)] == ["c1", "c3", "c4"]


async def test_order_questions_of_other_lengths_in_a_row(
    make_app: Any, store: Any, tmp_path: Path
) -> None:
    """Three items, then four: the second question's own items, one row each, untouched."""
    from trainer.ui.widgets.answer_input import OrderAnswer

    app = make_app(bank_path=write_bank(tmp_path))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await start(app, pilot, ["o1", "o2"])
        for _ in range(2):
            question = screen.session.current
            widget = screen.query_one(AnswerWidget)
            assert isinstance(widget, OrderAnswer)
            assert sorted(widget.order) == sorted(question.items)
            rows = [str(row.content) for row in widget.rows()]
            assert len(rows) == len(question.items)
            assert all(item in row for item, row in zip(widget.order, rows, strict=True))
            assert not widget.touched and app.focused is widget
            await pilot.press("d", "enter")  # the first item one down
            await pilot.pause()
            assert screen.phase == "feedback"
            await pilot.press("enter")
            await pilot.pause()
    assert [r.question_id for r in reviews(store)] == ["o1", "o2"]
