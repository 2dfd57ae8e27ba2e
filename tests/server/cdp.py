"""A minimal headless Chromium over the DevTools protocol (websockets), for the dashboard."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import websockets

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Page:
    """One page of a headless Chromium started for a test (stop with :meth:`close`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--lang=zh-CN",
             f"--user-data-dir={folder / 'chrome'}", f"--remote-debugging-port={self.port}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.next_id = 0
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.errors: list[str] = []
        self.connection: Any = None
        self.reader: asyncio.Task[None] | None = None
        self.viewport = (1280, 900, False)

    async def open(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                raw = await asyncio.to_thread(
                    lambda: urllib.request.urlopen(
                        f"http://127.0.0.1:{self.port}/json/list", timeout=2
                    ).read()
                )
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)
        target = next(t for t in json.loads(raw) if t["type"] == "page")
        self.connection = await websockets.connect(target["webSocketDebuggerUrl"], max_size=None)
        self.reader = asyncio.ensure_future(self._read())
        await self.call("Page.enable")
        await self.call("Runtime.enable")

    async def _read(self) -> None:
        async for raw in self.connection:
            data = json.loads(raw)
            if data.get("id") in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Runtime.exceptionThrown":
                self.errors.append(json.dumps(data["params"]["exceptionDetails"])[:500])
            elif (
                data.get("method") == "Runtime.consoleAPICalled"
                and data["params"]["type"] == "error"
            ):
                self.errors.append(json.dumps(data["params"]["args"])[:500])

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        await self.connection.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    async def eval(self, expression: str) -> Any:
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(json.dumps(result["exceptionDetails"])[:500])
        return result["result"].get("value")

    async def goto(self, url: str) -> None:
        await self.call("Page.navigate", url=url)

    async def wait(self, expression: str, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = await self.eval(expression)
            except RuntimeError:
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}; errors: {self.errors}")
            await asyncio.sleep(0.1)

    async def click(self, selector: str) -> None:
        await self.eval(f"document.querySelector({json.dumps(selector)}).click()")

    async def size(self, width: int, height: int, *, mobile: bool = False) -> None:
        self.viewport = (width, height, mobile)
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=height, deviceScaleFactor=1, mobile=mobile,
        )  # fmt: skip

    async def screenshot(self, path: Path) -> None:
        """The whole page: the viewport grows to the page's height first and the charts get
        time to redraw at that size (a capture beyond the viewport can catch them blank)."""
        width, height, mobile = self.viewport
        full = int(await self.eval("document.documentElement.scrollHeight"))
        await self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width, height=max(height, full), deviceScaleFactor=1, mobile=mobile,
        )  # fmt: skip
        await asyncio.sleep(0.5)
        result = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(result["data"]))
        await self.size(width, height, mobile=mobile)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
        if self.reader is not None:
            self.reader.cancel()
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
