"""The SQLite store: durable reviews, card states, overrides, profiles, settings, export/import."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.core.clock import to_epoch
from trainer.core.scheduling import make_scheduler, new_card
from trainer.core.store import (
    DEFAULT_PROFILE,
    ExamRecord,
    ProfileError,
    ReviewRecord,
    SettingError,
    Store,
    StoreError,
)
from trainer.core.store.migrations import SCHEMA_VERSION

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "store.sqlite3", enable_fuzzing=False) as opened:
        yield opened


def review(store: Store, qid: str, rating: int, at: datetime, **extra) -> ReviewRecord:
    profile = extra.pop("profile", "alice")
    values = {
        "bank_id": "bank",
        "question_id": qid,
        "rating": rating,
        "verdict": "correct" if rating > 1 else "wrong",
        "score": 1.0 if rating > 1 else 0.0,
        "reviewed_at": at,
        "content_hash": "h1",
    }
    values.update(extra)
    return store.record_review(profile, **values)


def test_open_default_path_creates_the_data_dir(data_dir: Path) -> None:
    with Store.open() as store:
        assert store.path == data_dir / "trainer.sqlite3"
        assert store.path.exists()
        assert store.schema_version == SCHEMA_VERSION
        mode = store.query("PRAGMA journal_mode")[0][0]
        assert mode == "wal"


def test_a_review_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store.open(path, enable_fuzzing=False) as store:
        record = review(store, "q1", 3, T0, answer="我的答案", duration_ms=4200, hint_used=True)
    # another connection (as another process would) sees it at once
    raw = sqlite3.connect(path).execute("SELECT uid, answer FROM reviews").fetchall()
    assert raw == [(record.uid, "我的答案")]
    with Store.open(path) as store:
        (again,) = list(store.iter_reviews("alice"))
        assert again.answer == "我的答案"
        assert again.duration_ms == 4200 and again.hint_used
        assert again.reviewed_at == T0
        assert store.card("alice", "bank", "q1") is not None


def test_card_state_follows_the_reviews(store: Store) -> None:
    store.set_setting("learning_steps", "on")  # the learning state is what is tested
    review(store, "q1", 3, T0)
    row = store.card_states("alice", "bank")["q1"]
    assert row.state == State.Learning.value and row.reps == 1
    assert row.due_at == T0 + timedelta(minutes=10)
    review(store, "q1", 3, T0 + timedelta(minutes=10))
    row = store.card_states("alice", "bank")["q1"]
    assert row.state == State.Review.value
    assert row.interval_days >= 1
    card = store.card("alice", "bank", "q1")
    assert card is not None and card.stability == pytest.approx(row.stability)


def test_lapses_and_leeches(store: Store) -> None:
    at = T0
    review(store, "q1", 4, at)  # Easy: straight to review
    for _ in range(6):
        at += timedelta(days=3)
        review(store, "q1", 1, at)  # lapse
        at += timedelta(minutes=10)
        review(store, "q1", 3, at)  # relearnt
    row = store.card_states("alice", "bank")["q1"]
    assert row.lapses == 6 and row.is_leech
    assert [r.question_id for r in store.leeches("alice")] == ["q1"]
    # flagged, not suspended: it still comes due
    assert row.due > to_epoch(at)


def test_override_is_stored_and_recomputes_the_card(store: Store) -> None:
    first = review(store, "q1", 3, T0)
    changed = store.override_rating(first.id, 1)
    assert changed.rating == 1 and changed.suggested_rating == 3 and changed.overridden
    # the default schedule: no same-day steps (learning_steps off)
    default = make_scheduler(enable_fuzzing=False, learning_steps=(), relearning_steps=())
    expected, _ = default.review_card(new_card("bank", "q1", T0), Rating.Again, T0)
    row = store.card_states("alice", "bank")["q1"]
    assert row.due_at == expected.due
    assert row.stability == pytest.approx(expected.stability)
    assert store.review(first.id).rating == 1


def test_overriding_an_old_review_replays_the_later_ones(store: Store) -> None:
    first = review(store, "q1", 3, T0)
    review(store, "q1", 3, T0 + timedelta(minutes=10))
    store.override_rating(first.id, 4)
    scheduler = make_scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(new_card("bank", "q1", T0), Rating.Easy, T0)
    card, _ = scheduler.review_card(card, Rating.Good, T0 + timedelta(minutes=10))
    assert store.card_states("alice", "bank")["q1"].due_at == card.due
    second = list(store.iter_reviews("alice"))[1]
    assert second.card_before is not None and second.card_before["state"] == State.Review.value


def test_bad_review_values_store_nothing(store: Store) -> None:
    with pytest.raises(ValueError, match="rating"):
        review(store, "q1", 7, T0)
    with pytest.raises(ValueError, match="mode"):
        review(store, "q1", 3, T0, mode="party")
    assert store.review_count() == 0


def test_cram_answers_are_logged_but_do_not_move_the_card(store: Store) -> None:
    review(store, "q1", 3, T0)
    due = store.card_states("alice", "bank")["q1"].due
    review(store, "q1", 1, T0 + timedelta(minutes=1), mode="cram")
    assert store.card_states("alice", "bank")["q1"].due == due
    assert store.review_count("alice") == 2


def test_renamed_bank_file_and_changed_question(store: Store) -> None:
    # progress is keyed on (bank id, question id): the file name plays no part
    review(store, "q1", 3, T0, content_hash="old")
    rows = store.card_states("alice", "bank")
    assert rows["q1"].changed("new") and not rows["q1"].changed("old")
    review(store, "q1", 3, T0 + timedelta(minutes=10), content_hash="new")
    assert not store.card_states("alice", "bank")["q1"].changed("new")


def test_new_questions_counted_per_day(store: Store) -> None:
    review(store, "q1", 3, T0)
    review(store, "q1", 3, T0 + timedelta(minutes=10))  # not new any more
    review(store, "q2", 3, T0 + timedelta(hours=1))
    review(store, "q3", 3, T0 + timedelta(hours=2), mode="exam")  # exams don't count
    day = (T0 - timedelta(hours=8), T0 + timedelta(hours=16))
    assert store.new_introduced("alice", *day) == 2
    assert store.new_introduced("alice", T0 + timedelta(hours=16), T0 + timedelta(days=2)) == 0


# --------------------------------------------------------------------------- profiles


def test_profiles_create_rename_delete(store: Store) -> None:
    assert store.default_profile_name() == DEFAULT_PROFILE
    store.ensure_profile("张三")
    review(store, "q1", 3, T0, profile="张三")
    store.set_setting("new_per_day", 5, profile="张三")
    assert [p.name for p in store.list_profiles()] == ["张三"]
    store.rename_profile("张三", "李四")
    assert store.review_count("李四") == 1
    assert store.get_setting("new_per_day", profile="李四") == 5
    assert store.card_states("李四", "bank")
    store.ensure_profile("王五")
    with pytest.raises(ProfileError, match="already exists"):
        store.rename_profile("李四", "王五")
    assert store.delete_profile("李四") == 1
    assert store.review_count() == 0
    assert [p.name for p in store.list_profiles()] == ["王五"]
    with pytest.raises(ProfileError):
        store.delete_profile("李四")


@pytest.mark.parametrize("name", ["", "   ", "a" * 41, "bad\nname"])
def test_bad_profile_names(store: Store, name: str) -> None:
    with pytest.raises(ProfileError):
        store.ensure_profile(name)


def test_default_profile_follows_rename_and_delete(store: Store) -> None:
    store.ensure_profile("张三")
    store.set_setting("default_profile", "张三")
    store.rename_profile("张三", "李四")
    assert store.default_profile_name() == "李四"
    store.delete_profile("李四")
    assert store.default_profile_name() == DEFAULT_PROFILE


# --------------------------------------------------------------------------- settings


def test_settings_profile_over_global_over_default(store: Store) -> None:
    assert store.get_setting("desired_retention") == 0.90
    assert store.get_setting("new_per_day", profile="alice") == 20
    store.set_setting("new_per_day", "30")
    assert store.get_setting("new_per_day", profile="alice") == 30
    store.set_setting("new_per_day", 7, profile="alice")
    assert store.get_setting("new_per_day", profile="alice") == 7
    assert store.get_setting("new_per_day") == 30
    store.set_setting("new_per_day", None, profile="alice")
    assert store.get_setting("new_per_day", profile="alice") == 30


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("desired_retention", 0.5),
        ("desired_retention", 0.98),
        ("maximum_interval_days", 0),
        ("new_per_day", -1),
        ("new_per_day", 2.5),
        ("language", "fr"),
        ("timezone", "Mars/Olympus"),
    ],
)
def test_bad_settings_are_refused(store: Store, key: str, value: object) -> None:
    with pytest.raises(SettingError, match=key):
        store.set_setting(key, value)


def test_retention_setting_reaches_the_scheduler(store: Store) -> None:
    store.set_setting("desired_retention", 0.8, profile="alice")
    store.set_setting("maximum_interval_days", 30, profile="alice")
    scheduler = store.scheduler("alice")
    assert scheduler.desired_retention == 0.8 and scheduler.maximum_interval == 30
    assert not scheduler.enable_fuzzing


def test_time_zone_setting(store: Store) -> None:
    store.set_setting("timezone", "Asia/Shanghai", profile="alice")
    assert str(store.time_zone("alice")) == "Asia/Shanghai"


# --------------------------------------------------------------------------- export / import


def _history(store: Store) -> None:
    at = T0
    for qid in ("q1", "q2", "q3"):
        review(store, qid, 3, at)
        review(store, qid, 3, at + timedelta(minutes=10))
        review(store, qid, 1 if qid == "q2" else 3, at + timedelta(days=3))
        at += timedelta(minutes=1)


def test_export_import_round_trip_into_an_empty_store(store: Store, tmp_path: Path) -> None:
    _history(store)
    exam = store.start_exam("alice", "bank", 2, started_at=T0 + timedelta(days=4))
    review(store, "q1", 3, T0 + timedelta(days=4, minutes=1), mode="exam", exam_id=exam.id)
    store.finish_exam(exam.id, 0.5, {"a": {"score": 0.5}}, finished_at=T0 + timedelta(days=4))
    exported = [json.loads(json.dumps(r.to_dict())) for r in store.iter_reviews()]
    exams = [e.to_dict() for e in store.iter_exams()]
    with Store.open(tmp_path / "other.sqlite3", enable_fuzzing=False) as other:
        assert other.import_exams(exams) == (1, 0)
        assert other.import_reviews(exported) == (10, 0)
        assert other.import_reviews(exported) == (0, 10)  # merging twice adds nothing
        mine = {q: r.to_dict() for q, r in store.card_states("alice", "bank").items()}
        theirs = {q: r.to_dict() for q, r in other.card_states("alice", "bank").items()}
        assert theirs == mine
        assert [r.to_dict() | {"id": None} for r in other.iter_reviews()] == [
            r | {"id": None} for r in exported
        ]
        assert other.exams("alice")[0].score == 0.5


def test_import_merges_two_machines(store: Store, tmp_path: Path) -> None:
    review(store, "q1", 3, T0)
    with Store.open(tmp_path / "laptop.sqlite3", enable_fuzzing=False) as laptop:
        review(laptop, "q1", 3, T0 + timedelta(minutes=10))
        added, skipped = store.import_reviews(laptop.iter_reviews())
    assert (added, skipped) == (1, 0)
    row = store.card_states("alice", "bank")["q1"]
    assert row.reps == 2 and row.state == State.Review.value


def test_malformed_import_imports_nothing(store: Store) -> None:
    good = {
        "uid": "u1",
        "profile": "alice",
        "bank_id": "b",
        "question_id": "q",
        "reviewed_at": T0.isoformat(),
        "verdict": "correct",
        "score": 1,
        "rating": 3,
    }
    with pytest.raises(ValueError, match="rating"):
        store.import_reviews([good, good | {"uid": "u2", "rating": 9}])
    assert store.review_count() == 0
    assert ReviewRecord.from_dict(good).to_dict()["reviewed_at"] == T0.isoformat()


def test_review_tuples_fast_path(store: Store) -> None:
    _history(store)
    rows = store.review_tuples("alice", ["question_id", "rating", "reviewed_at"])
    assert len(rows) == 9 and rows[0] == ("q1", 3, to_epoch(T0))
    with pytest.raises(ValueError, match="unknown"):
        store.review_tuples("alice", ["card_json; DROP TABLE reviews"])


# --------------------------------------------------------------------------- exams


def test_exams_are_recorded(store: Store) -> None:
    exam = store.start_exam("alice", "bank", 5, time_limit_s=300, started_at=T0)
    assert store.exams("alice")[0].finished_at is None  # a killed exam still shows
    done = store.finish_exam(
        exam.id, 0.8, {"a": {"total": 5}}, finished_at=T0 + timedelta(seconds=200)
    )
    assert done.duration_s == 200 and done.score == 0.8
    assert ExamRecord.from_dict(done.to_dict()) == done


# --------------------------------------------------------------------------- errors


def test_not_a_database_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert str(path) in message and "not" in message and "\n" not in message
    assert path.read_bytes().startswith(b"this is not sqlite")  # untouched


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)


def test_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    from trainer.i18n import describe

    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "sub" / "store.sqlite3")
    assert "无法创建文件夹" in describe(caught.value)
    assert str(blocker / "sub") in describe(caught.value)


def test_errors_speak_the_current_language(store: Store, tmp_path: Path) -> None:
    # The core raises a key and values; the front ends word it in the language in force.
    from trainer.i18n import describe, set_language

    with pytest.raises(ProfileError) as caught:
        store.rename_profile("nobody", "x")
    assert caught.value.key == "store.error.no_profile"
    assert describe(caught.value) == "没有名为“nobody”的档案"
    set_language("en")
    assert describe(caught.value) == "no profile named “nobody”"
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"junk" * 1000)
    with pytest.raises(StoreError) as opened:
        Store.open(junk)
    assert describe(opened.value) == (
        f"cannot open the store {junk}: the file is not a trainer store (not an SQLite database)"
    )
    set_language("zh")
    assert "不是学习记录" in describe(opened.value)


def test_closed_store_says_so(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.sqlite3")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.list_profiles()


def test_due_order_from_sqlite_is_lowest_retrievability_first(store: Store) -> None:
    # q1: learnt long ago, q2: recently, q3: lapsed (relearning), q4: not due
    store.set_setting("learning_steps", "on")  # relearning exists only with the steps
    review(store, "q1", 4, T0 - timedelta(days=40))
    review(store, "q2", 4, T0 - timedelta(days=12))
    review(store, "q3", 4, T0 - timedelta(days=20))
    review(store, "q3", 1, T0 - timedelta(hours=1))
    review(store, "q4", 4, T0 - timedelta(minutes=5))
    now = T0 + timedelta(days=1)
    rows = store.card_states("alice", "bank")
    expected = sorted(
        (qid for qid, row in rows.items() if row.due <= to_epoch(now)),
        key=lambda qid: rows[qid].retrievability(now),
    )
    assert store.due_question_ids("alice", "bank", now) == expected
    assert "q4" not in expected and len(expected) == 3
    assert store.known_question_ids("alice", "bank") == {"q1", "q2", "q3", "q4"}
    assert set(store.learning_due("alice", "bank", now)) == {"q3"}


def test_known_ids_see_writes_from_another_connection(store: Store, tmp_path: Path) -> None:
    review(store, "q1", 3, T0)
    assert store.known_question_ids("alice", "bank") == {"q1"}
    with Store.open(store.path) as other:
        review(other, "q2", 3, T0)
    assert store.known_question_ids("alice", "bank") == {"q1", "q2"}
    review(store, "q3", 3, T0)
    assert store.known_question_ids("alice", "bank") == {"q1", "q2", "q3"}


def test_iter_reviews_pages_through_equal_timestamps(store: Store) -> None:
    for index in range(23):
        review(store, f"q{index % 4}", 3, T0 + timedelta(minutes=index // 5))
    records = list(store.iter_reviews("alice", batch=4))
    assert len(records) == 23 and len({r.uid for r in records}) == 23
    assert [r.id for r in records] == sorted(r.id for r in records)
    later = list(store.iter_reviews("alice", since=T0 + timedelta(minutes=2), batch=3))
    assert len(later) == 13


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.integers(min_value=1, max_value=4), st.integers(min_value=0, max_value=60)),
        min_size=1,
        max_size=12,
    )
)
def test_replaying_the_log_gives_the_live_card(tmp_path: Path, steps) -> None:
    path = tmp_path / f"replay-{abs(hash(tuple(steps)))}.sqlite3"
    with Store.open(path, enable_fuzzing=False) as store:
        at = T0
        for rating, gap_hours in steps:
            at += timedelta(hours=gap_hours)
            review(store, "q", rating, at)
        live = store.card_states("alice", "bank")["q"].to_dict()
        store.rebuild_cards("alice")
        assert store.card_states("alice", "bank")["q"].to_dict() == live
    path.unlink()


def test_import_in_small_transactions_gives_the_same_cards(
    store: Store, tmp_path: Path, monkeypatch
) -> None:
    import trainer.core.store as store_module

    _history(store)
    exported = [r.to_dict() for r in store.iter_reviews()]
    monkeypatch.setattr(store_module, "WRITE_CHUNK", 2)
    with Store.open(tmp_path / "chunked.sqlite3", enable_fuzzing=False) as other:
        assert other.import_reviews(reversed(exported)) == (9, 0)
        mine = {q: r.to_dict() for q, r in store.card_states("alice", "bank").items()}
        theirs = {q: r.to_dict() for q, r in other.card_states("alice", "bank").items()}
        assert theirs == mine
        assert other.rebuild_cards("alice") == 3
        assert {q: r.to_dict() for q, r in other.card_states("alice", "bank").items()} == mine
