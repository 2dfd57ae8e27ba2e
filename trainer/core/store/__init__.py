"""The learner's durable study history: one SQLite file for every profile on the machine.

Tables (see :mod:`trainer.core.store.migrations` for the exact schema):

* ``profiles`` — learners by unique name.
* ``settings`` — JSON values by ``(profile_id, key)``; ``profile_id = 0`` holds global values.
* ``cards`` — one FSRS card per ``(profile, bank id, question id)``: the card as JSON plus plain,
  indexed columns (due, state, stability, difficulty, reps, lapses, last_review) that the queue
  and the statistics read without deserialising JSON.
* ``reviews`` — the append-only log: every answer with its verdict, score, rating, the card state
  before it (so a rating override can recompute) and a ``uid`` that makes export/import merges
  idempotent.
* ``exams`` — exam runs with their score per section.

Durability: WAL journal, ``synchronous=FULL``, a 10 s busy timeout and ``BEGIN IMMEDIATE`` for
every write (the lock taken by polling, see :mod:`trainer.core.store.locking`), so a review is
on disk when :meth:`Store.record_review` returns and two processes (a session and ``trainer
stats``) never see "database is locked". All instants are stored as UTC epoch seconds; the
dataclasses expose aware UTC datetimes.

:class:`Store` is the front callers use; each method delegates to the module that owns the
operation: :mod:`.connection` (opening, errors), :mod:`.profiles`, :mod:`.settings`,
:mod:`.cards`, :mod:`.reviews`, :mod:`.imports`, :mod:`.exams`, and for other features
:mod:`.marks`, :mod:`.planning`, :mod:`.sync`, :mod:`.stats_queries`. Every SQL statement of the
core is in this package; replaying a review log is :func:`trainer.core.scheduling.replay.replay`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler

from trainer.core import scheduling
from trainer.core.store import cards, exams, imports, profiles, reviews, settings
from trainer.core.store.connection import (
    ProfileError,
    SettingError,
    StoreError,
    _reason,
    open_connection,
    resolve_path,
)
from trainer.core.store.locking import begin_immediate
from trainer.core.store.profiles import MAX_PROFILE_NAME, _check_profile_name
from trainer.core.store.records import (
    DEFAULT_PROFILE,
    CardRow,
    ExamRecord,
    Profile,
    ReviewRecord,
)
from trainer.core.store.reviews import (
    MODES,
    NEW_COUNTING_MODES,
    REVIEW_COLUMNS,
    SCHEDULED_MODES,
    VERDICTS,
    WRITE_CHUNK,
)
from trainer.core.store.settings import EXAM_SETTINGS, SETTING_RANGES, SETTINGS, steps_options

__all__ = [
    "DEFAULT_PROFILE",
    "EXAM_SETTINGS",
    "MAX_PROFILE_NAME",
    "MODES",
    "NEW_COUNTING_MODES",
    "REVIEW_COLUMNS",
    "SCHEDULED_MODES",
    "SETTINGS",
    "SETTING_RANGES",
    "VERDICTS",
    "WRITE_CHUNK",
    "_check_profile_name",
    "steps_options",
    "CardRow",
    "ExamRecord",
    "Profile",
    "ProfileError",
    "ReviewRecord",
    "SettingError",
    "Store",
    "StoreError",
]


# --------------------------------------------------------------------------- settings


# --------------------------------------------------------------------------- the store


class Store:
    """The SQLite store. Open with :meth:`Store.open`; use as a context manager.

    Methods are safe to call from several threads (one lock per store) and several processes
    (SQLite locking with a busy timeout).

    Args:
        conn: an open connection in autocommit mode, already migrated.
        path: the database file.
        enable_fuzzing: FSRS interval fuzz for new reviews (off in tests).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, enable_fuzzing: bool = True):
        self._conn = conn
        self.path = path
        self.enable_fuzzing = enable_fuzzing
        self._lock = threading.RLock()
        self._known_cache: dict[tuple[int, str], tuple[tuple[int, int], frozenset[str]]] = {}
        self._writes = 0

    # ----------------------------------------------------------------- opening and closing

    @classmethod
    def open(cls, path: str | Path | None = None, *, enable_fuzzing: bool = True) -> Store:
        """Open (creating and migrating if needed) the store.

        Args:
            path: the database file; default ``trainer.paths.db_path()`` (its folder is created).
            enable_fuzzing: FSRS interval fuzz for new reviews (turn off in tests).

        Returns:
            The open store.

        Raises:
            StoreError: the file cannot be created, opened, read or migrated; the message says
                where and why in one line.
        """
        file = resolve_path(path)
        return cls(open_connection(file), file, enable_fuzzing=enable_fuzzing)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                finally:
                    self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The file's ``PRAGMA user_version``."""
        return int(self.query("PRAGMA user_version")[0][0])

    # ----------------------------------------------------------------- plumbing

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(
                f"the store {self.path} is closed", "store.error.closed", path=self.path
            )
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction, committed on success, rolled back on any error."""
        with self._lock:
            conn = self._connection()
            try:
                begin_immediate(conn)
            except sqlite3.Error as error:
                raise StoreError(
                    f"cannot write the store {self.path}: {_reason(error)}",
                    "store.error.write",
                    path=self.path,
                    reason=_reason(error),
                ) from None
            try:
                yield conn
                conn.execute("COMMIT")
                self._writes += 1
            except BaseException as error:
                with suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StoreError(
                        f"cannot write the store {self.path}: {_reason(error)}",
                        "store.error.write",
                        path=self.path,
                        reason=_reason(error),
                    ) from None
                raise

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only SQL statement (used by the statistics' aggregations).

        Args:
            sql: a SELECT (or PRAGMA) statement with ``?`` placeholders.
            params: the values of the placeholders.

        Returns:
            Every row, as tuples.

        Raises:
            StoreError: the store cannot be read.
        """
        with self._lock:
            try:
                return self._connection().execute(sql, tuple(params)).fetchall()
            except sqlite3.Error as error:
                raise StoreError(
                    f"cannot read the store {self.path}: {_reason(error)}",
                    "store.error.read",
                    path=self.path,
                    reason=_reason(error),
                ) from None

    def _profile_id(self, conn: sqlite3.Connection, name: str, *, create: bool) -> int:
        # Looked up inside the write transaction every time (no cache): another process may
        # have renamed or deleted the profile meanwhile.
        return profiles.profile_id(self, conn, name, create=create)

    def _existing_profile_id(self, name: str) -> int | None:
        return profiles.existing_profile_id(self, name)

    # ----------------------------------------------------------------- profiles

    def ensure_profile(self, name: str | None = None) -> Profile:
        """The profile with this name, created if missing."""
        return profiles.ensure_profile(self, name)

    def get_profile(self, name: str) -> Profile | None:
        """The profile with this name, or None."""
        return profiles.get_profile(self, name)

    def list_profiles(self) -> list[Profile]:
        """Every profile, by name."""
        return profiles.list_profiles(self)

    def profile_activity(self) -> dict[str, tuple[int, datetime | None]]:
        """Per profile name: number of reviews and the last review time (None if none)."""
        return profiles.profile_activity(self)

    def rename_profile(self, old: str, new: str) -> Profile:
        """Rename a profile; its history and settings follow."""
        return profiles.rename_profile(self, old, new)

    def delete_profile(self, name: str) -> int:
        """Delete a profile with its whole history (reviews, cards, settings, exams)."""
        return profiles.delete_profile(self, name)

    def default_profile_name(self) -> str:
        """The profile used without ``--profile``: the ``default_profile`` setting or
        :data:`DEFAULT_PROFILE` ("default")."""
        return profiles.default_profile_name(self)

    def resolve_profile(self, name: str | None) -> Profile:
        """The profile to use for a command: ``name`` or the default, created if missing."""
        return profiles.resolve_profile(self, name)

    # ----------------------------------------------------------------- settings

    def get_setting(self, key: str, default: Any = None, profile: str | None = None) -> Any:
        """A setting's value: the profile's, else the global one, else ``default``, else the
        known default of :data:`SETTINGS`."""
        return settings.get_setting(self, key, default, profile)

    def set_setting(self, key: str, value: Any, profile: str | None = None) -> Any:
        """Set a setting globally or for one profile (created if missing). None removes it."""
        return settings.set_setting(self, key, value, profile)

    def settings(self, profile: str | None = None) -> dict[str, Any]:
        """Every known setting's effective value for a profile (or globally)."""
        return settings.settings(self, profile)

    def time_zone(self, profile: str | None = None) -> tzinfo:
        """The learner's time zone (the ``timezone`` setting, else the system's)."""
        return settings.time_zone(self, profile)

    def scheduler(
        self, profile: str | None = None, *, enable_fuzzing: bool | None = None
    ) -> Scheduler:
        """The FSRS scheduler with this profile's retention and maximum interval."""
        return settings.scheduler(self, profile, enable_fuzzing=enable_fuzzing)

    def exam_plan(self, profile: str | None) -> scheduling.ExamPlan | None:
        """The profile's exam (``exam_date`` and ``exam_target`` settings), or None."""
        return settings.exam_plan(self, profile)

    def fit_report(self, profile: str | None) -> scheduling.fitting.FitReport | None:
        """The profile's last parameter fit (``trainer optimize``), or None."""
        return settings.fit_report(self, profile)

    def save_fit_report(self, profile: str, report: scheduling.fitting.FitReport | None) -> None:
        """Store (or with None remove) a fit report; its adopted parameters schedule from now."""
        return settings.save_fit_report(self, profile, report)

    def fsrs_parameters(self, profile: str | None) -> tuple[float, ...] | None:
        """The fitted FSRS parameters in use for the profile (None: the defaults)."""
        return settings.fsrs_parameters(self, profile)

    # ----------------------------------------------------------------- cards

    def card_states(self, profile: str, bank_id: str) -> dict[str, CardRow]:
        """Every stored card of a profile in a bank, by question id (plain columns only)."""
        return cards.card_states(self, profile, bank_id)

    def card_row(self, profile: str, bank_id: str, question_id: str) -> CardRow | None:
        """The plain columns of one question's card, or None if it was never reviewed."""
        return cards.card_row(self, profile, bank_id, question_id)

    def due_question_ids(self, profile: str, bank_id: str, now: datetime) -> list[str]:
        """Ids of the cards due at ``now``, lowest FSRS retrievability first."""
        return cards.due_question_ids(self, profile, bank_id, now)

    def known_question_ids(self, profile: str, bank_id: str) -> frozenset[str]:
        """Ids of every question this profile has a card for in this bank (the rest are new)."""
        return cards.known_question_ids(self, profile, bank_id)

    def earliest_due(self, profile: str, bank_id: str, limit: int = 50) -> list[tuple[str, float]]:
        """The cards due soonest (question id, due epoch s), earliest first (index range scan)."""
        return cards.earliest_due(self, profile, bank_id, limit)

    def learning_due(self, profile: str, bank_id: str, before: datetime) -> dict[str, float]:
        """Learning/relearning cards due before ``before``: question id → due (epoch s)."""
        return cards.learning_due(self, profile, bank_id, before)

    def _data_version(self) -> tuple[int, int]:
        # data_version changes when another connection commits; our own writes bump _writes.
        return cards.data_version(self)

    def all_card_states(self, profile: str) -> list[CardRow]:
        """Every stored card of a profile across banks."""
        return cards.all_card_states(self, profile)

    def card(self, profile: str, bank_id: str, question_id: str) -> Card | None:
        """The FSRS card of a question, or None if it was never reviewed."""
        return cards.card(self, profile, bank_id, question_id)

    def leeches(self, profile: str, bank_id: str | None = None) -> list[CardRow]:
        """Cards failed :data:`scheduling.LEECH_LAPSES` or more times, most lapses first."""
        return cards.leeches(self, profile, bank_id)

    def bank_ids(self, profile: str | None = None) -> list[str]:
        """Bank ids with stored cards (for one profile, or any)."""
        return cards.bank_ids(self, profile)

    # ----------------------------------------------------------------- reviews

    def record_review(
        self,
        profile: str,
        *,
        bank_id: str,
        question_id: str,
        rating: int | Rating,
        verdict: str,
        score: float,
        answer: str = "",
        content_hash: str = "",
        mode: str = "study",
        duration_ms: int | None = None,
        hint_used: bool = False,
        reviewed_at: datetime | None = None,
        exam_id: int | None = None,
        suggested_rating: int | None = None,
        uid: str | None = None,
    ) -> ReviewRecord:
        """Log one answer and move its FSRS card, in one transaction committed before return."""
        return reviews.record_review(
            self,
            profile,
            bank_id=bank_id,
            question_id=question_id,
            rating=rating,
            verdict=verdict,
            score=score,
            answer=answer,
            content_hash=content_hash,
            mode=mode,
            duration_ms=duration_ms,
            hint_used=hint_used,
            reviewed_at=reviewed_at,
            exam_id=exam_id,
            suggested_rating=suggested_rating,
            uid=uid,
        )

    def has_review_uid(self, uid: str) -> bool:
        """Whether a review with this uid is in the log (any profile)."""
        row = self._connection().execute("SELECT 1 FROM reviews WHERE uid = ?", (uid,)).fetchone()
        return row is not None

    @staticmethod
    def _put_card(
        conn: sqlite3.Connection,
        pid: int,
        bank_id: str,
        question_id: str,
        content_hash: str,
        card: Card,
        reps: int,
        lapses: int,
    ) -> None:
        return cards.put_card(conn, pid, bank_id, question_id, content_hash, card, reps, lapses)

    def review(self, review_id: int) -> ReviewRecord | None:
        """One review by its id."""
        return reviews.review(self, review_id)

    def override_rating(self, review_id: int, rating: int | Rating) -> ReviewRecord:
        """Replace a review's rating and recompute its card from the state before it."""
        return reviews.override_rating(self, review_id, rating)

    @staticmethod
    def _profile_name(conn: sqlite3.Connection, pid: int) -> str:
        return profiles.profile_name(conn, pid)

    def _replay(
        self,
        conn: sqlite3.Connection,
        scheduler: Scheduler,
        pid: int,
        bank_id: str,
        question_id: str,
        *,
        since: tuple[float, str] | None = None,
    ) -> None:
        """Recompute a card from its log (from ``since`` = (reviewed_at, uid) on, or all)."""
        return reviews.replay(self, conn, scheduler, pid, bank_id, question_id, since=since)

    def rebuild_cards(self, profile: str, bank_id: str | None = None) -> int:
        """Recompute every card of a profile by replaying its log in time order (no fuzz)."""
        return reviews.rebuild_cards(self, profile, bank_id)

    def _replay_cards(
        self,
        conn: sqlite3.Connection,
        keys: Iterable[tuple[int, str, str]],
        schedulers: dict[int, Scheduler],
    ) -> None:
        """Replay the whole log of each (profile id, bank id, question id), without fuzz."""
        return reviews.replay_cards(self, conn, keys, schedulers)

    def _review_conditions(
        self,
        profile: str | None,
        since: datetime | None,
        bank_id: str | None,
        *,
        table: str = "",
    ) -> tuple[list[str], list[Any]] | None:
        """SQL conditions and parameters selecting reviews; None when the profile is unknown
        (so nothing can match)."""
        return reviews.review_conditions(self, profile, since, bank_id, table=table)

    def iter_reviews(
        self,
        profile: str | None = None,
        since: datetime | None = None,
        *,
        bank_id: str | None = None,
        batch: int = 2000,
    ) -> Iterator[ReviewRecord]:
        """Every review (of one profile, or all), oldest first; for export and statistics."""
        return reviews.iter_reviews(self, profile, since, bank_id=bank_id, batch=batch)

    def review_tuples(
        self,
        profile: str | None,
        columns: Iterable[str],
        *,
        since: datetime | None = None,
        bank_id: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """Raw review columns, oldest first: the fast path for statistics over 10⁶ reviews."""
        return reviews.review_tuples(self, profile, columns, since=since, bank_id=bank_id)

    def review_count(self, profile: str | None = None) -> int:
        """Number of reviews (of one profile, or all)."""
        return reviews.review_count(self, profile)

    def new_introduced(
        self, profile: str, start: datetime, end: datetime, *, bank_id: str | None = None
    ) -> int:
        """New questions first answered in [start, end) in study/review sessions."""
        return reviews.new_introduced(self, profile, start, end, bank_id=bank_id)

    def import_reviews(
        self, records: Iterable[ReviewRecord | Mapping[str, Any]]
    ) -> tuple[int, int]:
        """Merge reviews (from an export) into this store; duplicates (same uid) are skipped."""
        return imports.import_reviews(self, records)

    def import_history_records(
        self,
        records: Iterable[ReviewRecord | Mapping[str, Any]],
        exams: Iterable[ExamRecord | Mapping[str, Any]],
    ) -> tuple[int, int, int, int]:
        """Merge an exported history: its exams, then its reviews; known uids are skipped."""
        return imports.import_history_records(self, records, exams)

    def _stage_reviews(
        self, conn: sqlite3.Connection, records: Iterable[ReviewRecord | Mapping[str, Any]]
    ) -> None:
        return imports.stage_reviews(self, conn, records)

    def _write_staged(self, conn: sqlite3.Connection) -> tuple[int, int]:
        return imports.write_staged(self, conn)

    def _insert_staged(self, conn: sqlite3.Connection, pid: int, row: tuple[Any, ...]) -> bool:
        """Insert one staged review unless its uid is known; True if it was added."""
        return imports.insert_staged(self, conn, pid, row)

    # ----------------------------------------------------------------- exams

    def start_exam(
        self,
        profile: str,
        bank_id: str,
        size: int,
        *,
        time_limit_s: int | None = None,
        started_at: datetime | None = None,
    ) -> ExamRecord:
        """Record the start of an exam (committed, so a killed exam still shows as started)."""
        return exams.start_exam(
            self, profile, bank_id, size, time_limit_s=time_limit_s, started_at=started_at
        )

    def finish_exam(
        self,
        exam_id: int,
        score: float,
        sections: Mapping[str, Any],
        *,
        finished_at: datetime | None = None,
    ) -> ExamRecord:
        """Record an exam's end, its score (0–1) and per-section results."""
        return exams.finish_exam(self, exam_id, score, sections, finished_at=finished_at)

    def exams(self, profile: str) -> list[ExamRecord]:
        """A profile's exams, oldest first (unfinished ones have ``finished_at`` None)."""
        return exams.exams(self, profile)

    def iter_exams(self, profile: str | None = None) -> list[ExamRecord]:
        """Every exam (of one profile, or all), oldest first; for export."""
        return exams.iter_exams(self, profile)

    def _exams(self, where: str, params: list[Any]) -> list[ExamRecord]:
        return exams.select_exams(self, where, params)

    def import_exams(self, records: Iterable[ExamRecord | Mapping[str, Any]]) -> tuple[int, int]:
        """Merge exams (from an export) on their uid; import them before their reviews."""
        return exams.import_exams(self, records)
