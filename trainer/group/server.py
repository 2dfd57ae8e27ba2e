"""The group-session server: a :class:`~trainer.group.game.Game` behind WebSockets.

The server runs in the caller's asyncio loop (the Textual host app, a test, the benchmark).
It is authoritative: it keeps the time, grades the answers and scores them. Malformed,
unknown, oversized and too-frequent messages are dropped and logged; they never reach the
game and never affect other players.

No Textual import here.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

from trainer.group.game import ENDED, LOBBY, QUESTION, REVEAL, Game, GameError
from trainer.group.protocol import (
    MAX_MESSAGE_BYTES,
    ProtocolError,
    decode,
    encode,
    full_question,
    message,
    public_question,
)

log = logging.getLogger("trainer.group.server")

DEFAULT_PORT = 8765
HELLO_TIMEOUT_S = 15.0
LEADERBOARD_SIZE = 10


@dataclass
class RateLimit:
    """A token bucket: ``rate`` messages per second on average, bursts up to ``burst``."""

    rate: float = 10.0
    burst: float = 20.0

    def bucket(self) -> _Bucket:
        """A fresh bucket for one connection."""
        return _Bucket(self.rate, self.burst)


class _Bucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.last = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def local_addresses(bind: str) -> list[str]:
    """The IP addresses other machines can use to reach a server bound to ``bind``.

    Args:
        bind: the bind address (``0.0.0.0`` / ``::`` mean every interface).

    Returns:
        Addresses, loopback last; just ``bind`` when it names one interface.
    """
    if bind not in ("0.0.0.0", "::", ""):
        return [bind]
    found: list[str] = []
    with contextlib.suppress(OSError):
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent for UDP connect
            found.append(probe.getsockname()[0])
        finally:
            probe.close()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if address not in found and not address.startswith("127."):
                found.append(address)
    found.append("127.0.0.1")
    return found


class GroupServer:
    """Serve a game to WebSocket clients.

    Args:
        game: the game to run.
        host: the bind address (loopback by default; ``0.0.0.0`` for the whole network).
        port: the port (0 picks a free one; see :attr:`port` after :meth:`start`).
        rate_limit: messages allowed per connection.
        auto_next: seconds after a reveal before the next question is asked automatically
            (None: the host presses next).
        on_change: called with an event name after every change (``join``, ``leave``,
            ``answer``, ``question``, ``reveal``, ``pause``, ``kick``, ``end``).
    """

    def __init__(
        self,
        game: Game,
        *,
        host: str = "127.0.0.1",
        port: int = DEFAULT_PORT,
        rate_limit: RateLimit | None = None,
        auto_next: float | None = None,
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        self.game = game
        self.host = host
        self.port = port
        self.rate_limit = rate_limit or RateLimit()
        self.auto_next = auto_next
        self.on_change = on_change
        self.stats: Counter[str] = Counter()
        self._server: Server | None = None
        self._connections: dict[str, ServerConnection] = {}
        self._wake = asyncio.Event()
        self._timer: asyncio.Task[None] | None = None
        self.finished = asyncio.Event()

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Bind and start accepting players.

        Raises:
            OSError: the address cannot be bound (port in use, no such interface).
        """
        await asyncio.to_thread(_warm_up_grader)  # the first answer is then graded at once
        self._server = await serve(
            self._handle,
            self.host,
            self.port,
            max_size=4 * MAX_MESSAGE_BYTES,  # bigger frames close the connection
            max_queue=64,
            compression=None,
            ping_interval=20,
            ping_timeout=20,
        )
        sockets = list(self._server.sockets)
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        log.info("group server on %s:%s, PIN %s", self.host, self.port, self.game.pin)

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
            self._timer = None
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    def check_time(self) -> None:
        """Look at the clock now (a test that moves an injected clock calls this)."""
        self._wake.set()

    def addresses(self) -> list[str]:
        """The ``host:port`` strings to share with players."""
        return [f"{address}:{self.port}" for address in local_addresses(self.host)]

    # ----------------------------------------------------------------- host actions

    def start_game(self) -> None:
        """Ask the first question.

        Raises:
            GameError: not in the lobby.
        """
        self.game.start()
        self._send_question()

    def reveal_now(self) -> None:
        """Reveal the open question before its time is up."""
        if self.game.phase == QUESTION:
            self._reveal()

    def next_question(self) -> None:
        """After a reveal: the next question, or the podium after the last."""
        if self.game.phase == REVEAL:
            if self.game.next() is None:
                self._send_end()
            else:
                self._send_question()
        elif self.game.phase == LOBBY:
            self.start_game()

    def toggle_pause(self) -> bool:
        """Pause or resume the countdown.

        Returns:
            True when now paused.
        """
        paused = self.game.pause()
        if self.game.phase == QUESTION:
            remaining = round(self.game.remaining(), 2)
            self._broadcast(message("paused", paused=paused, remaining=remaining))
            self._wake.set()
            self._changed("pause")
        return paused

    def kick(self, player_id: str) -> str:
        """Remove a player for good and close its connection.

        Returns:
            The player's name.

        Raises:
            GameError: ``unknown_player``.
        """
        player = self.game.kick(player_id)
        connection = self._connections.pop(player_id, None)
        if connection is not None:
            asyncio.ensure_future(self._close(connection, message("kicked")))
        log.info("kicked %s", player.name)
        self._send_lobby()
        self._changed("kick")
        self._check_all_answered()
        return player.name

    def end_game(self) -> None:
        """End now: reveal an open question, then the podium."""
        if self.game.phase == ENDED:
            return
        if self.game.phase == QUESTION:
            self._reveal()
        self.game.end()
        self._send_end()

    # ----------------------------------------------------------------- flow

    def _changed(self, event: str) -> None:
        if self.on_change is not None:
            try:
                self.on_change(event)
            except Exception:  # noqa: BLE001 - a UI callback must never stop the server
                log.exception("on_change callback failed")

    def _broadcast(self, data: dict[str, Any]) -> None:
        text = encode(data)
        broadcast(list(self._connections.values()), text)

    def _send(self, player_id: str, data: dict[str, Any]) -> None:
        connection = self._connections.get(player_id)
        if connection is None:
            return
        try:
            text = encode(data)
        except ProtocolError as error:  # e.g. a huge grade: send the message without it
            log.error("message %s to %s too large: %s", data.get("type"), player_id, error)
            result = data.get("result")
            if not isinstance(result, dict) or "grade" not in result:
                return
            data = {**data, "result": {k: v for k, v in result.items() if k != "grade"}}
            try:
                text = encode(data)
            except ProtocolError:
                return
        broadcast([connection], text)

    def _question_message(self, player_id: str | None = None) -> dict[str, Any]:
        game = self.game
        question = game.current
        assert question is not None
        answered = False
        if player_id is not None and player_id in game.players:
            answered = game.index in game.players[player_id].answers
        return message(
            "question",
            index=game.index,
            total=game.total,
            question=public_question(question, seed=game.seed),
            time_limit=game.time_limit,
            remaining=round(game.remaining(), 2),
            paused=game.paused,
            answered=answered,
        )

    def _send_question(self) -> None:
        self._broadcast(self._question_message())
        self._changed("question")
        if self._timer is None or self._timer.done():
            self._timer = asyncio.ensure_future(self._run_timer())
        self._wake.set()

    async def _run_timer(self) -> None:
        """Reveal when the time is up (pauses respected); then maybe go on by itself."""
        game = self.game
        while game.phase != ENDED:
            try:
                await self._timer_step()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - log and keep the game going
                log.exception("group timer step failed")
                await asyncio.sleep(0.1)

    async def _timer_step(self) -> None:
        game = self.game
        if game.phase == QUESTION:
            if game.expired:
                self._reveal()
                return
            timeout = None if game.paused else max(game.remaining(), 0.01)
        elif game.phase == REVEAL and self.auto_next is not None:
            timeout = self.auto_next
        else:
            timeout = None
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout)
        except TimeoutError:
            if game.phase == REVEAL and self.auto_next is not None:
                self.next_question()

    def _reveal(self) -> None:
        game = self.game
        summary = game.reveal()
        question = game.current
        assert question is not None
        revealed = full_question(question, game.bank.section_title(question.section))
        leaderboard = [s.to_dict() for s in game.leaderboard(LEADERBOARD_SIZE)]
        for player_id in list(self._connections):
            if player_id in game.players:
                self._send(
                    player_id,
                    message(
                        "reveal",
                        index=game.index,
                        total=game.total,
                        question=revealed,
                        result=game.player_result(player_id, game.index),
                        leaderboard=leaderboard,
                        summary=summary,
                    ),
                )
        self._wake.set()
        self._changed("reveal")

    def _end_message(self, player_id: str | None) -> dict[str, Any]:
        game = self.game
        player = game.players.get(player_id or "")
        return message(
            "end",
            leaderboard=[s.to_dict() for s in game.leaderboard(LEADERBOARD_SIZE)],
            rank=player.rank if player else 0,
            score=player.score if player else 0,
            players=len(game.players),
        )

    def _send_end(self) -> None:
        for player_id in list(self._connections):
            self._send(player_id, self._end_message(player_id))
        self._wake.set()
        self.finished.set()
        self._changed("end")

    def _send_lobby(self) -> None:
        if self.game.phase == LOBBY:
            names = [p.name for p in self.game.players.values()]
            self._broadcast(message("lobby", players=names[:500], count=len(names)))

    def _check_all_answered(self) -> None:
        if self.game.phase == QUESTION and self.game.all_answered:
            self._reveal()

    # ----------------------------------------------------------------- connections

    async def _close(self, connection: ServerConnection, farewell: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):
            await connection.send(encode(farewell))
            await connection.close()

    async def _handle(self, connection: ServerConnection) -> None:
        peer = _peer(connection)
        player_id = await self._hello(connection, peer)
        if player_id is None:
            return
        bucket = self.rate_limit.bucket()
        try:
            async for raw in connection:
                if not bucket.allow():
                    self._drop("rate", peer, "too many messages")
                    continue
                try:
                    data = decode(raw)
                except ProtocolError as error:
                    self._drop(error.code, peer, error.detail)
                    continue
                if data["type"] == "answer":
                    self._answer(player_id, data)
                elif data["type"] == "leave":
                    break
                else:
                    self._drop("unexpected", peer, f"{data['type']} after hello")
        except ConnectionClosed:
            pass
        finally:
            if self._connections.get(player_id) is connection:
                del self._connections[player_id]
                self.game.disconnect(player_id)
                self._send_lobby()
                self._changed("leave")
                self._check_all_answered()

    def _drop(self, code: str, peer: str, detail: str) -> None:
        self.stats[f"dropped_{code}"] += 1
        log.warning("dropped message from %s: %s: %s", peer, code, detail[:200])

    async def _hello(self, connection: ServerConnection, peer: str) -> str | None:
        try:
            raw = await asyncio.wait_for(connection.recv(), HELLO_TIMEOUT_S)
        except (TimeoutError, ConnectionClosed):
            return None
        try:
            data = decode(raw)
            if data["type"] != "hello":
                raise ProtocolError("unexpected", "the first message must be hello")
        except ProtocolError as error:
            self._drop(error.code, peer, error.detail)
            await self._close(connection, message("refused", code=error.code, message=error.detail))
            return None
        try:
            joined = self.game.join(data["name"], data["pin"], data.get("token"))
        except GameError as error:
            self.stats[f"refused_{error.code}"] += 1
            log.info("refused %s (%r): %s", peer, data["name"][:40], error.code)
            await self._close(connection, message("refused", code=error.code, message=error.code))
            return None
        player = joined.player
        old = self._connections.get(player.id)
        self._connections[player.id] = connection
        if old is not None and old is not connection:
            asyncio.ensure_future(self._close(old, message("kicked", reason="replaced")))
        game = self.game
        await connection.send(
            encode(
                message(
                    "welcome",
                    player_id=player.id,
                    token=player.token,
                    name=player.name,
                    rejoined=joined.rejoined,
                    score=player.score,
                    phase=game.phase,
                    total=game.total,
                    time_limit=game.time_limit,
                    bank={"id": game.bank.id, "title": game.bank.title},
                )
            )
        )
        log.info("%s %s from %s", "rejoined" if joined.rejoined else "joined", player.name, peer)
        if game.phase == LOBBY:
            self._send_lobby()
        elif game.phase == QUESTION:
            self._send(player.id, self._question_message(player.id))
        elif game.phase == REVEAL:
            question = game.current
            assert question is not None
            self._send(
                player.id,
                message(
                    "reveal",
                    index=game.index,
                    total=game.total,
                    question=full_question(question, game.bank.section_title(question.section)),
                    result=game.player_result(player.id, game.index),
                    leaderboard=[s.to_dict() for s in game.leaderboard(LEADERBOARD_SIZE)],
                    summary=game.summary(game.index),
                ),
            )
        elif game.phase == ENDED:
            self._send(player.id, self._end_message(player.id))
        self._changed("join")
        return player.id

    def _answer(self, player_id: str, data: dict[str, Any]) -> None:
        index = data["index"]
        try:
            self.game.submit(player_id, index, data["answer"])
        except GameError as error:
            self._send(player_id, message("ack", index=index, accepted=False, reason=error.code))
            return
        self.stats["answers"] += 1
        self._send(player_id, message("ack", index=index, accepted=True))
        self._changed("answer")
        self._check_all_answered()


def _warm_up_grader() -> None:
    try:
        from trainer.core.grading import warm_up
    except ImportError:  # pragma: no cover - the grader is part of the core
        return
    warm_up()


def _peer(connection: ServerConnection) -> str:
    address = connection.remote_address
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{address[0]}:{address[1]}"
    return str(address)
