"""The host and join screens with Pilot, against real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.conftest import rendered, until
from trainer.core.bank import load_bank
from trainer.core.store import Store
from trainer.group.client import GroupClient
from trainer.group.game import Game
from trainer.group.server import GroupServer
from trainer.ui.group_app import GroupApp
from trainer.ui.screens.group_host import HostScreen
from trainer.ui.screens.group_join import JoinScreen

BANK = """\
bank: {id: net-test, title: 联网测试}
sections: [{id: s1, title: 第一部分}]
questions:
  - {id: q1, type: short, section: s1, prompt: 最大的政治成果是什么？, answer: 两个确立}
  - {id: q2, type: choice, section: s1, prompt: 选出专门协商机构, options: [人民政协, 法院], answer: A}
"""
PIN = "135790"


@pytest.fixture
def bank(tmp_path: Path):
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


@pytest.fixture
def store(tmp_path: Path):
    opened = Store.open(tmp_path / "store.sqlite3", enable_fuzzing=False)
    yield opened
    opened.close()


async def test_join_screen_plays_and_records(bank, store) -> None:
    game = Game(bank, bank.questions, time_limit=30, pin=PIN)
    server = GroupServer(game, port=0)
    await server.start()
    try:
        screen = JoinScreen(f"127.0.0.1:{server.port}", None, None, store=store)
        app = GroupApp(lambda: screen, cursor_blink=False)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            # the form asks for the PIN and the name; a wrong PIN first
            assert app.focused is not None and app.focused.id == "join-pin"
            await pilot.press(*"111111", "enter")
            await pilot.press(*"Ann", "enter")
            await until(pilot, lambda: "PIN" in rendered(app, "#group-status"))
            assert not game.players
            await pilot.press(*PIN, "enter")
            await until(pilot, lambda: len(game.players) == 1)
            player = game.find_player("Ann")
            assert player is not None
            # the connection drops: the client rejoins by itself with its token
            first = server._connections[player.id]
            await first.close()
            await until(pilot, lambda: server._connections.get(player.id) not in (None, first))
            assert player.connected and len(game.players) == 1
            await until(pilot, lambda: screen.client.welcome["rejoined"] is True)
            server.start_game()
            await until(pilot, lambda: isinstance(app.focused, Input))
            focused = app.focused
            assert isinstance(focused, Input)
            focused.value = "两个确立"
            await pilot.press("enter")
            await until(pilot, lambda: game.phase == "reveal")
            await until(pilot, lambda: app.screen.query("#join-verdict"))
            result = rendered(app, "#join-verdict")
            assert result.startswith("正确") and "分" in result
            server.next_question()
            await until(pilot, lambda: app.screen.query("#join-input"))
            await until(pilot, lambda: app.focused is not None)
            await pilot.press("b", "enter")  # choice: toggle B, submit
            await until(pilot, lambda: game.phase == "reveal")
            server.next_question()  # the podium
            await until(pilot, lambda: screen.recorded is not None)
            assert "第 1 名" in rendered(app, "#join-result Static")
            await pilot.press("q")  # q leaves once the session is over
            assert app.return_value == 0
        reviews = list(store.iter_reviews("Ann"))
        assert [r.verdict for r in reviews] == ["correct", "wrong"]
        assert all(r.mode == "group" for r in reviews)
    finally:
        await server.stop()


async def test_host_screen_runs_a_game(bank, tmp_path) -> None:
    game = Game(bank, bank.questions, time_limit=30, pin=PIN)
    screen = HostScreen(game, port=0)
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: screen.server.port != 0)
        header = rendered(app, "#group-header")
        assert f"127.0.0.1:{screen.server.port}" in header and PIN in header
        players = []
        for name in ("甲", "乙"):
            client = GroupClient(f"127.0.0.1:{screen.server.port}", name, PIN)
            await client.connect()
            players.append(client)
        await until(pilot, lambda: "甲" in rendered(app, "#group-board"))
        await pilot.press("k")
        await pilot.press("2", "enter")  # kick 乙 by number
        await until(pilot, lambda: len(game.players) == 1)
        await pilot.press("s")
        assert game.phase == "question"
        await players[0].receive("question")
        await players[0].answer(0, "两个确立")
        await until(pilot, lambda: game.phase == "reveal")
        await pilot.pause()
        board = rendered(app, "#group-board")
        assert "最快答对：甲" in board and "正确" in board
        await pilot.press("n")
        assert game.phase == "question"
        await pilot.press("r")
        assert game.phase == "reveal"
        await pilot.press("n")
        assert game.phase == "ended"
        await until(pilot, lambda: screen.report_files is not None)
        assert screen.report_files.markdown.exists()
        assert "甲" in rendered(app, "#group-board")
        for client in players:
            await client.close()
        await asyncio.sleep(0)
