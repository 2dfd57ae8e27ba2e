"""`trainer optimize`: fit on an exported history, log loss before and after, --reset, stats."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

if not os.environ.get("CI"):  # CI must have the optimiser: there a missing one fails
    pytest.importorskip("fsrs_rs_python")


def trainer(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip


def test_optimize_an_exported_history_then_reset(
    cli_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
    from test_scheduling_fitting import generate_history

    from trainer.core.store import Store

    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        reviews = generate_history(store, "amy", questions=120, days=40, seed=5)
    exported = tmp_path / "amy.json"
    result = trainer(cli_env, "export", "--profile", "amy", "--format", "json", "-o", str(exported))
    assert result.returncode == 0, result.stderr
    other = {**cli_env, "TRAINER_HOME": str(tmp_path / "laptop")}
    assert trainer(other, "import", str(exported)).returncode == 0

    fitted = trainer(other, "optimize", "--profile", "amy", "--lang", "en")
    assert fitted.returncode == 0, fitted.stderr
    assert f"{reviews} reviews" in fitted.stdout
    assert "log loss with default parameters: 0." in fitted.stdout
    assert "log loss with fitted parameters:  0." in fitted.stdout
    assert "used from now on" in fitted.stdout

    stats = trainer(other, "stats", "--profile", "amy")
    assert "FSRS 参数：按本人记录拟合" in stats.stdout, stats.stderr

    reset = trainer(other, "optimize", "--profile", "amy", "--reset", "--lang", "en")
    assert reset.returncode == 0 and "back on the default FSRS parameters" in reset.stdout
    stats = trainer(other, "stats", "--profile", "amy", "--lang", "en")
    assert "FSRS parameters: default" in stats.stdout


def test_optimize_with_too_few_reviews_says_so(cli_env: dict[str, str]) -> None:
    assert trainer(cli_env, "profile", "create", "bo").returncode == 0
    result = trainer(cli_env, "optimize", "--profile", "bo")
    assert result.returncode == 1
    assert "至少需要 400 次" in result.stderr and "Traceback" not in result.stderr
