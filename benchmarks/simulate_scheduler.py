"""Simulated learners under the trainer's scheduler and its baselines, side by side.

An honest comparison: the learners are not the scheduler's own model.

* **Learners.** Each simulated learner has memory parameters of their own: the FSRS-6 weights
  with every weight that shapes memory (initial stabilities, growth, lapse, Hard/Easy factors,
  the forgetting curve's decay) multiplied by a log-normal factor drawn per learner
  (``--spread typical``: σ 0.35 on stabilities, 0.2 on growth; ``wide``: twice that), plus a
  per-question difficulty offset N(0, 1.5) and log-normal noise (σ 0.2) on every stability
  update. The schedulers never see these parameters.
* **Answers through the trainer's grading bands.** A review is recalled with the learner's true
  probability. Recalled: ``correct`` (fast for its length in 15 %), else ``close`` 20 % /
  ``correct``; not recalled: ``partial`` 35 % / ``wrong``. The verdict becomes the rating with
  ``rating_from_grade`` (correct fast → Easy, correct/close → Good, partial → Hard, wrong →
  Again) exactly as a session does; a partial answer is a failed recall for the learner's memory.
  First sight of a new question: wrong 45 %, partial 15 %, close/correct 40 %.
* **Sessions.** One session a day; same-day steps come back within it (at most 4 showings of
  a question a session, as StudySession does).

Schedulers (same learners, same seeds):

* ``anki_sm2`` — Anki's SM-2 as Anki implements it (v3 defaults): learning steps 1 m, 10 m;
  graduating interval 1 d, easy interval 4 d; starting ease 2.5; Again −0.20, Hard −0.15,
  Easy +0.15 ease; Hard ×1.2, Good (ivl + late/2)·ease, Easy (ivl + late)·ease·1.3, each at least
  a day more than the last; a lapse relearns with a 10 m step and restarts at 1 day.
* ``sm2_repeats`` / ``sm2_no_repeats`` — SuperMemo 2 as published, with and without its
  same-session repeats of answers below quality 4.
* ``fsrs_steps`` — FSRS-6 with default parameters, Anki's same-day learning steps (1 m, 10 m;
  10 m after a lapse), desired retention 0.90 (the trainer with ``learning_steps on``).
* ``fsrs_no_steps`` / ``fsrs_new_steps`` — FSRS without same-day steps / with steps for new
  questions only (to choose the steps by measurement). ``fsrs_no_steps`` is the trainer's
  default schedule (``learning_steps`` defaults to ``off``): ``TRAINER_DEFAULT`` follows the
  setting's default, so the figures below always measure what a learner gets.
* ``fsrs_fitted`` — FSRS whose parameters are fitted to the learner's own history with the
  trainer's fitting code (``fsrs-rs-python``) once 400 reviews exist and again every 60 days,
  adopted only when the log loss is lower (as ``trainer optimize`` does).

Exam scenario (``--exam-day``): the exam-date mode (``ExamScheduler``, target 0.90; refitted
weekly, and once without fitting) against
plain FSRS at desired retentions 0.80–0.95; reports each learner's true mean recall over every
question on the exam morning, the share of learners at or above the target, and the reviews
plain FSRS needs to reach the exam mode's recall on the day (interpolated).

Measures, averaged over the learners: reviews (every answer, same-day steps included); true
retention (mean true recall probability of the questions introduced so far, sampled every day).

Run: ``/work/venv/bin/python benchmarks/simulate_scheduler.py`` (two to three minutes). The last
line is ``key=value`` figures for the first spread: ``reviews_vs_anki_sm2`` is the trainer's
default schedule (``TRAINER_DEFAULT``) at the lowest desired retention that keeps Anki SM-2's
retention, divided by Anki SM-2's reviews, with both retentions; ``…_at_090`` the same at the
default desired retention 0.90; ``steps_…`` the same with same-day steps (``learning_steps on``); ``exam_day_ok_share`` the
share of learners (all spreads) whose exam-day recall met the target in exam mode, and
``exam_reviews_vs_plain`` its reviews divided by those plain FSRS needs for the same recall.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fsrs import Card, Rating  # noqa: E402
from fsrs.scheduler import DEFAULT_PARAMETERS  # noqa: E402

from trainer.core.scheduling import (  # noqa: E402
    ExamPlan,
    ExamScheduler,
    fitting,  # noqa: E402
    make_scheduler,
    new_card,
    new_limit_for_exam,
    rating_from_grade,
)
from trainer.core.store import SETTINGS  # noqa: E402

START = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
DAY = 86400.0
SESSION_HOURS = 3
MAX_SHOWS_PER_SESSION = 4
STABILITY_NOISE = 0.2
QUESTION_OFFSET_SD = 1.5
SPREADS = {"typical": 1.0, "wide": 2.0}
"""Multiplier of the per-learner log-normal σ (0.35 on stabilities, 0.2 on growth terms)."""
BOUNDS = (
    (0.001, 100.0), (0.001, 100.0), (0.001, 100.0), (0.001, 100.0), (1.0, 10.0),
    (0.001, 4.0), (0.001, 4.0), (0.001, 0.75), (0.0, 4.5), (0.0, 0.8), (0.001, 3.5),
    (0.001, 5.0), (0.001, 0.25), (0.001, 0.9), (0.0, 4.0), (0.0, 1.0), (1.0, 6.0),
    (0.0, 2.0), (0.0, 2.0), (0.0, 0.8), (0.1, 0.8),
)  # fmt: skip
STABILITY_WEIGHTS = (0, 1, 2, 3, 11)
GROWTH_WEIGHTS = (8, 9, 10, 13, 14, 15, 16, 20)


# --------------------------------------------------------------------------- the learner


def draw_learner(rng: random.Random, spread: float) -> tuple[float, ...]:
    """A learner's own FSRS-6 weights: the defaults scaled by per-learner log-normal factors."""
    weights = list(DEFAULT_PARAMETERS)
    for index in STABILITY_WEIGHTS:
        weights[index] *= math.exp(rng.gauss(0.0, 0.35 * spread))
    for index in GROWTH_WEIGHTS:
        weights[index] *= math.exp(rng.gauss(0.0, 0.2 * spread))
    return tuple(min(high, max(low, w)) for w, (low, high) in zip(weights, BOUNDS, strict=True))


