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

:class:`Store` is the front callers use: it holds the connection, its lock and transactions,
and each operation is the function of the module that owns it, bound as a method (its signature
and documentation written once, in that module): :mod:`.connection` (opening, errors), :mod:`.profiles`, :mod:`.settings`,
:mod:`.cards`, :mod:`.reviews`, :mod:`.imports`, :mod:`.exams`, and for other features
:mod:`.marks`, :mod:`.planning`, :mod:`.sync`, :mod:`.stats_queries`. Every SQL statement of the
core is in this package; replaying a review log is :func:`trainer.core.scheduling.replay.replay`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from trainer.core.store import cards as card_ops
from trainer.core.store import exams as exam_ops
from trainer.core.store import imports as import_ops
from trainer.core.store import profiles as profile_ops
from trainer.core.store import reviews as review_ops
from trainer.core.store import settings as setting_ops
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

    # ----------------------------------------------------------------- the operations
    # Each is the function of the module that owns it, bound as a method: its signature and
    # its documentation live once, there (``store.ensure_profile(name)`` calls
    # ``profiles.ensure_profile(store, name)``), and mypy checks calls against it.

    # profiles
    _profile_id = profile_ops.profile_id
    _existing_profile_id = profile_ops.existing_profile_id
    _profile_name = staticmethod(profile_ops.profile_name)
    ensure_profile = profile_ops.ensure_profile
    get_profile = profile_ops.get_profile
    list_profiles = profile_ops.list_profiles
    profile_activity = profile_ops.profile_activity
    rename_profile = profile_ops.rename_profile
    delete_profile = profile_ops.delete_profile
    default_profile_name = profile_ops.default_profile_name
    resolve_profile = profile_ops.resolve_profile

    # settings and what is derived from them
    get_setting = setting_ops.get_setting
    set_setting = setting_ops.set_setting
    settings = setting_ops.settings
    time_zone = setting_ops.time_zone
    scheduler = setting_ops.scheduler
    exam_plan = setting_ops.exam_plan
    fit_report = setting_ops.fit_report
    save_fit_report = setting_ops.save_fit_report
    fsrs_parameters = setting_ops.fsrs_parameters

    # cards
    card_states = card_ops.card_states
    card_row = card_ops.card_row
    due_question_ids = card_ops.due_question_ids
    known_question_ids = card_ops.known_question_ids
    earliest_due = card_ops.earliest_due
    learning_due = card_ops.learning_due
    _data_version = card_ops.data_version
    all_card_states = card_ops.all_card_states
    card = card_ops.card
    leeches = card_ops.leeches
    bank_ids = card_ops.bank_ids
    _put_card = staticmethod(card_ops.put_card)

    # reviews
    record_review = review_ops.record_review
    has_review_uid = review_ops.has_review_uid
    review = review_ops.review
    override_rating = review_ops.override_rating
    _replay = review_ops.replay
    rebuild_cards = review_ops.rebuild_cards
    _replay_cards = review_ops.replay_cards
    _review_conditions = review_ops.review_conditions
    iter_reviews = review_ops.iter_reviews
    review_tuples = review_ops.review_tuples
    review_count = review_ops.review_count
    new_introduced = review_ops.new_introduced

    # importing a history
    import_reviews = import_ops.import_reviews
    import_history_records = import_ops.import_history_records
    _stage_reviews = import_ops.stage_reviews
    _write_staged = import_ops.write_staged
    _insert_staged = import_ops.insert_staged

    # exams
    start_exam = exam_ops.start_exam
    finish_exam = exam_ops.finish_exam
    exams = exam_ops.exams
    iter_exams = exam_ops.iter_exams
    _exams = exam_ops.select_exams
    import_exams = exam_ops.import_exams
