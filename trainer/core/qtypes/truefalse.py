"""True/false: a ``statement`` and ``answer: true|false``; the statement is the prompt."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import TrueFalseQuestion
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    Hint,
    QuestionType,
    ShownAnswer,
    TypeInContent,
    Words,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade

# The bank's language: what the grader accepts and what is shown as the expected answer.
TRUE_WORD = "对"
FALSE_WORD = "错"

TRUE_TEXT = "√"
FALSE_TEXT = "×"
"""The expected answer of a true/false question as the grade carries it: a mark any
language reads. Front ends word it (对/错, true/false) with ``grading.true``/``grading.false``."""


class TrueFalseType(QuestionType):
    name = "truefalse"
    question_class = TrueFalseQuestion
    picked = True
    typed_in_chinese = False
    input_kind = "pick"
    keys = frozenset({"statement", "answer"})
    reads_prompt = False
    grade_marks = {TRUE_TEXT: "grading.true", FALSE_TEXT: "grading.false"}

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> TrueFalseQuestion:
        statement = fields.text("statement", required=True)
        answer = fields.item.get("answer")
        if not isinstance(answer, bool):
            fields.fail("answer" if answer is not None else None, "bank.q.truefalse")
            answer = False
        return TrueFalseQuestion.from_checked(**common, prompt=statement, answer=answer)

    def grade(self, question: TrueFalseQuestion, answer: str | list[str]) -> Grade:
        return grade_truefalse(question, answer)

    def expected_text(self, question: TrueFalseQuestion) -> str:
        return TRUE_WORD if question.answer else FALSE_WORD

    def expected_length(self, question: TrueFalseQuestion) -> int:
        return 1  # one key press

    def expected_answer(self, question: TrueFalseQuestion) -> str:
        return self.expected_text(question)

    def guide(self, question: TrueFalseQuestion, shown: Sequence[str] = ()) -> list[Words]:
        return [Words(key="study.guide.truefalse")]

    def full_answer(self, question: TrueFalseQuestion) -> ShownAnswer:
        # worded by the front end: 对/错 on a Chinese screen, True/False on an English one
        return ShownAnswer(key="tf.true" if question.answer else "tf.false")

    def reveal_answer(self, question: TrueFalseQuestion) -> ShownAnswer:
        return self.full_answer(question)

    def board_answer(self, question: TrueFalseQuestion) -> ShownAnswer:
        return self.full_answer(question)

    def redact(self, question: TrueFalseQuestion, seed: int) -> dict[str, Any]:
        # two big buttons worded by the page; the value is what the grader reads
        return {
            "choices": [
                {"key": "tf.true", "value": TRUE_WORD},
                {"key": "tf.false", "value": FALSE_WORD},
            ]
        }

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


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.

_TRUE_WORDS = frozenset(
    [
        "对",
        "√",
        "✓",
        "✔",
        "☑",
        "是",
        "正确",
        "t",
        "true",
        "y",
        "yes",
        "v",
        "1",
        "对的",
        "正确的",
        "是的",
        "○",
        "o",
        "真",
        "ok",
        "没错",
        "right",
    ]
)
_FALSE_WORDS = frozenset(
    [
        "错",
        "×",
        "✗",
        "✘",
        "☒",
        "否",
        "错误",
        "f",
        "false",
        "n",
        "no",
        "x",
        "0",
        "2",
        "不对",
        "不正确",
        "错的",
        "错误的",
        "不是",
        "假",
        "wrong",
        "非",
    ]
)


def grade_truefalse(question: TrueFalseQuestion, answer: str | Sequence[str]) -> Grade:
    """对/错, √/×, 是/否, 正确/错误, T/F, true/false, Y/N, 1/2 (the plain-mode keys), also
    followed by a reason (错，是第十四届)."""
    from trainer.core.grading.model import Grade, as_text, given_text
    from trainer.core.grading.text import DiffOp, Verdict

    value = read_truefalse(as_text(answer))
    expected_word = TRUE_TEXT if question.answer else FALSE_TEXT
    if value is None:
        verdict: Verdict = "wrong"
        notes: tuple[str, ...] = ("grading.note.unrecognized",)
        diff: tuple[DiffOp, ...] = (DiffOp("missing", expected_word, ""),)
    elif value == question.answer:
        verdict, notes = "correct", ()
        diff = (DiffOp("equal", expected_word, expected_word),)
    else:
        verdict, notes = "wrong", ()
        given_word = TRUE_TEXT if value else FALSE_TEXT
        diff = (DiffOp("replaced", expected_word, given_word),)
    return Grade(
        verdict=verdict,
        score=1.0 if verdict == "correct" else 0.0,
        expected_text=expected_word,
        given_text=given_text(answer),
        diff=diff,
        notes=notes,
    )


_TF_REASON_SPLIT = r"[,，、;；:：。.!！\s]+"
"""What ends the 对/错 word before a reason (re caches it compiled on first use)."""


def read_truefalse(text: str) -> bool | None:
    """Read 对/错, √/×, 是/否, 正确/错误, T/F, true/false, Y/N, 1/2 (any case or width), alone
    or before a reason (``错，是第十四届``, ``对的，报告原文如此``).

    Returns:
        True, False, or None when the text is neither.
    """
    from trainer.core.grading.normalize import clean

    cleaned = clean(text, 100).casefold().strip()
    value = _truefalse_word(cleaned)
    if value is None:
        head = re.split(_TF_REASON_SPLIT, cleaned, maxsplit=1)[0]
        if head and head != cleaned:
            value = _truefalse_word(head)
    return value


def _truefalse_word(text: str) -> bool | None:
    word = "".join(ch for ch in text if ch.isalnum() or ch in "√✓✔☑×✗✘☒○").strip()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None
