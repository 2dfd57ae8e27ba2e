"""Exam-date scheduling: every question remembered on the day, tested with a fixed clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fsrs import State

from trainer.core import scheduling
from trainer.core.clock import FixedClock, to_epoch
from trainer.core.scheduling import ExamPlan, planned_due, recall_after
from trainer.core.store import SettingError, Store

DAY = 86400.0
T0 = datetime(2027, 1, 1, 8, 0, tzinfo=UTC)
EXAM = date(2027, 1, 15)
PLAN = ExamPlan(EXAM, UTC)


def test_a_review_that_would_land_after_the_exam_is_pulled_before_it_when_recall_falls_short() -> (
    None
):
    # stability 10 days, reviewed 14 days before the exam: predicted recall on the day < 0.90
    reviewed = to_epoch(T0)
    assert recall_after(14, 10.0, scheduling.DECAY) < 0.90
    normal = reviewed + 20 * DAY  # after the exam
    due = planned_due(
        PLAN, stability=10.0, reviewed_ts=reviewed, normal_due_ts=normal, decay=scheduling.DECAY
    )
    assert reviewed < due < PLAN.starts_ts
    assert due <= PLAN.starts_ts - DAY  # on the eve at the latest


def test_a_question_already_safe_on_the_day_waits_until_after_the_exam() -> None:
    reviewed = to_epoch(T0)
    normal = reviewed + 5 * DAY  # plain FSRS would review it before the exam
    due = planned_due(
        PLAN, stability=400.0, reviewed_ts=reviewed, normal_due_ts=normal, decay=scheduling.DECAY
    )
    assert due == PLAN.ends_ts  # no review the exam does not need


def test_after_the_exam_normal_scheduling_resumes() -> None:
    reviewed = PLAN.ends_ts + 3600
    normal = reviewed + 9 * DAY
    due = planned_due(
        PLAN, stability=3.0, reviewed_ts=reviewed, normal_due_ts=normal, decay=scheduling.DECAY
    )
    assert due == normal


def test_pulled_reviews_land_at_the_start_of_a_local_day() -> None:
    reviewed = to_epoch(T0)
    due = planned_due(
        PLAN, stability=5.0, reviewed_ts=reviewed, normal_due_ts=reviewed + 60 * DAY,
        decay=scheduling.DECAY,
    )  # fmt: skip
    assert (due - to_epoch(datetime(2027, 1, 1, tzinfo=UTC))) % DAY == 0


def test_new_questions_are_started_early_enough() -> None:
    now = datetime(2027, 1, 3, 9, 0, tzinfo=UTC)  # 12 days left, 10 usable
    assert scheduling.new_limit_for_exam(PLAN, now, unseen=300, base_limit=20) == 30
    assert scheduling.new_limit_for_exam(PLAN, now, unseen=50, base_limit=20) == 20
    after = datetime(2027, 1, 16, tzinfo=UTC)
    assert scheduling.new_limit_for_exam(PLAN, after, unseen=300, base_limit=20) == 20


def _review(store: Store, qid: str, rating: int, at: datetime) -> None:
    store.record_review(
        "amy", bank_id="b", question_id=qid, rating=rating, verdict="correct", score=1.0,
        reviewed_at=at,
    )  # fmt: skip


def _learn(store: Store, qid: str, clock: FixedClock) -> None:
    """New question answered Good through its steps, then reviewed on its due days."""
    _review(store, qid, 3, clock())
    _review(store, qid, 3, clock() + timedelta(minutes=10))


def test_store_schedules_for_the_exam_date_and_goes_back_when_it_is_unset() -> None:
    clock = FixedClock(T0)
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        store.set_setting("exam_date", "2027-01-15", profile="amy")
        _learn(store, "q1", clock)
        clock.advance(days=3)
        _review(store, "q1", 3, clock())
        row = store.card_row("amy", "b", "q1")
        assert row is not None and row.state == State.Review.value
        exam_start = to_epoch(datetime(2027, 1, 15, tzinfo=UTC))
        assert row.stability is not None and row.last_review is not None
        # about 11 days of stability, reviewed 10.7 days before the exam: short of 0.92 on the
        # day, and plain FSRS would come back only after the exam started
        assert recall_after((exam_start - row.last_review) / DAY, row.stability) < 0.92
        assert row.last_review + round(row.stability) * DAY > exam_start
        assert row.due == exam_start - DAY  # pulled to the eve
        planned = row.due
        store.set_setting("exam_date", None, profile="amy")
        normal = store.card_row("amy", "b", "q1")
        assert normal is not None
        expected = scheduling.normal_due(
            normal.stability or 0, normal.last_review or 0, desired_retention=0.9,
            maximum_interval_days=36500, decay=scheduling.DECAY,
        )  # fmt: skip
        assert normal.due == pytest.approx(expected)
        assert normal.due != planned


def test_setting_an_exam_date_pulls_questions_already_scheduled_past_it() -> None:
    clock = FixedClock(T0)
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        _learn(store, "q1", clock)
        for _ in range(3):
            row = store.card_row("amy", "b", "q1")
            assert row is not None
            clock.set(datetime.fromtimestamp(row.due, UTC))
            _review(store, "q1", 3, clock())
        before = store.card_row("amy", "b", "q1")
        assert before is not None
        exam = (datetime.fromtimestamp(before.due, UTC) - timedelta(days=2)).date()
        store.set_setting("exam_date", exam.isoformat(), profile="amy")
        after = store.card_row("amy", "b", "q1")
        assert after is not None
        exam_start = to_epoch(datetime.combine(exam, datetime.min.time(), tzinfo=UTC))
        assert before.due > exam_start  # plain FSRS: next review after the exam …
        assert after.due < exam_start  # … the exam date pulls it before


def test_a_bad_exam_date_is_refused() -> None:
    with Store.open() as store, pytest.raises(SettingError):
        store.set_setting("exam_date", "15.01.2027", profile="amy")


def test_the_outlook_counts_days_predicted_recall_and_what_is_behind() -> None:
    clock = FixedClock(T0)
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        _learn(store, "q1", clock)
        rows = store.card_states("amy", "b")
        outlook = scheduling.exam_outlook(
            PLAN, rows, ["q1", "q2"], clock() + timedelta(minutes=11), new_per_day=20,
            decay=scheduling.DECAY,
        )  # fmt: skip
    assert outlook.days_left == 14
    assert outlook.unseen == 1 and outlook.questions == 2
    assert 0 < outlook.predicted_recall < 0.5  # q1 fades over 14 days, q2 not started
    assert not outlook.on_track  # q2 should be started today
    assert outlook.cram == ()  # not yet in the last days
    eve = datetime(2027, 1, 14, 8, 0, tzinfo=UTC)
    late = scheduling.exam_outlook(PLAN, rows, ["q1"], eve, new_per_day=20, decay=scheduling.DECAY)
    assert late.cram == ("q1",) and late.days_left == 1


def test_a_session_starts_more_new_questions_when_the_exam_is_near(tmp_path: Path) -> None:
    from trainer.core.bank import load_bank
    from trainer.core.session import SessionOptions, StudySession

    path = tmp_path / "bank.yaml"
    questions = "\n".join(
        f"  - {{id: q{i}, type: truefalse, section: a, statement: 第{i}题, answer: true}}"
        for i in range(8)
    )
    path.write_text(
        "bank: {id: exam-bank, title: 考试}\nsections:\n  - {id: a, title: 甲}\n"
        f"questions:\n{questions}\n",
        encoding="utf-8",
    )
    bank = load_bank(path)
    clock = FixedClock(T0)
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        store.set_setting("new_per_day", 1, profile="amy")
        store.set_setting("timezone", "UTC", profile="amy")
        session = StudySession(bank, store, "amy", SessionOptions(), clock)
        assert len(session.upcoming) + 1 == 1  # no exam: one new question a day
        store.set_setting("exam_date", "2027-01-05", profile="amy")  # 4 days: 2 usable
        session = StudySession(bank, store, "amy", SessionOptions(), clock)
        assert len(session.upcoming) + 1 == 4  # 8 unseen over 2 days


def test_learning_steps_off_by_default_sends_a_failed_new_question_to_the_next_day() -> None:
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        _review(store, "q1", 1, T0)  # the default: no same-day steps
        without = store.card_row("amy", "b", "q1")
        assert without is not None and without.state == State.Review.value
        assert without.due >= to_epoch(T0) + DAY
        store.set_setting("learning_steps", "on", profile="amy")
        _review(store, "q2", 1, T0)
        with_steps = store.card_row("amy", "b", "q2")
        assert with_steps is not None and with_steps.due == to_epoch(T0) + 60  # 1 min step


def _study_until_exam(scheduler: Any, plan: ExamPlan | None, questions: int) -> tuple[int, list]:
    """A diligent learner: every day at 08:00 all due questions (steps included), new ones at
    the exam's pace; every third answer to a question is Hard, every fifth before the last week
    Again. Returns (reviews, cards)."""
    from fsrs import Rating

    cards: dict[int, Any] = {}
    reviews = 0
    exam_start = datetime(2027, 1, 15, tzinfo=UTC)
    day = T0
    while day < exam_start:
        now = day
        unseen = questions - len(cards)
        pace = 10 if plan is None else scheduling.new_limit_for_exam(
            plan, now, unseen=unseen, base_limit=10
        )  # fmt: skip
        for qid in range(len(cards), min(questions, len(cards) + pace)):
            cards[qid] = scheduling.new_card("b", str(qid), now)
        for _ in range(6):  # the session: steps come back a few minutes later
            for qid, card in cards.items():
                if card.due <= now:
                    reviews += 1
                    count = reviews + qid
                    rating = Rating.Good
                    if count % 3 == 0:
                        rating = Rating.Hard
                    if count % 5 == 0 and now < exam_start - timedelta(days=7):
                        rating = Rating.Again
                    cards[qid], _ = scheduler.review_card(card, rating, now)
            now += timedelta(minutes=11)
        day += timedelta(days=1)
    return reviews, list(cards.values())


def test_every_question_is_predicted_at_target_on_the_exam_day() -> None:
    plan = ExamPlan(EXAM, UTC)
    exam_scheduler = scheduling.ExamScheduler(plan, enable_fuzzing=False)
    reviews, cards = _study_until_exam(exam_scheduler, plan, questions=80)
    assert len(cards) == 80  # every question started in time (80 at 10 a day would not fit)
    exam_ts = plan.starts_ts
    for card in cards:
        recall = recall_after((exam_ts - to_epoch(card.last_review)) / DAY, card.stability)
        assert recall >= plan.target, (card.card_id, recall)
    plain_reviews, plain_cards = _study_until_exam(
        scheduling.make_scheduler(enable_fuzzing=False), plan, questions=80
    )
    low = [
        card
        for card in plain_cards
        if recall_after((exam_ts - to_epoch(card.last_review)) / DAY, card.stability) < 0.9
    ]
    assert low  # plain FSRS leaves some below the target on the day …
    assert reviews < plain_reviews  # … and the exam plan even costs fewer reviews
