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
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from trainer.core import scheduling
from trainer.core.clock import (
    TimeZoneError,
    as_utc,
    from_epoch,
    get_zone,
    to_epoch,
    utc_now,
)
from trainer.core.store.locking import BUSY_TIMEOUT_S, begin_immediate, run_polling
from trainer.core.store.migrations import migrate
from trainer.core.store.records import (
    DEFAULT_PROFILE,
    CardRow,
    ExamRecord,
    Profile,
    ReviewRecord,
    _dt,
    new_review_uid,
)

__all__ = [
    "DEFAULT_PROFILE",
    "CardRow",
    "ExamRecord",
    "Profile",
    "ProfileError",
    "ReviewRecord",
    "SettingError",
    "Store",
    "StoreError",
]

WRITE_CHUNK = 2000
"""Long writes (import, rebuild) commit every this many records/cards, so that another process
(a study session) never waits for the write lock anywhere near BUSY_TIMEOUT_S."""

MODES = ("study", "review", "exam", "group", "cram")
SCHEDULED_MODES = frozenset({"study", "review", "exam", "group"})
"""Modes whose answers move the FSRS card; ``cram`` answers are logged only."""
NEW_COUNTING_MODES = ("study", "review")
"""Modes whose first answers count against the new-per-day limit."""
VERDICTS = ("correct", "close", "partial", "wrong")
MAX_PROFILE_NAME = 40


class StoreError(Exception):
    """The store cannot do what was asked; the message is one line saying where and why.

    ``str(error)`` is in the current language (``key`` names the message in
    ``trainer/i18n/study.py``, ``values`` fill it); ``args[0]`` keeps the English text.
    """

    def __init__(self, message: str, key: str | None = None, /, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values

    def __str__(self) -> str:
        if self.key:
            from trainer.i18n import t

            values = {name: _localize(value) for name, value in self.values.items()}
            text = t(self.key, **values)
            if text != self.key:
                return text
        return str(self.args[0]) if self.args else ""


class ProfileError(StoreError):
    """A profile that does not exist, or a name that is taken or not allowed."""


class SettingError(StoreError, ValueError):
    """An unknown setting or a value out of range."""


# --------------------------------------------------------------------------- settings


def _check_retention(value: Any) -> float:
    number = float(value)
    if not scheduling.MIN_RETENTION <= number <= scheduling.MAX_RETENTION:
        raise ValueError(
            f"must be between {scheduling.MIN_RETENTION} and {scheduling.MAX_RETENTION}"
        )
    return number


def _int_range(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or float(value) != int(float(value)):
            raise ValueError("must be a whole number")
        number = int(float(value))
        if not low <= number <= high:
            raise ValueError(f"must be between {low} and {high}")
        return number

    return check


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value)
        if text not in allowed:
            raise ValueError("must be one of " + ", ".join(allowed))
        return text

    return check


def _text(value: Any) -> str:
    text = str(value).strip()
    if len(text) > 100:
        raise ValueError("is too long")
    return text


def _zone_name(value: Any) -> str:
    text = str(value or "").strip()
    try:
        get_zone(text)
    except TimeZoneError as error:
        raise ValueError(str(error)) from None
    return text


SETTING_RANGES = {
    "desired_retention": f"{scheduling.MIN_RETENTION}–{scheduling.MAX_RETENTION}",
    "maximum_interval_days": "1–36500",
    "new_per_day": "0–10000",
    "language": "zh, en",
    "timezone": "IANA, e.g. Asia/Shanghai",
}

SETTINGS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "desired_retention": (scheduling.DEFAULT_RETENTION, _check_retention),
    "maximum_interval_days": (scheduling.DEFAULT_MAXIMUM_INTERVAL_DAYS, _int_range(1, 36500)),
    "new_per_day": (scheduling.DEFAULT_NEW_PER_DAY, _int_range(0, 10000)),
    "language": ("zh", _choice("zh", "en")),
    "theme": ("dark", _text),
    "timezone": ("", _zone_name),
    "default_profile": (DEFAULT_PROFILE, _text),
}
"""Known settings: key → (default, validator). ``timezone`` "" means the system's zone."""


# --------------------------------------------------------------------------- the store

_CARD_COLUMNS = (
    "question_id, content_hash, due, state, step, stability, difficulty, reps, lapses, "
    "last_review, bank_id"
)
_REVIEW_SELECT = (
    "SELECT r.id, r.uid, p.name, r.bank_id, r.question_id, r.content_hash, r.reviewed_at, "
    "r.mode, r.answer, r.verdict, r.score, r.rating, r.suggested_rating, r.duration_ms, "
    "r.hint_used, r.card_before, e.uid "
    "FROM reviews r JOIN profiles p ON p.id = r.profile_id "
    "LEFT JOIN exams e ON e.id = r.exam_id"
)
REVIEW_COLUMNS = frozenset(
    {
        "id",
        "uid",
        "profile_id",
        "bank_id",
        "question_id",
        "content_hash",
        "reviewed_at",
        "mode",
        "answer",
        "verdict",
        "score",
        "rating",
        "suggested_rating",
        "duration_ms",
        "hint_used",
        "exam_id",
    }
)


def _review_from_row(row: tuple[Any, ...]) -> ReviewRecord:
    return ReviewRecord(
        id=row[0],
        uid=row[1],
        profile=row[2],
        bank_id=row[3],
        question_id=row[4],
        content_hash=row[5],
        reviewed_at=from_epoch(row[6]),
        mode=row[7],
        answer=row[8],
        verdict=row[9],
        score=row[10],
        rating=row[11],
        suggested_rating=row[12],
        duration_ms=row[13],
        hint_used=bool(row[14]),
        card_before=json.loads(row[15]) if row[15] else None,
        exam_uid=row[16],
    )


