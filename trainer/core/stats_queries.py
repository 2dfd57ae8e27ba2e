"""Statistics from the store: SQL aggregation feeding the pure functions of :mod:`stats`.

A profile with a million reviews must not become a million Python objects: the review log is
reduced in SQLite to one row per local day (``GROUP BY`` over the epoch day shifted by the
learner's UTC offset, with DST transitions as a ``CASE``), the cards to one row per due day, and
only those small results reach Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from trainer.core import stats
from trainer.core.clock import day_start, local_day
from trainer.core.stats import DayStat

if TYPE_CHECKING:
    from trainer.core.bank import Bank
    from trainer.core.store import Store

_EPOCH = date(1970, 1, 1)
_DAY = 86400

# The FSRS card before each review is JSON; its due time and interval are read in SQL.
_DUE_BEFORE = "unixepoch(json_extract(card_before, '$.due'))"
_INTERVAL_BEFORE = (
    "(julianday(json_extract(card_before, '$.due')) - "
    "julianday(json_extract(card_before, '$.last_review')))"
)


def _query(store: Store, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    # TODO(store): a public Store.query(sql, params) would be nicer than the private reader.
    return store._read(sql, params)


def offset_segments(zone: tzinfo, start_ts: float, end_ts: float) -> list[tuple[float, int]]:
    """The zone's UTC offsets over a period, as ``(until_ts, offset_seconds)`` segments.

    Args:
        zone: the learner's time zone.
        start_ts: UTC epoch seconds, start of the period.
        end_ts: end of the period.

    Returns:
        Segments in time order; the last one has ``until_ts`` = +inf.
    """

    def offset(ts: float) -> int:
        moment = datetime.fromtimestamp(ts, UTC).astimezone(zone)
        delta = moment.utcoffset()
        return int(delta.total_seconds()) if delta else 0

    segments: list[tuple[float, int]] = []
    current = offset(start_ts)
    ts = start_ts
    step = 6 * 3600  # zones never change offset twice within six hours
    while ts < end_ts:
        nxt = min(ts + step, end_ts)
        if offset(nxt) != current:
            low, high = ts, nxt  # offset(low) == current != offset(high)
            while high - low > 1:
                mid = (low + high) // 2
                if offset(mid) == current:
                    low = mid
                else:
                    high = mid
            segments.append((float(high), current))
            current = offset(high)
            ts = high
        else:
            ts = nxt
    segments.append((float("inf"), current))
    return segments


def local_day_sql(column: str, zone: tzinfo, start_ts: float, end_ts: float) -> tuple[str, list]:
    """An SQL expression giving the local day number (days since 1970-01-01) of ``column``.

    Returns:
        ``(expression, parameters)``.
    """
    segments = offset_segments(zone, start_ts, end_ts)
    if len(segments) == 1:
        return f"CAST(({column} + ?) / {_DAY} AS INTEGER)", [segments[0][1]]
    cases = " ".join(f"WHEN {column} < ? THEN ?" for _ in segments[:-1])
    params: list[Any] = []
    for until, off in segments[:-1]:
        params.extend([until, off])
    params.append(segments[-1][1])
    return f"CAST(({column} + CASE {cases} ELSE ? END) / {_DAY} AS INTEGER)", params


def _day(number: int) -> date:
    return _EPOCH + timedelta(days=int(number))


def profile_id(store: Store, profile: str) -> int | None:
    """The id of a profile, or None if there is no such profile."""
    found = store.get_profile(profile)
    return found.id if found else None


def day_stats(store: Store, profile: str, zone: tzinfo, now: datetime) -> list[DayStat]:
    """The profile's review log reduced to one :class:`DayStat` per local day (all banks).

    Args:
        store: the store.
        profile: a profile name.
        zone: the learner's time zone.
        now: the current instant (end of the period).

    Returns:
        Days with reviews, oldest first.
    """
    pid = profile_id(store, profile)
    if pid is None:
        return []
    bounds = _query(
        store, "SELECT MIN(reviewed_at), MAX(reviewed_at) FROM reviews WHERE profile_id = ?", [pid]
    )
    if not bounds or bounds[0][0] is None:
        return []
    start_ts, end_ts = float(bounds[0][0]), max(float(bounds[0][1]), now.timestamp())
    day_expr, day_params = local_day_sql("reviewed_at", zone, start_ts - _DAY, end_ts + _DAY)
    sql = (
        "SELECT d, COUNT(*), SUM(ok), SUM(ms), SUM(mature), SUM(mature * passed), MIN(due) FROM ("
        f"SELECT {day_expr} AS d, verdict IN ('correct', 'close') AS ok, "
        "COALESCE(duration_ms, 0) AS ms, rating > 1 AS passed, "
        f"CASE WHEN card_before IS NULL THEN 0 ELSE {_INTERVAL_BEFORE} >= ? END AS mature, "
        f"CASE WHEN card_before IS NULL THEN NULL ELSE {_DUE_BEFORE} END AS due "
        "FROM reviews WHERE profile_id = ?) GROUP BY d ORDER BY d"
    )
    rows = _query(store, sql, [*day_params, stats.MATURE_DAYS, pid])
    result = []
    for number, count, ok, ms, mature, passed, due in rows:
        day = _day(number)
        earliest = local_day(datetime.fromtimestamp(due, UTC), zone) if due is not None else None
        result.append(
            DayStat(
                day,
                int(count),
                int(ok or 0),
                int(ms or 0),
                int(mature or 0),
                int(passed or 0),
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
    bank_sql = " AND bank_id = ?" if bank_id is not None else ""
    bank_params = [bank_id] if bank_id is not None else []
    first = _query(
        store,
        f"SELECT MIN(due) FROM cards WHERE profile_id = ? AND state != 0{bank_sql}",
        [pid, *bank_params],
    )
    if not first or first[0][0] is None:
        return empty
    start_ts = min(float(first[0][0]), now.timestamp())
    day_expr, day_params = local_day_sql("due", zone, start_ts - _DAY, horizon + _DAY)
    rows = _query(
        store,
        f"SELECT {day_expr} AS d, COUNT(*) FROM cards WHERE profile_id = ? AND state != 0"
        f"{bank_sql} AND due < ? GROUP BY d",
        [*day_params, pid, *bank_params, horizon],
    )
    due_by_day = {_day(number): int(count) for number, count in rows}
    due_now = _query(
        store,
        f"SELECT COUNT(*) FROM cards WHERE profile_id = ? AND state != 0{bank_sql} AND due <= ?",
        [pid, *bank_params, now.timestamp()],
    )[0][0]
    past = [day for day in due_by_day if day < today]
    return CardSummary(
        due_by_day=due_by_day,
        due_now=int(due_now),
        overdue_since=min(past) if past else None,
        due_today=float(first[0][0]) < end_of_today,
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
            "exams": [exam.to_dict() for exam in self.exams],
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
    from trainer.i18n import t

    zone = zone or store.time_zone(profile)
    today = local_day(now, zone)
    now_ts = now.timestamp()
    desired = float(store.get_setting("desired_retention", profile=profile) or 0.9)
    days = day_stats(store, profile, zone, now)
    cards = store.card_states(profile, bank.id) if profile_id(store, profile) else {}
    summary = card_summary(store, profile, bank.id, zone, now)
    sections = stats.mastery(
        [(s.id, s.title) for s in bank.sections],
        [(q.id, q.section) for q in bank.questions],
        cards,
        now_ts,
        other_title=t("stats.section.other"),
    )
    hashes = {q.id: q.content_hash for q in bank.questions}
    weak = stats.weak_points(cards, hashes, now_ts, limit=weak_limit)
    exams = [stats.exam_from_row(exam) for exam in _exam_rows(store, profile, bank.id)]
    reviews_total = sum(d.reviews for d in days)
    new_available = sum(1 for q in bank.questions if q.id not in cards)
    return ProfileStats(
        profile=profile,
        bank_id=bank.id,
        bank_title=bank.title,
        today=today,
        time_zone=zone_name(zone),
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


def group_lines(store: Store, bank: Bank, now: datetime) -> list[stats.ProfileLine]:
    """Every profile on this machine side by side (the study-group view), best first.

    Args:
        store: the store.
        bank: the bank whose mastery is compared.
        now: the current instant.

    Returns:
        One line per profile.
    """
    lines = []
    for profile in store.list_profiles():
        figures = profile_stats(store, profile.name, bank, now, weak_limit=0)
        last30 = sum(p.reviews for p in figures.series(30))
        total = figures.total
        lines.append(
            stats.ProfileLine(
                profile=profile.name,
                reviews_total=figures.reviews_total,
                reviews_30d=last30,
                streak_days=figures.streaks.current,
                mastered=total.mature,
                total=total.total,
                retention_mature=figures.retention_mature,
            )
        )
    return stats.group_view(lines)
