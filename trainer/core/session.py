"""A study, review or exam session: queue → question → grade → record → next.

Front ends (the plain-text mode, the Textual app, the group server) drive a
:class:`StudySession`::

    session = StudySession(bank, store, "alice", SessionOptions(mode="study"))
    while (question := session.current) is not None:
        outcome = session.submit(answer)        # graded and committed to the store
        # show outcome.grade; optionally session.override_rating(1..4)
        session.advance()
    summary = session.finish()

* study — due reviews then new questions (daily limit in the learner's local day), then learning
  steps as they fall due (shown early at the end of the session).
* review — due reviews only (and their learning steps).
* exam — ``exam_size`` questions drawn across sections regardless of the schedule (seeded),
  optionally timed; answers are recorded with ``mode="exam"`` and move the cards like any review.

What a learner sees cannot give the answer away: choice options and order items are shuffled
per presentation (:func:`present`, seeded by learner, question, review count and showing, so a
session replays exactly), the answer is stored against the option's identity (bank letters),
the section title is withheld when it is part of the answer (:func:`section_reveals_answer`),
and new questions sharing a sentence or items with one answered today are buried until the
next day (unless asked for by id). Peeking at the report before answering caps the rating like
a hint and is logged. :meth:`StudySession.undo` takes the last answer back.
"""

from __future__ import annotations

import random
import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import Rating

from trainer.core import scheduling
from trainer.core.clock import Clock, day_bounds, from_epoch, to_epoch, utc_now
from trainer.core.qtypes.base import Presentation
from trainer.core.qtypes.registry import TYPES

if TYPE_CHECKING:
    from trainer.core.bank import Bank
    from trainer.core.store import ExamRecord, ReviewRecord, Store

Grader = Callable[[Any, Any], Any]
MODES = ("study", "review", "exam", "challenge")
MAX_SHOWS_PER_SESSION = 4
"""A question comes back at most this often in one session; its remaining learning step is
kept in the store and shows up in the next session."""
ANSWER_SEPARATOR = " | "
"""How a multi-part answer (blanks, list items) is stored as text in the review log."""


class SessionError(Exception):
    """The session cannot do what was asked (nothing to answer, time is up…)."""


