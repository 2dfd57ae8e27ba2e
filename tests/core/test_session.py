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
    answer_problem,
    draw_exam,
    present,
    presentation_seed,
    record_group_answer,
    section_reveals_answer,
)
from trainer.core.store import Store
from trainer.core.store.marks import peeked

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
    "b2": "甲",  # by text: the letters are shuffled per learner and review
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
def steps_store(store):
    """The store with same-day learning steps on (``learning_steps on``; the default is off),
    for the tests of how a session brings a question back within the day."""
    store.set_setting("learning_steps", "on")
    return store


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
    # no same-day steps by default: a first correct answer is next asked days later
    assert outcome.next_due == T0 + timedelta(days=2)
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


def test_by_default_a_wrong_answer_waits_for_the_next_day_in_the_mistake_book(
    bank, store, clock
) -> None:
    from trainer.core.store.marks import wrong_book

    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    seen = run_all(session, clock, wrong={"a1"})
    ids = [qid for qid, _, _ in seen]
    assert seen[0] == ("a1", "wrong", Rating.Again)
    assert ids.count("a1") == 1  # not again today: no same-day steps (learning_steps off)
    summary = session.finish()
    assert summary.to_review == ["a1"]
    assert wrong_book(store, "alice", bank.id) == ["a1"]
    due = store.card_states("alice", bank.id)["a1"].due_at
    assert due == T0 + timedelta(days=1)
    # the next day it is asked first (due before the new questions)
    clock.advance(days=1)
    assert StudySession(bank, store, "alice", SessionOptions(), clock).current.id == "a1"


def test_wrong_answers_come_back_in_the_same_session_with_steps_on(
    bank, steps_store, clock
) -> None:
    store = steps_store
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
    assert changed.next_due == T0 + timedelta(days=1)  # Again: tomorrow (no same-day steps)
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


def test_a_question_failed_again_and_again_stops_coming_back(bank, steps_store, clock) -> None:
    from trainer.core.session import MAX_SHOWS_PER_SESSION

    store = steps_store
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


# --------------------------------------------------------------------------- not gameable

CHOICE_BANK = """
bank: {id: choice-bank, title: 选项}
sections:
  - {id: s, title: 聚焦政治引领 全面筑牢共同思想基础}
  - {id: t, title: 其他}
questions:
  - {id: c1, type: choice, section: t, prompt: 选甲, options: [甲, 乙, 丙, 丁], answer: A}
  - id: heading
    type: cloze
    section: s
    text: "聚焦{{政治引领}} 全面筑牢共同思想基础"
  - {id: plain, type: short, section: t, prompt: 一加一？, answer: 二}
"""


@pytest.fixture
def choice_bank(tmp_path: Path):
    path = tmp_path / "choice.yaml"
    path.write_text(CHOICE_BANK, encoding="utf-8")
    return load_bank(path)


def test_choice_options_are_shuffled_and_stored_by_identity(choice_bank, store, clock) -> None:
    orders = set()
    for learner in ("alice", "bob", "carol", "dave", "erin", "frank"):
        session = StudySession(
            choice_bank, store, learner, SessionOptions(question_ids=["c1"]), clock
        )
        shown = session.current
        orders.add(shown.options)
        letter = "ABCD"[shown.options.index("甲")]
        outcome = session.submit(letter)  # the letter the learner sees
        assert outcome.grade.verdict == "correct"
        (stored,) = list(store.iter_reviews(learner))
        assert stored.answer == "A"  # the option's identity: 甲 is the bank's A
        assert stored.content_hash == choice_bank.get("c1").content_hash
    assert len(orders) > 1  # not everyone sees the bank order


def test_a_presentation_replays_from_its_seed(choice_bank) -> None:
    question = choice_bank.get("c1")
    seed = presentation_seed("alice", choice_bank.id, "c1", 0, 1)
    assert present(question, seed) == present(question, seed)
    firsts = {
        present(question, presentation_seed("a", "b", "c1", n, 1)).question.correct
        for n in range(200)
    }
    assert firsts == {(0,), (1,), (2,), (3,)}
    letters = [
        present(question, presentation_seed("a", "b", "c1", n, 1)).question.correct[0]
        for n in range(400)
    ]
    assert max(letters.count(i) for i in range(4)) / 400 < 0.4  # no letter holds the answer


