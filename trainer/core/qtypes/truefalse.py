"""True/false: a ``statement`` and ``answer: true|false``; the statement is the prompt."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import TrueFalseQuestion
from trainer.core.qtypes.base import AnkiWording, FieldReader, Hint, QuestionType, TypeInContent

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade

# The bank's language: what the grader accepts and what is shown as the expected answer.
TRUE_WORD = "对"
FALSE_WORD = "错"


class TrueFalseType(QuestionType):
    name = "truefalse"
    question_class = TrueFalseQuestion
    picked = True
    typed_in_chinese = False
    keys = frozenset({"statement", "answer"})
    reads_prompt = False

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> TrueFalseQuestion:
        statement = fields.text("statement", required=True)
        answer = fields.item.get("answer")
        if not isinstance(answer, bool):
            fields.fail("answer" if answer is not None else None, "bank.q.truefalse")
            answer = False
        return TrueFalseQuestion.from_checked(**common, prompt=statement, answer=answer)

    def grade(self, question: TrueFalseQuestion, answer: str | list[str]) -> Grade:
        from trainer.core.grading.simple import grade_truefalse

        return grade_truefalse(question, answer)

    def expected_text(self, question: TrueFalseQuestion) -> str:
        return TRUE_WORD if question.answer else FALSE_WORD

    def expected_length(self, question: TrueFalseQuestion) -> int:
        return 1  # one key press

    def expected_answer(self, question: TrueFalseQuestion) -> str:
        return self.expected_text(question)

    def poll_labels(self, question: TrueFalseQuestion) -> list[str]:
        return [TRUE_WORD, FALSE_WORD]

    def poll_choice(self, question: TrueFalseQuestion, text: str, verdict: str) -> list[str]:
        # What the player said follows from the verdict (they typed 对, 是, T, √ …).
        said_true = question.answer if verdict == "correct" else not question.answer
        return [TRUE_WORD if said_true else FALSE_WORD]

    def hint(self, question: TrueFalseQuestion) -> Hint:
        # a first letter would be the answer itself
        return Hint(text=question.hint) if question.hint else Hint(key="study.hint.none")

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> TrueFalseQuestion:
        return TrueFalseQuestion(**common, type="truefalse", answer=False)

    def anki_content(self, question: TrueFalseQuestion, wording: AnkiWording) -> TypeInContent:
        word = wording.true if question.answer else wording.false
        return TypeInContent(f"{question.prompt}（{wording.true}/{wording.false}）", word)


TYPE = TrueFalseType()
