"""Self-consistency with the built-in bank: the expected answer of every question, typed in the
usual notations, is graded correct. (Skipped when no bank is installed.)"""

from __future__ import annotations

import pytest

from trainer import paths
from trainer.core.bank import (
    BLANK_PATTERN,
    AnyQuestion,
    BankError,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
    load_bank,
)
from trainer.core.grading import grade


def _questions() -> list[AnyQuestion]:
    found: list[AnyQuestion] = []
    for path in paths.builtin_bank_paths():
        try:
            found.extend(load_bank(path).questions)
        except BankError:
            continue  # a bank being edited; tests/core/test_builtin_bank.py reports it
    return found


def _expected_answers(question: AnyQuestion) -> list[str | list[str]]:
    if isinstance(question, ShortQuestion):
        return list(question.answers)
    if isinstance(question, ClozeQuestion):
        fills = [alts[0] for alts in question.blanks]
        sentence = BLANK_PATTERN.sub(lambda m: m.group(1).split("|")[0].strip(), question.text)
        return [fills, "|".join(fills), sentence]
    if isinstance(question, ListQuestion):
        items = [alts[0] for alts in question.items]
        return [items, "；".join(items), "\n".join(items)]
    if isinstance(question, ChoiceQuestion):
        return [question.answer_letters, question.answer_letters.lower()]
    if isinstance(question, TrueFalseQuestion):
        return ["对" if question.answer else "错", "√" if question.answer else "×"]
    if isinstance(question, NumberQuestion):
        return [question.answer_text]
    if isinstance(question, OrderQuestion):
        return [list(question.items), "\n".join(question.items)]
    return []


QUESTIONS = _questions()


@pytest.mark.skipif(not QUESTIONS, reason="no built-in bank in questions/")
def test_expected_answers_of_the_builtin_bank_are_correct() -> None:
    failures = [
        f"{question.id}: {answer!r} -> {result.verdict}"
        for question in QUESTIONS
        for answer in _expected_answers(question)
        if (result := grade(question, answer)).verdict != "correct"
    ]
    assert failures == []
