"""The home screen's figures (trainer.core.overview) and the typed settings (core.settings).

The figures come from targeted reads instead of the whole statistics; they must say what the
statistics say, be kept while nothing changed, and follow every change a learner makes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from trainer.core.bank import Bank, load_bank
from trainer.core.clock import FixedClock
from trainer.core.overview import Overview, OverviewSource
from trainer.core.session import record_group_answer, today_counts
from trainer.core.settings import DAILY_GOAL, Settings
from trainer.core.stats.queries import profile_stats
from trainer.core.store import SETTINGS, Store
from trainer.core.store.marks import undo_review, wrong_book

BANK = """
bank: {id: overview-bank, title: 概览测试}
sections:
  - {id: a, title: 第一部分}
  - {id: b, title: 第二部分}
questions:
  - {id: a1, type: short, section: a, prompt: 首都？, answer: 北京, source: 首都是北京}
  - {id: a2, type: short, section: a, prompt: 一加一？, answer: 二, source: 一加一等于二}
  - {id: a3, type: truefalse, section: a, statement: 天是蓝的, answer: true}
  - {id: b1, type: short, section: b, prompt: 颜色？, answer: 红色, source: 红色}
  - {id: b2, type: choice, section: b, prompt: 哪个是甲？, options: [甲, 乙], answer: A}
  - {id: n1, type: short, prompt: 无节？, answer: 是, source: 是}
