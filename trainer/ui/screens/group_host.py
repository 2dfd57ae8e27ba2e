"""The host screen of a networked group session (``trainer host``), for the projector.

Shows where to join (addresses and the 6-digit PIN), the lobby, then per question the
question, the countdown and how many answered; after the time or when everyone answered the
distribution of answers, the fastest correct player and the leaderboard with rank changes;
finally the podium and where the session report was written.

Keys: s start, n next, r reveal now, p pause, k kick a player, l lock the room, e end, q quit.

The report is rewritten after every reveal (and at the end), so a crash or a quit keeps
everything up to the last reveal. Every name a player chose is shown as literal text.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Input, Static

from trainer.group.game import ENDED, LOBBY, QUESTION, REVEAL, Game, GameError
from trainer.group.server import GroupServer
from trainer.i18n import describe, t
from trainer.ui.widgets.group_board import (
    answer_display,
    leaderboard_text,
    options_histogram,
    podium_text,
    question_text,
    verdict_histogram,
)
from trainer.ui.widgets.keybar import KeyBar


def _loopback(bind: str) -> bool:
    return bind.startswith("127.") or bind in ("localhost", "::1")


class HostScreen(Screen[None]):
    """Run a :class:`GroupServer` inside the app and show the game.

    Args:
        game: the game to host.
        bind: the address to listen on.
        port: the port (0: any free port).
        write_report: write the session report at the end.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "group.key.start"),
        Binding("n", "next", "group.key.next"),
        Binding("r", "reveal", "group.key.reveal"),
        Binding("p", "pause", "group.key.pause"),
        Binding("k", "kick", "group.key.kick"),
        Binding("l", "lock", "group.key.lock"),
        Binding("e", "end", "group.key.end"),
        Binding("q", "quit_app", "group.key.quit"),
    ]

    def __init__(
        self,
        game: Game,
        *,
        bind: str = "127.0.0.1",
        port: int = 8765,
        write_report: bool = True,
        store: Any = None,
        recorder: Any = None,
    ) -> None:
        super().__init__()
        self.game = game
        # --record-server: the answers of players with a server ticket also go to their
        # histories on the sync server (trainer.server.host_record.ServerRecorder)
        self.recorder = recorder
        self.server = GroupServer(
            game, host=bind, port=port, on_change=self._changed, recorder=recorder
        )
        self.write_report = write_report
        self.report_files: object = None
        self.report_error = ""
        self.status = ""
        self._closing = False
        # players of the web page have no store of their own: their answers go into this
        # machine's profiles named after them, as each question is revealed
        self._store = store
        self._own_store = store is None
        self.recorded = 0
        self.record_error = ""
        import datetime as dt

        self.started = dt.datetime.now(dt.UTC)

    def compose(self) -> ComposeResult:
        with Vertical(id="group-top"):
            yield Static("", id="group-header", markup=False)
            yield Digits("", id="group-countdown")
        with VerticalScroll(id="group-body"):
            yield Static("", id="group-question", classes="group-question", markup=False)
            yield Static("", id="group-answer", classes="group-answer", markup=False)
            yield Static("", id="group-board", classes="group-board", markup=False)
        yield Input(id="group-type", classes="group-type")
        yield Static("", id="group-status", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        self.query_one("#group-type", Input).display = False
        try:
            await self.server.start()
        except OSError as error:
            address = f"{self.server.host}:{self.server.port}"
            self.app.exit(2, message=t("group.error.bind", address=address, reason=error))
            return
        self.set_interval(0.25, self._tick)
        self.refresh_view()

    async def on_unmount(self) -> None:
        self._closing = True  # players dropping as the server stops must not redraw
        await self.server.stop()
        if self._own_store and self._store is not None:
            self._store.close()
            self._store = None

    # ----------------------------------------------------------------- views

    def _changed(self, event: str) -> None:
        if event == "reveal":
            self._record_web_players()
        if event in ("reveal", "end", "kick") and self.write_report and self.game.index >= 0:
            self._write_report()
        if self.is_mounted and not self._closing:
            self.refresh_view()

    def _record_web_players(self) -> None:
        if not any(p.web for p in self.game.players.values()):
            return
        try:
            if self._store is None:
                from trainer.core.store import Store

                self._store = Store.open()
            from trainer.group.history import record_question

            self.recorded += record_question(
                self.game, self.game.index, self._store, only=lambda p: p.web
            )
        except Exception as error:  # noqa: BLE001 - say so, never stop the game
            self.record_error = t("group.ui.record_failed", reason=str(error)[:200])

    def _write_report(self) -> None:
        """(Re)write the report as it stands: the same files, replaced atomically."""
        from trainer.group.report import write_report

        try:
            self.report_files = write_report(self.game, now=self.started)
            path = self.report_files.markdown
            key = "group.report.written" if self.game.phase == ENDED else "group.host.report_live"
            self.status = t(key, path=path)
            self.report_error = ""
        except OSError as error:
            self.report_error = t("group.ui.record_failed", reason=describe(error))
            self.status = self.report_error

    def _tick(self) -> None:
        digits = self.query_one("#group-countdown", Digits)
        game = self.game
        if game.phase == QUESTION:
            digits.display = True
            digits.update(str(math.ceil(game.remaining())))
            self._set_status()
        elif game.phase == LOBBY:
            digits.display = True
            digits.update(game.pin)
        else:
            digits.display = False

    def _set_status(self) -> None:
        game = self.game
        parts = []
        if game.phase == QUESTION:
            parts.append(t("group.ui.answered", n=game.answered_count, total=len(game.players)))
            if game.paused:
                parts.append(t("group.ui.paused"))
        guard = self.server.pin_guard
        if guard.total_failures:
            parts.append(
                t("group.host.pin_failures", n=guard.total_failures, address=guard.last_address)
            )
        if game.locked:
            parts.append(t("group.host.locked"))
        if self.record_error:
            parts.append(self.record_error)
        if self.recorder is not None:
            parts.append(server_record_line(self.recorder))
        if self.status:
            parts.append(self.status)
        self.query_one("#group-status", Static).update(Text("   ".join(parts)))

    def refresh_view(self) -> None:
        """Redraw for the current phase."""
        game = self.game
        header = self.query_one("#group-header", Static)
        question = self.query_one("#group-question", Static)
        answer = self.query_one("#group-answer", Static)
        board = self.query_one("#group-board", Static)
        answer.display = False
        board.display = True
        question.display = True
        if game.phase == LOBBY:
            lines = Text()
            addresses = self.server.addresses()
            url = self.server.join_url(addresses[0]) if addresses else ""
            lines.append(t("group.host.web", url=url) + "\n", style="bold")
            for address in addresses:
                lines.append(t("group.host.join_at", address=address, pin=game.pin) + "\n")
            if _loopback(self.server.host):
                lines.append(t("group.host.loopback") + "\n", style="yellow")
            lines.append("\n" + t("group.host.pin"), style="bold")
            header.update(lines)
            names = [
                f"{i}. {p.name}{self._server_user(p.id)}"
                for i, p in enumerate(game.players.values(), start=1)
            ]
            question.display = False
            # the players first (the host acts on them), then the QR code to scan
            lobby = Text(
                t("group.host.lobby", n=len(names), names="  ".join(names))
                if names
                else t("group.host.lobby_empty")
            )
            lobby.append("\n\n")
            lobby.append_text(self._qr(url))
            board.update(lobby)
        elif game.phase in (QUESTION, REVEAL) and game.current is not None:
            q = game.current
            head = t("group.ui.question_of", n=game.index + 1, total=game.total)
            section = game.bank.section_title(q.section)
            header.update(Text(f"{head}  ·  {section}" if section else head))
            question.update(question_text(q, game.shown_items(q)))
            if game.phase == QUESTION:
                board.display = False
            else:
                shown = answer_display(q)
                label = t("group.ui.answer") + ("：\n" if "\n" in shown else "：")
                answer.update(Text(label, style="bold green").append(shown, style="bold"))
                answer.display = True
                board.update(self._reveal_board())
        elif game.phase == ENDED:
            header.update(t("group.ui.podium"))
            question.display = False
            board.update(podium_text([s.to_dict() for s in game.leaderboard(10)]))
        self._tick()
        self._set_status()

    def _server_user(self, player_id: str) -> str:
        """With --record-server: whose server history the player's answers go to (→ user),
        or that they are not recorded there (and why), as the server said."""
        if self.recorder is None:
            return ""
        seat = self.recorder.user_of(player_id)
        if seat is None:
            return t("org.host.seat.none")
        if seat.state == "recorded":
            return t("org.host.seat.user", user=seat.user)
        if seat.state == "refused":
            return t(f"org.host.seat.{seat.reason}")
        return t("org.host.seat.pending")

    def _qr(self, url: str) -> Text:
        if not url:
            return Text()
        if getattr(self, "_qr_url", None) != url:
            from trainer.ui.widgets.group_board import qr_text

            self._qr_url = url
            self._qr_cache = qr_text(url)
        return self._qr_cache

    def _reveal_board(self) -> Text:
        game = self.game
        summary = game.summary(game.index)
        text = Text(t("group.ui.distribution") + "\n", style="bold")
        text.append_text(verdict_histogram(summary["verdicts"]))
        if summary["options"]:
            text.append("\n")
            text.append_text(options_histogram(summary["options"]))
        fastest = summary["fastest"]
        text.append("\n")
        text.append(
            t("group.ui.fastest", name=fastest["name"], seconds=fastest["seconds"])
            if fastest
            else t("group.ui.no_fastest"),
            style="bold",
        )
        text.append("\n\n" + t("group.ui.scoreboard") + "\n", style="bold")
        text.append_text(leaderboard_text([s.to_dict() for s in game.leaderboard(10)]))
        return text

    # ----------------------------------------------------------------- actions

    def action_start(self) -> None:
        """Leave the lobby: the first question."""
        if self.game.phase == LOBBY:
            self.server.start_game()
            self.refresh_view()

    def action_next(self) -> None:
        """After a reveal: the next question (or the podium)."""
        self.server.next_question()
        self.refresh_view()

    def action_reveal(self) -> None:
        """Reveal the open question now."""
        self.server.reveal_now()
        self.refresh_view()

    def action_pause(self) -> None:
        """Pause or resume the countdown."""
        self.server.toggle_pause()
        self.refresh_view()

    def action_end(self) -> None:
        """End the session: the podium and the report."""
        self.server.end_game()
        self.refresh_view()

    def action_lock(self) -> None:
        """Lock or unlock the room (nobody new joins; dropped players can come back)."""
        self.server.toggle_lock()
        self.refresh_view()

    def action_kick(self) -> None:
        """Ask which player to remove."""
        box = self.query_one("#group-type", Input)
        box.placeholder = t("group.host.kick_prompt")
        box.border_title = t("group.host.kick_prompt")
        box.value = ""
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "group-type":
            return
        event.stop()
        event.input.display = False
        self.set_focus(None)
        value = event.value.strip()
        if not value:
            return
        player = self.game.find_player(value)
        if player is None:
            self.status = t("group.host.no_player", name=value)
        else:
            try:
                self.status = t("group.host.kicked", name=self.server.kick(player.id))
            except GameError:
                self.status = t("group.host.no_player", name=value)
        self.refresh_view()

    def action_quit_app(self) -> None:
        """Leave (the report is written if the game had started)."""
        if self.game.phase != LOBBY and self.write_report:
            self.server.end_game()  # the report is final: the podium and the last reveal
            if self.report_files is None:
                self._write_report()
        self.app.exit(0)


def server_record_line(recorder: Any) -> str:
    """One line on recording into the server histories: sent so far, or why not yet."""
    if recorder.error is not None:
        reason = t(recorder.error.key, **recorder.error.values)
        return t("org.host.record_away", n=recorder.unsent, reason=reason)
    return t(
        "org.host.record_ok", n=recorder.sent, players=len(recorder.sent_users),
        unsent=recorder.unsent,
    )  # fmt: skip
