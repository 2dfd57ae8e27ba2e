"""The server's storage: one schema on SQLite (the default) or PostgreSQL (psycopg 3 + pool).

Every query is written once with ``?`` placeholders and the SQL both databases share; the
PostgreSQL backend turns ``?`` into ``%s``. The schema's version is a row of ``server_schema``;
``MIGRATIONS[i]`` takes version ``i`` to ``i + 1`` on both databases (the only difference, the
identity column, is filled in per dialect).

Tables (v1):

* ``users`` — accounts by unique name, with a ``role`` (``member`` or ``admin``; the groups and
  group leaders of organisation-wide progress come as their own tables, ``groups`` and
  ``memberships(group_id, user_id, role)``, without changing this one) and ``seq``, the last
  change number handed out for the user's data.
* ``invites`` — one-time codes (SHA-256 only) that register a device for a user.
* ``devices`` — one row per registered device: the SHA-256 of its token, revocable.
* ``reviews``, ``exams``, ``settings`` — each learner's synced history. Every stored or changed
  row gets the next ``seq`` of its user, taken under a lock on the user's row, so the changes of
  one learner are numbered in commit order and a device that has seen everything up to ``seq``
  N misses nothing by asking for ``seq > N``. ``UNIQUE (user_id, uid)`` stores each review once.
* ``banks`` — the organisation's banks: YAML text and its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from trainer.server import protocol
from trainer.server.org_schema import v1_to_v2_org, v2_to_v3_org_tickets

INVITE_TTL_S = 14 * 24 * 3600
"""An invite code is valid for two weeks (and once)."""
INVITE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I/L: a code is read aloud or typed from paper."""


class StorageError(Exception):
    """The database cannot be opened or written; one line saying where and why (English)."""


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    @property
    def rowcount(self) -> int: ...


REVIEW_COLUMNS = ("user_id", "seq", "device_id", *protocol.REVIEW_FIELDS)
SMALL_PUSH = 200
"""Up to this many reviews go to PostgreSQL in one INSERT; more go through COPY."""
"""A stored review's columns (without ``id``), in the order rows are built."""


_ON_CONFLICT = (
    "ON CONFLICT (user_id, uid) DO UPDATE SET rating = excluded.rating, "
    "suggested_rating = excluded.suggested_rating, seq = excluded.seq, "
    "device_id = excluded.device_id WHERE reviews.rating <> excluded.rating"
)
"""A review stored again is skipped, unless its rating changed (the learner's override right
after answering): then the new rating is kept and numbered anew, so the other devices get it."""


