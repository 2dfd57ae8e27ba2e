"""Simulated learners under three schedulers: trainer's FSRS-6, SM-2 and a Leitner box system.

Ground truth is the FSRS-6 memory model (default parameters) with per-question difficulty and
noise: each question has its own difficulty offset; every stability update is multiplied by a
log-normal noise factor; whether a review is recalled is drawn from the true retrievability at
that moment. The learner answers; the answer is turned into a rating the same way the trainer
does it (``trainer.core.scheduling.rating_from_grade``): forgotten → Again, recalled but
hard (a difficult question) → Hard, recalled → Good, recalled fast on an easy question → Easy.
SM-2 receives the same answers as quality 1 / 3 / 4 / 5.

* trainer — ``trainer.core.scheduling.make_scheduler()`` (desired retention 0.90, learning steps
  1 and 10 min, no fuzz), failed reviews come back in the same session through its steps.
* SM-2 — SuperMemo 2 as published: EF starts 2.5, intervals 1, 6, then I·EF; EF updated by
  ``EF + 0.1 − (5−q)(0.08 + (5−q)·0.02)`` (at least 1.3); q < 3 restarts the repetitions; items
  with q < 4 are repeated in the same session until recalled.
* Leitner — five boxes with intervals 1, 2, 4, 8, 16 days; recalled → next box, forgotten →
  box 1.

Every scheduler sees the same learners (same seeds): 500 questions, 20 new per day, 365 days.

Measures, averaged over the learners:

* reviews — every answer given, same-day repeats included;
* retention — the mean true probability of recall of the questions introduced so far, sampled
  at the end of every day and averaged over the year;
* knowledge per review — the time-averaged number of questions remembered (sum of true recall
  probabilities) divided by the reviews done, ×100.

Run: ``/work/venv/bin/python benchmarks/simulate_scheduler.py [--learners 4] [--days 365]``.
The last line is ``reviews_ratio_fsrs_sm2=R retention_fsrs=A retention_sm2=B``.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fsrs import Rating  # noqa: E402
from fsrs.scheduler import DEFAULT_PARAMETERS  # noqa: E402

from trainer.core.scheduling import make_scheduler, new_card, rating_from_grade  # noqa: E402

W = DEFAULT_PARAMETERS
DECAY = -W[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
START = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
DAY = 86400.0
OFFSET_MEAN = 1.5
OFFSET_SD = 2.0
"""Each question's difficulty offset (added to the FSRS difficulty) is drawn from N(mean, sd)."""
STABILITY_NOISE = 0.25
"""Every true stability update is multiplied by exp(N(0, STABILITY_NOISE))."""
MAX_SHOWS_PER_SESSION = 4
"""A question is shown at most this often in one session (as trainer's StudySession does)."""


# --------------------------------------------------------------------------- the true memory


@dataclass
class Memory:
    """One question's true memory in one learner's head (FSRS-6 model + noise)."""

    offset: float  # the question's own difficulty offset
    stability: float = 0.0
    difficulty: float = 5.0
    last: float | None = None  # epoch seconds of the last exposure

    def recall_probability(self, now: float) -> float:
        if self.last is None or self.stability <= 0:
            return 0.0
        elapsed = max(0.0, (now - self.last) / DAY)
        return (1 + FACTOR * elapsed / self.stability) ** DECAY

    def update(self, rating: int, now: float, rng: random.Random, noise: float) -> None:
        """Move the true state after an exposure with this (true) rating."""
        if self.last is None:
            self.stability = W[rating - 1]
            self.difficulty = _clamp_d(W[4] - math.exp(W[5] * (rating - 1)) + 1 + self.offset)
        else:
            elapsed = (now - self.last) / DAY
            r = self.recall_probability(now)
            if elapsed < 1:
                gain = math.exp(W[17] * (rating - 3 + W[18])) * self.stability ** (-W[19])
                if rating >= 2:
                    gain = max(gain, 1.0)
                self.stability *= gain
            elif rating == 1:
                self.stability = min(
                    W[11]
                    * self.difficulty ** (-W[12])
                    * ((self.stability + 1) ** W[13] - 1)
                    * math.exp((1 - r) * W[14]),
                    self.stability / math.exp(W[17] * W[18]),
                )
            else:
                hard = W[15] if rating == 2 else 1.0
                easy = W[16] if rating == 4 else 1.0
                self.stability *= 1 + (
                    math.exp(W[8])
                    * (11 - self.difficulty)
                    * self.stability ** (-W[9])
                    * (math.exp((1 - r) * W[10]) - 1)
                    * hard
                    * easy
                )
            delta = -W[6] * (rating - 3)
            damped = self.difficulty + (10 - self.difficulty) * delta / 9
            target = W[4] - math.exp(W[5] * 3) + 1 + self.offset
            self.difficulty = _clamp_d(W[7] * target + (1 - W[7]) * damped)
        self.stability = max(0.01, self.stability * math.exp(rng.gauss(0.0, noise)))
        self.last = now


