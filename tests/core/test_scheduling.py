"""FSRS scheduling: ratings from grades, growing and collapsing intervals, the daily queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State
from hypothesis import given
from hypothesis import strategies as st

from trainer.core import scheduling
from trainer.core.bank import load_bank
from trainer.core.clock import to_epoch
from trainer.core.scheduling import (
    build_queue,
    changed_questions,
    interleave,
    make_scheduler,
    new_card,
    rating_from_grade,
    removed_questions,
    sibling_keys,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

BANK = """
bank: {id: sched-bank, title: 排程}
sections:
  - {id: a, title: 甲}
  - {id: b, title: 乙}
questions:
  - {id: q1, type: short, section: a, prompt: 一, answer: 甲一, source: 第一句话}
  - {id: q2, type: short, section: a, prompt: 二, answer: 甲二, source: 第一句话}
  - {id: q3, type: short, section: b, prompt: 三, answer: 乙三, source: 第二句话, tags: [要点]}
  - {id: q4, type: list, section: b, prompt: 四, items: [红色, 绿色], source: 第三句话}
  - {id: q5, type: cloze, section: b, text: "坚持{{红色}}", source: 第四句话}
  - {id: q6, type: short, section: a, prompt: 六, answer: 甲六, source: 第五句话}
"""


@pytest.fixture
def bank(tmp_path: Path):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


@dataclass
class Row:
    question_id: str
    due: float
    state: int = State.Review.value
    stability: float | None = 10.0
    last_review: float | None = None
    lapses: int = 0
    content_hash: str = ""


# --------------------------------------------------------------------------- ratings


@pytest.mark.parametrize(
    ("verdict", "hint", "duration", "length", "expected"),
    [
        ("wrong", False, 1000, 4, Rating.Again),
        ("wrong", True, None, 4, Rating.Again),
        ("partial", False, 500, 4, Rating.Hard),
        ("close", True, 500, 4, Rating.Hard),
        ("correct", True, 500, 4, Rating.Hard),
        ("close", False, 500, 4, Rating.Good),
        ("correct", False, None, 4, Rating.Good),
        ("correct", False, 10_000, 4, Rating.Good),
        ("correct", False, 2_900, 4, Rating.Easy),  # 2 s + 4 × 0.25 s = 3 s
        ("correct", False, 3_000, 4, Rating.Good),
        ("correct", False, 11_000, 40, Rating.Easy),  # long answers get more time
    ],
)
def test_rating_from_grade(
    verdict: str, hint: bool, duration: int | None, length: int, expected: Rating
) -> None:
    got = rating_from_grade(verdict, hint_used=hint, duration_ms=duration, answer_length=length)
    assert got == expected


def test_unknown_verdict_is_refused() -> None:
    with pytest.raises(ValueError, match="verdict"):
        rating_from_grade("maybe")


def test_ratings_must_be_one_to_four() -> None:
    assert scheduling.to_rating(4) == Rating.Easy
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        scheduling.to_rating(5)


# --------------------------------------------------------------------------- intervals


def _review_at_due(rating: Rating, times: int) -> list[float]:
    scheduler = make_scheduler(enable_fuzzing=False)
    card = new_card("b", "q", T0)
    now = T0
    intervals = []
    for _ in range(times):
        card, _ = scheduler.review_card(card, rating, now)
        intervals.append(scheduling.interval_days(card))
        now = card.due
    return intervals


def test_intervals_grow_after_good() -> None:
    intervals = _review_at_due(Rating.Good, 7)
    in_days = [i for i in intervals if i >= 1]
    assert len(in_days) >= 5
    assert all(later > earlier for earlier, later in zip(in_days, in_days[1:], strict=False))
    assert in_days[-1] > 30


def test_interval_collapses_after_again() -> None:
    scheduler = make_scheduler(enable_fuzzing=False)
    card = new_card("b", "q", T0)
    now = T0
    for _ in range(6):
        card, _ = scheduler.review_card(card, Rating.Good, now)
        now = card.due
    long_interval = scheduling.interval_days(card)
    stability = card.stability
    card, _ = scheduler.review_card(card, Rating.Again, now)
    assert card.state == State.Relearning
    assert scheduling.interval_days(card) < 1 / 24  # back in minutes
    assert card.stability < stability / 3
    card, _ = scheduler.review_card(card, Rating.Good, card.due)
    assert scheduling.interval_days(card) < long_interval / 3


def test_retention_setting_changes_intervals() -> None:
    card = new_card("b", "q", T0)
    loose = make_scheduler(0.75, enable_fuzzing=False)
    strict = make_scheduler(0.95, enable_fuzzing=False)
    after_loose, _ = loose.review_card(card, Rating.Easy, T0)
    after_strict, _ = strict.review_card(card, Rating.Easy, T0)
    assert after_loose.due > after_strict.due


def test_maximum_interval_is_respected() -> None:
    scheduler = make_scheduler(maximum_interval_days=10, enable_fuzzing=False)
    card = new_card("b", "q", T0)
    now = T0
    for _ in range(8):
        card, _ = scheduler.review_card(card, Rating.Easy, now)
        now = card.due
    assert scheduling.interval_days(card) <= 10


@pytest.mark.parametrize("retention", [0.5, 0.99])
def test_retention_out_of_range_is_refused(retention: float) -> None:
    with pytest.raises(ValueError, match="retention"):
        make_scheduler(retention)


def test_retrievability_matches_fsrs() -> None:
    scheduler = make_scheduler(enable_fuzzing=False)
    card = new_card("b", "q", T0)
    card, _ = scheduler.review_card(card, Rating.Good, T0)
    card, _ = scheduler.review_card(card, Rating.Good, T0 + timedelta(minutes=10))
    later = T0 + timedelta(days=9, minutes=10)
    ours = scheduling.retrievability(card.stability, to_epoch(card.last_review), to_epoch(later))
    assert ours == pytest.approx(scheduler.get_card_retrievability(card, later), rel=1e-9)


def test_leech_threshold() -> None:
    assert not scheduling.is_leech(5)
    assert scheduling.is_leech(6)


# --------------------------------------------------------------------------- the queue


def test_queue_due_by_lowest_retrievability_then_new_in_bank_order(bank) -> None:
    now = to_epoch(T0)
    day = 86400.0
    rows = {
        # q3: 10 days overdue on stability 10 -> lowest R; q6: barely due; q2: not due
        "q3": Row("q3", due=now - 10 * day, last_review=now - 20 * day),
        "q6": Row("q6", due=now - 60, last_review=now - 10 * day),
        "q2": Row("q2", due=now + day, last_review=now - day),
    }
    queue = build_queue(bank, rows, T0, new_limit=20)
    assert queue[:2] == ["q3", "q6"]
    assert "q2" not in queue
    assert set(queue[2:]) == {"q1", "q4", "q5"}


def test_new_limit_counts_what_was_done_today(bank) -> None:
    queue = build_queue(bank, {}, T0, new_limit=3, new_done_today=1)
    assert len(queue) == 2
    assert build_queue(bank, {}, T0, new_limit=3, new_done_today=5) == []
    assert build_queue(bank, {}, T0, new_limit=20, include_new=False) == []


def test_filters_by_section_tag_and_ids(bank) -> None:
    assert set(build_queue(bank, {}, T0, section="b")) == {"q3", "q4", "q5"}
    assert build_queue(bank, {}, T0, tag="要点") == ["q3"]
    now = to_epoch(T0)
    rows = {"q2": Row("q2", due=now + 86400, last_review=now - 3600)}
    # "study exactly these": not-due and new questions come too, without a new limit
    assert set(build_queue(bank, rows, T0, question_ids=["q2", "q6"], new_limit=0)) == {
        "q2",
        "q6",
    }


def test_siblings_are_not_back_to_back(bank) -> None:
    # q1 and q2 quote the same sentence; q4 (list) and q5 (cloze) share the item 红色
    queue = build_queue(bank, {}, T0, new_limit=20)
    assert sorted(queue) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    keys = {q.id: sibling_keys(q) for q in bank.questions}
    for first, second in zip(queue, queue[1:], strict=False):
        assert not (keys[first] & keys[second]), (first, second, queue)


def test_removed_and_changed_questions(bank) -> None:
    now = to_epoch(T0)
    rows = {
        "gone": Row("gone", due=now - 100, last_review=now - 86400),
        "q1": Row("q1", due=now + 86400, content_hash="0000"),
        "q2": Row("q2", due=now + 86400, content_hash=bank.question("q2").content_hash),
    }
    assert "gone" not in build_queue(bank, rows, T0)
    assert removed_questions(bank, rows) == ["gone"]
    assert changed_questions(bank, rows) == ["q1"]


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=40))
def test_interleave_keeps_every_question(groups: list[int]) -> None:
    ids = [f"x{i}" for i in range(len(groups))]
    keys = {qid: frozenset({f"g{g}"}) for qid, g in zip(ids, groups, strict=True)}
    out = interleave(ids, keys)
    assert sorted(out) == sorted(ids)
    # whenever two neighbours are siblings, nothing else was left to put between them
    for index, (a, b) in enumerate(zip(out, out[1:], strict=False)):
        if keys[a] & keys[b]:
            assert all(keys[c] == keys[a] for c in out[index + 1 :])
