"""避头尾 line breaking: closing marks never start a line, opening marks never end one."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from trainer.ui.linebreak import NO_LINE_END, NO_LINE_START, CJKText, wrap_lines, wrap_plain

SENTENCE = "常委会认真落实“第一议题”制度、党组理论学习制度，持续用党的创新理论武装头脑、凝心聚魂。"


@pytest.mark.parametrize("width", range(6, 41))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(width: int) -> None:
    lines = wrap_lines(SENTENCE, width)
    assert "".join(lines) == SENTENCE
    for line in lines:
        assert cell_len(line) <= width
        assert line[0] not in NO_LINE_START, (width, lines)
        assert line[-1] not in NO_LINE_END, (width, lines)


def test_the_reported_break_moves_the_last_character_down() -> None:
    # At this width Rich would give "…武装头脑" / "、凝心聚魂。".
    lines = wrap_lines("持续用党的创新理论武装头脑、凝心聚魂。", 26)
    assert lines == ["持续用党的创新理论武装头", "脑、凝心聚魂。"]


def test_dashes_and_ellipses_stay_whole_and_latin_words_are_not_cut() -> None:
    assert wrap_lines("一二三四——五六", 9) == ["一二三", "四——五六"]
    assert wrap_lines("学习 FSRS scheduling", 12) == ["学习 FSRS", "scheduling"]


def test_hanging_indent_for_bullets() -> None:
    text = wrap_plain("• " + SENTENCE, 20, hang="  ")
    lines = text.split("\n")
    assert lines[0].startswith("• 常委会")
    assert all(line.startswith("  ") and line[2] != " " for line in lines[1:])
    assert all(cell_len(line) <= 20 for line in lines)


def test_styles_survive_the_wrap() -> None:
    text = Text("武装头脑、凝心聚魂")
    text.stylize("bold", 2, 4)
    lines = CJKText(text).lines(8)
    assert [line.plain for line in lines] == ["武装头", "脑、凝心", "聚魂"]
    assert any(span.style == "bold" for span in lines[1].spans)


CJK_AND_MARKS = st.text(
    alphabet=st.sampled_from(list("学习政协民主共识两个确立abc 1") + list("、，。）”（“《》…—")),
    max_size=60,
)


@given(CJK_AND_MARKS, st.integers(min_value=4, max_value=30))
def test_any_text_keeps_its_characters_and_width(text: str, width: int) -> None:
    lines = wrap_lines(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


async def test_read_screen_breaks_lines_by_the_rules(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(40, 30)) as pilot:
        await pilot.press("o")
        rows: list[str] = []
        for width in range(30, 50):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            for widget in app.screen.query(".read-paragraph"):
                for y in range(widget.size.height):
                    rows.append(widget.render_line(y).text.strip())
        assert rows, "the report is shown"
        starts = [row for row in rows if row and row[0] in NO_LINE_START]
        assert not starts, starts


def test_a_paragraphs_own_indentation_is_kept() -> None:
    assert wrap_lines("  遗忘次数 0 · 记忆概率 97%", 40) == ["  遗忘次数 0 · 记忆概率 97%"]
    assert wrap_lines("一二三四五 六七", 10) == ["一二三四五", "六七"]  # the space at a break goes


# Every other character a closing mark: wherever a plain cell-by-cell wrap cuts a line, about
# every other cut would start a line with one.
MARKED = "一、二，三。四）五”六、七；八：九！十？" * 8


def _rendered_rows(widgets: Any) -> list[str]:
    rows: list[str] = []
    for widget in widgets:
        for y in range(widget.size.height):
            rows.append(widget.render_line(y).text.strip())
    return rows


async def test_feedback_lines_break_by_the_rules_at_80x24() -> None:
    from textual.app import App, ComposeResult
    from textual.containers import VerticalScroll

    from trainer.core.bank import ShortQuestion
    from trainer.core.grading import grade
    from trainer.ui.widgets.feedback import FeedbackView

    question = ShortQuestion(
        id="long", type="short", prompt="问", answer=MARKED, explanation=MARKED, source=MARKED
    )

    class Harness(App[None]):
        def compose(self) -> ComposeResult:
            yield VerticalScroll(id="box")

    app = Harness()
    async with app.run_test(size=(80, 24)) as pilot:
        # Unanswered: the lines besides the three long ones are short (verdict, 未作答, legend).
        view = FeedbackView(question, grade(question, ""))
        await app.query_one("#box").mount(view)
        await pilot.pause()
        kinds = ("feedback-expected", "feedback-explanation", "feedback-source")
        assert all(len(view.lines_of(kind)) == 1 for kind in kinds)
        rows = _rendered_rows([view])
        assert len(rows) > 6, "the long lines wrap"
        starts = [row for row in rows if row and row[0] in NO_LINE_START]
        assert not starts, starts
        ends = [row for row in rows if row and row[-1] in NO_LINE_END]
        assert not ends, ends


async def test_study_prompt_breaks_by_the_rules_at_80x24(bank_path: Any, make_app: Any) -> None:
    text = bank_path.read_text(encoding="utf-8").replace(
        # one character more, so that the 40-character lines of a plain wrap start on a mark
        "prompt: 五年工作主要体会的第一条是什么？",
        f"prompt: 问{MARKED}",
    )
    bank_path.write_text(text, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        prompt = app.screen.query_one("#study-prompt")
        assert MARKED[:6] in str(prompt.content)
        rows = _rendered_rows([prompt])
        assert len(rows) > 2, "the long prompt wraps"
        starts = [row for row in rows if row and row[0] in NO_LINE_START]
        assert not starts, starts


def test_a_text_rendered_again_follows_its_width_and_a_later_restyle() -> None:
    # The lines are kept between renders at one width (a layout and a paint ask for them
    # several times); another width, or the text restyled after a render, wraps afresh.
    from rich.console import Console

    console = Console(width=40, color_system="truecolor", force_terminal=True)
    text = CJKText(SENTENCE)

    def render(width: int) -> list[str]:
        with console.capture() as capture:
            console.print(text, width=width)
        return capture.get().splitlines()

    narrow, wide = render(12), render(30)
    assert len(narrow) > len(wide) and render(12) == narrow
    assert [line.rstrip() for line in Text.from_ansi("\n".join(wide)).plain.splitlines()] == (
        wrap_lines(SENTENCE, 30)
    )
    text.text.stylize("bold red", 0, 3)
    restyled = render(30)
    assert restyled != wide and "\x1b[1;31m" in restyled[0]
