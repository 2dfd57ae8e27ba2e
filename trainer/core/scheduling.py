"""Spaced repetition with FSRS-6 (the ``fsrs`` package): ratings, the scheduler and the queue.

* :func:`rating_from_grade` turns a grading verdict into an FSRS rating (Again/Hard/Good/Easy).
* :func:`make_scheduler` builds the FSRS scheduler from the learner's settings.
* :func:`build_queue` orders today's questions: due reviews by lowest retrievability first, then
  new questions in bank order up to the daily limit, never two siblings (same source sentence or
  same enumeration) back to back.

The queue works on the plain columns of the store's card rows (due, state, stability,
last_review as UTC epoch seconds) and never deserialises FSRS JSON, so it stays fast for tens of
thousands of questions.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import filterfalse
from typing import TYPE_CHECKING, Any, Protocol

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS

from trainer.core.clock import to_epoch

if TYPE_CHECKING:
    from trainer.core.bank import Bank

DEFAULT_RETENTION = 0.90
MIN_RETENTION = 0.70
MAX_RETENTION = 0.97
DEFAULT_MAXIMUM_INTERVAL_DAYS = 36500
DEFAULT_NEW_PER_DAY = 20
LEECH_LAPSES = 6
"""A question failed (lapsed from Review) this many times is a leech: flagged, never suspended."""

LEARN_AHEAD = timedelta(minutes=20)
"""At the end of a session, learning steps due within this window are shown early."""

FAST_BASE_MS = 2000
FAST_PER_CHAR_MS = 250
"""An answer is *fast* if it took less than FAST_BASE_MS + FAST_PER_CHAR_MS per expected char."""

DECAY = -DEFAULT_PARAMETERS[20]
FACTOR = 0.9 ** (1 / DECAY) - 1
SECONDS_PER_DAY = 86400.0

RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


class CardLike(Protocol):
    """The plain columns of a stored card that the queue needs (``store.CardRow``)."""

    due: float
    state: int
    stability: float | None
    last_review: float | None
    lapses: int


# --------------------------------------------------------------------------- ratings


def fast_threshold_ms(answer_length: int) -> int:
    """How quickly an answer of this length must come to count as *fast* (earns Easy).

    Args:
        answer_length: characters of the expected answer.

    Returns:
        ``2000 + 250 * answer_length`` milliseconds.
    """
    return FAST_BASE_MS + FAST_PER_CHAR_MS * max(0, answer_length)


def rating_from_grade(
    verdict: str,
    *,
    hint_used: bool = False,
    duration_ms: int | None = None,
    answer_length: int = 0,
) -> Rating:
    """The FSRS rating suggested for a graded answer.

    * wrong → Again
    * partial, or close with a hint → Hard
    * correct with a hint → Hard (a hint caps the rating at Hard)
    * correct or close → Good
    * correct, no hint, and fast for its length (see :func:`fast_threshold_ms`) → Easy

    Args:
        verdict: ``correct``, ``close``, ``partial`` or ``wrong``.
        hint_used: the learner looked at the hint.
        duration_ms: time from showing the question to submitting; None means unknown (never
            Easy).
        answer_length: characters of the expected answer.

    Returns:
        The suggested rating.

    Raises:
        ValueError: an unknown verdict.
    """
    if verdict == "wrong":
        return Rating.Again
    if verdict == "partial":
        return Rating.Hard
    if verdict not in {"correct", "close"}:
        raise ValueError(f"unknown verdict {verdict!r}")
    if hint_used:
        return Rating.Hard
    if (
        verdict == "correct"
        and duration_ms is not None
        and 0 <= duration_ms < fast_threshold_ms(answer_length)
    ):
        return Rating.Easy
    return Rating.Good


def to_rating(value: int | Rating) -> Rating:
    """A rating from its number 1–4.

    Raises:
        ValueError: not 1, 2, 3 or 4.
    """
    try:
        return Rating(int(value))
    except (ValueError, TypeError):
        raise ValueError(f"rating must be 1, 2, 3 or 4, not {value!r}") from None


def expected_text(question: Any) -> str:
    """The expected answer of a question as one string (for its length and for display)."""
    kind = getattr(question, "type", "")
    if kind == "short":
        return str(question.answer)
    if kind == "cloze":
        return "".join(alts[0] for alts in question.blanks if alts)
    if kind == "list":
        return "".join(alts[0] for alts in question.items if alts)
    if kind == "order":
        return "".join(question.items)
    if kind == "number":
        return question.answer_text
    if kind == "choice":
        return question.answer_letters
    if kind == "truefalse":
        return "对" if question.answer else "错"
    return ""


def expected_length(question: Any) -> int:
    """Characters of the expected answer (choice and true/false count as one)."""
    kind = getattr(question, "type", "")
    if kind in {"choice", "truefalse"}:
        return 1
    return len(expected_text(question))


# --------------------------------------------------------------------------- the scheduler


def make_scheduler(
    desired_retention: float = DEFAULT_RETENTION,
    maximum_interval_days: int = DEFAULT_MAXIMUM_INTERVAL_DAYS,
    *,
    enable_fuzzing: bool = True,
) -> Scheduler:
    """The FSRS-6 scheduler with default parameters and Anki's learning steps (1 min, 10 min).

    Args:
        desired_retention: target probability of recall at the due time (0.70–0.97).
        maximum_interval_days: no review is scheduled further away than this.
        enable_fuzzing: spread intervals a little so cards learnt together drift apart (on in
            real use, off in tests for determinism).

    Returns:
        A scheduler.

    Raises:
        ValueError: retention or maximum interval out of range.
    """
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise ValueError(
            f"desired retention must be between {MIN_RETENTION} and {MAX_RETENTION}, "
            f"not {desired_retention}"
        )
    if maximum_interval_days < 1:
        raise ValueError(f"maximum interval must be at least 1 day, not {maximum_interval_days}")
    return Scheduler(
        desired_retention=desired_retention,
        maximum_interval=int(maximum_interval_days),
        enable_fuzzing=enable_fuzzing,
    )


def card_id_for(bank_id: str, question_id: str) -> int:
    """A stable FSRS card id for a question (the same on every machine)."""
    import hashlib

    digest = hashlib.blake2b(f"{bank_id}\x1f{question_id}".encode(), digest_size=6).digest()
    return int.from_bytes(digest, "big")


def new_card(bank_id: str, question_id: str, now: datetime) -> Card:
    """A fresh FSRS card for a question never reviewed, due now."""
    return Card(card_id=card_id_for(bank_id, question_id), due=now)


def retrievability(stability: float | None, last_review: float | None, now_ts: float) -> float:
    """FSRS-6 probability of recall now: ``(1 + FACTOR · t / S) ** DECAY``.

    Args:
        stability: the card's stability in days (None for a card never reviewed).
        last_review: UTC epoch seconds of its last review.
        now_ts: UTC epoch seconds of now.

    Returns:
        A probability in [0, 1]; 0 for a card without stability.
    """
    if not stability or last_review is None:
        return 0.0
    elapsed = max(0.0, (now_ts - last_review) / SECONDS_PER_DAY)
    return (1.0 + FACTOR * elapsed / stability) ** DECAY


def is_leech(lapses: int) -> bool:
    """A question failed this many times after being learnt is a leech."""
    return lapses >= LEECH_LAPSES


def is_learning(state: int) -> bool:
    """Learning or relearning (short steps within a day), as opposed to review."""
    return state in (State.Learning.value, State.Relearning.value)


# --------------------------------------------------------------------------- the queue

_SPACE = re.compile(r"[\s，。；、,.;:：！？!?“”\"'（）()《》]+")


def _norm(text: str) -> str:
    return _SPACE.sub("", text)


def sibling_keys(question: Any) -> frozenset[str]:
    """What a question shares with its siblings: its source sentence and enumeration items.

    Two questions whose key sets intersect quote the same sentence or test the same items, so
    they are not shown back to back.
    """
    keys: set[str] = set()
    source = _norm(getattr(question, "source", "") or "")
    if source:
        keys.add("s:" + source)
    kind = getattr(question, "type", "")
    words: Iterable[str] = ()
    if kind == "list":
        words = (alts[0] for alts in question.items if alts)
    elif kind == "cloze":
        words = (alts[0] for alts in question.blanks if alts)
    elif kind == "order":
        words = question.items
    elif kind == "short":
        words = (question.answer,)
    for word in words:
        norm = _norm(word)
        if len(norm) >= 2:
            keys.add("i:" + norm)
    return frozenset(keys)


def interleave(
    question_ids: Sequence[str],
    keys: Mapping[str, frozenset[str]],
    *,
    previous: str | None = None,
    window: int = 64,
) -> list[str]:
    """Reorder as little as possible so that no two neighbours share a sibling key.

    Greedy: take the next question in priority order unless it is a sibling of the one just
    placed; skipped questions wait and are placed as soon as they fit. When nothing fits (all
    that is left are siblings) the order is kept.

    Args:
        question_ids: in priority order.
        keys: sibling keys by question id (missing means no siblings).
        previous: the question shown just before the first one, if any.
        window: how many skipped questions to look at (bounds the cost).

    Returns:
        The same ids, reordered.
    """
    empty: frozenset[str] = frozenset()
    out: list[str] = []
    waiting: list[str] = []
    last_keys = keys.get(previous, empty) if previous else empty
    source = iter(question_ids)
    exhausted = False
    while True:
        pick: str | None = None
        for index, candidate in enumerate(waiting[:window]):
            if not (keys.get(candidate, empty) & last_keys):
                pick = waiting.pop(index)
                break
        if pick is None and not exhausted:
            for candidate in source:
                if not last_keys or not (keys.get(candidate, empty) & last_keys):
                    pick = candidate
                    break
                waiting.append(candidate)
            else:
                exhausted = True
        if pick is None:
            if not waiting:
                break
            pick = waiting.pop(0)
        out.append(pick)
        last_keys = keys.get(pick, empty)
    return out


def select_questions(
    bank: Bank,
    *,
    section: str | None = None,
    tag: str | None = None,
    question_ids: Iterable[str] | None = None,
) -> list[Any]:
    """The bank's questions that pass the filters, in bank order.

    Args:
        bank: the bank.
        section: only this section's questions.
        tag: only questions with this tag.
        question_ids: only these questions (ids not in the bank are ignored).

    Returns:
        The questions.
    """
    wanted = set(question_ids) if question_ids is not None else None
    chosen = []
    for question in bank.questions:
        if section is not None and question.section != section:
            continue
        if tag is not None and tag not in question.tags:
            continue
        if wanted is not None and question.id not in wanted:
            continue
        chosen.append(question)
    return chosen


def _passes(question: Any, section: str | None, tag: str | None) -> bool:
    if section is not None and question.section != section:
        return False
    return tag is None or tag in question.tags


def order_queue(
    bank: Bank,
    due_ids: Iterable[str],
    known_ids: Collection[str],
    *,
    new_limit: int = DEFAULT_NEW_PER_DAY,
    new_done_today: int = 0,
    section: str | None = None,
    tag: str | None = None,
    include_new: bool = True,
) -> list[str]:
    """Today's queue from due ids already in priority order (the store's fast path).

    Args:
        bank: the bank.
        due_ids: ids of due cards, lowest retrievability first (may include removed questions).
        known_ids: ids of every card the learner has in this bank (everything else is new).
        new_limit: new questions allowed per local day.
        new_done_today: new questions already introduced today.
        section: only this section.
        tag: only this tag.
        include_new: False for review-only sessions.

    Returns:
        Question ids in the order to ask them.
    """
    ids, id_set = _bank_ids(bank)
    filtered = section is not None or tag is not None
    if filtered:
        ordered = [
            qid
            for qid in due_ids
            if (question := bank.get(qid)) is not None and _passes(question, section, tag)
        ]
    else:
        ordered = [qid for qid in due_ids if qid in id_set]
    room = max(0, new_limit - new_done_today) if include_new else 0
    if room:
        # C-speed scan past the questions already known, in bank order
        for qid in filterfalse(known_ids.__contains__, ids):
            if filtered and not _passes(bank.get(qid), section, tag):
                continue
            ordered.append(qid)
            room -= 1
            if not room:
                break
    return interleave_questions(bank, ordered)


INTERLEAVE_HEAD = 2000
"""Only the first this many queued questions are pulled apart; the rest keep priority order
(no session gets that far in one sitting, and it bounds the cost at 50,000 questions)."""


def interleave_questions(bank: Bank, ordered: Sequence[str]) -> list[str]:
    """:func:`interleave` with the bank's sibling keys (cached per bank), head only."""
    head = ordered[:INTERLEAVE_HEAD]
    cache = _sibling_cache(bank)
    keys: dict[str, frozenset[str]] = {}
    for qid in head:
        found = cache.get(qid)
        if found is None:
            question = bank.get(qid)
            found = sibling_keys(question) if question is not None else frozenset()
            cache[qid] = found
        keys[qid] = found
    return [*interleave(head, keys), *ordered[INTERLEAVE_HEAD:]]


