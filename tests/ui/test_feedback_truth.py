"""The feedback on screen tells the truth: "你的答案" is exactly what was typed, the diff is
a line of its own with markers that read without colour, an order answer shows the learner's
order beside the right one, a true/false answer is worded 对/错."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from trainer.core.bank import OrderQuestion, ShortQuestion, TrueFalseQuestion
from trainer.core.grading import grade
from trainer.i18n import set_language
from trainer.ui.widgets.feedback import FeedbackView

TERM = ShortQuestion(id="term", type="short", prompt="哪一届？", answer="十四届市政协")
LEADERSHIP = ShortQuestion(
    id="lead", type="short", prompt="第一条", answer="必须切实加强党的全面领导"
)
LOGICS = OrderQuestion(
    id="logics", type="order", prompt="排列", items=("历史逻辑", "理论逻辑", "实践逻辑")
)
FALSE = TrueFalseQuestion(id="tf", type="truefalse", prompt="第十五届。", answer=False)


class Harness(App[None]):
    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="box")


async def _lines(question: object, answer: str, selector: str) -> list[str]:
    app = Harness()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.query_one("#box").mount(FeedbackView(question, grade(question, answer)))  # type: ignore[arg-type]
        await pilot.pause()
        # the lines of that kind, as the one feedback widget draws them
        return [line.plain for line in app.query_one(FeedbackView).lines_of(selector[1:])]


async def test_your_answer_is_exactly_what_was_typed() -> None:
    set_language("zh")
    typed = "必须加强党的全面领到"
    [given] = await _lines(LEADERSHIP, typed, ".feedback-given")
    assert given == "你的答案：" + typed
    [diff] = await _lines(LEADERSHIP, typed, ".feedback-diff")
    # Readable without colour: what is missing and which character was mistyped.
    assert "[-切实-]" in diff and "~导→到~" in diff


async def test_a_numeral_is_shown_as_typed_not_as_digits() -> None:
    set_language("zh")
    [given] = await _lines(TERM, "实四届市政协", ".feedback-given")
    assert given == "你的答案：实四届市政协"


async def test_an_order_answer_shows_the_learners_order() -> None:
    set_language("zh")
    [order] = await _lines(LOGICS, "理论逻辑、历史逻辑、实践逻辑", ".feedback-order")
    assert order == "你的顺序：理论逻辑 → 历史逻辑 → 实践逻辑"


async def test_true_false_is_worded_not_a_symbol() -> None:
    set_language("zh")
    [expected] = await _lines(FALSE, "对", ".feedback-expected")
    assert expected == "标准答案：错"


async def test_a_part_shows_what_was_typed_and_its_diff_apart() -> None:
    from trainer.core.bank import ListQuestion

    set_language("zh")
    question = ListQuestion(
        id="terms", type="list", prompt="两项", items=(("十四届市政协",), ("专门协商机构",))
    )
    lines = await _lines(question, "十四届市政协，专门协商机枸", ".feedback-part")
    assert "你写：专门协商机枸" in lines[1]
    assert "差异：专门协商机~构→枸~" in lines[1]


async def test_an_untouched_order_is_no_answer() -> None:
    """The shuffled order as shown earns nothing: the learner has not answered yet."""
    from trainer.ui.widgets.answer_input import make_answer_input

    question = OrderQuestion(
        id="five", type="order", prompt="排列", items=("甲一", "乙二", "丙三", "丁四", "戊五")
    )
    app = Harness()
    async with app.run_test(size=(100, 40)) as pilot:
        widget = make_answer_input(question)
        await app.query_one("#box").mount(widget)
        await pilot.pause()
        assert widget.collect() == []  # type: ignore[attr-defined]
        assert grade(question, widget.collect()).verdict == "wrong"  # type: ignore[attr-defined]
        widget.action_move(1)  # type: ignore[attr-defined]
        assert len(widget.collect()) == 5  # type: ignore[attr-defined]
