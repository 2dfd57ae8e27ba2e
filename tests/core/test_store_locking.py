"""Taking the write lock: polling finds the gaps of a busy writer, and gives up on time."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from trainer.core.store.locking import begin_immediate


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
    return conn


def test_a_lock_held_throughout_gives_up_after_the_timeout(tmp_path: Path) -> None:
    holder, waiter = connect(tmp_path / "s.db"), connect(tmp_path / "s.db")
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        begin_immediate(waiter, timeout_s=0.3)
    assert 0.3 <= time.monotonic() - started < 5  # not SQLite's own 10 s wait
    # The connection's own busy timeout is back for everything else.
    assert waiter.execute("PRAGMA busy_timeout").fetchone()[0] == 10000
    holder.execute("COMMIT")
    begin_immediate(waiter, timeout_s=0.3)
    waiter.execute("INSERT INTO t VALUES (1)")
    waiter.execute("COMMIT")


def test_a_back_to_back_writer_does_not_starve_the_other(tmp_path: Path) -> None:
    # The writer releases the lock for a moment between transactions, like a process
    # recording reviews in a loop; the waiter must get in long before the 10 s timeout.
    writer, waiter = connect(tmp_path / "s.db"), connect(tmp_path / "s.db")
    stop = threading.Event()

    def write_back_to_back() -> None:
        while not stop.is_set():
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO t VALUES (0)")
            time.sleep(0.01)  # a commit that syncs to disk holds the lock this long
            writer.execute("COMMIT")

    thread = threading.Thread(target=write_back_to_back)
    thread.start()
    try:
        time.sleep(0.05)
        for _ in range(5):
            begin_immediate(waiter, timeout_s=10)
            waiter.execute("INSERT INTO t VALUES (1)")
            waiter.execute("COMMIT")
    finally:
        stop.set()
        thread.join()
    assert waiter.execute("SELECT COUNT(*) FROM t WHERE x = 1").fetchone()[0] == 5