_SIBLING_CACHES: dict[int, dict[str, frozenset[str]]] = {}
_ID_CACHES: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}


def _bank_ids(bank: Bank) -> tuple[tuple[str, ...], frozenset[str]]:
    """The bank's question ids in order and as a set (cached per bank object)."""
    key = id(bank)
    cached = _ID_CACHES.get(key)
    if cached is None:
        ids = tuple(q.id for q in bank.questions)
        cached = (ids, frozenset(ids))
        if _forget_with(bank, _ID_CACHES, key):
            _ID_CACHES[key] = cached
    return cached


def _forget_with(bank: Bank, cache: dict[int, Any], key: int) -> bool:
    """Drop ``cache[key]`` when the bank is garbage-collected; False if that can't be known."""
    try:
        weakref.finalize(bank, cache.pop, key, None)
    except TypeError:  # not weak-referenceable: don't cache
        return False
    return True


def _sibling_cache(bank: Bank) -> dict[str, frozenset[str]]:
    key = id(bank)
    cache = _SIBLING_CACHES.get(key)
    if cache is None:
        cache = {}
        if _forget_with(bank, _SIBLING_CACHES, key):
            _SIBLING_CACHES[key] = cache
    return cache


def build_queue(
    bank: Bank,
    card_rows: Mapping[str, CardLike],
    now: datetime,
    *,
    new_limit: int = DEFAULT_NEW_PER_DAY,
    new_done_today: int = 0,
    section: str | None = None,
    tag: str | None = None,
    question_ids: Iterable[str] | None = None,
    include_new: bool = True,
) -> list[str]:
    """Today's queue of question ids.

    1. Due questions (learning, relearning or review with ``due <= now``), lowest current
       retrievability first (the most overdue relative to their stability).
    2. New questions (never reviewed) in bank order, at most ``new_limit - new_done_today``.
    3. Siblings (same source sentence or enumeration) are pulled apart (:func:`interleave`).

    Questions stored but no longer in the bank are simply not in the queue (their history stays).
    With ``question_ids`` (study exactly these now) every listed question is queued whether due
    or not, without a new limit: due ones first, then the others by retrievability, then new.

    Args:
        bank: the bank.
        card_rows: the profile's stored cards of this bank by question id.
        now: the current instant.
        new_limit: new questions allowed per local day.
        new_done_today: new questions already introduced today.
        section: only this section.
        tag: only this tag.
        question_ids: only (and all of) these questions.
        include_new: False for review-only sessions.

    Returns:
        Question ids in the order to ask them.
    """
    now_ts = to_epoch(now)
    wanted = set(question_ids) if question_ids is not None else None
    if wanted is None:
        # Only due cards matter; R = (1 + F·t/S)^(-w20) falls as t/S grows, so sorting by t/S
        # descending is sorting by R ascending (cards without stability first).
        keyed: list[tuple[float, str]] = []
        for qid, row in card_rows.items():
            if row.due <= now_ts:
                stability, last = row.stability, row.last_review
                if stability and last is not None:
                    keyed.append((-(now_ts - last) / stability, qid))
                else:
                    keyed.append((-math.inf, qid))
        keyed.sort()
        return order_queue(
            bank,
            (qid for _, qid in keyed),
            card_rows,
            new_limit=new_limit,
            new_done_today=new_done_today,
            section=section,
            tag=tag,
            include_new=include_new,
        )
    due: list[tuple[float, str]] = []
    later: list[tuple[float, str]] = []
    for qid, row in card_rows.items():
        if qid not in wanted:
            continue
        r = retrievability(row.stability, row.last_review, now_ts)
        if row.due <= now_ts:
            due.append((r, qid))
        else:
            later.append((r, qid))
    due.sort()
    later.sort()
    chosen = [qid for _, qid in (*due, *later)]
    if include_new:
        chosen.extend(q.id for q in bank.questions if q.id in wanted and q.id not in card_rows)
    ordered = [
        qid
        for qid in chosen
        if (question := bank.get(qid)) is not None and _passes(question, section, tag)
    ]
    return interleave_questions(bank, ordered)


