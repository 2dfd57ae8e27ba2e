"""Schema versions: every earlier version opens and migrates forward without losing anything."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from trainer.core.scheduling import make_scheduler, new_card
from trainer.core.store import Store, StoreError
from trainer.core.store.migrations import MIGRATIONS, SCHEMA_VERSION, migrate

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def _old_store(path: Path, version: int) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=version)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    return conn


def _fill_v1(conn: sqlite3.Connection) -> None:
    """A history as version 1 wrote it: one card reviewed Good, Good, Again, Good."""
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('老王', ?)", (T0.timestamp(),))
    conn.execute("INSERT INTO settings VALUES (1, 'new_per_day', '12')")
    scheduler = make_scheduler(enable_fuzzing=False)
    card = new_card("bank", "q1", T0)
    moments = [
        T0,
        T0 + timedelta(minutes=10),
        T0 + timedelta(days=5),
        T0 + timedelta(days=5, minutes=10),
    ]
    ratings = [Rating.Good, Rating.Good, Rating.Again, Rating.Good]
    for moment, rating in zip(moments, ratings, strict=True):
        card, _ = scheduler.review_card(card, rating, moment)
        conn.execute(
            "INSERT INTO reviews (profile_id, bank_id, question_id, content_hash, reviewed_at, "
            "mode, answer, verdict, score, rating, duration_ms, hint_used) "
            "VALUES (1, 'bank', 'q1', 'h', ?, 'study', '答', ?, ?, ?, 5000, 0)",
            (
                moment.timestamp(),
                "wrong" if rating == 1 else "correct",
                float(rating > 1),
                int(rating),
            ),
        )
    conn.execute(
        "INSERT INTO cards (profile_id, bank_id, question_id, content_hash, card_json, due, state) "
        "VALUES (1, 'bank', 'q1', 'h', ?, ?, ?)",
        (card.to_json(), card.due.timestamp(), int(card.state)),
    )


def test_versions_are_consecutive() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def test_an_empty_file_becomes_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.list_profiles() == []


def test_version_1_migrates_to_2_keeping_everything(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    conn = _old_store(path, 1)
    _fill_v1(conn)
    conn.close()
    with Store.open(path, enable_fuzzing=False) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [p.name for p in store.list_profiles()] == ["老王"]
        assert store.get_setting("new_per_day", profile="老王") == 12
        reviews = list(store.iter_reviews("老王"))
        assert [r.rating for r in reviews] == [3, 3, 1, 3]
        assert len({r.uid for r in reviews}) == 4 and all(r.uid for r in reviews)
        assert reviews[0].card_before is None  # first answer: a new card
        assert reviews[2].card_before["state"] == State.Review.value
        row = store.card_states("老王", "bank")["q1"]
        assert row.reps == 4 and row.lapses == 1
        assert row.stability is not None and row.last_review == reviews[-1].reviewed_at.timestamp()
        # the migrated log is usable: an override recomputes from card_before
        store.override_rating(reviews[-1].id, 4)
        assert store.card_states("老王", "bank")["q1"].stability > row.stability
        # and new reviews go on
        store.record_review(
            "老王", bank_id="bank", question_id="q2", rating=3, verdict="correct", score=1.0
        )
        assert store.review_count("老王") == 5


def test_every_earlier_version_opens(tmp_path: Path) -> None:
    for version in range(SCHEMA_VERSION):
        path = tmp_path / f"v{version}.sqlite3"
        _old_store(path, version).close()
        with Store.open(path) as store:
            assert store.schema_version == SCHEMA_VERSION
            store.ensure_profile("x")


def test_a_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = _old_store(path, SCHEMA_VERSION)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    check.close()


def test_a_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch) -> None:
    from trainer.core.store import migrations as store_migrations

    path = tmp_path / "v1.sqlite3"
    conn = _old_store(path, 1)
    _fill_v1(conn)
    conn.close()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE cards ADD COLUMN half_done INTEGER")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(store_migrations, "MIGRATIONS", [MIGRATIONS[0], broken])
    with pytest.raises(StoreError, match="simulated"):
        Store.open(path)
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [row[1] for row in check.execute("PRAGMA table_info(cards)")]
    assert "half_done" not in columns
    assert check.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 4
    check.close()
