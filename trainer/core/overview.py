"""The home screen's figures: today's numbers, the 错题本, the daily goal, sections' progress.

:class:`OverviewSource` computes an :class:`Overview` from a few targeted reads of the store
(:mod:`trainer.core.store.overview_queries`, the review-day aggregates of the statistics and
the session's own counts) and keeps it until something it depends on changes: a write to the
store (by this process or another), the next moment a card falls due (or enters the
learning look-ahead), or the end of the learner's day. Showing the home screen again with
nothing changed reads nothing but the change stamp.
"""

from __future__ import annotations

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
        self._section_of: dict[str, str] = {}
        self._question_sections: list[tuple[str, str | None]] = []

    def _sections_of(self, bank: Bank) -> dict[str, str]:
        """Question id → section id ("" for none) of the bank, worked out once per bank."""
        if bank is not self._bank:
            self._section_of = {q.id: q.section or "" for q in bank.questions}
            self._question_sections = [(q.id, q.section) for q in bank.questions]
            self._bank = bank
        return self._section_of

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
        from trainer.core.stats import MATURE_DAYS, mastery_from_classes, streaks, today_stats
        from trainer.core.stats.queries import day_stats
        from trainer.core.store.overview_queries import WrongBookCount, card_dues, profile_id

        now_ts = now.timestamp()
        start, end = day_bounds(now, zone)
        pid = profile_id(store, profile)
        section_of = self._sections_of(bank)
        stored = card_dues(store, pid, bank.id, MATURE_DAYS) if pid is not None else []
        # Cards of questions since removed from the bank count for the statistics' due figures
        # (as there), not for the sections.
        studied_dues = [due for _qid, _kind, due, studied in stored if studied]
        cards = [card for card in stored if card[0] in section_of]
        classes = {qid: (kind, False) for qid, kind, _due, studied in cards if studied}
        masteries = mastery_from_classes(
            [(s.id, s.title) for s in bank.sections], self._question_sections, classes
        )
        due_by_section: dict[str, int] = {}
        for qid, _kind, due, _studied in cards:
            if due <= now_ts:
                sid = section_of[qid]
                due_by_section[sid] = due_by_section.get(sid, 0) + 1
        today = local_day(now, zone)
        first_due = min(studied_dues, default=None)
        overdue_since = None
        if first_due is not None:
            first_day = local_day(from_epoch(first_due), zone)
            overdue_since = first_day if first_day < today else None
        days = day_stats(store, profile, zone, now)
        unseen = len(bank.questions) - len(classes)
        new_done = store.new_introduced(profile, start, end, bank_id=bank.id)
        dues = [due for _qid, _kind, due, _studied in cards]
        overview = Overview(
            due=sum(1 for due in studied_dues if due <= now_ts),
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
            next_due=from_epoch(min(dues)) if dues else None,
            sections=[
                SectionRow(
                    m.id or None,
                    m.title,
                    m.total,
                    m.new,
                    m.learning + m.young,
                    m.mature,
                    due_by_section.get(m.id, 0),
                )
                for m in masteries
            ],
        )
        try:
            overview.challenge_best = best_run(store, profile, bank.id).run
        except Exception:  # noqa: BLE001 - a hand-edited setting must not hide the home screen
            overview.challenge_best = 0
        # The session's own counts (buried siblings and suspended questions left out, so that
        # home and session agree), the 错题本 and the daily goal; without them the figures
        # above stay.
        try:
            counts = today_counts(bank, store, profile, lambda: now)
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
        # Valid until a card falls due or enters the learning look-ahead, or the day ends.
        ahead = LEARN_AHEAD.total_seconds()
        later = [due for due in dues if due > now_ts]
        later += [due - ahead for due in dues if due - ahead > now_ts]
        valid_until = min([*later, end.timestamp()])
        return overview, valid_until
