"""Putting group answers into the players' own study histories (``mode="group"``).

One-screen mode records every player into the profile of the same name on this machine; a
joined player records its own answers into its local profile after the session. Either way the
group session feeds each person's spaced repetition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from trainer.core.bank import AnyQuestion, Bank
from trainer.group.game import Game, Player


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
        record_group_answer(
            store,
            profile,
            bank,
            question,
            graded,
            int(float(elapsed) * 1000) if answer is not None and elapsed is not None else None,
            answer=answer if answer is not None else "",
        )
        written += 1
    return written