class Tx:
    """One open transaction: ``execute``/``executemany`` with ``?`` placeholders."""

    def __init__(self, conn: Any, dialect: str) -> None:
        self._conn = conn
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        return self._conn.execute(self._sql(sql), tuple(params))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run ``sql`` once per row; the number of rows changed in all."""
        if self.dialect == "postgresql":
            with self._conn.cursor() as cursor:
                cursor.executemany(self._sql(sql), [tuple(r) for r in rows])
                return max(0, int(cursor.rowcount))
        return max(0, int(self._conn.executemany(sql, [tuple(r) for r in rows]).rowcount))

    def insert_new_reviews(self, rows: Sequence[Sequence[Any]]) -> int:
        """Insert review rows (``REVIEW_COLUMNS`` order), skipping those already stored;
        returns how many were new.

        PostgreSQL: COPY into a temporary table, then one INSERT … SELECT (several times faster
        than a statement per row); SQLite: one prepared statement per row (in-process anyway).
        """
        columns = ", ".join(REVIEW_COLUMNS)
        if self.dialect == "postgresql" and len(rows) <= SMALL_PUSH:
            # one day's reviews: one multi-row INSERT, one round trip
            marks = "(" + ", ".join("?" for _ in REVIEW_COLUMNS) + ")"
            cursor = self.execute(
                f"INSERT INTO reviews ({columns}) VALUES "
                + ", ".join(marks for _ in rows)
                + " "
                + _ON_CONFLICT,
                [value for row in rows for value in row],
            )
            return max(0, int(cursor.rowcount))
        if self.dialect == "postgresql":
            self.execute(
                "CREATE TEMP TABLE IF NOT EXISTS incoming_reviews ON COMMIT DELETE ROWS AS "
                f"SELECT {columns} FROM reviews WITH NO DATA"
            )
            with self._conn.cursor() as cursor:
                with cursor.copy(f"COPY incoming_reviews ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(
                    f"INSERT INTO reviews ({columns}) SELECT {columns} FROM incoming_reviews "
                    + _ON_CONFLICT
                )
                return max(0, int(cursor.rowcount))
        marks = ", ".join("?" for _ in REVIEW_COLUMNS)
        cursor = self._conn.executemany(
            f"INSERT INTO reviews ({columns}) VALUES ({marks}) " + _ON_CONFLICT,
            [tuple(r) for r in rows],
        )
        return max(0, int(cursor.rowcount))

    def lock_user(self, user_id: int) -> int:
        """Lock the user's row until the end of the transaction; its current ``seq``."""
        suffix = " FOR UPDATE" if self.dialect == "postgresql" else ""
        row = self.execute("SELECT seq FROM users WHERE id = ?" + suffix, (user_id,)).fetchone()
        return int(row[0])


def _ddl(dialect: str, script: str) -> list[str]:
    pk = (
        "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        if dialect == "postgresql"
        else "INTEGER PRIMARY KEY"
    )
    return [s.strip() for s in script.replace("{pk}", pk).split(";") if s.strip()]


def _v0_to_v1(tx: Tx) -> None:
    for statement in _ddl(
        tx.dialect,
        """
        CREATE TABLE users (
            id {pk},
            name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL DEFAULT 'member',
            created_at DOUBLE PRECISION NOT NULL,
            disabled_at DOUBLE PRECISION,
            seq BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE invites (
            id {pk},
            user_id BIGINT NOT NULL REFERENCES users (id),
            code_hash TEXT NOT NULL UNIQUE,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            used_at DOUBLE PRECISION
        );
        CREATE TABLE devices (
            id {pk},
            user_id BIGINT NOT NULL REFERENCES users (id),
            name TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at DOUBLE PRECISION NOT NULL,
            last_seen_at DOUBLE PRECISION,
            revoked_at DOUBLE PRECISION
        );
        CREATE INDEX devices_user ON devices (user_id);
        CREATE TABLE reviews (
            id {pk},
            user_id BIGINT NOT NULL REFERENCES users (id),
            seq BIGINT NOT NULL,
            device_id BIGINT,
            uid TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            content_hash TEXT NOT NULL DEFAULT '',
            reviewed_at DOUBLE PRECISION NOT NULL,
            mode TEXT NOT NULL,
            answer TEXT NOT NULL DEFAULT '',
            verdict TEXT NOT NULL,
            score DOUBLE PRECISION NOT NULL,
            rating INTEGER NOT NULL,
            suggested_rating INTEGER,
            duration_ms BIGINT,
            hint_used INTEGER NOT NULL DEFAULT 0,
            exam_uid TEXT,
            UNIQUE (user_id, uid)
        );
        CREATE INDEX reviews_user_seq ON reviews (user_id, seq);
        CREATE TABLE exams (
            id {pk},
            user_id BIGINT NOT NULL REFERENCES users (id),
            seq BIGINT NOT NULL,
            device_id BIGINT,
            uid TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL,
            finished_at DOUBLE PRECISION,
            size INTEGER NOT NULL,
            time_limit_s INTEGER,
            score DOUBLE PRECISION,
            sections TEXT NOT NULL DEFAULT '{}',
            UNIQUE (user_id, uid)
        );
        CREATE INDEX exams_user_seq ON exams (user_id, seq);
        CREATE TABLE settings (
            user_id BIGINT NOT NULL REFERENCES users (id),
            key TEXT NOT NULL,
            value TEXT,
            changed_at DOUBLE PRECISION NOT NULL,
            seq BIGINT NOT NULL,
            device_id BIGINT,
            PRIMARY KEY (user_id, key)
        );
        CREATE INDEX settings_user_seq ON settings (user_id, seq);
        CREATE TABLE banks (
            bank_id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            content TEXT NOT NULL,
            updated_at DOUBLE PRECISION NOT NULL
        )
        """,
    ):
        tx.execute(statement)


