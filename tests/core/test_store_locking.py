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


def test_while_waiting_it_tries_every_few_milliseconds(tmp_path: Path) -> None:
    # SQLite's own busy handler backs off to one attempt every 100 ms, which can miss every
    # short gap between another process's transactions; polling tries again within 2 ms.
    holder, waiter = connect(tmp_path / "s.db"), connect(tmp_path / "s.db")
    attempts: list[str] = []
    waiter.set_trace_callback(lambda sql: attempts.append(sql) if "BEGIN" in sql else None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError):
        begin_immediate(waiter, timeout_s=0.3)
    holder.execute("COMMIT")
    assert len(attempts) >= 50  # 0.3 s / at most 2 ms, with room for a slow machine


def test_a_writer_that_writes_back_to_back_lets_the_other_in(tmp_path: Path) -> None:
    # The writer holds the lock 10 ms per transaction (a commit syncing to disk) and
    # prepares the next one for 1 ms, like a process recording reviews in a loop.
    writer, waiter = connect(tmp_path / "s.db"), connect(tmp_path / "s.db")
    stop = threading.Event()

    def write_back_to_back() -> None:
        while not stop.is_set():
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO t VALUES (0)")
            time.sleep(0.01)
            writer.execute("COMMIT")
            time.sleep(0.001)

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
