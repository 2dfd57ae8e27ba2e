"""Moving a card by answers: one answer (:func:`answer`) or a question's whole log
(:func:`replay`). Pure functions of the card, the answers and the scheduler: the store reads the
log and writes the result, and nothing here touches it.

The rule "a failed review is a lapse" (what counts towards a leech) lives here only:
:func:`is_lapse`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

from trainer.core.scheduling.memory import new_card


def is_lapse(state: State | int | None, rating: Rating | int) -> bool:
    """An answer rated "again" to a card in the review state (learnt, then forgotten) is a
    lapse; answers to new or learning cards are not."""
    return state is not None and int(state) == State.Review.value and int(rating) == Rating.Again


@dataclass(frozen=True)
class LoggedAnswer:
    """One answer of a question's log as the replay needs it."""

    reviewed_at: datetime
    rating: int
    scheduled: bool = True
    """The answer moves the card (``cram`` answers are only logged)."""


@dataclass
class Replayed:
    """A card after its answers, with the counts the store keeps beside it."""

    card: Card | None
    """None when no answer moved it (the question is then still new)."""
    reps: int
    lapses: int
    cards_before: list[Card | None] = field(default_factory=list)
    """The card before each replayed answer, in order (None before the first one)."""


def answer(
    card: Card | None,
    rating: Rating | int,
    at: datetime,
    scheduler: Scheduler,
    *,
    bank_id: str,
    question_id: str,
    duration_ms: int | None = None,
) -> tuple[Card, bool]:
    """The card after one answer, and whether that answer was a lapse.

    Args:
        card: the card before (None: the question was never answered).
        rating: the FSRS rating 1–4.
        at: the instant of the answer.
        scheduler: the learner's scheduler.
        bank_id: the question's bank (a new card's id derives from it).
        question_id: the question's id.
        duration_ms: time taken to answer.
    """
    current = card if card is not None else new_card(bank_id, question_id, at)
    lapsed = is_lapse(current.state, rating)
    after, _ = scheduler.review_card(current, Rating(int(rating)), at, duration_ms)
    return after, lapsed


def replay(
    card: Card | None,
    answers: Iterable[LoggedAnswer],
    scheduler: Scheduler,
    *,
    bank_id: str,
    question_id: str,
    reps: int = 0,
    lapses: int = 0,
) -> Replayed:
    """Replay answers in the order given on top of ``card``.

    Args:
        card: the card before the first answer (None: from a new question).
        answers: the answers, oldest first (the store orders equal instants by uid).
        scheduler: the learner's scheduler (without fuzz, so every device agrees).
        bank_id: the question's bank.
        question_id: the question's id.
        reps: answers that moved the card before these.
        lapses: lapses before these.

    Returns:
        The card after the last answer, the counts, and the card before each answer.
    """
    result = Replayed(card, reps, lapses)
    for logged in answers:
        result.cards_before.append(result.card)
        if not logged.scheduled:
            continue
        result.card, lapsed = answer(
            result.card,
            logged.rating,
            logged.reviewed_at,
            scheduler,
            bank_id=bank_id,
            question_id=question_id,
        )
        result.reps += 1
        result.lapses += lapsed
    return result


def counts_before(answers: Iterable[tuple[int | None, int, bool]]) -> tuple[int, int]:
    """``(reps, lapses)`` of answers already applied, from ``(state of the card before, rating,
    scheduled)`` of each."""
    reps = lapses = 0
    for state, rating, scheduled in answers:
        if scheduled:
            reps += 1
            lapses += is_lapse(state, rating)
    return reps, lapses
