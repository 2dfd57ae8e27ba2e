"""Choice: single (``answer: B``) or multiple (``answer: [A, C]``) choice among 2–8 options."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import LETTERS, ChoiceQuestion
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    Hint,
    Presentation,
    QuestionType,
    RebuildError,
    TypeInContent,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade


_FIXED_OPTION = re.compile(r"^\s*(以上|上述|全部|都不|均不|all of|none of)", re.I)
"""Options that refer to the others ("以上都对") keep their place when options are shuffled."""


class ChoiceType(QuestionType):
    name = "choice"
    question_class = ChoiceQuestion
    picked = True
    typed_in_chinese = False
    keys = frozenset({"options", "answer"})

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> ChoiceQuestion:
        options = fields.text_list("options", required=True)
        if options and not 2 <= len(options) <= len(LETTERS):
            fields.fail("options", "bank.q.options_count", most=len(LETTERS), found=len(options))
        if len(set(options)) != len(options):
            fields.fail("options", "bank.q.options_duplicate")
        raw = fields.item.get("answer")
        multiple = isinstance(raw, list)
        letters = raw if isinstance(raw, list) else [raw]
        correct: list[int] = []
        valid = LETTERS[: len(options)]
        for letter in letters:
            if (
                not isinstance(letter, str)
                or len(letter.strip()) != 1
                or letter.strip().upper() not in LETTERS
            ):
                fields.fail("answer", "bank.q.choice_answer", found=repr(letter))
                break
            index = LETTERS.index(letter.strip().upper())
            if letter.strip().upper() not in valid:
                last = valid[-1] if valid else "A"
                fields.fail("answer", "bank.q.choice_outside", letter=letter, last=last)
                break
            if index in correct:
                fields.fail("answer", "bank.q.choice_twice", letter=letter)
                break
            correct.append(index)
        if raw is None:
            fields.required("answer")
        elif multiple and not raw:
            fields.fail("answer", "bank.q.choice_empty")
        return ChoiceQuestion.from_checked(
            **common, options=tuple(options), correct=tuple(sorted(correct)), multiple=multiple
        )

    def grade(self, question: ChoiceQuestion, answer: str | list[str]) -> Grade:
        from trainer.core.grading.simple import grade_choice

        return grade_choice(question, answer)

    def expected_text(self, question: ChoiceQuestion) -> str:
        return question.answer_letters

    def expected_length(self, question: ChoiceQuestion) -> int:
        return 1  # one key press, whatever the letters

    def expected_answer(self, question: ChoiceQuestion) -> str:
        return question.answer_letters

    def expected_display(self, question: ChoiceQuestion) -> str:
        return "；".join(question.options[i] for i in question.correct)

    def answer_strings(self, question: ChoiceQuestion) -> list[str]:
        return [question.options[i] for i in question.correct]

    def present(self, question: ChoiceQuestion, rng: random.Random) -> Presentation:
        if len(question.options) <= 1:
            return Presentation(question)
        movable = [i for i, text in enumerate(question.options) if not _FIXED_OPTION.match(text)]
        shuffled = movable[:]
        rng.shuffle(shuffled)
        order = list(range(len(question.options)))
        for slot, index in zip(movable, shuffled, strict=True):
            order[slot] = index
        shown = dataclasses.replace(
            question,
            options=tuple(question.options[i] for i in order),
            correct=tuple(sorted(order.index(i) for i in question.correct)),
        )
        return Presentation(shown, option_order=tuple(order))

    def redact(self, question: ChoiceQuestion, seed: int) -> dict[str, Any]:
        return {"options": list(question.options), "multiple": question.multiple}

    def poll_labels(self, question: ChoiceQuestion) -> list[str]:
        return list(LETTERS[: len(question.options)])

    def poll_choice(self, question: ChoiceQuestion, text: str, verdict: str) -> list[str]:
        picked = sorted({c for c in text.upper() if c in LETTERS[: len(question.options)]})
        if not picked:  # an option typed out instead of its letter
            for index, option in enumerate(question.options):
                if option and option in text:
                    picked.append(LETTERS[index])
        return picked

    def hint(self, question: ChoiceQuestion) -> Hint:
        # a first letter would be the answer itself
        return Hint(text=question.hint) if question.hint else Hint(key="study.hint.none")

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> ChoiceQuestion:
        options = data.get("options")
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            raise RebuildError("question.options must be strings")
        return ChoiceQuestion(
            **common,
            type="choice",
            options=tuple(options[: len(LETTERS)]),
            correct=(),
            multiple=bool(data.get("multiple")),
        )

    def anki_content(self, question: ChoiceQuestion, wording: AnkiWording) -> TypeInContent:
        options = "\n".join(
            f"{LETTERS[index]}. {option}" for index, option in enumerate(question.options)
        )
        return TypeInContent(f"{question.prompt}\n{options}", question.answer_letters)


TYPE = ChoiceType()
