"""``trainer host --record-server``: a networked group session run by a leader records the
players' answers into their histories on the sync server.

Who is recorded, and as whom: a player's ``trainer join``, when its device is signed in to the
sync server, asks the server for a ticket naming the device's user
(``POST /api/v1/org/group-ticket``) and hands it over in its ``hello``. The host asks the
server what each ticket stands for (``POST /api/v1/org/group-tickets/check``, the leader's
device token): the server names the user only if the leader leads a group the user is in.
So the name a player types never decides whose history is written (a player cannot make a
ticket for anyone else), a non-member is never recorded, and the leader sees on the host
screen the server user each player will be recorded as. Players of the web page and
``trainer join`` without sync have no ticket and are not recorded on the server.

Nothing is stored twice: every answer has a uid chosen by the host and sent in the reveal;
the player's device records its copy under the same uid, and the server keeps one review per
(user, uid), whoever sends it first, however often (``ON CONFLICT`` in the server's storage).

When the server cannot be reached the game goes on: the answers are kept in
``<data dir>/group-outbox.json`` (with their tickets, which last 12 hours) and sent at the next
reveal, at the end, by this machine's next ``trainer sync`` or by the next ``trainer host
--record-server`` on it. Answers
whose tickets expired meanwhile are dropped: the players' own devices hold their copies.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer import paths
from trainer.server import protocol
from trainer.server.client import SyncConfig, SyncError, request

log = logging.getLogger("trainer.server.host_record")

TICKET_PATH = "/api/v1/org/group-ticket"
CHECK_PATH = "/api/v1/org/group-tickets/check"
REVIEWS_PATH = "/api/v1/org/group-reviews"
OUTBOX_FILE = "group-outbox.json"
MAX_OUTBOX = 100_000
"""Answers kept for a server that is away (a long session of 200 players is ~10,000)."""
BATCH = 1000
TIMEOUT_S = 5.0
"""A server that does not answer within this is treated as away (the game never waits)."""

PENDING = "pending"
RECORDED = "recorded"
REFUSED = "refused"


@dataclass
class Seat:
    """A player who handed over a ticket; ``user`` once the server named them."""

    ticket: str
    state: str = PENDING
    user: str = ""
    reason: str = ""  # refused: invalid | not_your_member


JOIN_TIMEOUT_S = 3.0
"""``trainer join`` waits at most this for a ticket before joining without one."""


def fetch_ticket(config: SyncConfig, timeout: float = JOIN_TIMEOUT_S) -> tuple[str, str] | None:
    """A ticket naming this device's user, and that user's name, for ``trainer join``.

    Never raises: without a ticket (server away: None) the player is just not recorded by the
    host, and the device's own sync still carries its answers.
    """
    try:
        answer = request(
            config.url, "POST", TICKET_PATH, body={}, token=config.token, cafile=config.cafile,
            timeout=timeout,
        )  # fmt: skip
    except SyncError as error:
        log.info("no group ticket: %s", error)
        return None
    if not isinstance(answer, dict):
        return None
    ticket, user = answer.get("ticket"), answer.get("user")
    if protocol_ticket(ticket) and isinstance(user, str) and user:
        return str(ticket), user
    return None


class ServerRecorder:
    """Keeps the answers of ticket holders and sends them (see the module doc).

    Args:
        config: the leader's device configuration (``trainer sync --setup``).
        outbox: where unsent answers are kept (default ``<data dir>/group-outbox.json``);
            answers found there from an earlier session are sent too.
        timeout: seconds before the server counts as away.
    """

    def __init__(
        self, config: SyncConfig, outbox: Path | None = None, timeout: float = TIMEOUT_S
    ) -> None:
        self.config = config
        self.outbox_path = outbox or paths.data_dir() / OUTBOX_FILE
        self.timeout = timeout
        self.seats: dict[str, Seat] = {}
        self.sent = 0  # answers the server confirmed in this run
        self.sent_users: set[str] = set()  # whose answers they were
        self.error: SyncError | None = None  # the last failure, None after a success
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        # each: {"ticket", "user" ("" until known), "review"}
        self._outbox: list[dict[str, Any]] = self._load()

    # ------------------------------------------------------------------ game side (loop thread)

    def seat(self, player_id: str, ticket: str) -> None:
        """A player handed over a ticket; a seat keeps its first ticket."""
        if not protocol_ticket(ticket):
            return
        with self._lock:
            if player_id in self.seats:
                return
            # one ticket, one seat: a ticket copied by a second player records nobody twice
            if any(s.ticket == ticket for s in self.seats.values()):
                self.seats[player_id] = Seat(ticket, REFUSED, reason="duplicate")
                return
            self.seats[player_id] = Seat(ticket)

    def add(self, player_id: str, review: dict[str, Any]) -> bool:
        """Keep a revealed answer of a seated player for sending; False if not recorded."""
        with self._lock:
            seat = self.seats.get(player_id)
            if seat is None or seat.state == REFUSED or len(self._outbox) >= MAX_OUTBOX:
                return False
            self._outbox.append({"ticket": seat.ticket, "user": seat.user, "review": review})
            return True

    def user_of(self, player_id: str) -> Seat | None:
        """The player's seat (state, server user), for the host screen."""
        with self._lock:
            return self.seats.get(player_id)

    @property
    def unsent(self) -> int:
        """Answers kept and not yet on the server."""
        with self._lock:
            return len(self._outbox)

    # ------------------------------------------------------------------ network side (a thread)

    def sync(self) -> None:
        """Check the unknown tickets, then send the kept answers; never raises (the failure
        is kept in :attr:`error` and the answers stay for the next call)."""
        with self._sync_lock:
            try:
                self._check_tickets()
                self._send()
                self.error = None
            except SyncError as error:
                self.error = error
                log.info("server recording: %s", error)
            finally:
                self._save()

    def _call(self, path: str, body: dict[str, Any]) -> Any:
        return request(
            self.config.url, "POST", path, body=body, token=self.config.token,
            cafile=self.config.cafile, timeout=self.timeout,
        )  # fmt: skip

    def _check_tickets(self) -> None:
        with self._lock:
            unknown = {s.ticket for s in self.seats.values() if s.state == PENDING}
            unknown |= {e["ticket"] for e in self._outbox if not e["user"]}
        tickets = sorted(unknown)
        for start in range(0, len(tickets), 500):
            answer = self._call(CHECK_PATH, {"tickets": tickets[start : start + 500]})
            found = answer.get("tickets") if isinstance(answer, dict) else None
            if not isinstance(found, list):
                raise SyncError("sync.error.bad_answer", reason="tickets")
            named = {
                str(f.get("ticket")): f for f in found if isinstance(f, dict)
            }  # fmt: skip
            with self._lock:
                for seat in self.seats.values():
                    entry = named.get(seat.ticket)
                    if seat.state == PENDING and entry is not None:
                        self._apply(seat, entry)
                keep = []
                for kept in self._outbox:
                    entry = named.get(kept["ticket"])
                    if not kept["user"] and entry is not None:
                        if not isinstance(entry.get("user"), str):
                            continue  # a ticket the server refuses: nobody to record
                        kept["user"] = entry["user"]
                    keep.append(kept)
                self._outbox = keep

    @staticmethod
    def _apply(seat: Seat, entry: dict[str, Any]) -> None:
        user = entry.get("user")
        if isinstance(user, str) and user:
            seat.state, seat.user = RECORDED, user
        else:
            seat.state, seat.reason = REFUSED, str(entry.get("error") or "invalid")[:40]

    def _send(self) -> None:
        while True:
            with self._lock:
                batch = [e for e in self._outbox if e["user"]][:BATCH]
            if not batch:
                return
            body = {"reviews": [{"user": e["user"], **e["review"]} for e in batch]}
            try:
                answer = self._call(REVIEWS_PATH, body)
            except SyncError as error:
                refused = error.values.get("status") == 403
                user = _refused_user(error)
                if not (refused and user):
                    raise
                # no longer the leader's member (removed meanwhile): drop theirs, send the rest
                with self._lock:
                    self._outbox = [e for e in self._outbox if e["user"] != user]
                    for seat in self.seats.values():
                        if seat.user == user:
                            seat.state, seat.reason = REFUSED, "not_your_member"
                continue
            if not isinstance(answer, dict) or not isinstance(answer.get("accepted"), int):
                raise SyncError("sync.error.bad_answer", reason="accepted")
            done = {id(e) for e in batch}
            with self._lock:
                self._outbox = [e for e in self._outbox if id(e) not in done]
                self.sent += len(batch)
                self.sent_users.update(e["user"] for e in batch)

    # ------------------------------------------------------------------ the outbox file

    def _load(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.outbox_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            log.warning("ignoring %s: %s", self.outbox_path, error)
            return []
        kept = []
        for entry in data if isinstance(data, list) else []:
            try:
                review = protocol.parse_review(entry["review"], "outbox")
                if protocol_ticket(entry["ticket"]) and isinstance(entry.get("user", ""), str):
                    kept.append({"ticket": entry["ticket"], "user": entry.get("user", ""),
                                 "review": review})  # fmt: skip
            except (KeyError, TypeError, protocol.ProtocolError):
                continue
        return kept[:MAX_OUTBOX]

    def _save(self) -> None:
        with self._lock:
            entries = list(self._outbox)
        try:
            if not entries:
                self.outbox_path.unlink(missing_ok=True)
                return
            self.outbox_path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.outbox_path.with_name(self.outbox_path.name + ".partial")
            # it holds tickets: readable by this user only, like sync.json
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(entries, out, ensure_ascii=False)
            os.replace(partial, self.outbox_path)
        except OSError as error:
            log.warning("cannot keep unsent answers in %s: %s", self.outbox_path, error)


def protocol_ticket(ticket: Any) -> bool:
    """Whether ``ticket`` looks like a ticket of :func:`trainer.server.org.new_group_ticket`."""
    from trainer.server.org import TICKET_RE

    return isinstance(ticket, str) and TICKET_RE.match(ticket) is not None


def _refused_user(error: SyncError) -> str:
    """The player the server refused (its 403 message names them), or ''."""
    message = error.values.get("message")
    if isinstance(message, str) and message.endswith(" is not in a group you lead"):
        return message[: -len(" is not in a group you lead")]
    return ""
