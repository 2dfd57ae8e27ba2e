"""What each question type's home decides for the session and the group page, checked where a
learner meets it: an exam's 答题详情 lists a choice by its options' texts and an order with →,
a shuffled choice is stored by its bank letters, a 挑战答题 asks lists and orderings only when
nothing else is left, and the phone page can draw every input kind a type names."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from trainer.core.bank import parse_bank
from trainer.core.clock import FixedClock
from trainer.core.qtypes import INPUT_KINDS, TYPES
from trainer.core.session import SessionOptions, StudySession
from trainer.core.store import Store
from trainer.group.protocol import public_question

BANK = """\
bank: {id: homes, title: 题型}
questions:
  - {id: c, type: choice, prompt: 选两项, options: [甲项, 乙项, 丙项, 丁项], answer: [A, C]}
  - {id: o, type: order, prompt: 排列, items: [第一步, 第二步, 第三步]}
  - {id: l, type: list, prompt: 两个维护？, items: [维护核心地位, 维护集中统一领导]}
  - {id: s, type: short, prompt: 首都？, answer: 北京}
  - {id: t, type: truefalse, statement: 协商民主是重要渠道。, answer: true}
  - {id: n, type: number, prompt: 多少件？, answer: 4100, unit: 件}
  - {id: z, type: cloze, text: "坚持{{团结}}和{{民主}}两大主题。"}
"""
CLOCK = FixedClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))


def _session(tmp_path: Path, store: Store, **options: object) -> StudySession:
    bank = parse_bank(BANK, "homes.yaml")
    return StudySession(bank, store, "alice", SessionOptions(**options), CLOCK)  # type: ignore[arg-type]


def test_an_exam_lists_a_choice_by_its_options_and_an_order_with_arrows(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        session = _session(tmp_path, store, mode="exam", question_ids=["c", "o", "l"], seed=3)
        while session.current is not None:
            question = session.current
            if question.id == "c":
                shown = session.presentation.question
                letters = "".join("ABCD"[shown.options.index(text)] for text in ("丙项", "甲项"))
                session.submit(letters)  # picked as shown on screen, in any order
            elif question.id == "o":
                session.submit(["第一步", "第三步 ", "第二步"])
            else:
                session.submit(["维护核心地位", ""])
            session.advance()
        details = {row["question_id"]: row["answer"] for row in session.finish().exam_details}
        stored = {review.question_id: review.answer for review in store.iter_reviews("alice")}
    assert details == {"c": "甲项；丙项", "o": "第一步 → 第三步 → 第二步", "l": "维护核心地位；＿"}
    assert stored["c"] == "AC"  # the bank letters, whatever order the options were shown in


def test_a_challenge_run_asks_lists_and_orderings_last_or_not_at_all(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        session = _session(tmp_path, store, mode="challenge", seed=1)
        asked = {session.current.type} if session.current is not None else set()
        assert asked and asked <= {"choice", "truefalse", "number", "cloze", "short"}
        only_slow = _session(tmp_path, store, mode="challenge", question_ids=["o", "l"], seed=1)
        assert only_slow.current is not None and only_slow.current.id in {"o", "l"}


def test_the_phone_page_draws_every_input_kind_the_types_name() -> None:
    page = (Path(__file__).parents[2] / "trainer/group/web/app.js").read_text(encoding="utf-8")
    drawn = set(re.findall(r'q\.input === "([a-z]+)"', page)) | {"text"}  # text: the fallback
    assert set(INPUT_KINDS) == drawn
    bank = parse_bank(BANK, "homes.yaml")
    needs = {"pick": "choices", "blanks": "segments", "parts": "count", "sequence": "items"}
    for question in bank.questions:
        kind = TYPES[question.type].input_kind
        public = public_question(question, seed=5)
        assert public["input"] == kind in INPUT_KINDS, question.id
        assert kind == "text" or needs[kind] in public, question.id