def _clamp_d(value: float) -> float:
    return min(10.0, max(1.0, value))


FIRST_RATING_PROB = (0.24, 0.094, 0.495, 0.171)
"""P(Again, Hard, Good, Easy) at first sight: the FSRS simulator's defaults (Anki users)."""
REVIEW_RATING_PROB = (0.224, 0.631, 0.145)
"""P(Hard, Good, Easy) of a recalled review: the FSRS simulator's defaults (Anki users)."""
VERDICT_OF = {
    Rating.Again: ("wrong", 20_000),
    Rating.Hard: ("partial", 15_000),  # half a formulation, or close with the hint
    Rating.Good: ("correct", 9_000),
    Rating.Easy: ("correct", 2_500),  # fast for its length
}


def _draw(weights: tuple[float, ...], rng: random.Random) -> int:
    return rng.choices(range(len(weights)), weights=weights)[0]


def answer(memory: Memory, now: float, rng: random.Random, behaviour: str) -> tuple[Rating, int]:
    """The learner answers: returns (the trainer's rating, SM-2 quality 0-5).

    ``anki``: ratings drawn from the FSRS simulator's population defaults, tilted by the
    question's difficulty (harder questions: more Again/Hard, fewer Easy). ``plain``: Good
    whenever recalled, except half the answers to the hardest questions (Hard) and fresh easy
    ones (Easy).
    """
    tilt = math.exp(0.5 * memory.offset)  # > 1 for hard questions
    if memory.last is None:
        if behaviour == "anki":
            a, h, g, e = FIRST_RATING_PROB
            rating = Rating(1 + _draw((a * tilt, h * tilt, g, e / tilt), rng))
        else:
            rating = Rating.Good if rng.random() < 0.75 - 0.05 * memory.offset else Rating.Again
    elif rng.random() >= memory.recall_probability(now):
        rating = Rating.Again
    elif behaviour == "anki":
        h, g, e = REVIEW_RATING_PROB
        rating = Rating(2 + _draw((h * tilt, g, e / tilt), rng))
    elif memory.offset > 1.5 and rng.random() < 0.5:
        rating = Rating.Hard
    elif memory.offset < -1.5 and memory.recall_probability(now) > 0.9:
        rating = Rating.Easy
    else:
        rating = Rating.Good
    # through the trainer's own rule, as a session would do it
    verdict, duration = VERDICT_OF[rating]
    rating = rating_from_grade(verdict, duration_ms=duration, answer_length=8)
    quality = {Rating.Again: 1, Rating.Hard: 3, Rating.Good: 4, Rating.Easy: 5}[rating]
    return rating, quality


# --------------------------------------------------------------------------- schedulers


class TrainerScheduler:
    """trainer's FSRS-6 scheduler (no fuzz)."""

    name = "fsrs"
    retention = 0.90

    def __init__(self) -> None:
        self.scheduler = make_scheduler(self.retention, enable_fuzzing=False)
        self.cards: dict[int, object] = {}

    def review(self, qid: int, rating: Rating, now: float, quality: int) -> float:
        moment = datetime.fromtimestamp(now, UTC)
        card = self.cards.get(qid) or new_card("sim", str(qid), moment)
        card, _ = self.scheduler.review_card(card, rating, moment)
        self.cards[qid] = card
        return card.due.timestamp()


