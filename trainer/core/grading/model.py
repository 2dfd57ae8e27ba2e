"""The result of checking an answer: :class:`Grade`, :class:`PartResult`, the diff as text.

Data and message keys only: the front ends word them (``trainer.cli.grading_feedback`` for
plain text, ``trainer.ui.widgets.feedback`` on screen).

Also the small helpers the per-type graders share (the answer as text, the given text cut for
display, keeping a score inside its verdict's band). Re-exported by :mod:`trainer.core.grading`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.core.grading.text import VERDICT_RANK, DiffOp, Verdict

VERDICTS: tuple[Verdict, ...] = ("correct", "close", "partial", "wrong")
MAX_GIVEN_CHARS = 2_000
"""``Grade.given_text`` keeps at most this many characters of the answer."""
EXTRA_ITEM_WEIGHT = 0.5
"""How much an extra (or repeated) list item weighs against an accepted one: the list score
is recall × precision, precision = accepted / (accepted + 0.5 × extra). Listing five right
items and five invented ones scores 0.67, listing everything one can think of scores less
than listing what one knows."""


LENIENT_NOTES = frozenset(
    {
        "grading.note.homophone",
        "grading.note.numeral_form",
        "grading.note.filler_dropped",
        "grading.note.filler_added",
        "grading.note.alternative",
        "grading.note.within_tolerance",
    }
)
"""Notes that say a rule forgave something. On a ``wrong`` answer no rule changed the
verdict, so they would only mislead (有同音字…按基本正确计 under 郑州市人民政府)."""


def truthful_notes(verdict: str, notes: tuple[str, ...]) -> tuple[str, ...]:
    """``notes`` without repeats, and without forgiving notes on a wrong answer."""
    kept = dict.fromkeys(notes)
    if verdict == "wrong":
        return tuple(n for n in kept if n not in LENIENT_NOTES)
    return tuple(kept)


class GradingError(Exception):
    """An answer could not be graded (a fault of the checker or of the question, never of
    the learner). Callers record nothing and let the learner answer again."""


LONG_ANSWER_RATIO = 3
"""An answer this many times longer than the expected one (and 12+ characters longer) is a
hedge or a paste: it cannot score above ``partial``."""
DUMP_RATIO = 10
"""An answer this many times longer (and over 100 characters) is a dump: ``wrong``."""


def length_cap(expected_chars: int, given_chars: int) -> Verdict | None:
    """The best verdict an answer of ``given_chars`` may get for ``expected_chars`` expected
    (canonical lengths), or None when its length does not limit it."""
    expected_chars = max(1, expected_chars)
    if given_chars > DUMP_RATIO * expected_chars and given_chars > 100:
        return "wrong"
    if given_chars > LONG_ANSWER_RATIO * expected_chars and given_chars - expected_chars > 12:
        return "partial"
    return None


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", truthful_notes(self.verdict, self.notes))

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
            verdict=parse_verdict(data.get("verdict")),
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
    order: tuple[int, ...] = ()
    """Order questions: the expected indexes of the items in the order the learner wrote
    them (shown beside the right order); empty for other types."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", truthful_notes(self.verdict, self.notes))

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
            "order": list(self.order),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grade:
        """The grade from :meth:`to_dict` output.

        Raises:
            KeyError, TypeError, ValueError: the data is not a grade.
        """
        return cls(
            verdict=parse_verdict(data["verdict"]),
            score=float(data["score"]),
            expected_text=str(data.get("expected_text", "")),
            given_text=str(data.get("given_text", "")),
            diff=tuple(DiffOp.from_dict(op) for op in data.get("diff", ())),
            parts=tuple(PartResult.from_dict(p) for p in data.get("parts", ())),
            extra=tuple(str(x) for x in data.get("extra", ())),
            notes=tuple(str(n) for n in data.get("notes", ())),
            order=tuple(int(i) for i in data.get("order", ())),
        )


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


def parse_verdict(value: object) -> Verdict:
    """``value`` as a verdict.

    Raises:
        ValueError: it is not one of correct, close, partial, wrong.
    """
    if value in VERDICT_RANK:
        return value  # type: ignore[return-value]
    raise ValueError(f"not a verdict: {value!r}")


def given_text(answer: str | Sequence[str], joiner: str = "；") -> str:
    """The answer as shown back to the learner: entries joined, cut when very long."""
    text = answer if isinstance(answer, str) else joiner.join(answer)
    if len(text) > MAX_GIVEN_CHARS:
        return text[:MAX_GIVEN_CHARS] + "…"
    return text


def truncation_notes(answer: str | Sequence[str]) -> tuple[str, ...]:
    """``grading.note.truncated`` when the answer was too long to check in full."""
    from trainer.core.grading.split import MAX_ANSWER_CHARS

    total = len(answer) if isinstance(answer, str) else sum(len(a) for a in answer)
    return ("grading.note.truncated",) if total > MAX_ANSWER_CHARS else ()


def as_text(answer: str | Sequence[str]) -> str:
    """The answer as one string (entries on separate lines)."""
    return answer if isinstance(answer, str) else "\n".join(answer)


def clamp_to_verdict(verdict: Verdict, score: float) -> float:
    """A score inside the band of its verdict, so that score and verdict never disagree."""
    score = max(0.0, min(1.0, score))
    if verdict == "correct":
        return 1.0
    if verdict == "close":
        return max(0.8, min(score, 0.99))
    if verdict == "partial":
        return min(score, 0.79)
    return min(score, 0.29)
