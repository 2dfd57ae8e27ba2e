"""Statistics from the store: the aggregates of :mod:`trainer.core.store.stats_queries` fed to
the pure functions of :mod:`stats`.

Statistics never write SQL: every statement lives in the store package, which reduces a million
reviews to one row per local day and the cards to one row per due day, so only those small
results reach Python; this module turns them into the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from trainer.core import stats
from trainer.core.clock import day_start, local_day
from trainer.core.stats import DayStat
from trainer.core.store import stats_queries as sql
from trainer.core.store.stats_queries import (  # noqa: F401 - their public home was here
    CACHE_VERSION,
    SETTLE_S,
    local_day_sql,
    offset_segments,
)

if TYPE_CHECKING:
    from trainer.core.bank import Bank
    from trainer.core.store import Store

_EPOCH = date(1970, 1, 1)
_DAY = 86400


def _day(number: int) -> date:
    return _EPOCH + timedelta(days=int(number))


def profile_id(store: Store, profile: str) -> int | None:
    """The id of a profile, or None if there is no such profile."""
    found = store.get_profile(profile)
    return found.id if found else None


def day_stats(
    store: Store, profile: str, zone: tzinfo, now: datetime, *, use_cache: bool = True
) -> list[DayStat]:
    """The profile's review log reduced to one :class:`DayStat` per local day (all banks).

    Settled reviews (older than two days) are summed once per local day into a cache file next
    to the parsed banks (per profile and time zone) and updated incrementally (new review ids,
    imports); recent ones are read live. Without a usable cache everything is read live.

    Args:
        store: the store.
        profile: a profile name.
        zone: the learner's time zone.
        now: the current instant (end of the period).
        use_cache: False reads the whole log live (tests compare both).

    Returns:
        Days with reviews, oldest first.
    """
    found = store.get_profile(profile)
    if found is None:
        return []
    key = f"{found.id}:{found.created_at.timestamp():.6f}:{zone_name(zone)}" if use_cache else None
    rows = sql.review_day_sums(store, found.id, zone, now.timestamp(), cache_key=key)
    merged: dict[int, list[Any]] = {}
    for number, count, ok, ms, mature, passed, due in rows:
        entry = merged.get(number)
        if entry is None:
            merged[number] = [count, ok or 0, ms or 0, mature or 0, passed or 0, due]
        else:
            entry[0] += count
            entry[1] += ok or 0
            entry[2] += ms or 0
            entry[3] += mature or 0
            entry[4] += passed or 0
            if due is not None and (entry[5] is None or due < entry[5]):
                entry[5] = due
    result = []
    for number in sorted(merged):
        count, ok, ms, mature, passed, due = merged[number]
        day = _day(number)
        earliest = local_day(datetime.fromtimestamp(due, UTC), zone) if due is not None else None
        result.append(
            DayStat(
                day,
                int(count),
                int(ok),
                int(ms),
                int(mature),
                int(passed),
                earliest if earliest is not None and earliest < day else None,
            )
        )
    return result


@dataclass(frozen=True)
class CardSummary:
    """What the statistics need from the card table of one bank."""

    due_by_day: dict[date, int]
    due_now: int
    overdue_since: date | None
    due_today: bool


def card_summary(
    store: Store, profile: str, bank_id: str | None, zone: tzinfo, now: datetime, days: int = 31
) -> CardSummary:
    """Due counts per local day for the next ``days`` days, in SQL.

    Args:
        store: the store.
        profile: a profile name.
        bank_id: one bank, or None for all.
        zone: the learner's time zone.
        now: the current instant.
        days: how far ahead.

    Returns:
        Due counts by day (overdue ones on their own past days), due now, the most overdue
        day, and whether anything is due today.
    """
    pid = profile_id(store, profile)
    empty = CardSummary({}, 0, None, False)
    if pid is None:
        return empty
    today = local_day(now, zone)
    horizon = day_start(today + timedelta(days=days), zone).timestamp()
    end_of_today = day_start(today + timedelta(days=1), zone).timestamp()
    first = sql.first_due(store, pid, bank_id)
    if first is None:
        return empty
    start_ts = min(first, now.timestamp())
    rows = sql.due_day_counts(store, pid, bank_id, zone, start_ts, horizon)
    due_by_day = {_day(number): count for number, count in rows}
    due_now = sql.due_count(store, pid, bank_id, now.timestamp())
    past = [day for day in due_by_day if day < today]
    return CardSummary(
        due_by_day=due_by_day,
        due_now=due_now,
        overdue_since=min(past) if past else None,
        due_today=first < end_of_today,
    )


@dataclass
class ProfileStats:
    """Every figure of the statistics screen and ``trainer stats`` for one profile and bank."""

    profile: str
    bank_id: str
    bank_title: str
    today: date
    time_zone: str
    desired_retention: float
    reviews_total: int
    today_stats: stats.TodayStats
    streaks: stats.Streaks
    due_now: int
    new_available: int
    retention_mature: float | None
    days: list[DayStat] = field(repr=False)
    forecast: list[tuple[date, int]] = field(default_factory=list)
    retention_months: list[stats.MonthRetention] = field(default_factory=list)
    sections: list[stats.SectionMastery] = field(default_factory=list)
    weak: stats.WeakPoints = field(default_factory=stats.WeakPoints)
    exams: list[stats.ExamSummary] = field(default_factory=list)
    section_titles: dict[str, str] = field(default_factory=dict)
    zone: tzinfo = field(default=UTC, repr=False, compare=False)
    """The learner's time zone (named in ``time_zone``): days, exam dates."""

    def heatmap(self, months: int = 12) -> stats.Heatmap:
        """The activity calendar of the last ``months`` months."""
        return stats.heatmap(self.days, self.today, months)

    def series(self, span: int = 30) -> list[stats.DayPoint]:
        """Reviews and accuracy for the last ``span`` days."""
        return stats.daily_series(self.days, self.today, span)

    @property
    def total(self) -> stats.SectionMastery:
        """All sections added up."""
        return stats.mastery_total(self.sections)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``trainer stats --json``."""
        total = self.total
        return {
            "profile": self.profile,
            "bank_id": self.bank_id,
            "bank_title": self.bank_title,
            "date": self.today.isoformat(),
            "time_zone": self.time_zone,
            "reviews_total": self.reviews_total,
            "reviews_today": self.today_stats.reviewed,
            "correct_today": self.today_stats.correct,
            "accuracy_today": self.today_stats.accuracy,
            "time_today_ms": self.today_stats.time_ms,
            "streak_days": self.streaks.current,
            "longest_streak_days": self.streaks.longest,
            "due_now": self.due_now,
            "new_available": self.new_available,
            "retention_mature": self.retention_mature,
            "desired_retention": self.desired_retention,
            "questions": total.total,
            "mastered": total.mature,
            "recall90_share": round(total.recall90_share, 4),
            "sections": [s.to_dict() for s in self.sections],
            "retention_by_month": [m.to_dict() for m in self.retention_months],
            "reviews_by_day": [p.to_dict() for p in self.series(30)],
            "due_forecast": [{"day": d.isoformat(), "due": n} for d, n in self.forecast],
            "heatmap": {k: v for k, v in self.heatmap().to_dict().items() if k != "weeks"},
            "weak_points": self.weak.to_dict(),
            "exams": [exam.to_dict(self.zone) for exam in self.exams],
        }


def zone_name(zone: tzinfo) -> str:
    """A readable name of a time zone (IANA key when there is one)."""
    return str(getattr(zone, "key", None) or datetime.now(zone).tzname() or "UTC")


def profile_stats(
    store: Store,
    profile: str,
    bank: Bank,
    now: datetime,
    *,
    zone: tzinfo | None = None,
    weak_limit: int = 10,
) -> ProfileStats:
    """Compute every figure for a profile and a bank.

    Args:
        store: the open store.
        profile: the profile name (a missing profile gives zeros).
        bank: the bank whose sections, mastery and weak points are shown.
        now: the current instant.
        zone: the learner's time zone (default: the profile's setting).
        weak_limit: length of the weak-point lists.

    Returns:
        The statistics.
    """
    zone = zone or store.time_zone(profile)
    today = local_day(now, zone)
    now_ts = now.timestamp()
    desired = float(store.get_setting("desired_retention", profile=profile) or 0.9)
    days = day_stats(store, profile, zone, now)
    pid = profile_id(store, profile)
    summary = card_summary(store, profile, bank.id, zone, now)
    from trainer.core.bank.cache import content_hashes

    hashes = content_hashes(bank)
    scan = _card_classes(store, pid, bank.id, now_ts, hashes, weak_limit)
    classes = scan.classes
    sections = stats.mastery_from_classes(
        [(s.id, s.title) for s in bank.sections],
        [(q.id, q.section) for q in bank.questions],
        classes,
    )
    recent_wrong = (
        _recently_wrong(store, pid, bank.id, now_ts, weak_limit + 5) if weak_limit > 0 else set()
    )
    candidates = _weak_cards(store, pid, bank.id, scan.weak_ids | recent_wrong)
    weak = stats.weak_points(
        candidates, hashes, now_ts, limit=weak_limit, recent_wrong=recent_wrong
    )
    studied_in_bank = len(classes)
    exams = [stats.exam_from_row(exam) for exam in _exam_rows(store, profile, bank.id)]
    reviews_total = sum(d.reviews for d in days)
    new_available = len(bank.questions) - studied_in_bank
    return ProfileStats(
        profile=profile,
        bank_id=bank.id,
        bank_title=bank.title,
        today=today,
        time_zone=zone_name(zone),
        zone=zone,
        desired_retention=desired,
        reviews_total=reviews_total,
        today_stats=stats.today_stats(days, today),
        streaks=stats.streaks(days, today, summary.overdue_since, due_today=summary.due_today),
        due_now=summary.due_now,
        new_available=new_available,
        retention_mature=stats.overall_retention(days),
        days=days,
        forecast=stats.due_forecast(summary.due_by_day, today, 30),
        retention_months=stats.retention_by_month(days, desired, today, 12),
        sections=sections,
        weak=weak,
        exams=exams,
        section_titles={s.id: s.title for s in bank.sections},
    )


@dataclass(frozen=True)
class _CardStub:
    question_id: str
    due: float
    state: int
    stability: float | None
    last_review: float | None
    lapses: int
    content_hash: str


@dataclass
class _CardScan:
    classes: dict[str, tuple[int, bool]]
    changed: set[str]
    weak_ids: set[str]


def _card_classes(
    store: Store,
    pid: int | None,
    bank_id: str,
    now_ts: float,
    hashes: dict[str, str],
    weak_limit: int = 10,
) -> _CardScan:
    """One pass over the bank's cards: class and recall flag of every studied question, those
    changed since studied, and the few that can be weak points."""
    import heapq

    from trainer.core.scheduling import LEECH_LAPSES

    scan = _CardScan({}, set(), set())
    if pid is None:
        return scan
    rows = sql.card_classes(store, pid, bank_id, now_ts)
    classes = scan.classes
    changed = scan.changed
    lapsed: list[tuple[int, str]] = []
    overdue: list[tuple[float, str]] = []
    for qid, kind, recalled, content_hash, lapses, ratio in rows:
        current = hashes.get(qid)
        if current is None:
            continue  # no longer in the bank
        classes[qid] = (kind, bool(recalled))
        if content_hash and content_hash != current:
            changed.add(qid)
        if lapses:
            lapsed.append((lapses, qid))
            if lapses >= LEECH_LAPSES:
                scan.weak_ids.add(qid)
        if ratio is not None:
            overdue.append((ratio, qid))
    if weak_limit > 0:
        scan.weak_ids.update(qid for _, qid in heapq.nlargest(weak_limit + 5, lapsed))
        scan.weak_ids.update(qid for _, qid in heapq.nlargest(weak_limit + 5, overdue))
    scan.weak_ids.update(changed)
    return scan


RECENT_WRONG_DAYS = 14
"""How far back a wrong answer makes a question a weak point (if it is still the latest)."""


def _recently_wrong(
    store: Store, pid: int | None, bank_id: str, now_ts: float, limit: int
) -> set[str]:
    """The (at most ``limit``) questions most recently answered wrong or partly, whose latest
    answer of the last :data:`RECENT_WRONG_DAYS` days it was."""
    if pid is None:
        return set()
    rows = sql.recent_verdicts(store, pid, bank_id, now_ts - RECENT_WRONG_DAYS * _DAY)
    latest: dict[str, str] = {}
    for qid, verdict in rows:  # re-inserted: the dict ends in the order of the latest answers
        latest.pop(qid, None)
        latest[qid] = verdict
    wrong = [qid for qid, verdict in latest.items() if verdict in ("wrong", "partial")]
    return set(wrong[-limit:]) if limit > 0 else set()


def _weak_cards(store: Store, pid: int | None, bank_id: str, ids: set[str]) -> dict[str, _CardStub]:
    """The card rows of the given questions (the weak-point candidates)."""
    if pid is None or not ids:
        return {}
    rows = sql.card_stubs(store, pid, bank_id, sorted(ids))
    return {row[0]: _CardStub(*row) for row in rows}


def _exam_rows(store: Store, profile: str, bank_id: str) -> list[dict[str, Any]]:
    rows = []
    for exam in store.exams(profile):
        if exam.bank_id != bank_id:
            continue
        rows.append(
            {
                "id": exam.id,
                "bank_id": exam.bank_id,
                "started_at": exam.started_at.timestamp(),
                "finished_at": exam.finished_at.timestamp() if exam.finished_at else None,
                "size": exam.size,
                "score": exam.score,
                "time_limit_s": exam.time_limit_s,
                "sections": exam.sections,
            }
        )
    return rows


def group_lines(
    store: Store,
    bank: Bank,
    now: datetime,
    *,
    known: dict[str, ProfileStats] | None = None,
) -> list[stats.ProfileLine]:
    """Every profile on this machine side by side (the study-group view), best first.

    A line depends on the time only through the profile's day (streaks, the last 30 days), so
    the lines of the other profiles are kept while the store is unchanged and their day is the
    same (:class:`~trainer.core.store.overview_queries.StampedMemo`): opening the statistics
    again computes only the learner's own figures.

    Args:
        store: the store.
        bank: the bank whose mastery is compared.
        now: the current instant.
        known: figures already computed for some profiles (by name), reused as they are.

    Returns:
        One line per profile.
    """
    from trainer.core.store.overview_queries import memo

    kept = memo(store)
    lines = []
    for profile in store.list_profiles():
        figures = (known or {}).get(profile.name)
        if figures is not None:
            lines.append(group_line(figures))
            continue
        zone = store.time_zone(profile.name)
        key = ("group-line", id(bank), bank.id, profile.name, local_day(now, zone), str(zone))

        def compute(name: str = profile.name) -> tuple[Bank, stats.ProfileLine]:
            return bank, group_line(profile_stats(store, name, bank, now, weak_limit=0))

        found_bank, line = kept.get(store, key, compute)
        if found_bank is not bank:  # another bank object under a reused id: not this one's
            line = compute()[1]
        lines.append(line)
    return stats.group_view(lines)


def group_line(figures: ProfileStats) -> stats.ProfileLine:
    """A profile's line in the study-group view, from its figures."""
    total = figures.total
    return stats.ProfileLine(
        profile=figures.profile,
        reviews_total=figures.reviews_total,
        reviews_30d=sum(p.reviews for p in figures.series(30)),
        streak_days=figures.streaks.current,
        mastered=total.mature,
        total=total.total,
        retention_mature=figures.retention_mature,
    )
