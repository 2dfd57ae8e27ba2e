"""`trainer server` and `trainer sync` as a learner and an admin run them (subprocesses)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.devices import Device


def trainer(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TRAINER_HOME=str(home), PYTHONIOENCODING="utf-8")
    env.pop("TRAINER_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


class ServerProcess:
    def __init__(self, home: Path, *args: str) -> None:
        env = dict(os.environ, TRAINER_HOME=str(home), PYTHONIOENCODING="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "trainer", "--lang", "en", "server", "--port", "0", *args],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert "listening on" in line, line + (
            self.process.stderr.read() if self.process.stderr else ""
        )
        self.url = line.split("listening on ")[1].split()[0]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def server_home(tmp_path: Path) -> Path:
    return tmp_path / "server-home"


@pytest.fixture
def cli_server(server_home: Path, db_url: str) -> Iterator[tuple[ServerProcess, str]]:
    running = ServerProcess(server_home, "--db", db_url)
    try:
        yield running, db_url
    finally:
        running.stop()


def test_add_user_prints_the_one_time_code_as_its_last_word(
    cli_server: tuple[ServerProcess, str], server_home: Path, tmp_path: Path
) -> None:
    server, db = cli_server
    first = trainer("server", "add-user", "小王", "--db", db, home=server_home)
    assert first.returncode == 0, first.stderr
    code = first.stdout.split()[-1]
    again = trainer("server", "add-user", "小王", "--db", db, home=server_home)
    second = again.stdout.split()[-1]
    assert "已存在" in again.stdout and second != code

    office = tmp_path / "office"
    setup = trainer("sync", "--setup", server.url, "--user", "小王", "--code", code, home=office)
    assert setup.returncode == 0, setup.stderr
    assert "已登记" in setup.stdout
    config = office / "sync.json"
    assert oct(config.stat().st_mode & 0o777) == "0o600"
    token = json.loads(config.read_text())["token"]
    # the code worked once
    used = trainer("sync", "--setup", server.url, "--user", "小王", "--code", code,
                   home=tmp_path / "other")  # fmt: skip
    assert used.returncode == 1
    assert used.stderr.count("\n") == 1 and "Traceback" not in used.stderr
    listing = trainer("server", "users", "--db", db, home=server_home)
    assert "小王" in listing.stdout and token not in listing.stdout


def test_a_sync_with_the_server_down_says_one_line_and_keeps_everything(
    tmp_path: Path, server_home: Path
) -> None:
    server = ServerProcess(server_home)
    code = trainer("server", "add-user", "小王", home=server_home).stdout.split()[-1]
    device = Device(tmp_path / "laptop", server.url, "小王", code)
    device.study(5, 1)
    server.stop()

    result = device.cli("sync")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "同步失败" in result.stderr and "稍后会自动重试" in result.stderr
    status = device.cli("sync", "--status", "--json")
    state = json.loads(status.stdout)
    assert state["pending_reviews"] == 5 and state["last_sync"] is None
    assert "连不上" in state["last_error"]
    shown = device.cli("--lang", "en", "sync", "--status")
    assert "waiting to be pushed: 5 reviews" in shown.stdout
    assert "last failure: cannot reach" in shown.stdout

    # back online (same database, another port): the next sync pushes everything
    server = ServerProcess(server_home)
    try:
        config = json.loads((device.folder / "sync.json").read_text())
        config["url"] = server.url
        (device.folder / "sync.json").write_text(json.dumps(config))
        result = device.cli("sync", "--json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["pushed"] == 5
        state = json.loads(device.cli("sync", "--status", "--json").stdout)
        assert state["pending_reviews"] == 0 and state["last_error"] is None
        assert state["last_sync"] > time.time() - 60
    finally:
        server.stop()


def test_sync_without_setup_says_how_to_set_it_up(tmp_path: Path) -> None:
    result = trainer("sync", home=tmp_path / "new")
    assert result.returncode == 2
    assert "trainer sync --setup" in result.stderr
    status = trainer("--lang", "en", "sync", "--status", home=tmp_path / "new")
    assert status.returncode == 0 and "not set up" in status.stdout


def test_banks_are_pulled_when_new_or_changed(
    tmp_path: Path, server_home: Path, builtin_bank_path: Path
) -> None:
    server = ServerProcess(server_home)
    try:
        added = trainer("server", "add-bank", str(builtin_bank_path), home=server_home)
        assert added.returncode == 0, added.stderr
        code = trainer("server", "add-user", "小王", home=server_home).stdout.split()[-1]
        device = Device(tmp_path / "laptop", server.url, "小王", code)
        first = device.cli("sync")
        assert first.returncode == 0, first.stderr
        pulled = list((device.folder / "banks").glob("*.yaml"))
        assert len(pulled) == 1
        # The bank arrives with its report beside it (a bank may read only its own folder),
        # so the device can open it, read the report and check every quote.
        from trainer.core.bank import check_sources, load_bank

        original, copy = load_bank(builtin_bank_path), load_bank(pulled[0])
        assert [q.id for q in copy.questions] == [q.id for q in original.questions]
        assert copy.report_text() == original.report_text() and copy.report_text()
        assert copy.reading_text() == original.reading_text()
        assert not check_sources(copy)
        assert "已更新题库" in first.stdout
        again = device.cli("sync")
        assert "已更新题库" not in again.stdout  # same hash: not downloaded again

        # a new version of the bank, made from the pulled copy (its reports beside it)
        shutil.copytree(device.folder / "banks", tmp_path / "v2")
        changed = tmp_path / "v2" / builtin_bank_path.name
        with changed.open("a", encoding="utf-8") as handle:
            handle.write("\n# 第二版\n")
        assert trainer("server", "add-bank", str(changed), home=server_home).returncode == 0
        third = device.cli("sync")
        assert "已更新题库" in third.stdout
        assert pulled[0].read_text("utf-8").endswith("\n# 第二版\n")
    finally:
        server.stop()


def test_tls_with_certfile_and_keyfile(tmp_path: Path, server_home: Path) -> None:
    if shutil.which("openssl") is None:
        pytest.skip("no openssl to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ServerProcess(server_home, "--certfile", str(cert), "--keyfile", str(key))
    try:
        assert server.url.startswith("https://127.0.0.1:")
        code = trainer("server", "add-user", "小王", home=server_home).stdout.split()[-1]
        home = tmp_path / "laptop"
        # not trusted without the CA: refused, one line
        refused = trainer("sync", "--setup", server.url, "--user", "小王", "--code", code,
                          home=home)  # fmt: skip
        assert refused.returncode == 1 and "CERTIFICATE" in refused.stderr.upper()
        ok = trainer("sync", "--setup", server.url, "--user", "小王", "--code", code,
                     "--cafile", str(cert), home=home)  # fmt: skip
        assert ok.returncode == 0, ok.stderr
        assert trainer("sync", home=home).returncode == 0
    finally:
        server.stop()


def test_admin_errors_are_one_line_and_never_raw_terminal_escapes(server_home: Path) -> None:
    hostile = "坏\x1b[31m名"
    result = trainer("server", "add-user", hostile, home=server_home)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr and "\\x1b" in result.stderr
    result = trainer("server", "revoke", hostile, home=server_home)
    assert result.returncode == 2 and "\x1b" not in result.stderr
    started = time.monotonic()
    result = trainer(
        "server", "users", "--db", "postgresql://nobody@127.0.0.1:1/none", home=server_home
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Connection refused" in result.stderr
    assert time.monotonic() - started < 8  # no pool retrying for its whole timeout


def test_two_worker_processes_serve_one_port(server_home: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    refused = trainer("server", "--port", "0", "--workers", "2", home=server_home)
    assert refused.returncode == 2 and "--port" in refused.stderr
    env = dict(os.environ, TRAINER_HOME=str(server_home), PYTHONIOENCODING="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", "--lang", "en", "server", "--port", str(port),
         "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        assert "2 process(es)" in process.stdout.readline()
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        deadline = time.monotonic() + 20
        while not children.read_text().split() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(children.read_text().split()) == 1
        code = trainer("server", "add-user", "小王", home=server_home).stdout.split()[-1]
        device = Device(tmp_path / "laptop", f"http://127.0.0.1:{port}", "小王", code)
        device.study(10, 1)
        for _ in range(3):
            assert device.cli("sync").returncode == 0
        assert json.loads(device.cli("sync", "--status", "--json").stdout)["pending_reviews"] == 0
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_bank_bundle_cannot_place_files_outside_the_banks_folder() -> None:
    # What the server sends is hostile too: a report named ../x.txt or another bank's file
    # is refused before anything is written.
    import json

    from trainer.server.protocol import BANK_BUNDLE_FORMAT, bundle_bank, unbundle_bank

    text = "bank:\n  id: b\n  source: ../seeds/r.txt\nquestions:\n  - source: 原文\n"
    bank, files = unbundle_bank(bundle_bank(text, "b", {"source": "报告"}), "b")
    assert "  source: b.source.txt\n" in bank and "  - source: 原文\n" in bank
    assert files == {"b.source.txt": "报告"}
    for name in ("../x.txt", "b/../../x.txt", "other.source.txt", "b.source.sh"):
        bad = json.dumps({"format": BANK_BUNDLE_FORMAT, "bank": text, "files": {name: "x"}})
        with pytest.raises(ValueError):
            unbundle_bank(bad, "b")
