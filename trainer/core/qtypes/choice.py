"""Choice: single (``answer: B``) or multiple (``answer: [A, C]``) choice among 2–8 options."""

from __future__ import annotations

import dataclasses
import functools
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import LETTERS, ChoiceQuestion
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    Hint,
    Presentation,
    QuestionType,
    RebuildError,
    ShownAnswer,
    TypeInContent,
    Words,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade
    from trainer.core.grading.text import DiffOp


_FIXED_OPTION = re.compile(r"^\s*(以上|上述|全部|都不|均不|all of|none of)", re.I)
"""Options that refer to the others ("以上都对") keep their place when options are shuffled."""


class ChoiceType(QuestionType):
    name = "choice"
    question_class = ChoiceQuestion
    picked = True
    typed_in_chinese = False
    input_kind = "pick"
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
        return grade_choice(question, answer)

    def expected_text(self, question: ChoiceQuestion) -> str:
        return question.answer_letters

    def expected_length(self, question: ChoiceQuestion) -> int:
        return 1  # one key press, whatever the letters

    def expected_answer(self, question: ChoiceQuestion) -> str:
        return question.answer_letters

    def expected_display(self, question: ChoiceQuestion) -> str:
        return "；".join(question.options[i] for i in question.correct)

    def full_answer(self, question: ChoiceQuestion) -> ShownAnswer:
        return ShownAnswer(text="  ".join(_lettered(question, question.correct)))

    def reveal_answer(self, question: ChoiceQuestion) -> ShownAnswer:
        return ShownAnswer(text="\n".join(_lettered(question, question.correct)))

    def board_answer(self, question: ChoiceQuestion) -> ShownAnswer:
        # the right options on one line (a projector shows the prompt's options above)
        return self.full_answer(question)

    def shown_choices(self, question: ChoiceQuestion) -> list[str]:
        return _lettered(question, range(len(question.options)))

    def guide(self, question: ChoiceQuestion, shown: Sequence[str] = ()) -> list[Words]:
        key = "study.guide.choice_multiple" if question.multiple else "study.guide.choice"
        options = _lettered(question, range(len(question.options)))
        return [*(Words(text=f"  {line}") for line in options), Words(key=key)]

    def answer_strings(self, question: ChoiceQuestion) -> list[str]:
        return [question.options[i] for i in question.correct]

    def stored_answer(self, presentation: Presentation, answer: str | Sequence[str]) -> str | None:
        if not presentation.option_order:
            return None
        chosen = chosen_options(presentation.question, answer)
        if chosen and -1 not in chosen:
            return presentation.bank_letters(sorted(chosen))
        return None

    def readable_answer(self, question: ChoiceQuestion, answer: str | Sequence[str]) -> str | None:
        chosen = chosen_options(question, answer)
        if chosen and -1 not in chosen:
            return "；".join(question.options[i] for i in sorted(chosen))
        return None

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
        return {
            "options": list(question.options),
            "multiple": question.multiple,
            "choices": [
                {"mark": LETTERS[index], "text": option, "value": LETTERS[index]}
                for index, option in enumerate(question.options)
            ],
        }

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


def _lettered(question: ChoiceQuestion, indexes: Iterable[int]) -> list[str]:
    """``A. option`` for each of these options."""
    return [f"{LETTERS[index]}. {question.options[index]}" for index in indexes]


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.


@functools.cache
def _answer_patterns() -> tuple[re.Pattern[str], ...]:
    """How letters are read from an answer (compiled on the first choice graded, not when a
    bank is loaded)."""
    return (
        re.compile(r"^(?:答案|选项|我选|选择|选|answer)?\s*(?:是|为|:)?\s*", re.I),  # prefix
        re.compile(r"[\s,、;/和与及+&]+"),  # separators
        # words around the letters that say nothing about the choice: （A）, A选项, 选A吧, 答案是A。
        re.compile(r"选项|答案|我选|选择|应选|选|是|为|吧|呢|啊|项|[()\[\]【】:.。!]", re.I),
        re.compile(r"^([A-Ha-h])\s*[.、:)]\s*\S"),  # a letter, then the option's text
        # a letter that starts an option written out: "A.存史 C.资政", "（B）专门协商机构"
        re.compile(r"(?:^|(?<=[\s,、;]))[(\[【]?([A-Ha-h])\s*(?:[.、:)\]】]|选项)"),
    )


