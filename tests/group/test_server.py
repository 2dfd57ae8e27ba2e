"""A real game over real sockets on 127.0.0.1: a server object (no UI) and headless clients."""

from __future__ import annotations

import asyncio
import csv
import json

import pytest

from trainer.group.client import GroupClient, JoinRefused
from trainer.group.game import Game
from trainer.group.protocol import MAX_MESSAGE_BYTES, message
from trainer.group.report import write_report
from trainer.group.server import GroupServer

PIN = "246810"


class ManualClock:
    """A clock the test moves by hand (answer times are then exact)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def server(bank):
    clock = ManualClock()
    game = Game(bank, bank.questions, time_limit=20, pin=PIN, clock=clock)
    srv = GroupServer(game, host="127.0.0.1", port=0)
    srv.clock = clock  # type: ignore[attr-defined]
    await srv.start()
    yield srv
    await srv.stop()


def address(srv: GroupServer) -> str:
    return f"127.0.0.1:{srv.port}"


async def join(srv: GroupServer, name: str) -> GroupClient:
    client = GroupClient(address(srv), name=name, pin=PIN)
    await client.connect()
    return client


async def until(predicate, timeout: float = 20.0) -> None:
    """Wait for a condition of the server's state (the server runs in this loop)."""
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached")


ANSWERS = {
    # question index -> answers of 张三, 李四, 王五 (None: no answer)
    0: ("两个确立", "两个确立", "两个维护"),
    1: ("A", "B", "A"),
    2: ("对", "错", "对"),
    3: (
        ["坚决维护习近平总书记党中央的核心、全党的核心地位", "坚决维护党中央权威和集中统一领导"],
        ["坚决维护党中央权威和集中统一领导"],
        None,
    ),
    4: (["团结", "民主"], ["团结", "民主"], ["统一", "民主"]),
}


async def test_five_question_game_with_drop_and_rejoin(server, tmp_path) -> None:
    clock = server.clock
    players = [await join(server, name) for name in ("张三", "李四", "王五")]
    await until(lambda: len(server.game.players) == 3)
    lobby = await players[0].receive("lobby")
    assert lobby["type"] == "lobby"
    server.start_game()
    for index in range(5):
        for seat, client in enumerate(players):
            question = await client.receive("question")
            assert question["index"] == index
            text = json.dumps(question, ensure_ascii=False)
            # the answer never travels before the reveal
            assert "两个确立" not in text and "团结" not in text
            assert "answer" not in question["question"]
            clock.now += 1.0 + seat  # 张三 answers first, then 李四, then 王五
            given = ANSWERS[index][seat]
            if given is not None:
                ack = await client.answer(index, given)
                assert ack["accepted"], ack
            if index == 1 and seat == 1:
                # 李四 drops after answering question 2 and rejoins with its token
                token = client.token
                await client.drop()
                await until(lambda: not server.game.find_player("李四").connected)
                again = GroupClient(address(server), name="李四", pin=PIN, token=token)
                welcome = await again.connect()
                assert welcome["rejoined"] is True
                players[1] = again
                restated = await again.receive("question")
                assert restated["answered"] is True
        if index == 3:
            # 王五 never answers question 4: the timer reveals when the time is up
            clock.now += 30
            server.check_time()
        reveals = [await c.receive("reveal") for c in players]
        assert all(r["index"] == index for r in reveals)
        assert reveals[0]["question"]["data"]["id"] == server.game.questions[index].id
        server.next_question()  # after the last question: the podium
    end = await players[0].receive("end")
    # expected points (time limit 20 s; elapsed: 张三 1 s, 李四 3 s, 王五 6 s cumulative per q)
    game = server.game
    zhang, li, wang = (game.find_player(n) for n in ("张三", "李四", "王五"))
    assert [zhang.answers[i].verdict for i in range(5)] == ["correct"] * 5
    assert li.answers[1].verdict == "wrong" and li.answers[3].verdict == "partial"
    assert wang.answers[3].verdict == "none" and wang.answers[4].verdict in ("partial", "wrong")
    # 张三: 5 correct in a row, answered after 1 s each -> 975 each + streak 100+200+300+400
    assert zhang.score == 5 * 975 + 100 + 200 + 300 + 400
    assert zhang.rank == 1 and end["rank"] == 1
    assert [row["name"] for row in end["leaderboard"]][0] == "张三"
    assert li.score > 0 and wang.score > 0
    summary = game.summary(1)
    assert summary["options"] == {"A": 2, "B": 1, "C": 0, "D": 0}
    assert summary["verdicts"]["correct"] == 2 and summary["verdicts"]["wrong"] == 1
    assert summary["fastest"]["name"] == "张三"
    tf = game.summary(2)
    assert tf["options"] == {"对": 2, "错": 1}
    assert game.summary(3)["verdicts"]["none"] == 1
    # the report
    files = write_report(game, tmp_path)
    text = files.markdown.read_text(encoding="utf-8")
    assert "张三" in text and "五年工作体会" in text and "两个维护" in text
    rows = list(csv.DictReader(files.players_csv.open(encoding="utf-8-sig")))
    assert [r["name"] for r in rows][0] == "张三"
    assert rows[0]["correct"] == "5" and rows[0]["score"] == str(zhang.score)
    questions = list(csv.DictReader(files.questions_csv.open(encoding="utf-8-sig")))
    assert questions[1]["correct"] == "2" and questions[1]["wrong"] == "1"
    assert "B ×1" in questions[1]["common_wrong_answers"]
    for client in players:
        await client.close()