BURY_SLACK = 3
"""New questions looked at per free new slot, so that buried siblings are replaced by others."""
_PINYIN = re.compile(r"^[A-Za-züÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ'\s]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_LOOSE = re.compile(r"[\s，。；、,.;:：！？!?“”\"'（）()《》【】·—-]+")


def presentation_seed(
    profile: str, bank_id: str, question_id: str, reviews: int, shown: int
) -> str:
    """The seed of one showing: the learner, the question, its stored reviews so far and how
    often it was shown in this session (so a test can replay what a learner saw)."""
    return f"{profile}\x1f{bank_id}\x1f{question_id}\x1f{reviews}\x1f{shown}"


def present(question: Any, seed: str) -> Presentation:
    """Shuffle a choice question's options or an order question's items for one showing.

    Args:
        question: the bank's question.
        seed: any string; the same seed gives the same presentation.

    Returns:
        The presentation; other question types are shown as they are.
    """
    kind = TYPES.get(getattr(question, "type", ""))
    if kind is None:
        return Presentation(question)
    return kind.present(question, random.Random(seed))


def answer_strings(question: Any) -> list[str]:
    """Every piece of a question's expected answer (accepted wordings included)."""
    kind = TYPES.get(getattr(question, "type", ""))
    return kind.answer_strings(question) if kind is not None else []


def section_reveals_answer(question: Any, title: str) -> bool:
    """The section title contains part of the answer (so it must not be shown before it).

    True when an expected piece of two or more characters appears in the title, or when four
    consecutive characters of the title appear in the answer (a heading asked for in part).
    """
    loose_title = _LOOSE.sub("", title or "")
    if not loose_title:
        return False
    pieces = [_LOOSE.sub("", piece) for piece in answer_strings(question)]
    joined = "".join(pieces)
    if any(len(piece) >= 2 and piece in loose_title for piece in pieces):
        return True
    return any(loose_title[i : i + 4] in joined for i in range(max(0, len(loose_title) - 3)))


def expected_display(question: Any) -> str:
    """The right answer as a learner reads it (options by text, items joined by ；)."""
    kind = TYPES.get(getattr(question, "type", ""))
    return kind.expected_display(question) if kind is not None else ""


def answer_problem(question: Any, answer: str | Sequence[str]) -> str | None:
    """Why an answer should not be graded at all (it would only record a meaningless ✗).

    Returns:
        ``study.answer.no_choice`` (a choice or true/false with nothing selected),
        ``study.answer.pinyin`` (Latin letters only where Chinese is expected: the input method
        is off), or None.
    """
    text = answer_text(answer).replace(ANSWER_SEPARATOR, " ").strip()
    kind = TYPES.get(getattr(question, "type", ""))
    if kind is not None and kind.picked:
        return None if text else "study.answer.no_choice"
    if (kind is not None and not kind.typed_in_chinese) or not text:
        return None
    expected = "".join(answer_strings(question))
    letters = len(_LATIN.findall(text))
    if (
        letters >= 2
        and _PINYIN.match(text)
        and _CJK.search(expected)
        and not _LATIN.search(expected)
    ):
        return "study.answer.pinyin"
    return None


@dataclass
class SessionOptions:
    """What to study.

    Attributes:
        mode: ``study``, ``review``, ``exam`` or ``challenge`` (挑战答题: questions from the
            whole selection, due or not, until the first wrong answer).
        section: only this section.
        tag: only questions with this tag.
        question_ids: exactly these questions (due or not, no new limit).
        new_limit: new questions today (default: the ``new_per_day`` setting).
        exam_size: questions in an exam.
        exam_seconds: time limit of an exam (None: untimed).
        seed: random seed of the exam draw (None: random).
    """

    mode: str = "study"
    section: str | None = None
    tag: str | None = None
    question_ids: Sequence[str] | None = None
    new_limit: int | None = None
    exam_size: int = 20
    exam_seconds: int | None = None
    seed: int | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown session mode {self.mode!r} (one of {', '.join(MODES)})")
        if self.new_limit is not None and self.new_limit < 0:
            raise ValueError("new_limit cannot be negative")
        if self.exam_size < 1:
            raise ValueError("an exam needs at least one question")
        if self.exam_seconds is not None and self.exam_seconds <= 0:
            raise ValueError("the exam time must be positive")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "mode": self.mode,
            "section": self.section,
            "tag": self.tag,
            "question_ids": list(self.question_ids) if self.question_ids is not None else None,
            "new_limit": self.new_limit,
            "exam_size": self.exam_size,
            "exam_seconds": self.exam_seconds,
            "seed": self.seed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionOptions:
        """The inverse of :meth:`to_dict` (unknown keys are ignored)."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass(frozen=True)
class SessionProgress:
    """Where the session is: answers given, questions left (learning steps included).

    ``new``, ``learning`` and ``review`` split ``remaining`` as Anki does: questions never
    seen, learning steps still to come in this session, and due reviews. The question on
    screen counts until it is answered, so the three fall as the session goes.
    """

    answered: int
    remaining: int
    correct: int
    new: int = 0
    learning: int = 0
    review: int = 0

    def to_dict(self) -> dict[str, int]:
        """JSON-ready form."""
        return {
            "answered": self.answered,
            "remaining": self.remaining,
            "correct": self.correct,
            "new": self.new,
            "learning": self.learning,
            "review": self.review,
        }


@dataclass
class Outcome:
    """The result of one answer.

    Attributes:
        grade: the grading result (``trainer.core.grading.Grade``).
        rating: the rating stored (the suggestion, or the learner's override).
        suggested_rating: the rating the trainer suggested from the grade.
        review_id: the stored review.
        next_due: when the question comes back.
        question: the question answered.
        record: the stored review record.
    """

    grade: Any
    rating: Rating
    suggested_rating: Rating
    review_id: int
    next_due: datetime | None
    question: Any
    record: ReviewRecord | None = None

    @property
    def overridden(self) -> bool:
        """The learner changed the suggested rating."""
        return self.rating != self.suggested_rating

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        grade = self.grade.to_dict() if hasattr(self.grade, "to_dict") else None
        return {
            "question_id": getattr(self.question, "id", None),
            "grade": grade,
            "rating": int(self.rating),
            "suggested_rating": int(self.suggested_rating),
            "review_id": self.review_id,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }


@dataclass
class SessionSummary:
    """What a session did; for the summary screen and the plain mode's last lines.

    ``to_review`` lists questions answered wrong/partial or rated Again/Hard. For exams,
    ``exam_score`` is the mean score over all drawn questions (unanswered count 0) and
    ``exam_sections`` maps section id to ``{"total", "answered", "correct", "score"}``, and
    ``exam_details`` lists every drawn question in order (``question_id``, ``section``,
    ``answer`` as the learner gave it, ``expected``, ``verdict`` — ``unanswered`` when none —,
    ``score``, ``source``). An exam's ``to_review`` holds every question not answered right,
    unanswered ones included.
    """

    mode: str
    answered: int
    correct: int
    accuracy: float
    duration_s: float
    to_review: list[str] = field(default_factory=list)
    next_due: datetime | None = None
    exam_id: int | None = None
    exam_score: float | None = None
    exam_sections: dict[str, dict[str, Any]] | None = None
    exam_size: int | None = None
    exam_details: list[dict[str, Any]] | None = None
    questions: int | None = None  # distinct questions answered (``answered`` counts answers)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "exam_details": self.exam_details,
            "mode": self.mode,
            "answered": self.answered,
            "correct": self.correct,
            "accuracy": self.accuracy,
            "duration_s": self.duration_s,
            "to_review": list(self.to_review),
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "exam_id": self.exam_id,
            "exam_score": self.exam_score,
            "exam_sections": self.exam_sections,
            "exam_size": self.exam_size,
            "questions": self.questions,
        }


def _kind(question: Any) -> str:
    """The type name of a question (None of the bank: "")."""
    return str(getattr(question, "type", "") or "")


def _quick_types() -> frozenset[str]:
    """The registered types a 挑战答题 asks (their home says so: ``quick``)."""
    return frozenset(name for name, kind in TYPES.items() if kind.quick)


def answer_text(answer: str | Sequence[str]) -> str:
    """An answer as stored in the log: a string as is, parts joined by `` | ``."""
    if isinstance(answer, str):
        return answer
    return ANSWER_SEPARATOR.join(str(part) for part in answer)


def draw_exam(
    bank: Bank,
    size: int,
    *,
    seed: int | None = None,
    section: str | None = None,
    tag: str | None = None,
    question_ids: Sequence[str] | None = None,
) -> list[str]:
    """Draw exam questions spread across sections, regardless of the schedule.

    Each section's questions are shuffled, then taken round-robin over the sections (in random
    order), so every section is represented before any section gives a second question.

    Args:
        bank: the bank.
        size: questions wanted (fewer if the selection is smaller).
        seed: random seed (the same seed draws the same exam).
        section: only this section.
        tag: only this tag.
        question_ids: only among these.

    Returns:
        Question ids in the order to ask them.
    """
    rng = random.Random(seed)
    pool = scheduling.select_questions(bank, section=section, tag=tag, question_ids=question_ids)
    by_section: dict[str, list[str]] = {}
    for question in pool:
        by_section.setdefault(question.section or "", []).append(question.id)
    groups = list(by_section.values())
    for group in groups:
        rng.shuffle(group)
    rng.shuffle(groups)
    drawn: list[str] = []
    index = 0
    while len(drawn) < size and any(groups):
        group = groups[index % len(groups)]
        if group:
            drawn.append(group.pop())
        index += 1
    return drawn


@dataclass(frozen=True)
class StudyPlan:
    """What a study or review session started now holds before its first question.

    Worked out by :func:`plan_study`, the one home of the session's queue rules (daily new
    limit, exam plan, suspended questions, burying of siblings, learning steps joining at the
    end): the session starts from it and the home screen counts it.
    """

    queue: list[str]
    """Question ids in the order to ask them."""
    new_ids: frozenset[str]
    """Queued questions that are new (never studied)."""
    learning_ids: frozenset[str]
    """Queued questions in a learning step."""
    learning: dict[str, float]
    """Learning steps of earlier sessions that join at the end: question id → due (epoch)."""
    buried: list[str]
    """New questions held back until tomorrow (siblings of one answered or queued)."""

    def progress(self) -> SessionProgress:
        """The session's counts before its first answer (as :attr:`StudySession.progress`)."""
        new = learning = review = 0
        for qid in self.queue:
            if qid in self.new_ids:
                new += 1
            elif qid in self.learning_ids:
                learning += 1
            else:
                review += 1
        learning += len(self.learning)
        return SessionProgress(0, new + learning + review, 0, new, learning, review)