MIGRATIONS: list[Callable[[Tx], None]] = [_v0_to_v1, v1_to_v2_org, v2_to_v3_org_tickets]
SCHEMA_VERSION = len(MIGRATIONS)


def hash_secret(secret: str) -> str:
    """SHA-256 of a token or invite code (both random and long enough that a salt adds
    nothing; the database never holds one in clear)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_invite_code() -> str:
    """A one-time code of 15 characters from a 32-letter alphabet (75 bits), in groups of 5."""
    letters = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(15))
    return "-".join(letters[i : i + 5] for i in range(0, 15, 5))


def normalize_code(code: str) -> str:
    """A typed code as stored: upper case, dashes where they belong, spaces dropped."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(letters[i : i + 5] for i in range(0, len(letters), 5))


@dataclass(frozen=True)
class Device:
    """An authenticated device."""

    id: int
    user_id: int
    user: str


@dataclass(frozen=True)
class SyncResult:
    """What one sync request did and what it sends back."""

    accepted: int
    cursor: int
    more: bool
    reviews: list[dict[str, Any]]
    exams: list[dict[str, Any]]
    settings: list[dict[str, Any]]


class Storage:
    """Accounts, histories and banks in one database. Thread-safe; open with :func:`open_storage`."""

    dialect = "sqlite"

    def __init__(self, target: str) -> None:
        self.target = target

    # -- plumbing, per backend
    def transaction(self, *, write: bool = True) -> AbstractContextManager[Tx]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- schema
    def migrate(self) -> tuple[int, int]:
        """Bring the schema to :data:`SCHEMA_VERSION` (safe with several processes starting)."""
        with self.transaction() as tx:
            if tx.dialect == "postgresql":
                tx.execute("SELECT pg_advisory_xact_lock(8790017)")
            tx.execute("CREATE TABLE IF NOT EXISTS server_schema (version INTEGER NOT NULL)")
            row = tx.execute("SELECT version FROM server_schema").fetchone()
            if row is None:
                tx.execute("INSERT INTO server_schema (version) VALUES (0)")
                version = 0
            else:
                version = int(row[0])
            before = version
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"the database's schema version {version} is newer than this trainer "
                    f"knows ({SCHEMA_VERSION}); update trainer"
                )
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](tx)
                version += 1
            tx.execute("UPDATE server_schema SET version = ?", (version,))
        return before, version

    # -- accounts
    def add_user(
        self, name: str, *, role: str = "member", now: float | None = None
    ) -> tuple[bool, str]:
        """Create the user if missing, and issue a one-time invite code for a device.

        Returns:
            ``(created, code)``: whether the user is new, and the code in clear (shown once).
        """
        clean = protocol.check_name(name)
        moment = time.time() if now is None else now
        code = new_invite_code()
        with self.transaction() as tx:
            row = tx.execute("SELECT id FROM users WHERE name = ?", (clean,)).fetchone()
            created = row is None
            if created:
                tx.execute(
                    "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?)",
                    (clean, role, moment),
                )
                row = tx.execute("SELECT id FROM users WHERE name = ?", (clean,)).fetchone()
            tx.execute(
                "INSERT INTO invites (user_id, code_hash, created_at, expires_at) "
                "VALUES (?, ?, ?, ?)",
                (row[0], hash_secret(code), moment, moment + INVITE_TTL_S),
            )
        return created, code

    def redeem(self, name: str, code: str, device_name: str) -> tuple[int, str] | None:
        """Use an invite code once: register a device and return ``(device id, token)``.

        Returns:
            None when the user, the code, or its validity does not match (one answer for all,
            so the reply tells an attacker nothing).
        """
        now = time.time()
        token = secrets.token_urlsafe(32)
        with self.transaction() as tx:
            row = tx.execute(
                "SELECT i.id, u.id FROM invites i JOIN users u ON u.id = i.user_id "
                "WHERE i.code_hash = ? AND u.name = ? AND i.used_at IS NULL "
                "AND i.expires_at > ? AND u.disabled_at IS NULL",
                (hash_secret(normalize_code(code)), name, now),
            ).fetchone()
            if row is None:
                return None
            used = tx.execute(
                "UPDATE invites SET used_at = ? WHERE id = ? AND used_at IS NULL", (now, row[0])
            )
            if used.rowcount != 1:
                return None
            tx.execute(
                "INSERT INTO devices (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
                (row[1], device_name, hash_secret(token), now),
            )
            device = tx.execute(
                "SELECT id FROM devices WHERE token_hash = ?", (hash_secret(token),)
            ).fetchone()
        return int(device[0]), token

    def authenticate(self, token: str) -> Device | None:
        """The live device holding this token, or None (unknown, revoked, user disabled)."""
        with self.transaction(write=False) as tx:
            row = tx.execute(
                "SELECT d.id, u.id, u.name FROM devices d JOIN users u ON u.id = d.user_id "
                "WHERE d.token_hash = ? AND d.revoked_at IS NULL AND u.disabled_at IS NULL",
                (hash_secret(token),),
            ).fetchone()
        return Device(int(row[0]), int(row[1]), str(row[2])) if row else None

    def devices(self, user_id: int) -> list[dict[str, Any]]:
        """A user's devices (never their tokens)."""
        with self.transaction(write=False) as tx:
            rows = tx.execute(
                "SELECT id, name, created_at, last_seen_at, revoked_at FROM devices "
                "WHERE user_id = ? ORDER BY id",
                (user_id,),
            ).fetchall()
        return [
            {"id": r[0], "name": r[1], "created_at": r[2], "last_seen_at": r[3], "revoked_at": r[4]}
            for r in rows
        ]

    def revoke_device(self, user_id: int, device_id: int) -> bool:
        """Revoke one of the user's devices; False when the user has no such live device."""
        with self.transaction() as tx:
            cursor = tx.execute(
                "UPDATE devices SET revoked_at = ? WHERE id = ? AND user_id = ? "
                "AND revoked_at IS NULL",
                (time.time(), device_id, user_id),
            )
            return cursor.rowcount == 1

    def revoke_user_devices(self, name: str, device_id: int | None = None) -> int:
        """Revoke a user's devices (all, or one by id). Returns how many were revoked.

        Raises:
            StorageError: no such user.
        """
        with self.transaction() as tx:
            row = tx.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise StorageError(f"no user named {name!r}")
            sql = "UPDATE devices SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"
            params: list[Any] = [time.time(), row[0]]
            if device_id is not None:
                sql += " AND id = ?"
                params.append(device_id)
            return tx.execute(sql, params).rowcount

    def users(self) -> list[dict[str, Any]]:
        """Every user with their review count and live devices."""
        with self.transaction(write=False) as tx:
            rows = tx.execute(
                "SELECT u.name, u.role, "
                "(SELECT COUNT(*) FROM reviews r WHERE r.user_id = u.id), "
                "(SELECT COUNT(*) FROM devices d WHERE d.user_id = u.id AND d.revoked_at IS NULL) "
                "FROM users u ORDER BY u.name"
            ).fetchall()
        return [{"name": r[0], "role": r[1], "reviews": r[2], "devices": r[3]} for r in rows]

    # -- sync
    def sync(
        self,
        device: Device,
        cursor: int,
        reviews: Sequence[Mapping[str, Any]],
        exams: Sequence[Mapping[str, Any]],
        settings: Sequence[Mapping[str, Any]],
        *,
        page: int = protocol.PULL_PAGE,
    ) -> SyncResult:
        """Store a device's new records and return what its learner's other devices made since
        ``cursor``, in one transaction under the learner's lock.

        Reviews and exams are keyed on ``(user, uid)``: a record sent twice is stored once. An
        exam already stored is updated only when it gains its end. A setting replaces the stored
        one only if it changed later (ties: the larger JSON text, so every server agrees).
        """
        uid = device.user_id
        now = time.time()
        with self.transaction() as tx:
            seq = tx.lock_user(uid)
            accepted = 0
            for exam in exams:
                found = tx.execute(
                    "SELECT finished_at FROM exams WHERE user_id = ? AND uid = ?",
                    (uid, exam["uid"]),
                ).fetchone()
                if found is None:
                    seq += 1
                    tx.execute(
                        "INSERT INTO exams (user_id, seq, device_id, uid, bank_id, started_at, "
                        "finished_at, size, time_limit_s, score, sections) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (uid, seq, device.id, *(exam[f] for f in protocol.EXAM_FIELDS)),
                    )
                elif found[0] is None and exam["finished_at"] is not None:
                    seq += 1
                    tx.execute(
                        "UPDATE exams SET seq = ?, device_id = ?, finished_at = ?, score = ?, "
                        "sections = ? WHERE user_id = ? AND uid = ?",
                        (seq, device.id, exam["finished_at"], exam["score"], exam["sections"],
                         uid, exam["uid"]),
                    )  # fmt: skip
            if reviews:
                reviews = list({r["uid"]: r for r in reversed(reviews)}.values())[::-1]
                # Every review gets a number; one already stored (same user and uid) is
                # skipped by the unique key, leaving a gap in seq, which is harmless: seq only
                # has to grow in commit order.
                rows = []
                for review in reviews:
                    seq += 1
                    rows.append((uid, seq, device.id, *(review[f] for f in protocol.REVIEW_FIELDS)))
                accepted = tx.insert_new_reviews(rows)
            lost: list[str] = []
            for setting in settings:
                found = tx.execute(
                    "SELECT value, changed_at FROM settings WHERE user_id = ? AND key = ?",
                    (uid, setting["key"]),
                ).fetchone()
                incoming = (setting["changed_at"], setting["value"] or "")
                if found is not None and incoming <= (found[1], found[0] or ""):
                    if incoming != (found[1], found[0] or ""):
                        lost.append(setting["key"])
                    continue
                seq += 1
                if found is None:
                    tx.execute(
                        "INSERT INTO settings (user_id, key, value, changed_at, seq, device_id) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (uid, setting["key"], setting["value"], setting["changed_at"], seq,
                         device.id),
                    )  # fmt: skip
                else:
                    tx.execute(
                        "UPDATE settings SET value = ?, changed_at = ?, seq = ?, device_id = ? "
                        "WHERE user_id = ? AND key = ?",
                        (setting["value"], setting["changed_at"], seq, device.id, uid,
                         setting["key"]),
                    )  # fmt: skip
            tx.execute("UPDATE users SET seq = ? WHERE id = ?", (seq, uid))
            tx.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", (now, device.id))
            return self._pull(tx, device, cursor, seq, lost, accepted, page)

    def _pull(
        self,
        tx: Tx,
        device: Device,
        cursor: int,
        seq: int,
        lost: list[str],
        accepted: int,
        page: int,
    ) -> SyncResult:
        uid = device.user_id
        cursor = max(0, min(cursor, seq))
        columns = ", ".join(protocol.REVIEW_FIELDS)
        # the device's own reviews are not sent back to it
        rows = tx.execute(
            f"SELECT seq, {columns} FROM reviews WHERE user_id = ? AND seq > ? "
            "AND device_id <> ? ORDER BY seq LIMIT ?",
            (uid, cursor, device.id, page),
        ).fetchall()
        more = len(rows) == page
        # long answers: cut the page at about PULL_PAGE_BYTES of answer text
        size = 0
        for index, row in enumerate(rows):
            size += len(row[7] or "") * 3 + 300  # the answer column, as UTF-8 at most
            if size > protocol.PULL_PAGE_BYTES and index:
                rows, more = rows[:index], True
                break
        upto = rows[-1][0] if more else seq
        reviews = [
            protocol.review_to_wire(dict(zip(protocol.REVIEW_FIELDS, r[1:], strict=True)))
            for r in rows
        ]
        exam_columns = ", ".join(protocol.EXAM_FIELDS)
        exam_rows = tx.execute(
            f"SELECT device_id, {exam_columns} FROM exams WHERE user_id = ? AND seq > ? "
            "AND seq <= ?",
            (uid, cursor, upto),
        ).fetchall()
        exams = {
            r[1]: dict(zip(protocol.EXAM_FIELDS, r[1:], strict=True))
            for r in exam_rows
            if r[0] != device.id
        }
        # exams the page's reviews belong to, whenever they were stored
        wanted = sorted({r["exam_uid"] for r in reviews if r["exam_uid"]} - set(exams))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for r in tx.execute(
                f"SELECT {exam_columns} FROM exams WHERE user_id = ? AND uid IN ({marks})",
                (uid, *chunk),
            ).fetchall():
                exams[r[0]] = dict(zip(protocol.EXAM_FIELDS, r, strict=True))
        setting_rows = tx.execute(
            "SELECT key, value, changed_at, device_id, seq FROM settings WHERE user_id = ? "
            "AND ((seq > ? AND seq <= ?) OR key IN (" + ", ".join("?" for _ in lost) + "))"
            if lost
            else "SELECT key, value, changed_at, device_id, seq FROM settings WHERE user_id = ? "
            "AND seq > ? AND seq <= ?",
            (uid, cursor, upto, *lost),
        ).fetchall()
        settings = [
            {
                "key": r[0],
                "value": json.loads(r[1]) if r[1] is not None else None,
                "changed_at": r[2],
            }
            for r in setting_rows
            if r[3] != device.id or r[0] in lost
        ]
        return SyncResult(
            accepted=accepted,
            cursor=upto,
            more=more,
            reviews=reviews,
            exams=[protocol.exam_to_wire(e) for e in exams.values()],
            settings=settings,
        )

    # -- banks
    def put_bank(self, bank_id: str, content: str) -> tuple[bool, str]:
        """Store or replace a bank's YAML. Returns ``(changed, content hash)``."""
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        with self.transaction() as tx:
            row = tx.execute(
                "SELECT content_hash FROM banks WHERE bank_id = ?", (bank_id,)
            ).fetchone()
            if row is not None and row[0] == digest:
                return False, digest
            if row is None:
                tx.execute(
                    "INSERT INTO banks (bank_id, content_hash, content, updated_at) "
                    "VALUES (?, ?, ?, ?)",
                    (bank_id, digest, content, time.time()),
                )
            else:
                tx.execute(
                    "UPDATE banks SET content_hash = ?, content = ?, updated_at = ? "
                    "WHERE bank_id = ?",
                    (digest, content, time.time(), bank_id),
                )
        return True, digest

    def banks(self) -> list[dict[str, Any]]:
        """Every bank's id, content hash and size in characters."""
        with self.transaction(write=False) as tx:
            rows = tx.execute(
                "SELECT bank_id, content_hash, LENGTH(content) FROM banks ORDER BY bank_id"
            ).fetchall()
        return [{"bank_id": r[0], "content_hash": r[1], "size": r[2]} for r in rows]

    def bank(self, bank_id: str) -> dict[str, Any] | None:
        """One bank with its content, or None."""
        with self.transaction(write=False) as tx:
            row = tx.execute(
                "SELECT bank_id, content_hash, content FROM banks WHERE bank_id = ?", (bank_id,)
            ).fetchone()
        return {"bank_id": row[0], "content_hash": row[1], "content": row[2]} if row else None

    def review_count(self) -> int:
        """Every stored review of every user (the benchmark checks each is stored once)."""
        with self.transaction(write=False) as tx:
            return int(tx.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])