async def test_wrong_pin_and_duplicate_name(server) -> None:
    with pytest.raises(JoinRefused) as refused:
        await GroupClient(address(server), name="张三", pin="000000").connect()
    assert refused.value.code == "bad_pin"
    first = await join(server, "张三")
    with pytest.raises(JoinRefused) as duplicate:
        await GroupClient(address(server), name="张三", pin=PIN).connect()
    assert duplicate.value.code == "name_taken"
    with pytest.raises(JoinRefused) as stolen:
        await GroupClient(address(server), name="张三", pin=PIN, token="guess").connect()
    assert stolen.value.code == "name_taken"
    assert len(server.game.players) == 1
    await first.close()


async def test_unreachable_server() -> None:
    with pytest.raises(JoinRefused) as refused:
        await GroupClient("127.0.0.1:1", name="x", pin=PIN).connect(timeout=2)
    assert refused.value.code == "unreachable"


async def test_bad_messages_are_dropped_and_others_play_on(server) -> None:
    bad = await join(server, "捣乱")
    good = await join(server, "认真")
    server.start_game()
    await bad.receive("question")
    await good.receive("question")
    await bad.send_raw("{not json")
    await bad.send_raw(json.dumps({"v": 1, "type": "launch_missiles"}))
    await bad.send_raw(json.dumps({"v": 99, "type": "answer", "index": 0, "answer": "x"}))
    await bad.send_raw(json.dumps({"v": 1, "type": "answer", "index": "0", "answer": 5}))
    await bad.send_raw("[" * 10 + "]" * 10)
    oversized = json.dumps(
        message("answer", index=0, answer="政" * (MAX_MESSAGE_BYTES // 3 + 10)), ensure_ascii=False
    )
    assert len(oversized.encode()) > MAX_MESSAGE_BYTES
    await bad.send_raw(oversized)
    await until(lambda: server.stats["dropped_oversized"] == 1)
    for code in ("malformed", "unknown_type", "version", "bad_field"):
        assert server.stats[f"dropped_{code}"] >= 1, code
    # the connection is still usable, nothing was recorded for the bad messages
    assert server.game.answered_count == 0
    ack = await good.answer(0, "两个确立")
    assert ack["accepted"]
    ack = await bad.answer(0, "不知道")
    assert ack["accepted"]
    await good.receive("reveal")  # all answered -> revealed at once
    again = await good.answer(0, "两个确立")
    assert again["accepted"] is False
    await bad.close()
    await good.close()


async def test_flooding_is_rate_limited(server) -> None:
    flooder = await join(server, "刷屏")
    server.start_game()
    await flooder.receive("question")
    for _ in range(200):
        await flooder.send_raw(json.dumps({"v": 1, "type": "answer", "index": 7, "answer": "x"}))
    await until(lambda: server.stats["dropped_rate"] > 0)
    assert server.game.answered_count == 0
    await flooder.close()


async def test_a_player_who_never_answers_does_not_stall(server) -> None:
    quick = await join(server, "快")
    silent = await join(server, "慢")
    server.start_game()
    await quick.receive("question")
    await quick.answer(0, "两个确立")
    assert server.game.phase == "question"  # waiting for the silent one
    server.clock.now += 21  # the time limit is 20 s
    server.check_time()
    reveal = await quick.receive("reveal")
    assert reveal["result"]["verdict"] == "correct"
    silent_reveal = await silent.receive("reveal")
    assert silent_reveal["result"]["verdict"] == "none"
    assert silent_reveal["result"]["points"] == 0
    await quick.close()
    await silent.close()


async def test_kick_and_pause(server) -> None:
    keep = await join(server, "留下")
    go = await join(server, "离开")
    await until(lambda: len(server.game.players) == 2)
    server.kick(server.game.find_player("离开").id)
    kicked = await go.receive("kicked")
    assert kicked["type"] == "kicked"
    with pytest.raises(JoinRefused) as refused:
        await GroupClient(address(server), name="离开", pin=PIN, token=go.token).connect()
    assert refused.value.code == "kicked"
    server.start_game()
    await keep.receive("question")
    assert server.toggle_pause() is True
    paused = await keep.receive("paused")
    assert paused["paused"] is True
    server.clock.now += 100  # time does not run while paused
    assert server.game.remaining() == 20
    server.toggle_pause()
    server.end_game()
    end = await keep.receive("end")
    assert end["rank"] == 1
    await keep.close()
