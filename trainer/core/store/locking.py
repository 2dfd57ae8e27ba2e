"""Taking SQLite's write lock without being starved by a process that writes back to back.

SQLite's own busy handler sleeps 1, 2, 5, 10 … then 100 ms between attempts. Another process
that records reviews back to back holds the write lock while each commit is synced to disk
and releases it for only ~0.1 ms before taking it again, so those sparse attempts can miss
every gap for the whole timeout ("database is locked" after 10 s, seen when two processes
write at once). Polling every 0.5–2 ms, jittered so that two waiters do not fall in step,
finds a gap within milliseconds.
"""

from __future__ import annotations

import random
import sqlite3
import time
from typing import Any

BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another process before it gives up with "database is locked"."""

_POLL_S = (0.0005, 0.002)


def begin_immediate(conn: sqlite3.Connection, timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """Start a write transaction (``BEGIN IMMEDIATE``), waiting for the lock up to ``timeout_s``.

    Args:
        conn: a connection in autocommit mode.
        timeout_s: how long to keep trying.

    Raises:
        sqlite3.OperationalError: the lock stayed taken for ``timeout_s`` ("database is
            locked"), or any other error of the statement.
    """
    run_polling(conn, "BEGIN IMMEDIATE", timeout_s=timeout_s)


def run_polling(
    conn: sqlite3.Connection, sql: str, *, timeout_s: float = BUSY_TIMEOUT_S
) -> list[tuple[Any, ...]]:
    """Run one statement that needs a lock, polling while the database is busy.

    Args:
        conn: a connection. Its ``busy_timeout`` (what other statements wait) is set to 0
            while polling and back afterwards.
        sql: the statement (``BEGIN IMMEDIATE``, ``PRAGMA journal_mode = WAL`` …).
        timeout_s: how long to keep trying.

    Returns:
        The statement's rows.

    Raises:
        sqlite3.OperationalError: the database stayed busy for ``timeout_s`` ("database is
            locked"), or any other error of the statement.
    """
    previous = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
    conn.execute("PRAGMA busy_timeout = 0")
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            try:
                return conn.execute(sql).fetchall()
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(random.uniform(*_POLL_S))
    finally:
        conn.execute(f"PRAGMA busy_timeout = {previous}")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    # The low byte is the primary code (SQLITE_BUSY_SNAPSHOT etc. are BUSY too).
    return (error.sqlite_errorcode & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
