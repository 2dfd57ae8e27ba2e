"""The statistics' SQL: aggregates of the review log and the card table, as plain rows.

:mod:`trainer.core.stats.queries` computes every figure from what these functions return and
writes no SQL of its own. A profile with a million reviews must not become a million Python
objects: the review log is reduced in SQLite to one row per local day (``GROUP BY`` over the
epoch day shifted by the learner's UTC offset, with DST transitions as a ``CASE``), the cards to
one row per due day, and only those small results reach Python.

Settled reviews (older than :data:`SETTLE_S`) are summed once per local day into a cache file
next to the parsed banks and updated incrementally; see :func:`review_day_sums` and
docs/performance.md for the measurement that keeps it.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.core.stats import MATURE_DAYS
from trainer.core.store.locking import begin_immediate

if TYPE_CHECKING:
    from trainer.core.store import Store

_DAY = 86400

DayRow = tuple[int, int, int, int, int, int, float | None]
"""One local day of reviews: (day number since 1970-01-01, reviews, remembered, total ms,
answers to mature cards, of them passed, earliest due time of a card answered that day)."""

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


CACHE_VERSION = 2
SETTLE_S = 2 * _DAY
"""Reviews younger than this are always read live (a rating can still be overridden)."""


def _day_select(where: str, day_expr: str) -> str:
    """Per-local-day sums of the reviews matching ``where`` (``day_expr`` maps reviewed_at)."""
    return (
        "SELECT d, COUNT(*), SUM(ok), SUM(ms), SUM(mature), SUM(mature * passed), MIN(due) FROM ("
        f"SELECT {day_expr} AS d, verdict IN ('correct', 'close') AS ok, "
        "COALESCE(duration_ms, 0) AS ms, rating > 1 AS passed, "
        f"CASE WHEN card_before IS NULL THEN 0 ELSE {_INTERVAL_BEFORE} >= {MATURE_DAYS} "
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
    replaced and the cache is rebuilt. When there is nothing to add, the file is only read
    (its cutoff stays where it was; the caller reads the reviews after it live): a write
    transaction commits to disk, 3–25 ms each time the home screen counts today's reviews.

    Returns:
        ``(rows, cutoff)``: rows ``(day number, reviews, ok, ms, mature, passed, min due)`` of
        the reviews before ``cutoff``; later reviews are the caller's to read live.
    """
    conn = _open_cache(store)
    try:
        update = _days_update(store, conn, pid, key, zone, now_ts)
        if update.needed:
            begin_immediate(conn, timeout_s=30)
            try:
                # Again inside the transaction: another process may have updated it meanwhile.
                update = _days_update(store, conn, pid, key, zone, now_ts)
                if update.reset:
                    conn.execute("DELETE FROM days WHERE cache_key = ?", (key,))
                conn.executemany(_UPSERT, [(key, *row) for row in update.new_rows])
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES (?, ?, ?, ?, ?)",
                    (key, update.max_id, update.max_uid, update.cutoff, CACHE_VERSION),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        rows = conn.execute(
            "SELECT d, reviews, ok, ms, mature, passed, due FROM days WHERE cache_key = ?",
            (key,),
        ).fetchall()
        return rows, update.cutoff if update.needed else update.old_cutoff
    finally:
        conn.close()


@dataclass(frozen=True)
class _DaysUpdate:
    """What bringing the day cache of one profile and zone up to date takes."""

    reset: bool
    """The cache has no valid entry (first use, another layout, a replaced store)."""
    new_rows: list[tuple[Any, ...]]
    """Day sums to add: reviews that settled or arrived since the last update."""
    max_id: int
    max_uid: str
    cutoff: float
    """The new cutoff (reviews before it are in the cache once the rows are added)."""
    old_cutoff: float

    @property
    def needed(self) -> bool:
        return self.reset or bool(self.new_rows)


def _days_update(
    store: Store, conn: sqlite3.Connection, pid: int, key: str, zone: tzinfo, now_ts: float
) -> _DaysUpdate:
    """Reads what :func:`_cached_days` must add to the cache (writes nothing)."""
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
        old_last, old_cut = 0, 0.0
    else:
        old_last, old_cut = int(meta[0]), float(meta[2])
    cutoff = max(old_cut, float(int(now_ts - SETTLE_S)))
    first = _query(store, "SELECT MIN(reviewed_at) FROM reviews WHERE profile_id = ?", [pid])
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
    return _DaysUpdate(meta is None, new_rows, max_id, max_uid, cutoff, old_cut)


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