def grade_choice(question: ChoiceQuestion, answer: str | Sequence[str]) -> Grade:
    """Letters in any case, width or order, or the option texts; multiple choice needs all and
    only the right options, a subset of them is ``partial``."""
    from trainer.core.grading.model import Grade, clamp_to_verdict, given_text
    from trainer.core.grading.text import Verdict

    chosen = chosen_options(question, answer)
    correct = set(question.correct)
    expected_text = "；".join(f"{LETTERS[i]}. {question.options[i]}" for i in question.correct)
    given_letters = "".join(LETTERS[i] for i in sorted(chosen or ()) if i >= 0)
    diff = _letter_diff(question.answer_letters, given_letters)
    notes: list[str] = []
    if chosen is None or not chosen:
        verdict: Verdict = "wrong"
        score = 0.0
        notes.append("grading.note.unrecognized" if chosen is None else "grading.note.empty")
    elif chosen == correct:
        verdict, score = "correct", 1.0
    elif chosen - correct:
        verdict, score = "wrong", 0.0
        notes.append("grading.note.wrong_option")
    elif question.multiple:
        verdict = "partial"
        score = clamp_to_verdict("partial", len(chosen) / len(correct) * 0.79)
        notes.append("grading.note.options_missing")
    else:
        verdict, score = "wrong", 0.0
    return Grade(
        verdict=verdict,
        score=round(score, 4),
        expected_text=expected_text,
        given_text=given_text(answer, ","),
        diff=diff,
        notes=tuple(notes),
    )


def chosen_options(question: ChoiceQuestion, answer: str | Sequence[str]) -> set[int] | None:
    """The option indexes the learner chose, by letter or by option text.

    Args:
        question: the choice question.
        answer: letters in any case, width or order, or the options' texts.

    Returns:
        The chosen 0-based indexes (empty for an empty answer), or None when the answer
        cannot be read as options.
    """
    from trainer.core.grading.normalize import clean

    prefix, separators, words, letter_and_text, letter_mark = _answer_patterns()
    count = len(question.options)
    valid = LETTERS[:count]
    raw = answer if isinstance(answer, str) else " ".join(answer)
    text = clean(raw, 500).strip()
    if not text:
        return set()
    letters = separators.sub("", prefix.sub("", text)).upper()
    letters = letters.rstrip(".。")
    if letters and all(ch in valid for ch in letters):
        return {valid.index(ch) for ch in letters}
    letters = words.sub("", separators.sub("", text)).upper()
    if letters and all(ch in valid for ch in letters):
        return {valid.index(ch) for ch in letters}
    marks = [m.group(1).upper() for m in letter_mark.finditer(text)]
    if marks and letter_mark.match(text) and all(ch in valid for ch in marks):
        return {valid.index(ch) for ch in marks}
    entries = [text] if isinstance(answer, str) else [clean(a, 500) for a in answer]
    leading = [letter_and_text.match(e.strip()) for e in entries]
    if all(leading) and leading:
        picked = {valid.find(m.group(1).upper()) for m in leading if m}
        if -1 not in picked:
            return picked
    return _options_by_text(question, answer)


def _options_by_text(question: ChoiceQuestion, answer: str | Sequence[str]) -> set[int] | None:
    from trainer.core.grading.split import assign
    from trainer.core.grading.text import compare

    options = [(option,) for option in question.options]
    assignment = assign(answer, options)
    chosen: set[int] = set()
    for index, segment in enumerate(assignment.matched):
        if segment is None:
            continue
        if compare(question.options[index], segment.text).verdict in ("correct", "close"):
            chosen.add(index)
    if not chosen:
        return None
    if assignment.extra:
        # Text that names no option: count it as a wrong choice rather than ignore it.
        return chosen | {-1}
    return chosen


def _letter_diff(expected: str, given: str) -> tuple[DiffOp, ...]:
    from trainer.core.grading.text import DiffOp, merge_runs

    runs: list[DiffOp] = []
    for letter in sorted(set(expected) | set(given)):
        if letter in expected and letter in given:
            runs.append(DiffOp("equal", letter, letter))
        elif letter in expected:
            runs.append(DiffOp("missing", letter, ""))
        else:
            runs.append(DiffOp("extra", "", letter))
    return merge_runs(runs)
