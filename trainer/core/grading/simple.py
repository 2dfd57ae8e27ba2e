"""Grading answers of one piece: short answers, choices, true/false, numbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from trainer.core.bank import (
    LETTERS,
    ChoiceQuestion,
    NumberQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from trainer.core.grading.model import (
    Grade,
    as_text,
    clamp_to_verdict,
    given_text,
    truncation_notes,
    unreadable,
)
from trainer.core.grading.normalize import NumberReading, canonical, clean, parse_numbers
from trainer.core.grading.text import DiffOp, Verdict, align, best_match, compare, display_runs

# --------------------------------------------------------------------------- short


def grade_short(question: ShortQuestion, answer: str | Sequence[str]) -> Grade:
    """The best match over ``answer`` and ``accept``."""
    text = as_text(answer)
    index, match = best_match(question.answers, text)
    notes = list(match.notes)
    if index > 0 and match.verdict in ("correct", "close"):
        notes.append("grading.note.alternative")
    return Grade(
        verdict=match.verdict,
        score=match.score,
        expected_text=question.answers[index] if index else question.answer,
        given_text=given_text(text),
        diff=match.diff,
        notes=tuple(notes) + truncation_notes(text),
    )


# --------------------------------------------------------------------------- choice


_CHOICE_PREFIX = re.compile(r"^(?:答案|选项|我选|选择|选|answer)?\s*(?:是|为|:)?\s*", re.I)
_CHOICE_SEPARATORS = re.compile(r"[\s,、;/和与及+&]+")
_LETTER_AND_TEXT = re.compile(r"^([A-Ha-h])\s*[.、:)]\s*\S")


def grade_choice(question: ChoiceQuestion, answer: str | Sequence[str]) -> Grade:
    """Letters in any case, width or order, or the option texts; multiple choice needs all and
    only the right options, a subset of them is ``partial``."""
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
    count = len(question.options)
    valid = LETTERS[:count]
    raw = answer if isinstance(answer, str) else " ".join(answer)
    text = clean(raw, 500).strip()
    if not text:
        return set()
    letters = _CHOICE_SEPARATORS.sub("", _CHOICE_PREFIX.sub("", text)).upper()
    letters = letters.rstrip(".。")
    if letters and all(ch in valid for ch in letters):
        return {valid.index(ch) for ch in letters}
    entries = [text] if isinstance(answer, str) else [clean(a, 500) for a in answer]
    leading = [_LETTER_AND_TEXT.match(e.strip()) for e in entries]
    if all(leading) and leading:
        picked = {valid.find(m.group(1).upper()) for m in leading if m}
        if -1 not in picked:
            return picked
    return _options_by_text(question, answer)


def _options_by_text(question: ChoiceQuestion, answer: str | Sequence[str]) -> set[int] | None:
    from trainer.core.grading.split import assign

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
    runs: list[DiffOp] = []
    for letter in sorted(set(expected) | set(given)):
        if letter in expected and letter in given:
            runs.append(DiffOp("equal", letter, letter))
        elif letter in expected:
            runs.append(DiffOp("missing", letter, ""))
        else:
            runs.append(DiffOp("extra", "", letter))
    from trainer.core.grading.text import merge_runs

    return merge_runs(runs)


# --------------------------------------------------------------------------- true / false


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
    """对/错, √/×, 是/否, 正确/错误, T/F, true/false, Y/N."""
    from trainer.i18n import t

    value = read_truefalse(as_text(answer))
    expected_word = t("grading.true" if question.answer else "grading.false")
    if value is None:
        verdict: Verdict = "wrong"
        notes: tuple[str, ...] = ("grading.note.unrecognized",)
        diff: tuple[DiffOp, ...] = (DiffOp("missing", expected_word, ""),)
    elif value == question.answer:
        verdict, notes = "correct", ()
        diff = (DiffOp("equal", expected_word, expected_word),)
    else:
        verdict, notes = "wrong", ()
        given_word = t("grading.true" if value else "grading.false")
        diff = (DiffOp("replaced", expected_word, given_word),)
    return Grade(
        verdict=verdict,
        score=1.0 if verdict == "correct" else 0.0,
        expected_text=expected_word,
        given_text=given_text(answer),
        diff=diff,
        notes=notes,
    )


def read_truefalse(text: str) -> bool | None:
    """Read 对/错, √/×, 是/否, 正确/错误, T/F, true/false, Y/N (any case or width).

    Returns:
        True, False, or None when the text is neither.
    """
    cleaned = clean(text, 100).casefold()
    word = "".join(ch for ch in cleaned if ch.isalnum() or ch in "√✓✔☑×✗✘☒○").strip()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


# --------------------------------------------------------------------------- number


def grade_number(question: NumberQuestion, answer: str | Sequence[str]) -> Grade:
    """The first number not repeated from the prompt, in any notation; equal → correct,
    within ``tolerance`` → close, any other number → wrong."""
    text = as_text(answer)
    reading = _the_number(question, text)
    expected_text = question.answer_text
    notes: list[str] = []
    try:
        target = Decimal(str(question.answer))
        tolerance = Decimal(str(question.tolerance or 0))
    except InvalidOperation:
        return unreadable(question, answer)
    if reading is None:
        verdict: Verdict = "wrong"
        notes.append("grading.note.no_number" if text.strip() else "grading.note.empty")
    else:
        value = -reading.value if reading.negative else reading.value
        # Beyond 10^50 no report figure lies; comparing such values could overflow Decimal.
        sane = value.is_finite() and abs(value.adjusted()) <= 50
        gap = abs(value - target) if sane else Decimal("Infinity")
        if gap == 0:
            verdict = "correct"
        elif gap <= tolerance:
            verdict = "close"
            notes.append("grading.note.within_tolerance")
        else:
            verdict = "wrong"
            notes.append("grading.note.number_differs")
        if verdict != "wrong":
            if question.approx and not reading.approx:
                verdict = "close"
                notes.append("grading.note.approx_missing")
            if question.unit and question.unit != "%" and not reading.unit:
                notes.append("grading.note.unit_omitted")
    diff = align(canonical(expected_text), canonical(text)) if text.strip() else ()
    score = {"correct": 1.0, "close": 0.9}.get(verdict, 0.0)
    return Grade(
        verdict=verdict,
        score=score,
        expected_text=expected_text,
        given_text=given_text(text),
        diff=display_runs(diff),
        notes=tuple(notes),
    )


def _the_number(question: NumberQuestion, text: str) -> NumberReading | None:
    """The number the learner gives as the answer: the first one that is not merely repeated
    from the prompt (``2021年开行2002班`` answers with 2002 when the prompt says 2021年)."""
    readings = parse_numbers(text)
    if not readings:
        return None
    in_prompt = {reading.value for reading in parse_numbers(question.prompt)}
    fresh = [reading for reading in readings if reading.value not in in_prompt]
    return (fresh or readings)[0]