def review_day_sums(
    store: Store, pid: int, zone: tzinfo, now_ts: float, *, cache_key: str | None
) -> list[tuple[Any, ...]]:
    """The profile's review log summed per local day: rows ``(day number, reviews, remembered,
    ms, mature, passed, earliest due)`` — a day may come in two rows (its settled part from the
    cache, its recent part live); the caller adds them up.

    Args:
        store: the store.
        pid: the profile's id.
        zone: the learner's time zone (days are local days).
        now_ts: the current instant, UTC epoch seconds.
        cache_key: names the profile and zone in the cache file; None reads everything live.
    """
    rows: list[tuple[Any, ...]] = []
    since: float | None = None
    if cache_key is not None:
        try:
            rows, since = _cached_days(store, pid, cache_key, zone, now_ts)
        except (OSError, sqlite3.Error):
            rows, since = [], None
    return rows + _day_rows_live(store, pid, zone, since, now_ts)


def first_due(store: Store, pid: int, bank_id: str | None) -> float | None:
    """The earliest due time of the profile's studied cards (of one bank, or all)."""
    bank_sql, bank_params = _bank(bank_id)
    rows = _query(
        store,
        f"SELECT MIN(due) FROM cards WHERE profile_id = ? AND state != 0{bank_sql}",
        [pid, *bank_params],
    )
    return float(rows[0][0]) if rows and rows[0][0] is not None else None


def due_day_counts(
    store: Store,
    pid: int,
    bank_id: str | None,
    zone: tzinfo,
    start_ts: float,
    horizon_ts: float,
) -> list[tuple[int, int]]:
    """Studied cards due before ``horizon_ts`` counted per local day: ``(day number, count)``
    (``start_ts`` is no later than the earliest due time; it bounds the zone's offsets)."""
    bank_sql, bank_params = _bank(bank_id)
    day_expr, day_params = local_day_sql("due", zone, start_ts - _DAY, horizon_ts + _DAY)
    rows = _query(
        store,
        f"SELECT {day_expr} AS d, COUNT(*) FROM cards WHERE profile_id = ? AND state != 0"
        f"{bank_sql} AND due < ? GROUP BY d",
        [*day_params, pid, *bank_params, horizon_ts],
    )
    return [(int(number), int(count)) for number, count in rows]


def due_count(store: Store, pid: int, bank_id: str | None, now_ts: float) -> int:
    """Studied cards due at ``now_ts``."""
    bank_sql, bank_params = _bank(bank_id)
    rows = _query(
        store,
        f"SELECT COUNT(*) FROM cards WHERE profile_id = ? AND state != 0{bank_sql} AND due <= ?",
        [pid, *bank_params, now_ts],
    )
    return int(rows[0][0])


def _bank(bank_id: str | None) -> tuple[str, list[Any]]:
    return (" AND bank_id = ?", [bank_id]) if bank_id is not None else ("", [])


_CLASS_SQL = (
    "CASE WHEN state = 0 THEN 0 WHEN state IN (1, 3) THEN 1 "
    f"WHEN due - last_review >= {MATURE_DAYS * _DAY} THEN 3 ELSE 2 END"
)
# FSRS defines stability as the interval at which recall falls to 90 %, so R >= 0.9 exactly
# when the time since the last review is at most the stability.
_RECALL90_SQL = (
    "(stability IS NOT NULL AND last_review IS NOT NULL AND "
    f"(? - last_review) <= stability * {_DAY})"
)
CARD_STUB_COLUMNS = ("question_id", "due", "state", "stability", "last_review", "lapses",
                     "content_hash")  # fmt: skip
"""The columns :func:`card_stubs` returns, in order."""


def card_classes(
    store: Store, pid: int, bank_id: str, now_ts: float
) -> list[tuple[str, int, int, str, int, float | None]]:
    """Every studied card of a bank, by question id: ``(question id, class 0-3, recalled at 90 %
    (0/1), content hash, lapses, elapsed/stability or None)``."""
    return _query(
        store,
        f"SELECT question_id, {_CLASS_SQL}, {_RECALL90_SQL}, content_hash, lapses, "
        "CASE WHEN stability > 0 AND last_review IS NOT NULL "
        "THEN (? - last_review) / stability ELSE NULL END FROM cards "
        # ORDER BY makes SQLite walk the primary-key index (far fewer page reads).
        "WHERE profile_id = ? AND bank_id = ? AND state != 0 ORDER BY question_id",
        [now_ts, now_ts, pid, bank_id],
    )


def recent_verdicts(store: Store, pid: int, bank_id: str, since_ts: float) -> list[tuple[str, str]]:
    """``(question id, verdict)`` of the bank's answers since ``since_ts``, oldest first (the
    reviews_profile_time index keeps this to those days' rows)."""
    return _query(
        store,
        "SELECT question_id, verdict FROM reviews WHERE profile_id = ? AND reviewed_at >= ? "
        "AND bank_id = ? ORDER BY reviewed_at, id",
        [pid, since_ts, bank_id],
    )


def card_stubs(store: Store, pid: int, bank_id: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The :data:`CARD_STUB_COLUMNS` of the given questions' cards (those that exist)."""
    result: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        result += _query(
            store,
            f"SELECT {', '.join(CARD_STUB_COLUMNS)} FROM cards WHERE profile_id = ? "
            f"AND bank_id = ? AND question_id IN ({marks})",
            [pid, bank_id, *chunk],
        )
    return result