class SQLiteStorage(Storage):
    """One SQLite file in WAL mode; one connection per thread; writes take the lock up front."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._connection()
        except (OSError, sqlite3.Error) as error:
            raise StorageError(f"cannot open {path}: {error}") from None

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                str(self.path), timeout=10, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA busy_timeout = 10000")
            if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._local.conn = conn
            with self._guard:
                self._all.append(conn)
        return conn

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        from trainer.core.store.locking import begin_immediate

        conn = self._connection()
        try:
            if write:
                begin_immediate(conn)
            else:
                conn.execute("BEGIN")
        except sqlite3.Error as error:
            raise StorageError(f"cannot use {self.path}: {error}") from None
        try:
            yield Tx(conn, "sqlite")
            conn.execute("COMMIT")
        except BaseException as error:
            conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise StorageError(f"cannot write {self.path}: {error}") from None
            raise

    def close(self) -> None:
        with self._guard:
            for conn in self._all:
                conn.close()
            self._all.clear()


class PostgresStorage(Storage):
    """PostgreSQL through a psycopg 3 connection pool (``min_size`` 1, ``max_size`` ``pool``)."""

    dialect = "postgresql"

    def __init__(self, url: str, *, pool: int = 8) -> None:
        super().__init__(url)
        import psycopg
        from psycopg_pool import ConnectionPool

        self._errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        try:
            # one plain connection first: a wrong URL fails at once with libpq's reason,
            # instead of the pool retrying for its whole timeout
            psycopg.connect(url, connect_timeout=10).close()
        except psycopg.Error as error:
            raise StorageError(f"cannot connect to {_safe_url(url)}: {_one_line(error)}") from None
        try:
            # autocommit: a read is one round trip; writes open a transaction explicitly
            self._pool = ConnectionPool(
                url,
                min_size=1,
                max_size=pool,
                open=True,
                timeout=10,
                name="trainer",
                kwargs={"autocommit": True},
            )
            self._pool.wait(timeout=10)
        except Exception as error:  # noqa: BLE001 - pool errors have several types
            raise StorageError(f"cannot connect to {_safe_url(url)}: {_one_line(error)}") from None

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Tx]:
        try:
            with self._pool.connection() as conn:
                if write:
                    with conn.transaction():
                        yield Tx(conn, "postgresql")
                else:
                    yield Tx(conn, "postgresql")
        except self._errors as error:
            raise StorageError(f"database error: {_one_line(error)}") from None

    def close(self) -> None:
        self._pool.close()


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def default_sqlite_path() -> Path:
    """The server's SQLite file in the data dir (beside, never inside, the learner's store)."""
    from trainer import paths

    return paths.data_dir() / "server.sqlite3"


def open_storage(db: str | None, *, pool: int = 8) -> Storage:
    """Open and migrate the storage ``db`` names: ``postgresql://…`` (or ``postgres://``),
    ``sqlite:///path``, a file path, or None for SQLite in the data dir.

    Raises:
        StorageError: it cannot be opened or migrated.
    """
    storage: Storage
    if db and db.startswith(("postgresql://", "postgres://")):
        storage = PostgresStorage(db, pool=pool)
    else:
        if db and db.startswith("sqlite://"):
            path = Path(db.removeprefix("sqlite://")).expanduser()
        else:
            path = Path(db).expanduser() if db else default_sqlite_path()
        storage = SQLiteStorage(path)
    try:
        storage.migrate()
    except BaseException:
        storage.close()
        raise
    return storage
