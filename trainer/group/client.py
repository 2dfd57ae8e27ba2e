"""A headless group-session client: the join UI, the tests and the benchmark all use it.

Usage::

    client = GroupClient("127.0.0.1:8765", name="张三", pin="123456")
    welcome = await client.connect()          # raises JoinRefused with a code
    msg = await client.receive("question")     # the next message of that type
    ack = await client.answer(msg["index"], "两个确立")
    reveal = await client.receive("reveal")

No Textual import here.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import time
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from trainer.group.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    decode,
    encode,
    message,
)

DEFAULT_PORT = 8765


class JoinRefused(Exception):
    """The server did not let us in; ``code`` is ``bad_pin``, ``name_taken``, ``unreachable``…"""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def server_url(address: str, default_port: int = DEFAULT_PORT) -> str:
    """``HOST[:PORT]`` (or a ws:// URL) as a WebSocket URL.

    Raises:
        ValueError: the address is empty or its port is not a number.
    """
    text = address.strip()
    if not text:
        raise ValueError("empty address")
    if text.startswith(("ws://", "wss://")):
        return text
    host, port = text, default_port
    if text.startswith("["):  # [::1]:8765
        end = text.find("]")
        if end < 0:
            raise ValueError("unclosed [")
        host = text[: end + 1]
        rest = text[end + 1 :]
        if rest.startswith(":"):
            port = _port(rest[1:])
        elif rest:
            raise ValueError(f"unexpected {rest!r}")
        _ipv6(host[1:-1])
    elif text.count(":") == 1:
        host, raw_port = text.split(":")
        port = _port(raw_port)
    elif ":" in text:
        host = f"[{_ipv6(text)}]"
    if not host or not _HOST.match(host):
        raise ValueError(f"bad host {host!r}")
    return f"ws://{host}:{port}"


_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.\-]*[A-Za-z0-9])?)$")


def _ipv6(text: str) -> str:
    try:
        return str(ipaddress.IPv6Address(text))
    except ValueError:
        raise ValueError(f"bad IPv6 address {text!r}") from None


def _port(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ValueError(f"bad port {raw!r}")
    return int(raw)


class GroupClient:
    """One player's connection.

    Args:
        address: ``HOST[:PORT]`` or a ``ws://`` URL.
        name: the player's name.
        pin: the session PIN.
        token: a session token from an earlier welcome (to rejoin).
        server_ticket: a ticket from this device's sync server naming its user, so a host run
            by the user's group leader records the answers into the user's server history.
    """

    def __init__(
        self,
        address: str,
        name: str,
        pin: str,
        token: str | None = None,
        server_ticket: str | None = None,
    ) -> None:
        self.url = server_url(address)
        self.server_ticket = server_ticket
        self.name = name
        self.pin = pin
        self.token = token
        self.player_id: str | None = None
        self.welcome: dict[str, Any] | None = None
        self.reveals: dict[int, dict[str, Any]] = {}
        self.answers: dict[int, Any] = {}
        self.ack_times_ms: list[float] = []
        self._connection: ClientConnection | None = None
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self._acks: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.closed = asyncio.Event()

    async def connect(self, timeout: float = 10.0) -> dict[str, Any]:
        """Connect and join (or rejoin, when :attr:`token` is set).

        Returns:
            The ``welcome`` message.

        Raises:
            JoinRefused: ``unreachable`` (no server there), ``timeout``, or the server's code
                (``bad_pin``, ``name_taken``, ``full``, …).
        """
        self.closed.clear()
        try:
            self._connection = await asyncio.wait_for(
                connect(
                    self.url,
                    max_size=4 * MAX_MESSAGE_BYTES,
                    compression=None,
                    open_timeout=timeout,
                    ping_interval=20,
                    ping_timeout=20,
                ),
                timeout,
            )
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as error:
            raise JoinRefused("unreachable", str(error)) from None
        hello = message("hello", name=self.name, pin=self.pin)
        if self.token:
            hello["token"] = self.token
        if self.server_ticket:
            hello["server_ticket"] = self.server_ticket
        try:
            await self._connection.send(encode(hello))
            raw = await asyncio.wait_for(self._connection.recv(), timeout)
            data = decode(raw, sender="server")
        except TimeoutError:
            await self.close()
            raise JoinRefused("timeout") from None
        except ConnectionClosed:
            raise JoinRefused("closed") from None
        except ProtocolError as error:
            await self.close()
            raise JoinRefused("protocol", error.detail) from None
        if data["type"] == "refused":
            await self.close()
            raise JoinRefused(data["code"], data.get("message", ""))
        if data["type"] != "welcome":
            await self.close()
            raise JoinRefused("protocol", f"unexpected {data['type']}")
        self.welcome = data
        self.player_id = data["player_id"]
        self.token = data["token"]
        self.name = data["name"]
        self._reader = asyncio.ensure_future(self._read())
        return data

    async def _read(self) -> None:
        assert self._connection is not None
        try:
            async for raw in self._connection:
                try:
                    data = decode(raw, sender="server")
                except ProtocolError:
                    continue
                if data["type"] == "ack":
                    future = self._acks.pop(data["index"], None)
                    if future is not None and not future.done():
                        future.set_result(data)
                elif data["type"] == "reveal":
                    self.reveals[data["index"]] = data
                await self._queue.put(data)
        except ConnectionClosed:
            pass
        finally:
            for future in self._acks.values():
                if not future.done():
                    future.set_exception(ConnectionError("connection closed"))
            self._acks.clear()
            self.closed.set()
            await self._queue.put(None)

    async def receive(
        self, kind: str | None = None, timeout: float | None = 30.0
    ) -> dict[str, Any]:
        """The next message (of type ``kind`` if given; others before it are skipped).

        Raises:
            ConnectionError: the connection closed first.
            TimeoutError: nothing came within ``timeout`` seconds.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            data = await asyncio.wait_for(self._queue.get(), left)
            if data is None:
                await self._queue.put(None)  # stay closed for later callers
                raise ConnectionError("connection closed")
            if kind is None or data["type"] == kind:
                return data

    async def send_raw(self, payload: str | bytes) -> None:
        """Send a frame as it is (tests use this for malformed input)."""
        assert self._connection is not None
        await self._connection.send(payload)

    async def answer(
        self, index: int, answer: str | list[str], timeout: float = 10.0
    ) -> dict[str, Any]:
        """Send an answer and wait for the server's acknowledgement.

        Returns:
            The ``ack`` message (``accepted`` false with a ``reason`` when refused).

        Raises:
            ConnectionError: not connected, or closed before the ack.
            TimeoutError: no ack within ``timeout``.
        """
        if self._connection is None or self.closed.is_set():
            raise ConnectionError("not connected")
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[index] = future
        started = time.perf_counter()
        await self._connection.send(encode(message("answer", index=index, answer=answer)))
        ack = await asyncio.wait_for(future, timeout)
        self.ack_times_ms.append((time.perf_counter() - started) * 1000)
        if ack.get("accepted"):
            self.answers[index] = answer
        return ack

    async def drop(self) -> None:
        """Cut the connection without saying goodbye (tests: a dropped player)."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.transport.abort()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 5)

    async def close(self) -> None:
        """Leave politely and close."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.send(encode(message("leave")))
            with contextlib.suppress(Exception):
                await self._connection.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._reader, 5)
        self.closed.set()

    async def rejoin(self, timeout: float = 10.0) -> dict[str, Any]:
        """Connect again with the same name and token (after a drop).

        Returns:
            The ``welcome`` message (``rejoined`` true).
        """
        self._queue = asyncio.Queue()
        self._reader = None
        return await self.connect(timeout)