def changed_questions(bank: Bank, card_rows: Mapping[str, Any]) -> list[str]:
    """Questions whose content changed since the learner last reviewed them (hash differs).

    Args:
        bank: the current bank.
        card_rows: stored card rows by question id (with ``content_hash``).

    Returns:
        Question ids in bank order.
    """
    out = []
    for question in bank.questions:
        row = card_rows.get(question.id)
        if row is not None and row.content_hash and row.content_hash != question.content_hash:
            out.append(question.id)
    return out


def removed_questions(bank: Bank, card_rows: Mapping[str, Any]) -> list[str]:
    """Stored questions that are no longer in the bank (their history is kept)."""
    return sorted(qid for qid in card_rows if bank.get(qid) is None)


def interval_days(card: Card) -> float:
    """Days from the card's last review to its due time (0 for a card never reviewed)."""
    if card.last_review is None:
        return 0.0
    return (card.due - card.last_review).total_seconds() / SECONDS_PER_DAY


def rating_name(rating: int) -> str:
    """``again``, ``hard``, ``good`` or ``easy``."""
    return RATING_NAMES.get(int(rating), str(rating))


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean, 0 for nothing."""
    total = 0.0
    count = 0
    for value in values:
        total += value
        count += 1
    return total / count if count else 0.0