"""
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "trainer.sqlite3")
    opened.ensure_profile("amy")
    return opened


def answer(store: Store, bank: Bank, qid: str, verdict: str, at: datetime) -> int:
    question = bank.get(qid)
    grade = SimpleNamespace(verdict=verdict, score=1.0 if verdict == "correct" else 0.0)
    return record_group_answer(store, "amy", bank, question, grade, at=at).id


def figures(source: OverviewSource, bank: Bank, store: Store, clock: FixedClock) -> Overview:
    return source.get(
        bank, store, "amy", clock, store.time_zone("amy"), Settings.load(store, "amy")
    )


def test_the_figures_say_what_the_statistics_and_the_session_say(bank, store) -> None:
    # Three days of study, some answers wrong: due cards, a streak, the 错题本, new questions.
    for day, (qid, verdict) in enumerate(
        [("a1", "correct"), ("a2", "wrong"), ("b1", "correct"), ("a3", "partial")]
    ):
        answer(store, bank, qid, verdict, T0.replace(day=1 + day))
    clock = FixedClock(T0.replace(day=5, hour=12))
    answer(store, bank, "b2", "wrong", clock())
    overview = figures(OverviewSource(), bank, store, clock)
    stats = profile_stats(store, "amy", bank, clock())
    counts = today_counts(bank, store, "amy", clock)
    assert overview.done_today == stats.today_stats.reviewed == 1
    assert overview.streak == stats.streaks.current
    assert overview.unseen == stats.new_available == 1
    assert (overview.new, overview.due) == (counts.new, counts.review + counts.learning)
    assert overview.wrong_book == len(wrong_book(store, "amy", bank.id)) == 3
    assert overview.goal == DAILY_GOAL
    assert [(s.id, s.total, s.new, s.learning, s.mastered) for s in overview.sections] == [
        (m.id or None, m.total, m.new, m.learning + m.young, m.mature) for m in stats.sections
    ]
    assert [s.title for s in overview.sections] == ["第一部分", "第二部分", ""]


def test_kept_while_nothing_changed_recomputed_after_each_change(bank, store) -> None:
    clock = FixedClock(T0)
    source = OverviewSource()
    answer(store, bank, "a1", "wrong", clock())
    first = figures(source, bank, store, clock)
    assert figures(source, bank, store, clock) is first  # nothing changed: nothing recomputed
    review = answer(store, bank, "a2", "wrong", clock())
    second = figures(source, bank, store, clock)
    assert second is not first
    assert (second.done_today, second.wrong_book) == (2, 2)
    undo_review(store, review)  # an undo: the 错题本 is counted again from the whole log
    assert figures(source, bank, store, clock).wrong_book == 1
    # A card falling due changes the figures with no write at all.
    assert figures(source, bank, store, clock).sections[0].due == 0
    due_at = store.card_row("amy", bank.id, "a1").due  # type: ignore[union-attr]
    clock.now = datetime.fromtimestamp(due_at + 1, UTC)
    assert figures(source, bank, store, clock).sections[0].due == 1


def test_wrong_book_count_follows_answers_across_banks_and_cram(bank, store) -> None:
    clock = FixedClock(T0)
    source = OverviewSource()
    for minute, (qid, verdict) in enumerate(
        [("a1", "wrong"), ("a1", "correct"), ("b1", "partial"), ("a1", "correct")]
    ):
        answer(store, bank, qid, verdict, T0.replace(minute=minute))
        clock.now = T0.replace(minute=minute, second=30)
        assert figures(source, bank, store, clock).wrong_book == len(
            wrong_book(store, "amy", bank.id)
        )
    assert figures(source, bank, store, clock).wrong_book == 1  # a1 answered right twice since


def test_settings_have_their_defaults_in_the_store_table(store) -> None:
    defaults = Settings.defaults()
    assert defaults.new_per_day == SETTINGS["new_per_day"][0]
    assert defaults.theme == SETTINGS["theme"][0]
    assert defaults.daily_goal == DAILY_GOAL
    store.set_setting("new_per_day", 7, profile="amy")
    store.set_setting("daily_goal", 30, profile="amy")
    store.set_setting("theme", "light")  # global
    loaded = Settings.load(store, "amy")
    assert (loaded.new_per_day, loaded.daily_goal, loaded.theme) == (7, 30, "light")
    assert Settings.load(store, "nobody").new_per_day == SETTINGS["new_per_day"][0]


def test_after_each_answer_the_figures_still_agree(bank, store, tmp_path: Path) -> None:
    """Answer after answer (one source, as the home screen keeps it), every figure agrees with
    the statistics, the session and the card rows; a card of a question since removed from the
    bank counts towards the due figure (as in the statistics), not towards any section."""
    from datetime import timedelta

    from trainer.core.clock import from_epoch

    older = tmp_path / "older.yaml"
    older.write_text(
        BANK + "  - {id: gone, type: short, section: a, prompt: 旧题？, answer: 旧}\n",
        encoding="utf-8",
    )
    answer(store, load_bank(older), "gone", "wrong", T0 - timedelta(days=3))
    clock = FixedClock(T0)
    source = OverviewSource()
    plan = [("a1", "wrong"), ("n1", "correct"), ("a1", "correct"), ("b2", "partial")]
    plan += [("a2", "correct"), ("a1", "correct"), ("b1", "wrong"), ("n1", "correct")]
    for qid, verdict in plan:
        answer(store, bank, qid, verdict, clock())
        clock.now = clock.now + timedelta(minutes=7)
        overview = figures(source, bank, store, clock)
        stats = profile_stats(store, "amy", bank, clock())
        counts = today_counts(bank, store, "amy", clock)
        cards = store.card_states("amy", bank.id)
        in_bank = {q.id: q.section or "" for q in bank.questions}
        due_by_section: dict[str, int] = {}
        for card_id, row in cards.items():
            if card_id in in_bank and row.due <= clock().timestamp():
                sid = in_bank[card_id]
                due_by_section[sid] = due_by_section.get(sid, 0) + 1
        assert [
            (s.id, s.total, s.new, s.learning, s.mastered, s.due) for s in overview.sections
        ] == [
            (
                m.id or None,
                m.total,
                m.new,
                m.learning + m.young,
                m.mature,
                due_by_section.get(m.id, 0),
            )
            for m in stats.sections
        ]
        assert overview.unseen == stats.new_available
        assert overview.done_today == stats.today_stats.reviewed
        assert overview.streak == stats.streaks.current
        assert (overview.new, overview.due) == (counts.new, counts.review + counts.learning)
        assert overview.wrong_book == len(wrong_book(store, "amy", bank.id))
        bank_dues = [row.due for card_id, row in cards.items() if card_id in in_bank]
        assert overview.next_due == from_epoch(min(bank_dues))
    assert "gone" in store.card_states("amy", bank.id)  # the removed question's card is there


def test_the_card_read_of_the_home_screen_walks_an_index_not_the_card_rows(store) -> None:
    """Every figure of the home screen reads each card's class and due time; at 50,000 cards
    reading them from the rows (with their JSON) took three times as long as from an index
    (docs/performance.md)."""
    from trainer.core.store.overview_queries import CARD_DUES_SQL, profile_id

    pid = profile_id(store, "amy")
    plan = store.query("EXPLAIN QUERY PLAN " + CARD_DUES_SQL, (21 * 86400.0, pid, "overview-bank"))
    assert any("COVERING INDEX" in str(row[-1]) for row in plan), plan


SIBLINGS = """
bank: {id: sib-home, title: 兄弟题}
questions:
  - {id: l1, type: list, prompt: 三种颜色, items: [红色, 绿色, 蓝色], source: 红绿蓝}
  - {id: o1, type: order, prompt: 排列, items: [红色, 绿色, 蓝色], source: 红绿蓝}
  - {id: x1, type: short, prompt: 首都？, answer: 北京, source: 首都是北京}
  - {id: y1, type: short, prompt: 颜色？, answer: 红, source: 红}
  - {id: z1, type: short, prompt: 一加一？, answer: 二, source: 一加一等于二}
