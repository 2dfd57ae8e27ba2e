"""Progress over time: pure functions over the review log and the card rows.

Nothing here touches the store or Textual. The inputs are small, already-aggregated values so
that a million reviews never become a million Python objects: :mod:`trainer.core.stats.queries`
fills them with SQL ``GROUP BY`` queries, and :func:`days_from_reviews` fills them from review
records (tests, imports), so both paths give the same figures.

Definitions
-----------
*Correct*: a review whose verdict is ``correct`` or ``close`` (what the learner saw as right).

*Passed*: a review rated Hard, Good or Easy (not Again) — FSRS's notion of "recalled", used for
retention, as in Anki.

*Mature review*: a review of a question whose scheduled interval before that review (its due
time minus its last review, from the stored card state) was at least 21 days.

*Retention* of a month: passed mature reviews / mature reviews of that month.

*Card classes* (mastery): ``new`` never reviewed; ``learning`` in FSRS learning or relearning
steps; ``young`` in review with an interval under 21 days; ``mature`` in review with an interval
of 21 days or more. The JSON figure ``mastered`` is ``mature``; ``learning`` there is learning +
young (everything started but not yet mastered).

*Streaks* (all days are calendar days in the learner's time zone):

* a **study day** has at least one review;
* an **owing day** has no review while some question was due: a question whose due time fell on
  or before that day and that was not reviewed until a later day (or is still not reviewed);
* a **free day** has no review and nothing due — it does *not* break a streak.

A streak is a run of consecutive days with no owing day, starting on a study day. Its length
counts every day of the run from that first study day to its last study or free day (free days
inside a streak count, as they would on a wall calendar). Today never breaks the current streak
(it is not over): if today has no review yet, the current streak is the run ending yesterday;
today is added once the learner reviews, or if nothing is due today. ``longest`` is the longest
such run ever (never shorter than ``current``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol

MATURE_DAYS = 21.0
"""A question is mature when its interval is at least this many days (Anki's threshold)."""
RECALL_TARGET = 0.90
"""The share of a section "at ≥ 90 %" counts questions whose retrievability is at least this."""
SECONDS_PER_DAY = 86400.0
CORRECT_VERDICTS = frozenset({"correct", "close"})
SPANS = (30, 90, 365)

STATE_NEW = 0
STATE_LEARNING = 1
STATE_REVIEW = 2
STATE_RELEARNING = 3


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class DayStat:
    """The reviews of one local day, aggregated.

    Attributes:
        day: the learner's calendar day.
        reviews: reviews done that day.
        correct: of which verdict correct or close.
        duration_ms: time spent answering.
        mature: reviews of mature questions (interval ≥ 21 days before the review).
        mature_passed: of which not rated Again.
        earliest_due: the earliest local due day among the questions reviewed that day (for
            streaks: every day from it until this day was owed), None when unknown.
    """

    day: date
    reviews: int = 0
    correct: int = 0
    duration_ms: int = 0
    mature: int = 0
    mature_passed: int = 0
    earliest_due: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain data (dates as ISO strings)."""
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["earliest_due"] = self.earliest_due.isoformat() if self.earliest_due else None
        return data


class ReviewLike(Protocol):
    """What :func:`days_from_reviews` reads of a review record (``store.ReviewRecord``)."""

    reviewed_at: float
    verdict: str
    rating: int
    duration_ms: int | None
    card_before: Any


class CardLike(Protocol):
    """The plain columns of a stored card (``store.CardRow``), read only (frozen rows fit)."""

    @property
    def question_id(self) -> str: ...
    @property
    def due(self) -> float: ...
    @property
    def state(self) -> int: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def last_review(self) -> float | None: ...
    @property
    def lapses(self) -> int: ...
    @property
    def content_hash(self) -> str: ...


# --------------------------------------------------------------------------- helpers


def local_day(timestamp: float, zone: tzinfo) -> date:
    """The learner's calendar day of a UTC epoch timestamp."""
    return datetime.fromtimestamp(timestamp, UTC).astimezone(zone).date()


def card_before_fields(card_before: Any) -> tuple[float | None, float | None]:
    """Due time and interval (days) of the stored FSRS card state before a review.

    Args:
        card_before: FSRS ``Card.to_json()`` text, its dict, or None (first review).

    Returns:
        ``(due_epoch, interval_days)``; None where unknown (a new card has no interval).
    """
    if not card_before:
        return None, None
    data = json.loads(card_before) if isinstance(card_before, str | bytes) else card_before
    due = _iso_epoch(data.get("due"))
    last = _iso_epoch(data.get("last_review"))
    interval = (due - last) / SECONDS_PER_DAY if due is not None and last is not None else None
    return due, interval


def _iso_epoch(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return float(value)
    moment = datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def days_from_reviews(reviews: Iterable[ReviewLike], zone: tzinfo) -> list[DayStat]:
    """Aggregate review records into :class:`DayStat` per local day.

    Args:
        reviews: review records (any order).
        zone: the learner's time zone.

    Returns:
        One entry per day with reviews, oldest first.
    """
    acc: dict[date, list[Any]] = {}
    for review in reviews:
        day = local_day(review.reviewed_at, zone)
        entry = acc.setdefault(day, [0, 0, 0, 0, 0, None])
        entry[0] += 1
        if review.verdict in CORRECT_VERDICTS:
            entry[1] += 1
        entry[2] += int(review.duration_ms or 0)
        due, interval = card_before_fields(review.card_before)
        if interval is not None and interval >= MATURE_DAYS:
            entry[3] += 1
            if int(review.rating) > 1:
                entry[4] += 1
        if due is not None:
            due_day = local_day(due, zone)
            if entry[5] is None or due_day < entry[5]:
                entry[5] = due_day
    return [
        DayStat(day, e[0], e[1], e[2], e[3], e[4], e[5] if e[5] and e[5] < day else None)
        for day, e in sorted(acc.items())
    ]


def _by_day(days: Iterable[DayStat]) -> dict[date, DayStat]:
    return {d.day: d for d in days}


# --------------------------------------------------------------------------- today


@dataclass(frozen=True)
class TodayStats:
    """Today's work: reviews, correct answers, accuracy (0–1), time spent."""

    reviewed: int
    correct: int
    accuracy: float | None
    time_ms: int

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)


def today_stats(days: Iterable[DayStat], today: date) -> TodayStats:
    """Today's figures.

    Args:
        days: per-day aggregates.
        today: the learner's current local day.

    Returns:
        Reviewed, correct, accuracy (None with no review) and time spent today.
    """
    stat = _by_day(days).get(today)
    if stat is None or stat.reviews == 0:
        return TodayStats(0, 0, None, 0)
    return TodayStats(stat.reviews, stat.correct, stat.correct / stat.reviews, stat.duration_ms)


# --------------------------------------------------------------------------- streaks


@dataclass(frozen=True)
class Streaks:
    """Current and longest streak in days (see the module docstring for the definition)."""

    current: int
    longest: int
    studied_today: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)


