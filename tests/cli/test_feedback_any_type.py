"""Plain mode and ``trainer check`` word the marks a grade carries as the question's own type
says (its home's ``grade_marks``), not by a list of type names: a new type registered in a
test — a true/false statement under another name — has its √/× shown as 对/错 (true/false)."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from trainer.core.bank import load_bank
from trainer.core.qtypes import register, unregister
from trainer.core.qtypes.truefalse import TrueFalseType

BANK = """
bank: {id: judge-bank, title: 判断}
questions:
  - {id: j1, type: judge, statement: 政协第十四届全国委员会第一次会议于2022年召开。, answer: false}
"""


class JudgeType(TrueFalseType):
    """A true/false statement under a name of its own (a new type reusing a home's grader)."""

    name = "judge"


@pytest.fixture
def judge_type() -> Iterator[JudgeType]:
    kind = JudgeType()
    register(kind)
    yield kind
    unregister("judge")


@pytest.mark.parametrize(
    ("language", "expected", "diff"),
    [("zh", "参考答案：错", "[-错-]{+对+}"), ("en", "Expected: false", "[-false-]{+true+}")],
)
def test_plain_mode_words_the_marks_of_a_new_type(
    tmp_path: Path,
    judge_type: JudgeType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
    language: str,
    expected: str,
    diff: str,
) -> None:
    from trainer.cli import study
    from trainer.core.clock import FixedClock
    from trainer.core.session import SessionOptions, StudySession
    from trainer.core.store import Store
    from trainer.i18n import set_language

    set_language(language)
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    bank = load_bank(path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("对\n"))
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        clock = FixedClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
        session = StudySession(bank, store, "alice", SessionOptions(), clock)
        study._plain_loop(session, argparse.Namespace(no_rating_prompt=True), UTC)
    out = capsys.readouterr().out
    assert expected in out.splitlines()
    assert diff in out
    assert "√" not in out and "×" not in out
