"""`trainer join` the way people drop out: a connection cut mid-question, a restarted client,
answers recorded as each reveal arrives; and the host screen with hostile names (real sockets)."""

from __future__ import annotations

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
  - {id: q3, type: order, section: s1, prompt: 排序, items: [甲一, 乙二, 丙三, 丁四]}
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


async def test_join_survives_a_drop_mid_question_records_each_reveal_and_restarts(
    bank, store
) -> None:
    game = Game(bank, bank.questions, time_limit=60, pin=PIN)
    server = GroupServer(game, port=0)
    await server.start()
    address = f"127.0.0.1:{server.port}"
    try:
        screen = JoinScreen(address, "Ann", PIN, store=store)
        app = GroupApp(lambda: screen, cursor_blink=False)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: len(game.players) == 1)
            player = game.find_player("Ann")
            server.start_game()
            await until(pilot, lambda: isinstance(app.focused, Input))
            # the connection drops while the question is open: the client rejoins and the
            # question comes again (today: DuplicateIds kills the player's app)
            first = server._connections[player.id]
            await first.close()
            await until(pilot, lambda: server._connections.get(player.id) not in (None, first))
            await until(pilot, lambda: isinstance(app.focused, Input))
            assert app.is_running
            app.focused.value = "两个确立"
            await pilot.press("enter")
            await until(pilot, lambda: game.phase == "reveal")
            # recorded as the reveal arrives, not at the end
            await until(pilot, lambda: len(list(store.iter_reviews("Ann"))) == 1)
            await pilot.press("ctrl+q")  # the player leaves mid-game
        assert [r.verdict for r in store.iter_reviews("Ann")] == ["correct"]
        score = player.score
        assert score > 0
        # restarting `trainer join` gives the same seat and score back
        again = JoinScreen(address, "Ann", PIN, store=store)
        app = GroupApp(lambda: again, cursor_blink=False)
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: again.client is not None and again.client.welcome)
            assert again.client.welcome["rejoined"] is True
            assert again.client.welcome["score"] == score
            assert len(game.players) == 1
            await pilot.press("ctrl+q")
    finally:
        await server.stop()


async def test_host_screen_shows_hostile_names_literally_and_kicks_them(bank) -> None:
    game = Game(bank, bank.questions, time_limit=30, pin=PIN)
    screen = HostScreen(game, port=0, write_report=False)
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await until(pilot, lambda: screen.server.port != 0)
        header = rendered(app, "#group-header")
        assert f"http://127.0.0.1:{screen.server.port}/#pin={PIN}" in header
        assert "--bind 0.0.0.0" in header
        assert "▀" in rendered(app, "#group-board")  # the QR code
        clients = []
        for name in ("x[/bold]", "[@click=app.quit]点我[/]", "[bold red]大王[/]"):
            client = GroupClient(f"127.0.0.1:{screen.server.port}", name, PIN)
            await client.connect()
            clients.append(client)
        await until(pilot, lambda: "[bold red]大王[/]" in rendered(app, "#group-board"))
        board = rendered(app, "#group-board")
        assert "x[/bold]" in board and "[@click=app.quit]点我[/]" in board
        await pilot.click("#group-board")
        await pilot.press("p")  # pausing in the lobby redraws (today: a MarkupError kills the host)
        await pilot.press("k")
        await pilot.press(*"1", "enter")
        await until(pilot, lambda: len(game.players) == 2)
        assert "x[/bold]" in rendered(app, "#group-status")
        await pilot.press("l")  # the host locks the room
        assert "锁定" in rendered(app, "#group-status")
        late = GroupClient(f"127.0.0.1:{screen.server.port}", "迟到", PIN)
        from trainer.group.client import JoinRefused

        with pytest.raises(JoinRefused, match="locked"):
            await late.connect()
        await pilot.press("s")
        await until(pilot, lambda: game.phase == "question")
        await pilot.pause()
        assert app.is_running
        for client in clients[1:]:
            await client.close()
        await pilot.press("q")


async def test_host_records_web_players_answers_as_each_question_is_revealed(
    bank, store, tmp_path
) -> None:
    """Phone players have no store of their own: the host keeps their answers, per reveal."""
    import json

    from websockets.asyncio.client import connect

    game = Game(bank, bank.questions, time_limit=30, pin=PIN)
    screen = HostScreen(game, port=0, store=store)
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: screen.server.port != 0)
        async with connect(f"ws://127.0.0.1:{screen.server.port}/") as phone:
            hello = {"v": 1, "type": "hello", "name": "手机", "pin": PIN, "client": "web"}
            await phone.send(json.dumps(hello))
            terminal = GroupClient(f"127.0.0.1:{screen.server.port}", "终端", PIN)
            await terminal.connect()
            await until(pilot, lambda: len(game.players) == 2)
            await pilot.press("s")
            await phone.send(
                json.dumps({"v": 1, "type": "answer", "index": 0, "answer": "两个确立"})
            )
            await terminal.answer(0, "不知道")
            await until(pilot, lambda: game.phase == "reveal")
            # recorded at the reveal, before the end; the terminal player records itself
            await until(pilot, lambda: len(list(store.iter_reviews("手机"))) == 1)
            assert [r.verdict for r in store.iter_reviews("手机")] == ["correct"]
            assert list(store.iter_reviews("终端")) == []
            # the report is already on disk after the first reveal (a crash keeps it)
            assert screen.report_files is not None
            assert "手机" in screen.report_files.markdown.read_text(encoding="utf-8")
            await terminal.close()
            await pilot.press("q")


def test_the_terminal_qr_code_is_the_qr_code_of_the_join_address() -> None:
    """Read the half blocks back into modules: they are segno's matrix, with a quiet zone."""
    import segno

    from trainer.ui.widgets.group_board import qr_text

    url = "http://192.168.1.23:8765/#pin=135790"
    lines = qr_text(url).plain.rstrip("\n").split("\n")
    modules: list[list[bool]] = []
    for line in lines:
        top = [c in " ▄" for c in line]  # True: dark module
        bottom = [c in " ▀" for c in line]
        modules += [top, bottom]
    matrix = [
        [bool(v) for v in row] for row in segno.make(url, error="m", boost_error=False).matrix
    ]
    size = len(matrix)
    inner = [row[2 : 2 + size] for row in modules[2 : 2 + size]]
    assert inner == matrix
    assert not any(modules[0]) and not any(row[0] for row in modules)  # the quiet zone is light
