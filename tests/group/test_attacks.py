"""Issue #14, "must hold": one participant cannot end a session. Real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import csv
import json
import logging
import re

import pytest
from websockets.asyncio.client import connect

from trainer.group import server as server_module
from trainer.group.client import GroupClient, JoinRefused
from trainer.group.game import Game
from trainer.group.protocol import message
from trainer.group.report import write_report
from trainer.group.server import GroupServer

PinGuard = getattr(server_module, "PinGuard", None)

PIN = "246810"


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def make_server(bank, **options) -> GroupServer:
    game_options = {k: options.pop(k) for k in ("max_players",) if k in options}
    game = Game(bank, bank.questions, time_limit=20, pin=PIN, clock=ManualClock(), **game_options)
    srv = GroupServer(game, host="127.0.0.1", port=0, **options)
    await srv.start()
    return srv


def address(srv: GroupServer) -> str:
    return f"127.0.0.1:{srv.port}"


async def join(srv: GroupServer, name: str, token: str | None = None) -> GroupClient:
    client = GroupClient(address(srv), name=name, pin=PIN, token=token)
    await client.connect()
    return client


async def until(predicate, timeout: float = 20.0) -> None:
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached")


async def test_a_lone_surrogate_cannot_break_a_question(bank, tmp_path) -> None:
    srv = await make_server(bank)
    try:
        honest = await join(srv, "老实人")
        attacker = await join(srv, "捣乱")
        srv.start_game()
        await attacker.receive("question")
        await attacker.send_raw('{"v":1,"type":"answer","index":0,"answer":"\\ud800"}')
        await attacker.send_raw('{"v":1,"type":"answer","index":0,"answer":["a","\\udfff"]}')
        await until(lambda: srv.stats["dropped_bad_field"] == 2)
        await honest.receive("question")
        assert (await honest.answer(0, "两个确立"))["accepted"]
        srv.reveal_now()
        reveal = await honest.receive("reveal")  # today: the honest player is cut off here
        assert reveal["result"]["verdict"] == "correct"
        assert (await attacker.receive("reveal"))["result"]["verdict"] == "none"
        files = write_report(srv.game, tmp_path)
        assert "老实人" in files.markdown.read_text(encoding="utf-8")
        # a surrogate in a name is refused, not seated
        with pytest.raises(JoinRefused, match="bad_field"):
            await join(srv, "坏\ud800名")
        for client in (honest, attacker):
            await client.close()
    finally:
        await srv.stop()


async def test_clients_that_never_read_are_cut_off_and_the_others_still_hear(
    bank, monkeypatch
) -> None:
    monkeypatch.setattr(server_module, "SEND_BUFFER_LIMIT", 64 * 1024)
    srv = await make_server(bank)
    try:
        honest = await join(srv, "读者")
        stalled = []
        for number in range(3):
            # max_queue=1 and no recv(): the client stops reading its socket
            connection = await connect(
                f"ws://{address(srv)}", max_queue=1, compression=None, ping_interval=None
            )
            hello = message("hello", name=f"不读{number}", pin=PIN)
            await connection.send(json.dumps(hello))
            stalled.append(connection)
        await until(lambda: len(srv.game.players) == 4)
        # lots of room traffic (as when many join and leave): 16 MB per client in all
        big = message("lobby", players=["名" * 20] * 900, count=900)
        received = 0
        for _ in range(300):
            srv._broadcast(big)
            await asyncio.sleep(0)
            while True:
                try:
                    await honest.receive("lobby", timeout=0.001)
                    received += 1
                except TimeoutError:
                    break
        await until(lambda: srv.stats["cut_slow"] == 3, 10)
        # no buffer grows past the limit; the honest reader was never cut off
        buffered = [c.transport.get_write_buffer_size() for c in srv._connections.values()]
        assert max(buffered) <= server_module.SEND_BUFFER_LIMIT + 200_000
        assert not honest.closed.is_set()
        while received < 300:
            await honest.receive("lobby", timeout=5)
            received += 1
        for connection in stalled:
            connection.transport.abort()
        await honest.close()
    finally:
        await srv.stop()


async def test_pin_guessing_is_limited_per_address_shown_and_the_room_can_be_locked(
    bank,
) -> None:
    clock = ManualClock()
    srv = await make_server(bank, pin_guard=PinGuard(allowed=5, window_s=60, clock=clock))
    try:

        async def guess(pin: str) -> str:
            try:
                await GroupClient(address(srv), name="猜", pin=pin).connect()
            except JoinRefused as refused:
                return refused.code
            return "joined"

        codes = await asyncio.gather(*(guess(f"{100000 + n}") for n in range(30)))
        # only 5 guesses a minute from one address are even checked; the rest are refused
        # unchecked (or turned away at the door: 20 unanswered connections per address)
        assert codes.count("bad_pin") == 5
        assert set(codes) <= {"bad_pin", "slow_down", "closed"} and codes.count("slow_down") >= 5
        assert srv.pin_guard.total_failures == 5
        assert await guess(PIN) == "slow_down"  # the right PIN waits too: no free checks
        clock.now += 61
        assert await guess(PIN) == "joined"
        srv.toggle_lock()
        with pytest.raises(JoinRefused, match="locked"):
            await join(srv, "新人")
    finally:
        await srv.stop()


async def test_seats_cannot_be_filled_kicked_names_stay_out_tokens_are_not_replayable(
    bank,
) -> None:
    srv = await make_server(bank, max_players=3)
    try:
        squatters = [await join(srv, f"占座{n}") for n in range(3)]
        with pytest.raises(JoinRefused, match="full"):
            await join(srv, "真人")
        for client in squatters:
            await client.close()
        await until(lambda: not srv.game.connected_players)
        real = await join(srv, "真人")  # today: "full" forever
        # a copied token does not take the seat of a player who is still there
        with pytest.raises(JoinRefused, match="in_use"):
            await join(srv, "真人", token=real.token)
        # a rejoin rotates the token: the old one is then worth nothing
        old_token = real.token
        await real.drop()
        await until(lambda: not srv.game.find_player("真人").connected)
        again = await join(srv, "真人", token=old_token)
        assert again.welcome["rejoined"] and again.token != old_token
        await again.drop()
        await until(lambda: not srv.game.find_player("真人").connected)
        with pytest.raises(JoinRefused, match="name_taken"):
            await join(srv, "真人", token=old_token)
        # kick = banned for the session, by name (and its look-alikes) and by token
        bad = await join(srv, "张三")
        srv.kick(srv.game.find_player("张三").id)
        for name in ("张三", "張三"):
            with pytest.raises(JoinRefused, match="kicked"):
                await join(srv, name)
        with pytest.raises(JoinRefused, match="kicked"):
            await join(srv, "别名", token=bad.token)
    finally:
        await srv.stop()


async def test_a_late_joiner_is_not_failed_on_what_it_never_saw(bank, tmp_path) -> None:
    srv = await make_server(bank)
    try:
        early = await join(srv, "早到")
        srv.start_game()
        await early.receive("question")
        await early.answer(0, "两个确立")
        srv.reveal_now()
        late = await join(srv, "迟到")  # joins while question 1 is revealed
        reveal = await late.receive("reveal")
        assert reveal["result"]["asked"] is False
        srv.next_question()
        await late.receive("question")
        await late.answer(1, "A")
        srv.reveal_now()
        srv.end_game()
        rows = {
            r["name"]: r
            for r in csv.DictReader(
                write_report(srv.game, tmp_path).players_csv.open(encoding="utf-8-sig")
            )
        }
        assert rows["迟到"]["questions"] == "1" and rows["迟到"]["correct"] == "1"
        assert rows["早到"]["questions"] == "2"
        await early.close()
        await late.close()
    finally:
        await srv.stop()


async def test_floods_are_cut_off_and_logged_once_per_client(bank, caplog) -> None:
    srv = await make_server(bank)
    try:
        honest = await join(srv, "老实人")
        flooders = [await join(srv, f"刷屏{n}") for n in range(8)]
        srv.start_game()
        await honest.receive("question")
        frame = json.dumps({"v": 1, "type": "answer", "index": 99, "answer": "x" * 1000})
        with caplog.at_level(logging.WARNING, logger="trainer.group.server"):

            async def flood(client: GroupClient) -> None:
                for _ in range(2000):
                    try:
                        await client.send_raw(frame)
                    except Exception:  # noqa: BLE001 - cut off by the server: done
                        return

            await asyncio.gather(*(flood(c) for c in flooders))
            await until(lambda: srv.stats["cut_flood"] == 8, 10)
            ack = await honest.answer(0, "两个确立")
        assert ack["accepted"]
        flood_lines = [r for r in caplog.records if "刷屏" not in r.getMessage()]
        assert len(flood_lines) <= 8 * 3  # once per client per interval, plus the cut-off
        await honest.close()
    finally:
        await srv.stop()


async def test_reports_are_safe_to_open(bank, tmp_path) -> None:
    srv = await make_server(bank)
    try:
        evil = await join(srv, "=cmd|' /C calc'!A0")
        plus = await join(srv, "+1+1")
        link = await join(srv, "[点我](http://e.vil)")
        srv.start_game()
        await evil.receive("question")
        await evil.answer(0, '=HYPERLINK("http://evil.example","x")')
        await plus.answer(0, "@SUM(1+1)")
        await link.answer(0, "<img src=x onerror=alert(1)>")
        srv.reveal_now()
        files = write_report(srv.game, tmp_path)
        cells = [c for row in csv.reader(files.players_csv.open(encoding="utf-8-sig")) for c in row]
        cells += [
            c for row in csv.reader(files.questions_csv.open(encoding="utf-8-sig")) for c in row
        ]
        assert all(not c.startswith(("=", "+", "-", "@")) for c in cells), cells
        assert "'=cmd|' /C calc'!A0" in cells and "'+1+1" in cells
        text = files.markdown.read_text(encoding="utf-8")
        # every Markdown special of a player's text is escaped: no link, no HTML
        assert not re.search(r"(?<!\\)\]\(http", text)
        assert not re.search(r"(?<!\\)<img", text)
        assert "\\[点我\\]" in text and "\\<img" in text
        for client in (evil, plus, link):
            await client.close()
    finally:
        await srv.stop()


async def test_questions_travel_under_an_opaque_handle(bank) -> None:
    srv = await make_server(bank)
    try:
        player = await join(srv, "机器人")
        srv.start_game()
        question = await player.receive("question")
        bank_ids = {q.id for q in bank.questions}
        assert question["question"]["id"] not in bank_ids
        assert all(bank_id not in json.dumps(question) for bank_id in bank_ids)
        srv.reveal_now()
        reveal = await player.receive("reveal")  # after the reveal the real id is fine
        assert reveal["question"]["data"]["id"] == bank.questions[0].id
        await player.close()
    finally:
        await srv.stop()


async def test_silent_connections_from_one_address_cannot_hold_the_door(bank) -> None:
    srv = await make_server(bank)
    try:
        silent = [
            await connect(f"ws://{address(srv)}/", compression=None, ping_interval=None)
            for _ in range(server_module.PENDING_PER_ADDRESS + 5)
        ]
        await until(lambda: srv.stats["refused_pending"] == 5)
        for connection in silent:
            connection.transport.abort()
        await until(lambda: not srv._pending)
        player = await join(srv, "正常")  # the door is open again at once
        assert player.welcome["name"] == "正常"
        await player.close()
    finally:
        await srv.stop()