@dataclass
class Memory:
    """One question's true memory in one learner's head (FSRS-6 with the learner's weights)."""

    w: tuple[float, ...]
    offset: float
    stability: float = 0.0
    difficulty: float = 5.0
    last: float | None = None

    def recall(self, now: float) -> float:
        if self.last is None or self.stability <= 0:
            return 0.0
        decay = -self.w[20]
        factor = 0.9 ** (1 / decay) - 1
        return (1 + factor * max(0.0, (now - self.last) / DAY) / self.stability) ** decay

    def update(self, rating: int, now: float, rng: random.Random) -> None:
        w = self.w
        if self.last is None:
            self.stability = w[rating - 1]
            self.difficulty = _clamp_d(w[4] - math.exp(w[5] * (rating - 1)) + 1 + self.offset)
        else:
            elapsed = (now - self.last) / DAY
            r = self.recall(now)
            if elapsed < 1:
                gain = math.exp(w[17] * (rating - 3 + w[18])) * self.stability ** (-w[19])
                if rating >= 2:
                    gain = max(gain, 1.0)
                self.stability *= gain
            elif rating == 1:
                self.stability = min(
                    w[11]
                    * self.difficulty ** (-w[12])
                    * ((self.stability + 1) ** w[13] - 1)
                    * math.exp((1 - r) * w[14]),
                    self.stability / math.exp(w[17] * w[18]),
                )
            else:
                hard = w[15] if rating == 2 else 1.0
                easy = w[16] if rating == 4 else 1.0
                self.stability *= 1 + (
                    math.exp(w[8])
                    * (11 - self.difficulty)
                    * self.stability ** (-w[9])
                    * (math.exp((1 - r) * w[10]) - 1)
                    * hard
                    * easy
                )
            delta = -w[6] * (rating - 3)
            damped = self.difficulty + (10 - self.difficulty) * delta / 9
            target = w[4] - math.exp(w[5] * 3) + 1 + self.offset
            self.difficulty = _clamp_d(w[7] * target + (1 - w[7]) * damped)
        self.stability = max(0.01, self.stability * math.exp(rng.gauss(0.0, STABILITY_NOISE)))
        self.last = now


