"""The browser path: `trainer serve` (textual-serve) in headless Chromium joins a game and answers.

Chromium is driven through the Chrome DevTools Protocol with the `websockets` package. The page's
terminal output is watched through CDP network events (the app's bytes reach xterm.js over a
WebSocket); the outcome is asserted on the game server's side and in the player's profile.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websockets

from trainer.group.game import Game
from trainer.group.server import GroupServer

CHROMIUM = Path("/usr/bin/chromium")
PIN = "135790"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def http_ready(url: str, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=2).read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


class DevTools:
    """A minimal CDP session on one page; collects the bytes the page receives over WebSockets."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.received = bytearray()
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for raw in self.connection:
            data = json.loads(raw)
            if data.get("id") in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response["payloadData"]
                if response.get("opcode") == 2:
                    self.received.extend(base64.b64decode(payload))
                else:
                    self.received.extend(payload.encode("utf-8"))

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.connection.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        return await asyncio.wait_for(future, 20)

    async def type_text(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def enter(self) -> None:
        common = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text="\r", **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def settle(self, action: Any = None) -> None:
        """Run ``action`` and wait until the app has redrawn and then been quiet for 0.3 s.

        Keys reach the app in order, but an app reacts to Enter (moving the focus) through
        its message queue, so text typed at once could still land in the previous box.
        """
        mark = len(self.received)
        if action is not None:
            await action()
            await wait_for(lambda: len(self.received) > mark, 20, "a redraw")
        for _ in range(20):  # at most ~6 s (the countdown redraws once a second)
            size = len(self.received)
            await asyncio.sleep(0.3)
            if len(self.received) == size:
                return

    def seen(self, text: str, since: int = 0) -> bool:
        return text.encode("utf-8") in self.received[since:]


async def test_browser_joins_and_answers(bank, tmp_path: Path, cli_env: dict[str, str]) -> None:
    game = Game(bank, bank.questions[:1], time_limit=60, pin=PIN)
    server = GroupServer(game, port=0)
    await server.start()
    serve_port, debug_port = free_port(), free_port()
    home = Path(cli_env["TRAINER_HOME"])
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "serve",
            "--port",
            str(serve_port),
            "--game",
            f"127.0.0.1:{server.port}",
        ],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    chrome = subprocess.Popen(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'chrome'}",
            f"--remote-debugging-port={debug_port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        targets = json.loads(await http_ready(f"http://127.0.0.1:{debug_port}/json/list", 30))
        page = next(t for t in targets if t["type"] == "page")
        await http_ready(f"http://127.0.0.1:{serve_port}/", 30)
        async with websockets.connect(page["webSocketDebuggerUrl"], max_size=None) as connection:
            tools = DevTools(connection)
            await tools.call("Network.enable")
            await tools.call("Page.enable")
            await tools.call("Page.navigate", url=f"http://127.0.0.1:{serve_port}/")
            # the join form (the address is pre-filled by `serve --game`) asks for PIN and name
            await wait_for(lambda: tools.seen("PIN"), 30, "the join form in the browser")
            await tools.call(
                "Runtime.evaluate",
                expression="document.querySelector('.xterm-helper-textarea').focus()",
            )
            await tools.type_text(PIN)
            await tools.settle(tools.enter)  # the focus moves on to the name box
            await tools.type_text("浏览器")
            await tools.enter()
            await wait_for(lambda: game.find_player("浏览器") is not None, 20, "the player")
            mark = len(tools.received)
            server.start_game()
            await wait_for(lambda: tools.seen("政治成果", mark), 20, "the question in the browser")
            await tools.settle()  # let the answer input take the focus
            await tools.type_text("两个确立")
            await tools.enter()
            await wait_for(lambda: game.answered_count == 1, 20, "the answer")
            record = game.find_player("浏览器").answers[0]
            assert record.answer == "两个确立" and record.verdict == "correct"
            await wait_for(lambda: game.phase == "reveal", 10, "the reveal")
            server.next_question()  # the end: the browser player's answer goes into its profile
            db = home / "trainer.sqlite3"

            def recorded() -> bool:
                if not db.exists():
                    return False
                from trainer.core.store import Store

                with Store.open(db) as store:
                    return [r.verdict for r in store.iter_reviews("浏览器")] == ["correct"]

            await wait_for(recorded, 20, "the answer in the player's profile")
            tools.reader.cancel()
    finally:
        for process in (chrome, serve):
            process.terminate()
        for process in (chrome, serve):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(10)
            if process.poll() is None:
                process.kill()
        if serve.stdout is not None:
            serve.stdout.close()
        await server.stop()
        shutil.rmtree(tmp_path / "chrome", ignore_errors=True)
