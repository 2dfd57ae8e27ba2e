"""The FSRS-6 memory model as the trainer uses it: constants, the scheduler, retrievability.

Scheduling uses the ``fsrs`` package (the scheduler Anki ships); this module only builds it from
the learner's settings (and fitted parameters, :mod:`trainer.core.scheduling.fitting`) and
evaluates its forgetting curve on the store's plain columns.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from fsrs import Card, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
DEFAULT_MAXIMUM_INTERVAL_DAYS = 36500
DEFAULT_NEW_PER_DAY = 20
LEECH_LAPSES = 6
"""A question failed (lapsed from Review) this many times is a leech: flagged, never suspended."""

LEARN_AHEAD = timedelta(minutes=20)
"""At the end of a session, learning steps due within this window are shown early."""

LEARNING_STEPS: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
"""Same-day steps of a new question (Anki's). Kept because the simulation shows they pay:
see docs/scheduling.md, "Learning steps"."""

RELEARNING_STEPS: tuple[timedelta, ...] = (timedelta(minutes=10),)
"""Same-day step after a lapse (Anki's)."""

DECAY = -DEFAULT_PARAMETERS[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
SECONDS_PER_DAY = 86400.0


class CardLike(Protocol):
    """The plain columns of a stored card that the queue needs (``store.CardRow``)."""

    due: float
    state: int
    stability: float | None
    last_review: float | None
    lapses: int


def make_scheduler(
    desired_retention: float = DEFAULT_RETENTION,
    maximum_interval_days: int = DEFAULT_MAXIMUM_INTERVAL_DAYS,
    *,
    enable_fuzzing: bool = True,
    parameters: Sequence[float] | None = None,
    learning_steps: Sequence[timedelta] = LEARNING_STEPS,
    relearning_steps: Sequence[timedelta] = RELEARNING_STEPS,
) -> Scheduler:
    """The FSRS-6 scheduler (default or fitted parameters) with the trainer's learning steps.

    Args:
        desired_retention: target probability of recall at the due time (0.70–0.97).
        maximum_interval_days: no review is scheduled further away than this.
        enable_fuzzing: spread intervals a little so cards learnt together drift apart (on in
            real use, off in tests for determinism).
        parameters: the 21 FSRS-6 weights (None: the package's defaults).
        learning_steps: same-day steps of a new question.
        relearning_steps: same-day steps after a lapse.

    Returns:
        A scheduler.

    Raises:
        ValueError: retention, maximum interval or parameters out of range.
    """
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise ValueError(
            f"desired retention must be between {MIN_RETENTION} and {MAX_RETENTION}, "
            f"not {desired_retention}"
        )
    if maximum_interval_days < 1:
        raise ValueError(f"maximum interval must be at least 1 day, not {maximum_interval_days}")
    return Scheduler(
        parameters=tuple(parameters) if parameters is not None else DEFAULT_PARAMETERS,
        desired_retention=desired_retention,
        learning_steps=tuple(learning_steps),
        relearning_steps=tuple(relearning_steps),
        maximum_interval=int(maximum_interval_days),
        enable_fuzzing=enable_fuzzing,
    )


def decay_of(parameters: Sequence[float] | None) -> float:
    """The forgetting curve's exponent (negative) of a parameter set (None: defaults)."""
    weights = parameters if parameters is not None else DEFAULT_PARAMETERS
    return -float(weights[20])


def recall_after(days: float, stability: float, decay: float = DECAY) -> float:
    """FSRS-6 probability of recall ``days`` after the last review: ``(1 + F·t/S) ** decay``.

    ``F`` is chosen so that recall is 0.9 when ``t == S`` (the meaning of stability).
    """
    if stability <= 0:
        return 0.0
    factor = 0.9 ** (1 / decay) - 1
    return float((1.0 + factor * max(0.0, days) / stability) ** decay)


def days_until_recall(stability: float, recall: float, decay: float = DECAY) -> float:
    """Days after the last review at which recall falls to ``recall`` (inverse of
    :func:`recall_after`)."""
    factor = 0.9 ** (1 / decay) - 1
    return stability / factor * (recall ** (1 / decay) - 1)


def card_id_for(bank_id: str, question_id: str) -> int:
    """A stable FSRS card id for a question (the same on every machine)."""
    digest = hashlib.blake2b(f"{bank_id}\x1f{question_id}".encode(), digest_size=6).digest()
    return int.from_bytes(digest, "big")


def new_card(bank_id: str, question_id: str, now: datetime) -> Card:
    """A fresh FSRS card for a question never reviewed, due now."""
    return Card(card_id=card_id_for(bank_id, question_id), due=now)


def retrievability(stability: float | None, last_review: float | None, now_ts: float) -> float:
    """FSRS-6 probability of recall now: ``(1 + FACTOR · t / S) ** DECAY``.

    Args:
        stability: the card's stability in days (None for a card never reviewed).
        last_review: UTC epoch seconds of its last review.
        now_ts: UTC epoch seconds of now.

    Returns:
        A probability in [0, 1]; 0 for a card without stability.
    """
    if not stability or last_review is None:
        return 0.0
    elapsed = max(0.0, (now_ts - last_review) / SECONDS_PER_DAY)
    return (1.0 + FACTOR * elapsed / stability) ** DECAY


def is_leech(lapses: int) -> bool:
    """A question failed this many times after being learnt is a leech."""
    return lapses >= LEECH_LAPSES


def is_learning(state: int) -> bool:
    """Learning or relearning (short steps within a day), as opposed to review."""
    return state in (State.Learning.value, State.Relearning.value)


def interval_days(card: Card) -> float:
    """Days from the card's last review to its due time (0 for a card never reviewed)."""
    if card.last_review is None:
        return 0.0
    return (card.due - card.last_review).total_seconds() / SECONDS_PER_DAY