def _clamp_d(value: float) -> float:
    return min(10.0, max(1.0, value))


def answer(memory: Memory, now: float, rng: random.Random) -> tuple[Rating, int]:
    """The learner answers: (the trainer's rating from the grading verdict, true rating)."""
    if memory.last is None:
        draw = rng.random()
        recalled = draw >= 0.60
        verdict = "wrong" if draw < 0.45 else "partial" if draw < 0.60 else "correct"
        fast = recalled and rng.random() < 0.25
    else:
        recalled = rng.random() < memory.recall(now)
        draw = rng.random()
        if recalled:
            verdict = "close" if draw < 0.20 else "correct"
            fast = verdict == "correct" and rng.random() < 0.15 / 0.80
        else:
            verdict = "partial" if draw < 0.35 else "wrong"
            fast = False
    duration = 3_000 if fast else 12_000
    rating = rating_from_grade(verdict, duration_ms=duration, answer_length=8)
    true_rating = (4 if fast else 3) if recalled else 1
    return rating, true_rating


# --------------------------------------------------------------------------- schedulers


class Scheduler:
    """A scheduler under test: ``review`` returns the next due instant (epoch seconds)."""

    def review(self, qid: int, rating: Rating, now: float) -> float:
        raise NotImplementedError

    def day_started(self, day: int, now: float) -> None:
        """Called before each daily session."""

    def new_limit(self, now: float, unseen: int, base: int) -> int:
        return base


class FsrsScheduler(Scheduler):
    """The trainer's FSRS-6 scheduler (no fuzz)."""

    def __init__(self, retention: float = 0.90, **options: Any) -> None:
        self.scheduler = make_scheduler(retention, enable_fuzzing=False, **options)
        self.cards: dict[int, Card] = {}
        self.log: list[tuple[int, float, int]] = []

    def review(self, qid: int, rating: Rating, now: float) -> float:
        moment = datetime.fromtimestamp(now, UTC)
        card = self.cards.get(qid) or new_card("sim", str(qid), moment)
        card, _ = self.scheduler.review_card(card, rating, moment)
        self.cards[qid] = card
        self.log.append((qid, now, int(rating)))
        return card.due.timestamp()


class FittedFsrs(FsrsScheduler):
    """FSRS refitted to the learner's own history (trainer's fitting code, fsrs-rs-python)."""

    refit_days = 60

    def __init__(self, retention: float = 0.90, **options: Any) -> None:
        super().__init__(retention, **options)
        self.retention = retention
        self.options = options
        self.last_fit: float | None = None
        self.fits = 0
        self.adopted = 0

    def day_started(self, day: int, now: float) -> None:
        if len(self.log) < fitting.MIN_REVIEWS_TO_FIT:
            return
        if self.last_fit is not None and now - self.last_fit < self.refit_days * DAY:
            return
        self.last_fit = now
        history = [(str(qid), at, rating) for qid, at, rating in self.log]
        report = fitting.fit_parameters(fitting.history_items(history, UTC), len(history), now)
        self.fits += 1
        if not report.adopted:
            return
        self.adopted += 1
        self.scheduler = self.rebuilt(report.parameters)
        # the memory states come from the parameters: replay each card's log (rebuild_cards)
        cards: dict[int, Card] = {}
        for qid, at, rating in self.log:
            moment = datetime.fromtimestamp(at, UTC)
            card = cards.get(qid) or new_card("sim", str(qid), moment)
            cards[qid], _ = self.scheduler.review_card(card, Rating(rating), moment)
        self.cards = cards

    def rebuilt(self, parameters: Sequence[float]) -> Any:
        """The scheduler with fitted parameters."""
        return make_scheduler(
            self.retention, enable_fuzzing=False, parameters=parameters, **self.options
        )


class PacedFsrs(FsrsScheduler):
    """Plain FSRS given the exam mode's new-question pace (so both start every question)."""

    def __init__(self, retention: float, exam_day: date) -> None:
        super().__init__(retention)
        self.plan = ExamPlan(exam_day, UTC)

    def new_limit(self, now: float, unseen: int, base: int) -> int:
        moment = datetime.fromtimestamp(now, UTC)
        return new_limit_for_exam(self.plan, moment, unseen=unseen, base_limit=base)