def plan_study(
    bank: Bank,
    store: Store,
    profile: str,
    options: SessionOptions,
    now: datetime,
    *,
    known: frozenset[str] | None = None,
) -> StudyPlan:
    """The queue of a study or review session (``options.mode``) started at ``now``.

    Args:
        bank: the loaded bank.
        store: the open store (read only).
        profile: an existing learner's name.
        options: what to study (mode study or review).
        now: the current instant.
        known: the ids of the learner's cards in this bank when the caller has just read
            them (the home screen), else they are read here.
    """
    new_limit = options.new_limit
    if new_limit is None:
        new_limit = int(store.get_setting("new_per_day", profile=profile))
    start, end = day_bounds(now, store.time_zone(profile))
    new_done = store.new_introduced(profile, start, end, bank_id=bank.id)
    include_new = options.mode == "study"
    if known is None:
        known = store.known_question_ids(profile, bank.id)
    soon = store.learning_due(profile, bank.id, now + scheduling.LEARN_AHEAD)
    plan = store.exam_plan(profile)
    if plan is not None and options.new_limit is None and include_new:
        # an exam date: start every question early enough to learn it (scheduling.exam)
        unseen = len(bank.questions) - len(known)
        new_limit = scheduling.new_limit_for_exam(
            plan, now, unseen=max(0, unseen), base_limit=new_limit
        )
    from trainer.core.store.marks import marked

    buried: list[str] = []
    if options.question_ids is None:
        suspended = marked(store, profile, bank.id, "suspended")
        # the fast path: SQLite orders the due cards, only ids cross into Python
        room = max(0, new_limit - new_done)
        queue = scheduling.order_queue(
            bank,
            store.due_question_ids(profile, bank.id, now),
            known if include_new else frozenset(),
            # look further than the free slots: buried siblings are replaced by others
            new_limit=new_done + room * BURY_SLACK,
            new_done_today=new_done,
            section=options.section,
            tag=options.tag,
            include_new=include_new,
        )
        queue = [qid for qid in queue if qid not in suspended]
        queue, buried = _bury_siblings(bank, store, profile, queue, known, room, start)
    else:
        suspended = frozenset()
        queue = scheduling.build_queue(
            bank,
            store.card_states(profile, bank.id),
            now,
            section=options.section,
            tag=options.tag,
            question_ids=options.question_ids,
            include_new=include_new,
        )
    # Learning steps of earlier sessions that fall due soon join at the end.
    queued = set(queue)
    wanted = set(options.question_ids) if options.question_ids is not None else None
    learning: dict[str, float] = {}
    for qid, due in soon.items():
        question = bank.get(qid)
        if (
            question is not None
            and qid not in suspended
            and qid not in queued
            and (wanted is None or qid in wanted)
            and (options.section is None or question.section == options.section)
            and (options.tag is None or options.tag in question.tags)
        ):
            learning[qid] = due
    return StudyPlan(
        queue=queue,
        new_ids=frozenset(qid for qid in queue if qid not in known),
        learning_ids=frozenset(qid for qid in queue if qid in soon),
        learning=learning,
        buried=buried,
    )


