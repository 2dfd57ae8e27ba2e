"""The feedback is one widget, and draws exactly what a column of one ``Static`` per line did.

Every cell (character and style: colour, bold, underline, strike) of the feedback widget's
content must be the cell a ``Static`` with the line's classes draws, for every question type,
right and wrong answers, at a wide and a narrow width (where lines wrap, the 避头尾 lines by
their own rules). The styles come from the app's stylesheet (``trainer/ui/styles/widgets.tcss``),
so a padding or a colour given to a line class there shows in the one widget too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Offset, Region
from textual.strip import Strip
from textual.widgets import Static

from trainer.core.bank import load_bank
from trainer.core.grading import grade
from trainer.i18n import set_language
from trainer.ui.widgets.answer_input import STYLESHEET
from trainer.ui.widgets.feedback import FeedbackView

WRONG = {
    "q-short": "必须加强党的全面领到",
    "q-cloze": ["中心", "大剧"],
    "q-list": ["必须切实加强党的全面领导", "服务大局"],
    "q-choice": "B",
    "q-truefalse": "错",
    "q-number": "九十",
    "q-order": ["践行全过程人民民主", "加强党的全面领导", "围绕中心、服务大局"],
}


class Harness(App[None]):
    CSS_PATH: ClassVar[list[str | Path]] = [STYLESHEET]
    CSS = "#reference { height: auto; padding: 1 1 0 1; border-top: solid $primary; }"

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="box")


def _drawn(widget: Any) -> list[Strip]:
    """The widget's rows with its padding and border (``size`` is its content's)."""
    return widget.render_lines(Region(0, 0, *widget.outer_size))


def cells(strip: Strip) -> list[tuple[str, Any]]:
    """A row as (character, style) per character: the same picture whatever its segments
    (without the styles' meta data, which is not drawn)."""
    return [
        (char, segment.style.clear_meta_and_links() if segment.style else None)
        for segment in strip
        for char in segment.text
    ]


async def drawn_and_expected(question: Any, answer: Any, width: int) -> tuple[list, list]:
    app = Harness()
    async with app.run_test(size=(width, 60)) as pilot:
        view = FeedbackView(question, grade(question, answer))
        # The reference: one Static per line, in a box styled as the feedback is.
        reference = Vertical(
            *(Static(line.text, classes=line.classes) for line in view.lines), id="reference"
        )
        await app.query_one("#box").mount_all([view, reference])
        await pilot.pause()
        # Each widget whole (its padding and border too), as the screen gets it; of the
        # feedback, what is inside its top border and padding and its side padding.
        width_in = view.outer_size.width - 2
        drawn = [cells(strip.crop(1, 1 + width_in)) for strip in _drawn(view)[2:]]
        expected = [cells(strip) for static in reference.query(Static) for strip in _drawn(static)]
        return drawn, expected


@pytest.mark.parametrize("width", [100, 40])
@pytest.mark.parametrize("right", [False, True], ids=["wrong", "right"])
async def test_each_type_draws_what_a_static_per_line_drew(
    bank_path: Path, width: int, right: bool
) -> None:
    set_language("zh")
    bank = load_bank(bank_path)
    for question in bank.questions:
        answer = _right_answer(question) if right else WRONG[question.id]
        drawn, expected = await drawn_and_expected(question, answer, width)
        assert len(drawn) > 3, question.id
        assert drawn == expected, question.id


def _right_answer(question: Any) -> Any:
    return {
        "short": question.answer if question.type == "short" else "",
        "cloze": [alternatives[0] for alternatives in getattr(question, "blanks", ())],
        "list": [alternatives[0] for alternatives in getattr(question, "items", ())],
        "choice": "A",
        "truefalse": "对",
        "number": "98",
        "order": list(getattr(question, "items", ())),
    }[question.type]


async def test_the_lines_say_what_a_learner_reads_in_their_colours(bank_path: Path) -> None:
    """Spot checks that do not rely on the reference: the verdict in red, a missing piece red
    and underlined, the report sentence dimmer than the explanation."""
    set_language("zh")
    question = next(q for q in load_bank(bank_path).questions if q.id == "q-short")
    drawn, _expected = await drawn_and_expected(question, WRONG["q-short"], 100)
    rows = ["".join(char for char, _style in row).rstrip() for row in drawn]
    assert rows[0].startswith("≈ 基本正确")  # one character off: close
    assert rows[1] == ""  # the verdict's own padding below it
    assert any(row.startswith("你的答案：必须加强党的全面领到") for row in rows)
    given_row = next(row for row in drawn if "".join(c for c, _ in row).startswith("你的答案："))
    plain_colour = given_row[6][1].color  # a typed character: the text's own colour
    verdict_style = drawn[0][0][1]  # (colours come out as the theme's RGB)
    assert verdict_style.bold and verdict_style.color != plain_colour
    green = verdict_style.color.triplet
    assert green.green > green.red and green.green > green.blue
    diff_row = next(row for row in drawn if "".join(c for c, _ in row).startswith("差异："))
    [missing, _] = [style for char, style in diff_row if char in "切实"]
    red = missing.color.triplet
    assert missing.underline and missing.bold and red.red > red.green and red.red > red.blue
    explanation = next(i for i, row in enumerate(rows) if row.startswith("解析："))
    source = next(i for i, row in enumerate(rows) if row.startswith("原文："))
    assert rows[explanation - 1] == "" and rows[source - 1] == ""  # their padding above
    text_colour = drawn[explanation][4][1].color
    source_colour = drawn[source][4][1].color
    assert source_colour != text_colour  # the source is muted


async def test_text_selected_with_the_mouse_is_the_text_under_it(bank_path: Path) -> None:
    """Each drawn character carries where it is in the feedback's text (what a mouse selection
    starts and ends on), and a selection copies that text, as in a column of ``Static``s."""
    from textual.selection import Selection

    set_language("zh")
    question = next(q for q in load_bank(bank_path).questions if q.id == "q-list")
    app = Harness()
    async with app.run_test(size=(60, 40)) as pilot:
        view = FeedbackView(question, grade(question, WRONG["q-list"]))
        await app.query_one("#box").mount(view)
        await pilot.pause()
        paragraphs = view.plain.split("\n")
        located = 0
        for strip in view.render_lines(Region(0, 0, *view.outer_size)):
            x_cells = 0
            for segment in strip:
                offset = segment.style.meta.get("offset") if segment.style else None
                if offset is not None and segment.text.strip():
                    x, y = offset
                    assert paragraphs[y][x : x + len(segment.text)] == segment.text
                    located += 1
                x_cells += segment.cell_length
        assert located > 10
        given_row = next(i for i, p in enumerate(paragraphs) if p.startswith("答出"))
        app.screen.selections = {view: Selection(Offset(0, given_row), Offset(4, given_row + 1))}
        await pilot.pause()
        selected = app.screen.get_selected_text()
        assert selected is not None
        assert selected.startswith(paragraphs[given_row]) and selected.endswith(
            paragraphs[given_row + 1][:4]
        )
