"""Statistics as pure functions over constructed histories."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from trainer.core import stats
from trainer.core.stats import DayStat

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def ts(text: str, zone=UTC) -> float:
    """Epoch seconds of a local wall-clock time like '2026-03-01 08:00'."""
    return datetime.fromisoformat(text).replace(tzinfo=zone).timestamp()


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat()


@dataclass
class Review:
    reviewed_at: float
    verdict: str = "correct"
    rating: int = 3
    duration_ms: int | None = 1000
    card_before: str | None = None


def card_json(due: float, last_review: float | None, state: int = 2) -> str:
    return json.dumps(
        {
            "card_id": 1,
            "state": state,
            "step": None,
            "stability": 30.0,
            "difficulty": 5.0,
            "due": iso(due),
            "last_review": iso(last_review) if last_review is not None else None,
        }
    )


@dataclass
class Card:
    question_id: str
    due: float
    state: int
    stability: float | None
    last_review: float | None
    lapses: int = 0
    content_hash: str = "h"


def study_days(*days: date) -> list[DayStat]:
    return [DayStat(day, reviews=5, correct=4) for day in days]


D = date(2026, 3, 10)


# ----------------------------------------------------------------------------- today / days


def test_days_are_local_days_of_the_learner() -> None:
    # 23:30 UTC on 1 March is already 2 March in Shanghai.
    reviews = [Review(ts("2026-03-01 23:30")), Review(ts("2026-03-01 10:00"), verdict="wrong")]
    utc_days = stats.days_from_reviews(reviews, UTC)
    assert [d.day for d in utc_days] == [date(2026, 3, 1)]
    sh_days = stats.days_from_reviews(reviews, SHANGHAI)
    assert [(d.day, d.reviews, d.correct) for d in sh_days] == [
        (date(2026, 3, 1), 1, 0),
        (date(2026, 3, 2), 1, 1),
    ]


def test_today_counts_reviews_correct_and_time() -> None:
    reviews = [
        Review(ts("2026-03-10 08:00", SHANGHAI), duration_ms=2000),
        Review(ts("2026-03-10 09:00", SHANGHAI), verdict="close", duration_ms=3000),
        Review(ts("2026-03-10 10:00", SHANGHAI), verdict="partial", rating=2, duration_ms=5000),
        Review(ts("2026-03-09 10:00", SHANGHAI)),
    ]
    today = stats.today_stats(stats.days_from_reviews(reviews, SHANGHAI), D)
    assert (today.reviewed, today.correct, today.time_ms) == (3, 2, 10000)
    assert today.accuracy == pytest.approx(2 / 3)
    assert stats.today_stats([], D).accuracy is None


# ----------------------------------------------------------------------------- streaks


def test_consecutive_days_make_a_streak_and_a_missed_due_day_breaks_it() -> None:
    days = study_days(D - timedelta(days=6), D - timedelta(days=5))
    days += [
        DayStat(D - timedelta(days=3), 5, 5, earliest_due=D - timedelta(days=4)),  # 4 days ago owed
        *study_days(D - timedelta(days=2), D - timedelta(days=1), D),
    ]
    result = stats.streaks(days, D)
    assert result.current == 4  # D-3 .. D
    assert result.longest == 4
    assert result.studied_today


def test_a_day_with_nothing_due_does_not_break_the_streak() -> None:
    # Studied on the 7th and 9th; nothing was due on the 8th (no review was owed from then).
    days = study_days(date(2026, 3, 7), date(2026, 3, 9), D)
    result = stats.streaks(days, D)
    assert result.current == 4  # 7, 8 (free), 9, 10
    assert result.longest == 4


def test_a_question_due_on_a_skipped_day_breaks_the_streak() -> None:
    # Same days, but a question reviewed on the 9th had been due since the 8th.
    days = [
        *study_days(date(2026, 3, 7)),
        DayStat(date(2026, 3, 9), 3, 3, earliest_due=date(2026, 3, 8)),
        *study_days(D),
    ]
    result = stats.streaks(days, D)
    assert result.current == 2
    assert result.longest == 2


def test_today_without_reviews_keeps_yesterdays_streak() -> None:
    days = study_days(D - timedelta(days=2), D - timedelta(days=1))
    assert stats.streaks(days, D, due_today=True).current == 2
    assert not stats.streaks(days, D).studied_today
    # Nothing due today: today counts as a free day.
    assert stats.streaks(days, D, due_today=False).current == 3


def test_a_question_still_overdue_breaks_the_streak() -> None:
    days = study_days(D - timedelta(days=5), D - timedelta(days=4))
    assert stats.streaks(days, D, overdue_since=D - timedelta(days=3)).current == 0
    assert stats.streaks(days, D, overdue_since=D - timedelta(days=3)).longest == 2
    assert stats.streaks(days, D, overdue_since=None, due_today=False).current == 6


def test_longest_streak_is_remembered() -> None:
    early = [date(2026, 1, 1) + timedelta(days=i) for i in range(10)]
    late = [DayStat(D - timedelta(days=1), 1, 1, earliest_due=date(2026, 1, 11))]
    result = stats.streaks([*study_days(*early), *late], D)
    assert result.longest == 10
    assert result.current == 1
    assert stats.streaks([], D) == stats.Streaks(0, 0, False)


def test_streak_from_review_records_uses_the_due_time_before_each_review() -> None:
    monday = ts("2026-03-02 09:00", BERLIN)
    day = 86400
    reviews = [
        Review(monday),
        # Reviewed Wednesday, due Wednesday: Tuesday was free.
        Review(monday + 2 * day, card_before=card_json(monday + 2 * day - 60, monday)),
        # Reviewed Friday, due since Thursday: Thursday was owed.
        Review(monday + 4 * day, card_before=card_json(monday + 3 * day, monday + 2 * day)),
    ]
    days = stats.days_from_reviews(reviews, BERLIN)
    assert stats.streaks(days, date(2026, 3, 4)).current == 3  # Mon, Tue (free), Wed
    assert stats.streaks(days, date(2026, 3, 6)).current == 1  # broken on Thursday
    assert stats.streaks(days, date(2026, 3, 6)).longest == 3


def test_streak_across_a_dst_change_counts_local_days() -> None:
    # Europe/Berlin switched to summer time on 2026-03-29; 23:30 local time each evening.
    reviews = [Review(ts(f"2026-03-{d} 23:30", BERLIN)) for d in (27, 28, 29, 30)]
    days = stats.days_from_reviews(reviews, BERLIN)
    assert [d.day.day for d in days] == [27, 28, 29, 30]
    assert stats.streaks(days, date(2026, 3, 30)).current == 4


# ----------------------------------------------------------------------------- heatmap, series


def test_heatmap_covers_twelve_months_in_week_columns() -> None:
    days = [DayStat(D, 8), DayStat(D - timedelta(days=1), 2), DayStat(date(2025, 3, 11), 4)]
    heat = stats.heatmap(days, D)
    assert heat.start == date(2025, 3, 11)
    assert all(len(week) == 7 for week in heat.weeks)
    assert 53 <= len(heat.weeks) <= 54
    assert heat.weeks[-1][D.weekday()] == 8
    assert heat.weeks[-1][(D - timedelta(days=1)).weekday()] == 2
    assert heat.weeks[0][date(2025, 3, 11).weekday()] == 4
    assert heat.weeks[0][0] is None  # before the period
    assert (heat.total, heat.maximum, heat.active_days) == (14, 8, 3)
    assert heat.level(8) == 4 and heat.level(2) == 1 and heat.level(0) == 0


def test_daily_series_has_one_point_per_day() -> None:
    days = [
        DayStat(D, 10, 7),
        DayStat(D - timedelta(days=29), 4, 4),
        DayStat(D - timedelta(days=40), 9, 9),
    ]
    for span in stats.SPANS:
        series = stats.daily_series(days, D, span)
        assert len(series) == span
        assert series[-1].day == D
    series = stats.daily_series(days, D, 30)
    assert series[-1].reviews == 10 and series[-1].accuracy == pytest.approx(0.7)
    assert series[0].reviews == 4 and series[0].accuracy == 1.0
    assert series[1].accuracy is None
    assert sum(p.reviews for p in stats.daily_series(days, D, 90)) == 23


def test_due_forecast_puts_overdue_today() -> None:
    base = ts("2026-03-10 12:00", SHANGHAI)
    cards = [
        Card("a", base - 3 * 86400, 2, 5.0, base - 8 * 86400),
        Card("b", base, 2, 5.0, base - 86400),
        Card("c", base + 2 * 86400, 2, 5.0, base - 86400),
        Card("d", base + 40 * 86400, 2, 50.0, base - 86400),
        Card("e", base, 0, None, None),  # new: not a review
    ]
    forecast = stats.due_forecast(stats.due_by_day_from_cards(cards, SHANGHAI), D, 30)
    assert len(forecast) == 30
    assert forecast[0] == (D, 2)
    assert forecast[2] == (D + timedelta(days=2), 1)
    assert sum(count for _, count in forecast) == 3


# ----------------------------------------------------------------------------- retention


def test_retention_counts_only_mature_reviews_per_month() -> None:
    day = 86400
    feb = ts("2026-02-10 10:00")
    mar = ts("2026-03-05 10:00")
    reviews = [
        # interval 30 days: mature
        Review(feb, rating=3, card_before=card_json(feb, feb - 30 * day)),
        Review(feb + 60, rating=1, verdict="wrong", card_before=card_json(feb, feb - 30 * day)),
        # interval exactly 21 days: mature
        Review(mar, rating=2, verdict="partial", card_before=card_json(mar, mar - 21 * day)),
        # interval 20 days: young, not counted
        Review(mar + 60, rating=1, verdict="wrong", card_before=card_json(mar, mar - 20 * day)),
        # first review: no interval
        Review(mar + 120, rating=1, verdict="wrong"),
    ]
    days = stats.days_from_reviews(reviews, UTC)
    months = stats.retention_by_month(days, 0.9, D, months=3)
    assert [m.month for m in months] == ["2026-01", "2026-02", "2026-03"]
    assert months[0].retention is None
    assert (months[1].reviews, months[1].passed, months[1].retention) == (2, 1, 0.5)
    assert (months[2].reviews, months[2].passed, months[2].retention) == (1, 1, 1.0)
    assert all(m.desired == 0.9 for m in months)
    assert stats.overall_retention(days) == pytest.approx(2 / 3)


# ----------------------------------------------------------------------------- mastery, weak


NOW = ts("2026-03-10 12:00")


def _cards() -> dict[str, Card]:
    day = 86400
    return {
        "q1": Card("q1", NOW + 30 * day, 2, 40.0, NOW - day),  # mature (interval 31), R high
        "q2": Card("q2", NOW + 21 * day, 2, 21.0, NOW),  # mature at exactly 21 days
        "q3": Card("q3", NOW + 20 * day, 2, 20.0, NOW),  # young (20 days)
        "q4": Card("q4", NOW + 600, 1, 0.5, NOW - 60, lapses=0),  # learning
        "q5": Card("q5", NOW - 30 * day, 2, 2.0, NOW - 40 * day, lapses=7, content_hash="old"),
    }


def test_mastery_thresholds_per_section() -> None:
    sections = [("a", "第一部分"), ("b", "第二部分")]
    questions = [
        ("q1", "a"),
        ("q2", "a"),
        ("q3", "a"),
        ("q4", "b"),
        ("q5", "b"),
        ("q6", "b"),
        ("q7", None),
    ]
    result = stats.mastery(sections, questions, _cards(), NOW, other_title="其他")
    a, b, other = result
    assert (a.total, a.new, a.learning, a.young, a.mature) == (3, 0, 0, 1, 2)
    assert (b.total, b.new, b.learning, b.young, b.mature) == (3, 1, 1, 1, 0)
    assert (other.id, other.title, other.total, other.new) == ("", "其他", 1, 1)
    assert a.recall90 == 3  # all reviewed moments ago or with long stability
    assert b.recall90 == 1  # q4 was just reviewed; q5 is 40 days past its last review
    assert a.to_dict()["mastered"] == 2 and b.to_dict()["learning"] == 2
    total = stats.mastery_total(result)
    assert (total.total, total.mature) == (7, 2)


def test_recall90_uses_fsrs_retrievability() -> None:
    card = Card("x", NOW + 86400, 2, 10.0, NOW - 10 * 86400)  # elapsed == stability: R = 0.9
    assert stats.retrievability(card, NOW) == pytest.approx(0.9, abs=1e-6)
    older = Card("y", NOW + 86400, 2, 10.0, NOW - 11 * 86400)
    both = {"x": card, "y": older}
    result = stats.mastery([("s", "S")], [("x", "s"), ("y", "s")], both, NOW - 3600)
    assert result[0].recall90 == 1  # x an hour earlier is above 0.9, y is below


def test_weak_points_lists_lapses_recall_leeches_and_changes() -> None:
    hashes = {qid: "h" for qid in ("q1", "q2", "q3", "q4", "q5")}
    cards = _cards()
    cards["q3"] = Card("q3", NOW, 2, 20.0, NOW - 86400, lapses=2)
    cards["gone"] = Card("gone", NOW, 2, 1.0, NOW - 86400, lapses=9)
    weak = stats.weak_points(cards, hashes, NOW, limit=3)
    assert [p.question_id for p in weak.most_lapses] == ["q5", "q3"]
    assert weak.lowest_recall[0].question_id == "q5"
    assert all(p.retrievability < 0.9 for p in weak.lowest_recall)
    assert [p.question_id for p in weak.leeches] == ["q5"]
    assert [p.question_id for p in weak.changed] == ["q5"]
    assert weak.question_ids()[0] == "q5" and "gone" not in weak.question_ids()


# ----------------------------------------------------------------------------- exams, group


def test_exam_summary_from_a_row() -> None:
    row = {
        "id": 3,
        "started_at": ts("2026-03-09 23:00"),
        "finished_at": ts("2026-03-09 23:20"),
        "size": 20,
        "score": 0.85,
        "time_limit_s": 1800,
        "sections": json.dumps({"a": {"correct": 3, "total": 4}, "b": 0.5}),
    }
    exam = stats.exam_from_row(row)
    assert exam.duration_s == 1200
    assert exam.sections == {"a": 0.75, "b": 0.5}
    assert exam.to_dict(SHANGHAI)["date"] == "2026-03-10"


def test_group_view_orders_by_mastery() -> None:
    lines = [
        stats.ProfileLine("amy", 100, 10, 3, 5, 10, 0.9),
        stats.ProfileLine("bo", 500, 50, 9, 8, 10, 0.8),
        stats.ProfileLine("cy", 0, 0, 0, 0, 10, None),
    ]
    assert [p.profile for p in stats.group_view(lines)] == ["bo", "amy", "cy"]
    assert stats.group_view(lines)[0].to_dict()["mastery_share"] == 0.8