class ExamFsrs(FittedFsrs):
    """The exam-date mode (ExamScheduler) with its new-question pace, refitted weekly (as the
    trainer refits automatically)."""

    refit_days = 7

    def __init__(self, exam_day: date, target: float, *, fit: bool = True) -> None:
        super().__init__()
        self.plan = ExamPlan(exam_day, UTC, target=target)
        self.scheduler = self._exam(self.scheduler)
        self.fit = fit

    def day_started(self, day: int, now: float) -> None:
        if self.fit:
            super().day_started(day, now)

    def _exam(self, base: Any) -> ExamScheduler:
        return ExamScheduler(
            self.plan,
            parameters=base.parameters,
            desired_retention=base.desired_retention,
            learning_steps=base.learning_steps,
            relearning_steps=base.relearning_steps,
            maximum_interval=base.maximum_interval,
            enable_fuzzing=False,
        )

    def rebuilt(self, parameters: Sequence[float]) -> Any:
        return self._exam(super().rebuilt(parameters))

    def new_limit(self, now: float, unseen: int, base: int) -> int:
        moment = datetime.fromtimestamp(now, UTC)
        return new_limit_for_exam(self.plan, moment, unseen=unseen, base_limit=base)


class AnkiSM2(Scheduler):
    """Anki's SM-2 (v3 scheduler, default deck options)."""

    learning = (60.0, 600.0)
    relearning = (600.0,)

    def __init__(self) -> None:
        # qid -> [phase ('learn'|'review'|'relearn'), step, interval days, ease, last review]
        self.state: dict[int, list[Any]] = {}

    def review(self, qid: int, rating: Rating, now: float) -> float:
        phase, step, ivl, ease, last = self.state.get(qid, ["learn", 0, 0.0, 2.5, now])
        if phase in ("learn", "relearn"):
            steps = self.learning if phase == "learn" else self.relearning
            graduate_ivl = 1.0 if phase == "learn" else max(1.0, ivl)
            if rating == Rating.Again:
                step, wait = 0, steps[0]
            elif rating == Rating.Hard:
                wait = (steps[0] + steps[1]) / 2 if step == 0 and len(steps) > 1 else steps[step]
                wait = wait if step == 0 else steps[step]
            elif rating == Rating.Good and step + 1 < len(steps):
                step, wait = step + 1, steps[step + 1]
            else:
                easy = rating == Rating.Easy and phase == "learn"
                ivl = 4.0 if easy else graduate_ivl
                self.state[qid] = ["review", 0, ivl, ease, now]
                return now + ivl * DAY
            self.state[qid] = [phase, step, ivl, ease, now]
            return now + wait
        late = max(0.0, (now - last) / DAY - ivl)
        if rating == Rating.Again:
            ease = max(1.3, ease - 0.20)
            self.state[qid] = ["relearn", 0, 1.0, ease, now]  # new interval 0 % → minimum 1 d
            return now + self.relearning[0]
        hard = max(ivl * 1.2, ivl + 1)
        if rating == Rating.Hard:
            ease, new = max(1.3, ease - 0.15), hard
        elif rating == Rating.Good:
            new = max((ivl + late / 2) * ease, hard + 1)
        else:
            good = max((ivl + late / 2) * ease, hard + 1)
            new = max((ivl + late) * ease * 1.3, good + 1)
            ease += 0.15
        new = float(round(min(new, 36500)))
        self.state[qid] = ["review", 0, new, ease, now]
        return now + new * DAY


QUALITY = {Rating.Again: 1, Rating.Hard: 3, Rating.Good: 4, Rating.Easy: 5}


