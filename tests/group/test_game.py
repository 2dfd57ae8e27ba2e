"""The pure parts: scoring, protocol validation and redaction, the game state machine."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.core.bank import parse_bank
from trainer.group.game import Game, GameError
from trainer.group.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    bank_from_revealed,
    decode,
    encode,
    expected_answer,
    full_question,
    message,
    public_question,
    question_from_public,
)
from trainer.group.scoring import score_answer, speed_points, streak_bonus

ALL_TYPES = """\
bank: {id: all-types, title: 全部题型}
sections: [{id: s, title: 章节}]
questions:
  - {id: short, type: short, section: s, prompt: 问, answer: 秘密答案甲, accept: [秘密答案乙], hint: 秘, explanation: 秘密解释, source: 秘密原文}
  - {id: cloze, type: cloze, section: s, text: "前文{{秘密空一|秘密别名}}中间{{秘密空二}}后文"}
  - {id: list, type: list, section: s, prompt: 列举, items: [秘密项一, 秘密项二, 秘密项三]}
  - {id: choice, type: choice, section: s, prompt: 选择, options: [甲, 乙, 丙], answer: [A, C]}
  - {id: tf, type: truefalse, section: s, statement: 陈述, answer: true}
  - {id: number, type: number, section: s, prompt: 多少, answer: 4100, unit: 亿元, approx: true}
  - {id: order, type: order, section: s, prompt: 排序, items: [第一步, 第二步, 第三步, 第四步]}
