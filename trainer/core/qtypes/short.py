"""Short answer: one expected wording plus other accepted wordings (``answer``, ``accept``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import ShortQuestion
from trainer.core.qtypes.base import AnkiWording, FieldReader, QuestionType, TypeInContent

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade


class ShortType(QuestionType):
    name = "short"
    question_class = ShortQuestion
    keys = frozenset({"answer", "accept"})

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> ShortQuestion:
        return ShortQuestion.from_checked(
            **common,
            answer=fields.text("answer", required=True),
            accept=tuple(fields.text_list("accept")),
        )

    def grade(self, question: ShortQuestion, answer: str | list[str]) -> Grade:
        from trainer.core.grading.simple import grade_short

        return grade_short(question, answer)

    def expected_text(self, question: ShortQuestion) -> str:
        return str(question.answer)

    def expected_answer(self, question: ShortQuestion) -> str:
        return question.answer

    def answer_strings(self, question: ShortQuestion) -> list[str]:
        return [str(answer) for answer in question.answers]

    def sibling_words(self, question: ShortQuestion) -> list[str]:
        return [question.answer]

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> ShortQuestion:
        return ShortQuestion(**common, type="short", answer="")

    def anki_content(self, question: ShortQuestion, wording: AnkiWording) -> TypeInContent:
        return TypeInContent(question.prompt, question.answer, question.accept)


TYPE = ShortType()
