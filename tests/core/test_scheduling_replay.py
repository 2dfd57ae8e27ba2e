"""Replaying a question's log is a pure function: the same card as answering one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Rating, Scheduler, State

from trainer.core.scheduling import make_scheduler
from trainer.core.scheduling.replay import LoggedAnswer, answer, is_lapse, replay
from trainer.core.store import Store

START = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
# learnt, reviewed, forgotten (a lapse), relearnt, a cram answer in between
LOG = [
    (START, 3, True),
    (START + timedelta(minutes=10), 3, True),
    (START + timedelta(days=3), 4, True),
    (START + timedelta(days=20), 1, True),
    (START + timedelta(days=20, minutes=5), 1, False),
    (START + timedelta(days=20, minutes=10), 3, True),
]


def _scheduler() -> Scheduler:
    return make_scheduler(0.9, 36500, enable_fuzzing=False)


def test_a_failed_review_is_a_lapse_and_a_failed_learning_step_is_not() -> None:
    assert is_lapse(State.Review, Rating.Again)
    assert not is_lapse(State.Review, Rating.Hard)
    assert not is_lapse(State.Learning, Rating.Again)
    assert not is_lapse(State.Relearning, 1)
    assert not is_lapse(None, 1)


def test_replay_equals_answering_one_by_one_and_skips_cram() -> None:
    scheduler = _scheduler()
    result = replay(
        None,
        [LoggedAnswer(at, rating, scheduled) for at, rating, scheduled in LOG],
        scheduler,
        bank_id="b",
        question_id="q1",
    )
    card = None
    for at, rating, scheduled in LOG:
        if scheduled:
            card, _ = answer(card, rating, at, scheduler, bank_id="b", question_id="q1")
    assert result.card is not None and card is not None
    assert result.card.to_dict() == card.to_dict()
    assert (result.reps, result.lapses) == (5, 1)
    assert result.cards_before[0] is None and len(result.cards_before) == len(LOG)
    # the cram answer did not move the card: the next answer starts from the same card
    assert result.cards_before[4].to_dict() == result.cards_before[5].to_dict()


def test_the_store_keeps_what_the_replay_computes(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        for at, rating, scheduled in LOG:
            store.record_review(
                "amy",
                bank_id="b",
                question_id="q1",
                rating=rating,
                verdict="correct" if rating > 1 else "wrong",
                score=1.0 if rating > 1 else 0.0,
                mode="study" if scheduled else "cram",
                reviewed_at=at,
            )
        recorded = store.card("amy", "b", "q1")
        row = store.card_row("amy", "b", "q1")
        store.rebuild_cards("amy")
        rebuilt = store.card("amy", "b", "q1")
        expected = replay(
            None,
            [LoggedAnswer(at, rating, scheduled) for at, rating, scheduled in LOG],
            store.scheduler("amy", enable_fuzzing=False),
            bank_id="b",
            question_id="q1",
        )
    assert recorded is not None and rebuilt is not None and expected.card is not None
    assert recorded.to_dict() == rebuilt.to_dict() == expected.card.to_dict()
    assert row is not None and (row.reps, row.lapses) == (5, 1)