class SM2(Scheduler):
    """SuperMemo 2 as published (Wozniak 1990), with or without its same-session repeats."""

    def __init__(self, repeats: bool) -> None:
        self.repeats = repeats
        self.state: dict[int, list[Any]] = {}  # qid -> [reps, interval, EF, repeating]

    def review(self, qid: int, rating: Rating, now: float) -> float:
        quality = QUALITY[rating]
        reps, interval, ef, repeating = self.state.get(qid, [0, 0.0, 2.5, False])
        if repeating:
            if quality >= 4:
                self.state[qid] = [reps, interval, ef, False]
                return now + interval * DAY
            return now + 600
        if quality < 3:
            self.state[qid] = [0, 1.0, ef, self.repeats]
            return now + (600 if self.repeats else DAY)
        reps += 1
        interval = 1.0 if reps == 1 else 6.0 if reps == 2 else float(round(interval * ef))
        ef = max(1.3, ef + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
        if quality < 4 and self.repeats:
            self.state[qid] = [reps, interval, ef, True]
            return now + 600
        self.state[qid] = [reps, interval, ef, False]
        return now + interval * DAY


# --------------------------------------------------------------------------- the simulation


@dataclass
class Outcome:
    reviews: int
    retention: float
    exam_recall: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


def simulate(
    make: Callable[[], Scheduler],
    weights: tuple[float, ...],
    seed: int,
    *,
    questions: int,
    new_per_day: int,
    days: int,
) -> Outcome:
    """One learner studying ``questions`` for ``days`` (or until the exam) under one scheduler."""
    rng = random.Random(seed)
    memories = [Memory(weights, rng.gauss(0.0, QUESTION_OFFSET_SD)) for _ in range(questions)]
    answer_rng = random.Random(seed * 7919 + 1)
    scheduler = make()
    due: dict[int, float] = {}
    introduced = reviews = 0
    retention_sum = 0.0
    for day in range(days):
        start = START.timestamp() + day * DAY
        end = start + SESSION_HOURS * 3600
        scheduler.day_started(day, start)
        heap = [(t, q) for q, t in due.items() if t <= end]
        limit = scheduler.new_limit(start, questions - introduced, new_per_day)
        for _ in range(limit):
            if introduced < questions:
                heap.append((start, introduced))
                introduced += 1
        heapq.heapify(heap)
        now = start
        shows: dict[int, int] = {}
        while heap:
            at, qid = heapq.heappop(heap)
            shows[qid] = shows.get(qid, 0) + 1
            now = max(now + 20, at)
            memory = memories[qid]
            rating, true_rating = answer(memory, now, answer_rng)
            reviews += 1
            memory.update(true_rating, now, answer_rng)
            next_due = scheduler.review(qid, rating, now)
            if next_due <= end and shows[qid] < MAX_SHOWS_PER_SESSION:
                heapq.heappush(heap, (max(next_due, now + 60), qid))
                due.pop(qid, None)
            else:
                due[qid] = max(next_due, start + DAY) if next_due <= end else next_due
        if introduced:
            night = start + DAY - 1
            retention_sum += sum(memories[q].recall(night) for q in range(introduced)) / introduced
    exam_morning = START.timestamp() + days * DAY - 8 * 3600  # local midnight of the exam day
    exam_recall = sum(m.recall(exam_morning) for m in memories) / questions
    extra: dict[str, float] = {}
    if isinstance(scheduler, FittedFsrs):
        extra = {"fits": float(scheduler.fits), "adopted": float(scheduler.adopted)}
    return Outcome(reviews, retention_sum / days, exam_recall, extra)


def learners(spread: str, count: int) -> list[tuple[int, tuple[float, ...]]]:
    rng = random.Random(f"learners-{spread}")
    return [(seed, draw_learner(rng, SPREADS[spread])) for seed in range(1, count + 1)]


SCHEDULERS: dict[str, Callable[[], Scheduler]] = {
    "anki_sm2": AnkiSM2,
    "sm2_repeats": lambda: SM2(repeats=True),
    "sm2_no_repeats": lambda: SM2(repeats=False),
    "fsrs_steps": FsrsScheduler,
    "fsrs_no_steps": lambda: FsrsScheduler(learning_steps=(), relearning_steps=()),
    "fsrs_new_steps": lambda: FsrsScheduler(relearning_steps=()),
    "fsrs_fitted": FittedFsrs,
}


STEP_OPTIONS: dict[str, dict[str, Any]] = {
    "fsrs_steps": {},
    "fsrs_no_steps": {"learning_steps": (), "relearning_steps": ()},
}
"""``FsrsScheduler`` options of the two step configurations compared at equal retention."""

TRAINER_DEFAULT = "fsrs_no_steps" if SETTINGS["learning_steps"][0] == "off" else "fsrs_steps"
"""The scheduler a learner gets by default (the ``learning_steps`` setting's default)."""
OTHER_STEPS = "fsrs_steps" if TRAINER_DEFAULT == "fsrs_no_steps" else "fsrs_no_steps"


def interpolate_reviews(points: Sequence[tuple[float, float]], recall: float) -> float:
    """Reviews at which plain FSRS reaches ``recall`` on the exam day (linear between runs)."""
    ordered = sorted(points)
    for (r0, n0), (r1, n1) in zip(ordered, ordered[1:], strict=False):
        if r0 <= recall <= r1:
            return n0 + (n1 - n0) * (recall - r0) / (r1 - r0) if r1 > r0 else n0
    return ordered[0][1] if recall < ordered[0][0] else ordered[-1][1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20, help="learners per spread")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--new-per-day", type=int, default=10)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--exam-day", type=int, default=45, help="days from the start")
    parser.add_argument("--exam-new-per-day", type=int, default=5)
    parser.add_argument("--target", type=float, default=0.90)
    parser.add_argument("--spreads", default="typical,wide")
    parser.add_argument("--only", default="", help="comma-separated scheduler names")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    spreads = [s for s in args.spreads.split(",") if s]
    names = [n for n in (args.only.split(",") if args.only else SCHEDULERS) if n]
    table: dict[tuple[str, str], Outcome] = {}
    print(f"{'spread':<8} {'scheduler':<15} {'reviews':>8} {'retention':>10}")
    for spread in spreads:
        people = learners(spread, args.learners)
        for name in names:
            runs = [
                simulate(
                    SCHEDULERS[name],
                    weights,
                    seed,
                    questions=args.questions,
                    new_per_day=args.new_per_day,
                    days=args.days,
                )
                for seed, weights in people
            ]
            mean = Outcome(
                reviews=round(statistics.fmean(r.reviews for r in runs)),
                retention=statistics.fmean(r.retention for r in runs),
            )
            table[(spread, name)] = mean
            note = ""
            if name == "fsrs_fitted":
                adopted = sum(r.extra.get("adopted", 0) for r in runs)
                fits = sum(r.extra.get("fits", 0) for r in runs)
                note = f"   (fits adopted {adopted:.0f}/{fits:.0f})"
            print(f"{spread:<8} {name:<15} {mean.reviews:>8} {mean.retention:>10.4f}{note}")
    # the trainer's default schedule at Anki's retention (the lowest desired retention that
    # keeps it), to compare reviews at equal retention
    matched: dict[tuple[str, str], tuple[float, Outcome]] = {}
    for spread, config in [(s, c) for s in spreads for c in STEP_OPTIONS]:
        steps = STEP_OPTIONS[config]
        anki_run = table.get((spread, "anki_sm2"))
        if anki_run is None:
            continue
        people = learners(spread, args.learners)

        def at(
            retention: float,
            people: list[tuple[int, tuple[float, ...]]] = people,
            steps: dict[str, Any] = steps,
        ) -> Outcome:
            runs = [
                simulate(
                    lambda: FsrsScheduler(retention, **steps),
                    weights,
                    seed,
                    questions=args.questions,
                    new_per_day=args.new_per_day,
                    days=args.days,
                )
                for seed, weights in people
            ]
            return Outcome(
                round(statistics.fmean(r.reviews for r in runs)),
                statistics.fmean(r.retention for r in runs),
            )

        low, high = 0.85, 0.97
        best = (high, at(high))
        while high - low > 0.0051:
            middle = round((low + high) / 2, 4)
            result = at(middle)
            if result.retention >= anki_run.retention:
                high, best = middle, (middle, result)
            else:
                low = middle
        matched[(spread, config)] = best
        retention, result = best
        label = config.removeprefix("fsrs_") + "@" + format(retention, ".3f")
        print(
            f"{spread:<8} {label:<15} {result.reviews:>8} "
            f"{result.retention:>10.4f}   (lowest desired retention matching anki_sm2)"
        )
    # the exam scenario
    exam_day = (START + timedelta(days=args.exam_day)).date()
    exam_ok = 0
    exam_total = 0
    exam_reviews: list[float] = []
    plain_needed: list[float] = []
    exam_recalls: list[float] = []
    plain90_recalls: list[float] = []
    plain90_reviews: list[float] = []
    print(f"\nexam on day {args.exam_day}, target {args.target}")
    print(f"{'spread':<8} {'scheduler':<15} {'reviews':>8} {'exam-day recall':>16} {'≥ target':>9}")
    for spread in spreads:
        rows: dict[str, list[Outcome]] = {}
        people = learners(spread, args.learners)
        makers: dict[str, Callable[[], Scheduler]] = {
            "exam_mode": lambda: ExamFsrs(exam_day, args.target),
            "exam_unfitted": lambda: ExamFsrs(exam_day, args.target, fit=False),
            **{f"plain@{r:.2f}": partial(PacedFsrs, r, exam_day) for r in (0.8, 0.85, 0.9, 0.95)},
        }
        for name, make in makers.items():
            rows[name] = [
                simulate(
                    make,
                    weights,
                    seed,
                    questions=args.questions,
                    new_per_day=args.exam_new_per_day,
                    days=args.exam_day,
                )
                for seed, weights in people
            ]
            ok = sum(r.exam_recall >= args.target for r in rows[name])
            print(
                f"{spread:<8} {name:<15} {statistics.fmean(r.reviews for r in rows[name]):>8.0f} "
                f"{statistics.fmean(r.exam_recall for r in rows[name]):>16.4f} "
                f"{ok:>5}/{len(rows[name])}"
            )
        for index, run in enumerate(rows["exam_mode"]):
            exam_total += 1
            exam_ok += run.exam_recall >= args.target
            exam_reviews.append(run.reviews)
            exam_recalls.append(run.exam_recall)
            points = [
                (rows[name][index].exam_recall, rows[name][index].reviews)
                for name in rows
                if name.startswith("plain@")
            ]
            plain_needed.append(interpolate_reviews(points, run.exam_recall))
            plain90_recalls.append(rows["plain@0.90"][index].exam_recall)
            plain90_reviews.append(rows["plain@0.90"][index].reviews)
    base = spreads[0]
    trainer = table.get((base, TRAINER_DEFAULT))
    anki = table.get((base, "anki_sm2"))
    figures = {"trainer_default": TRAINER_DEFAULT}
    if trainer and anki:
        if (base, TRAINER_DEFAULT) in matched:
            # the trainer's default schedule at (at least) Anki's retention
            retention, result = matched[(base, TRAINER_DEFAULT)]
            figures["reviews_vs_anki_sm2"] = f"{result.reviews / anki.reviews:.3f}"
            figures["retention_trainer"] = f"{result.retention:.4f}"
            figures["retention_anki_sm2"] = f"{anki.retention:.4f}"
            figures["equal_retention_desired"] = f"{retention:.3f}"
        figures["reviews_vs_anki_sm2_at_090"] = f"{trainer.reviews / anki.reviews:.3f}"
        figures["retention_trainer_at_090"] = f"{trainer.retention:.4f}"
        if (base, OTHER_STEPS) in matched:
            # the other step setting, for the record of why the default is what it is
            other = OTHER_STEPS.removeprefix("fsrs_")
            retention, result = matched[(base, OTHER_STEPS)]
            figures[f"{other}_vs_anki_sm2_equal_retention"] = f"{result.reviews / anki.reviews:.3f}"
            figures[f"{other}_equal_retention_desired"] = f"{retention:.3f}"
    if exam_total:
        figures["exam_day_ok_share"] = f"{exam_ok / exam_total:.3f}"
        figures["exam_reviews_vs_plain"] = (
            f"{statistics.fmean(exam_reviews) / statistics.fmean(plain_needed):.3f}"
        )
        figures["exam_recall"] = f"{statistics.fmean(exam_recalls):.4f}"
        figures["exam_reviews_vs_plain90"] = (
            f"{statistics.fmean(exam_reviews) / statistics.fmean(plain90_reviews):.3f}"
        )
        figures["plain90_exam_recall"] = f"{statistics.fmean(plain90_recalls):.4f}"
    figures["seconds"] = f"{time.perf_counter() - started:.0f}"
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
