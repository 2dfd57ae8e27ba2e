"""Weak points include the questions answered wrong lately (no lapse, recall still high)."""

from __future__ import annotations

from tests.core.test_stats import NOW, Card, _cards
from trainer.core import stats


def test_a_question_just_answered_wrong_is_a_weak_point() -> None:
    cards = {**_cards(), "q6": Card("q6", NOW + 600, 1, 0.5, NOW - 60, lapses=0)}
    hashes = {qid: "h" for qid in cards}
    before = stats.weak_points(cards, hashes, NOW, limit=3)
    assert "q6" not in before.question_ids()  # no lapse, recall ≈ 100 %: invisible before
    weak = stats.weak_points(cards, hashes, NOW, limit=3, recent_wrong={"q6", "gone"})
    assert [p.question_id for p in weak.recent_wrong] == ["q6"]
    assert "q6" in weak.question_ids()
    point = next(p for p in weak.points() if p.question_id == "q6")
    assert "wrong" in point.reasons and "recall" not in point.reasons
    assert "recent_wrong" in weak.to_dict()
    low = next(p for p in weak.points() if p.question_id == "q5")
    assert "recall" in low.reasons  # below 90 %: said as a reason too
