"""Today's queue: due reviews by lowest retrievability, then new questions, siblings apart.

The queue works on the plain columns of the store's card rows (due, state, stability,
last_review as UTC epoch seconds) and never deserialises FSRS JSON, so it stays fast for tens of
thousands of questions.
"""

from __future__ import annotations

import math
import re
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import datetime
from itertools import filterfalse
from typing import TYPE_CHECKING, Any

from trainer.core.clock import to_epoch
from trainer.core.qtypes.registry import TYPES
from trainer.core.scheduling.memory import DEFAULT_NEW_PER_DAY, CardLike, retrievability

if TYPE_CHECKING:
    from trainer.core.bank import Bank


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
    kind = TYPES.get(getattr(question, "type", ""))
    words: Iterable[str] = kind.sibling_words(question) if kind is not None else ()
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
    keys_of = bank_sibling_keys(bank)
    keys = {qid: keys_of(qid) for qid in head}
    return [*interleave(head, keys), *ordered[INTERLEAVE_HEAD:]]


def bank_sibling_keys(bank: Bank) -> Callable[[str], frozenset[str]]:
    """``question id → sibling_keys`` of the bank's question (empty for an id not in it).

    A loaded bank does not change, so each question's keys are worked out once per bank
    object and kept while it lives: the queue, the burying of siblings and the home screen's
    counts after every answer look up the same questions again.
    """
    cache = _sibling_cache(bank)
    empty: frozenset[str] = frozenset()

    def keys_of(qid: str) -> frozenset[str]:
        found = cache.get(qid)
        if found is None:
            question = bank.get(qid)
            found = sibling_keys(question) if question is not None else empty
            cache[qid] = found
        return found

    return keys_of


_SIBLING_CACHES: dict[int, dict[str, frozenset[str]]] = {}
_ID_CACHES: dict[int, tuple[tuple[str, ...], frozenset[str]]] = {}


def _bank_ids(bank: Bank) -> tuple[tuple[str, ...], frozenset[str]]:
    """The bank's question ids in order and as a set (cached per bank object)."""
    key = id(bank)
    cached = _ID_CACHES.get(key)
    if cached is None:
        ids = bank.question_ids()
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


def mean(values: Iterable[float]) -> float:
    """The arithmetic mean, 0 for nothing."""
    total = 0.0
    count = 0
    for value in values:
        total += value
        count += 1
    return total / count if count else 0.0
