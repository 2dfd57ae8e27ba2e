"""Number: a figure (``answer``, ``unit``, ``tolerance``; ``approx`` for the report's 余/多)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import NumberQuestion
from trainer.core.qtypes.base import FieldReader, QuestionType

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade


class NumberType(QuestionType):
    name = "number"
    question_class = NumberQuestion
    typed_in_chinese = False
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
        from trainer.core.grading.simple import grade_number

        return grade_number(question, answer)

    def expected_text(self, question: NumberQuestion) -> str:
        return question.answer_text

    def expected_answer(self, question: NumberQuestion) -> str:
        return question.answer_text

    def answer_strings(self, question: NumberQuestion) -> list[str]:
        return [question.answer_text]

    def redact(self, question: NumberQuestion, seed: int) -> dict[str, Any]:
        return {"unit": question.unit}

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> NumberQuestion:
        unit = data.get("unit", "")
        return NumberQuestion(
            **common, type="number", answer=0.0, unit=unit if isinstance(unit, str) else ""
        )


TYPE = NumberType()
