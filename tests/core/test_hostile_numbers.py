"""Numbers of any size (issue #20, item 9): a bank refuses a number answer it cannot hold, and
the grader answers any typed number, however long, without raising."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.core.bank import BankError, NumberQuestion, ShortQuestion, load_bank
from trainer.core.grading import grade
from trainer.core.qtypes.number import grade_number

HUGE_TYPED = [
    "9" * 400,
    "-" + "9" * 400,
    "9" * 5000,
    "1e400",
    "1e-400",
    "1e309万",
    "9.9e307亿",
    "1" + "0" * 400 + "项",
    "一" + "亿" * 300,
    "九" * 400,
    "９" * 400,
    "0." + "9" * 400,
    "9" * 400 + "%",
    "nan",
    "inf",
]
QUESTIONS = [
    NumberQuestion(id="n", type="number", prompt="p", answer=answer, unit="项")
    for answer in (12.0, 1e15, -1e15, 0.5)
]


@pytest.mark.parametrize("typed", HUGE_TYPED, ids=range(len(HUGE_TYPED)))
def test_the_number_grader_answers_any_typed_number(typed: str) -> None:
    # grade_number directly: grade() turns an exception into "unreadable", which would hide it.
    for question in QUESTIONS:
        result = grade_number(question, typed)
        assert result.verdict in ("correct", "close", "partial", "wrong")
    assert grade(ShortQuestion(id="s", type="short", prompt="p", answer="增长12%"), typed).verdict


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789.-e%万亿千百十一二三九零", min_size=1, max_size=600))
def test_any_run_of_digits_is_graded(typed: str) -> None:
    for question in QUESTIONS:
        assert grade_number(question, typed).verdict


@pytest.mark.parametrize("answer", ["9" * 400, "1e400", "1e16", "'1e400'", ".nan"])
def test_a_bank_number_beyond_the_bound_is_a_problem_on_its_line(
    tmp_path: Path, answer: str
) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: {id: b, title: t}\nquestions:\n"
        f"  - id: n\n    type: number\n    prompt: p\n    answer: {answer}\n    tolerance: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as caught:
        load_bank(bank)
    assert [(p.line, p.question_id) for p in caught.value.problems] == [(6, "n")]


def test_a_number_at_the_bound_loads(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        "bank: {id: b, title: t}\nquestions:\n"
        "  - {id: n, type: number, prompt: p, answer: 1000000000000000, tolerance: 0.5}\n",
        encoding="utf-8",
    )
    assert load_bank(bank).question("n").answer == 1e15  # type: ignore[union-attr]
