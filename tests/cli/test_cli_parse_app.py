"""`trainer` with no subcommand is parsed without the subcommands' modules (issue #16,
start-up); the result, the help and the errors are those of the full command line."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import build_parser, parse_command_line

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--lang", "en"],
        ["--profile", "amy", "--bank", "b.yaml"],
        ["--bank=b.yaml", "--data-dir", "/tmp/x"],
        ["study", "--new", "3"],
        ["--profile", "amy", "stats"],
    ],
)
def test_the_same_arguments_as_the_full_parser(argv: list[str]) -> None:
    expected = vars(build_parser().parse_args(argv))
    got = vars(parse_command_line(argv))
    # the subcommand's own defaults are only there when one was named
    assert {k: got.get(k) for k in expected} == expected
    assert set(got) <= set(expected) | {"command"}


def _trainer(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TRAINER_HOME=str(home), PYTHONPATH=str(ROOT), TRAINER_LANG="en")
    return subprocess.run(
        [sys.executable, "-m", "trainer", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("argv", [["--bogus"], ["--lang", "fr"], ["--bank"], ["--help"]])
def test_errors_and_help_are_those_of_the_full_command_line(
    argv: list[str], tmp_path: Path
) -> None:
    result = _trainer(*argv, home=tmp_path)
    assert result.returncode == (0 if argv == ["--help"] else 2)
    shown = result.stdout + result.stderr
    # the full usage line, with the subcommands (in the language --lang asked for, if valid)
    assert "trainer [-h]" in shown and "COMMAND" in shown
    assert "Traceback" not in shown


def test_a_namespace_is_returned_for_the_app(tmp_path: Path) -> None:
    args = parse_command_line(["--lang", "zh"])
    assert isinstance(args, argparse.Namespace)
    assert args.command is None and args.lang == "zh"
    assert getattr(args, "handler", None) is None  # the app opens
