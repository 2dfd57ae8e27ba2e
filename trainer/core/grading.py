"""Answer checking: ``grade(question, answer) -> Grade``.

Strict on wording, tolerant of typing. A changed content character (党→政府, 监督→管理) is a
different formulation and so ``wrong``; a homophone slip (领导/领到), a dropped filler
(必须, 切实, 坚持 …), other punctuation or another way of writing a number is accepted as
``close`` or ``correct``. ``partial`` is half a formulation or some of the items. See
docs/grading.md for the rules with examples.

Importing this module is cheap: pypinyin and cn2an are imported on first use, or by
:func:`warm_up` in a background thread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from trainer.core.bank import (
    BLANK_PATTERN,
    LETTERS,
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from trainer.core.grading_text import (
    VERDICT_RANK,
    DiffOp,
    TextMatch,
    Verdict,
    align,
    best_match,
    compare,
    display_runs,
)
from trainer.core.normalize import (
    NumberReading,
    canonical,
    clean,
    format_decimal,
    parse_numbers,
)

__all__ = [
    "DiffOp",
    "Grade",
    "PartResult",
    "Verdict",
    "VERDICTS",
    "grade",
    "render_diff",
    "warm_up",
]

VERDICTS: tuple[Verdict, ...] = ("correct", "close", "partial", "wrong")
MAX_GIVEN_CHARS = 2_000
"""``Grade.given_text`` keeps at most this many characters of the answer."""
EXTRA_ITEM_WEIGHT = 0.5
"""How much an extra (or repeated) list item weighs against an accepted one: the list score
is recall × precision, precision = accepted / (accepted + 0.5 × extra). Listing five right
items and five invented ones scores 0.67, listing everything one can think of scores less
than listing what one knows."""


@dataclass(frozen=True)
class PartResult:
    """One blank of a cloze, or one expected item of a list or order question.

    Attributes:
        expected: the expected wording (the alternative that matched best, else the first).
        given: what the learner wrote for it ('' if missed).
        verdict: correct / close / partial / wrong.
        score: in [0, 1].
        diff: the character diff, expected vs given.
        notes: message keys (``grading.note.*``).
    """

    expected: str
    given: str
    verdict: Verdict
    score: float
    diff: tuple[DiffOp, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def matched(self) -> bool:
        """Whether the learner gave something for this part that was accepted."""
        return self.verdict in ("correct", "close")

    def to_dict(self) -> dict[str, Any]:
        """The part as JSON-compatible data."""
        return {
            "expected": self.expected,
            "given": self.given,
            "verdict": self.verdict,
            "score": self.score,
            "diff": [op.to_dict() for op in self.diff],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PartResult:
        """The part from :meth:`to_dict` output."""
        return cls(
            expected=str(data.get("expected", "")),
            given=str(data.get("given", "")),
            verdict=_verdict(data.get("verdict")),
            score=float(data.get("score", 0.0)),
            diff=tuple(DiffOp.from_dict(op) for op in data.get("diff", ())),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )


@dataclass(frozen=True)
class Grade:
    """The result of checking one answer.

    Attributes:
        verdict: ``correct`` (exact), ``close`` (accepted, not exact — see the diff),
            ``partial`` (half a formulation, some items) or ``wrong``.
        score: in [0, 1].
        expected_text: the expected answer as shown to the learner.
        given_text: the learner's answer as received (cut if very long).
        diff: the whole-answer diff (short, number, truefalse, choice); empty for list, order
            and cloze, whose diffs are in ``parts``.
        parts: one result per blank / expected item.
        extra: list items the learner gave that matched nothing.
        notes: message keys explaining leniency or strictness.
    """

    verdict: Verdict
    score: float
    expected_text: str
    given_text: str
    diff: tuple[DiffOp, ...] = ()
    parts: tuple[PartResult, ...] = ()
    extra: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def remembered(self) -> bool:
        """Whether the answer counts as remembered for scheduling (correct or close)."""
        return self.verdict in ("correct", "close")

    def to_dict(self) -> dict[str, Any]:
        """The grade as JSON-compatible data (``from_dict`` reads it back)."""
        return {
            "verdict": self.verdict,
            "score": self.score,
            "expected_text": self.expected_text,
            "given_text": self.given_text,
            "diff": [op.to_dict() for op in self.diff],
            "parts": [part.to_dict() for part in self.parts],
            "extra": list(self.extra),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grade:
        """The grade from :meth:`to_dict` output.

        Raises:
            KeyError, TypeError, ValueError: the data is not a grade.
        """
        return cls(
            verdict=_verdict(data["verdict"]),
            score=float(data["score"]),
            expected_text=str(data.get("expected_text", "")),
            given_text=str(data.get("given_text", "")),
            diff=tuple(DiffOp.from_dict(op) for op in data.get("diff", ())),
            parts=tuple(PartResult.from_dict(p) for p in data.get("parts", ())),
            extra=tuple(str(x) for x in data.get("extra", ())),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )

    def feedback_text(self, language: str | None = None) -> str:
        """Plain-text feedback: verdict and score, expected and given answers, the diff marked
        ``[-missing-] {+extra+} ~expected→homophone~``, each part, extra items and notes.

        Args:
            language: ``zh`` or ``en``; the current language when None.

        Returns:
            Several lines of text, no trailing newline.
        """
        from trainer.i18n import t

        lines = [
            t(
                "grading.feedback.verdict",
                language,
                verdict=t(f"grading.verdict.{self.verdict}", language),
                score=f"{self.score:.2f}",
            ),
            t("grading.feedback.expected", language, text=self.expected_text),
            t("grading.feedback.given", language, text=self.given_text or "—"),
        ]
        if self.diff and self.verdict != "correct":
            lines.append(t("grading.feedback.diff", language, text=render_diff(self.diff)))
        if self.parts:
            lines.append(t("grading.feedback.parts", language))
            for number, part in enumerate(self.parts, start=1):
                shown = render_diff(part.diff) if part.diff and part.given else part.expected
                line = t(
                    "grading.feedback.part",
                    language,
                    mark=_MARKS[part.verdict],
                    n=number,
                    text=shown,
                    verdict=t(f"grading.verdict.{part.verdict}", language),
                )
                if not part.given:
                    line += t("grading.feedback.part_missed", language)
                lines.append(line)
        if self.extra:
            lines.append(t("grading.feedback.extra", language, items="；".join(self.extra)))
        notes = list(dict.fromkeys(self.notes))
        for key in notes:
            lines.append("· " + t(key, language))
        return "\n".join(lines)


_MARKS = {"correct": "✓", "close": "≈", "partial": "◐", "wrong": "✗"}


def render_diff(diff: Sequence[DiffOp]) -> str:
    """The diff as marked-up plain text.

    Returns:
        Equal text as is, ``[-missing-]``, ``{+extra+}``, ``[-old-]{+new+}`` for a replaced
        run and ``~expected→given~`` for a homophone.
    """
    out: list[str] = []
    for op in diff:
        if op.kind == "equal":
            out.append(op.expected)
        elif op.kind == "missing":
            out.append(f"[-{op.expected}-]")
        elif op.kind == "extra":
            out.append(f"{{+{op.given}+}}")
        elif op.kind == "replaced":
            out.append(f"[-{op.expected}-]{{+{op.given}+}}")
        else:
            out.append(f"~{op.expected}→{op.given}~")
    return "".join(out)


def _verdict(value: object) -> Verdict:
    if value in VERDICT_RANK:
        return value  # type: ignore[return-value]
    raise ValueError(f"not a verdict: {value!r}")


# --------------------------------------------------------------------------- entry points


def grade(question: AnyQuestion, answer: str | Sequence[str]) -> Grade:
    """Check one answer.

    Args:
        question: any question of a bank.
        answer: the learner's answer: one string, or one entry per blank (cloze) or item
            (list, order). Anything else is read as text.

    Returns:
        The grade. Never raises; time is bounded (long answers are cut, at most 200 parts).
    """
    answer = _coerce_answer(answer)
    try:
        handler = next((_HANDLERS[k] for k in type(question).__mro__ if k in _HANDLERS), None)
        if handler is None:
            return _unreadable(question, answer)
        return handler(question, answer)
    except Exception:  # noqa: BLE001 - the checker must answer, whatever it is given
        return _unreadable(question, answer)


def warm_up() -> None:
    """Import pypinyin and cn2an and fill their caches (~0.5 s).

    The app calls this in a background thread at start-up so that the first answer is
    graded instantly; it is safe to call more than once and from any thread.
    """
    from trainer.core import grading_text, normalize

    normalize.warm_up()
    grading_text.warm_up()


def _coerce_answer(answer: object) -> str | list[str]:
    if isinstance(answer, str):
        return answer
    if isinstance(answer, bytes):
        return answer.decode("utf-8", "replace")
    if isinstance(answer, Sequence):
        return ["" if item is None else str(item) for item in list(answer)[:400]]
    return "" if answer is None else str(answer)


def _given_text(answer: str | Sequence[str], joiner: str = "；") -> str:
    text = answer if isinstance(answer, str) else joiner.join(answer)
    if len(text) > MAX_GIVEN_CHARS:
        return text[:MAX_GIVEN_CHARS] + "…"
    return text


def _truncation_notes(answer: str | Sequence[str]) -> tuple[str, ...]:
    from trainer.core.grading_split import MAX_ANSWER_CHARS

    total = len(answer) if isinstance(answer, str) else sum(len(a) for a in answer)
    return ("grading.note.truncated",) if total > MAX_ANSWER_CHARS else ()


def _unreadable(question: AnyQuestion, answer: str | Sequence[str]) -> Grade:
    return Grade(
        verdict="wrong",
        score=0.0,
        expected_text=getattr(question, "prompt", ""),
        given_text=_given_text(answer),
        notes=("grading.note.unreadable",),
    )


def _as_text(answer: str | Sequence[str]) -> str:
    return answer if isinstance(answer, str) else "\n".join(answer)


# --------------------------------------------------------------------------- short


def _grade_short(question: ShortQuestion, answer: str | Sequence[str]) -> Grade:
    text = _as_text(answer)
    index, match = best_match(question.answers, text)
    notes = list(match.notes)
    if index > 0 and match.verdict in ("correct", "close"):
        notes.append("grading.note.alternative")
    return Grade(
        verdict=match.verdict,
        score=match.score,
        expected_text=question.answers[index] if index else question.answer,
        given_text=_given_text(text),
        diff=match.diff,
        notes=tuple(notes) + _truncation_notes(text),
    )


# --------------------------------------------------------------------------- cloze


def _grade_cloze(question: ClozeQuestion, answer: str | Sequence[str]) -> Grade:
    from trainer.core.grading_split import split_blanks

    blanks = question.blanks or tuple(
        tuple(a.strip() for a in m.group(1).split("|") if a.strip()) or ("",)
        for m in BLANK_PATTERN.finditer(question.text)
    )
    literals = [s for s in BLANK_PATTERN.split(question.text)[::2]]
    given = split_blanks(answer, blanks, literals)
    parts: list[PartResult] = []
    for alternatives, piece in zip(blanks, given, strict=True):
        alternatives = alternatives or ("",)
        index, match = best_match(alternatives, piece, allow_fillers=False)
        parts.append(_part(alternatives[index], piece, match))
    score = sum(_credit(p) for p in parts) / len(parts) if parts else 0.0
    filled = iter(alts[0] if alts else "" for alts in blanks)
    expected_text = BLANK_PATTERN.sub(lambda _m: next(filled), question.text)
    notes = _part_notes(parts) + _truncation_notes(answer)
    return Grade(
        verdict=_combined_verdict(parts, score, extra=0),
        score=round(score, 4),
        expected_text=expected_text,
        given_text=_given_text(answer, " | "),
        parts=tuple(parts),
        notes=notes,
    )


def _part(expected: str, given: str, match: TextMatch) -> PartResult:
    return PartResult(
        expected=expected,
        given=given,
        verdict=match.verdict,
        score=match.score,
        diff=match.diff,
        notes=match.notes,
    )


def _credit(part: PartResult) -> float:
    """What a part adds to the whole: a wrong blank or item adds nothing."""
    return 0.0 if part.verdict == "wrong" else part.score


def _part_notes(parts: Sequence[PartResult]) -> tuple[str, ...]:
    keys = [n for p in parts if p.given for n in p.notes if n != "grading.note.empty"]
    return tuple(dict.fromkeys(keys))


def _combined_verdict(parts: Sequence[PartResult], score: float, extra: int) -> Verdict:
    if parts and all(p.verdict == "correct" for p in parts) and not extra:
        return "correct"
    if parts and all(p.verdict in ("correct", "close") for p in parts) and not extra:
        return "close"
    if any(p.verdict != "wrong" for p in parts):
        return "partial"
    return "wrong"


def _clamp_to_verdict(verdict: Verdict, score: float) -> float:
    """A score inside the band of its verdict, so that score and verdict never disagree."""
    score = max(0.0, min(1.0, score))
    if verdict == "correct":
        return 1.0
    if verdict == "close":
        return max(0.8, min(score, 0.99))
    if verdict == "partial":
        return min(score, 0.79)
    return min(score, 0.29)


# --------------------------------------------------------------------------- list / order


def _grade_list(question: ListQuestion, answer: str | Sequence[str]) -> Grade:
    from trainer.core.grading_split import assign

    assignment = assign(answer, question.items)
    parts: list[PartResult] = []
    for item, segment in enumerate(assignment.matched):
        alternatives = question.items[item]
        if segment is None:
            parts.append(_missed(alternatives[0]))
            continue
        index, match = best_match(alternatives, segment.text)
        parts.append(_part(alternatives[index], segment.text, match))
    notes = list(_part_notes(parts))
    if question.ordered:
        parts, misplaced = _mark_misplaced(parts, assignment.order)
        if misplaced:
            notes.append("grading.note.order_wrong")
    extra = len(assignment.extra)
    if extra:
        notes.append("grading.note.extra_items")
    if assignment.duplicates:
        notes.append("grading.note.duplicate")
    count = max(1, len(parts))
    accepted = sum(1 for p in parts if p.verdict != "wrong")
    precision = accepted / (accepted + EXTRA_ITEM_WEIGHT * extra) if accepted else 0.0
    raw = sum(_credit(p) for p in parts) / count * precision
    verdict = _combined_verdict(parts, raw, extra)
    return Grade(
        verdict=verdict,
        score=round(_clamp_to_verdict(verdict, raw), 4),
        expected_text="；".join(alts[0] for alts in question.items),
        given_text=_given_text(answer),
        parts=tuple(parts),
        extra=assignment.extra,
        notes=tuple(dict.fromkeys(notes)) + _truncation_notes(answer),
    )


def _missed(expected: str) -> PartResult:
    diff = (DiffOp("missing", canonical(expected), ""),)
    return PartResult(expected, "", "wrong", 0.0, diff, ("grading.note.missed",))


def _mark_misplaced(
    parts: list[PartResult], order: tuple[int, ...]
) -> tuple[list[PartResult], int]:
    """Halve the score of matched items that break the expected order (those outside the
    longest run of items written in increasing order)."""
    keep = set(_longest_increasing(order))
    misplaced = 0
    result = list(parts)
    for item in order:
        if item in keep:
            continue
        misplaced += 1
        part = result[item]
        verdict: Verdict = "partial" if part.verdict != "wrong" else "wrong"
        result[item] = PartResult(
            part.expected,
            part.given,
            verdict,
            round(part.score / 2, 4),
            part.diff,
            (*part.notes, "grading.note.misplaced"),
        )
    return result, misplaced


def _longest_increasing(sequence: Sequence[int]) -> list[int]:
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(sequence)
    for index, value in enumerate(sequence):
        position = bisect.bisect_left(tails, value)
        if position:
            previous[index] = tail_index[position - 1]
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
    result: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        result.append(sequence[index])
        index = previous[index]
    return result[::-1]


def _grade_order(question: OrderQuestion, answer: str | Sequence[str]) -> Grade:
    from trainer.core.grading_split import assign

    expected = [(item,) for item in question.items]
    assignment = assign(answer, expected)
    position_of = {item: rank for rank, item in enumerate(assignment.order)}
    parts: list[PartResult] = []
    in_place = 0
    for item, segment in enumerate(assignment.matched):
        if segment is None:
            parts.append(_missed(question.items[item]))
            continue
        match = compare(question.items[item], segment.text)
        part = _part(question.items[item], segment.text, match)
        if position_of.get(item) != item:
            part = PartResult(
                part.expected,
                part.given,
                "wrong",
                0.0,
                part.diff,
                (*part.notes, "grading.note.misplaced"),
            )
        elif part.matched:
            in_place += 1
        parts.append(part)
    count = max(1, len(parts))
    raw = in_place / count
    notes = list(_part_notes(parts))
    if assignment.extra:
        notes.append("grading.note.extra_items")
    if in_place == count and not assignment.extra:
        verdict: Verdict = "correct" if all(p.verdict == "correct" for p in parts) else "close"
    elif in_place:
        verdict = "partial"
    else:
        verdict = "wrong"
    return Grade(
        verdict=verdict,
        score=round(_clamp_to_verdict(verdict, raw), 4),
        expected_text=" → ".join(question.items),
        given_text=_given_text(answer, " → "),
        parts=tuple(parts),
        extra=assignment.extra,
        notes=tuple(dict.fromkeys(notes)) + _truncation_notes(answer),
    )


# --------------------------------------------------------------------------- choice


_CHOICE_PREFIX = re.compile(r"^(?:答案|选项|我选|选择|选|answer)?\s*(?:是|为|:)?\s*", re.I)
_CHOICE_SEPARATORS = re.compile(r"[\s,、;/和与及+&]+")
_LETTER_AND_TEXT = re.compile(r"^([A-Ha-h])\s*[.、:)]\s*\S")


def _grade_choice(question: ChoiceQuestion, answer: str | Sequence[str]) -> Grade:
    chosen = _chosen_options(question, answer)
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
        score = _clamp_to_verdict("partial", len(chosen) / len(correct) * 0.79)
        notes.append("grading.note.options_missing")
    else:
        verdict, score = "wrong", 0.0
    return Grade(
        verdict=verdict,
        score=round(score, 4),
        expected_text=expected_text,
        given_text=_given_text(answer, ","),
        diff=diff,
        notes=tuple(notes),
    )


def _chosen_options(question: ChoiceQuestion, answer: str | Sequence[str]) -> set[int] | None:
    """The option indexes the learner chose, or None when the answer cannot be read."""
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
    from trainer.core.grading_split import assign

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
    from trainer.core.grading_text import merge_runs

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


def _grade_truefalse(question: TrueFalseQuestion, answer: str | Sequence[str]) -> Grade:
    from trainer.i18n import t

    value = read_truefalse(_as_text(answer))
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
        given_text=_given_text(answer),
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


def _grade_number(question: NumberQuestion, answer: str | Sequence[str]) -> Grade:
    text = _as_text(answer)
    reading = _the_number(question, text)
    expected_text = question.answer_text
    notes: list[str] = []
    try:
        target = Decimal(str(question.answer))
        tolerance = Decimal(str(question.tolerance or 0))
    except InvalidOperation:
        return _unreadable(question, answer)
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
        given_text=_given_text(text),
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


def number_text(value: Decimal) -> str:
    """A number as shown in feedback (no exponent, no trailing zeros)."""
    return format_decimal(value)


_HANDLERS: dict[type, Any] = {
    ShortQuestion: _grade_short,
    ClozeQuestion: _grade_cloze,
    ListQuestion: _grade_list,
    OrderQuestion: _grade_order,
    ChoiceQuestion: _grade_choice,
    TrueFalseQuestion: _grade_truefalse,
    NumberQuestion: _grade_number,
}
