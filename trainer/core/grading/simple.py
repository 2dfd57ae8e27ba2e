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
    GradingError,
    length_cap,
    as_text,
    clamp_to_verdict,
    given_text,
    truncation_notes,
)
from trainer.core.grading.normalize import (
    NumberReading,
    canonical,
    clean,
    format_decimal,
    parse_numbers,
)
from trainer.core.grading.text import VERDICT_RANK, DiffOp, Verdict, best_match, compare

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
    """Every number of the answer that is not repeated from the prompt, in any notation.

    One figure equal to the answer → correct (within ``tolerance`` → close); the right figure
    among others (``4100或4000``) is a hedge → partial, among three or more (a list of every
    figure of the report) → wrong. The approximator counts: ``近100`` (fewer) is not
    ``100余`` (more); a bare ``100`` for ``100余`` is close.
    """
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
    for reading in readings:
        value = _signed(reading)
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
    before = {"less": "近", "about": "约"}.get(reading.approx_kind, "")
    after = "余" if reading.approx_kind == "more" else ""
    sign = "-" if reading.negative else ""
    percent = "%" if reading.percent and unit != "%" else ""
    return f"{before}{sign}{format_decimal(reading.value)}{percent}{after}{reading.unit or ''}"


def _figure_diff(question: NumberQuestion, reading: NumberReading | None) -> tuple[DiffOp, ...]:
    """The expected figure against the figure read from the answer, whole figures only (a
    character diff of ``2021年开行2002班`` against ``2002班`` would cut through the digits)."""
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
    readings = parse_numbers(text)
    if not readings:
        return []
    in_prompt = {reading.value for reading in parse_numbers(question.prompt)}
    fresh = [reading for reading in readings if reading.value not in in_prompt]
    return fresh or readings[:1]