class SM2Scheduler:
    """SuperMemo 2 as published (Wozniak 1990), with its same-session repeats (step 7)."""

    name = "sm2"

    def __init__(self) -> None:
        # qid -> [repetitions, interval in days, EF, repeating in this session]
        self.state: dict[int, list] = {}

    def review(self, qid: int, rating: Rating, now: float, quality: int) -> float:
        reps, interval, ef, repeating = self.state.get(qid, [0, 0.0, 2.5, False])
        if repeating:
            # step 7: items below 4 are repeated until they score at least 4; these repeats
            # change neither EF nor the interval
            if quality >= 4:
                self.state[qid] = [reps, interval, ef, False]
                return now + interval * DAY
            return now + 600
        if quality < 3:
            # step 6: start the repetitions anew, EF unchanged
            self.state[qid] = [0, 1.0, ef, True]
            return now + 600
        reps += 1
        if reps == 1:
            interval = 1.0
        elif reps == 2:
            interval = 6.0
        else:
            interval = float(round(interval * ef))
        ef = max(1.3, ef + 0.1 - (5 - quality) * (0.08 + (5 - quality) * 0.02))
        if quality < 4:
            self.state[qid] = [reps, interval, ef, True]
            return now + 600
        self.state[qid] = [reps, interval, ef, False]
        return now + interval * DAY


class LeitnerScheduler:
    """Five boxes, intervals 1, 2, 4, 8, 16 days."""

    name = "leitner"
    intervals = (1, 2, 4, 8, 16)

    def __init__(self) -> None:
        self.box: dict[int, int] = {}

    def review(self, qid: int, rating: Rating, now: float, quality: int) -> float:
        box = self.box.get(qid, -1)
        box = min(box + 1, len(self.intervals) - 1) if rating != Rating.Again else 0
        self.box[qid] = box
        return now + self.intervals[box] * DAY


# --------------------------------------------------------------------------- the simulation


@dataclass
class Result:
    reviews: int
    retention: float
    knowledge: float


def simulate(
    factory, seed: int, questions: int, new_per_day: int, days: int, behaviour: str = "anki"
) -> Result:
    """One learner studying ``questions`` for ``days`` under one scheduler."""
    rng = random.Random(seed)
    offsets = [rng.gauss(OFFSET_MEAN, OFFSET_SD) for _ in range(questions)]
    noise_rng = random.Random(seed * 7919 + 1)
    memories = [Memory(offset) for offset in offsets]
    scheduler = factory()
    due: dict[int, float] = {}
    introduced = 0
    reviews = 0
    retention_sum = 0.0
    knowledge_sum = 0.0
    for day in range(days):
        session_start = START.timestamp() + day * DAY
        session_end = session_start + 3 * 3600
        heap: list[tuple[float, int]] = [(t, q) for q, t in due.items() if t <= session_end]
        for _ in range(new_per_day):
            if introduced < questions:
                heap.append((session_start, introduced))
                introduced += 1
        heapq.heapify(heap)
        now = session_start
        shows: dict[int, int] = {}
        while heap:
            at, qid = heapq.heappop(heap)
            shows[qid] = shows.get(qid, 0) + 1
            now = max(now + 20, at)
            memory = memories[qid]
            rating, quality = answer(memory, now, noise_rng, behaviour)
            reviews += 1
            memory.update(int(rating), now, noise_rng, STABILITY_NOISE)
            next_due = scheduler.review(qid, rating, now, quality)
            again_today = next_due <= session_end and next_due < now + 0.5 * DAY
            if again_today and shows[qid] < MAX_SHOWS_PER_SESSION:
                heapq.heappush(heap, (max(next_due, now + 60), qid))
                due.pop(qid, None)
            else:
                due[qid] = next_due
        end_of_day = session_start + DAY - 1
        recall = [memories[q].recall_probability(end_of_day) for q in range(introduced)]
        if recall:
            retention_sum += sum(recall) / len(recall)
            knowledge_sum += sum(recall)
    return Result(reviews, retention_sum / days, knowledge_sum / days)


