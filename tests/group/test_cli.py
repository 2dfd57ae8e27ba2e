"""`trainer group/host/join/serve` from the command line: bad input is one line, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_trainer_process


def run(cli_env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, cli_env)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["group", "--players", ""], "--players"),
        (["group", "--players", "张三,张三"], "--players"),
        (["group", "--players", "张三,張三"], "--players"),
        (["group", "--players", "a\u200bb"], "不可见字符"),
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
    assert "this machine only" in " ".join(result.stdout.split())  # wherever argparse wraps


def test_serve_caps_its_browser_processes(cli_env) -> None:
    """Each browser of `trainer serve` is a process: past --max-sessions they are refused."""
    import asyncio
    import time

    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [sys.executable, "-m", "trainer", "serve", "--port", str(port), "--max-sessions", "1"],
        env=cli_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )

    async def browsers() -> int:
        url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
        deadline = time.monotonic() + 30
        while True:
            try:
                first = await connect(url)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.2)
        try:
            await connect(url)
        except InvalidStatus as refused:
            return refused.response.status_code
        finally:
            await first.close()
        return 101

    try:
        assert asyncio.run(browsers()) == 503
    finally:
        serve.terminate()
        serve.wait(20)
        if serve.stdout is not None:
            serve.stdout.close()


def test_an_unexpected_error_is_one_line_naming_the_log_and_exit_1(cli_env, bank_path) -> None:
    """A bug during `trainer host` (here: the lobby view made to fail) is not a traceback."""
    script = (
        "import sys\n"
        "from trainer.ui.screens import group_host\n"
        "def broken(self):\n"
        "    raise RuntimeError('boom')\n"
        "group_host.HostScreen.refresh_view = broken\n"
        "from trainer.cli import main\n"
        f"sys.exit(main(['host', '--bank', {str(bank_path)!r}, '--port', '0']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert "group-host.log" in lines[0] and "boom" in lines[0]
    log = Path(cli_env["TRAINER_HOME"]) / "group-host.log"
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")


TITLED_BANK = """\
bank: {id: titled, title: 章节标题}
sections:
  - {id: s1, title: 【一、五年工作体会】}
  - {id: s2, title: 【二、今后工作建议】}
  - {id: s3, title: 【三、名词解释】}
questions:
  - {id: a, type: short, section: s1, prompt: 甲？, answer: 甲}
  - {id: b, type: short, section: s2, prompt: 乙？, answer: 乙}
"""


@pytest.mark.parametrize("command", ["group", "host"])
def test_section_takes_a_title(cli_env, tmp_path: Path, command: str) -> None:
    bank = tmp_path / "titled.yaml"
    bank.write_text(TITLED_BANK, encoding="utf-8")
    players = ["--players", "a"] if command == "group" else []
    # 名词解释 names section s3, which has no questions: the title is understood (before, it
    # was "no section 名词解释"), and the session has nothing to ask
    result = run(cli_env, command, *players, "--bank", str(bank), "--section", "名词解释")
    assert result.returncode == 2, result.stderr
    assert "没有可出的题" in result.stderr and "Traceback" not in result.stderr
    # a part of two titles is ambiguous: the error names both
    result = run(cli_env, command, *players, "--bank", str(bank), "--section", "工作")
    assert result.returncode == 2
    assert "五年工作体会" in result.stderr and "今后工作建议" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_section_title_picks_that_sections_questions(tmp_path: Path) -> None:
    import argparse

    from trainer.cli.group import pick_questions

    bank = tmp_path / "titled.yaml"
    bank.write_text(TITLED_BANK, encoding="utf-8")
    for given in ("【二、今后工作建议】", "今后工作建议", "今后", "s2"):
        args = argparse.Namespace(bank=str(bank), section=given, count=10, time=30, seed=1)
        _, questions = pick_questions(args)
        assert [q.id for q in questions] == ["b"], given