def _check_profile_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ProfileError("a profile name cannot be empty", "store.error.name_empty")
    if len(cleaned) > MAX_PROFILE_NAME:
        raise ProfileError(
            f"a profile name is at most {MAX_PROFILE_NAME} characters",
            "store.error.name_long",
            n=MAX_PROFILE_NAME,
        )
    if any(ord(ch) < 32 or ch in "/\\" for ch in cleaned):
        raise ProfileError(
            f"profile name {cleaned!r} contains a control character or slash",
            "store.error.name_chars",
            name=cleaned.encode("unicode_escape").decode("ascii"),
        )
    return cleaned


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
        from trainer import paths

        if path is None:
            try:
                paths.ensure_data_dir()
            except OSError as error:
                raise StoreError(
                    f"cannot create the folder {paths.data_dir()}: {error.strerror or error}",
                    "store.error.folder",
                    path=paths.data_dir(),
                    reason=error.strerror or error,
                ) from None
            file = paths.db_path()
        else:
            file = Path(path).expanduser()
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"cannot create the folder {file.parent}: {error.strerror or error}",
                    "store.error.folder",
                    path=file.parent,
                    reason=error.strerror or error,
                ) from None
        if file.is_dir():
            raise StoreError(
                f"cannot open the store {file}: it is a directory",
                "store.error.open",
                path=file,
                reason=_Reason("directory"),
            )
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(
                str(file), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA user_version").fetchone()  # "file is not a database" here
            # Switching to WAL takes the lock: only a new file needs it, and while another
            # process writes, SQLite's own busy handler can starve (see locking.py).
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                run_polling(conn, "PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn)
        except (sqlite3.Error, RuntimeError) as error:
            if conn is not None:
                conn.close()
            raise StoreError(
                f"cannot open the store {file}: {_reason(error)}",
                "store.error.open",
                path=file,
                reason=_reason(error),
            ) from None
        return cls(conn, file, enable_fuzzing=enable_fuzzing)

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
        row = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
        if row is None and create:
            clean = _check_profile_name(name)
            row = conn.execute("SELECT id FROM profiles WHERE name = ?", (clean,)).fetchone()
            if row is None:
                cursor = conn.execute(
                    "INSERT INTO profiles (name, created_at) VALUES (?, ?)",
                    (clean, to_epoch(utc_now())),
                )
                return int(cursor.lastrowid or 0)
        if row is None:
            raise ProfileError(f"no profile named {name!r}", "store.error.no_profile", name=name)
        return int(row[0])

    def _existing_profile_id(self, name: str) -> int | None:
        rows = self.query("SELECT id FROM profiles WHERE name = ?", (name,))
        return int(rows[0][0]) if rows else None

    # ----------------------------------------------------------------- profiles

    def ensure_profile(self, name: str | None = None) -> Profile:
        """The profile with this name, created if missing.

        Args:
            name: the learner's name; None means :meth:`default_profile_name`.

        Returns:
            The profile.

        Raises:
            ProfileError: the name is empty, too long or has control characters.
        """
        wanted = _check_profile_name(name) if name is not None else self.default_profile_name()
        found = self.get_profile(wanted)
        if found is not None:
            return found
        with self._write() as conn:
            self._profile_id(conn, wanted, create=True)
        profile = self.get_profile(wanted)
        assert profile is not None
        return profile

    def get_profile(self, name: str) -> Profile | None:
        """The profile with this name, or None."""
        rows = self.query("SELECT id, name, created_at FROM profiles WHERE name = ?", (name,))
        if not rows:
            return None
        return Profile(rows[0][0], rows[0][1], from_epoch(rows[0][2]))

    def list_profiles(self) -> list[Profile]:
        """Every profile, by name."""
        rows = self.query("SELECT id, name, created_at FROM profiles ORDER BY name")
        return [Profile(r[0], r[1], from_epoch(r[2])) for r in rows]

    def profile_activity(self) -> dict[str, tuple[int, datetime | None]]:
        """Per profile name: number of reviews and the last review time (None if none)."""
        rows = self.query(
            "SELECT p.name, COUNT(r.id), MAX(r.reviewed_at) FROM profiles p "
            "LEFT JOIN reviews r ON r.profile_id = p.id GROUP BY p.id"
        )
        return {name: (count, _dt(last)) for name, count, last in rows}

    def rename_profile(self, old: str, new: str) -> Profile:
        """Rename a profile; its history and settings follow.

        Raises:
            ProfileError: ``old`` does not exist, or ``new`` is taken or not allowed.
        """
        clean = _check_profile_name(new)
        with self._write() as conn:
            row = conn.execute("SELECT id FROM profiles WHERE name = ?", (old,)).fetchone()
            if row is None:
                raise ProfileError(f"no profile named {old!r}", "store.error.no_profile", name=old)
            if (
                clean != old
                and conn.execute("SELECT 1 FROM profiles WHERE name = ?", (clean,)).fetchone()
            ):
                raise ProfileError(
                    f"a profile named {clean!r} already exists", "store.error.exists", name=clean
                )
            conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (clean, row[0]))
            default = conn.execute(
                "SELECT value FROM settings WHERE profile_id = 0 AND key = 'default_profile'"
            ).fetchone()
            if default is not None and json.loads(default[0]) == old:
                conn.execute(
                    "UPDATE settings SET value = ? WHERE profile_id = 0 AND key = "
                    "'default_profile'",
                    (json.dumps(clean, ensure_ascii=False),),
                )
        profile = self.get_profile(clean)
        assert profile is not None
        return profile

    def delete_profile(self, name: str) -> int:
        """Delete a profile with its whole history (reviews, cards, settings, exams).

        Returns:
            The number of reviews deleted.

        Raises:
            ProfileError: no such profile.
        """
        with self._write() as conn:
            row = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise ProfileError(
                    f"no profile named {name!r}", "store.error.no_profile", name=name
                )
            pid = row[0]
            deleted = conn.execute("DELETE FROM reviews WHERE profile_id = ?", (pid,)).rowcount
            for table in ("cards", "settings", "exams"):
                conn.execute(f"DELETE FROM {table} WHERE profile_id = ?", (pid,))
            conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))
            conn.execute(
                "DELETE FROM settings WHERE profile_id = 0 AND key = 'default_profile' "
                "AND value = ?",
                (json.dumps(name, ensure_ascii=False),),
            )
        return int(deleted)

    def default_profile_name(self) -> str:
        """The profile used without ``--profile``: the ``default_profile`` setting or
        :data:`DEFAULT_PROFILE` ("default")."""
        value = self.get_setting("default_profile")
        return str(value) if value else DEFAULT_PROFILE

    def resolve_profile(self, name: str | None) -> Profile:
        """The profile to use for a command: ``name`` or the default, created if missing."""
        return self.ensure_profile(name if name else self.default_profile_name())

    # ----------------------------------------------------------------- settings

    def get_setting(self, key: str, default: Any = None, profile: str | None = None) -> Any:
        """A setting's value: the profile's, else the global one, else ``default``, else the
        known default of :data:`SETTINGS`.

        Args:
            key: the setting name.
            default: returned when neither the profile nor the global value is set.
            profile: a profile name, or None for the global value only.

        Returns:
            The decoded JSON value.
        """
        ids = [0]
        if profile is not None:
            pid = self._existing_profile_id(profile)
            if pid is not None:
                ids.insert(0, pid)
        for pid in ids:
            rows = self.query(
                "SELECT value FROM settings WHERE profile_id = ? AND key = ?", (pid, key)
            )
            if rows:
                return json.loads(rows[0][0])
        if default is not None:
            return default
        known = SETTINGS.get(key)
        return known[0] if known else None

    def set_setting(self, key: str, value: Any, profile: str | None = None) -> Any:
        """Set a setting globally or for one profile (created if missing). None removes it.

        Known keys are validated: desired_retention 0.70–0.97, maximum_interval_days 1–36500,
        new_per_day 0–10000, language zh|en, timezone an IANA name ("" = the system's).

        Returns:
            The value stored (after conversion, e.g. "0.85" → 0.85).

        Raises:
            SettingError: the value is not allowed for this key.
        """
        if value is not None and key in SETTINGS:
            try:
                value = SETTINGS[key][1](value)
            except (ValueError, TypeError) as error:
                raise SettingError(
                    f"setting {key}: {value!r} {error}",
                    "store.error.setting",
                    key=key,
                    value=value,
                    allowed=SETTING_RANGES.get(key, ""),
                ) from None
        with self._write() as conn:
            pid = self._profile_id(conn, profile, create=True) if profile is not None else 0
            if value is None:
                conn.execute("DELETE FROM settings WHERE profile_id = ? AND key = ?", (pid, key))
            else:
                conn.execute(
                    "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) "
                    "ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value",
                    (pid, key, json.dumps(value, ensure_ascii=False)),
                )
        return value

    def settings(self, profile: str | None = None) -> dict[str, Any]:
        """Every known setting's effective value for a profile (or globally)."""
        return {key: self.get_setting(key, profile=profile) for key in SETTINGS}

    def time_zone(self, profile: str | None = None) -> tzinfo:
        """The learner's time zone (the ``timezone`` setting, else the system's)."""
        try:
            return get_zone(self.get_setting("timezone", profile=profile))
        except TimeZoneError:
            return get_zone(None)

    def scheduler(self, profile: str | None = None, *, enable_fuzzing: bool | None = None):
        """The FSRS scheduler with this profile's retention and maximum interval.

        Args:
            profile: the profile name (None: global settings).
            enable_fuzzing: override the store's fuzz setting.

        Returns:
            An ``fsrs.Scheduler``.
        """
        return scheduling.make_scheduler(
            float(self.get_setting("desired_retention", profile=profile)),
            int(self.get_setting("maximum_interval_days", profile=profile)),
            enable_fuzzing=self.enable_fuzzing if enable_fuzzing is None else enable_fuzzing,
        )

    # ----------------------------------------------------------------- cards

    def card_states(self, profile: str, bank_id: str) -> dict[str, CardRow]:
        """Every stored card of a profile in a bank, by question id (plain columns only).

        Includes questions no longer in the bank; :func:`scheduling.build_queue` ignores them.
        """
        pid = self._existing_profile_id(profile)
        if pid is None:
            return {}
        rows = self.query(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE profile_id = ? AND bank_id = ?",
            (pid, bank_id),
        )
        return {row[0]: CardRow(*row) for row in rows}

    def card_row(self, profile: str, bank_id: str, question_id: str) -> CardRow | None:
        """The plain columns of one question's card, or None if it was never reviewed."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return None
        rows = self.query(
            f"SELECT {_CARD_COLUMNS} FROM cards "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (pid, bank_id, question_id),
        )
        return CardRow(*rows[0]) if rows else None

    def due_question_ids(self, profile: str, bank_id: str, now: datetime) -> list[str]:
        """Ids of the cards due at ``now``, lowest FSRS retrievability first.

        The queue's fast path: the order is computed by SQLite on the plain columns.
        R = (1 + F·t/S)^(−w20) falls as t/S grows, so ordering by elapsed/stability descending
        is ordering by R ascending (cards without stability first).
        """
        pid = self._existing_profile_id(profile)
        if pid is None:
            return []
        now_ts = to_epoch(now)
        rows = self.query(
            "SELECT question_id FROM cards WHERE profile_id = ? AND bank_id = ? AND due <= ? "
            "ORDER BY (stability IS NULL OR stability <= 0 OR last_review IS NULL) DESC, "
            "(? - last_review) / stability DESC, question_id",
            (pid, bank_id, now_ts, now_ts),
        )
        return [row[0] for row in rows]

    def known_question_ids(self, profile: str, bank_id: str) -> frozenset[str]:
        """Ids of every question this profile has a card for in this bank (the rest are new).

        Cached until this store or another process writes (``PRAGMA data_version``).
        """
        pid = self._existing_profile_id(profile)
        if pid is None:
            return frozenset()
        with self._lock:
            version = self._data_version()
            cached = self._known_cache.get((pid, bank_id))
            if cached is not None and cached[0] == version:
                return cached[1]
        rows = self.query(
            "SELECT question_id FROM cards WHERE profile_id = ? AND bank_id = ?", (pid, bank_id)
        )
        known = frozenset(row[0] for row in rows)
        with self._lock:
            self._known_cache[(pid, bank_id)] = (version, known)
        return known

    def earliest_due(self, profile: str, bank_id: str, limit: int = 50) -> list[tuple[str, float]]:
        """The cards due soonest (question id, due epoch s), earliest first (index range scan)."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return []
        rows = self.query(
            "SELECT question_id, due FROM cards WHERE profile_id = ? AND bank_id = ? "
            "ORDER BY due LIMIT ?",
            (pid, bank_id, limit),
        )
        return [(qid, due) for qid, due in rows]

    def learning_due(self, profile: str, bank_id: str, before: datetime) -> dict[str, float]:
        """Learning/relearning cards due before ``before``: question id → due (epoch s)."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return {}
        rows = self.query(
            "SELECT question_id, due FROM cards WHERE profile_id = ? AND bank_id = ? "
            "AND due <= ? AND state IN (?, ?)",
            (pid, bank_id, to_epoch(before), State.Learning.value, State.Relearning.value),
        )
        return {qid: due for qid, due in rows}

    def _data_version(self) -> tuple[int, int]:
        # data_version changes when another connection commits; our own writes bump _writes.
        version = self._connection().execute("PRAGMA data_version").fetchone()[0]
        return int(version), self._writes

    def all_card_states(self, profile: str) -> list[CardRow]:
        """Every stored card of a profile across banks."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return []
        rows = self.query(f"SELECT {_CARD_COLUMNS} FROM cards WHERE profile_id = ?", (pid,))
        return [CardRow(*row) for row in rows]

    def card(self, profile: str, bank_id: str, question_id: str) -> Card | None:
        """The FSRS card of a question, or None if it was never reviewed."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return None
        rows = self.query(
            "SELECT card_json FROM cards WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
            (pid, bank_id, question_id),
        )
        return Card.from_json(rows[0][0]) if rows else None

    def leeches(self, profile: str, bank_id: str | None = None) -> list[CardRow]:
        """Cards failed :data:`scheduling.LEECH_LAPSES` or more times, most lapses first."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return []
        sql = f"SELECT {_CARD_COLUMNS} FROM cards WHERE profile_id = ? AND lapses >= ?"
        params: list[Any] = [pid, scheduling.LEECH_LAPSES]
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        rows = self.query(sql + " ORDER BY lapses DESC, question_id", params)
        return [CardRow(*row) for row in rows]

    def bank_ids(self, profile: str | None = None) -> list[str]:
        """Bank ids with stored cards (for one profile, or any)."""
        if profile is None:
            rows = self.query("SELECT DISTINCT bank_id FROM cards ORDER BY bank_id")
        else:
            pid = self._existing_profile_id(profile)
            if pid is None:
                return []
            rows = self.query(
                "SELECT DISTINCT bank_id FROM cards WHERE profile_id = ? ORDER BY bank_id", (pid,)
            )
        return [r[0] for r in rows]

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
    ) -> ReviewRecord:
        """Log one answer and move its FSRS card, in one transaction committed before return.

        Args:
            profile: the learner (created if missing).
            bank_id: the bank's id (not its file name, so renaming the file keeps progress).
            question_id: the question's id.
            rating: the FSRS rating 1–4 (the learner's override if any).
            verdict: the grading verdict.
            score: the grading score in [0, 1].
            answer: what the learner answered, as text.
            content_hash: the question's current content hash.
            mode: study, review, exam, group or cram (cram answers do not move the card).
            duration_ms: time taken to answer.
            hint_used: the hint was shown.
            reviewed_at: the instant (default now, UTC).
            exam_id: the exam this answer belongs to.
            suggested_rating: the rating the trainer suggested, if different.

        Returns:
            The stored record (with its ``id``).

        Raises:
            ValueError: rating not 1–4, unknown mode or verdict.
            StoreError: the store cannot be written (nothing is stored then).
        """
        rating = scheduling.to_rating(rating)
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (one of {', '.join(MODES)})")
        if verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {verdict!r}")
        moment = as_utc(reviewed_at) if reviewed_at is not None else utc_now()
        record = ReviewRecord(
            uid=new_review_uid(),
            profile=profile,
            bank_id=bank_id,
            question_id=question_id,
            content_hash=content_hash,
            reviewed_at=moment,
            mode=mode,
            answer=answer,
            verdict=verdict,
            score=float(score),
            rating=int(rating),
            suggested_rating=int(suggested_rating) if suggested_rating is not None else None,
            duration_ms=int(duration_ms) if duration_ms is not None else None,
            hint_used=bool(hint_used),
        )
        scheduler = self.scheduler(profile) if mode in SCHEDULED_MODES else None
        with self._write() as conn:
            pid = self._profile_id(conn, profile, create=True)
            row = conn.execute(
                "SELECT card_json, reps, lapses FROM cards "
                "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
                (pid, bank_id, question_id),
            ).fetchone()
            before = Card.from_json(row[0]) if row else None
            record.card_before = json.loads(row[0]) if row else None
            if scheduler is not None:
                reps, lapses = (row[1], row[2]) if row else (0, 0)
                current = before or scheduling.new_card(bank_id, question_id, moment)
                if current.state == State.Review and rating == Rating.Again:
                    lapses += 1
                after, _ = scheduler.review_card(current, rating, moment, duration_ms)
                self._put_card(
                    conn, pid, bank_id, question_id, content_hash, after, reps + 1, lapses
                )
            cursor = conn.execute(
                f"INSERT {_INTO_REVIEWS}",
                (
                    record.uid,
                    pid,
                    bank_id,
                    question_id,
                    content_hash,
                    moment.timestamp(),
                    mode,
                    answer,
                    verdict,
                    record.score,
                    record.rating,
                    record.suggested_rating,
                    record.duration_ms,
                    int(record.hint_used),
                    row[0] if row else None,
                    exam_id,
                ),
            )
            record.id = int(cursor.lastrowid or 0)
        if exam_id is not None:
            found = self.query("SELECT uid FROM exams WHERE id = ?", (exam_id,))
            record.exam_uid = found[0][0] if found else None
        return record

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
        conn.execute(
            "INSERT INTO cards (profile_id, bank_id, question_id, content_hash, card_json, due, "
            "state, step, stability, difficulty, reps, lapses, last_review) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (profile_id, bank_id, question_id) DO UPDATE SET "
            "content_hash = excluded.content_hash, card_json = excluded.card_json, "
            "due = excluded.due, state = excluded.state, step = excluded.step, "
            "stability = excluded.stability, difficulty = excluded.difficulty, "
            "reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review",
            (
                pid,
                bank_id,
                question_id,
                content_hash,
                card.to_json(),
                card.due.timestamp(),
                int(card.state),
                card.step,
                card.stability,
                card.difficulty,
                reps,
                lapses,
                card.last_review.timestamp() if card.last_review else None,
            ),
        )

    def review(self, review_id: int) -> ReviewRecord | None:
        """One review by its id."""
        rows = self.query(_REVIEW_SELECT + " WHERE r.id = ?", (review_id,))
        return _review_from_row(rows[0]) if rows else None

    def override_rating(self, review_id: int, rating: int | Rating) -> ReviewRecord:
        """Replace a review's rating and recompute its card from the state before it.

        Later answers to the same question (if any) are replayed on top, so the card ends as if
        the new rating had been given in the first place.

        Args:
            review_id: the review to change.
            rating: the new rating 1–4.

        Returns:
            The updated record.

        Raises:
            ValueError: rating not 1–4.
            StoreError: no such review, or the store cannot be written.
        """
        new_rating = scheduling.to_rating(rating)
        with self._write() as conn:
            row = conn.execute(
                "SELECT profile_id, bank_id, question_id, reviewed_at, mode, rating, "
                "suggested_rating, uid FROM reviews WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                raise StoreError(
                    f"no review with id {review_id}", "store.error.no_review", id=review_id
                )
            pid, bank_id, question_id, reviewed_at, mode, old_rating, suggested, uid = row
            conn.execute(
                # synced = NULL: a review already on the sync server is sent again
                "UPDATE reviews SET rating = ?, suggested_rating = ?, synced = NULL WHERE id = ?",
                (int(new_rating), suggested if suggested is not None else old_rating, review_id),
            )
            if mode in SCHEDULED_MODES:
                profile = self._profile_name(conn, pid)
                scheduler = self.scheduler(profile)
                self._replay(
                    conn, scheduler, pid, bank_id, question_id, since=(reviewed_at, uid)
                )
        record = self.review(review_id)
        assert record is not None
        return record

    @staticmethod
    def _profile_name(conn: sqlite3.Connection, pid: int) -> str:
        row = conn.execute("SELECT name FROM profiles WHERE id = ?", (pid,)).fetchone()
        return str(row[0]) if row else DEFAULT_PROFILE

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
        """Recompute a card from its log (from ``since`` = (reviewed_at, uid) on, or all).

        Each replayed review's ``card_before`` is rewritten to the recomputed state. Answers
        at the same instant replay in ``uid`` order (not the local row id), so every device
        holding the same log computes the same card, whatever order the log arrived in.
        """
        rows = conn.execute(
            "SELECT id, reviewed_at, rating, mode, card_before, content_hash, uid FROM reviews "
            "WHERE profile_id = ? AND bank_id = ? AND question_id = ? "
            "ORDER BY reviewed_at, uid",
            (pid, bank_id, question_id),
        ).fetchall()
        card: Card | None = None
        reps = lapses = 0
        content_hash = ""
        started = since is None
        updates: list[tuple[str | None, int]] = []  # each replayed review's new card_before
        for review_id, at, rating, mode, card_before, row_hash, uid in rows:
            if not started:
                if (at, uid) < since:  # type: ignore[operator]
                    if mode in SCHEDULED_MODES:
                        reps += 1
                        state = json.loads(card_before)["state"] if card_before else None
                        if state == State.Review.value and rating == 1:
                            lapses += 1
                    continue
                started = True
                card = Card.from_json(card_before) if card_before else None
            moment = from_epoch(at)
            updates.append((card.to_json() if card is not None else None, review_id))
            content_hash = row_hash or content_hash
            if mode not in SCHEDULED_MODES:
                continue
            current = card or scheduling.new_card(bank_id, question_id, moment)
            if current.state == State.Review and rating == 1:
                lapses += 1
            reps += 1
            card, _ = scheduler.review_card(current, Rating(rating), moment)
        conn.executemany("UPDATE reviews SET card_before = ? WHERE id = ?", updates)
        if card is None:
            conn.execute(
                "DELETE FROM cards WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
                (pid, bank_id, question_id),
            )
            return
        self._put_card(conn, pid, bank_id, question_id, content_hash, card, reps, lapses)

    def rebuild_cards(self, profile: str, bank_id: str | None = None) -> int:
        """Recompute every card of a profile by replaying its log in time order (no fuzz).

        Works in transactions of :data:`WRITE_CHUNK` cards, so another process never waits
        long for the write lock.

        Args:
            profile: the profile name.
            bank_id: only this bank.

        Returns:
            The number of cards rebuilt.

        Raises:
            ProfileError: no such profile.
        """
        pid = self._existing_profile_id(profile)
        if pid is None:
            raise ProfileError(
                f"no profile named {profile!r}", "store.error.no_profile", name=profile
            )
        sql = "SELECT DISTINCT bank_id, question_id FROM reviews WHERE profile_id = ?"
        params: list[Any] = [pid]
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        keys = [(pid, bank, qid) for bank, qid in self.query(sql, params)]
        schedulers: dict[int, Scheduler] = {}
        for start in range(0, len(keys), WRITE_CHUNK):
            with self._write() as conn:
                self._replay_cards(conn, keys[start : start + WRITE_CHUNK], schedulers)
        return len(keys)

    def _replay_cards(
        self,
        conn: sqlite3.Connection,
        keys: Iterable[tuple[int, str, str]],
        schedulers: dict[int, Scheduler],
    ) -> None:
        """Replay the whole log of each (profile id, bank id, question id), without fuzz."""
        for pid, bank_id, question_id in keys:
            scheduler = schedulers.get(pid)
            if scheduler is None:
                name = self._profile_name(conn, pid)
                scheduler = schedulers[pid] = self.scheduler(name, enable_fuzzing=False)
            self._replay(conn, scheduler, pid, bank_id, question_id)

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
        where: list[str] = []
        params: list[Any] = []
        if profile is not None:
            pid = self._existing_profile_id(profile)
            if pid is None:
                return None
            where.append(f"{table}profile_id = ?")
            params.append(pid)
        if since is not None:
            where.append(f"{table}reviewed_at >= ?")
            params.append(to_epoch(since))
        if bank_id is not None:
            where.append(f"{table}bank_id = ?")
            params.append(bank_id)
        return where, params

    def iter_reviews(
        self,
        profile: str | None = None,
        since: datetime | None = None,
        *,
        bank_id: str | None = None,
        batch: int = 2000,
    ) -> Iterator[ReviewRecord]:
        """Every review (of one profile, or all), oldest first; for export and statistics.

        Args:
            profile: a profile name, or None for everyone.
            since: only reviews at or after this instant.
            bank_id: only this bank.
            batch: rows fetched at a time.

        Yields:
            Review records with every stored column.
        """
        conditions = self._review_conditions(profile, since, bank_id, table="r.")
        if conditions is None:
            return
        where, params = conditions
        # keyset paging: each page starts after the last (reviewed_at, id) seen
        first = _REVIEW_SELECT + (" WHERE " + " AND ".join(where) if where else "")
        after = (
            _REVIEW_SELECT + " WHERE " + " AND ".join([*where, "(r.reviewed_at, r.id) > (?, ?)"])
        )
        order = " ORDER BY r.reviewed_at, r.id LIMIT ?"
        rows = self.query(first + order, [*params, batch])
        while rows:
            for row in rows:
                yield _review_from_row(row)
            if len(rows) < batch:
                return
            last = rows[-1]
            rows = self.query(after + order, [*params, last[6], last[0], batch])

    def review_tuples(
        self,
        profile: str | None,
        columns: Iterable[str],
        *,
        since: datetime | None = None,
        bank_id: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """Raw review columns, oldest first: the fast path for statistics over 10⁶ reviews.

        Args:
            profile: a profile name, or None for all.
            columns: names from :data:`REVIEW_COLUMNS` (``reviewed_at`` is UTC epoch seconds).
            since: only reviews at or after this instant.
            bank_id: only this bank.

        Returns:
            One tuple per review with the columns in the order asked.

        Raises:
            ValueError: an unknown column.
        """
        cols = list(columns)
        unknown = [c for c in cols if c not in REVIEW_COLUMNS]
        if unknown:
            raise ValueError(f"unknown review column(s): {', '.join(unknown)}")
        conditions = self._review_conditions(profile, since, bank_id)
        if conditions is None:
            return []
        where, params = conditions
        sql = f"SELECT {', '.join(cols)} FROM reviews"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self.query(sql + " ORDER BY reviewed_at, id", params)

    def review_count(self, profile: str | None = None) -> int:
        """Number of reviews (of one profile, or all)."""
        if profile is None:
            return int(self.query("SELECT COUNT(*) FROM reviews")[0][0])
        pid = self._existing_profile_id(profile)
        if pid is None:
            return 0
        return int(self.query("SELECT COUNT(*) FROM reviews WHERE profile_id = ?", (pid,))[0][0])

    def new_introduced(
        self, profile: str, start: datetime, end: datetime, *, bank_id: str | None = None
    ) -> int:
        """New questions first answered in [start, end) in study/review sessions.

        This is what counts against the new-per-day limit (exam, group and cram answers don't).
        """
        pid = self._existing_profile_id(profile)
        if pid is None:
            return 0
        sql = (
            "SELECT COUNT(*) FROM reviews WHERE profile_id = ? AND card_before IS NULL "
            "AND reviewed_at >= ? AND reviewed_at < ? AND mode IN ('study', 'review')"
        )
        params: list[Any] = [pid, to_epoch(start), to_epoch(end)]
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        return int(self.query(sql, params)[0][0])

    def import_reviews(
        self, records: Iterable[ReviewRecord | Mapping[str, Any]]
    ) -> tuple[int, int]:
        """Merge reviews (from an export) into this store; duplicates (same uid) are skipped.

        See :meth:`import_history_records` (this is it without exams).

        Returns:
            ``(added, skipped)``.
        """
        added, skipped, _, _ = self.import_history_records(records, ())
        return added, skipped

    def import_history_records(
        self,
        records: Iterable[ReviewRecord | Mapping[str, Any]],
        exams: Iterable[ExamRecord | Mapping[str, Any]],
    ) -> tuple[int, int, int, int]:
        """Merge an exported history: its exams, then its reviews; known uids are skipped.

        Profiles are matched by name and created if missing; exam answers keep their link to
        their exam. Every card that received a review is rebuilt by replaying its whole log in
        time order (without fuzz).

        Every record is checked before anything is written: the reviews are read one by one
        into a temporary table (on disk, so a history of a million reviews does not have to fit
        in memory), and a malformed one stops the import there. The reviews are then written
        in the order of their cards, in transactions of about :data:`WRITE_CHUNK` records, each
        together with the rebuild of its cards: another process never waits long for the write
        lock, and an import killed half-way leaves consistent cards — importing the same file
        again completes it.

        Args:
            records: review records or their dicts (any iterable: it is read once).
            exams: exam records or their dicts.

        Returns:
            ``(reviews added, reviews skipped, exams added, exams skipped)``.

        Raises:
            ValueError: a record is malformed (nothing is imported then); an error the
                iterable itself raises (e.g. a file's row that cannot be read) propagates the
                same way.
            StoreError: the store cannot be written.
        """
        with self._lock:
            conn = self._connection()
            conn.execute("DROP TABLE IF EXISTS temp.import_stage")
            conn.execute(
                "CREATE TEMP TABLE import_stage (profile TEXT, bank_id TEXT, "
                "question_id TEXT, reviewed_at REAL, uid TEXT, content_hash TEXT, mode TEXT, "
                "answer TEXT, verdict TEXT, score REAL, rating INTEGER, suggested_rating INTEGER, "
                "duration_ms INTEGER, hint_used INTEGER, card_before TEXT, exam_uid TEXT)"
            )
            try:
                self._stage_reviews(conn, records)
                exams_added, exams_skipped = self.import_exams(exams)
                added, skipped = self._write_staged(conn)
            finally:
                conn.execute("DROP TABLE IF EXISTS temp.import_stage")
                conn.execute("DROP TABLE IF EXISTS temp.import_sorted")
        return added, skipped, exams_added, exams_skipped

    def _stage_reviews(
        self, conn: sqlite3.Connection, records: Iterable[ReviewRecord | Mapping[str, Any]]
    ) -> None:
        batch: list[tuple[Any, ...]] = []
        conn.execute("BEGIN")  # temp tables only: no lock on the store itself
        try:
            for raw in records:
                record = raw if isinstance(raw, ReviewRecord) else ReviewRecord.from_dict(raw)
                if record.mode not in MODES:
                    raise ValueError(f"review {record.uid}: unknown mode {record.mode!r}")
                if record.verdict not in VERDICTS:
                    raise ValueError(f"review {record.uid}: unknown verdict {record.verdict!r}")
                batch.append(_staged_row(record))
                if len(batch) >= WRITE_CHUNK:
                    conn.executemany(_STAGE_INSERT, batch)
                    batch.clear()
            if batch:
                conn.executemany(_STAGE_INSERT, batch)
            # One card's reviews together, in time order; rowid then gives that order.
            conn.execute(
                "CREATE TEMP TABLE import_sorted AS SELECT * FROM import_stage "
                "ORDER BY profile, bank_id, question_id, reviewed_at, rowid"
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _write_staged(self, conn: sqlite3.Connection) -> tuple[int, int]:
        added = skipped = 0
        schedulers: dict[int, Scheduler] = {}
        last = 0
        while True:
            rows = conn.execute(
                f"SELECT rowid, {_STAGE_COLUMNS} FROM import_sorted WHERE rowid > ? "
                "ORDER BY rowid LIMIT ?",
                (last, WRITE_CHUNK),
            ).fetchall()
            if not rows:
                break
            # keep all of one question's reviews in the same transaction
            card = rows[-1][1:4]
            rows += conn.execute(
                f"SELECT rowid, {_STAGE_COLUMNS} FROM import_sorted WHERE rowid > ? "
                "AND profile = ? AND bank_id = ? AND question_id = ? ORDER BY rowid",
                (rows[-1][0], *card),
            ).fetchall()
            last = rows[-1][0]
            touched: set[tuple[int, str, str]] = set()
            with self._write() as write:
                profile_ids: dict[str, int] = {}
                for row in rows:
                    name = row[1]
                    pid = profile_ids.get(name)
                    if pid is None:
                        pid = profile_ids[name] = self._profile_id(write, name, create=True)
                    if self._insert_staged(write, pid, row[1:]):
                        added += 1
                        touched.add((pid, row[2], row[3]))
                    else:
                        skipped += 1
                self._replay_cards(write, sorted(touched), schedulers)
        return added, skipped

    def _insert_staged(self, conn: sqlite3.Connection, pid: int, row: tuple[Any, ...]) -> bool:
        """Insert one staged review unless its uid is known; True if it was added."""
        (_, bank_id, question_id, reviewed_at, uid, content_hash, mode, answer, verdict, score,
         rating, suggested, duration_ms, hint_used, card_before, exam_uid) = row  # fmt: skip
        exam_id = None
        if exam_uid:
            found = conn.execute("SELECT id FROM exams WHERE uid = ?", (exam_uid,)).fetchone()
            exam_id = found[0] if found else None
        cursor = conn.execute(
            f"INSERT OR IGNORE {_INTO_REVIEWS}",
            (uid, pid, bank_id, question_id, content_hash, reviewed_at, mode, answer, verdict,
             score, rating, suggested, duration_ms, hint_used, card_before, exam_id),
        )  # fmt: skip
        return bool(cursor.rowcount)

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
        """Record the start of an exam (committed, so a killed exam still shows as started).

        Returns:
            The exam with its ``id`` (pass it to :meth:`record_review` and :meth:`finish_exam`).
        """
        moment = as_utc(started_at) if started_at else utc_now()
        exam = ExamRecord(
            uid=str(uuid.uuid4()),
            profile=profile,
            bank_id=bank_id,
            started_at=moment,
            size=int(size),
            time_limit_s=time_limit_s,
        )
        with self._write() as conn:
            pid = self._profile_id(conn, profile, create=True)
            cursor = conn.execute(
                "INSERT INTO exams (uid, profile_id, bank_id, started_at, size, time_limit_s) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (exam.uid, pid, bank_id, moment.timestamp(), exam.size, time_limit_s),
            )
            exam.id = int(cursor.lastrowid or 0)
        return exam

    def finish_exam(
        self,
        exam_id: int,
        score: float,
        sections: Mapping[str, Any],
        *,
        finished_at: datetime | None = None,
    ) -> ExamRecord:
        """Record an exam's end, its score (0–1) and per-section results.

        Raises:
            StoreError: no such exam.
        """
        moment = as_utc(finished_at) if finished_at else utc_now()
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE exams SET finished_at = ?, score = ?, sections = ? WHERE id = ?",
                (
                    moment.timestamp(),
                    float(score),
                    json.dumps(dict(sections), ensure_ascii=False),
                    exam_id,
                ),
            )
            if not cursor.rowcount:
                raise StoreError(f"no exam with id {exam_id}", "store.error.no_exam", id=exam_id)
        found = self._exams("e.id = ?", [exam_id])
        return found[0]

    def exams(self, profile: str) -> list[ExamRecord]:
        """A profile's exams, oldest first (unfinished ones have ``finished_at`` None)."""
        pid = self._existing_profile_id(profile)
        if pid is None:
            return []
        return self._exams("e.profile_id = ?", [pid])

    def iter_exams(self, profile: str | None = None) -> list[ExamRecord]:
        """Every exam (of one profile, or all), oldest first; for export."""
        if profile is None:
            return self._exams("1", [])
        return self.exams(profile)

    def _exams(self, where: str, params: list[Any]) -> list[ExamRecord]:
        rows = self.query(
            "SELECT e.id, e.uid, p.name, e.bank_id, e.started_at, e.finished_at, e.size, "
            "e.time_limit_s, e.score, e.sections FROM exams e "
            f"JOIN profiles p ON p.id = e.profile_id WHERE {where} ORDER BY e.started_at, e.id",
            params,
        )
        return [
            ExamRecord(
                id=r[0],
                uid=r[1],
                profile=r[2],
                bank_id=r[3],
                started_at=from_epoch(r[4]),
                finished_at=_dt(r[5]),
                size=r[6],
                time_limit_s=r[7],
                score=r[8],
                sections=json.loads(r[9] or "{}"),
            )
            for r in rows
        ]

    def import_exams(self, records: Iterable[ExamRecord | Mapping[str, Any]]) -> tuple[int, int]:
        """Merge exams (from an export) on their uid; import them before their reviews.

        Returns:
            ``(added, skipped)``.
        """
        parsed = [r if isinstance(r, ExamRecord) else ExamRecord.from_dict(r) for r in records]
        added = skipped = 0
        with self._write() as conn:
            for exam in parsed:
                pid = self._profile_id(conn, exam.profile, create=True)
                cursor = conn.execute(
                    "INSERT OR IGNORE INTO exams (uid, profile_id, bank_id, started_at, "
                    "finished_at, size, time_limit_s, score, sections) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        exam.uid,
                        pid,
                        exam.bank_id,
                        to_epoch(exam.started_at),
                        to_epoch(exam.finished_at) if exam.finished_at else None,
                        exam.size,
                        exam.time_limit_s,
                        exam.score,
                        json.dumps(exam.sections, ensure_ascii=False),
                    ),
                )
                if cursor.rowcount:
                    added += 1
                else:
                    skipped += 1
        return added, skipped


