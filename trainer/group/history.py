"""Putting group answers into the players' own study histories (``mode="group"``).

One-screen mode records every player into the profile of the same name on this machine; a
joined player records its own answers into its local profile after the session. Either way the
group session feeds each person's spaced repetition.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from trainer.core.bank import AnyQuestion, Bank
from trainer.group.game import AnswerRecord, Game, Player


def record_question(
    game: Game,
    index: int,
    store: Any,
    only: Callable[[Player], bool] | None = None,
) -> int:
    """Record every player's answer to question ``index`` into the profile named after them.

    Players who gave no answer are recorded as a wrong answer (an empty answer), since the
    question was asked and not recalled. Players not asked (joined later) have no record.

    Args:
        game: the game, after the question was revealed.
        index: the question index.
        store: an open :class:`trainer.core.store.Store`.
        only: record only the players this accepts (the host records web players only).

    Returns:
        How many reviews were written.

    Raises:
        ValueError: a player's name cannot be a profile name (the others are still recorded).
    """
    from trainer.core.session import record_group_answer

    question = game.questions[index]
    written = 0
    refused: list[str] = []
    for player in list(game.players.values()):
        record = player.answers.get(index)
        if record is None or (only is not None and not only(player)):
            continue
        graded = record.grade if record.grade is not None else game.grader(question, "")
        try:
            record_group_answer(
                store,
                player.name,
                game.bank,
                question,
                graded,
                int(record.elapsed_s * 1000) if record.answer is not None else None,
                answer=record.answer if record.answer is not None else "",
            )
        except ValueError as error:  # e.g. a name with "/": one player, not everyone
            refused.append(f"{player.name}: {error}")
            continue
        written += 1
    if refused:
        raise ValueError("; ".join(refused)[:300])
    return written


def record_reveals(
    store: Any,
    profile: str,
    bank: Bank,
    reveals: Iterable[Mapping[str, Any]],
) -> int:
    """Record a joined player's answers (from the ``reveal`` messages) into a local profile.

    Args:
        store: an open :class:`trainer.core.store.Store`.
        profile: the local profile (created if missing).
        bank: the bank rebuilt from the revealed questions
            (:func:`trainer.group.protocol.bank_from_revealed`).
        reveals: the ``reveal`` messages received.

    Returns:
        How many reviews were written.
    """
    from trainer.core.grading import Grade, grade
    from trainer.core.session import record_group_answer

    written = 0
    for reveal in reveals:
        if (reveal.get("result") or {}).get("asked") is False:
            continue  # asked before the player joined: nothing to learn from
        data = reveal.get("question", {}).get("data", {})
        question: AnyQuestion | None = bank.get(str(data.get("id")))
        result = reveal.get("result") or {}
        if question is None:
            continue
        answer = result.get("answer")
        try:
            graded = Grade.from_dict(result["grade"])
        except (KeyError, TypeError, ValueError):
            graded = grade(question, answer if answer is not None else "")
        elapsed = result.get("elapsed_s")
        duration_ms = (
            int(float(elapsed) * 1000) if answer is not None and elapsed is not None else None
        )
        uid, at = _host_stamp(result)
        if uid is not None:
            if store.has_review_uid(uid):
                continue  # this answer is in the log already (a rejoin showed it again)
            stamped = result.get("duration_ms")
            if answer is not None and isinstance(stamped, int) and 0 <= stamped < 86_400_000:
                duration_ms = stamped  # the host's figure: the same rating on both sides
        record_group_answer(
            store,
            profile,
            bank,
            question,
            graded,
            duration_ms,
            answer=answer if answer is not None else "",
            at=at,
            uid=uid,
        )
        written += 1
    return written


_UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HOST_CLOCK_SLACK_S = 24 * 3600
"""A host's instant further than this from ours is its clock's fault: ours is used."""


def _host_stamp(result: Mapping[str, Any]) -> tuple[str | None, datetime | None]:
    """The uid and instant the host gave the answer (checked: a host is just another client)."""
    uid = result.get("uid")
    if not isinstance(uid, str) or not _UID.match(uid):
        return None, None
    at = result.get("at")
    now = time.time()
    if (
        isinstance(at, (int, float))
        and not isinstance(at, bool)
        and abs(at - now) < HOST_CLOCK_SLACK_S
    ):
        return uid, datetime.fromtimestamp(float(at), UTC)
    return uid, None


def stamp_answer(record: AnswerRecord, now: float) -> dict[str, Any]:
    """What makes one answer the same review wherever it is recorded: its uid, its instant
    and its duration. The host sends these in the reveal; the player's device records under
    them and the host records under them into the player's server history, so the server
    (keyed on player and uid) keeps the answer once whoever sends it first or again."""
    from trainer.core.store.records import new_review_uid

    return {
        "uid": new_review_uid(),
        "at": round(now, 3),
        "duration_ms": int(record.elapsed_s * 1000) if record.answer is not None else None,
    }


def server_review(
    game: Game, index: int, record: AnswerRecord, stamp: Mapping[str, Any]
) -> dict[str, Any]:
    """One player's answer to question ``index`` as a review of the sync protocol (group mode),
    rated by the same rules as :func:`trainer.core.session.record_group_answer`."""
    from trainer.core import scheduling

    question = game.questions[index]
    graded = record.grade if record.grade is not None else game.grader(question, "")
    duration_ms = stamp.get("duration_ms")
    rating = scheduling.rating_from_grade(
        graded.verdict,
        hint_used=False,
        duration_ms=duration_ms,
        answer_length=scheduling.expected_length(question),
    )
    return {
        "uid": stamp["uid"],
        "bank_id": game.bank.id,
        "question_id": question.id,
        "content_hash": question.content_hash,
        "reviewed_at": stamp["at"],
        "mode": "group",
        "answer": record.text,
        "verdict": graded.verdict,
        "score": float(graded.score),
        "rating": int(rating),
        "suggested_rating": int(rating),
        "duration_ms": duration_ms,
        "hint_used": False,
        "exam_uid": None,
    }
