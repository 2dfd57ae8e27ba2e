"""`trainer group/host/join/serve` from the command line: bad input is one line, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest


def run(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["group", "--players", ""], "--players"),
        (["group", "--players", "张三,张三"], "--players"),
        (["group", "--players", "a", "--section", "nope"], "nope"),
        (["group", "--players", "a", "--bank", "/no/such.yaml"], "文件不存在"),
        (["group", "--players", "a", "-n", "0"], "没有可出的题"),
        (["host", "--pin", "12ab"], "PIN"),
        (["host", "--port", "70000"], "70000"),
        (["join", "bad host:name"], "地址不对"),
        (["join", ":::"], "地址不对"),
        (["serve", "--game", "x:y"], "地址不对"),
        (["serve", "--port", "0"], "--port"),
    ],
)
def test_bad_input_is_one_line(cli_env, bank_path: Path, args: list[str], needle: str) -> None:
    if "--bank" not in args and args[0] in ("group", "host"):
        args = [*args, "--bank", str(bank_path)]
    result = run(cli_env, *args)
    assert result.returncode == 2, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_port_in_use_is_one_line(cli_env, bank_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for command in (["host", "--bank", str(bank_path)], ["serve"]):
            result = run(cli_env, *command, "--port", str(port))
            assert result.returncode == 2
            assert "无法在" in result.stderr and "Traceback" not in result.stderr


def test_help_in_english(cli_env) -> None:
    result = run(cli_env, "--lang", "en", "host", "--help")
    assert result.returncode == 0
    assert "--bind" in result.stdout and "loopback" not in result.stdout
    assert "this machine only" in result.stdout
