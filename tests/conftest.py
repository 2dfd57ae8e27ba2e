"""Shared fixtures. Every test runs with its own temporary data directory, never the user's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests run the same examples on every run, so CI never fails on a new random draw;
# set TRAINER_HYPOTHESIS_EXPLORE=1 to search with fresh random examples instead.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", print_blob=True)
settings.load_profile(
    "explore" if os.environ.get("TRAINER_HYPOTHESIS_EXPLORE") else "deterministic"
)

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point TRAINER_HOME at a fresh folder and reset the language and --data-dir override."""
    home = tmp_path_factory.mktemp("trainer-home")
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.delenv("TRAINER_LANG", raising=False)
    monkeypatch.delenv("TRAINER_DEBUG", raising=False)
    from trainer import paths
    from trainer.i18n import set_language

    paths.set_data_dir(None)
    set_language("zh")
    yield home
    paths.set_data_dir(None)
    set_language("zh")


@pytest.fixture
def data_dir(isolated_home: Path) -> Path:
    """The temporary data directory of this test (also in TRAINER_HOME)."""
    return isolated_home


@pytest.fixture
def builtin_bank_path() -> Path:
    """The built-in bank of the report."""
    from trainer import paths

    path = paths.default_bank_path()
    assert path is not None, "no built-in bank in questions/"
    return path


@pytest.fixture
def cli_env(isolated_home: Path) -> dict[str, str]:
    """Environment for running `trainer` as a subprocess against the temporary data dir."""
    env = dict(os.environ)
    env["TRAINER_HOME"] = str(isolated_home)
    env.pop("TRAINER_LANG", None)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


TrainerRun = Callable[..., "subprocess.CompletedProcess[str]"]


def run_trainer_process(
    args: Sequence[str],
    env: dict[str, str],
    *,
    stdin: str | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """``trainer ARGS…`` as a learner runs it: a subprocess, UTF-8, stdin closed unless given."""
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


@pytest.fixture
def run_trainer(cli_env: dict[str, str]) -> TrainerRun:
    """Run ``trainer ARGS…`` as a learner would, as a subprocess on the test's data dir.

    ``run_trainer("stats", "--json", stdin="…", cwd=path, timeout=60, env={…})``: stdin is
    closed unless given; ``env`` adds to (or, with a value of ``None``, removes from) the
    test's environment.
    """

    def run(
        *args: str,
        stdin: str | None = None,
        cwd: Path | None = None,
        timeout: float = 60,
        env: dict[str, str | None] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        environment = dict(cli_env)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        return run_trainer_process(args, environment, stdin=stdin, cwd=cwd, timeout=timeout)

    return run
