"""The players' web page in headless Chromium, at phone size (390×844) and desktop size, in both
languages: join by PIN and name, answer every question type (typed Chinese committed by an IME),
reload mid-question and rejoin the same seat, see each result and the final rank.

Chromium is driven through the Chrome DevTools Protocol with the `websockets` package. The
outcome is asserted on the page (its DOM) and on the game server's side. Screenshots go to
``$TRAINER_SCREENSHOTS`` when set (to look at them), else into the test's temporary folder.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import websockets

from trainer.core.bank import parse_bank
from trainer.group.client import GroupClient
from trainer.group.game import Game
from trainer.group.server import GroupServer

CHROMIUM = Path("/usr/bin/chromium")
PIN = "135790"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (apt-get install chromium)"
)

BANK = """\
bank: {id: web-test, title: 网页测试}
sections: [{id: s, title: 五年工作}]
questions:
  - {id: q-short, type: short, section: s, prompt: 新时代最大的政治成果是什么？, answer: 两个确立, source: 最大的政治成果是两个确立。}
  - {id: q-choice, type: choice, section: s, prompt: 人民政协的性质定位？, options: [专门协商机构, 立法机关, 行政机关], answer: A}
  - {id: q-multi, type: choice, section: s, prompt: 选出两项, options: [甲项, 乙项, 丙项], answer: [A, C]}
  - {id: q-tf, type: truefalse, section: s, statement: 人民政协是协商民主的重要渠道。, answer: true}
  - {id: q-cloze, type: cloze, section: s, text: "坚持{{团结}}和{{民主}}两大主题。"}
  - {id: q-list, type: list, section: s, prompt: 两个维护是什么？, items: [维护核心地位, 维护集中统一领导]}
  - {id: q-number, type: number, section: s, prompt: 多少亿元？, answer: 4100, unit: 亿元}
  - {id: q-order, type: order, section: s, prompt: 排列顺序, items: [第一步, 第二步, 第三步]}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not await _maybe_await(predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def _maybe_await(value: Any) -> Any:
    if asyncio.iscoroutine(value):
        return await value
    return value


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
    """A minimal CDP session on one page."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.console: list[str] = []
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        async for raw in self.connection:
            data = json.loads(raw)
            if data.get("id") in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Runtime.exceptionThrown":
                self.console.append(json.dumps(data["params"])[:500])

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.connection.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        return await asyncio.wait_for(future, 20)

    async def js(self, expression: str) -> Any:
        reply = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return reply.get("result", {}).get("result", {}).get("value")

    async def text(self, selector: str) -> str:
        value = await self.js(
            f"(document.querySelector({json.dumps(selector)}) || {{}}).innerText || ''"
        )
        return str(value or "")

    async def visible(self, view: str) -> bool:
        return bool(await self.js(f"!document.getElementById('view-{view}').hidden"))

    async def click(self, selector: str) -> None:
        """A real tap: mouse events at the element's centre (not element.click())."""
        box = await self.js(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            await self.call(
                "Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1
            )

    async def ime_type(self, selector: str, composing: str, committed: str) -> None:
        """Focus a box and type as a pinyin IME does: a composition, then the commit."""
        await self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        await self.call(
            "Input.imeSetComposition",
            text=composing,
            selectionStart=len(composing),
            selectionEnd=len(composing),
        )
        await self.call("Input.insertText", text=committed)

    async def enter(self) -> None:
        common = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13}
        await self.call("Input.dispatchKeyEvent", type="keyDown", text="\r", **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def screenshot(self, path: Path) -> None:
        reply = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(reply["result"]["data"]))


@contextlib.asynccontextmanager
async def chromium(tmp_path: Path):
    debug_port = free_port()
    profile = tmp_path / "chrome"
    process = subprocess.Popen(
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
            f"--user-data-dir={profile}",
            f"--remote-debugging-port={debug_port}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        targets = json.loads(await http_ready(f"http://127.0.0.1:{debug_port}/json/list", 30))
        page = next(t for t in targets if t["type"] == "page")
        async with websockets.connect(page["webSocketDebuggerUrl"], max_size=None) as connection:
            tools = DevTools(connection)
            await tools.call("Page.enable")
            await tools.call("Runtime.enable")
            yield tools
            tools.reader.cancel()
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(10)
        if process.poll() is None:
            process.kill()
        shutil.rmtree(profile, ignore_errors=True)


SIZES = {"phone": (390, 844, 3, True), "desktop": (1280, 800, 1, False)}


@pytest.mark.parametrize(("size", "language"), [("phone", "zh"), ("desktop", "en")])
async def test_web_page_join_answer_every_type_reload_and_result(
    tmp_path: Path, size: str, language: str
) -> None:
    bank = parse_bank(BANK, "web-test.yaml")
    game = Game(bank, bank.questions, time_limit=120, pin=PIN)
    server = GroupServer(game, port=0)
    await server.start()
    shots = Path(os.environ.get("TRAINER_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    width, height, scale, mobile = SIZES[size]
    name = "手机用户" if language == "zh" else "Ann Lee"
    try:
        async with chromium(tmp_path) as tools:
            await tools.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=scale,
                mobile=mobile,
            )
            if mobile:
                await tools.call("Emulation.setTouchEmulationEnabled", enabled=True)
            url = f"http://127.0.0.1:{server.port}/"
            await tools.call("Page.navigate", url=url + f"#pin={PIN}")
            await wait_for(lambda: tools.js("document.readyState === 'complete'"), 20, "load")
            await tools.js(f"localStorage.setItem('trainer-group-lang', '{language}')")
            await tools.js("window.beforeReload = true")
            await tools.call("Page.reload")
            await wait_for(
                lambda: tools.js("!window.beforeReload && document.body.dataset.ready === '1'"),
                20,
                "the page in its language",
            )
            # the viewport is the device's: no 6 px text on a phone
            assert await tools.js("window.innerWidth") == width
            assert (
                await tools.js(
                    "parseFloat(getComputedStyle(document.getElementById('pin')).fontSize)"
                )
                >= 16
            )
            # the PIN came from the link (the QR code); the name is typed with an IME
            assert await tools.js("document.getElementById('pin').value") == PIN
            await tools.ime_type("#name", "shouji" if language == "zh" else "Ann", name)
            await tools.screenshot(shots / f"{size}-{language}-0-join.png")
            await tools.click("#join")
            await wait_for(lambda: game.find_player(name) is not None, 20, "the player")
            player = game.find_player(name)
            # a second player who never answers, so no question closes before the test says
            bystander = GroupClient(f"127.0.0.1:{server.port}", "旁观者", PIN)
            await bystander.connect()
            await wait_for(lambda: tools.visible("wait"), 10, "the lobby")
            waiting = await tools.text("#wait-text")
            assert (
                ("等待主持人" in waiting)
                if language == "zh"
                else ("Waiting for the host" in waiting)
            )
            server.start_game()

            async def question_shown(index: int) -> None:
                await wait_for(
                    lambda: tools.js(
                        "!document.getElementById('view-question').hidden && "
                        f"document.getElementById('q-number').textContent.includes('{index + 1}/')"
                    ),
                    20,
                    f"question {index + 1}",
                )

            async def answered(index: int) -> None:
                await wait_for(lambda: index in player.answers, 20, f"the answer to {index + 1}")
                await wait_for(lambda: tools.visible("question"), 5, "the question view")
                await wait_for(
                    lambda: tools.js("!document.getElementById('q-sent').hidden"), 10, "received"
                )

            answers: list[str] = []

            async def reveal_and_next(index: int, shot: bool = False) -> str:
                server.reveal_now()
                await wait_for(lambda: tools.visible("reveal"), 10, "the result")
                verdict = await tools.text("#r-verdict")
                answers.append(await tools.text("#r-answer"))
                if shot:
                    await tools.screenshot(shots / f"{size}-{language}-{index + 1}-result.png")
                server.next_question()
                return verdict

            # 1 short: typed through the IME; then the tab is reloaded mid-question
            await question_shown(0)
            await tools.screenshot(shots / f"{size}-{language}-1-question.png")
            before = server._connections[player.id]
            await tools.call("Page.reload")
            await wait_for(
                lambda: (
                    server._connections.get(player.id) not in (None, before)
                    and player.connected
                    and len(game.players) == 2
                ),
                20,
                "the rejoin after a reload",
            )
            await question_shown(0)
            await tools.ime_type("#q-input input", "liangge", "两个确立")
            await tools.enter()
            await answered(0)
            assert player.answers[0].verdict == "correct"
            await tools.screenshot(shots / f"{size}-{language}-1-received.png")
            verdict = await reveal_and_next(0, shot=True)
            assert verdict == ("正确" if language == "zh" else "correct")
            assert "两个确立" in await tools.text("#r-answer")
            assert "最大的政治成果是两个确立" in await tools.text("#r-source")
            assert len(game.players) == 2  # the reload kept the seat: no ghost beside it
            # 2 single choice: one tap
            await question_shown(1)
            await tools.click("#q-input .options button:nth-child(1)")
            await answered(1)
            assert player.answers[1].verdict == "correct"
            await reveal_and_next(1)
            # 3 multiple choice: two taps and submit
            await question_shown(2)
            await tools.screenshot(shots / f"{size}-{language}-3-question.png")
            await tools.click("#q-input .options button:nth-child(1)")
            await tools.click("#q-input .options button:nth-child(3)")
            await tools.click("#q-input button.primary")
            await answered(2)
            assert player.answers[2].verdict == "correct"
            await reveal_and_next(2)
            # 4 true/false: big buttons
            await question_shown(3)
            await tools.screenshot(shots / f"{size}-{language}-4-question.png")
            await tools.click("#q-input .tf button:nth-child(1)")
            await answered(3)
            assert player.answers[3].verdict == "correct"
            await reveal_and_next(3)
            # 5 cloze: one box per blank, Enter moves on, the last Enter sends
            await question_shown(4)
            await tools.ime_type("#q-input .cloze input:nth-of-type(1)", "tuanjie", "团结")
            await tools.enter()
            await tools.ime_type("#q-input .cloze input:nth-of-type(2)", "minzhu", "民主")
            await tools.screenshot(shots / f"{size}-{language}-5-question.png")
            await tools.enter()
            await answered(4)
            assert player.answers[4].verdict == "correct"
            await reveal_and_next(4)
            # 6 list: one box per item; one right, one wrong -> partial
            await question_shown(5)
            await tools.ime_type("#q-input .parts input:nth-child(1)", "weihu", "维护核心地位")
            await tools.ime_type("#q-input .parts input:nth-child(2)", "buzhidao", "不知道")
            await tools.click("#q-input button.primary")
            await answered(5)
            assert player.answers[5].verdict == "partial"
            verdict = await reveal_and_next(5, shot=True)
            assert verdict == ("部分正确" if language == "zh" else "partial")
            # 7 number
            await question_shown(6)
            # a figure: the phone's number keyboard, the unit beside the box
            assert await tools.js("document.querySelector('#q-input input').inputMode") == (
                "decimal"
            )
            assert "亿元" in await tools.text("#q-input")
            await tools.ime_type("#q-input input", "4100", "4100")
            await tools.click("#q-input button.primary")
            await answered(6)
            assert player.answers[6].verdict == "correct"
            await reveal_and_next(6)
            # 8 order: the items come shuffled; tap them in the right order
            await question_shown(7)
            await tools.screenshot(shots / f"{size}-{language}-8-question.png")
            shown = await tools.js(
                "[...document.querySelectorAll('#q-input .options button')].map(b => b.textContent)"
            )
            assert sorted(shown) == ["第一步", "第三步", "第二步"] and shown != [
                "第一步",
                "第二步",
                "第三步",
            ]
            for item in ("第一步", "第二步", "第三步"):
                await tools.click(f"#q-input .options button:nth-child({shown.index(item) + 1})")
            await answered(7)
            assert player.answers[7].verdict == "correct"
            await reveal_and_next(7)
            # each right answer as the players read it at the reveal
            assert answers == [
                "两个确立",
                "A. 专门协商机构",
                "A. 甲项\nC. 丙项",
                "对" if language == "zh" else "true",
                "团结；民主",
                "1. 维护核心地位\n2. 维护集中统一领导",
                "4100 亿元",
                "第一步 → 第二步 → 第三步",
            ]
            # the end: rank and score
            await wait_for(lambda: tools.visible("end"), 10, "the end")
            final = await tools.text("#e-rank")
            assert ("第 1 名（共 2 人）" in final) if language == "zh" else ("Rank 1 of 2" in final)
            assert str(player.score) in final
            await tools.screenshot(shots / f"{size}-{language}-9-end.png")
            assert not tools.console, tools.console
            await bystander.close()
    finally:
        await server.stop()


async def test_page_is_served_with_safe_headers_and_unknown_paths_are_404(bank) -> None:
    game = Game(bank, bank.questions, pin=PIN)
    server = GroupServer(game, port=0)
    await server.start()
    try:
        base = f"http://127.0.0.1:{server.port}"

        def fetch(path: str) -> tuple[int, dict[str, str], bytes]:
            try:
                with urllib.request.urlopen(base + path, timeout=5) as response:
                    return response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers), b""

        status, headers, body = await asyncio.to_thread(fetch, "/")
        assert status == 200 and b'name="viewport"' in body
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        status, _, body = await asyncio.to_thread(fetch, "/messages.json")
        messages = json.loads(body)
        assert messages["group.web.join"] == ["加入", "Join"]
        for path in ("/../pyproject.toml", "/server.py", "/web/app.js"):
            assert (await asyncio.to_thread(fetch, path))[0] == 404
    finally:
        await server.stop()
