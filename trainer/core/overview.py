"""The home screen's figures: today's numbers, the 错题本, the daily goal, sections' progress.

:class:`OverviewSource` computes an :class:`Overview` from a few targeted reads of the store
(:mod:`trainer.core.store.overview_queries`, the review-day aggregates of the statistics and
the session's own counts) and keeps it until something it depends on changes: a write to the
store (by this process or another), the next moment a card falls due (or enters the
learning look-ahead), or the end of the learner's day. Showing the home screen again with
nothing changed reads nothing but the change stamp.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.core.bank import Bank
    from trainer.core.settings import Settings
    from trainer.core.store import Store
    from trainer.core.store.overview_queries import WrongBookCount


@dataclass(frozen=True)
class SectionRow:
    """One section's progress on the home screen (``id`` None and ``title`` "" for the
    questions without a section)."""

    id: str | None
    title: str
    total: int
    new: int
    learning: int
    mastered: int
    due: int


@dataclass
class Overview:
    """Today's numbers and per-section progress for the home screen."""

    due: int = 0
    new: int = 0
    done_today: int = 0
    streak: int = 0
    unseen: int = 0
    """Questions of the bank never studied."""
    new_done: int = 0
    """New questions introduced today."""
    next_due: datetime | None = None
    sections: list[SectionRow] = field(default_factory=list)
    challenge_best: int = 0
    goal: int | None = None
    """The daily goal (None when the session's counts could not be read)."""
    wrong_book: int = 0


def empty_overview(bank: Bank | None) -> Overview:
    """The figures without a store: every section, nothing studied."""
    if bank is None:
        return Overview()
    return Overview(
        sections=[SectionRow(s.id, s.title, 0, 0, 0, 0, 0) for s in bank.sections],
    )