def owing_days(
    days: Iterable[DayStat], today: date, overdue_since: date | None = None
) -> set[date]:
    """Days without reviews on which something was due.

    Args:
        days: per-day aggregates with ``earliest_due``.
        today: the current local day.
        overdue_since: the local due day of the most overdue question not yet reviewed (None
            when nothing is overdue).

    Returns:
        The owing days before today.
    """
    by_day = _by_day(days)
    spans: list[tuple[date, date]] = [
        (d.earliest_due, d.day) for d in by_day.values() if d.earliest_due is not None
    ]
    if overdue_since is not None and overdue_since < today:
        spans.append((overdue_since, today))
    spans.sort()
    owing: set[date] = set()
    reach: date | None = None  # days before this were already walked
    for start, end in spans:
        current = start if reach is None or start > reach else reach
        while current < end:
            if current not in by_day:
                owing.add(current)
            current += timedelta(days=1)
        if reach is None or end > reach:
            reach = end
    return owing


def streaks(
    days: Iterable[DayStat],
    today: date,
    overdue_since: date | None = None,
    *,
    due_today: bool = True,
) -> Streaks:
    """The current and longest streaks.

    Args:
        days: per-day aggregates (study days), with ``earliest_due`` for owing days.
        today: the current local day.
        overdue_since: local due day of the most overdue question not yet reviewed.
        due_today: something is due today (False: today counts as a free day).

    Returns:
        The streaks.
    """
    by_day = {d.day: d for d in days if d.reviews > 0}
    if not by_day:
        return Streaks(0, 0, False)
    owing = owing_days(by_day.values(), today, overdue_since)
    studied_today = today in by_day
    first = min(by_day)
    longest = 0
    run = 0  # days in the run counted so far (from its first study day)
    pending_free = 0  # free days not yet counted (after the last study day)
    current = first
    last_day = today
    while current <= last_day:
        if current in by_day:
            run += pending_free + 1
            pending_free = 0
        elif current in owing or (current == today and due_today):
            if current != today:
                longest = max(longest, run + pending_free if run else 0)
                run = 0
                pending_free = 0
        elif run:
            pending_free += 1
        current += timedelta(days=1)
    current_run = run + pending_free if run else 0
    longest = max(longest, current_run)
    return Streaks(current_run, longest, studied_today)


