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
    as_text,
    clamp_to_verdict,
    given_text,
    length_cap,
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
    """The best match over ``answer`` and ``accept``; words of the prompt repeated around the
    answer (弘扬了伟大建党精神 for “弘扬了什么精神？”) are not extra words."""
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


# --------------------------------------------------------------------------- choice


_CHOICE_PREFIX = re.compile(r"^(?:答案|选项|我选|选择|选|answer)?\s*(?:是|为|:)?\s*", re.I)
_CHOICE_SEPARATORS = re.compile(r"[\s,、;/和与及+&]+")
# Words around the letters that say nothing about the choice: （A）, A选项, 选A吧, 答案是A。
_CHOICE_WORDS = re.compile(r"选项|答案|我选|选择|应选|选|是|为|吧|呢|啊|项|[()\[\]【】:.。!]", re.I)
_LETTER_AND_TEXT = re.compile(r"^([A-Ha-h])\s*[.、:)]\s*\S")
# A letter that starts an option written out: "A.存史 C.资政", "（B）专门协商机构".
_LETTER_MARK = re.compile(r"(?:^|(?<=[\s,、;]))[(\[【]?([A-Ha-h])\s*(?:[.、:)\]】]|选项)")


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
    letters = _CHOICE_WORDS.sub("", _CHOICE_SEPARATORS.sub("", text)).upper()
    if letters and all(ch in valid for ch in letters):
        return {valid.index(ch) for ch in letters}
    marks = [m.group(1).upper() for m in _LETTER_MARK.finditer(text)]
    if marks and _LETTER_MARK.match(text) and all(ch in valid for ch in marks):
        return {valid.index(ch) for ch in marks}
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


TRUE_TEXT = "√"
FALSE_TEXT = "×"
"""The expected answer of a true/false question as the grade carries it: a mark any
language reads. Front ends word it (对/错, true/false) with ``grading.true``/``grading.false``."""


def grade_truefalse(question: TrueFalseQuestion, answer: str | Sequence[str]) -> Grade:
    """对/错, √/×, 是/否, 正确/错误, T/F, true/false, Y/N, 1/2 (the plain-mode keys), also
    followed by a reason (错，是第十四届)."""
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


_TF_REASON_SPLIT = re.compile(r"[,，、;；:：。.!！\s]+")


def read_truefalse(text: str) -> bool | None:
    """Read 对/错, √/×, 是/否, 正确/错误, T/F, true/false, Y/N, 1/2 (any case or width), alone
    or before a reason (``错，是第十四届``, ``对的，报告原文如此``).

    Returns:
        True, False, or None when the text is neither.
    """
    cleaned = clean(text, 100).casefold().strip()
    value = _truefalse_word(cleaned)
    if value is None:
        head = _TF_REASON_SPLIT.split(cleaned, maxsplit=1)[0]
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
    for each in readings:
        value = _signed(each)
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
    # The word after a figure is shown only when it is a unit (次, 周年, %), not 或 of 4100或4000.
    shown_unit = reading.unit if reading.unit and _is_unit(reading.unit, unit) else ""
    return f"{before}{sign}{format_decimal(reading.value)}{percent}{after}{shown_unit}"


def _is_unit(word: str, expected_unit: str) -> bool:
    from trainer.core.grading.normalize import MEASURE_WORDS

    return word == expected_unit or word == "%" or all(ch in MEASURE_WORDS for ch in word)


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
