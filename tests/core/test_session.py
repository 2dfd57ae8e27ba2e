"""Study sessions end to end in the core: queue → grade → record → next, with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from trainer.core.bank import load_bank
from trainer.core.clock import FixedClock
from trainer.core.grading import grade
from trainer.core.session import (
    SessionError,
    SessionOptions,
    StudySession,
    draw_exam,
    record_group_answer,
)
from trainer.core.store import Store

BANK = """
bank: {id: session-bank, title: 会话测试}
sections:
  - {id: a, title: 第一部分}
  - {id: b, title: 第二部分}
questions:
  - {id: a1, type: short, section: a, prompt: 首都？, answer: 北京, source: 首都是北京}
  - {id: a2, type: short, section: a, prompt: 一加一？, answer: 二, source: 一加一等于二}
  - {id: a3, type: truefalse, section: a, statement: 天是蓝的, answer: true}
  - {id: b1, type: list, section: b, prompt: 三种颜色, items: [红色, 绿色, 蓝色], source: 红绿蓝}
  - {id: b2, type: choice, section: b, prompt: 哪个是甲？, options: [甲, 乙], answer: A}
  - {id: b3, type: cloze, section: b, text: "坚持{{人民}}至上", source: 坚持人民至上}
"""

ANSWERS = {
    "a1": "北京",
    "a2": "二",
    "a3": "对",
    "b1": ["红色", "绿色", "蓝色"],
    "b2": "A",
    "b3": ["人民"],
}
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def bank(tmp_path: Path):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as opened:
        yield opened


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


def run_all(session: StudySession, clock: FixedClock, wrong: set[str] = frozenset()) -> list:
    """Answer everything (wrong for ids in ``wrong`` the first time), a minute apart."""
    seen = []
    failed: set[str] = set()
    while session.current is not None and len(seen) < 50:
        question = session.current
        answer = ANSWERS[question.id]
        if question.id in wrong and question.id not in failed:
            answer = "完全不对的答案"
            failed.add(question.id)
        outcome = session.submit(answer)
        seen.append((question.id, outcome.grade.verdict, outcome.rating))
        clock.advance(minutes=1)
        session.advance()
    return seen


def test_a_correct_answer_is_good_and_stored(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    first = session.current
    assert first.id == "a1"
    outcome = session.submit("北京")
    assert outcome.grade.verdict == "correct" and outcome.rating == Rating.Good
    assert outcome.next_due == T0 + timedelta(minutes=10)
    (stored,) = list(store.iter_reviews("alice"))
    assert (stored.question_id, stored.verdict, stored.rating, stored.mode) == (
        "a1",
        "correct",
        3,
        "study",
    )
    assert stored.content_hash == first.content_hash
    assert session.progress.answered == 1 and session.progress.correct == 1
    with pytest.raises(SessionError, match="already answered"):
        session.submit("北京")


def test_wrong_answers_come_back_in_the_same_session(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    seen = run_all(session, clock, wrong={"a1"})
    ids = [qid for qid, _, _ in seen]
    assert seen[0] == ("a1", "wrong", Rating.Again)
    assert ids.count("a1") >= 2 and ids.index("a1", 1) > 1  # later, not at once
    # every question ends the session graduated or at least answered correctly last
    last_verdict = {qid: verdict for qid, verdict, _ in seen}
    assert set(last_verdict.values()) == {"correct"}
    summary = session.finish()
    assert summary.to_review == ["a1"]
    assert summary.answered == len(seen) and summary.correct == len(seen) - 1
    assert summary.next_due is not None and summary.next_due > clock()


def test_fast_correct_answers_are_easy_hints_cap_at_hard(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    assert session.submit("北京", duration_ms=1500).rating == Rating.Easy
    session.advance()
    assert session.submit(ANSWERS[session.current.id], hint_used=True).rating == Rating.Hard


def test_override_is_what_is_stored(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    outcome = session.submit("北京")
    changed = session.override_rating(1)
    assert changed.rating == Rating.Again and changed.suggested_rating == Rating.Good
    stored = store.review(outcome.review_id)
    assert stored.rating == 1 and stored.suggested_rating == 3
    assert changed.next_due == T0 + timedelta(minutes=1)
    assert session.summary().to_review == ["a1"]
    session.override_rating(4)
    assert store.card_states("alice", bank.id)["a1"].state == State.Review.value
    assert session.summary().to_review == []


def test_new_per_day_counts_the_learners_local_day(bank, store) -> None:
    store.set_setting("timezone", "Asia/Shanghai", profile="alice")  # UTC+8
    store.set_setting("new_per_day", 2, profile="alice")
    clock = FixedClock(datetime(2026, 3, 1, 15, 0, tzinfo=UTC))  # 23:00 in Shanghai
    first = StudySession(bank, store, "alice", SessionOptions(), clock)
    run_all(first, clock)
    learnt = {r.question_id for r in store.iter_reviews("alice")}
    assert len(learnt) == 2
    clock.set(datetime(2026, 3, 1, 15, 50, tzinfo=UTC))  # 23:50, same local day
    same_day = StudySession(bank, store, "alice", SessionOptions(), clock)
    assert set(same_day.upcoming) | {getattr(same_day.current, "id", None)} <= learnt | {None}
    clock.set(datetime(2026, 3, 1, 16, 10, tzinfo=UTC))  # 00:10, a new local day
    next_day = StudySession(bank, store, "alice", SessionOptions(), clock)
    new = {next_day.current.id, *next_day.upcoming} - learnt
    assert len(new) == 2
    # a --new option overrides the setting
    more = StudySession(bank, store, "alice", SessionOptions(new_limit=3), clock)
    assert len({more.current.id, *more.upcoming} - learnt) == 3


def test_review_mode_has_no_new_questions(bank, store, clock) -> None:
    first = StudySession(bank, store, "alice", SessionOptions(new_limit=2), clock)
    run_all(first, clock)
    assert StudySession(bank, store, "alice", SessionOptions(mode="review"), clock).current is None
    clock.advance(days=30)
    review = StudySession(bank, store, "alice", SessionOptions(mode="review"), clock)
    assert {review.current.id, *review.upcoming} == {"a1", "a2"}


def test_resume_after_a_session_continues_where_it_stopped(bank, store, clock) -> None:
    first = StudySession(bank, store, "alice", SessionOptions(), clock)
    for _ in range(3):
        first.submit(ANSWERS[first.current.id], duration_ms=1000)  # Easy: graduated
        first.advance()
    answered = {r.question_id for r in store.iter_reviews("alice")}
    # the process dies here; a new session starts
    second = StudySession(bank, store, "alice", SessionOptions(), clock)
    remaining = {second.current.id, *second.upcoming}
    assert remaining.isdisjoint(answered)
    assert len(remaining) == len(bank.questions) - 3


def test_exam_draws_across_sections_and_is_recorded(bank, store, clock) -> None:
    options = SessionOptions(mode="exam", exam_size=4, seed=7, exam_seconds=600)
    assert draw_exam(bank, 4, seed=7) == draw_exam(bank, 4, seed=7)
    session = StudySession(bank, store, "alice", options, clock)
    drawn = [session.current.id, *session.upcoming]
    assert len(drawn) == 4
    assert {bank.question(q).section for q in drawn} == {"a", "b"}
    first = True
    while session.current is not None:
        answer = "错的" if first else ANSWERS[session.current.id]
        first = False
        session.submit(answer)
        clock.advance(seconds=30)
        session.advance()
    summary = session.finish()
    assert summary.exam_size == 4 and summary.answered == 4
    assert summary.exam_score == pytest.approx(0.75)
    assert sum(s["total"] for s in summary.exam_sections.values()) == 4
    (exam,) = store.exams("alice")
    assert exam.score == pytest.approx(0.75) and exam.finished_at is not None
    assert exam.time_limit_s == 600
    reviews = list(store.iter_reviews("alice"))
    assert {r.mode for r in reviews} == {"exam"} and {r.exam_uid for r in reviews} == {exam.uid}
    assert len(store.card_states("alice", bank.id)) == 4  # exam answers count as reviews
    assert session.finish().exam_score == summary.exam_score  # finishing twice is harmless
    assert len(store.exams("alice")) == 1


def test_timed_exam_stops_when_time_is_up(bank, store, clock) -> None:
    options = SessionOptions(mode="exam", exam_size=4, seed=1, exam_seconds=60)
    session = StudySession(bank, store, "alice", options, clock)
    session.submit(ANSWERS[session.current.id])
    session.advance()
    clock.advance(seconds=61)
    assert session.expired and session.time_left() == 0
    with pytest.raises(SessionError, match="time"):
        session.submit("北京")
    assert session.advance() is None
    summary = session.finish()
    assert summary.exam_score == pytest.approx(0.25)  # unanswered questions count 0


def test_removed_questions_leave_the_queue_but_keep_history(bank, store, clock) -> None:
    store.record_review(
        "alice",
        bank_id=bank.id,
        question_id="gone",
        rating=1,
        verdict="wrong",
        score=0.0,
        reviewed_at=T0 - timedelta(days=3),
    )
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    assert "gone" not in {session.current.id, *session.upcoming}
    assert store.review_count("alice") == 1


def test_filters_and_selected_questions(bank, store, clock) -> None:
    by_section = StudySession(bank, store, "alice", SessionOptions(section="b"), clock)
    assert {by_section.current.id, *by_section.upcoming} == {"b1", "b2", "b3"}
    chosen = StudySession(
        bank, store, "alice", SessionOptions(question_ids=["a3", "b2"], new_limit=0), clock
    )
    assert {chosen.current.id, *chosen.upcoming} == {"a3", "b2"}


def test_group_answers_go_into_the_players_history(bank, store) -> None:
    question = bank.question("a1")
    record = record_group_answer(
        store, "小李", bank, question, grade(question, "北京"), 4000, answer="北京"
    )
    assert record.mode == "group" and record.rating == 3
    assert "a1" in store.card_states("小李", bank.id)


def test_an_empty_queue_ends_at_once(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(new_limit=0), clock)
    assert session.current is None and session.progress.remaining == 0
    with pytest.raises(SessionError):
        session.submit("x")
    assert session.finish().answered == 0


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="mode"):
        SessionOptions(mode="party")
    with pytest.raises(ValueError):
        SessionOptions(mode="exam", exam_size=0)
    assert SessionOptions.from_dict(SessionOptions(section="a").to_dict()).section == "a"


def test_a_question_failed_again_and_again_stops_coming_back(bank, store, clock) -> None:
    from trainer.core.session import MAX_SHOWS_PER_SESSION

    session = StudySession(bank, store, "alice", SessionOptions(question_ids=["a1"]), clock)
    shown = 0
    while session.current is not None and shown < 20:
        session.submit("完全不对")
        shown += 1
        clock.advance(minutes=2)
        session.advance()
    assert shown == MAX_SHOWS_PER_SESSION
    # the learning step is kept: the next session has it again
    assert StudySession(bank, store, "alice", SessionOptions(), clock).current.id == "a1"
