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
import functools
import json
import logging
import socket
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from websockets.asyncio.server import Server, ServerConnection, broadcast, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.protocol import State

from trainer.group.game import ENDED, LOBBY, QUESTION, REVEAL, Game, GameError
from trainer.group.history import server_review, stamp_answer
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
HELLO_TIMEOUT_S = 10.0
LEADERBOARD_SIZE = 10
# A client whose unsent data passes this is not reading: it is disconnected, so clients that
# never read cannot make the host buffer without end (the whole room's traffic is ~KB/s).
SEND_BUFFER_LIMIT = 256 * 1024
# wrong PINs: this many per address per window, then the address waits for the window to pass
PIN_FAILURES_ALLOWED = 5
PIN_WINDOW_S = 60.0
PIN_FAILURE_DELAY_S = 1.0
MAX_TRACKED_ADDRESSES = 10_000
# a connection that keeps sending after being rate-limited is closed
FLOOD_CLOSE_AFTER = 200
FLOOD_LOG_INTERVAL_S = 10.0
LOBBY_BROADCAST_INTERVAL_S = 0.5
LOBBY_NAMES_SENT = 200
# connections that have not said hello yet, per address: one machine cannot hold the door
PENDING_PER_ADDRESS = 20
# a second connection with the same token: the live one wins if it answers a ping this fast
TAKEOVER_PING_S = 2.0
WEB_DIR = Path(__file__).resolve().parent / "web"
WEB_FILES = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/index.html": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
        "frame-ancestors 'none'"
    ),
}


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