class _Reason(str):
    """A known reason: English text, plus ``name`` for its message ``store.reason.<name>``."""

    name: str

    def __new__(cls, name: str) -> _Reason:
        reason = super().__new__(cls, _REASON_TEXT.get(name, name))
        reason.name = name
        return reason


_REASON_TEXT = {
    "busy": f"another process kept it busy for more than {BUSY_TIMEOUT_S:.0f} s",
    "not_a_store": "the file is not a trainer store (not an SQLite database)",
    "cannot_open": "the file cannot be opened (check the folder exists and is writable)",
    "read_only": "the file or its folder is read-only",
    "disk_full": "the disk is full",
    "directory": "it is a directory",
    "newer": "it was written by a newer trainer; update trainer",
}


def _localize(value: Any) -> Any:
    if isinstance(value, _Reason):
        from trainer.i18n import t

        key = f"store.reason.{value.name}"
        text = t(key)
        return text if text != key else str(value)
    return value


_INTO_REVIEWS = (
    "INTO reviews (uid, profile_id, bank_id, question_id, content_hash, reviewed_at, mode, "
    "answer, verdict, score, rating, suggested_rating, duration_ms, hint_used, card_before, "
    "exam_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
"""A new review row: recorded (``INSERT``) or imported (``INSERT OR IGNORE``, on its uid)."""
_STAGE_COLUMNS = (
    "profile, bank_id, question_id, reviewed_at, uid, content_hash, mode, answer, verdict, "
    "score, rating, suggested_rating, duration_ms, hint_used, card_before, exam_uid"
)
_STAGE_INSERT = (
    f"INSERT INTO import_stage ({_STAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, ?)"
)


def _staged_row(record: ReviewRecord) -> tuple[Any, ...]:
    """A checked review as a row of the import's temporary table."""
    return (
        record.profile,
        record.bank_id,
        record.question_id,
        to_epoch(record.reviewed_at),
        record.uid,
        record.content_hash,
        record.mode,
        record.answer,
        record.verdict,
        record.score,
        record.rating,
        record.suggested_rating,
        record.duration_ms,
        int(record.hint_used),
        json.dumps(record.card_before) if record.card_before else None,
        record.exam_uid,
    )


def _reason(error: BaseException) -> str:
    """Why SQLite failed, in one line (a :class:`_Reason` for the known cases)."""
    text = str(error).strip() or type(error).__name__
    known = (
        ("database is locked", "busy"),
        ("file is not a database", "not_a_store"),
        ("unable to open database file", "cannot_open"),
        ("readonly database", "read_only"),
        ("database or disk is full", "disk_full"),
        ("newer than this trainer", "newer"),
    )
    for needle, name in known:
        if needle in text:
            return _Reason(name)
    return text.splitlines()[0]
