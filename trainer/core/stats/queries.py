"""Statistics from the store: SQL aggregation feeding the pure functions of :mod:`stats`.

A profile with a million reviews must not become a million Python objects: the review log is
reduced in SQLite to one row per local day (``GROUP BY`` over the epoch day shifted by the
learner's UTC offset, with DST transitions as a ``CASE``), the cards to one row per due day, and
only those small results reach Python.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.core import stats
from trainer.core.clock import day_start, local_day
from trainer.core.stats import DayStat
from trainer.core.store.locking import begin_immediate

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
    return store.query(sql, params)


_EARLIEST_TS = 946_684_800.0  # 2000-01-01 UTC
_LATEST_TS = 4_102_444_800.0  # 2100-01-01 UTC


def offset_segments(zone: tzinfo, start_ts: float, end_ts: float) -> list[tuple[float, int]]:
    """The zone's UTC offsets over a period, as ``(until_ts, offset_seconds)`` segments.

    Args:
        zone: the learner's time zone.
        start_ts: UTC epoch seconds, start of the period.
        end_ts: end of the period.

    Returns:
        Segments in time order; the last one has ``until_ts`` = +inf.
    """
    # A store may hold any time (an import from before times were bounded: year 1, year
    # 9999); offsets are only looked up within 2000–2100, the first and last segments cover
    # the rest, so a stray row can neither overflow datetime nor make this loop for ages.
    start_ts = min(max(start_ts, _EARLIEST_TS), _LATEST_TS)
    end_ts = min(max(end_ts, _EARLIEST_TS), _LATEST_TS)
    # Whole days around the period, so that repeated calls hit the memo.
    first = int(start_ts // _DAY) - 1
    last = int(end_ts // _DAY) + 2
    return list(_segments(zone, first, last))


@functools.lru_cache(maxsize=64)
def _segments(zone: tzinfo, first_day: int, last_day: int) -> tuple[tuple[float, int], ...]:
    def offset(ts: float) -> int:
        delta = datetime.fromtimestamp(ts, UTC).astimezone(zone).utcoffset()
        return int(delta.total_seconds()) if delta else 0

    segments: list[tuple[float, int]] = []
    ts = first_day * _DAY
    end_ts = last_day * _DAY
    current = offset(ts)
    while ts < end_ts:  # offsets never change twice within a day
        nxt = min(ts + _DAY, end_ts)
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
    return tuple(segments)


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


CACHE_VERSION = 2
SETTLE_S = 2 * _DAY
"""Reviews younger than this are always read live (a rating can still be overridden)."""


def _day_select(where: str, day_expr: str) -> str:
    """Per-local-day sums of the reviews matching ``where`` (``day_expr`` maps reviewed_at)."""
    return (
        "SELECT d, COUNT(*), SUM(ok), SUM(ms), SUM(mature), SUM(mature * passed), MIN(due) FROM ("
        f"SELECT {day_expr} AS d, verdict IN ('correct', 'close') AS ok, "
        "COALESCE(duration_ms, 0) AS ms, rating > 1 AS passed, "
        f"CASE WHEN card_before IS NULL THEN 0 ELSE {_INTERVAL_BEFORE} >= {stats.MATURE_DAYS} "
        "END AS mature, "
        f"CASE WHEN card_before IS NULL THEN NULL ELSE {_DUE_BEFORE} END AS due "
        f"FROM reviews WHERE {where}) GROUP BY d"
    )


def _cache_path(store: Store) -> Path:
    from trainer import paths

    digest = hashlib.sha1(str(Path(store.path).resolve()).encode("utf-8")).hexdigest()[:16]
    return paths.cache_dir() / f"stats-{digest}.sqlite3"


def _open_cache(store: Store) -> sqlite3.Connection:
    path = _cache_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    if conn.execute("PRAGMA user_version").fetchone()[0] != CACHE_VERSION:
        # Another layout (an older trainer): the cache is only a cache, start afresh.
        conn.execute("DROP TABLE IF EXISTS meta")
        conn.execute("DROP TABLE IF EXISTS days")
        conn.execute("DROP TABLE IF EXISTS buckets")
        conn.execute(f"PRAGMA user_version = {CACHE_VERSION}")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS meta (cache_key TEXT PRIMARY KEY, last_id INTEGER, "
        "last_uid TEXT, cutoff REAL, version INTEGER)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS days (cache_key TEXT, d INTEGER, reviews INTEGER, "
        "ok INTEGER, ms INTEGER, mature INTEGER, passed INTEGER, due REAL, "
        "PRIMARY KEY (cache_key, d)) WITHOUT ROWID"
    )
    return conn


_UPSERT = (
    "INSERT INTO days VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key, d) DO UPDATE "
    "SET reviews = reviews + excluded.reviews, ok = ok + excluded.ok, ms = ms + excluded.ms, "
    "mature = mature + excluded.mature, passed = passed + excluded.passed, "
    "due = CASE WHEN due IS NULL THEN excluded.due WHEN excluded.due IS NULL THEN due "
    "ELSE MIN(due, excluded.due) END"
)


def _cached_days(
    store: Store, pid: int, key: str, zone: tzinfo, now_ts: float
) -> tuple[list[tuple[Any, ...]], float]:
    """Per-local-day sums of the settled reviews, maintained incrementally in the cache file.

    The cache holds, per profile and time zone, the day sums of every review with an id up to
    ``last_id`` and a time before ``cutoff``. Each call adds the reviews that arrived since
    (new ids, e.g. an import of old reviews) and those that settled since (older than two
    days). The review ``last_id`` must still carry ``last_uid``, otherwise the store was
    replaced and the cache is rebuilt.

    Returns:
        ``(rows, cutoff)``: rows ``(day number, reviews, ok, ms, mature, passed, min due)`` of
        the reviews before ``cutoff``; later reviews are the caller's to read live.
    """
    conn = _open_cache(store)
    try:
        begin_immediate(conn, timeout_s=30)
        try:
            top = _query(store, "SELECT id, uid FROM reviews ORDER BY id DESC LIMIT 1")
            max_id, max_uid = (int(top[0][0]), str(top[0][1])) if top else (0, "")
            meta = conn.execute(
                "SELECT last_id, last_uid, cutoff, version FROM meta WHERE cache_key = ?", (key,)
            ).fetchone()
            if meta is not None and meta[3] == CACHE_VERSION and meta[0]:
                found = _query(store, "SELECT uid FROM reviews WHERE id = ?", [meta[0]])
                if not found or str(found[0][0]) != meta[1]:
                    meta = None  # the store was replaced: start again
            elif meta is not None and meta[3] != CACHE_VERSION:
                meta = None
            if meta is None:
                conn.execute("DELETE FROM days WHERE cache_key = ?", (key,))
                old_last, old_cut = 0, 0.0
            else:
                old_last, old_cut = int(meta[0]), float(meta[2])
            cutoff = max(old_cut, float(int(now_ts - SETTLE_S)))
            first = _query(
                store, "SELECT MIN(reviewed_at) FROM reviews WHERE profile_id = ?", [pid]
            )
            start_ts = float(first[0][0]) if first and first[0][0] is not None else now_ts
            day_expr, day_params = local_day_sql(
                "reviewed_at", zone, start_ts - _DAY, max(now_ts, cutoff) + _DAY
            )
            new_rows: list[tuple[Any, ...]] = []
            if old_last == 0:
                new_rows += _query(
                    store,
                    _day_select("profile_id = ? AND reviewed_at < ? AND id <= ?", day_expr),
                    [*day_params, pid, cutoff, max_id],
                )
            else:
                if cutoff > old_cut:
                    new_rows += _query(
                        store,
                        _day_select(
                            "profile_id = ? AND reviewed_at >= ? AND reviewed_at < ? AND id <= ?",
                            day_expr,
                        ),
                        [*day_params, pid, old_cut, cutoff, old_last],
                    )
                if max_id > old_last:
                    # "+column" keeps SQLite on the rowid range (only the new rows).
                    new_rows += _query(
                        store,
                        _day_select(
                            "id > ? AND id <= ? AND +profile_id = ? AND +reviewed_at < ?",
                            day_expr,
                        ),
                        [*day_params, old_last, max_id, pid, cutoff],
                    )
            conn.executemany(_UPSERT, [(key, *row) for row in new_rows])
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?, ?, ?, ?)",
                (key, max_id, max_uid, cutoff, CACHE_VERSION),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        rows = conn.execute(
            "SELECT d, reviews, ok, ms, mature, passed, due FROM days WHERE cache_key = ?",
            (key,),
        ).fetchall()
        return rows, cutoff
    finally:
        conn.close()


def _day_rows_live(
    store: Store, pid: int, zone: tzinfo, since: float | None, now_ts: float
) -> list[tuple[Any, ...]]:
    where = "profile_id = ?" + (" AND reviewed_at >= ?" if since is not None else "")
    params: list[Any] = [pid] + ([since] if since is not None else [])
    # Two queries: SQLite answers a lone MIN() or MAX() from the index, not both at once.
    low = _query(store, f"SELECT MIN(reviewed_at) FROM reviews WHERE {where}", params)
    if not low or low[0][0] is None:
        return []
    high = _query(store, f"SELECT MAX(reviewed_at) FROM reviews WHERE {where}", params)
    start_ts, end_ts = float(low[0][0]), max(float(high[0][0]), now_ts)
    day_expr, day_params = local_day_sql("reviewed_at", zone, start_ts - _DAY, end_ts + _DAY)
    return _query(store, _day_select(where, day_expr), [*day_params, *params])


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
    pid = found.id
    now_ts = now.timestamp()
    rows: list[tuple[Any, ...]] = []
    since: float | None = None
    if use_cache:
        key = f"{pid}:{found.created_at.timestamp():.6f}:{zone_name(zone)}"
        try:
            rows, since = _cached_days(store, pid, key, zone, now_ts)
        except (OSError, sqlite3.Error):
            rows, since = [], None
    rows = rows + _day_rows_live(store, pid, zone, since, now_ts)
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


_CLASS_SQL = (
    "CASE WHEN state = 0 THEN 0 WHEN state IN (1, 3) THEN 1 "
    f"WHEN due - last_review >= {stats.MATURE_DAYS * _DAY} THEN 3 ELSE 2 END"
)
# FSRS defines stability as the interval at which recall falls to 90 %, so R >= 0.9 exactly
# when the time since the last review is at most the stability.
_RECALL90_SQL = (
    "(stability IS NOT NULL AND last_review IS NOT NULL AND "
    f"(? - last_review) <= stability * {_DAY})"
)
_STUB_COLUMNS = "question_id, due, state, stability, last_review, lapses, content_hash"


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
    rows = _query(
        store,
        f"SELECT question_id, {_CLASS_SQL}, {_RECALL90_SQL}, content_hash, lapses, "
        "CASE WHEN stability > 0 AND last_review IS NOT NULL "
        "THEN (? - last_review) / stability ELSE NULL END FROM cards "
        # ORDER BY makes SQLite walk the primary-key index (far fewer page reads).
        "WHERE profile_id = ? AND bank_id = ? AND state != 0 ORDER BY question_id",
        [now_ts, now_ts, pid, bank_id],
    )
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
    answer of the last :data:`RECENT_WRONG_DAYS` days it was (the reviews_profile_time index
    keeps this to those days' rows)."""
    if pid is None:
        return set()
    rows = _query(
        store,
        "SELECT question_id, verdict FROM reviews WHERE profile_id = ? AND reviewed_at >= ? "
        "AND bank_id = ? ORDER BY reviewed_at, id",
        [pid, now_ts - RECENT_WRONG_DAYS * _DAY, bank_id],
    )
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
    wanted = sorted(ids)
    result: dict[str, _CardStub] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = _query(
            store,
            f"SELECT {_STUB_COLUMNS} FROM cards WHERE profile_id = ? AND bank_id = ? "
            f"AND question_id IN ({marks})",
            [pid, bank_id, *chunk],
        )
        result.update((row[0], _CardStub(*row)) for row in rows)
    return result


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

    Args:
        store: the store.
        bank: the bank whose mastery is compared.
        now: the current instant.
        known: figures already computed for some profiles (by name), reused as they are.

    Returns:
        One line per profile.
    """
    lines = []
    for profile in store.list_profiles():
        figures = (known or {}).get(profile.name) or profile_stats(
            store, profile.name, bank, now, weak_limit=0
        )
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
