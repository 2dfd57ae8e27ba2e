"""挑战答题 in the core: quick questions until the first wrong answer; the best run per bank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.core.test_session import ANSWERS, BANK, T0  # noqa: F401 - the shared small bank
from trainer.core.bank import load_bank
from trainer.core.challenge import best_run, record_run
from trainer.core.clock import FixedClock
from trainer.core.session import SessionOptions, StudySession
from trainer.core.store import Store


def _setup(tmp_path: Path) -> tuple[object, Store]:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path), Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False)


def test_the_run_ends_at_the_first_wrong_answer(tmp_path: Path) -> None:
    bank, store = _setup(tmp_path)
    with store:
        session = StudySession(
            bank, store, "me", SessionOptions(mode="challenge", seed=3), FixedClock(T0)
        )
        asked = []
        for _ in range(2):
            question = session.current
            asked.append(question.id)
            assert session.submit(ANSWERS[question.id]).grade.remembered
            session.advance()
        wrong = session.current
        asked.append(wrong.id)
        assert not session.submit("完全不对" if wrong.type != "choice" else "B").grade.remembered
        session.advance()
        assert session.current is None  # over: no learning step brings it back
        summary = session.finish()
        assert (summary.answered, summary.correct) == (3, 2)
        assert "b1" not in asked  # a list question is not quick-fire
        modes = {r.mode for r in store.iter_reviews("me")}
        assert modes == {"challenge"}


def test_the_best_run_is_kept_per_bank(tmp_path: Path) -> None:
    _bank, store = _setup(tmp_path)
    with store:
        assert best_run(store, "me", "b").run == 0
        assert record_run(store, "me", "b", 4, date(2026, 3, 1))
        assert not record_run(store, "me", "b", 3, date(2026, 3, 2))
        assert record_run(store, "me", "other", 1, date(2026, 3, 2))
        best = best_run(store, "me", "b")
        assert (best.run, best.day) == (4, date(2026, 3, 1))
        assert best_run(store, "you", "b").run == 0
        store.set_setting("challenge_best", {"b": {"run": "x"}}, profile="me")
        assert best_run(store, "me", "b").run == 0  # a bad value is no crash
