"""Short answer: one expected wording plus other accepted wordings (``answer``, ``accept``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import ShortQuestion
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    QuestionType,
    ShownAnswer,
    TypeInContent,
)

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
        return grade_short(question, answer)

    def expected_text(self, question: ShortQuestion) -> str:
        return str(question.answer)

    def expected_answer(self, question: ShortQuestion) -> str:
        return question.answer

    def full_answer(self, question: ShortQuestion) -> ShownAnswer:
        return ShownAnswer(text=question.answer, also=question.accept)

    def answer_strings(self, question: ShortQuestion) -> list[str]:
        return [str(answer) for answer in question.answers]

    def sibling_words(self, question: ShortQuestion) -> list[str]:
        return [question.answer]

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> ShortQuestion:
        return ShortQuestion(**common, type="short", answer="")

    def anki_content(self, question: ShortQuestion, wording: AnkiWording) -> TypeInContent:
        return TypeInContent(question.prompt, question.answer, question.accept)


TYPE = ShortType()


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.


def grade_short(question: ShortQuestion, answer: str | Sequence[str]) -> Grade:
    """The best match over ``answer`` and ``accept``; words of the prompt repeated around the
    answer (弘扬了伟大建党精神 for “弘扬了什么精神？”) are not extra words."""
    from trainer.core.grading.model import (
        Grade,
        as_text,
        clamp_to_verdict,
        given_text,
        length_cap,
        truncation_notes,
    )
    from trainer.core.grading.normalize import canonical
    from trainer.core.grading.text import VERDICT_RANK, Verdict, best_match

    text = as_text(answer)
    index, match = best_match(question.answers, text)
    if match.verdict != "correct":
        for bare in without_prompt_words(text, question.prompt):
            index2, match2 = best_match(question.answers, bare)
            if match2.rank > match.rank:
                index, match = index2, match2
    notes = list(match.notes)
    if index > 0 and match.verdict in ("correct", "close"):
        notes.append("grading.note.alternative")
    verdict: Verdict = match.verdict
    expected = question.answers[index] if index else question.answer
    cap = length_cap(len(canonical(expected)), len(canonical(text)))
    if cap is not None and VERDICT_RANK[verdict] > VERDICT_RANK[cap]:
        verdict = cap
        notes.append("grading.note.too_long")
    return Grade(
        verdict=verdict,
        score=clamp_to_verdict(verdict, match.score),
        expected_text=expected,
        given_text=given_text(text),
        diff=match.diff,
        notes=tuple(notes) + truncation_notes(text),
    )


def without_prompt_words(text: str, prompt: str) -> list[str]:
    """The canonical answer without a head, a tail or both that merely repeat the prompt
    (the longest ones found in it): ``以习近平…思想为指导`` for “坚持以什么为指导？”.

    Returns:
        The shortened forms that differ from the answer (none when nothing is repeated).
    """
    from trainer.core.grading.normalize import canonical

    given, asked = canonical(text), canonical(prompt)
    if not given or not asked:
        return []
    head = 0
    while head < len(given) - 1 and given[: head + 1] in asked:
        head += 1
    tail = 0
    while tail < len(given) - 1 and given[len(given) - tail - 1 :] in asked:
        tail += 1
    # A figure is never the prompt's word: 1 of 114届 is not the 一 of 哪一届.
    while head and given[head - 1].isdigit():
        head -= 1
    while tail and given[len(given) - tail].isdigit():
        tail -= 1
    forms = [given[head:], given[: len(given) - tail]]
    if head + tail < len(given):
        forms.append(given[head : len(given) - tail])
    return [form for form in dict.fromkeys(forms) if form and form != given]