"""


@pytest.fixture
def all_types():
    return parse_bank(ALL_TYPES, "all-types.yaml")


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# --------------------------------------------------------------------------- scoring


def test_speed_points_bounds() -> None:
    assert speed_points(0, 30) == 1000
    assert speed_points(15, 30) == 750
    assert speed_points(30, 30) == 500
    assert speed_points(99, 30) == 500
    assert speed_points(-5, 30) == 1000


def test_streak_bonus_is_capped() -> None:
    assert [streak_bonus(n) for n in range(1, 9)] == [0, 100, 200, 300, 400, 500, 500, 500]


def test_score_answer_by_verdict() -> None:
    assert score_answer("correct", 1.0, 0, 30, 0).total == 1000
    assert score_answer("close", 0.9, 0, 30, 2).total == 1000 + 200
    assert score_answer("partial", 0.5, 0, 30, 4).total == 500
    assert score_answer("partial", 0.5, 0, 30, 4).streak == 0
    assert score_answer("wrong", 0.0, 0, 30, 4).total == 0
    assert score_answer("none", 0.0, 30, 30, 4).total == 0


# --------------------------------------------------------------------------- protocol


def test_public_view_never_contains_the_answer(all_types) -> None:
    for question in all_types.questions:
        public = public_question(question, seed=3)
        text = json.dumps(public, ensure_ascii=False)
        assert "秘密" not in text, question.id
        assert "hint" not in public and "source" not in public and "explanation" not in public
        rebuilt = question_from_public(json.loads(text))
        assert rebuilt.type == question.type and rebuilt.prompt == question.prompt
    order = public_question(all_types.question("order"), seed=3)
    assert sorted(order["items"]) == sorted(all_types.question("order").items)
    assert order["items"] != list(all_types.question("order").items)
    cloze = question_from_public(public_question(all_types.question("cloze")))
    assert len(cloze.blanks) == 2 and cloze.segments[0] == "前文"
    assert len(question_from_public(public_question(all_types.question("list"))).items) == 3
    choice = question_from_public(public_question(all_types.question("choice")))
    assert choice.multiple and choice.correct == () and choice.options == ("甲", "乙", "丙")


def test_revealed_questions_rebuild_and_grade(all_types) -> None:
    from trainer.core.grading import grade

    revealed = [full_question(q, "章节") for q in all_types.questions]
    rebuilt = bank_from_revealed(all_types.id, all_types.title, revealed)
    assert rebuilt.id == all_types.id and rebuilt.section_title("s") == "章节"
    for question in rebuilt.questions:
        assert question.content_hash == all_types.question(question.id).content_hash
        assert grade(question, expected_answer(question)).verdict == "correct", question.id


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("not json", "malformed"),
        ("[1, 2]", "malformed"),
        ('{"type": "hello", "name": "a", "pin": "1"}', "version"),
        ('{"v": 1, "type": "welcome"}', "unknown_type"),
        ('{"v": 1, "type": "hello", "name": 5, "pin": "1"}', "bad_field"),
        ('{"v": 1, "type": "answer", "index": true, "answer": "a"}', "bad_field"),
        ('{"v": 1, "type": "answer", "index": 0, "answer": [1]}', "bad_field"),
        ('{"v": 1, "type": "hello", "name": "a", "pin": "1", "token": 7}', "bad_field"),
    ],
)
def test_decode_rejects(raw: str, code: str) -> None:
    with pytest.raises(ProtocolError) as error:
        decode(raw)
    assert error.value.code == code


def test_size_limit() -> None:
    big = message("answer", index=0, answer="x" * MAX_MESSAGE_BYTES)
    with pytest.raises(ProtocolError) as error:
        decode(json.dumps(big))
    assert error.value.code == "oversized"
    with pytest.raises(ProtocolError):
        encode(big)
    ok = message("answer", index=0, answer="两个确立")
    assert decode(encode(ok)) == ok


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300)))
def test_decode_only_ever_raises_protocol_errors(raw) -> None:
    with contextlib.suppress(ProtocolError):
        decode(raw)


# --------------------------------------------------------------------------- game


def test_join_rules(all_types) -> None:
    game = Game(all_types, all_types.questions, pin="123456", max_players=2, clock=Clock())
    with pytest.raises(GameError, match="bad_pin"):
        game.join("甲", "654321")
    first = game.join("甲", " 123456 ").player
    with pytest.raises(GameError, match="name_taken"):
        game.join("甲", "123456")
    with pytest.raises(GameError, match="bad_name"):
        game.join("   ", "123456")
    with pytest.raises(GameError, match="bad_name"):
        game.join("x" * 25, "123456")
    game.join("乙", "123456")
    with pytest.raises(GameError, match="full"):
        game.join("丙", "123456")
    game.disconnect(first.id)
    old_token = first.token
    again = game.join("甲", "123456", token=old_token)
    assert again.rejoined and again.player is first and first.connected
    # the token is rotated on rejoin: the old one is worth nothing to whoever copied it
    assert first.token != old_token
    game.disconnect(first.id)
    with pytest.raises(GameError, match="name_taken"):
        game.join("甲", "123456", token=old_token)


def test_seat_of_a_player_who_never_answered_is_freed(all_types) -> None:
    game = Game(all_types, all_types.questions, pin="", max_players=1, clock=Clock())
    squatter = game.join("占座", "").player
    with pytest.raises(GameError, match="full"):
        game.join("真人", "")
    game.disconnect(squatter.id)
    assert game.join("真人", "").player.name == "真人"
    assert game.find_player("占座") is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("张三", "張三"),
        ("Alice", "Ａｌｉｃｅ"),
        ("Anna", "Аnna"),
        ("bob", "BOB"),
        ("李 四", "李\u3000四"),
    ],
)
def test_look_alike_names_are_the_same_name(all_types, first: str, second: str) -> None:
    game = Game(all_types, all_types.questions, pin="", clock=Clock())
    game.join(first, "")
    with pytest.raises(GameError, match="name_taken"):
        game.join(second, "")


@pytest.mark.parametrize("name", ["a\u200bb", "a\u202eb", "x\x1b[31m", "\ue000", "a\u2066b"])
def test_invisible_and_control_characters_are_refused(all_types, name: str) -> None:
    game = Game(all_types, all_types.questions, pin="", clock=Clock())
    with pytest.raises(GameError, match="name_chars"):
        game.join(name, "")


def test_names_are_nfkc_and_trimmed(all_types) -> None:
    game = Game(all_types, all_types.questions, pin="", clock=Clock())
    assert game.join("  Ａｌｉｃｅ   Ｗ  ", "").player.name == "Alice W"


def test_kick_bans_the_name_and_its_look_alikes(all_types) -> None:
    game = Game(all_types, all_types.questions, pin="", clock=Clock())
    player = game.join("张三", "").player
    game.kick(player.id)
    for name in ("张三", "張三"):
        with pytest.raises(GameError, match="kicked"):
            game.join(name, "")
    with pytest.raises(GameError, match="kicked"):
        game.join("别名", "", token=player.token)


def test_late_joiner_is_not_failed_on_the_question_already_running(all_types) -> None:
    clock = Clock()
    game = Game(all_types, all_types.questions[:2], time_limit=10, pin="", clock=clock)
    early = game.join("早", "").player
    game.start()
    late = game.join("晚", "").player
    game.reveal()
    assert 0 not in late.answers and early.answers[0].verdict == "none"
    assert game.player_result(late.id, 0)["asked"] is False
    game.next()
    game.reveal()
    assert late.answers[1].verdict == "none"


def test_ranks_and_changes(all_types) -> None:
    clock = Clock()
    game = Game(all_types, all_types.questions[:2], time_limit=10, pin="", clock=clock)
    a = game.add_local_player("甲")
    b = game.add_local_player("乙")
    game.start()
    clock.now = 5
    game.submit(b.id, 0, "秘密答案甲")  # 乙 right after 5 s: 750
    summary = game.reveal()
    assert summary["verdicts"]["correct"] == 1 and summary["verdicts"]["none"] == 1
    assert b.score == 750 and b.rank == 1 and a.rank == 2
    board = {s.name: s for s in game.leaderboard()}
    assert board["乙"].change == 1 and board["甲"].change == -1
    game.next()
    clock.now = 6
    game.submit(a.id, 1, ["秘密空一", "秘密空二"])
    with pytest.raises(GameError, match="already_answered"):
        game.submit(a.id, 1, "x")
    with pytest.raises(GameError, match="wrong_index"):
        game.submit(b.id, 0, "x")
    clock.now = 30
    with pytest.raises(GameError, match="too_late"):
        game.submit(b.id, 1, "x")
    assert game.expired
    game.reveal()
    assert a.score == 1000 - 50 and a.rank == 1
    assert game.next() is None and game.phase == "ended"


def test_an_answer_the_checker_cannot_grade_is_not_recorded_and_can_be_given_again(
    all_types,
) -> None:
    # The checker failing is not the player's mistake: no wrong answer, no points, a second try.
    from trainer.core.grading import GradingError

    calls: list[str] = []

    def flaky_grader(question: object, answer: object) -> object:
        calls.append(str(answer))
        if len(calls) == 1:
            raise GradingError("boom")
        from trainer.core.grading import grade

        return grade(question, answer)  # type: ignore[arg-type]

    game = Game(all_types, all_types.questions, pin="", clock=Clock(), grader=flaky_grader)
    player_id = game.join("甲", "").player.id
    game.start()
    with pytest.raises(GameError, match="ungradable"):
        game.submit(player_id, game.index, "协商议政")
    assert game.index not in game.players[player_id].answers
    record = game.submit(player_id, game.index, "协商议政")
    assert record.answer == "协商议政" and len(calls) == 2
