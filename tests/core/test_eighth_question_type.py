"""Adding a question type is a one-module change: this module defines an eighth type, ``pair``
(two things that belong together, e.g. a year and what happened in it), registers it and its
input widget, and uses it everywhere a learner meets a question — without editing any other
module: a bank file with it loads (and a bad one is refused on its line), its own home grades
every answer (plain mode, the group server, the host's "mark right"), plain mode shows its
guide and reads a typed answer, a group client gets it without its answer and the phone page
draws the input its home names and shows the right answer its home gives, the bank browser
shows its answer, and it is exported as an Anki note."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from trainer.core.bank import BankError, Question, load_bank
from trainer.core.grading import Grade, grade
from trainer.core.qtypes import (
    FieldReader,
    QuestionType,
    RebuildError,
    ShownAnswer,
    Words,
    register,
    unregister,
)
from trainer.core.qtypes.base import split_items

# --------------------------------------------------------------------------- the new type


@dataclass(frozen=True, kw_only=True)
class PairQuestion(Question):
    """Two answers that go together, typed as ``first；second``."""

    first: str
    second: str

    def _type_fields(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "first": self.first, "second": self.second}


class PairType(QuestionType):
    name = "pair"
    question_class = PairQuestion
    keys = frozenset({"first", "second"})
    input_kind = "parts"  # the phone page draws count (2) boxes

    graded: list[object]
    """Every answer this home graded (the proof that no other checker did)."""

    def __init__(self) -> None:
        self.graded = []

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> PairQuestion:
        return PairQuestion.from_checked(
            **common,
            first=fields.text("first", required=True),
            second=fields.text("second", required=True),
        )

    def grade(self, question: PairQuestion, answer: str | list[str]) -> Grade:
        self.graded.append(answer)
        parts = answer if isinstance(answer, list) else [answer]
        given = [part.strip() for part in parts] + ["", ""]
        right = (given[0] == question.first) + (given[1] == question.second)
        verdict = ("wrong", "partial", "correct")[right]
        return Grade(
            verdict=verdict,  # type: ignore[arg-type]
            score=right / 2,
            expected_text=self.expected_text(question),
            given_text="；".join(parts),
        )

    def expected_text(self, question: PairQuestion) -> str:
        return f"{question.first}；{question.second}"

    def expected_answer(self, question: PairQuestion) -> list[str]:
        return [question.first, question.second]

    def parse_typed(self, question: Any, line: str, shown: Any = ()) -> str | list[str]:
        return split_items(line)

    def guide(self, question: PairQuestion, shown: Any = ()) -> list[Words]:
        return [Words(text="（两项，用“；”分开）")]

    def reveal_answer(self, question: PairQuestion) -> ShownAnswer:
        return ShownAnswer(text=f"{question.first} · {question.second}")

    def redact(self, question: PairQuestion, seed: int) -> dict[str, Any]:
        return {"count": 2}

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> PairQuestion:
        if data.get("count") != 2:
            raise RebuildError("question.count must be 2")
        return PairQuestion(**common, type="pair", first="", second="")  # type: ignore[arg-type]


@pytest.fixture
def pair_type() -> Iterator[PairType]:
    from trainer.ui.widgets.answer_input import ANSWER_INPUTS, ListAnswer, register_answer_input

    kind = PairType()
    register(kind)
    register_answer_input("pair", ListAnswer)
    yield kind
    unregister("pair")
    ANSWER_INPUTS.pop("pair", None)


PIN = "864200"
BANK = """
bank: {id: pair-bank, title: 成对}
questions:
  - {id: p1, type: pair, prompt: 哪一年召开了哪次大会？, first: 2022, second: 二十大, source: 2022年召开二十大}
  - {id: s1, type: short, prompt: 首都？, answer: 北京}