def test_order_items_never_start_in_the_right_order(bank, store, clock, tmp_path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text(
        "bank: {id: o, title: o}\nquestions:\n"
        "  - {id: o1, type: order, prompt: 排序, items: [一, 二, 三]}\n",
        encoding="utf-8",
    )
    order_bank = load_bank(path)
    starts = set()
    for learner in ("alice", "bob", "carol", "dave"):
        session = StudySession(order_bank, store, learner, SessionOptions(), clock)
        start = session.presentation.item_order
        assert list(start) != ["一", "二", "三"]
        starts.add(start)
    assert len(starts) > 1


def test_the_section_title_is_withheld_when_it_is_the_answer(choice_bank, store, clock) -> None:
    heading = choice_bank.get("heading")
    assert section_reveals_answer(heading, choice_bank.section_title("s"))
    assert not section_reveals_answer(choice_bank.get("c1"), choice_bank.section_title("t"))
    session = StudySession(
        choice_bank, store, "alice", SessionOptions(question_ids=["heading", "plain"]), clock
    )
    assert session.current.id == "heading" and session.section_shown() is None
    session.submit(["政治引领"])
    session.advance()
    assert session.current.id == "plain" and session.section_shown() == "t"


def test_new_siblings_wait_until_tomorrow_unless_asked_for(bank, store, clock, tmp_path) -> None:
    path = tmp_path / "sib.yaml"
    path.write_text(
        "bank: {id: sib, title: 兄弟题}\nquestions:\n"
        "  - {id: l1, type: list, prompt: 三种颜色, items: [红色, 绿色, 蓝色], source: 红绿蓝}\n"
        "  - {id: o1, type: order, prompt: 排列, items: [红色, 绿色, 蓝色], source: 红绿蓝}\n"
        "  - {id: x1, type: short, prompt: 首都？, answer: 北京, source: 首都是北京}\n",
        encoding="utf-8",
    )
    sib_bank = load_bank(path)
    session = StudySession(sib_bank, store, "alice", SessionOptions(), clock)
    assert session.buried == ["o1"]
    assert session.progress.new == 2
    run = [session.current.id]
    session.submit(["红色", "绿色", "蓝色"] if session.current.id == "l1" else "北京")
    session.override_rating(4)  # learned: not due tomorrow (a due sibling buries it too)
    # the next session today still holds o1 back; tomorrow it comes
    session.finish()
    again = StudySession(sib_bank, store, "alice", SessionOptions(), clock)
    assert "o1" in again.buried and "o1" not in again.upcoming
    tomorrow = FixedClock(T0 + timedelta(days=1))
    later = StudySession(sib_bank, store, "alice", SessionOptions(), tomorrow)
    assert "o1" in [later.current.id, *later.upcoming]
    # asked for by id: never buried
    asked = StudySession(sib_bank, store, "alice", SessionOptions(question_ids=["o1"]), clock)
    assert asked.current.id == "o1" and asked.buried == []
    assert run


def test_peeking_at_the_report_caps_the_rating_and_is_logged(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    assert session.peek() is True
    outcome = session.submit("北京", duration_ms=1500)  # fast and right: Easy without the peek
    assert outcome.rating == Rating.Hard
    assert outcome.record.hint_used and peeked(store, outcome.record.uid)
    assert session.peek() is False  # after the answer the report is free
    session.advance()
    plain = session.submit(ANSWERS[session.current.id], duration_ms=60000)
    assert not peeked(store, plain.record.uid)


def test_undo_removes_the_review_and_restores_the_card(bank, steps_store, clock) -> None:
    store = steps_store
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    assert not session.can_undo()
    session.submit("北京")
    clock.advance(minutes=1)
    session.advance()
    second = session.current
    outcome = session.submit("完全不对的答案")
    card_before = store.card_states("alice", bank.id).get(second.id)
    assert card_before is not None
    counts = session.progress
    back = session.undo()
    assert back.id == second.id and not session.answered_current
    # it is new again in the counts, not a learning step or a review
    assert session.progress.new == counts.new + 1
    assert session.progress.learning == counts.learning - 1
    assert [r.question_id for r in store.iter_reviews("alice")] == ["a1"]
    assert second.id not in store.card_states("alice", bank.id)  # new again, as before
    assert session.progress.answered == 1 and session.progress.correct == 1
    assert store.review(outcome.review_id) is None
    # undo after moving on: the question on screen waits, the undone one is asked again
    session.submit(ANSWERS[second.id])
    session.advance()
    waiting = session.current
    assert session.undo().id == second.id
    assert session.upcoming[0] == waiting.id
    a1 = store.card_states("alice", bank.id)["a1"]
    session.undo()  # and the one before: a1 back to new
    assert session.current.id == "a1" and "a1" not in store.card_states("alice", bank.id)
    assert a1.reps == 1
    assert list(store.iter_reviews("alice")) == []
    with pytest.raises(SessionError):
        session.undo()


def test_undo_restores_a_review_card_and_its_lapses(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(question_ids=["a1"]), clock)
    session.submit("北京")
    session.override_rating(4)  # graduates
    before = store.card_states("alice", bank.id)["a1"]
    clock.advance(days=30)
    again = StudySession(bank, store, "alice", SessionOptions(question_ids=["a1"]), clock)
    again.submit("错的")
    assert store.card_states("alice", bank.id)["a1"].lapses == 1
    again.undo()
    after = store.card_states("alice", bank.id)["a1"]
    assert (after.due, after.state, after.lapses, after.reps) == (
        before.due,
        before.state,
        before.lapses,
        before.reps,
    )


def test_rating_keys_show_the_interval_each_would_give(bank, store, clock) -> None:
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    assert session.rating_intervals() == {}
    outcome = session.submit("北京")
    intervals = session.rating_intervals()
    assert sorted(intervals) == [1, 2, 3, 4]
    assert intervals[1] <= intervals[2] <= intervals[3] <= intervals[4]
    assert intervals[3] == outcome.next_due - T0  # what Good (the rating stored) did


def test_new_learning_review_counts_fall_as_the_session_goes(bank, steps_store, clock) -> None:
    store = steps_store
    session = StudySession(bank, store, "alice", SessionOptions(), clock)
    start = session.progress
    assert (start.new, start.learning, start.review) == (6, 0, 0)
    session.submit("错的")  # a1 wrong: a learning step
    after = session.progress
    assert (after.new, after.learning) == (5, 1)
    clock.advance(minutes=1)
    session.advance()
    session.submit(ANSWERS[session.current.id])
    assert session.progress.new == 4
    assert session.progress.remaining == sum(
        (session.progress.new, session.progress.learning, session.progress.review)
    )


def test_time_up_grades_the_typed_answer(bank, store, clock) -> None:
    options = SessionOptions(mode="exam", exam_size=3, exam_seconds=60, seed=1)
    session = StudySession(bank, store, "alice", options, clock)
    question = session.current
    clock.advance(seconds=61)
    with pytest.raises(SessionError):
        session.submit(ANSWERS[question.id])
    outcome = session.submit(ANSWERS[question.id], at_time_up=True)
    assert outcome.grade.verdict == "correct"
    summary = session.finish()
    assert summary.answered == 1


def test_exam_details_list_every_question_and_unanswered_count_wrong(bank, store, clock) -> None:
    options = SessionOptions(mode="exam", exam_size=3, seed=7)
    session = StudySession(bank, store, "alice", options, clock)
    first = session.current
    session.submit(ANSWERS[first.id])
    session.advance()
    summary = session.finish()
    details = summary.exam_details
    assert [d["question_id"] for d in details][0] == first.id and len(details) == 3
    assert details[0]["verdict"] == "correct" and details[0]["expected"]
    assert [d["verdict"] for d in details[1:]] == ["unanswered", "unanswered"]
    assert summary.to_review == [d["question_id"] for d in details[1:]]
    assert summary.exam_score is not None and summary.exam_score <= 1 / 3 + 1e-9
    assert not session.can_undo()  # an exam answer is final


def test_answers_that_are_not_graded(bank) -> None:
    assert answer_problem(bank.get("b2"), "") == "study.answer.no_choice"
    assert answer_problem(bank.get("a3"), "") == "study.answer.no_choice"
    assert answer_problem(bank.get("b2"), "A") is None
    assert answer_problem(bank.get("a1"), "bei jing") == "study.answer.pinyin"
    assert answer_problem(bank.get("b1"), ["hong se", "lv se", "lan se"]) == "study.answer.pinyin"
    assert answer_problem(bank.get("a1"), "北京") is None
    assert answer_problem(bank.get("a1"), "") is None  # an empty answer is simply wrong