def _bury_siblings(
    bank: Bank,
    store: Store,
    profile: str,
    queue: Sequence[str],
    known: frozenset[str],
    room: int,
    day_start: datetime,
) -> tuple[list[str], list[str]]:
    """Hold back new questions that share a sentence or items with one answered today or
    queued before them (Anki's burying): one's feedback would answer the other. At most
    ``room`` new questions are kept. Returns (kept, buried)."""
    keys = scheduling.bank_sibling_keys(bank)  # worked out once per loaded bank
    seen: set[str] = set()
    for record in store.iter_reviews(profile, day_start, bank_id=bank.id):
        seen |= keys(record.question_id)
    for qid in queue:  # due reviews come first whatever their place
        if qid in known:
            seen |= keys(qid)
    kept: list[str] = []
    buried: list[str] = []
    new_kept = 0
    for qid in queue:
        if qid in known:
            kept.append(qid)
            continue
        if new_kept >= room:
            continue
        if keys(qid) & seen:
            buried.append(qid)
            continue
        seen |= keys(qid)
        kept.append(qid)
        new_kept += 1
    return kept, buried


class StudySession:
    """One session of one learner on one bank.

    Args:
        bank: the loaded bank.
        store: the open store.
        profile_name: the learner (created if missing).
        options: what to study (default: a normal study session).
        clock: the current instant (inject a ``FixedClock`` in tests).
        grader: ``grade(question, answer)``; default ``trainer.core.grading.grade``.

    Raises:
        ValueError: bad options.
        StoreError: the store cannot be read or written.
    """

    def __init__(
        self,
        bank: Bank,
        store: Store,
        profile_name: str | None = None,
        options: SessionOptions | None = None,
        clock: Clock = utc_now,
        *,
        grader: Grader | None = None,
    ) -> None:
        self.bank = bank
        self.store = store
        self.options = options or SessionOptions()
        self.clock = clock
        self.profile = store.resolve_profile(profile_name).name
        self._grader = grader
        self.started_at = clock()
        self.finished_at: datetime | None = None
        self.exam: ExamRecord | None = None
        self._queue: deque[str] = deque()
        self._learning: dict[str, float] = {}  # question id -> due (epoch) of a learning step
        self._current: Any = None
        self._current_answered = False
        self._shown_at: datetime | None = None
        self._last: Outcome | None = None
        self._answered = 0
        self._correct = 0
        self._weak: dict[str, set[int]] = {}  # question id -> its weak reviews this session
        self._exam_results: dict[str, Any] = {}  # question id -> grade
        self._drawn: list[str] = []
        self._shows: dict[str, int] = {}  # question id -> times shown in this session
        self._presentation: Presentation | None = None
        self._peeked = False
        # answers that undo can take back, with how each was shown and its count (new…)
        self._history: list[tuple[Outcome, Presentation, str]] = []
        self._new_ids: set[str] = set()  # queued questions that were new when queued
        self._learning_ids: set[str] = set()  # queued questions in a learning step
        self._current_kind = ""  # new | learning | review, of the question on screen
        self._exam_answers: dict[str, str] = {}  # question id -> the answer as the learner read it
        self.buried: list[str] = []  # new questions held back until tomorrow (siblings)
        self._build()
        self.advance()

    # ----------------------------------------------------------------- building

    def _build(self) -> None:
        options = self.options
        now = self.clock()
        if options.mode == "exam":
            drawn = draw_exam(
                self.bank,
                options.exam_size,
                seed=options.seed,
                section=options.section,
                tag=options.tag,
                question_ids=options.question_ids,
            )
            self._queue.extend(drawn)
            self._drawn = drawn
            self.exam = self.store.start_exam(
                self.profile,
                self.bank.id,
                len(drawn),
                time_limit_s=options.exam_seconds,
                started_at=now,
            )
            return
        if options.mode == "challenge":
            # The selection's quick questions (one answer each), spread over the sections; the
            # run ends at the first wrong answer (see _after_rating).
            drawn = draw_exam(
                self.bank,
                len(self.bank.questions),
                seed=options.seed,
                section=options.section,
                tag=options.tag,
                question_ids=options.question_ids,
            )
            # the types answered in one go (lists and orderings only when nothing else is left)
            quick = [qid for qid in drawn if _kind(self.bank.get(qid)) in _quick_types()]
            self._queue.extend(quick or drawn)
            return
        plan = plan_study(self.bank, self.store, self.profile, options, now)
        self._queue.extend(plan.queue)
        self._new_ids = set(plan.new_ids)
        self._learning_ids = set(plan.learning_ids)
        self._learning.update(plan.learning)
        self.buried = list(plan.buried)

    # ----------------------------------------------------------------- state

    @property
    def current(self) -> Any:
        """The question to answer (or whose feedback is showing) as it is shown — a choice
        question's options in their shuffled order —, None when the session is over."""
        if self._current is None:
            return None
        return self._presentation.question if self._presentation else self._current

    @property
    def presentation(self) -> Presentation | None:
        """How the current question is shown (shuffled options, the order items' start)."""
        return self._presentation if self._current is not None else None

    def section_shown(self) -> str | None:
        """The current question's section id if its title may be shown (it gives none of the
        answer away), else None."""
        question = self._current
        if question is None or not question.section:
            return None
        if section_reveals_answer(question, self.bank.section_title(question.section)):
            return None
        return str(question.section)

    @property
    def last_outcome(self) -> Outcome | None:
        """The outcome of the last answer."""
        return self._last

    @property
    def answered_current(self) -> bool:
        """The current question has been answered (feedback is showing)."""
        return self._current is not None and self._current_answered

    @property
    def progress(self) -> SessionProgress:
        """Answers given, questions left (new / learning / review), correct so far."""
        counts = {"new": 0, "learning": len(self._learning), "review": 0}
        for qid in self._queue:
            counts[self._kind_of(qid)] += 1
        if self._current is not None and not self.answered_current and self._current_kind:
            counts[self._current_kind] += 1
        pending = sum(counts.values())
        return SessionProgress(self._answered, pending, self._correct, **counts)

    def _kind_of(self, qid: str) -> str:
        if qid in self._new_ids:
            return "new"
        if qid in self._learning_ids:
            return "learning"
        return "review"

    @property
    def upcoming(self) -> list[str]:
        """Question ids still queued (learning steps not included)."""
        return list(self._queue)

    def time_left(self) -> float | None:
        """Seconds left in a timed exam (never negative), None if untimed."""
        if self.options.mode != "exam" or not self.options.exam_seconds:
            return None
        elapsed = (self.clock() - self.started_at).total_seconds()
        return max(0.0, self.options.exam_seconds - elapsed)

    @property
    def expired(self) -> bool:
        """A timed exam whose time is up."""
        left = self.time_left()
        return left is not None and left <= 0

    # ----------------------------------------------------------------- answering

    def _grade(self, question: Any, answer: str | Sequence[str]) -> Any:
        grader = self._grader
        if grader is None:
            from trainer.core.grading import grade

            grader = grade
        return grader(question, answer)

    def submit(
        self,
        answer: str | Sequence[str],
        *,
        hint_used: bool = False,
        duration_ms: int | None = None,
        at_time_up: bool = False,
    ) -> Outcome:
        """Grade the answer to the current question and commit it to the store.

        Args:
            answer: the learner's text, or one entry per blank / list item; a choice answer
                uses the letters as shown (it is stored as the options' bank letters).
            hint_used: the hint was shown (caps the rating at Hard; so does a peek at the
                report, see :meth:`peek`).
            duration_ms: time taken; None measures it with the session's clock (a clock that did
                not move means unknown, which never earns Easy).
            at_time_up: the exam's time has just run out and this is the answer that was typed
                but not yet submitted: it is graded rather than thrown away.

        Returns:
            The outcome; the review is already on disk.

        Raises:
            SessionError: nothing to answer, the question was already answered, or the exam's
                time is up.
            StoreError: the store cannot be written.
        """
        question = self._current
        if question is None:
            raise SessionError("the session is over: nothing to answer")
        if self.answered_current:
            raise SessionError("this question was already answered; call advance()")
        if self.expired and not at_time_up:
            raise SessionError("the exam's time is up")
        now = self.clock()
        presentation = self._presentation or Presentation(question)
        shown = presentation.question
        hint_used = hint_used or self._peeked
        if duration_ms is None and self._shown_at is not None:
            measured = int((now - self._shown_at).total_seconds() * 1000)
            duration_ms = measured if measured > 0 else None
        grade = self._grade(shown, answer)
        stored_answer = self._identity_answer(presentation, answer)
        suggested = scheduling.rating_from_grade(
            grade.verdict,
            hint_used=hint_used,
            duration_ms=duration_ms,
            answer_length=scheduling.expected_length(question),
        )
        record = self.store.record_review(
            self.profile,
            bank_id=self.bank.id,
            question_id=question.id,
            content_hash=question.content_hash,
            rating=suggested,
            suggested_rating=int(suggested),
            verdict=grade.verdict,
            score=float(grade.score),
            answer=stored_answer,
            mode=self.options.mode,
            duration_ms=duration_ms,
            hint_used=hint_used,
            reviewed_at=now,
            exam_id=self.exam.id if self.exam else None,
        )
        if self._peeked:
            from trainer.core.store.marks import log_peek

            log_peek(self.store, record.uid, now)
        self._answered += 1
        if grade.remembered:
            self._correct += 1
        if self.options.mode == "exam":
            self._exam_results[question.id] = grade
            self._exam_answers[question.id] = self._readable_answer(shown, answer)
        outcome = Outcome(
            grade=grade,
            rating=suggested,
            suggested_rating=suggested,
            review_id=int(record.id or 0),
            next_due=None,
            question=shown,
            record=record,
        )
        self._after_rating(outcome)
        self._last = outcome
        self._history.append((outcome, presentation, self._current_kind))
        self._current_answered = True
        return outcome

    @staticmethod
    def _identity_answer(presentation: Presentation, answer: str | Sequence[str]) -> str:
        """The answer as stored: a choice by the bank letters of the options chosen."""
        kind = TYPES.get(_kind(presentation.question))
        stored = kind.stored_answer(presentation, answer) if kind else None
        return stored if stored is not None else answer_text(answer)

    @staticmethod
    def _readable_answer(shown: Any, answer: str | Sequence[str]) -> str:
        """The answer for the exam's 答题详情 (a choice by its options' texts)."""
        kind = TYPES.get(_kind(shown))
        own = kind.readable_answer(shown, answer) if kind else None
        if own is not None:
            return own
        if isinstance(answer, str):
            return answer.strip()
        parts = [str(part).strip() for part in answer]
        return "；".join(part or "＿" for part in parts) if any(parts) else ""

    def peek(self) -> bool:
        """The learner opens the report before answering: the answer then counts as helped
        (rating at most Hard, like a hint) and the peek is logged with the review.

        Returns:
            True when this peek caps the rating (a question is waiting for its answer); False
            after the answer (reading the report then is free) and in exams.
        """
        if self._current is None or self.answered_current or self.options.mode == "exam":
            return False
        self._peeked = True
        return True

    @property
    def peeked(self) -> bool:
        """The learner looked at the report before answering the current question."""
        return self._peeked

    def can_undo(self) -> bool:
        """An answer of this session can be taken back (never in an exam)."""
        return bool(self._history) and self.options.mode != "exam" and self.finished_at is None

    def undo(self) -> Any:
        """Take back the last answer: its review leaves the log, its card is restored and the
        question is asked again (a question shown meanwhile waits for its turn).

        Returns:
            The question to answer again.

        Raises:
            SessionError: nothing to undo, or an exam.
            StoreError: the store cannot be written.
        """
        from trainer.core.store.marks import undo_review

        if not self.can_undo():
            raise SessionError("nothing to undo")
        outcome, presentation, kind = self._history[-1]
        undo_review(self.store, outcome.review_id)
        self._history.pop()
        question = self.bank.get(outcome.question.id)
        self._answered -= 1
        if outcome.grade.remembered:
            self._correct -= 1
        weak = self._weak.get(outcome.question.id)
        if weak is not None:
            weak.discard(outcome.review_id)
        self._learning.pop(outcome.question.id, None)
        current = self._current
        if current is not None and current.id != outcome.question.id and not self._current_answered:
            # the question on screen goes back to the front of the queue, unseen
            self._queue.appendleft(current.id)
            self._shows[current.id] = max(0, self._shows.get(current.id, 1) - 1)
            if self._current_kind == "new":
                self._new_ids.add(current.id)
            elif self._current_kind == "learning":
                self._learning_ids.add(current.id)
        self._current = question
        self._presentation = presentation
        self._current_kind = kind
        self._current_answered = False
        self._peeked = False
        self._shown_at = self.clock()
        self._last = self._history[-1][0] if self._history else None
        return self.current

    def rating_intervals(self) -> dict[int, timedelta]:
        """For the last answer: how long until the question comes back under each rating 1–4
        (without the scheduler's random fuzz, so the figures do not jump)."""
        last = self._last
        if last is None or last.record is None:
            return {}
        import json

        from fsrs import Card

        before = last.record.card_before
        moment = last.record.reviewed_at
        card = (
            Card.from_json(json.dumps(before))
            if before is not None
            else scheduling.new_card(self.bank.id, last.question.id, moment)
        )
        scheduler = self.store.scheduler(self.profile, enable_fuzzing=False)
        intervals: dict[int, timedelta] = {}
        for value in (1, 2, 3, 4):
            after, _ = scheduler.review_card(card, Rating(value), moment)
            intervals[value] = max(timedelta(0), after.due - moment)
        return intervals

    def _after_rating(self, outcome: Outcome) -> None:
        """Note the card's next due time; re-queue learning steps; track questions to review."""
        question = outcome.question
        row = self.store.card_row(self.profile, self.bank.id, question.id)
        outcome.next_due = row.due_at if row is not None else None
        self._learning.pop(question.id, None)
        if self.options.mode == "challenge" and not outcome.grade.remembered:
            self._queue.clear()  # 挑战答题 ends at the first wrong answer
        if (
            self.options.mode not in ("exam", "challenge")
            and row is not None
            and scheduling.is_learning(row.state)
            and self._shows.get(question.id, 0) < MAX_SHOWS_PER_SESSION
        ):
            self._learning[question.id] = row.due
        weak = outcome.rating in (Rating.Again, Rating.Hard) or not outcome.grade.remembered
        weak_reviews = self._weak.setdefault(question.id, set())
        if weak:
            weak_reviews.add(outcome.review_id)
        else:
            weak_reviews.discard(outcome.review_id)  # an override to Good/Easy

    def override_rating(self, rating: int | Rating) -> Outcome:
        """Replace the rating of the last answer (keys 1–4); the override is what is stored.

        Args:
            rating: 1 again, 2 hard, 3 good, 4 easy.

        Returns:
            The updated outcome.

        Raises:
            ValueError: rating not 1–4.
            SessionError: nothing answered yet.
        """
        new = scheduling.to_rating(rating)
        last = self._last
        if last is None:
            raise SessionError("no answer to re-rate yet")
        if new == last.rating:
            return last
        record = self.store.override_rating(last.review_id, new)
        last.rating = new
        last.record = record
        self._after_rating(last)
        return last

    def advance(self) -> Any:
        """Move to the next question.

        Returns:
            The new current question, or None when the session is over (queue empty, or a timed
            exam's time is up).
        """
        self._current = self._next_question()
        self._peeked = False
        self._presentation = None
        if self._current is not None:
            qid = self._current.id
            self._shows[qid] = self._shows.get(qid, 0) + 1
            row = self.store.card_row(self.profile, self.bank.id, qid)
            reps = row.reps if row is not None else 0
            # per learner and review: everyone sees a different order, each time a new one
            seed = presentation_seed(self.profile, self.bank.id, qid, reps, self._shows[qid])
            self._presentation = present(self._current, seed)
        self._current_answered = False
        self._shown_at = self.clock() if self._current is not None else None
        return self._current

    def _next_question(self) -> Any:
        if self.expired:
            return None
        previous = self._current.id if self._current is not None else None
        now_ts = to_epoch(self.clock())
        # 1. a learning step that has fallen due (not the question just shown if avoidable)
        due_steps = sorted((due, qid) for qid, due in self._learning.items() if due <= now_ts)
        for _, qid in due_steps:
            if qid != previous or (len(due_steps) == 1 and not self._queue):
                question = self.bank.get(qid)
                del self._learning[qid]
                if question is not None:
                    self._current_kind = "learning"
                    return question
        # 2. the queue
        while self._queue:
            qid = self._queue.popleft()
            question = self.bank.get(qid)
            kind = self._kind_of(qid)
            self._new_ids.discard(qid)
            self._learning_ids.discard(qid)
            if question is not None:
                self._current_kind = kind
                return question
        # 3. at the end: the remaining learning steps, earliest first
        while self._learning:
            qid = min(self._learning, key=lambda q: self._learning[q])
            del self._learning[qid]
            question = self.bank.get(qid)
            if question is not None:
                self._current_kind = "learning"
                return question
        self._current_kind = ""
        return None

    # ----------------------------------------------------------------- the end

    def _exam_breakdown(self) -> tuple[float, dict[str, dict[str, Any]]]:
        assert self.exam is not None
        drawn = self._drawn
        sections: dict[str, dict[str, Any]] = {}
        total_score = 0.0
        for qid in drawn:
            question = self.bank.get(qid)
            key = (question.section if question is not None else None) or ""
            entry = sections.setdefault(
                key, {"total": 0, "answered": 0, "correct": 0, "score": 0.0}
            )
            entry["total"] += 1
            grade = self._exam_results.get(qid)
            if grade is not None:
                entry["answered"] += 1
                entry["correct"] += int(bool(grade.remembered))
                entry["score"] += float(grade.score)
                total_score += float(grade.score)
        for entry in sections.values():
            entry["score"] = round(entry["score"] / entry["total"], 4) if entry["total"] else 0.0
        score = total_score / len(drawn) if drawn else 0.0
        return round(score, 4), sections

    def summary(self) -> SessionSummary:
        """What the session did so far (or in total, after :meth:`finish`)."""
        end = self.finished_at or self.clock()
        soonest = self.store.earliest_due(self.profile, self.bank.id)
        dues = [due for qid, due in soonest if self.bank.get(qid) is not None]
        if not dues and len(soonest) == 50:  # 50 removed questions first: look at them all
            rows = self.store.card_states(self.profile, self.bank.id)
            dues = [row.due for qid, row in rows.items() if self.bank.get(qid) is not None]
        next_due = from_epoch(min(dues)) if dues else None
        summary = SessionSummary(
            mode=self.options.mode,
            answered=self._answered,
            correct=self._correct,
            accuracy=round(self._correct / self._answered, 4) if self._answered else 0.0,
            duration_s=round((end - self.started_at).total_seconds(), 3),
            to_review=[qid for qid, weak in self._weak.items() if weak],
            next_due=next_due,
            questions=len(self._weak),
        )
        if self.exam is not None:
            score, sections = self._exam_breakdown()
            summary.exam_id = self.exam.id
            summary.exam_score = score
            summary.exam_sections = sections
            summary.exam_size = self.exam.size
            summary.exam_details = self._exam_details()
            # unanswered questions are wrong too: they are the first to look at again
            summary.to_review = [
                entry["question_id"]
                for entry in summary.exam_details
                if entry["verdict"] not in ("correct", "close")
            ]
        return summary

    def _exam_details(self) -> list[dict[str, Any]]:
        details: list[dict[str, Any]] = []
        for qid in self._drawn:
            question = self.bank.get(qid)
            if question is None:
                continue
            grade = self._exam_results.get(qid)
            details.append(
                {
                    "question_id": qid,
                    "section": question.section,
                    "prompt": question.prompt,
                    "answer": self._exam_answers.get(qid, ""),
                    "expected": expected_display(question),
                    "verdict": str(grade.verdict) if grade is not None else "unanswered",
                    "score": float(grade.score) if grade is not None else 0.0,
                    "source": question.source,
                }
            )
        return details

    def finish(self) -> SessionSummary:
        """End the session (an exam is scored and recorded) and return its summary.

        Calling it again returns the same summary without recording anything twice.
        """
        if self.finished_at is None:
            self.finished_at = self.clock()
            self._queue.clear()
            self._learning.clear()
            self._current = None
            if self.exam is not None and self.exam.id is not None:
                score, sections = self._exam_breakdown()
                self.exam = self.store.finish_exam(
                    self.exam.id, score, sections, finished_at=self.finished_at
                )
        return self.summary()


