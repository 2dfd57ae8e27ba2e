"""Number: a figure (``answer``, ``unit``, ``tolerance``; ``approx`` for the report's 余/多)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import NumberQuestion
from trainer.core.qtypes.base import FieldReader, QuestionType, ShownAnswer, Words

if TYPE_CHECKING:
    from decimal import Decimal

    from trainer.core.grading.model import Grade
    from trainer.core.grading.normalize import NumberReading
    from trainer.core.grading.text import DiffOp


class NumberType(QuestionType):
    name = "number"
    question_class = NumberQuestion
    typed_in_chinese = False
    input_placeholder = "app.input.number"
    keys = frozenset({"answer", "unit", "tolerance", "approx"})

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> NumberQuestion:
        answer = fields.number("answer", required=True)
        tolerance = fields.number("tolerance") or 0.0
        if tolerance < 0:
            fields.fail("tolerance", "bank.q.tolerance")
        return NumberQuestion.from_checked(
            **common,
            answer=answer if answer is not None else 0.0,
            unit=fields.text("unit"),
            tolerance=tolerance,
            approx=fields.flag("approx"),
        )

    def grade(self, question: NumberQuestion, answer: str | list[str]) -> Grade:
        return grade_number(question, answer)

    def expected_text(self, question: NumberQuestion) -> str:
        return question.answer_text

    def expected_answer(self, question: NumberQuestion) -> str:
        return question.answer_text

    def answer_strings(self, question: NumberQuestion) -> list[str]:
        return [question.answer_text]

    def guide(self, question: NumberQuestion, shown: Sequence[str] = ()) -> list[Words]:
        unit = Words(key="study.guide.number_unit", values={"unit": question.unit})
        return [Words(key="study.guide.number", values={"unit": unit if question.unit else ""})]

    def reveal_answer(self, question: NumberQuestion) -> ShownAnswer:
        # the figure, then its unit after a space (4100 亿元)
        value = question.to_dict()["answer"]
        return ShownAnswer(text=f"{value} {question.unit}" if question.unit else f"{value}")

    def redact(self, question: NumberQuestion, seed: int) -> dict[str, Any]:
        return {"unit": question.unit, "numeric": True}

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> NumberQuestion:
        unit = data.get("unit", "")
        return NumberQuestion(
            **common, type="number", answer=0.0, unit=unit if isinstance(unit, str) else ""
        )


TYPE = NumberType()


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.


def grade_number(question: NumberQuestion, answer: str | Sequence[str]) -> Grade:
    """Every number of the answer that is not repeated from the prompt, in any notation.

    One figure equal to the answer → correct (within ``tolerance`` → close); the right figure
    among others (``4100或4000``) is a hedge → partial, among three or more (a list of every
    figure of the report) → wrong. The approximator counts: ``近100`` (fewer) is not
    ``100余`` (more); a bare ``100`` for ``100余`` is close.
    """
    from decimal import Decimal, InvalidOperation

    from trainer.core.grading.model import (
        Grade,
        GradingError,
        as_text,
        clamp_to_verdict,
        given_text,
        length_cap,
    )
    from trainer.core.grading.normalize import canonical
    from trainer.core.grading.text import Verdict

    text = as_text(answer)
    readings = _fresh_numbers(question, text)
    expected_text = question.answer_text
    notes: list[str] = []
    try:
        target = Decimal(str(question.answer))
        tolerance = Decimal(str(question.tolerance or 0))
    except InvalidOperation as error:
        raise GradingError(f"{question.id}: the answer is not a number") from error
    values: list[Decimal] = []
    for each in readings:
        value = _signed(each)
        if value not in values:
            values.append(value)
    reading = next((r for r in readings if _near(_signed(r), target, tolerance)), None)
    if reading is None:
        reading = readings[0] if readings else None
    score = 0.0
    if reading is None:
        verdict: Verdict = "wrong"
        notes.append("grading.note.no_number" if text.strip() else "grading.note.empty")
    elif not _near(_signed(reading), target, tolerance):
        verdict = "wrong"
        notes.append("grading.note.number_differs")
    elif len(values) > 2:
        verdict = "wrong"
        notes.append("grading.note.hedged")
    elif len(values) == 2:
        verdict, score = "partial", 0.5
        notes.append("grading.note.hedged")
    else:
        verdict, score = "correct", 1.0
        if _signed(reading) != target:
            verdict, score = "close", 0.9
            notes.append("grading.note.within_tolerance")
        kind = reading.approx_kind
        if question.approx and kind == "less":
            verdict, score = "wrong", 0.0
            notes.append("grading.note.approx_differs")
        elif question.approx and not kind:
            verdict, score = "close", 0.9
            notes.append("grading.note.approx_missing")
        elif not question.approx and kind in ("more", "less"):
            verdict, score = "close", 0.9
            notes.append("grading.note.approx_added")
    # Only a dump is capped here: the hedge rule above already reads every figure, and a
    # figure given in a whole sentence (过去五年提案立案4100件) is a fine answer.
    cap = length_cap(len(canonical(expected_text)), len(canonical(text)))
    if cap == "wrong" and verdict != "wrong":
        verdict = cap
        notes.append("grading.note.too_long")
    return Grade(
        verdict=verdict,
        score=clamp_to_verdict(verdict, score),
        expected_text=expected_text,
        given_text=given_text(text),
        diff=_figure_diff(question, reading) if text.strip() else (),
        notes=tuple(notes),
    )


def _signed(reading: NumberReading) -> Decimal:
    return -reading.value if reading.negative else reading.value


def _near(value: Decimal, target: Decimal, tolerance: Decimal) -> bool:
    # Beyond 10^50 no report figure lies; comparing such values could overflow Decimal.
    if not value.is_finite() or abs(value.adjusted()) > 50:
        return False
    return abs(value - target) <= tolerance


def _figure_text(reading: NumberReading, unit: str) -> str:
    from trainer.core.grading.normalize import format_decimal

    before = {"less": "近", "about": "约"}.get(reading.approx_kind, "")
    after = "余" if reading.approx_kind == "more" else ""
    sign = "-" if reading.negative else ""
    percent = "%" if reading.percent and unit != "%" else ""
    # The word after a figure is shown only when it is a unit (次, 周年, %), not 或 of 4100或4000.
    shown_unit = reading.unit if reading.unit and _is_unit(reading.unit, unit) else ""
    return f"{before}{sign}{format_decimal(reading.value)}{percent}{after}{shown_unit}"


def _is_unit(word: str, expected_unit: str) -> bool:
    from trainer.core.grading.normalize import MEASURE_WORDS

    return word == expected_unit or word == "%" or all(ch in MEASURE_WORDS for ch in word)


def _figure_diff(question: NumberQuestion, reading: NumberReading | None) -> tuple[DiffOp, ...]:
    """The expected figure against the figure read from the answer, whole figures only (a
    character diff of ``2021年开行2002班`` against ``2002班`` would cut through the digits)."""
    from trainer.core.grading.text import DiffOp

    expected = question.answer_text
    if reading is None:
        return (DiffOp("missing", expected, ""),)
    given = _figure_text(reading, question.unit)
    if given == expected:
        return (DiffOp("equal", expected, given),)
    return (DiffOp("replaced", expected, given),)


def _fresh_numbers(question: NumberQuestion, text: str) -> list[NumberReading]:
    """The numbers the learner gives as the answer: those not merely repeated from the prompt
    (``2021年开行2002班`` answers with 2002 when the prompt says 2021年)."""
    from trainer.core.grading.normalize import parse_numbers

    readings = parse_numbers(text)
    if not readings:
        return []
    in_prompt = {reading.value for reading in parse_numbers(question.prompt)}
    fresh = [reading for reading in readings if reading.value not in in_prompt]
    return fresh or readings[:1]
