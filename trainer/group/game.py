"""The state machine of a group session, pure and testable (no network, no UI).

Phases: ``lobby`` → (``question`` → ``reveal``)* → ``ended`` (the podium). The clock is
injected (seconds, monotonic), so tests move time by hand. The network server
(:mod:`trainer.group.server`), the one-screen projector mode and the tests all drive a
:class:`Game`.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.core.bank import (
    AnyQuestion,
    Bank,
)
from trainer.core.qtypes import type_of
from trainer.group.names import InvalidName, clean_name, name_key
from trainer.group.protocol import answer_text, clean_answer
from trainer.group.scoring import score_answer

LOBBY, QUESTION, REVEAL, ENDED = "lobby", "question", "reveal", "ended"
VERDICTS = ("correct", "close", "partial", "wrong", "none")
DEFAULT_MAX_PLAYERS = 200

Clock = Callable[[], float]
Grader = Callable[[AnyQuestion, "str | Sequence[str]"], Any]


class GameError(Exception):
    """An action the game refuses; ``code`` is a message key suffix (``group.error.<code>``).

    Codes: ``bad_pin``, ``name_taken``, ``bad_name``, ``name_chars``, ``full``, ``kicked``,
    ``locked``, ``ended``,
    ``not_question``, ``wrong_index``, ``already_answered``, ``too_late``, ``unknown_player``,
    ``no_questions``, ``bad_phase``, ``ungradable``.
    """

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class AnswerRecord:
    """One player's answer to one question, graded by the server.

    ``grade`` is the checker's :class:`~trainer.core.grading.Grade` (None for no answer).
    """

    player_id: str
    index: int
    answer: str | list[str] | None
    verdict: str
    score: float
    elapsed_s: float
    points: int = 0
    streak_bonus: int = 0
    grade: Any = None

    @property
    def text(self) -> str:
        """The answer as one line."""
        return "" if self.answer is None else answer_text(self.answer)


@dataclass
class Player:
    """A seat in the game. ``token`` lets a dropped player rejoin with seat and score."""

    id: str
    name: str
    token: str
    connected: bool = True
    score: int = 0
    streak: int = 0
    rank: int = 0
    previous_rank: int = 0
    answers: dict[int, AnswerRecord] = field(default_factory=dict)
    # the question that was already running when the player sat down: a late joiner who
    # does not answer it is not counted as failing it
    late_for: int = -1
    # joined from the web page: no store of its own, so the host records its answers
    web: bool = False

    @property
    def has_answered(self) -> bool:
        """Whether the player ever gave an answer (a seat never used can be freed)."""
        return any(r.answer is not None for r in self.answers.values())


@dataclass(frozen=True)
class Standing:
    """A line of the leaderboard. ``change`` > 0 means the player climbed that many places."""

    rank: int
    player_id: str
    name: str
    score: int
    change: int

    def to_dict(self) -> dict[str, Any]:
        """As JSON-able data."""
        return {
            "rank": self.rank,
            "player_id": self.player_id,
            "name": self.name,
            "score": self.score,
            "change": self.change,
        }


@dataclass(frozen=True)
class JoinResult:
    """What :meth:`Game.join` gives back."""

    player: Player
    rejoined: bool


def make_pin() -> str:
    """A random 6-digit PIN (first digit not 0)."""
    return str(secrets.randbelow(900000) + 100000)


def _default_grader(question: AnyQuestion, answer: str | Sequence[str]) -> Any:
    from trainer.core.grading import grade

    return grade(question, answer)


def chosen_options(question: AnyQuestion, record: AnswerRecord) -> list[str]:
    """The options a choice/truefalse answer picked, for the histogram (else empty).

    For truefalse the label is ``对`` or ``错``, derived from the verdict.
    """
    if record.answer is None:
        return []
    return type_of(question).poll_choice(question, record.text, record.verdict)


class Game:
    """A group session: players, questions, answers, scores.

    Args:
        bank: the bank the questions come from.
        questions: the questions, in the order they are asked.
        time_limit: seconds per question.
        pin: the 6-digit PIN (random if None; "" means no PIN is asked).
        max_players: seats.
        clock: monotonic seconds (injectable).
        grader: ``grade(question, answer)`` (injectable; the checker by default).
    """

    def __init__(
        self,
        bank: Bank,
        questions: Sequence[AnyQuestion],
        *,
        time_limit: int = 30,
        pin: str | None = None,
        max_players: int = DEFAULT_MAX_PLAYERS,
        clock: Clock = time.monotonic,
        grader: Grader | None = None,
    ) -> None:
        if not questions:
            raise GameError("no_questions")
        self.bank = bank
        self.questions = list(questions)
        self.time_limit = max(1, int(time_limit))
        self.pin = make_pin() if pin is None else pin
        self.max_players = max_players
        self.clock = clock
        self.grader = grader or _default_grader
        self.phase = LOBBY
        self.index = -1
        self.players: dict[str, Player] = {}
        self._by_name: dict[str, str] = {}
        self._banned_tokens: set[str] = set()
        self._banned_names: set[str] = set()
        self.locked = False
        # opaque per-game names of the questions, sent instead of the bank ids
        self.handles = [secrets.token_hex(6) for _ in self.questions]
        self._started_at = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self.seed = secrets.randbelow(1 << 30)

    # ----------------------------------------------------------------- players

    def join(self, name: str, pin: str, token: str | None = None) -> JoinResult:
        """Seat a player, or give a dropped player its seat back.

        Args:
            name: the display name (normalised by :func:`trainer.group.names.clean_name`;
                unique in the session under :func:`trainer.group.names.name_key`).
            pin: the PIN the player typed.
            token: the session token from an earlier ``welcome`` (rejoin). A rejoin gets a
                new token: the old one is then worth nothing to whoever copied it.

        Returns:
            The player and whether this was a rejoin.

        Raises:
            GameError: ``bad_pin``, ``bad_name``, ``name_chars``, ``name_taken``, ``full``,
                ``kicked``, ``locked``, ``ended``.
        """
        if self.pin and not secrets.compare_digest(pin.strip().encode(), self.pin.encode()):
            raise GameError("bad_pin")
        try:
            clean = clean_name(name)
        except InvalidName as error:
            raise GameError(error.code) from None
        key = name_key(clean)
        if (token and token in self._banned_tokens) or key in self._banned_names:
            raise GameError("kicked")
        existing_id = self._by_name.get(key)
        if existing_id is not None:
            player = self.players[existing_id]
            if token and secrets.compare_digest(token.encode(), player.token.encode()):
                player.connected = True
                player.token = secrets.token_urlsafe(16)
                return JoinResult(player, True)
            raise GameError("name_taken")
        if self.phase == ENDED:
            raise GameError("ended")
        if self.locked:
            raise GameError("locked")
        if len(self.players) >= self.max_players and not self.free_unused_seats():
            raise GameError("full")
        if len(self.players) >= self.max_players:
            raise GameError("full")
        player = Player(id=secrets.token_hex(4), name=clean, token=secrets.token_urlsafe(16))
        while player.id in self.players:
            player.id = secrets.token_hex(4)
        player.rank = player.previous_rank = len(self.players) + 1
        if self.phase == QUESTION:
            player.late_for = self.index
        self.players[player.id] = player
        self._by_name[key] = player.id
        return JoinResult(player, False)

    def player_by_token(self, token: str | None) -> Player | None:
        """The seated player holding ``token`` (None for no or an unknown token)."""
        if not token:
            return None
        for player in self.players.values():
            if secrets.compare_digest(token.encode(), player.token.encode()):
                return player
        return None

    def add_local_player(self, name: str) -> Player:
        """Seat a player of the one-screen mode (no PIN, no token checks)."""
        pin, self.pin = self.pin, ""
        try:
            return self.join(name, "").player
        finally:
            self.pin = pin

    def disconnect(self, player_id: str) -> None:
        """Mark a player as dropped; the seat and score stay for a rejoin (see
        :meth:`free_unused_seats` for seats that hold nothing)."""
        player = self.players.get(player_id)
        if player is not None:
            player.connected = False

    def free_unused_seats(self) -> int:
        """Give back the seats of dropped players who never answered anything.

        Called when the room is full, so that seats taken and left by anyone with the PIN do
        not keep real players out, while a player who only reloaded keeps its seat otherwise.

        Returns:
            How many seats were freed.
        """
        unused = [p for p in self.players.values() if not p.connected and not p.has_answered]
        for player in unused:
            del self.players[player.id]
            self._by_name.pop(name_key(player.name), None)
        return len(unused)

    def kick(self, player_id: str) -> Player:
        """Remove a player for the rest of the session: neither its token nor its name (nor a
        look-alike of it) can join again.

        Raises:
            GameError: ``unknown_player``.
        """
        player = self.players.pop(player_id, None)
        if player is None:
            raise GameError("unknown_player")
        key = name_key(player.name)
        self._by_name.pop(key, None)
        self._banned_names.add(key)
        self._banned_tokens.add(player.token)
        return player

    def find_player(self, name_or_number: str) -> Player | None:
        """A player by name (case-insensitive) or by its 1-based number in the lobby list."""
        text = name_or_number.strip()
        if text.isdigit():
            listed = list(self.players.values())
            number = int(text)
            return listed[number - 1] if 1 <= number <= len(listed) else None
        found = self._by_name.get(name_key(text))
        return self.players.get(found) if found else None

    @property
    def connected_players(self) -> list[Player]:
        """Players whose connection is up."""
        return [p for p in self.players.values() if p.connected]

    # ----------------------------------------------------------------- flow

    @property
    def total(self) -> int:
        """Number of questions."""
        return len(self.questions)

    @property
    def current(self) -> AnyQuestion | None:
        """The question being asked or revealed."""
        return self.questions[self.index] if 0 <= self.index < self.total else None

    def start(self) -> AnyQuestion:
        """Leave the lobby and ask the first question.

        Raises:
            GameError: ``bad_phase`` outside the lobby.
        """
        if self.phase != LOBBY:
            raise GameError("bad_phase")
        return self._ask(0)

    def _ask(self, index: int) -> AnyQuestion:
        self.index = index
        self.phase = QUESTION
        self._started_at = self.clock()
        self._paused_at = None
        self._paused_total = 0.0
        return self.questions[index]

    def next(self) -> AnyQuestion | None:
        """After a reveal: ask the next question, or end the game after the last.

        Returns:
            The next question, or None when the game has ended.

        Raises:
            GameError: ``bad_phase`` unless a question was just revealed.
        """
        if self.phase != REVEAL:
            raise GameError("bad_phase")
        if self.index + 1 >= self.total:
            self.end()
            return None
        return self._ask(self.index + 1)

    def end(self) -> None:
        """End the game now (the podium); an open question is revealed first."""
        if self.phase == QUESTION:
            self.reveal()
        self.phase = ENDED

    @property
    def paused(self) -> bool:
        """Whether the countdown is stopped."""
        return self._paused_at is not None

    def pause(self) -> bool:
        """Stop or restart the countdown of the open question.

        Returns:
            True when now paused.
        """
        if self.phase != QUESTION:
            return False
        if self._paused_at is None:
            self._paused_at = self.clock()
            return True
        self._paused_total += self.clock() - self._paused_at
        self._paused_at = None
        return False

    def elapsed(self) -> float:
        """Seconds the open question has been running (pauses excluded)."""
        if self.phase != QUESTION:
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock()
        return max(0.0, now - self._started_at - self._paused_total)

    def remaining(self) -> float:
        """Seconds left for the open question (0 outside a question)."""
        if self.phase != QUESTION:
            return 0.0
        return max(0.0, self.time_limit - self.elapsed())

    @property
    def expired(self) -> bool:
        """Whether the time of the open question is over."""
        return self.phase == QUESTION and not self.paused and self.remaining() <= 0.0

    @property
    def answered_count(self) -> int:
        """How many seated players answered the open question."""
        return sum(1 for p in self.players.values() if self.index in p.answers)

    @property
    def all_answered(self) -> bool:
        """Whether every connected player answered (and at least one is connected)."""
        connected = self.connected_players
        return bool(connected) and all(self.index in p.answers for p in connected)

    # ----------------------------------------------------------------- answers

    def submit(
        self,
        player_id: str,
        index: int,
        answer: str | Sequence[str],
        *,
        elapsed_s: float | None = None,
    ) -> AnswerRecord:
        """Grade and keep one answer; the points count at the reveal.

        Args:
            player_id: who answers.
            index: the question index the player answers (guards against stale answers).
            answer: the text, or one entry per blank / item.
            elapsed_s: override the measured time (the one-screen mode has no timing).

        Returns:
            The record (verdict and points known to the server, not yet to the player).

        Raises:
            GameError: ``unknown_player``, ``not_question``, ``wrong_index``,
                ``already_answered``, ``too_late``, ``ungradable`` (the checker failed on
                this answer: nothing is recorded, the player may answer again).
        """
        player = self.players.get(player_id)
        if player is None:
            raise GameError("unknown_player")
        if self.phase != QUESTION:
            raise GameError("not_question")
        if index != self.index:
            raise GameError("wrong_index")
        if index in player.answers:
            raise GameError("already_answered")
        elapsed = self.elapsed() if elapsed_s is None else elapsed_s
        if elapsed_s is None and elapsed > self.time_limit + 0.5:  # grace for latency
            raise GameError("too_late")
        question = self.questions[index]
        cleaned = clean_answer(answer)
        from trainer.core.grading import GradingError

        try:
            graded = self.grader(question, cleaned)
        except GradingError:
            # Never a recorded "wrong" for the checker's own failure: the player may answer again.
            raise GameError("ungradable") from None
        verdict = str(getattr(graded, "verdict", "wrong"))
        score = float(getattr(graded, "score", 0.0))
        points = score_answer(verdict, score, elapsed, self.time_limit, player.streak)
        record = AnswerRecord(
            player_id=player_id,
            index=index,
            answer=cleaned,
            verdict=verdict,
            score=score,
            elapsed_s=round(elapsed, 3),
            points=points.base,
            streak_bonus=points.streak_bonus,
            grade=graded,
        )
        player.answers[index] = record
        return record

    def reveal(self) -> dict[str, Any]:
        """Close the open question: award points, update streaks and ranks.

        Players who did not answer get a ``none`` record (0 points, streak ended).

        Returns:
            The summary (:meth:`summary`).

        Raises:
            GameError: ``bad_phase`` unless a question is open.
        """
        if self.phase != QUESTION:
            raise GameError("bad_phase")
        for player in self.players.values():
            record = player.answers.get(self.index)
            if record is None and player.late_for == self.index:
                continue  # sat down while it ran and did not answer: not a failure
            if record is None:
                record = AnswerRecord(
                    player.id, self.index, None, "none", 0.0, float(self.time_limit)
                )
                player.answers[self.index] = record
            player.score += record.points + record.streak_bonus
            player.streak = player.streak + 1 if record.verdict in ("correct", "close") else 0
        self._rerank()
        self.phase = REVEAL
        return self.summary(self.index)

    def _rerank(self) -> None:
        ordered = sorted(self.players.values(), key=lambda p: (-p.score, p.name))
        for rank, player in enumerate(ordered, start=1):
            player.previous_rank = player.rank or rank
            player.rank = rank

    def leaderboard(self, limit: int | None = None) -> list[Standing]:
        """Players by score (ties by name), with the change of rank at the last reveal."""
        ordered = sorted(self.players.values(), key=lambda p: (-p.score, p.name))
        rows = [
            Standing(
                rank, p.id, p.name, p.score, (p.previous_rank - rank) if p.previous_rank else 0
            )
            for rank, p in enumerate(ordered, start=1)
        ]
        return rows[:limit] if limit is not None else rows

    def records(self, index: int) -> list[AnswerRecord]:
        """Every seated player's record for question ``index``."""
        return [p.answers[index] for p in self.players.values() if index in p.answers]

    def shown_items(self, question: AnyQuestion) -> list[str] | None:
        """The items of an order question as everyone sees them while answering (shuffled)."""
        return type_of(question).group_items(question, self.seed)

    def summary(self, index: int) -> dict[str, Any]:
        """How the group did on question ``index``.

        Returns:
            ``verdicts`` (count per verdict, ``none`` for no answer), ``options`` (choice and
            truefalse: count per option), ``fastest`` (name and seconds of the fastest correct
            answer, or None), ``answered`` and ``players``.
        """
        question = self.questions[index]
        records = self.records(index)
        verdicts = Counter({v: 0 for v in VERDICTS})
        options: Counter[str] = Counter()
        for record in records:
            verdicts[record.verdict] += 1
            options.update(chosen_options(question, record))
        correct = [r for r in records if r.verdict in ("correct", "close")]
        fastest = min(correct, key=lambda r: r.elapsed_s, default=None)
        fastest_data = None
        if fastest is not None and fastest.player_id in self.players:
            fastest_data = {
                "name": self.players[fastest.player_id].name,
                "seconds": round(fastest.elapsed_s, 1),
            }
        labels = type_of(question).poll_labels(question)
        return {
            "verdicts": dict(verdicts),
            "options": {label: options.get(label, 0) for label in labels},
            "fastest": fastest_data,
            "answered": sum(1 for r in records if r.answer is not None),
            "players": len(records),
        }

    def player_result(self, player_id: str, index: int) -> dict[str, Any]:
        """What one player is told at the reveal of question ``index``."""
        player = self.players[player_id]
        record = player.answers.get(index)
        result: dict[str, Any] = {
            # False: the player was not asked this one (joined later): nothing to record
            "asked": record is not None,
            "verdict": record.verdict if record else "none",
            "score": record.score if record else 0.0,
            "points": record.points if record else 0,
            "streak_bonus": record.streak_bonus if record else 0,
            "answer": record.answer if record else None,
            "elapsed_s": record.elapsed_s if record else None,
            "total_score": player.score,
            "rank": player.rank,
            "change": player.previous_rank - player.rank,
            "streak": player.streak,
            "players": len(self.players),
        }
        to_dict = getattr(record.grade, "to_dict", None) if record else None
        if to_dict is not None:
            grade_data = to_dict()
            if len(json.dumps(grade_data, ensure_ascii=False)) < 16_000:
                result["grade"] = grade_data
        return result
