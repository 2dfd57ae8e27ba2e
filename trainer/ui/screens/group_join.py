"""The player's screen of a networked group session (``trainer join``; also in browsers).

Asks for whatever the command line did not give (host address, PIN, name), joins, then shows
each question with the same per-type input as the study app and a countdown, and after the
reveal its own verdict, diff, points and rank. A dropped connection is rejoined with the
session token; the token is also kept in the data folder, so restarting ``trainer join`` gets
the same seat and score back. Each answer goes into the local profile (mode=group) as soon as
its reveal arrives, so leaving early or a crash loses nothing already revealed.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Digits, Input, Static

from trainer.core.qtypes import type_of
from trainer.group.client import GroupClient, JoinRefused, server_url
from trainer.group.protocol import (
    ProtocolError,
    answer_text,
    bank_from_revealed,
    question_from_public,
)
from trainer.i18n import describe, t
from trainer.ui.widgets.group_board import VERDICT_STYLES, answer_display, leaderboard_text
from trainer.ui.widgets.keybar import KeyBar

RECONNECT_TRIES = 5


class JoinScreen(Screen[None]):
    """Join a game and play it.

    Args:
        address: ``HOST[:PORT]`` (asked when None).
        name: the player's name (asked when None).
        pin: the session PIN (asked when None).
        profile: the local profile to record into (default: the player's name).
        store: an open store (opened at the end when None).
        record: record the answers into the local profile after the session.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit_app", "group.key.quit", priority=True),
        Binding("q", "quit_when_done", "group.key.quit", show=False),
    ]

    def __init__(
        self,
        address: str | None = None,
        name: str | None = None,
        pin: str | None = None,
        *,
        profile: str | None = None,
        store: Any = None,
        record: bool = True,
        ticket_source: Callable[[], tuple[str, str] | None] | None = None,
    ) -> None:
        super().__init__()
        # this device's sync server hands a ticket naming its user to a host that records
        # into the members' server histories (trainer.server.host_record); fetched once
        self.ticket_source = ticket_source
        self.server_ticket: tuple[str, str] | None = None
        self.host_records = False
        self.address = address or ""
        self.player_name = name or ""
        self.pin = pin or ""
        self.profile = profile
        self.store = store
        self.record = record
        self.client: GroupClient | None = None
        self.bank_info: dict[str, Any] = {}
        self.question_index = -1
        self.deadline: float | None = None
        self.paused_remaining: float | None = None
        self.recorded: int | None = None
        self._recorded_indexes: set[int] = set()
        self.record_error = ""
        self.finished = False
        self.current_question: Any = None

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(id="join-form", classes="group-form"):
            yield Static(t("group.join.address"))
            yield Input(self.address, id="join-address")
            yield Static(t("group.join.pin"))
            yield Input(self.pin, id="join-pin", restrict=r"[0-9]*", max_length=6)
            yield Static(t("group.join.name"))
            yield Input(self.player_name, id="join-name", max_length=24)
            yield Button(t("group.join.go"), id="join-go", variant="primary")
        with Vertical(id="group-top"):
            yield Static("", id="group-header", markup=False)
            yield Digits("", id="group-countdown")
        with VerticalScroll(id="group-body"):
            yield Static("", id="group-question", classes="group-question", markup=False)
            yield Vertical(id="join-answer")
            yield VerticalScroll(id="join-result")
        yield Static("", id="group-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#group-countdown", Digits).display = False
        if self.address and self.player_name and self.pin:
            self._hide_form()
            self._connect()
        else:
            self._focus_form()
        self.set_interval(0.25, self._tick)

    def _hide_form(self) -> None:
        form = self.query_one("#join-form")
        form.display = False
        form.disabled = True
        self.set_focus(None)

    def _focus_form(self) -> None:
        form = self.query_one("#join-form")
        form.display = True
        form.disabled = False
        for box in form.query(Input):
            if not box.value.strip():
                box.focus()
                return
        self.query_one("#join-go", Button).focus()

    def _status(self, text: str | Text) -> None:
        # The connection's worker may report after the screen was closed: nothing to show then.
        for status in self.query("#group-status").results(Static):
            status.update(text)

    # ----------------------------------------------------------------- form

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id not in ("join-address", "join-pin", "join-name"):
            return
        event.stop()
        self._submit_form()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "join-go":
            event.stop()
            self._submit_form()

    def _submit_form(self) -> None:
        values = {box.id: box.value.strip() for box in self.query_one("#join-form").query(Input)}
        for key in ("join-address", "join-pin", "join-name"):
            if not values.get(key):
                self.query_one(f"#{key}", Input).focus()
                return
        try:
            server_url(values["join-address"])
        except ValueError:
            self._status(t("group.error.bad_address", address=values["join-address"]))
            self.query_one("#join-address", Input).focus()
            return
        if len(values["join-pin"]) != 6:
            self._status(t("group.error.pin"))
            self.query_one("#join-pin", Input).focus()
            return
        self.address = values["join-address"]
        self.pin = values["join-pin"]
        self.player_name = values["join-name"]
        self._hide_form()
        self._connect()

    # ----------------------------------------------------------------- session

    def _connect(self) -> None:
        self._status(t("group.join.connecting", address=self.address))
        self.run_worker(self._session(), exclusive=True, group="join")

    async def _session(self) -> None:
        if self.ticket_source is not None and self.server_ticket is None:
            source, self.ticket_source = self.ticket_source, None
            self.server_ticket = await asyncio.to_thread(source)
        try:
            client = GroupClient(
                self.address,
                name=self.player_name,
                pin=self.pin,
                token=_saved_token(self.address, self.pin, self.player_name),
                server_ticket=self.server_ticket[0] if self.server_ticket else None,
            )
        except ValueError:
            self._status(t("group.error.bad_address", address=self.address))
            self._focus_form()
            return
        try:
            welcome = await client.connect()
        except JoinRefused as refused:
            self._refused(refused.code)
            return
        self.client = client
        self._welcome(welcome)
        while not self.finished:
            try:
                data = await client.receive(timeout=None)
            except ConnectionError:
                if self.finished or not await self._reconnect(client):
                    break
                continue
            await self._dispatch(data)
        if self.finished:
            await client.close()

    def _refused(self, code: str) -> None:
        self._status(Text(t(f"group.error.{code}", address=self.address), style="bold red"))
        if code == "name_taken":
            self.query_one("#join-name", Input).value = ""
        if code == "bad_pin":
            self.query_one("#join-pin", Input).value = ""
        self._focus_form()

    async def _reconnect(self, client: GroupClient) -> bool:
        self._status(t("group.join.lost"))
        for attempt in range(RECONNECT_TRIES):
            await asyncio.sleep(0.5 * (attempt + 1))
            try:
                self._welcome(await client.rejoin())
                return True
            except JoinRefused as refused:
                if refused.code not in ("unreachable", "timeout", "closed"):
                    self._status(Text(t(f"group.error.{refused.code}"), style="bold red"))
                    return False
        self._status(Text(t("group.error.closed"), style="bold red"))
        return False

    def _records_line(self) -> str:
        """While waiting: that the host records into the player's server history, as whom."""
        if not self.host_records or self.server_ticket is None:
            return ""
        return "  " + t("org.join.host_records", user=self.server_ticket[1])

    def _welcome(self, welcome: dict[str, Any]) -> None:
        self.bank_info = welcome.get("bank") or {}
        self.player_name = welcome["name"]
        if self.client is not None and self.client.token:
            _save_token(self.address, self.pin, self.player_name, self.client.token)
        key = "group.join.rejoined" if welcome.get("rejoined") else "group.join.welcome"
        self.host_records = welcome.get("record_server") is True and self.server_ticket is not None
        self._status(
            t(key, name=self.player_name, score=welcome.get("score", 0)) + self._records_line()
        )
        self.query_one("#group-header", Static).update(
            f"{self.bank_info.get('title', '')}  ·  {self.player_name}"
        )

    async def _dispatch(self, data: dict[str, Any]) -> None:
        kind = data["type"]
        if kind == "lobby":
            self._status(
                t("group.join.welcome", name=self.player_name)
                + "  "
                + t("group.join.lobby", n=data.get("count", len(data["players"])))
                + self._records_line()
            )
        elif kind == "question":
            await self._show_question(data)
        elif kind == "ack":
            if data.get("accepted"):
                self._status(t("group.join.sent"))
            else:
                reason = t(f"group.error.{data.get('reason', 'closed')}")
                self._status(Text(t("group.join.refused", reason=reason), style="red"))
        elif kind == "paused":
            remaining = float(data.get("remaining", 0) or 0)
            if data.get("paused"):
                self.paused_remaining = remaining
                self._status(t("group.ui.paused"))
            else:
                self.paused_remaining = None
                self.deadline = time.monotonic() + remaining
                self._status("")
        elif kind == "reveal":
            await self._show_reveal(data)
        elif kind == "end":
            await self._show_end(data)
        elif kind == "kicked":
            self.finished = True
            self._status(Text(t("group.join.kicked"), style="bold red"))

    async def _clear_answer(self) -> None:
        # awaited: the next input has the same id, and a rejoin re-sends the open question
        await self.query_one("#join-answer").remove_children()
        await self.query_one("#join-result").remove_children()

    async def _show_question(self, data: dict[str, Any]) -> None:
        try:
            question = question_from_public(data["question"])
        except ProtocolError:
            return
        self.current_question = question
        self.question_index = data["index"]
        self.paused_remaining = float(data.get("remaining", 0)) if data.get("paused") else None
        self.deadline = time.monotonic() + float(data.get("remaining", data["time_limit"]))
        head = t("group.ui.question_of", n=data["index"] + 1, total=data["total"])
        self.query_one("#group-header", Static).update(f"{head}  ·  {self.player_name}")
        # an input that shows the question itself (cloze: the sentence) needs no prompt above
        prompt = type_of(question).own_prompt(question) or ""
        self.query_one("#group-question", Static).update(Text(prompt, style="bold"))
        self.query_one("#group-question", Static).display = bool(prompt)
        await self._clear_answer()
        if data.get("answered"):
            self._status(t("group.join.sent"))
            return
        from trainer.ui.widgets.answer_input import make_answer_input

        await self.query_one("#join-answer").mount(make_answer_input(question, id="join-input"))
        self._status(t("group.join.input_hint"))

    def on_answer_submitted(self, event: Any) -> None:
        event.stop()
        if self.client is None or self.question_index < 0:
            return
        self.run_worker(self._send(self.question_index, event.answer), group="answer")

    async def _send(self, index: int, answer: str | list[str]) -> None:
        assert self.client is not None
        try:
            ack = await self.client.answer(index, answer)
        except (ConnectionError, TimeoutError):
            return
        if ack.get("accepted") and index not in self.client.reveals:
            self.query_one("#join-answer").remove_children()
            self.query_one("#join-result").mount(
                Static(t("group.join.your_answer", answer=answer_text(answer)), markup=False)
            )

    def _tick(self) -> None:
        digits = self.query_one("#group-countdown", Digits)
        if self.deadline is None:
            digits.display = False
            return
        remaining = (
            self.paused_remaining
            if self.paused_remaining is not None
            else self.deadline - time.monotonic()
        )
        digits.display = True
        digits.update(str(max(0, math.ceil(remaining))))

    async def _show_reveal(self, data: dict[str, Any]) -> None:
        self.deadline = None
        self._tick()
        await self._clear_answer()
        result = data.get("result") or {}
        verdict = str(result.get("verdict", "none"))
        lines = Text()
        lines.append(t(f"group.verdict.{verdict}") + "   ", style=VERDICT_STYLES.get(verdict, ""))
        lines.append(t("group.ui.points", points=result.get("points", 0)), style="bold")
        if result.get("streak_bonus"):
            lines.append("   " + t("group.ui.streak_bonus", bonus=result["streak_bonus"]))
        lines.append("\n")
        lines.append(
            t(
                "group.ui.rank",
                rank=result.get("rank", 0),
                players=result.get("players", 0),
                score=result.get("total_score", 0),
            )
        )
        panel = self.query_one("#join-result")
        panel.mount(Static(lines, id="join-verdict", markup=False))
        question = None
        try:
            bank = bank_from_revealed(
                str(self.bank_info.get("id", "group")),
                str(self.bank_info.get("title", "")),
                [data["question"]],
            )
            question = bank.questions[0]
        except Exception:  # noqa: BLE001 - a bad reveal must not end the game for the player
            question = None
        grade_data = result.get("grade")
        if question is not None and grade_data and result.get("answer") is not None:
            from trainer.core.grading import Grade
            from trainer.ui.widgets.feedback import FeedbackView

            with contextlib.suppress(KeyError, TypeError, ValueError):
                panel.mount(FeedbackView(question, Grade.from_dict(grade_data)))
        elif question is not None:
            panel.mount(
                Static(t("group.ui.answer") + "：" + answer_display(question), markup=False)
            )
        panel.mount(
            Static(leaderboard_text(data.get("leaderboard", []), self.player_name), markup=False)
        )
        self._record([data])
        self._status(self.record_error or t("group.join.waiting_next"))

    async def _show_end(self, data: dict[str, Any]) -> None:
        self.finished = True
        self.deadline = None
        self._tick()
        await self._clear_answer()
        self.query_one("#group-question", Static).display = False
        self.query_one("#group-header", Static).update(t("group.ui.podium"))
        panel = self.query_one("#join-result")
        final = t(
            "group.join.final",
            rank=data.get("rank", 0),
            players=data.get("players", 0),
            score=data.get("score", 0),
        )
        panel.mount(Static(Text(final, style="bold"), markup=False))
        panel.mount(
            Static(leaderboard_text(data.get("leaderboard", []), self.player_name), markup=False)
        )
        if self.recorded is None:
            self.recorded = 0
        self._status(
            self.record_error
            or t(
                "group.ui.recorded_one",
                n=self.recorded,
                profile=self.profile or self.player_name,
            )
        )

    def _record(self, reveals: list[dict[str, Any]]) -> None:
        """Put newly revealed answers into the local profile at once (a crash keeps them).

        A question the player was not asked (it joined later) is not recorded.
        """
        reveals = [
            r
            for r in reveals
            if isinstance(r.get("index"), int)
            and r["index"] not in self._recorded_indexes
            and (r.get("result") or {}).get("asked", True) is not False
        ]
        if not self.record or self.client is None or not reveals:
            return
        profile = self.profile or self.player_name
        opened = None
        try:
            from trainer.group.history import record_reveals

            bank = bank_from_revealed(
                str(self.bank_info.get("id", "group")),
                str(self.bank_info.get("title", "")),
                [r["question"] for r in reveals],
            )
            store = self.store
            if store is None:
                from trainer.core.store import Store

                store = opened = Store.open()
            written = record_reveals(store, profile, bank, reveals)
            self.recorded = (self.recorded or 0) + written
            self._recorded_indexes.update(r["index"] for r in reveals)
            self.record_error = ""
        except Exception as error:  # noqa: BLE001 - say so, never crash the game
            self.record_error = t("group.ui.record_failed", reason=describe(error))
        finally:
            if opened is not None:
                opened.close()

    def action_quit_when_done(self) -> None:
        """q leaves once the session is over (in a browser Ctrl+Q may close the browser)."""
        if self.finished:
            self.action_quit_app()

    def action_quit_app(self) -> None:
        """Leave the game (the seat and score stay: joining again gets them back)."""
        self.finished = True
        self.app.exit(0)

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.drop()


# ----------------------------------------------------------------- the seat token on disk

_SEATS_FILE = "group-seats.json"
_SEATS_KEPT = 20


def _seat_key(address: str, pin: str, name: str) -> str:
    from trainer.group.names import name_key

    return f"{address.strip()}|{pin.strip()}|{name_key(name)}"


def _saved_token(address: str, pin: str, name: str) -> str | None:
    """The token of an earlier ``trainer join`` of this session under this name, if any."""
    import json

    from trainer import paths

    try:
        data = json.loads((paths.data_dir() / _SEATS_FILE).read_text(encoding="utf-8"))
        token = data.get(_seat_key(address, pin, name))
    except (OSError, ValueError, AttributeError):
        return None
    return token if isinstance(token, str) and len(token) <= 64 else None


def _save_token(address: str, pin: str, name: str, token: str) -> None:
    """Keep the seat token (the latest few sessions only), so a restart rejoins."""
    import json
    import os

    from trainer import paths

    with contextlib.suppress(OSError, ValueError):
        folder = paths.ensure_data_dir()
        path = folder / _SEATS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}
        key = _seat_key(address, pin, name)
        data.pop(key, None)
        data[key] = token
        kept = dict(list(data.items())[-_SEATS_KEPT:])
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