"""


def _bank(tmp_path: Path, text: str = BANK) -> Any:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


# --------------------------------------------------------------------------- the proof


def test_a_bank_with_the_new_type_loads_and_a_bad_one_names_its_line(
    tmp_path: Path, pair_type: PairType
) -> None:
    bank = _bank(tmp_path)
    question = bank.question("p1")
    assert isinstance(question, PairQuestion)
    assert (question.first, question.second) == ("2022", "二十大")
    assert bank.counts_by_type() == {"short": 1, "pair": 1}
    with pytest.raises(BankError) as refused:
        _bank(tmp_path, BANK.replace(", second: 二十大", "").replace("first:", "answer: 1, first:"))
    keys = {(problem.line, problem.key) for problem in refused.value.problems}
    assert (4, "bank.q.required") in keys  # "second" is missing
    assert (4, "bank.q.not_for_type") in keys  # "answer" belongs to other types


def test_without_registering_it_the_type_is_unknown(tmp_path: Path) -> None:
    with pytest.raises(BankError) as refused:
        _bank(tmp_path)
    assert [problem.key for problem in refused.value.problems] == ["bank.q.type"]


def test_the_new_type_is_graded_and_parsed_from_a_typed_line(
    tmp_path: Path, pair_type: PairType
) -> None:
    from trainer.cli.study import parse_answer

    question = _bank(tmp_path).question("p1")
    assert parse_answer(question, "2022；二十大") == ["2022", "二十大"]
    assert grade(question, parse_answer(question, "2022；二十大")).verdict == "correct"
    assert grade(question, ["2022", "十九大"]).verdict == "partial"


def test_plain_mode_shows_it_and_records_the_answer(
    tmp_path: Path, pair_type: PairType, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from trainer.cli import study
    from trainer.core.clock import FixedClock
    from trainer.core.session import SessionOptions, StudySession
    from trainer.core.store import Store
    from trainer.i18n import t

    bank = _bank(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("?\n2022；二十大\n北京\n"))
    with Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False) as store:
        clock = FixedClock(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
        session = StudySession(bank, store, "alice", SessionOptions(), clock)
        study._plain_loop(session, argparse.Namespace(no_rating_prompt=True), UTC)
        out = capsys.readouterr().out
        reviews = {review.question_id: review.verdict for review in store.iter_reviews("alice")}
    assert "哪一年召开了哪次大会？\n（两项，用“；”分开）" in out
    assert pair_type.graded == [["2022", "二十大"]]
    # "?" gives the hint every type has by default: the first character and the length.
    assert t("study.hint", hint=t("study.hint.auto", first="2", length=8)) in out
    assert "Traceback" not in out
    assert reviews == {"p1": "correct", "s1": "correct"}


def test_a_group_client_gets_it_without_its_answer(tmp_path: Path, pair_type: PairType) -> None:
    from trainer.group.protocol import expected_answer, public_question, question_from_public

    question = _bank(tmp_path).question("p1")
    public = public_question(question, seed=7, handle="h1")
    sent = json.dumps(public, ensure_ascii=False)
    assert "二十大" not in sent and "2022" not in sent
    assert (public["input"], public["count"]) == ("parts", 2)  # what the phone page draws
    rebuilt = question_from_public(json.loads(sent))
    assert isinstance(rebuilt, PairQuestion) and rebuilt.prompt == question.prompt
    assert grade(question, expected_answer(question)).verdict == "correct"
    assert pair_type.graded == [["2022", "二十大"]]


async def test_a_group_game_over_sockets_grades_it_with_its_home(
    tmp_path: Path, pair_type: PairType
) -> None:
    from trainer.group.client import GroupClient
    from trainer.group.game import Game
    from trainer.group.protocol import question_from_public
    from trainer.group.server import GroupServer

    bank = _bank(tmp_path)
    game = Game(bank, [bank.question("p1")], time_limit=120, pin=PIN)
    server = GroupServer(game, host="127.0.0.1", port=0)
    await server.start()
    try:
        players = [GroupClient(f"127.0.0.1:{server.port}", name, PIN) for name in ("甲", "乙")]
        for player in players:
            await player.connect()
        server.start_game()
        asked = await players[0].receive("question")
        assert "二十大" not in json.dumps(asked, ensure_ascii=False)
        shape = question_from_public(asked["question"])  # what `trainer join` draws
        assert isinstance(shape, PairQuestion)
        await players[0].answer(0, ["2022", "二十大"])
        await players[1].answer(0, ["2021", "二十大"])
        server.reveal_now()
        reveals = [await player.receive("reveal") for player in players]
        assert [r["result"]["verdict"] for r in reveals] == ["correct", "partial"]
        assert reveals[0]["question"]["answer"] == {"text": "2022 · 二十大", "key": ""}
        assert sorted(map(tuple, pair_type.graded)) == [("2021", "二十大"), ("2022", "二十大")]
        for player in players:
            await player.close()
    finally:
        await server.stop()


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="/usr/bin/chromium is missing")
async def test_the_phone_page_draws_the_input_its_home_names(
    tmp_path: Path, pair_type: PairType
) -> None:
    from tests.group.test_browser import chromium, wait_for
    from trainer.group.client import GroupClient
    from trainer.group.game import Game
    from trainer.group.server import GroupServer

    bank = _bank(tmp_path)
    game = Game(bank, [bank.question("p1")], time_limit=120, pin=PIN)
    server = GroupServer(game, port=0)
    await server.start()
    try:
        async with chromium(tmp_path) as tools:
            await tools.call("Page.navigate", url=f"http://127.0.0.1:{server.port}/#pin={PIN}")
            await wait_for(lambda: tools.js("document.body.dataset.ready === '1'"), 20, "load")
            await tools.ime_type("#name", "shouji", "手机用户")
            await tools.click("#join")
            await wait_for(lambda: game.find_player("手机用户") is not None, 20, "the player")
            player = game.find_player("手机用户")
            bystander = GroupClient(f"127.0.0.1:{server.port}", "旁观者", PIN)
            await bystander.connect()  # so that the question stays open until revealed
            server.start_game()
            boxes = "#q-input .parts input"
            await wait_for(
                lambda: tools.js(f"document.querySelectorAll('{boxes}').length"), 20, "boxes"
            )
            assert await tools.js(f"document.querySelectorAll('{boxes}').length") == 2
            await tools.ime_type(f"{boxes}:nth-child(1)", "2022", "2022")
            await tools.ime_type(f"{boxes}:nth-child(2)", "ershida", "二十大")
            await tools.click("#q-input button.primary")
            await wait_for(lambda: 0 in player.answers, 20, "the answer")
            assert player.answers[0].verdict == "correct"
            assert pair_type.graded == [["2022", "二十大"]]
            server.reveal_now()
            await wait_for(lambda: tools.visible("reveal"), 10, "the result")
            assert await tools.text("#r-answer") == "2022 · 二十大"
            assert not tools.console, tools.console
            await bystander.close()
    finally:
        await server.stop()


def test_the_bank_browser_shows_its_answer(tmp_path: Path, pair_type: PairType) -> None:
    from trainer.ui.screens.browse import answer_display

    assert answer_display(_bank(tmp_path).question("p1")) == "2022；二十大"


def test_the_app_gives_it_its_own_input_widget(tmp_path: Path, pair_type: PairType) -> None:
    from trainer.ui.widgets.answer_input import ListAnswer, make_answer_input

    assert type(make_answer_input(_bank(tmp_path).question("p1"))) is ListAnswer


def test_it_is_exported_as_an_anki_note(tmp_path: Path, pair_type: PairType) -> None:
    from trainer.core.anki import build_deck

    deck, cards, cloze_notes = build_deck(_bank(tmp_path))
    fields = {note.fields[-1]: note.fields for note in deck.notes}  # type: ignore[attr-defined]
    assert (cards, cloze_notes) == (2, 0)
    assert fields["p1"][:2] == ["哪一年召开了哪次大会？", "2022；二十大"]


def test_the_study_screen_shows_the_prompt_its_home_gives(
    tmp_path: Path, pair_type: PairType, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.ui.screens.study import _prompt_text

    question = _bank(tmp_path).question("p1")
    assert _prompt_text(question) == "哪一年召开了哪次大会？"
    # a home whose input shows the question itself: the prompt is not repeated above it
    monkeypatch.setattr(pair_type, "own_prompt", lambda shown: None)
    assert _prompt_text(question) == ""
