"""Fixtures of the sync server's tests: a throwaway PostgreSQL cluster, a server on 127.0.0.1
(SQLite or PostgreSQL), and devices (data dirs) that sync with it.

The PostgreSQL cluster is started once per session with ``initdb`` + ``pg_ctl`` in a temporary
folder (as the ``postgres`` user when the tests run as root; initdb refuses root), on a free
port, listening only on a unix socket in that folder, and removed after the session. Each test
gets a database of its own. The binaries are looked for in ``TRAINER_TEST_PG_BIN``, else
``/usr/lib/postgresql/*/bin``, else on the PATH. Without them the PostgreSQL cases are skipped,
except in CI (``CI=true``), where they fail: CI must install Debian's ``postgresql``.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin")


def _pg_bin() -> Path | None:
    chosen = os.environ.get("TRAINER_TEST_PG_BIN")  # e.g. /usr/lib/postgresql/16/bin
    if chosen:
        return Path(chosen) if Path(chosen, "initdb").exists() else None
    for pattern in PG_BIN_GLOBS:
        for folder in sorted(glob.glob(pattern), reverse=True):
            if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
                return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgCluster:
    bin: Path
    folder: Path
    port: int
    user: str
    run_as: list[str]
    counter: int = 0

    def url(self, database: str) -> str:
        return f"postgresql://{self.user}@/{database}?host={self.folder}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        self.counter += 1
        name = f"trainer_test_{self.counter}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL cluster of this test session (unix socket only)."""
    bin_dir = _pg_bin()
    if bin_dir is None:
        _fail_or_skip("no initdb/pg_ctl (install the Debian package postgresql)")
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="trainer-pg-", dir="/tmp"))
    run_as: list[str] = []
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:
        try:
            pg = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            _fail_or_skip("running as root and there is no postgres user")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
        user = "postgres"
    data = folder / "data"
    port = _free_port()
    try:
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
             "-E", "UTF8", "--no-sync"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
             "-l", str(folder / "log"),
             "-o", f"-p {port} -k {folder} -c listen_addresses='' -c fsync=off "
             "-c max_connections=200 -c shared_buffers=64MB",
             "start"],
            check=True, capture_output=True, timeout=90,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        output = getattr(error, "stderr", b"") or b""
        shutil.rmtree(folder, ignore_errors=True)
        _fail_or_skip(f"cannot start a cluster: {error} {output.decode(errors='replace')[-300:]}")
    cluster = PgCluster(bin_dir, folder, port, user, run_as)
    try:
        yield cluster
    finally:
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty server database: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "server.sqlite3")
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


class RunningServer:
    """The sync server's aiohttp app on 127.0.0.1 (port chosen by the OS), in a thread."""

    def __init__(self, db: str) -> None:
        from trainer.server.storage import open_storage

        self.db = db
        self.storage = open_storage(db, pool=4)
        self.url = ""
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._task: asyncio.Task[Any] | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the server did not start")

    def _run(self) -> None:
        from trainer.server.app import serve

        def ready(url: str) -> None:
            self.url = url
            self._ready.set()

        asyncio.set_event_loop(self._loop)
        self._task = self._loop.create_task(
            serve(self.storage, "127.0.0.1", 0, on_ready=ready, threads=4)
        )
        with contextlib.suppress(asyncio.CancelledError):
            self._loop.run_until_complete(self._task)

    def add_user(self, name: str) -> str:
        return self.storage.add_user(name)[1]

    def stop(self) -> None:
        if self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(30)
        self.storage.close()


@pytest.fixture
def server(db_url: str) -> Iterator[RunningServer]:
    """A running sync server over a fresh database (SQLite and PostgreSQL)."""
    running = RunningServer(db_url)
    try:
        yield running
    finally:
        running.stop()