class OverviewSource:
    """Computes the overview and keeps it while nothing it depends on changed."""

    def __init__(self) -> None:
        self._key: tuple[object, ...] | None = None
        self._computed_at = 0.0
        self._valid_until = 0.0
        self._value: Overview | None = None
        self._wrong_book: WrongBookCount | None = None
        self._bank: Bank | None = None
        self._place_of: dict[str, tuple[str, str]] = {}
        self._totals: dict[str, int] = {}

    def _places(self, bank: Bank) -> tuple[dict[str, tuple[str, str]], dict[str, int]]:
        """Of the bank, worked out once per bank: question id → (the row it counts in: its
        section, or "" for none or an unknown one; its own section id, "" for none), and the
        number of questions of each row."""
        if bank is not self._bank:
            from trainer.core.bank.cache import question_sections

            known = {s.id for s in bank.sections}
            # From the ids' index and the sections kept beside the cached bank, in C loops:
            # ~5 ms for 50,000 questions, where reading each question took 35–45 ms of the
            # home screen's first figures at start-up.
            own_sections = [own or "" for own in question_sections(bank)]
            place = {own: (own if own in known else "", own) for own in set(own_sections)}
            ids = bank.question_ids()
            if len(ids) == len(own_sections):
                places = dict(zip(ids, map(place.__getitem__, own_sections), strict=True))
            else:  # repeated ids (a bank built by hand): the last one wins, as in the index
                places = {
                    q.id: place[own] for q, own in zip(bank.questions, own_sections, strict=True)
                }
            totals: dict[str, int] = {sid: 0 for sid in known}
            for own, count in Counter(own_sections).items():
                row = place[own][0]
                totals[row] = totals.get(row, 0) + count
            self._place_of, self._totals, self._bank = places, totals, bank
        return self._place_of, self._totals

    def get(
        self,
        bank: Bank,
        store: Store,
        profile: str,
        clock: Callable[[], datetime],
        zone: tzinfo,
        settings: Settings,
    ) -> Overview:
        """The overview now (raises the store's errors)."""
        from trainer.core.store.overview_queries import change_stamp

        now = clock()
        now_ts = now.timestamp()
        key = (id(bank), bank.id, profile, change_stamp(store), settings, str(zone))
        value = self._value
        if (
            value is not None
            and key == self._key
            and self._computed_at <= now_ts < self._valid_until
        ):
            return value
        value, valid_until = self._compute(bank, store, profile, now, zone, settings)
        # The stamp after computing: the reads above write nothing, but a worker might have.
        self._key = (id(bank), bank.id, profile, change_stamp(store), settings, str(zone))
        self._value, self._computed_at, self._valid_until = value, now_ts, valid_until
        return value

    def _compute(
        self,
        bank: Bank,
        store: Store,
        profile: str,
        now: datetime,
        zone: tzinfo,
        settings: Settings,
    ) -> tuple[Overview, float]:
        from trainer.core.challenge import best_run
        from trainer.core.clock import day_bounds, from_epoch, local_day
        from trainer.core.scheduling import LEARN_AHEAD
        from trainer.core.session import today_counts
        from trainer.core.stats import MATURE_DAYS, streaks, today_stats
        from trainer.core.stats.queries import day_stats
        from trainer.core.store.overview_queries import WrongBookCount, card_dues, profile_id

        now_ts = now.timestamp()
        start, end = day_bounds(now, zone)
        pid = profile_id(store, profile)
        place_of, totals = self._places(bank)
        stored = card_dues(store, pid, bank.id, MATURE_DAYS) if pid is not None else []
        # One pass over the cards (50,000 at scale). Cards of questions since removed from the
        # bank count for the statistics' due figures (as there), not for the sections.
        ahead = LEARN_AHEAD.total_seconds()
        due_now = 0
        first_due: float | None = None
        next_due: float | None = None
        # Valid until a card falls due or enters the learning look-ahead, or the day ends.
        valid_until = end.timestamp()
        studied_in_bank = 0
        by_class: dict[str, list[int]] = {row: [0, 0, 0, 0] for row in totals}
        due_by_section: dict[str, int] = {}
        for qid, kind, due, studied in stored:
            if studied:
                if due <= now_ts:
                    due_now += 1
                if first_due is None or due < first_due:
                    first_due = due
            place = place_of.get(qid)
            if place is None:
                continue
            if next_due is None or due < next_due:
                next_due = due
            if now_ts < due < valid_until:
                valid_until = due
            if now_ts < due - ahead < valid_until:
                valid_until = due - ahead
            if studied:
                studied_in_bank += 1
                by_class[place[0]][kind] += 1
            if due <= now_ts:
                due_by_section[place[1]] = due_by_section.get(place[1], 0) + 1
        # As stats.mastery_from_classes: bank sections in order, then "" when some questions
        # have no (known) section.
        rows = [(s.id, s.title) for s in bank.sections]
        if totals.get("", 0):
            rows.append(("", ""))
        today = local_day(now, zone)
        overdue_since = None
        if first_due is not None:
            first_day = local_day(from_epoch(first_due), zone)
            overdue_since = first_day if first_day < today else None
        days = day_stats(store, profile, zone, now)
        unseen = len(bank.questions) - studied_in_bank
        new_done = store.new_introduced(profile, start, end, bank_id=bank.id)
        sections = []
        for sid, title in rows:
            _, learning, young, mature = by_class[sid]
            total = totals[sid]
            studied_here = learning + young + mature
            sections.append(
                SectionRow(
                    sid or None,
                    title,
                    total,
                    total - studied_here,
                    learning + young,
                    mature,
                    due_by_section.get(sid, 0),
                )
            )
        overview = Overview(
            due=due_now,
            new=max(0, min(unseen, settings.new_per_day - new_done)),
            done_today=today_stats(days, today).reviewed,
            streak=streaks(
                days,
                today,
                overdue_since,
                due_today=first_due is not None and first_due < end.timestamp(),
            ).current,
            unseen=unseen,
            new_done=new_done,
            next_due=from_epoch(next_due) if next_due is not None else None,
            sections=sections,
        )
        try:
            overview.challenge_best = best_run(store, profile, bank.id).run
        except Exception:  # noqa: BLE001 - a hand-edited setting must not hide the home screen
            overview.challenge_best = 0
        # The session's own counts (buried siblings and suspended questions left out, so that
        # home and session agree), the 错题本 and the daily goal; without them the figures
        # above stay.
        try:
            # the card ids just read are the session's "known" questions: not read twice
            known = frozenset([row[0] for row in stored]) if pid is not None else None
            counts = today_counts(bank, store, profile, lambda: now, known=known)
            if pid is not None and (
                self._wrong_book is None
                or (self._wrong_book.profile, self._wrong_book.bank_id) != (pid, bank.id)
            ):
                self._wrong_book = WrongBookCount(pid, bank.id)
            book = self._wrong_book.count(store) if pid is not None and self._wrong_book else 0
        except Exception:  # noqa: BLE001
            pass
        else:
            overview.new = counts.new
            overview.due = counts.review + counts.learning
            overview.wrong_book = book
            overview.goal = settings.daily_goal
        return overview, valid_until
