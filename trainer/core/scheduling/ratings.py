"""Turning a graded answer into an FSRS rating (Again/Hard/Good/Easy)."""

from __future__ import annotations

from typing import Any

from fsrs import Rating

from trainer.core.qtypes.registry import TYPES

FAST_BASE_MS = 2000
FAST_PER_CHAR_MS = 250
"""An answer is *fast* if it took less than FAST_BASE_MS + FAST_PER_CHAR_MS per expected char."""

RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def fast_threshold_ms(answer_length: int) -> int:
    """How quickly an answer of this length must come to count as *fast* (earns Easy).

    Args:
        answer_length: characters of the expected answer.

    Returns:
        ``2000 + 250 * answer_length`` milliseconds.
    """
    return FAST_BASE_MS + FAST_PER_CHAR_MS * max(0, answer_length)


def rating_from_grade(
    verdict: str,
    *,
    hint_used: bool = False,
    duration_ms: int | None = None,
    answer_length: int = 0,
) -> Rating:
    """The FSRS rating suggested for a graded answer.

    * wrong → Again
    * partial, or close with a hint → Hard
    * correct with a hint → Hard (a hint caps the rating at Hard)
    * correct or close → Good
    * correct, no hint, and fast for its length (see :func:`fast_threshold_ms`) → Easy

    Args:
        verdict: ``correct``, ``close``, ``partial`` or ``wrong``.
        hint_used: the learner looked at the hint.
        duration_ms: time from showing the question to submitting; None means unknown (never
            Easy).
        answer_length: characters of the expected answer.

    Returns:
        The suggested rating.

    Raises:
        ValueError: an unknown verdict.
    """
    if verdict == "wrong":
        return Rating.Again
    if verdict == "partial":
        return Rating.Hard
    if verdict not in {"correct", "close"}:
        raise ValueError(f"unknown verdict {verdict!r}")
    if hint_used:
        return Rating.Hard
    if (
        verdict == "correct"
        and duration_ms is not None
        and 0 <= duration_ms < fast_threshold_ms(answer_length)
    ):
        return Rating.Easy
    return Rating.Good


def to_rating(value: int | Rating) -> Rating:
    """A rating from its number 1–4.

    Raises:
        ValueError: not 1, 2, 3 or 4.
    """
    try:
        return Rating(int(value))
    except (ValueError, TypeError):
        raise ValueError(f"rating must be 1, 2, 3 or 4, not {value!r}") from None


def expected_text(question: Any) -> str:
    """The expected answer of a question as one string (for its length and for display)."""
    kind = TYPES.get(getattr(question, "type", ""))
    return kind.expected_text(question) if kind is not None else ""


def expected_length(question: Any) -> int:
    """Characters of the expected answer (choice and true/false count as one)."""
    kind = TYPES.get(getattr(question, "type", ""))
    return kind.expected_length(question) if kind is not None else 0


def rating_name(rating: int) -> str:
    """``again``, ``hard``, ``good`` or ``easy``."""
    return RATING_NAMES.get(int(rating), str(rating))