class PinGuard:
    """Per-address wrong-PIN limit: a few tries, then the address waits for the window.

    Six digits are a million PINs: at :data:`PIN_FAILURES_ALLOWED` tries a minute from one
    address a guess takes years. The table is bounded (oldest addresses forgotten first).
    """

    def __init__(
        self,
        allowed: int = PIN_FAILURES_ALLOWED,
        window_s: float = PIN_WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.allowed = allowed
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self.total_failures = 0
        self.blocked = 0
        self.last_address = ""

    def _recent(self, address: str) -> list[float]:
        now = self.clock()
        times = [t for t in self._failures.get(address, ()) if now - t < self.window_s]
        if times:
            self._failures[address] = times
        else:
            self._failures.pop(address, None)
        return times

    def allowed_now(self, address: str) -> bool:
        """Whether a PIN from ``address`` may be checked now."""
        if len(self._recent(address)) >= self.allowed:
            self.blocked += 1
            return False
        return True

    def failed(self, address: str) -> None:
        """Count a wrong PIN from ``address``."""
        self.total_failures += 1
        self.last_address = address
        times = self._recent(address)
        times.append(self.clock())
        self._failures[address] = times
        if len(self._failures) > MAX_TRACKED_ADDRESSES:
            oldest = min(self._failures, key=lambda a: self._failures[a][-1])
            del self._failures[oldest]


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


class AnswerRecorder(Protocol):
    """Records the players' answers into their histories on the sync server
    (``trainer host --record-server``; :class:`trainer.server.host_record.ServerRecorder`).

    Only players who handed over a ticket from their own signed-in device are recorded, under
    the user the ticket names (never under the name they typed).
    """

    def seat(self, player_id: str, ticket: str) -> None:
        """A player handed over a ticket (the first one of a seat counts)."""

    def add(self, player_id: str, review: dict[str, Any]) -> bool:
        """Keep a revealed answer for sending, if the player is seated with a ticket."""

    def sync(self) -> None:
        """Check the tickets and send what is kept (blocking; never raises)."""


class _Client:
    """One open WebSocket and what the server tracks about it."""

    def __init__(self, connection: ServerConnection, peer: str, bucket: _Bucket) -> None:
        self.connection = connection
        self.peer = peer
        self.bucket = bucket
        self.dropped = 0  # messages refused since the last log line
        self.dropped_total = 0
        self.logged_at = -FLOOD_LOG_INTERVAL_S


class GroupServer:
    """Serve a game to WebSocket clients, and the players' web page on the same port.

    Args:
        game: the game to run.
        host: the bind address (loopback by default; ``0.0.0.0`` for the whole network).
        port: the port (0 picks a free one; see :attr:`port` after :meth:`start`).
        rate_limit: messages allowed per connection.
        auto_next: seconds after a reveal before the next question is asked automatically
            (None: the host presses next).
        on_change: called with an event name after every change (``join``, ``leave``,
            ``answer``, ``question``, ``reveal``, ``pause``, ``kick``, ``end``, ``pin``).
        pin_guard: the wrong-PIN limiter (tests pass one with a short window).
        recorder: records the answers into the players' server histories (None: not).
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
        pin_guard: PinGuard | None = None,
        recorder: AnswerRecorder | None = None,
    ) -> None:
        self.game = game
        self.recorder = recorder
        # (player id, question index) -> the uid, instant and duration of that answer, sent in
        # the reveal: the player's device and the host record it as the same review
        self._stamps: dict[tuple[str, int], dict[str, Any]] = {}
        self._recording: asyncio.Task[None] | None = None
        self._record_again = False
        self.host = host
        self.port = port
        self.rate_limit = rate_limit or RateLimit()
        self.auto_next = auto_next
        self.on_change = on_change
        self.pin_guard = pin_guard or PinGuard()
        self.stats: Counter[str] = Counter()
        self._server: Server | None = None
        self._connections: dict[str, ServerConnection] = {}
        self._open = 0
        self._pending: Counter[str] = Counter()
        self.max_connections = 2 * game.max_players + 50
        self._wake = asyncio.Event()
        self._timer: asyncio.Task[None] | None = None
        self._lobby_pending: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
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
            process_request=self._http,
            max_size=4 * MAX_MESSAGE_BYTES,  # bigger frames close the connection
            max_queue=16,
            write_limit=SEND_BUFFER_LIMIT // 4,
            compression=None,
            ping_interval=20,
            ping_timeout=20,
            open_timeout=10,
            close_timeout=5,
        )
        sockets = list(self._server.sockets)
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        log.info("group server on %s:%s", self.host, self.port)

    async def stop(self) -> None:
        """Close every connection and stop listening."""
        if self._timer is not None:
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
            self._timer = None
        if self._lobby_pending is not None:
            self._lobby_pending.cancel()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None
        for task in list(self._tasks):
            task.cancel()

    def check_time(self) -> None:
        """Look at the clock now (a test that moves an injected clock calls this)."""
        self._wake.set()

    def addresses(self) -> list[str]:
        """The ``host:port`` strings to share with players."""
        return [f"{address}:{self.port}" for address in local_addresses(self.host)]

    def join_url(self, address: str | None = None) -> str:
        """The web page players open (the PIN rides in the fragment, never sent to a server)."""
        where = address or self.addresses()[0]
        host, _, port = where.rpartition(":")
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return (
            f"http://{host}:{port}/#pin={self.game.pin}"
            if self.game.pin
            else f"http://{host}:{port}/"
        )

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ----------------------------------------------------------------- the web page

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        """Plain HTTP requests get the players' page; WebSocket upgrades go on to the game."""
        if self._open >= self.max_connections:
            self.stats["refused_busy"] += 1
            return _response(503, b"busy", "text/plain; charset=utf-8")
        upgrade = request.headers.get("Upgrade", "")
        if upgrade.lower() == "websocket":
            return None
        path = request.path.split("?", 1)[0]
        if path == "/messages.json":
            return _response(200, _web_messages(), "application/json; charset=utf-8")
        entry = WEB_FILES.get(path)
        if entry is None:
            return _response(404, b"not found", "text/plain; charset=utf-8")
        try:
            body = (WEB_DIR / entry[0]).read_bytes()
        except OSError:
            return _response(404, b"not found", "text/plain; charset=utf-8")
        return _response(200, body, entry[1])

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

    def toggle_lock(self) -> bool:
        """Lock or unlock the room: while locked nobody new can join (rejoins still work).

        Returns:
            True when now locked.
        """
        self.game.locked = not self.game.locked
        log.info("room %s", "locked" if self.game.locked else "unlocked")
        self._changed("lock")
        return self.game.locked

    def kick(self, player_id: str) -> str:
        """Remove a player for the session (name and token banned) and close its connection.

        Returns:
            The player's name.

        Raises:
            GameError: ``unknown_player``.
        """
        player = self.game.kick(player_id)
        connection = self._connections.pop(player_id, None)
        if connection is not None:
            self._spawn(self._close(connection, message("kicked")))
        log.info("kicked %r", player.name)
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

    def _deliver(self, connection: ServerConnection, payload: bytes) -> None:
        """Queue one frame for one client; never raises, never waits.

        A client that does not read its socket is cut off once its unsent data passes
        :data:`SEND_BUFFER_LIMIT`, so it can neither fill the host's memory nor slow anyone.
        """
        try:
            if connection.protocol.state is not State.OPEN:
                return
            transport = connection.transport
            if transport.get_write_buffer_size() > SEND_BUFFER_LIMIT:
                self.stats["cut_slow"] += 1
                log.warning("cut off %s: not reading (send buffer full)", _peer(connection))
                transport.abort()
                return
            broadcast([connection], payload, text=True)
        except Exception:  # noqa: BLE001 - one client's failure never stops the others
            self.stats["send_failed"] += 1
            log.exception("send to %s failed", _peer(connection))

    def _broadcast(self, data: dict[str, Any]) -> None:
        try:
            payload = encode(data).encode("utf-8")
        except Exception:  # noqa: BLE001 - a message that cannot go out stops nothing else
            log.exception("cannot encode %s", data.get("type"))
            return
        for connection in list(self._connections.values()):
            self._deliver(connection, payload)

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
        except Exception:  # noqa: BLE001 - never let one message stop the others
            log.exception("cannot encode %s for %s", data.get("type"), player_id)
            return
        self._deliver(connection, text.encode("utf-8"))

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
            question=public_question(question, seed=game.seed, handle=game.handles[game.index]),
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

    def _reveal_message(self, player_id: str, summary: dict[str, Any]) -> dict[str, Any]:
        game = self.game
        question = game.current
        assert question is not None
        return message(
            "reveal",
            index=game.index,
            total=game.total,
            question=full_question(question, game.bank.section_title(question.section)),
            result={
                **game.player_result(player_id, game.index),
                **self._stamps.get((player_id, game.index), {}),
            },
            leaderboard=[s.to_dict() for s in game.leaderboard(LEADERBOARD_SIZE)],
            summary=summary,
        )

    def _reveal(self) -> None:
        game = self.game
        summary = game.reveal()
        self._stamp_answers(game.index)
        for player_id in list(self._connections):
            if player_id in game.players:
                try:
                    self._send(player_id, self._reveal_message(player_id, summary))
                except Exception:  # noqa: BLE001 - the others still get their result
                    log.exception("reveal for %s failed", player_id)
        self._wake.set()
        self._changed("reveal")

    def _stamp_answers(self, index: int) -> None:
        """Give each answer to question ``index`` its uid; keep them for the server recorder."""
        now = time.time()
        for player in self.game.players.values():
            record = player.answers.get(index)
            if record is None:
                continue
            stamp = stamp_answer(record, now)
            self._stamps[(player.id, index)] = stamp
            if self.recorder is not None:
                try:
                    self.recorder.add(player.id, server_review(self.game, index, record, stamp))
                except Exception:  # noqa: BLE001 - recording never stops the game
                    log.exception("cannot keep %s's answer for the server", player.id)
        if self.recorder is not None:
            self._record_soon()

    def _record_soon(self) -> None:
        """Check tickets and send kept answers in a thread; one run at a time."""
        if self.recorder is None:
            return
        if self._recording is not None and not self._recording.done():
            self._record_again = True
            return
        self._recording = asyncio.ensure_future(self._record_loop(self.recorder))

    async def _record_loop(self, recorder: AnswerRecorder) -> None:
        while True:
            self._record_again = False
            try:
                await asyncio.to_thread(recorder.sync)
            except Exception:  # noqa: BLE001 - the server being away never stops the game
                log.exception("recording on the server failed")
            self._changed("record")
            if not self._record_again:
                return

    async def wait_recorded(self, timeout: float = 10.0) -> None:
        """Wait for a running send to the server (at the end of the session)."""
        if self._recording is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(self._recording), timeout)

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
        """Tell everyone who is in the lobby, at most every half second (joins come in bursts)."""
        if self.game.phase != LOBBY or self._lobby_pending is not None:
            return
        loop = asyncio.get_running_loop()
        self._lobby_pending = loop.call_later(LOBBY_BROADCAST_INTERVAL_S, self._lobby_now)
        self._lobby_now(reschedule=False)

    def _lobby_now(self, reschedule: bool = True) -> None:
        if reschedule:
            self._lobby_pending = None
        if self.game.phase == LOBBY:
            names = [p.name for p in self.game.connected_players]
            self._broadcast(message("lobby", players=names[:LOBBY_NAMES_SENT], count=len(names)))

    def _check_all_answered(self) -> None:
        if self.game.phase == QUESTION and self.game.all_answered:
            self._reveal()

    # ----------------------------------------------------------------- connections

    async def _close(self, connection: ServerConnection, farewell: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):
            self._deliver(connection, encode(farewell).encode("utf-8"))
            await asyncio.wait_for(connection.close(), 5)
        with contextlib.suppress(Exception):
            connection.transport.abort()

    async def _handle(self, connection: ServerConnection) -> None:
        self._open += 1
        try:
            await self._serve_client(connection)
        finally:
            self._open -= 1

    def _pending_done(self, address: str) -> None:
        self._pending[address] -= 1
        if self._pending[address] <= 0:
            del self._pending[address]

    async def _serve_client(self, connection: ServerConnection) -> None:
        peer = _peer(connection)
        address = peer.rsplit(":", 1)[0]
        if self._pending[address] >= PENDING_PER_ADDRESS:
            self.stats["refused_pending"] += 1
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(1013, "try again later"), 2)
            return
        self._pending[address] += 1
        try:
            player_id = await self._hello(connection, peer)
        finally:
            self._pending_done(address)
        if player_id is None:
            return
        client = _Client(connection, peer, self.rate_limit.bucket())
        try:
            async for raw in connection:
                if not client.bucket.allow():
                    if self._flooding(client):
                        break
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
            if client.dropped_total > FLOOD_CLOSE_AFTER:
                with contextlib.suppress(Exception):
                    connection.transport.abort()

    def _flooding(self, client: _Client) -> bool:
        """Count a rate-limited message; log once per interval; True to cut the client off."""
        self.stats["dropped_rate"] += 1
        client.dropped += 1
        client.dropped_total += 1
        now = time.monotonic()
        if now - client.logged_at >= FLOOD_LOG_INTERVAL_S:
            log.warning("rate-limited %s: %d messages dropped", client.peer, client.dropped)
            client.logged_at = now
            client.dropped = 0
        if client.dropped_total > FLOOD_CLOSE_AFTER:
            self.stats["cut_flood"] += 1
            log.warning("cut off %s: flooding", client.peer)
            return True
        return False

    def _drop(self, code: str, peer: str, detail: str) -> None:
        self.stats[f"dropped_{code}"] += 1
        log.warning("dropped message from %s: %s: %s", peer, code, detail[:200])

    async def _refuse(self, connection: ServerConnection, code: str) -> None:
        await self._close(connection, message("refused", code=code, message=code))

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
            await self._refuse(connection, error.code)
            return None
        address = peer.rsplit(":", 1)[0]
        game = self.game
        if game.pin and not self.pin_guard.allowed_now(address):
            self.stats["refused_slow_down"] += 1
            await self._refuse(connection, "slow_down")
            return None
        if game.pin and data["pin"].strip() != game.pin:
            self.pin_guard.failed(address)
            self.stats["refused_bad_pin"] += 1
            log.info("wrong PIN from %s", address)
            self._changed("pin")
            await asyncio.sleep(PIN_FAILURE_DELAY_S)  # each wrong guess costs its sender time
            await self._refuse(connection, "bad_pin")
            return None
        holder = game.player_by_token(data.get("token"))
        if holder is not None:
            live = self._connections.get(holder.id)
            if live is not None and live is not connection and await _answers_ping(live):
                # the seat's owner is still here: a copied token takes nothing
                self.stats["refused_in_use"] += 1
                await self._refuse(connection, "in_use")
                return None
        try:
            joined = game.join(data["name"], data["pin"], data.get("token"))
        except GameError as error:
            self.stats[f"refused_{error.code}"] += 1
            log.info("refused %s: %s", peer, error.code)
            await self._refuse(connection, error.code)
            return None
        player = joined.player
        player.web = data.get("client") == "web"
        ticket = data.get("server_ticket")
        if self.recorder is not None and isinstance(ticket, str) and ticket:
            self.recorder.seat(player.id, ticket)
            self._record_soon()
        old = self._connections.get(player.id)
        self._connections[player.id] = connection
        if old is not None and old is not connection:
            self._spawn(self._close(old, message("kicked", reason="replaced")))
        self._deliver(
            connection,
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
                    # the host also records the answers of players with a server ticket
                    record_server=self.recorder is not None,
                )
            ).encode("utf-8"),
        )
        log.info("%s %r from %s", "rejoined" if joined.rejoined else "joined", player.name, peer)
        if game.phase == LOBBY:
            self._send_lobby()
        elif game.phase == QUESTION:
            self._send(player.id, self._question_message(player.id))
        elif game.phase == REVEAL:
            self._send(player.id, self._reveal_message(player.id, game.summary(game.index)))
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


async def _answers_ping(connection: ServerConnection) -> bool:
    """Whether the other end of ``connection`` is still there (a pong within a moment)."""
    try:
        waiter = await connection.ping()
        await asyncio.wait_for(waiter, TAKEOVER_PING_S)
    except Exception:  # noqa: BLE001 - closed, timed out: not alive
        return False
    return True


_WEB_MESSAGE_PREFIXES = ("group.web.", "group.error.", "group.verdict.", "group.tf.")


@functools.lru_cache(maxsize=1)
def _web_messages() -> bytes:
    """The page's wording in both languages, from the same catalogue as the terminal's."""
    from trainer.i18n.group import MESSAGES

    chosen = {k: list(v) for k, v in MESSAGES.items() if k.startswith(_WEB_MESSAGE_PREFIXES)}
    return json.dumps(chosen, ensure_ascii=False).encode("utf-8")


def _response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers(
        {
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Connection": "close",
            **_SECURITY_HEADERS,
        }
    )
    reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}.get(status, "")
    return Response(status, reason, headers, body)


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
