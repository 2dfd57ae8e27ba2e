"""Scheduling for an exam date: every question remembered on the day, with the fewest reviews.

Before the exam a question's next review is planned for the exam, not for the long run:

* if its predicted recall on the exam day is already at or above the target (plus
  :data:`EXAM_MARGIN`) without another review, the next review waits until after the exam (a
  review before it would add nothing the exam needs);
* otherwise it comes back when its recall falls to :data:`EXAM_EARLY_RETENTION` (studying at a
  lower retention costs fewer reviews per question learnt), but no later than the eve of the
  exam: a successful review on the eve carries it to the day. The questions that would fall
  short on the day are therefore pulled into the last days — the short, targeted 冲刺;
* learning steps (minutes) are left alone, and after the exam day normal scheduling resumes.

The margin, the early retention and the eve were chosen with benchmarks/simulate_scheduler.py
(learners whose memory differs from the model): see docs/scheduling.md.

New questions are introduced early enough: :func:`new_limit_for_exam` raises the day's new limit
so that every unseen question is started :data:`NEW_RESERVE_DAYS` days before the exam.

All instants are UTC epoch seconds; the exam starts at local midnight of its day (a morning exam
must not depend on reviews done the same morning).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from trainer.core.clock import day_start, from_epoch, local_day, to_epoch
from trainer.core.scheduling.memory import (
    DEFAULT_RETENTION,
    SECONDS_PER_DAY,
    CardLike,
    days_until_recall,
    recall_after,
)

EXAM_TARGET = DEFAULT_RETENTION
"""Predicted recall every question must have on the exam day (unless the learner sets one)."""

EXAM_EARLY_RETENTION = 0.80
"""Retention aimed at between reviews before the exam (the final pull restores the target).
Chosen by benchmarks/simulate_scheduler.py: see docs/scheduling.md."""

EXAM_MARGIN = 0.02
"""Planned recall on the day is the target plus this: the model's predictions for a real learner
are off by a few points (the simulation's learners met a 0.90 target only with it)."""

NEW_RESERVE_DAYS = 2
"""Every new question is started at least this many days before the exam."""

CRAM_DAYS = 3
"""The last days before the exam, in which the home screen lists the 冲刺 questions."""


@dataclass(frozen=True)
class ExamPlan:
    """An exam date for one learner.

    Args:
        day: the exam's local calendar date.
        zone: the learner's time zone (days start at local midnight).
        target: predicted recall every question must have on that day.
        early_retention: retention aimed at between reviews before the exam.
    """

    day: date
    zone: tzinfo
    target: float = EXAM_TARGET
    early_retention: float = EXAM_EARLY_RETENTION
    starts_ts: float = field(init=False)
    ends_ts: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts_ts", to_epoch(day_start(self.day, self.zone)))
        end = day_start(self.day + timedelta(days=1), self.zone)
        object.__setattr__(self, "ends_ts", to_epoch(end))

    def days_left(self, now: datetime) -> int:
        """Whole local days from today to the exam day (0 on the day, negative after)."""
        return (self.day - local_day(now, self.zone)).days


def parse_exam_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date.

    Raises:
        ValueError: not such a date.
    """
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValueError("must be a date YYYY-MM-DD, e.g. 2027-01-15") from None


def planned_due(
    plan: ExamPlan,
    *,
    stability: float,
    reviewed_ts: float,
    normal_due_ts: float,
    decay: float,
) -> float:
    """When a question just reviewed (in the Review state) comes back, given the exam.

    Args:
        plan: the exam.
        stability: its stability (days) after the review.
        reviewed_ts: the review's instant.
        normal_due_ts: the due instant the scheduler chose without the exam.
        decay: the forgetting curve's exponent (of the parameters in use).

    Returns:
        The due instant (UTC epoch seconds).
    """
    exam = plan.starts_ts
    if reviewed_ts >= exam or stability <= 0:
        return normal_due_ts
    days_to_exam = (exam - reviewed_ts) / SECONDS_PER_DAY
    if recall_after(days_to_exam, stability, decay) >= min(0.99, plan.target + EXAM_MARGIN):
        return max(normal_due_ts, plan.ends_ts)
    early = (
        reviewed_ts + days_until_recall(stability, plan.early_retention, decay) * SECONDS_PER_DAY
    )
    # No later than the eve of the exam: a successful review then carries the question to the
    # day (from the eve, one day of recall is needed, and the stability only grows).
    due = min(early, plan.starts_ts - SECONDS_PER_DAY)
    # at the start of its local day, so it is in the queue whenever the learner studies that day
    floored = _day_start_ts(due, plan)
    # never again on the day of the review: the next day (on the eve: the exam morning)
    return floored if floored > reviewed_ts else _day_start_ts(reviewed_ts, plan) + SECONDS_PER_DAY


def _day_start_ts(moment: float, plan: ExamPlan) -> float:
    return to_epoch(day_start(local_day(from_epoch(moment), plan.zone), plan.zone))


class ExamScheduler(Scheduler):
    """The FSRS scheduler whose review intervals are planned for an exam (see module doc)."""

    def __init__(self, plan: ExamPlan, **scheduler_options: Any) -> None:
        super().__init__(**scheduler_options)
        self.exam_plan = plan

    def review_card(
        self,
        card: Card,
        rating: Rating,
        review_datetime: datetime | None = None,
        review_duration: int | None = None,
    ) -> tuple[Card, Any]:
        after, log = super().review_card(card, rating, review_datetime, review_duration)
        if after.state == State.Review and after.stability and after.last_review is not None:
            due = planned_due(
                self.exam_plan,
                stability=after.stability,
                reviewed_ts=to_epoch(after.last_review),
                normal_due_ts=to_epoch(after.due),
                decay=-self.parameters[20],
            )
            after.due = from_epoch(due)
        return after, log


def normal_due(
    stability: float,
    last_review_ts: float,
    *,
    desired_retention: float,
    maximum_interval_days: int,
    decay: float,
) -> float:
    """The due instant FSRS gives a Review card without an exam (whole days, 1 at least, no
    fuzz): what a card returns to when the exam date is removed."""
    days = round(days_until_recall(stability, desired_retention, decay))
    days = min(max(1, days), maximum_interval_days)
    return last_review_ts + days * SECONDS_PER_DAY


def new_limit_for_exam(plan: ExamPlan, now: datetime, *, unseen: int, base_limit: int) -> int:
    """Today's new-question limit so that every unseen question is started in time.

    Args:
        plan: the exam.
        now: the current instant.
        unseen: questions never studied.
        base_limit: the learner's ``new_per_day``.

    Returns:
        ``base_limit``, or more when the unseen questions would not all be started
        :data:`NEW_RESERVE_DAYS` days before the exam at that pace.
    """
    days_left = plan.days_left(now)
    if days_left <= 0 or unseen <= 0:
        return base_limit
    usable = max(1, days_left - NEW_RESERVE_DAYS)
    return max(base_limit, math.ceil(unseen / usable))


@dataclass(frozen=True)
class ExamOutlook:
    """Where a learner stands for the exam (for the home screen and the CLI).

    ``predicted_recall`` is the mean predicted recall on the exam day if no further review were
    done (questions never studied count 0); ``below_target`` questions still need a review
    before the day; ``on_track`` means nothing is due now and today's new questions are in.
    """

    day: date
    days_left: int
    target: float
    questions: int
    predicted_recall: float
    below_target: int
    due_now: int
    unseen: int
    new_per_day_needed: int
    on_track: bool
    cram: tuple[str, ...]


def exam_outlook(
    plan: ExamPlan,
    rows: Mapping[str, CardLike],
    question_ids: Iterable[str],
    now: datetime,
    *,
    new_per_day: int,
    new_done_today: int = 0,
    decay: float,
) -> ExamOutlook:
    """The exam outlook of a learner over a bank's questions.

    Args:
        plan: the exam.
        rows: the learner's stored cards by question id.
        question_ids: the bank's questions.
        now: the current instant.
        new_per_day: the learner's new-question limit.
        new_done_today: new questions already started today.
        decay: the forgetting curve's exponent.

    Returns:
        The outlook; ``cram`` lists (in the last :data:`CRAM_DAYS` days) the questions below
        the target on the day, lowest predicted recall first.
    """
    now_ts = to_epoch(now)
    exam = plan.starts_ts
    total = 0.0
    count = unseen = due_now = 0
    below: list[tuple[float, str]] = []
    for qid in question_ids:
        count += 1
        row = rows.get(qid)
        if row is None:
            unseen += 1  # not started: counts 0, started by the raised new limit
            continue
        if row.due <= now_ts:
            due_now += 1
        if not row.stability or row.last_review is None:
            below.append((0.0, qid))
            continue
        recall = recall_after((exam - row.last_review) / SECONDS_PER_DAY, row.stability, decay)
        total += recall
        if recall < plan.target:
            below.append((recall, qid))
    days_left = plan.days_left(now)
    needed = new_limit_for_exam(plan, now, unseen=unseen, base_limit=0)
    quota = min(unseen + new_done_today, max(new_per_day, needed))
    below.sort()
    return ExamOutlook(
        day=plan.day,
        days_left=days_left,
        target=plan.target,
        questions=count,
        predicted_recall=total / count if count else 0.0,
        below_target=len(below),
        due_now=due_now,
        unseen=unseen,
        new_per_day_needed=needed,
        on_track=due_now == 0 and (unseen == 0 or new_done_today >= quota),
        cram=tuple(qid for _, qid in below) if 0 <= days_left <= CRAM_DAYS else (),
    )
