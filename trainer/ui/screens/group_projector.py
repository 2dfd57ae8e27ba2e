"""One-screen group mode (``trainer group``): a quiz show on a projector.

Flow per question: the question with a countdown → Enter (or the time runs out) reveals the
answer, explanation and source → the host marks with number keys who was right (or presses
``t`` and types each player's answer in turn, graded by the checker; ``t`` works during the
countdown too, for answers called out early) → Enter shows the scoreboard → Enter asks the
next question. After the last: the podium; Enter there shows a question-by-question recap. Every player's answers
go into the profile of the same name (mode=group) as each question is scored.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Digits, Input, Static

from trainer.core.bank import AnyQuestion, Bank
from trainer.core.qtypes import type_of
from trainer.group.game import QUESTION, Game
from trainer.group.protocol import expected_answer
from trainer.i18n import describe, t
from trainer.ui.widgets.group_board import (
    VERDICT_STYLES,
    answer_display,
    leaderboard_text,
    podium_text,
    question_text,
)
from trainer.ui.widgets.keybar import KeyBar

ASKING, ANSWER, SCORES, PODIUM, RECAP = "asking", "answer", "scores", "podium", "recap"


class ProjectorScreen(Screen[None]):
    """The one-screen quiz show.

    Args:
        bank: the bank.
        questions: the questions to ask, in order.
        players: the players' names (1–9; number keys mark them).
        time_limit: seconds per question.
        store: an open store to record into (opened on first use when None).
        clock: monotonic seconds (tests inject a manual clock).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "advance", "group.key.next", priority=False),
        Binding("space", "advance", "group.key.next", show=False),
        Binding("p", "pause", "group.key.pause"),
        Binding("t", "type_answers", "group.key.type"),
        Binding("e", "end", "group.key.end"),
        Binding("q", "quit_app", "group.key.quit"),
        *[Binding(str(n), f"mark({n})", show=False) for n in range(1, 10)],
    ]

    def __init__(
        self,
        bank: Bank,
        questions: Sequence[AnyQuestion],
        players: Sequence[str],
        *,
        time_limit: int = 30,
        store: Any = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.game = Game(bank, questions, time_limit=time_limit, pin="", clock=clock)
        self.seats = [self.game.add_local_player(name) for name in players]
        self.stage = ASKING
        self.marks: dict[str, bool] = {}
        self.typing_seat: int | None = None
        self._store = store
        self._own_store = store is None
        self.recorded = 0
        self.status = ""

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        with Vertical(id="group-top"):
            yield Static("", id="group-header", markup=False)
            yield Digits("", id="group-countdown")
        with VerticalScroll(id="group-body"):
            yield Static("", id="group-question", classes="group-question", markup=False)
            yield Static("", id="group-answer", classes="group-answer", markup=False)
            yield Static("", id="group-board", classes="group-board", markup=False)
        yield Static("", id="group-players", classes="group-players", markup=False)
        yield Input(id="group-type", classes="group-type")
        yield Static("", id="group-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#group-type", Input).display = False
        self.game.start()
        self._show_question()
        self.set_interval(0.25, self._tick)

    def on_unmount(self) -> None:
        if self._own_store and self._store is not None:
            self._store.close()
            self._store = None

    # ----------------------------------------------------------------- views

    @property
    def question(self) -> AnyQuestion:
        """The question on screen."""
        current = self.game.current
        assert current is not None
        return current

    def _header(self) -> str:
        q = self.question
        section = self.game.bank.section_title(q.section)
        head = t("group.ui.question_of", n=self.game.index + 1, total=self.game.total)
        return f"{head}  ·  {section}" if section else head

    def _show_question(self) -> None:
        self.stage = ASKING
        self.marks = {p.id: False for p in self.seats}
        self.status = ""  # "recorded" belonged to the previous question
        self.query_one("#group-status", Static).update("")
        self.query_one("#group-header", Static).update(self._header())
        self.query_one("#group-question", Static).update(
            question_text(self.question, self.game.shown_items(self.question))
        )
        self.query_one("#group-answer", Static).display = False
        self.query_one("#group-board", Static).display = False
        self.query_one("#group-question", Static).display = True
        self._tick()
        self._show_players()

    def _tick(self) -> None:
        digits = self.query_one("#group-countdown", Digits)
        if self.stage != ASKING:
            digits.display = False
            return
        digits.display = True
        digits.update(str(math.ceil(self.game.remaining())))
        if self.game.paused:
            self.query_one("#group-status", Static).update(t("group.ui.paused"))
        if self.game.expired:
            self._show_answer()

    def _show_players(self) -> None:
        text = Text()
        for number, player in enumerate(self.seats, start=1):
            record = player.answers.get(self.game.index)
            if self.stage == ANSWER and record is not None:
                mark = t(f"group.verdict.{record.verdict}")
                style = VERDICT_STYLES.get(record.verdict, "")
            elif self.stage == ANSWER:
                right = self.marks.get(player.id, False)
                mark = t("group.projector.marked") if right else t("group.projector.unmarked")
                style = "bold green" if right else "dim"
            else:
                mark, style = "", ""
            text.append(f" {number} {player.name} ", style="bold")
            text.append(f"{mark} ", style=style)
            text.append(f"{player.score}   ", style="dim")
        self.query_one("#group-players", Static).update(text)

    def _show_answer(self) -> None:
        self.stage = ANSWER
        q = self.question
        body = Text()
        shown = answer_display(q)
        body.append(t("group.ui.answer") + ("：\n" if "\n" in shown else "："), style="bold green")
        body.append(shown + "\n", style="bold")
        if q.explanation:
            body.append(t("group.ui.explanation") + "：", style="bold")
            body.append(q.explanation + "\n")
        if q.source:
            body.append(t("group.ui.source") + "：", style="bold")
            body.append(q.source + "\n", style="italic")
        body.append("\n" + t("group.projector.mark_help"), style="dim")
        answer = self.query_one("#group-answer", Static)
        answer.update(body)
        answer.display = True
        self.query_one("#group-status", Static).update("")
        self._tick()
        self._show_players()

    def _score_question(self) -> None:
        """Submit the marks (typed answers are already graded), reveal, record."""
        game = self.game
        target = expected_answer(self.question)
        for player in self.seats:
            if player.id in game.players and game.index not in player.answers:
                given = target if self.marks.get(player.id) else ""
                game.submit(player.id, game.index, given, elapsed_s=0.0)
        game.reveal()
        self._record(game.index)

    def _record(self, index: int) -> None:
        try:
            if self._store is None:
                from trainer.core.store import Store

                self._store = Store.open()
            from trainer.group.history import record_question

            self.recorded += record_question(self.game, index, self._store)
            self.status = t("group.ui.recorded")
        except Exception as error:  # noqa: BLE001 - show, never crash the show
            self.status = t("group.ui.record_failed", reason=describe(error))
        self.query_one("#group-status", Static).update(self.status)

    def _show_scores(self) -> None:
        self.stage = SCORES
        board = self.query_one("#group-board", Static)
        text = Text(t("group.ui.scoreboard") + "\n\n", style="bold")
        text.append_text(leaderboard_text([s.to_dict() for s in self.game.leaderboard()]))
        board.update(text)
        board.display = True
        self.query_one("#group-answer", Static).display = False
        self.query_one("#group-question", Static).display = False
        self._show_players()

    def _show_podium(self) -> None:
        self.stage = PODIUM
        self.game.end()
        board = self.query_one("#group-board", Static)
        text = podium_text([s.to_dict() for s in self.game.leaderboard()])
        board.update(text)
        board.display = True
        for selector in ("#group-answer", "#group-question"):
            self.query_one(selector, Static).display = False
        self.query_one("#group-header", Static).update(t("group.ui.podium"))
        self.query_one("#group-status", Static).update(
            Text(" ".join(p for p in (self.status, t("group.projector.podium_help")) if p))
        )
        self._tick()

    def recap_text(self) -> Text:
        """Every question asked: the right answer and each player's verdict."""
        game = self.game
        text = Text()  # the header above says what this is
        for index in range(min(game.index + 1, game.total)):
            question = game.questions[index]
            prompt = " ".join(question.prompt.split())
            if len(prompt) > 60:
                prompt = prompt[:59] + "…"
            if index:
                text.append("\n")
            text.append(t("group.projector.recap_line", n=index + 1, prompt=prompt) + "\n")
            shown = " ".join(answer_display(question).split())
            text.append(f"  {t('group.ui.answer')}：", style="bold green")
            text.append(shown + "\n")
            text.append("  ")
            for player in self.seats:
                record = player.answers.get(index)
                verdict = record.verdict if record else "none"
                text.append(f"{player.name} ", style="bold")
                text.append(
                    t(f"group.verdict.{verdict}") + "   ", style=VERDICT_STYLES.get(verdict, "")
                )
            text.append("\n")
        return text

    def _show_recap(self) -> None:
        self.stage = RECAP
        board = self.query_one("#group-board", Static)
        board.update(self.recap_text())
        self.query_one("#group-header", Static).update(t("group.projector.recap_title"))
        self.query_one("#group-status", Static).update(t("group.projector.recap_help"))

    # ----------------------------------------------------------------- actions

    def action_advance(self) -> None:
        """Enter: reveal → scoreboard → next question → … → podium."""
        if self.typing_seat is not None:
            return
        if self.stage == ASKING:
            self._show_answer()
        elif self.stage == ANSWER:
            self._score_question()
            self._show_scores()
        elif self.stage == SCORES:
            if self.game.index + 1 >= self.game.total:
                self._show_podium()
            else:
                self.game.next()
                self._show_question()
        elif self.stage == PODIUM:
            self._show_recap()
        elif self.stage == RECAP:
            self._show_podium()

    def action_pause(self) -> None:
        """Stop or restart the countdown."""
        if self.stage == ASKING:
            paused = self.game.pause()
            self.query_one("#group-status", Static).update(t("group.ui.paused") if paused else "")

    def action_mark(self, number: int) -> None:
        """Toggle whether player ``number`` (1-based) answered correctly."""
        if self.stage != ANSWER or self.typing_seat is not None:
            return
        if 1 <= number <= len(self.seats):
            player = self.seats[number - 1]
            if self.game.index not in player.answers:  # a typed answer was graded already
                self.marks[player.id] = not self.marks.get(player.id, False)
                self._show_players()

    def action_type_answers(self) -> None:
        """Type each player's answer in turn (during the countdown too); the checker grades it."""
        if self.stage not in (ASKING, ANSWER) or self.game.phase != QUESTION:
            return
        if self.typing_seat is not None:
            return
        waiting = [i for i, p in enumerate(self.seats) if self.game.index not in p.answers]
        if not waiting:
            return
        self.typing_seat = waiting[0]
        self._prompt_typing()

    def _prompt_typing(self) -> None:
        box = self.query_one("#group-type", Input)
        assert self.typing_seat is not None
        player = self.seats[self.typing_seat]
        box.placeholder = t("group.projector.type_for", name=player.name)
        box.border_title = Text(t("group.projector.type_for", name=player.name))
        box.value = ""
        box.display = True
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "group-type" or self.typing_seat is None:
            return
        event.stop()
        player = self.seats[self.typing_seat]
        answer: str | list[str] = event.value
        if type_of(self.question).answered_in_parts:  # "a；b" is two blanks or items
            parts = [p.strip() for p in event.value.replace("；", ";").split(";") if p.strip()]
            answer = parts if len(parts) > 1 else event.value
        if self.game.index not in player.answers and event.value.strip():
            self.game.submit(player.id, self.game.index, answer, elapsed_s=0.0)
        following = [
            i
            for i in range(self.typing_seat + 1, len(self.seats))
            if self.game.index not in self.seats[i].answers
        ]
        self.typing_seat = following[0] if following else len(self.seats)
        if self.typing_seat >= len(self.seats):
            self.typing_seat = None
            event.input.display = False
            self.set_focus(None)
        else:
            self._prompt_typing()
        self._show_players()

    def action_end(self) -> None:
        """End now: score the open question, then the podium."""
        if self.stage in (PODIUM, RECAP):
            return
        if self.stage in (ASKING, ANSWER) and self.game.phase == QUESTION:
            self.typing_seat = None
            self.query_one("#group-type", Input).display = False
            self._score_question()
        self._show_podium()

    def action_quit_app(self) -> None:
        """Leave the app (answers already recorded stay recorded)."""
        self.app.exit(0)
