"""An answer that cannot be graded (a fault of the checker) is not recorded as a wrong answer:
``grade`` raises :class:`GradingError`, the session records nothing, the learner sees one line
and answers the same question again."""

from __future__ import annotations

import argparse
import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from trainer.core.bank import ShortQuestion, load_bank
from trainer.core.clock import FixedClock
from trainer.core.grading import GradingError, grade
from trainer.core.qtypes import TYPES
from trainer.core.session import SessionOptions, StudySession
from trainer.core.store import Store

BANK = """
bank: {id: errors-bank, title: 判分故障}
sections:
  - {id: a, title: 第一部分}
questions:
  - {id: a1, type: short, section: a, prompt: 首都？, answer: 北京, source: 首都是北京}
"""
QUESTION = ShortQuestion(id="q", type="short", prompt="p", answer="北京")
SHORT = TYPES["short"]
"""The short-answer type's home: its ``grade`` is the checker a fault is put into."""


@pytest.fixture
def broken_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(question: Any, answer: Any) -> Any:
        raise ZeroDivisionError("a bug in the checker")

    monkeypatch.setattr(SHORT, "grade", crash)


def test_a_fault_of_the_checker_raises_a_typed_error(broken_checker: None) -> None:
    with pytest.raises(GradingError, match="ZeroDivisionError"):
        grade(QUESTION, "北京")


def test_a_learner_answer_never_raises() -> None:
    for answer in ("", "北京", "不知道", "\x00" * 50, "😀" * 5000, ["a", "b"]):
        assert grade(QUESTION, answer).verdict in ("correct", "close", "partial", "wrong")


def test_the_session_records_nothing_and_the_question_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    bank = load_bank(path)
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        clock = FixedClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
        session = StudySession(bank, store, "alice", SessionOptions(), clock)
        monkeypatch.setattr(SHORT, "grade", _crash)
        with pytest.raises(GradingError):
            session.submit("北京")
        assert list(store.iter_reviews("alice")) == []
        assert session.current is not None and session.current.id == "a1"
        monkeypatch.undo()
        assert session.submit("北京").grade.verdict == "correct"  # the learner answers again
        assert len(list(store.iter_reviews("alice"))) == 1


def _crash(question: Any, answer: Any) -> Any:
    raise KeyError("bug")


def test_plain_mode_shows_one_line_and_asks_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.cli import study
    from trainer.i18n import t

    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    bank = load_bank(path)
    calls = {"n": 0}
    original = SHORT.grade

    def first_fails(question: Any, answer: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyError("bug")
        return original(question, answer)

    monkeypatch.setattr(SHORT, "grade", first_fails)
    monkeypatch.setattr(sys, "stdin", io.StringIO("北京\n北京\n"))
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        clock = FixedClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
        session = StudySession(bank, store, "alice", SessionOptions(), clock)
        args = argparse.Namespace(no_rating_prompt=True)
        study._plain_loop(session, args, UTC)
        out = capsys.readouterr().out
        assert out.count(t("grading.error.ungradable")) == 1
        assert "Traceback" not in out
        stored = list(store.iter_reviews("alice"))
        # Two answers typed, the first could not be graded: one review, of the second.
        assert [review.verdict for review in stored] == ["correct"]