"""


def test_the_home_screen_counts_what_the_session_asks_buried_siblings_and_suspended_left_out(
    tmp_path, store
) -> None:
    from trainer.core.session import SessionOptions, StudySession
    from trainer.core.store.marks import set_mark

    path = tmp_path / "sib.yaml"
    path.write_text(SIBLINGS, encoding="utf-8")
    sib = load_bank(path)
    set_mark(store, "amy", sib.id, "z1", "suspended", True)
    clock = FixedClock(T0)
    source = OverviewSource()

    def session_counts() -> tuple[int, int]:
        progress = StudySession(sib, store, "amy", SessionOptions(), clock).progress
        return progress.new, progress.review + progress.learning

    overview = figures(source, sib, store, clock)
    # o1 shares its sentence with l1 (buried until tomorrow), z1 is suspended
    assert (overview.new, overview.due) == session_counts() == (3, 0)
    answer(store, sib, "l1", "wrong", clock())  # answered today: o1 stays buried today
    overview = figures(source, sib, store, clock)
    assert (overview.new, overview.due) == session_counts() == (2, 0)
    clock = FixedClock(T0.replace(day=2, hour=12))  # tomorrow: l1 due, which buries o1 too
    overview = figures(source, sib, store, clock)
    assert (overview.new, overview.due) == session_counts() == (2, 1)
    assert StudySession(sib, store, "amy", SessionOptions(), clock).buried == ["o1"]


def test_the_section_rows_are_the_same_from_the_bank_cache(tmp_path: Path, store: Store) -> None:
    # The rows of a bank read back from the cache file use the sections kept beside it.
    from trainer.core.bank.cache import load_bank_cached

    path = tmp_path / "cached.yaml"
    path.write_text(BANK, encoding="utf-8")
    clock = FixedClock(T0)
    answer_bank = load_bank(path)
    answer(store, answer_bank, "a1", "correct", T0)
    answer(store, answer_bank, "n1", "wrong", T0)
    parsed = figures(OverviewSource(), answer_bank, store, clock)
    load_bank_cached(path)  # writes the cache
    cached = figures(OverviewSource(), load_bank_cached(path), store, clock)
    assert cached.sections == parsed.sections
    assert [(r.id, r.total, r.new, r.learning) for r in cached.sections] == [
        ("a", 3, 2, 1),
        ("b", 2, 2, 0),
        (None, 1, 0, 1),  # the questions without a section
    ]