def trainer_at(retention: float) -> type[TrainerScheduler]:
    """trainer's scheduler with this desired retention."""
    return type("TrainerAt", (TrainerScheduler,), {"retention": retention})


def run(factory, args: argparse.Namespace) -> Result:
    """The mean result of ``args.learners`` learners (seeds 1..n) under one scheduler."""
    runs = [
        simulate(factory, seed, args.questions, args.new_per_day, args.days, args.behaviour)
        for seed in range(1, args.learners + 1)
    ]
    return Result(
        reviews=round(sum(r.reviews for r in runs) / len(runs)),
        retention=sum(r.retention for r in runs) / len(runs),
        knowledge=sum(r.knowledge for r in runs) / len(runs),
    )


def matched_retention(target: float, args: argparse.Namespace) -> tuple[float, Result]:
    """The lowest desired retention (0.70-0.97, to 0.005) whose learners keep ``target``."""
    low, high = 0.70, 0.97
    best = (high, run(trainer_at(high), args))
    while high - low > 0.005:
        middle = round((low + high) / 2, 4)
        result = run(trainer_at(middle), args)
        if result.retention >= target:
            high, best = middle, (middle, result)
        else:
            low = middle
    return best


def main(argv: list[str] | None = None) -> int:
    global OFFSET_MEAN, OFFSET_SD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=4)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--new-per-day", type=int, default=20)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument(
        "--behaviour",
        choices=("anki", "plain"),
        default="anki",
        help="how the simulated learner rates (see answer())",
    )
    parser.add_argument("--offset-mean", type=float, default=OFFSET_MEAN)
    parser.add_argument("--offset-sd", type=float, default=OFFSET_SD)
    args = parser.parse_args(argv)
    OFFSET_MEAN, OFFSET_SD = args.offset_mean, args.offset_sd
    started = time.perf_counter()
    sm2 = run(SM2Scheduler, args)
    results: dict[str, Result] = {
        "fsrs@0.90": run(trainer_at(0.90), args),
        "sm2": sm2,
        "leitner": run(LeitnerScheduler, args),
    }
    matched_at, matched = matched_retention(sm2.retention, args)
    results[f"fsrs@{matched_at:.3f}"] = matched
    print(
        f"{args.learners} learners x {args.questions} questions, {args.new_per_day} new/day, "
        f"{args.days} days; truth: FSRS-6 memory model, difficulty offset "
        f"N({OFFSET_MEAN}, {OFFSET_SD}), stability noise {STABILITY_NOISE}, "
        f"ratings: {args.behaviour}"
    )
    print(f"{'scheduler':<14}{'reviews':>10}{'retention':>12}{'knowledge/review x100':>24}")
    for name, result in results.items():
        per_review = 100 * result.knowledge / result.reviews if result.reviews else 0.0
        print(f"{name:<14}{result.reviews:>10}{result.retention:>12.4f}{per_review:>24.3f}")
    default = results["fsrs@0.90"]
    print(
        f"default setting (desired retention 0.90): reviews_ratio={default.reviews / sm2.reviews:.3f}"
        f" retention={default.retention:.4f} vs sm2 {sm2.retention:.4f}"
    )
    print(
        f"equal retention: desired retention {matched_at:.3f} keeps {matched.retention:.4f} "
        f">= sm2 {sm2.retention:.4f}"
    )
    print(f"elapsed_s={time.perf_counter() - started:.1f}")
    print(
        f"reviews_ratio_fsrs_sm2={matched.reviews / sm2.reviews:.3f} "
        f"retention_fsrs={matched.retention:.4f} retention_sm2={sm2.retention:.4f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
