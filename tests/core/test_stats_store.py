"""Statistics computed in SQL agree with the pure functions; export → import keeps them."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from trainer.core import stats
from trainer.core.bank import Bank, load_bank
from trainer.core.export import export_history, import_history
from trainer.core.stats.queries import day_stats, offset_segments, profile_stats
from trainer.core.store import Store

BANK = """\
bank: {id: sq-demo, title: 统计演示}
sections:
  - {id: s1, title: 第一部分}
  - {id: s2, title: 第二部分}
questions:
""" + "".join(
    f"  - {{id: q{i}, type: short, section: s{1 + i % 2}, prompt: 问题{i}？, answer: 答案{i}}}\n"
    for i in range(12)
)

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
NOW = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


def _fill(store: Store, bank: Bank, profile: str, skip_every: int = 0) -> None:
    """Reviews on most days between START and NOW at 22:30 UTC (next day in Berlin in summer)."""
    store.set_setting("timezone", "Europe/Berlin", profile=profile)
    cards = store.card_states(profile, bank.id)
    day = 0
    moment = START
    while moment < NOW - timedelta(days=1):
        if not skip_every or day % skip_every:
            for index, question in enumerate(bank.questions):
                row = cards.get(question.id)
                if row is not None and row.due > moment.timestamp() + 3600:
                    continue
                wrong = (index + day) % 5 == 0
                store.record_review(
                    profile,
                    bank_id=bank.id,
                    question_id=question.id,
                    rating=1 if wrong else 3,
                    verdict="wrong" if wrong else "correct",
                    score=0.0 if wrong else 1.0,
                    answer="x",
                    content_hash=question.content_hash,
                    duration_ms=1500 + index,
                    reviewed_at=moment + timedelta(minutes=index),
                )
            cards = store.card_states(profile, bank.id)
        day += 1
        moment = START + timedelta(days=day, hours=15 * (day % 2))
    # An exam
    exam = store.start_exam(profile, bank.id, 4, started_at=NOW - timedelta(days=2))
    store.finish_exam(
        exam.id or 0,
        0.75,
        {
            "s1": {"total": 2, "correct": 2, "score": 1.0},
            "s2": {"total": 2, "correct": 1, "score": 0.5},
        },
        finished_at=NOW - timedelta(days=2) + timedelta(minutes=7),
    )


@pytest.fixture
def store(tmp_path: Path, bank: Bank) -> Store:
    opened = Store.open(tmp_path / "a.sqlite3", enable_fuzzing=False)
    _fill(opened, bank, "amy")
    _fill(opened, bank, "bo", skip_every=4)
    yield opened
    opened.close()


def test_sql_day_aggregates_equal_the_pure_aggregation(store: Store) -> None:
    from_sql = day_stats(store, "amy", BERLIN, NOW)
    from_records = stats.days_from_reviews(_records(store, "amy"), BERLIN)
    assert from_sql == from_records
    assert sum(d.mature for d in from_sql) > 0  # the history is long enough to have mature reviews
    assert any(d.earliest_due for d in day_stats(store, "bo", BERLIN, NOW))


def _records(store: Store, profile: str) -> list:
    class R:
        def __init__(self, record) -> None:
            self.reviewed_at = record.reviewed_at.timestamp()
            self.verdict = record.verdict
            self.rating = record.rating
            self.duration_ms = record.duration_ms
            self.card_before = record.card_before

    return [R(r) for r in store.iter_reviews(profile)]


def test_profile_stats_figures(store: Store, bank: Bank) -> None:
    figures = profile_stats(store, "amy", bank, NOW)
    data = figures.to_dict()
    assert data["profile"] == "amy"
    assert data["time_zone"] == "Europe/Berlin"
    assert data["reviews_total"] == store.review_count("amy")
    assert [s["id"] for s in data["sections"]] == ["s1", "s2"]
    assert sum(s["total"] for s in data["sections"]) == 12
    for section in data["sections"]:
        assert section["new"] + section["learning"] + section["mastered"] == section["total"]
    assert data["exams"][0]["score"] == 0.75
    assert data["exams"][0]["sections"] == {"s1": 1.0, "s2": 0.5}
    assert data["exams"][0]["duration_s"] == 420
    assert len(data["due_forecast"]) == 30
    assert 0 <= data["retention_mature"] <= 1
    assert data["streak_days"] >= 1
    assert data["longest_streak_days"] >= data["streak_days"]
    json.dumps(data)  # JSON-ready


def test_missing_profile_gives_zeros(store: Store, bank: Bank) -> None:
    data = profile_stats(store, "nobody", bank, NOW).to_dict()
    assert data["reviews_total"] == 0 and data["streak_days"] == 0 and data["due_now"] == 0
    assert data["sections"][0]["new"] == data["sections"][0]["total"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_into_an_empty_store_gives_identical_stats(
    store: Store, bank: Bank, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"history.{fmt}"
    with out.open("w", encoding="utf-8", newline="") as handle:
        written = export_history(store, handle, fmt)  # type: ignore[arg-type]
    assert written.reviews == store.review_count()
    other = Store.open(tmp_path / "b.sqlite3", enable_fuzzing=False)
    try:
        other.set_setting("timezone", "Europe/Berlin", profile="amy")
        other.set_setting("timezone", "Europe/Berlin", profile="bo")
        result = import_history(other, out)
        assert (result.added, result.skipped) == (written.reviews, 0)
        again = import_history(other, out)
        assert (again.added, again.skipped) == (0, written.reviews)
        for profile in ("amy", "bo"):
            before = profile_stats(store, profile, bank, NOW).to_dict()
            after = profile_stats(other, profile, bank, NOW).to_dict()
            if fmt == "csv":  # CSV carries reviews only, not the exam records
                before["exams"] = after["exams"] = []
            assert after == before
    finally:
        other.close()


def test_dst_offsets_are_found() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    end = datetime(2026, 12, 31, tzinfo=UTC).timestamp()
    segments = offset_segments(BERLIN, start, end)
    assert [offset for _, offset in segments] == [3600, 7200, 3600]
    assert segments[0][0] == datetime(2026, 3, 29, 1, 0, tzinfo=UTC).timestamp()
    assert offset_segments(ZoneInfo("Asia/Kolkata"), start, end) == [(float("inf"), 19800)]


def test_export_of_one_profile_only(store: Store) -> None:
    buffer = io.StringIO()
    result = export_history(store, buffer, "json", profile="bo")
    data = json.loads(buffer.getvalue())
    assert data["format"] == "trainer-history"
    assert {r["profile"] for r in data["reviews"]} == {"bo"}
    assert result.reviews == store.review_count("bo") == len(data["reviews"])
    assert len(data["exams"]) == 1


def test_group_lines_are_kept_while_the_store_is_unchanged_and_agree_after_a_change(
    store: Store, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The study-group view computes the other profiles' figures once while nothing is
    written (and their day is the same); after an answer, or on the next day, they are
    computed again and agree with a computation from scratch."""
    from trainer.core.stats import queries

    computed: list[str] = []
    real = queries.profile_stats

    def counted(store_: Store, profile: str, *args: object, **kwargs: object) -> object:
        computed.append(profile)
        return real(store_, profile, *args, **kwargs)  # type: ignore[arg-type]

    def fresh(now: datetime) -> list[stats.ProfileLine]:
        return stats.group_view(
            queries.group_line(real(store, p.name, bank, now, weak_limit=0))
            for p in store.list_profiles()
        )

    monkeypatch.setattr(queries, "profile_stats", counted)
    amy = real(store, "amy", bank, NOW)
    first = queries.group_lines(store, bank, NOW, known={"amy": amy})
    assert computed == ["bo"] and first == fresh(NOW)
    computed.clear()
    later = NOW + timedelta(minutes=5)
    assert queries.group_lines(store, bank, later, known={"amy": amy}) == first
    assert computed == []  # nothing written, the same day: bo's line is kept
    store.record_review(
        "bo",
        bank_id=bank.id,
        question_id="q1",
        rating=3,
        verdict="correct",
        score=1.0,
        content_hash=bank.question("q1").content_hash,
        reviewed_at=later,
    )
    after = queries.group_lines(store, bank, later, known={"amy": amy})
    assert computed == ["bo"] and after == fresh(later) and after != first
    computed.clear()
    tomorrow = NOW + timedelta(days=1)
    amy = real(store, "amy", bank, tomorrow)
    assert queries.group_lines(store, bank, tomorrow, known={"amy": amy}) == fresh(tomorrow)
    assert computed == ["bo"]  # another day: streaks and the last 30 days move
