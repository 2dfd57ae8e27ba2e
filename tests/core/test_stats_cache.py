"""The per-day statistics cache gives exactly the live figures, and follows every change."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trainer import paths
from trainer.core.stats.queries import day_stats
from trainer.core.store import Store

NOW = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


def _add(store: Store, profile: str, qid: str, when: datetime, ok: bool = True) -> None:
    store.record_review(
        profile,
        bank_id="b",
        question_id=qid,
        rating=3 if ok else 1,
        verdict="correct" if ok else "wrong",
        score=1.0 if ok else 0.0,
        duration_ms=1000,
        reviewed_at=when,
    )


def _history(store: Store, profile: str = "amy", days: int = 40) -> None:
    for back in range(days, 0, -1):
        for index in range(3):
            when = NOW - timedelta(days=back, hours=index * 7)
            _add(store, profile, f"q{index}", when, ok=(back + index) % 3 != 0)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False)
    _history(opened)
    yield opened
    opened.close()


def _both(store: Store, zone=SHANGHAI, now: datetime = NOW, profile: str = "amy"):
    cached = day_stats(store, profile, zone, now)
    live = day_stats(store, profile, zone, now, use_cache=False)
    return cached, live


def test_cached_equals_live_and_the_cache_is_used(store: Store) -> None:
    first, live = _both(store)
    assert first == live and sum(d.reviews for d in live) == 120
    assert list(paths.cache_dir().glob("stats-*.sqlite3"))
    second, _ = _both(store)
    assert second == live


def test_new_reviews_recent_and_imported_old_ones_are_counted(store: Store) -> None:
    _both(store)
    _add(store, "amy", "q9", NOW - timedelta(minutes=5))  # live part
    _add(store, "amy", "q8", NOW - timedelta(days=30))  # an old review arriving late (import)
    cached, live = _both(store)
    assert cached == live and sum(d.reviews for d in cached) == 122
    later = NOW + timedelta(days=3)  # the recent reviews settle into the cache
    cached, live = _both(store, now=later)
    assert cached == live


def test_zone_change_and_other_profiles(store: Store) -> None:
    _history(store, "bo", days=5)
    assert _both(store, zone=NEW_YORK)[0] == _both(store, zone=NEW_YORK)[1]
    assert _both(store)[0] == _both(store)[1]
    cached, live = _both(store, profile="bo")
    assert cached == live and sum(d.reviews for d in cached) == 15


def test_replaced_store_and_corrupt_cache_are_survived(store: Store, tmp_path: Path) -> None:
    _both(store)
    # Replace the store file by another history with the same profile name and path.
    path = store.path
    store.close()
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    other = Store.open(path, enable_fuzzing=False)
    try:
        for back in range(3):
            other.import_reviews(
                [
                    {
                        "uid": str(uuid.uuid4()),
                        "profile": "amy",
                        "bank_id": "b",
                        "question_id": "x",
                        "reviewed_at": (NOW - timedelta(days=10 + back)).isoformat(),
                        "verdict": "correct",
                        "score": 1,
                        "rating": 3,
                    }
                ]
            )
        cached, live = _both(other)
        assert cached == live and sum(d.reviews for d in cached) == 3
        for cache in paths.cache_dir().glob("stats-*.sqlite3"):
            cache.write_bytes(b"garbage" * 100)
        cached, live = _both(other)
        assert cached == live
        shutil.rmtree(paths.cache_dir())
        paths.cache_dir().parent.joinpath("cache").write_text("not a folder")
        cached, live = _both(other)  # the cache cannot be created at all
        assert cached == live
    finally:
        other.close()


def _cache_meta(store: Store) -> list[tuple[object, ...]]:
    import sqlite3

    (file,) = paths.cache_dir().glob("stats-*.sqlite3")
    with sqlite3.connect(file) as conn:
        return conn.execute("SELECT * FROM meta ORDER BY cache_key").fetchall()


def test_with_nothing_to_add_the_cache_is_only_read_and_later_reviews_still_count(
    store: Store,
) -> None:
    # The home screen counts today's reviews at every start and after every answer: a write
    # transaction each time (committed to disk: 3–25 ms) when nothing had settled since.
    _both(store, now=NOW + timedelta(hours=1))
    written = _cache_meta(store)
    an_hour_later = NOW + timedelta(hours=2)  # no review settles in that hour
    cached, live = _both(store, now=an_hour_later)
    assert cached == live
    assert _cache_meta(store) == written
    # A review made now, read live until it settles into the cache two days later.
    _add(store, "amy", "q7", an_hour_later)
    cached, live = _both(store, now=an_hour_later + timedelta(minutes=1))
    assert cached == live and sum(d.reviews for d in cached) == 121
    assert _cache_meta(store) == written
    cached, live = _both(store, now=an_hour_later + timedelta(days=3))
    assert cached == live and sum(d.reviews for d in cached) == 121
    assert _cache_meta(store) != written  # it settled: now it is in the cache
