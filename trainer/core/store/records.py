"""The records of the study history: profiles, card rows, reviews and exams.

Plain dataclasses with ``to_dict``/``from_dict`` (JSON-ready, instants as ISO 8601 UTC), shared
by the store, export/import and the statistics. :mod:`trainer.core.store` re-exports them.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from trainer.core import scheduling
from trainer.core.clock import as_utc, from_epoch, to_epoch, utc_now

DEFAULT_PROFILE = "default"
"""The profile used when none is given and none is set as default (ASCII, fine in zh and en)."""


_uid_lock = threading.Lock()
_last_uid = 0


def new_review_uid() -> str:
    """A new review's uid: UUID-shaped, unique, and growing with the time it was recorded.

    The log replays answers at the same instant in uid order (the same on every device that
    holds the log); uids that grow as answers are recorded make that the order they were given
    in. The high bits are the nanosecond clock, the low 64 random; within a process the value
    only ever grows.
    """
    global _last_uid
    with _uid_lock:
        value = (time.time_ns() << 64 | secrets.randbits(64)) & ((1 << 128) - 1)
        value = max(value, _last_uid + 1)
        _last_uid = value
    return str(uuid.UUID(int=value))


def _dt(value: float | None) -> datetime | None:
    return from_epoch(value) if value is not None else None


def _iso(value: datetime | None) -> str | None:
    return as_utc(value).isoformat() if value is not None else None


def _parse_dt(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, int | float):
        return from_epoch(float(value))
    return as_utc(datetime.fromisoformat(str(value).replace("Z", "+00:00")))


@dataclass(frozen=True)
class Profile:
    """A learner on this machine."""

    id: int
    name: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``created_at`` as ISO 8601 UTC)."""
        return {"id": self.id, "name": self.name, "created_at": _iso(self.created_at)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """The inverse of :meth:`to_dict`."""
        created = _parse_dt(data.get("created_at"))
        return cls(int(data["id"]), str(data["name"]), created or utc_now())


@dataclass(slots=True)
class CardRow:
    """The plain columns of one stored card (no FSRS JSON), as the queue and stats read them.

    ``due`` and ``last_review`` are UTC epoch seconds; ``state`` is the ``fsrs.State`` value
    (1 learning, 2 review, 3 relearning).
    """

    question_id: str
    content_hash: str
    due: float
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    reps: int
    lapses: int
    last_review: float | None
    bank_id: str = ""

    @property
    def due_at(self) -> datetime:
        """When the card is due, as an aware UTC datetime."""
        return from_epoch(self.due)

    @property
    def last_review_at(self) -> datetime | None:
        """The last review, as an aware UTC datetime."""
        return _dt(self.last_review)

    @property
    def is_leech(self) -> bool:
        """Failed :data:`scheduling.LEECH_LAPSES` or more times after being learnt."""
        return scheduling.is_leech(self.lapses)

    @property
    def interval_days(self) -> float:
        """Days between the last review and the due time."""
        if self.last_review is None:
            return 0.0
        return (self.due - self.last_review) / scheduling.SECONDS_PER_DAY

    def retrievability(self, now: datetime) -> float:
        """FSRS-6 probability of recall at ``now``."""
        return scheduling.retrievability(self.stability, self.last_review, to_epoch(now))

    def changed(self, current_hash: str) -> bool:
        """The question's content differs from the version last reviewed."""
        return bool(self.content_hash) and self.content_hash != current_hash

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (instants as ISO 8601 UTC)."""
        return {
            "bank_id": self.bank_id,
            "question_id": self.question_id,
            "content_hash": self.content_hash,
            "due": _iso(self.due_at),
            "state": self.state,
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "reps": self.reps,
            "lapses": self.lapses,
            "last_review": _iso(self.last_review_at),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CardRow:
        """The inverse of :meth:`to_dict`."""
        due = _parse_dt(data["due"])
        last = _parse_dt(data.get("last_review"))
        return cls(
            question_id=str(data["question_id"]),
            content_hash=str(data.get("content_hash") or ""),
            due=due.timestamp() if due else 0.0,
            state=int(data["state"]),
            step=data.get("step"),
            stability=data.get("stability"),
            difficulty=data.get("difficulty"),
            reps=int(data.get("reps") or 0),
            lapses=int(data.get("lapses") or 0),
            last_review=last.timestamp() if last else None,
            bank_id=str(data.get("bank_id") or ""),
        )


@dataclass
class ReviewRecord:
    """One answer in the log, with every stored column (the unit of export and import).

    ``card_before`` is the FSRS card (as a dict) before this answer, None for the first answer
    to a question. ``exam_uid`` links exam answers to their :class:`ExamRecord`.
    """

    uid: str
    profile: str
    bank_id: str
    question_id: str
    reviewed_at: datetime
    mode: str
    verdict: str
    score: float
    rating: int
    answer: str = ""
    content_hash: str = ""
    duration_ms: int | None = None
    hint_used: bool = False
    card_before: dict[str, Any] | None = None
    suggested_rating: int | None = None
    exam_uid: str | None = None
    id: int | None = None

    @property
    def overridden(self) -> bool:
        """The learner changed the suggested rating."""
        return self.suggested_rating is not None and self.suggested_rating != self.rating

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: every column, ``reviewed_at`` as ISO 8601 UTC."""
        return {
            "uid": self.uid,
            "profile": self.profile,
            "bank_id": self.bank_id,
            "question_id": self.question_id,
            "content_hash": self.content_hash,
            "reviewed_at": _iso(self.reviewed_at),
            "mode": self.mode,
            "answer": self.answer,
            "verdict": self.verdict,
            "score": self.score,
            "rating": self.rating,
            "suggested_rating": self.suggested_rating,
            "duration_ms": self.duration_ms,
            "hint_used": self.hint_used,
            "card_before": self.card_before,
            "exam_uid": self.exam_uid,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewRecord:
        """The inverse of :meth:`to_dict`; also accepts CSV-style strings for every field.

        Raises:
            ValueError: a required field is missing or malformed.
        """
        try:
            card_before = data.get("card_before")
            if isinstance(card_before, str):
                card_before = json.loads(card_before) if card_before.strip() else None
            reviewed_at = _parse_dt(data["reviewed_at"])
            if reviewed_at is None:
                raise ValueError("reviewed_at is empty")
            rating = int(data["rating"])
            if rating not in (1, 2, 3, 4):
                raise ValueError(f"rating {rating} is not 1-4")
            hint = data.get("hint_used", False)
            if isinstance(hint, str):
                hint = hint.strip().lower() in {"1", "true", "yes"}
            return cls(
                uid=str(data.get("uid") or uuid.uuid4()),
                profile=str(data.get("profile") or DEFAULT_PROFILE),
                bank_id=str(data["bank_id"]),
                question_id=str(data["question_id"]),
                content_hash=str(data.get("content_hash") or ""),
                reviewed_at=reviewed_at,
                mode=str(data.get("mode") or "study"),
                answer=str(data.get("answer") or ""),
                verdict=str(data["verdict"]),
                score=float(data["score"]),
                rating=rating,
                suggested_rating=_opt_int(data.get("suggested_rating")),
                duration_ms=_opt_int(data.get("duration_ms")),
                hint_used=bool(hint),
                card_before=card_before,
                exam_uid=str(data["exam_uid"]) if data.get("exam_uid") else None,
                id=_opt_int(data.get("id")),
            )
        except KeyError as error:
            raise ValueError(f"review record lacks {error.args[0]!r}") from None


def _opt_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(float(value))


@dataclass
class ExamRecord:
    """One exam: when, how many questions, the time limit and the score (0–1) per section.

    ``sections`` maps a section id ("" for none) to ``{"total", "answered", "correct",
    "score"}``.
    """

    uid: str
    profile: str
    bank_id: str
    started_at: datetime
    size: int
    time_limit_s: int | None = None
    finished_at: datetime | None = None
    score: float | None = None
    sections: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to finish (None while unfinished)."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (instants as ISO 8601 UTC)."""
        return {
            "uid": self.uid,
            "profile": self.profile,
            "bank_id": self.bank_id,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at),
            "size": self.size,
            "time_limit_s": self.time_limit_s,
            "score": self.score,
            "sections": self.sections,
            "id": self.id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExamRecord:
        """The inverse of :meth:`to_dict`.

        Raises:
            ValueError: a required field is missing or malformed.
        """
        try:
            sections = data.get("sections") or {}
            if isinstance(sections, str):
                sections = json.loads(sections)
            started = _parse_dt(data["started_at"])
            if started is None:
                raise ValueError("started_at is empty")
            score = data.get("score")
            return cls(
                uid=str(data.get("uid") or uuid.uuid4()),
                profile=str(data.get("profile") or DEFAULT_PROFILE),
                bank_id=str(data["bank_id"]),
                started_at=started,
                finished_at=_parse_dt(data.get("finished_at")),
                size=int(data["size"]),
                time_limit_s=_opt_int(data.get("time_limit_s")),
                score=float(score) if score not in (None, "") else None,
                sections=dict(sections),
                id=_opt_int(data.get("id")),
            )
        except KeyError as error:
            raise ValueError(f"exam record lacks {error.args[0]!r}") from None