def today_counts(
    bank: Bank,
    store: Store,
    profile_name: str | None,
    clock: Clock = utc_now,
    *,
    known: frozenset[str] | None = None,
) -> SessionProgress:
    """What a study session started now would hold (new / learning / review), so that the
    home screen says what the session will ask (buried siblings and suspended questions
    left out: the session's own :func:`plan_study`). Nothing is written. ``known``: the ids
    of the learner's cards in this bank when the caller has just read them."""
    profile = store.resolve_profile(profile_name).name
    return plan_study(bank, store, profile, SessionOptions(), clock(), known=known).progress()


def record_group_answer(
    store: Store,
    profile_name: str,
    bank: Bank,
    question: Any,
    grade: Any,
    duration_ms: int | None = None,
    *,
    answer: str | Sequence[str] = "",
    hint_used: bool = False,
    at: datetime | None = None,
    uid: str | None = None,
) -> ReviewRecord:
    """Put a group-session answer into a player's own history (``mode="group"``).

    The rating follows the same rules as in a study session, so the group session feeds the
    player's spaced repetition.

    Args:
        store: the player's store.
        profile_name: the player's profile (created if missing).
        bank: the bank the question comes from.
        question: the question.
        grade: its grade (``trainer.core.grading.Grade``).
        duration_ms: time taken to answer.
        answer: what the player answered.
        hint_used: a hint was shown.
        at: when (default now).
        uid: the uid the group host gave this answer (it records the same answer into the
            player's server history under it, so the server keeps it once); new if None.

    Returns:
        The stored review.
    """
    rating = scheduling.rating_from_grade(
        grade.verdict,
        hint_used=hint_used,
        duration_ms=duration_ms,
        answer_length=scheduling.expected_length(question),
    )
    return store.record_review(
        profile_name,
        bank_id=bank.id,
        question_id=question.id,
        content_hash=question.content_hash,
        rating=rating,
        suggested_rating=int(rating),
        verdict=grade.verdict,
        score=float(grade.score),
        answer=answer_text(answer),
        mode="group",
        duration_ms=duration_ms,
        hint_used=hint_used,
        reviewed_at=at,
        uid=uid,
    )


def due_in(outcome: Outcome, now: datetime) -> timedelta | None:
    """How long until the answered question comes back."""
    if outcome.next_due is None:
        return None
    return outcome.next_due - now