# --------------------------------------------------------------------------- heatmap


@dataclass(frozen=True)
class Heatmap:
    """Review counts laid out as a calendar: ``weeks[w][d]`` is week column w, weekday d.

    Weeks start on Monday (d = 0). Cells outside the period are None.
    """

    start: date
    end: date
    weeks: list[list[int | None]]
    maximum: int
    total: int
    active_days: int

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "weeks": self.weeks,
            "maximum": self.maximum,
            "total": self.total,
            "active_days": self.active_days,
        }

    def level(self, count: int | None, levels: int = 4) -> int:
        """The colour level of a cell: 0 for none, 1..levels by share of the maximum."""
        if not count or not self.maximum:
            return 0
        return max(1, min(levels, -(-count * levels // self.maximum)))


def heatmap(days: Iterable[DayStat], today: date, months: int = 12) -> Heatmap:
    """The last ``months`` months of activity as a GitHub-style calendar.

    Args:
        days: per-day aggregates.
        today: the last day shown.
        months: how far back (12 → the same day one year ago, plus one day).

    Returns:
        The heatmap.
    """
    start = _months_back(today, months) + timedelta(days=1)
    by_day = _by_day(days)
    first_monday = start - timedelta(days=start.weekday())
    weeks: list[list[int | None]] = []
    maximum = total = active = 0
    current = first_monday
    while current <= today:
        column: list[int | None] = []
        for _ in range(7):
            if current < start or current > today:
                column.append(None)
            else:
                stat = by_day.get(current)
                count = stat.reviews if stat else 0
                column.append(count)
                maximum = max(maximum, count)
                total += count
                active += 1 if count else 0
            current += timedelta(days=1)
        weeks.append(column)
    return Heatmap(start, today, weeks, maximum, total, active)


def _months_back(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


# --------------------------------------------------------------------------- per-day series


@dataclass(frozen=True)
class DayPoint:
    """One day of the reviews/accuracy chart (accuracy None on a day without reviews)."""

    day: date
    reviews: int
    correct: int
    accuracy: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {**asdict(self), "day": self.day.isoformat()}


def daily_series(days: Iterable[DayStat], today: date, span: int = 30) -> list[DayPoint]:
    """Reviews and accuracy for each of the last ``span`` days (today included).

    Args:
        days: per-day aggregates.
        today: the last day.
        span: number of days (30, 90 or 365 on the screen).

    Returns:
        ``span`` points, oldest first, with zeros on days without reviews.
    """
    by_day = _by_day(days)
    points: list[DayPoint] = []
    for offset in range(span - 1, -1, -1):
        day = today - timedelta(days=offset)
        stat = by_day.get(day)
        if stat is None or not stat.reviews:
            points.append(DayPoint(day, 0, 0, None))
        else:
            points.append(DayPoint(day, stat.reviews, stat.correct, stat.correct / stat.reviews))
    return points


# --------------------------------------------------------------------------- forecast


def due_forecast(
    due_by_day: Mapping[date, int], today: date, days: int = 30
) -> list[tuple[date, int]]:
    """How many questions fall due on each of the next ``days`` days.

    Args:
        due_by_day: count of started (non-new) questions by local due day.
        today: the current local day; everything overdue is counted today.
        days: length of the forecast.

    Returns:
        ``days`` pairs (day, count), today first.
    """
    overdue = sum(count for day, count in due_by_day.items() if day < today)
    result = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        count = due_by_day.get(day, 0) + (overdue if offset == 0 else 0)
        result.append((day, count))
    return result


def due_by_day_from_cards(cards: Iterable[CardLike], zone: tzinfo) -> dict[date, int]:
    """Count started questions by local due day (the input of :func:`due_forecast`)."""
    counts: dict[date, int] = {}
    for card in cards:
        if card.state == STATE_NEW:
            continue
        day = local_day(card.due, zone)
        counts[day] = counts.get(day, 0) + 1
    return counts


# --------------------------------------------------------------------------- retention


@dataclass(frozen=True)
class MonthRetention:
    """Retention of mature reviews in one month against the desired retention."""

    month: str
    reviews: int
    passed: int
    retention: float | None
    desired: float

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return asdict(self)


def retention_by_month(
    days: Iterable[DayStat], desired: float, today: date, months: int = 12
) -> list[MonthRetention]:
    """Mature-review retention for each of the last ``months`` months (this one included).

    Args:
        days: per-day aggregates.
        desired: the learner's desired retention (0.70–0.97).
        today: the current local day.
        months: how many months.

    Returns:
        One entry per month, oldest first (retention None in a month without mature reviews).
    """
    sums: dict[str, list[int]] = {}
    for stat in days:
        key = f"{stat.day.year:04d}-{stat.day.month:02d}"
        entry = sums.setdefault(key, [0, 0])
        entry[0] += stat.mature
        entry[1] += stat.mature_passed
    result = []
    for back in range(months - 1, -1, -1):
        index = today.year * 12 + today.month - 1 - back
        key = f"{index // 12:04d}-{index % 12 + 1:02d}"
        reviews, passed = sums.get(key, [0, 0])
        rate = passed / reviews if reviews else None
        result.append(MonthRetention(key, reviews, passed, rate, desired))
    return result


def overall_retention(days: Iterable[DayStat]) -> float | None:
    """Passed mature reviews / mature reviews over the whole history (None without any)."""
    reviews = passed = 0
    for stat in days:
        reviews += stat.mature
        passed += stat.mature_passed
    return passed / reviews if reviews else None


# --------------------------------------------------------------------------- mastery


def interval_of(card: CardLike) -> float:
    """Days between a card's last review and its due time (0 if never reviewed)."""
    if card.last_review is None:
        return 0.0
    return max(0.0, (card.due - card.last_review) / SECONDS_PER_DAY)


def card_class(card: CardLike | None) -> str:
    """``new``, ``learning``, ``young`` or ``mature`` (see the module docstring)."""
    if card is None or card.state == STATE_NEW:
        return "new"
    if card.state in (STATE_LEARNING, STATE_RELEARNING):
        return "learning"
    return "mature" if interval_of(card) >= MATURE_DAYS else "young"


def retrievability(card: CardLike, now_ts: float) -> float:
    """FSRS probability of recall of a card now (0 for a card never reviewed)."""
    from trainer.core.scheduling import retrievability as fsrs_r

    return fsrs_r(card.stability, card.last_review, now_ts)


@dataclass(frozen=True)
class SectionMastery:
    """A section's questions by class, and how many are recalled with probability ≥ 90 %."""

    id: str
    title: str
    total: int
    new: int = 0
    learning: int = 0
    young: int = 0
    mature: int = 0
    recall90: int = 0

    @property
    def mastered(self) -> int:
        """Mature questions."""
        return self.mature

    @property
    def recall90_share(self) -> float:
        """Share of the section's questions with retrievability ≥ 90 %."""
        return self.recall90 / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data with the JSON figures (``learning`` there is learning + young)."""
        return {
            "id": self.id,
            "title": self.title,
            "total": self.total,
            "new": self.new,
            "learning": self.learning + self.young,
            "mastered": self.mature,
            "learning_steps": self.learning,
            "young": self.young,
            "mature": self.mature,
            "recall90": self.recall90,
            "recall90_share": round(self.recall90_share, 4),
        }


def mastery(
    sections: Sequence[tuple[str, str]],
    question_sections: Iterable[tuple[str, str | None]],
    cards: Mapping[str, CardLike],
    now_ts: float,
    *,
    other_title: str = "",
) -> list[SectionMastery]:
    """Mastery per section.

    Args:
        sections: ``(id, title)`` of the bank's sections, in order.
        question_sections: ``(question_id, section_id)`` of every question in the bank.
        cards: the profile's card rows by question id.
        now_ts: UTC epoch seconds of now (for retrievability).
        other_title: title of the pseudo-section ``""`` holding questions without a section
            (listed last, only when there are such questions).

    Returns:
        One entry per section (bank order).
    """
    from trainer.core.scheduling import DECAY, FACTOR

    classes: dict[str, tuple[int, bool]] = {}
    for qid, card in cards.items():
        kind = CLASS_INDEX[card_class(card)]
        recalled = False
        if card.stability and card.last_review is not None:
            elapsed = max(0.0, (now_ts - card.last_review) / SECONDS_PER_DAY)
            recalled = (1.0 + FACTOR * elapsed / card.stability) ** DECAY >= RECALL_TARGET
        classes[qid] = (kind, recalled)
    return mastery_from_classes(sections, question_sections, classes, other_title=other_title)


CLASS_INDEX = {"new": 0, "learning": 1, "young": 2, "mature": 3}
"""Card classes as small integers (the SQL path computes them in the query)."""


def mastery_from_classes(
    sections: Sequence[tuple[str, str]],
    question_sections: Iterable[tuple[str, str | None]],
    classes: Mapping[str, tuple[int, bool]],
    *,
    other_title: str = "",
) -> list[SectionMastery]:
    """Mastery per section from each studied question's class and recall flag.

    Args:
        sections: ``(id, title)`` of the bank's sections, in order.
        question_sections: ``(question_id, section_id)`` of every question in the bank.
        classes: ``{question_id: (class index, retrievability >= 0.9)}`` for studied questions
            (class index as in :data:`CLASS_INDEX`); missing questions are new.
        other_title: title of the pseudo-section ``""`` for questions without a section.

    Returns:
        One entry per section (bank order), then ``""`` if some questions have no section.
    """
    counts: dict[str, list[int]] = {sid: [0, 0, 0, 0, 0, 0] for sid, _ in sections}
    unseen = (0, False)
    for qid, sid in question_sections:
        entry = counts.get(sid) if sid else None
        if entry is None:
            entry = counts.setdefault("", [0, 0, 0, 0, 0, 0])
        kind, recalled = classes.get(qid, unseen)
        entry[0] += 1
        entry[kind + 1] += 1
        if recalled:
            entry[5] += 1
    result = [SectionMastery(sid, title, *counts[sid]) for sid, title in sections]
    if "" in counts:
        result.append(SectionMastery("", other_title, *counts[""]))
    return result


def mastery_total(sections: Iterable[SectionMastery]) -> SectionMastery:
    """All sections added up (id ``""``)."""
    totals = [0, 0, 0, 0, 0, 0]
    for s in sections:
        for i, value in enumerate((s.total, s.new, s.learning, s.young, s.mature, s.recall90)):
            totals[i] += value
    return SectionMastery("", "", *totals)


# --------------------------------------------------------------------------- weak points


@dataclass(frozen=True)
class WeakPoint:
    """A question to look at again and why."""

    question_id: str
    lapses: int
    retrievability: float
    leech: bool
    changed: bool
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {**asdict(self), "reasons": list(self.reasons)}


@dataclass(frozen=True)
class WeakPoints:
    """The four lists of weak points (question ids are in the bank)."""

    most_lapses: list[WeakPoint] = field(default_factory=list)
    lowest_recall: list[WeakPoint] = field(default_factory=list)
    leeches: list[WeakPoint] = field(default_factory=list)
    changed: list[WeakPoint] = field(default_factory=list)
    recent_wrong: list[WeakPoint] = field(default_factory=list)

    def points(self) -> list[WeakPoint]:
        """Every weak question once (leeches, answered wrong lately, most lapses, lowest
        recall, changed)."""
        seen: dict[str, WeakPoint] = {}
        groups = (
            self.leeches,
            self.recent_wrong,
            self.most_lapses,
            self.lowest_recall,
            self.changed,
        )
        for group in groups:
            for point in group:
                seen.setdefault(point.question_id, point)
        return list(seen.values())

    def question_ids(self) -> list[str]:
        """Every weak question once, in list order (to study them now)."""
        return [point.question_id for point in self.points()]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "most_lapses": [p.to_dict() for p in self.most_lapses],
            "lowest_recall": [p.to_dict() for p in self.lowest_recall],
            "leeches": [p.to_dict() for p in self.leeches],
            "changed": [p.to_dict() for p in self.changed],
            "recent_wrong": [p.to_dict() for p in self.recent_wrong],
        }


def weak_points(
    cards: Mapping[str, CardLike],
    current_hashes: Mapping[str, str],
    now_ts: float,
    *,
    limit: int = 10,
    leech_lapses: int = 6,
    recent_wrong: Collection[str] = (),
) -> WeakPoints:
    """The questions the learner keeps forgetting or has just got wrong.

    Args:
        cards: card rows by question id (only questions studied at least once matter).
        current_hashes: content hash of every question in the bank by id (questions no longer
            in the bank are left out).
        now_ts: UTC epoch seconds of now.
        limit: length of the "most lapses" and "lowest recall" lists.
        leech_lapses: lapses that make a leech (scheduling.LEECH_LAPSES).
        recent_wrong: questions whose latest answer (of the last days) was wrong or partial.
            A new question answered wrong is no lapse and, just reviewed, is still above 90 %
            recall, so without this a learner at 50 % correct would have "no weak points".

    Returns:
        Most lapses (≥ 1, most first), lowest retrievability (started questions below 90 %,
        lowest first), every leech, every question changed since last studied, and the
        questions answered wrong lately (lowest recall first, at most ``limit``). Each point's
        ``reasons`` say why: ``leech``, ``lapses``, ``wrong``, ``recall``, ``changed``.
    """
    wrong_ids = set(recent_wrong)
    points: list[WeakPoint] = []
    for qid, card in cards.items():
        current = current_hashes.get(qid)
        if current is None or card.state == STATE_NEW:
            continue
        leech = card.lapses >= leech_lapses
        changed = bool(card.content_hash) and card.content_hash != current
        r = retrievability(card, now_ts)
        reasons = tuple(
            name
            for name, flag in (
                ("leech", leech),
                ("lapses", card.lapses > 0 and not leech),
                ("wrong", qid in wrong_ids),
                ("recall", r < RECALL_TARGET),
                ("changed", changed),
            )
            if flag
        )
        points.append(WeakPoint(qid, card.lapses, r, leech, changed, reasons))
    most = sorted((p for p in points if p.lapses > 0), key=lambda p: (-p.lapses, p.retrievability))
    lowest = sorted(
        (p for p in points if p.retrievability < RECALL_TARGET),
        key=lambda p: (p.retrievability, -p.lapses, p.question_id),
    )
    return WeakPoints(
        most_lapses=most[:limit],
        lowest_recall=lowest[:limit],
        leeches=sorted((p for p in points if p.leech), key=lambda p: -p.lapses),
        changed=sorted((p for p in points if p.changed), key=lambda p: p.question_id),
        recent_wrong=sorted(
            (p for p in points if p.question_id in wrong_ids),
            key=lambda p: (p.retrievability, p.question_id),
        )[:limit],
    )


# --------------------------------------------------------------------------- exams


@dataclass(frozen=True)
class ExamSummary:
    """One finished (or abandoned) exam."""

    id: int
    started_at: float
    finished_at: float | None
    size: int
    score: float | None
    time_limit_s: int | None
    sections: dict[str, float]
    bank_id: str = ""

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to finish (None if never finished)."""
        if self.finished_at is None:
            return None
        return max(0.0, self.finished_at - self.started_at)

    def to_dict(self, zone: tzinfo | None = None) -> dict[str, Any]:
        """Plain data; ``date`` is the local day of the start when a zone is given."""
        start = datetime.fromtimestamp(self.started_at, UTC)
        return {
            "id": self.id,
            "bank_id": self.bank_id,
            "date": (start.astimezone(zone) if zone else start).date().isoformat(),
            "started_at": start.isoformat(),
            "score": self.score,
            "size": self.size,
            "duration_s": self.duration_s,
            "time_limit_s": self.time_limit_s,
            "sections": self.sections,
        }


def exam_from_row(row: Any) -> ExamSummary:
    """An :class:`ExamSummary` from a store exam row/object or a mapping with the same names.

    ``sections`` may be JSON text or a mapping of section id to score (0–1).
    """
    get = (
        row.get
        if isinstance(row, Mapping)
        else lambda key, default=None: getattr(row, key, default)
    )
    raw_sections = get("sections", {}) or {}
    if isinstance(raw_sections, str):
        try:
            raw_sections = json.loads(raw_sections)
        except ValueError:
            raw_sections = {}
    sections: dict[str, float] = {}
    for key, value in dict(raw_sections).items():
        if isinstance(value, Mapping):  # {"correct": n, "total": m} or {"score": x}
            if "score" in value and value["score"] is not None:
                sections[str(key)] = float(value["score"])
            elif value.get("total"):
                sections[str(key)] = float(value.get("correct", 0)) / float(value["total"])
        elif value is not None:
            sections[str(key)] = float(value)
    score = get("score")
    return ExamSummary(
        id=int(get("id", 0) or 0),
        started_at=float(get("started_at", 0.0) or 0.0),
        finished_at=get("finished_at"),
        size=int(get("size", 0) or 0),
        score=float(score) if score is not None else None,
        time_limit_s=get("time_limit_s"),
        sections=sections,
        bank_id=str(get("bank_id", "") or ""),
    )


# --------------------------------------------------------------------------- group view


@dataclass(frozen=True)
class ProfileLine:
    """One profile in the study-group view."""

    profile: str
    reviews_total: int
    reviews_30d: int
    streak_days: int
    mastered: int
    total: int
    retention_mature: float | None

    @property
    def mastery_share(self) -> float:
        """Mastered questions / questions in the bank."""
        return self.mastered / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {**asdict(self), "mastery_share": round(self.mastery_share, 4)}


def group_view(lines: Iterable[ProfileLine]) -> list[ProfileLine]:
    """Profiles side by side, most mastered first, then most reviews, then by name."""
    return sorted(lines, key=lambda p: (-p.mastery_share, -p.reviews_total, p.profile))
