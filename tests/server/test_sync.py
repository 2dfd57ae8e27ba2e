"""Two devices of one learner study offline and sync in any order, any number of times, even
killed mid-sync: both end with the same log and the same cards; nothing is duplicated or lost.
Real HTTP on 127.0.0.1 against SQLite and a real PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.server.conftest import RunningServer
from tests.server.devices import Device


def _server_reviews(server: RunningServer) -> int:
    return server.storage.review_count()


def _two_devices(server: RunningServer, tmp_path: Path) -> tuple[Device, Device]:
    a = Device(tmp_path / "office", server.url, "小王", server.add_user("小王"))
    b = Device(tmp_path / "laptop", server.url, "小王", server.add_user("小王"))
    return a, b


@pytest.mark.parametrize("seed", [1, 2])
def test_two_devices_converge_whatever_the_order_of_syncs(
    server: RunningServer, tmp_path: Path, seed: int
) -> None:
    a, b = _two_devices(server, tmp_path)
    rng = random.Random(seed)
    made: set[str] = set()
    for day in range(3):
        made |= set(a.study(rng.randint(5, 40), seed * 100 + day, day=day))
        made |= set(b.study(rng.randint(5, 40), seed * 100 + day + 50, day=day))
        for device in rng.choices([a, b], k=rng.randint(1, 4)):
            device.sync()
    for device in (a, b, a):
        device.sync()
    assert a.log() == b.log()
    assert {row[0] for row in a.log()} == made
    assert len(a.log()) == len(made)
    assert a.cards() == b.cards()
    assert _server_reviews(server) == len(made)
    # and syncing again changes nothing anywhere
    before = (a.log(), a.cards())
    assert b.sync().pulled == 0
    assert a.sync().pulled == 0
    assert (a.log(), a.cards()) == before == (b.log(), b.cards())
    assert _server_reviews(server) == len(made)


def test_cards_equal_a_replay_of_the_merged_log(server: RunningServer, tmp_path: Path) -> None:
    # Each device's cards are what replaying the whole merged log (no fuzz) gives: the fuzz
    # of the answers recorded here does not survive a sync.
    a, b = _two_devices(server, tmp_path)
    a.study(60, 7)
    b.study(60, 8)
    a.sync()
    b.sync()
    a.sync()
    cards = a.cards()
    with a.store() as store:
        store.rebuild_cards("default")
    assert a.cards() == cards == b.cards()


def _wait(predicate: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.005)
    raise AssertionError("timed out")


def _local_count(device: Device) -> int:
    import sqlite3

    path = device.folder / "trainer.sqlite3"
    try:
        with sqlite3.connect(path, timeout=10) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_9_in_the_middle_of_a_sync_loses_and_duplicates_nothing(
    server: RunningServer, tmp_path: Path
) -> None:
    a, b = _two_devices(server, tmp_path)
    total = 9000  # five push batches, two pull pages
    made = set(a.study(total, 3, questions=400))
    b_made = set(b.study(30, 4))

    # a: killed while pushing, after the first batch reached the server
    pushing = subprocess.Popen(
        [sys.executable, "-m", "trainer", "sync"], env=a.env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _wait(lambda: _server_reviews(server) > 0 or pushing.poll() is not None)
    os.kill(pushing.pid, signal.SIGKILL)
    pushing.wait()
    on_server = _server_reviews(server)
    assert 0 < on_server < total, "the kill did not land in the middle of the push"

    # b: killed while pulling, after its first page was committed
    pulling = subprocess.Popen(
        [sys.executable, "-m", "trainer", "sync"], env=b.env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _wait(lambda: _local_count(b) > len(b_made) or pulling.poll() is not None)
    os.kill(pulling.pid, signal.SIGKILL)
    pulling.wait()

    for device in (a, b, a, b):
        result = device.cli("sync")
        assert result.returncode == 0, result.stderr
    assert a.log() == b.log()
    assert {row[0] for row in a.log()} == made | b_made
    assert len(b.log()) == total + len(b_made)
    assert a.cards() == b.cards()
    assert _server_reviews(server) == total + len(b_made)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_long_answers_are_pushed_in_bodies_the_server_accepts(
    server: RunningServer, tmp_path: Path
) -> None:
    from tests.server.devices import START

    a, b = _two_devices(server, tmp_path)
    essay = "坚持和发展全过程人民民主。" * 300  # 3,900 characters, about 11.7 kB
    with a.store() as store:
        for index in range(400):  # about 4.7 MB in all: more than one request may carry
            store.record_review(
                "default", bank_id="bank-a", question_id=f"q{index % 30}", rating=3,
                verdict="partial", score=0.5, answer=essay,
                reviewed_at=START.replace(minute=0) + (index * (START - START.replace(hour=7))),
            )  # fmt: skip
    outcome = a.sync()
    assert outcome.pushed == 400 and outcome.requests >= 2
    assert b.sync().pulled == 400
    assert a.log() == b.log()
    assert _server_reviews(server) == 400
