"""The study app given a hostile bank: one clear problem screen, never a hang, a crash or a
file outside the bank's folder (issue #20, items 2, 9, 11)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import BANK, screen_text
from trainer.ui.screens.problem import ProblemScreen


def _bank_with(tmp_path: Path, header_extra: str = "", answer: str = "98") -> Path:
    text = BANK.replace("source: report.txt}", f"source: report.txt{header_extra}}}")
    text = text.replace("    answer: 98\n", f"    answer: {answer}\n")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


async def _problem_text(make_app: Any, bank: Path) -> str:
    app = make_app(bank_path=bank)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemScreen)
        return screen_text(app)


async def test_a_reading_copy_on_a_device_is_refused(make_app: Any, tmp_path: Path) -> None:
    # Today `reading: /dev/zero` loads, and the Read screen crashes the app (exit 0).
    text = await _problem_text(make_app, _bank_with(tmp_path, ", reading: /dev/zero"))
    assert "hostile.yaml:1" in text and "'reading'" in text


async def test_a_report_outside_the_banks_folder_is_refused(make_app: Any, tmp_path: Path) -> None:
    # Today `reading: /etc/passwd` shows that file in the Read screen.
    text = await _problem_text(make_app, _bank_with(tmp_path, ", reading: ../../../etc/passwd"))
    assert "hostile.yaml:1" in text and "'reading'" in text


async def test_a_400_digit_answer_is_a_problem_with_its_line(make_app: Any, tmp_path: Path) -> None:
    # Today: OverflowError, a traceback and exit 0.
    bank = _bank_with(tmp_path, answer="9" * 400)
    text = await _problem_text(make_app, bank)
    line = bank.read_text(encoding="utf-8").splitlines().index("    answer: " + "9" * 400) + 1
    assert f"hostile.yaml:{line}" in text and "'answer'" in text


async def test_a_fifo_as_the_bank_does_not_hang(make_app: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "bank.yaml"
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)

    def unblock() -> None:  # lets the old code's blocking read end, so the test fails, not hangs
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass

    timer = threading.Timer(5.0, unblock)
    timer.start()
    try:
        text = await _problem_text(make_app, fifo)
    finally:
        timer.cancel()
    assert "bank.yaml" in text and "不是普通文件" in text


def test_an_app_crash_exits_non_zero_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    # Today an unexpected error in the app printed a traceback and exited 0.
    import argparse

    from textual.app import App

    from trainer.cli import app as cli_app

    class Crashing(App[None]):
        def on_mount(self) -> None:
            raise RuntimeError("boom \x1b]52;c;Y3VybA==\x07")

        def run(self, **options: Any) -> Any:
            return super().run(headless=True)

    monkeypatch.setattr("trainer.ui.app.create_app", lambda **_: Crashing())
    code = cli_app.run_app(argparse.Namespace())
    captured = capsys.readouterr()
    assert code != 0
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "crash.log" in lines[0], captured.err
    assert "\x1b" not in captured.err + captured.out
    assert "RuntimeError" in (data_dir / "crash.log").read_text(encoding="utf-8")


async def test_the_stats_screen_survives_a_year_one_review_in_the_store(tmp_path: Path) -> None:
    # Imported before times were bounded: the screen showed "year 0 is out of range" for good.
    import sqlite3

    from tests.ui.test_stats_screen import BANK as STATS_BANK
    from tests.ui.test_stats_screen import NOW, StatsApp, _review
    from trainer.core.bank import load_bank
    from trainer.core.store import Store
    from trainer.ui.screens.stats import StatsScreen

    path = tmp_path / "bank.yaml"
    path.write_text(STATS_BANK, encoding="utf-8")
    bank = load_bank(path)
    db = tmp_path / "s.sqlite3"
    store = Store.open(db, enable_fuzzing=False)
    try:
        _review(store, bank, "amy", "q1", NOW, True)
        _review(store, bank, "amy", "q2", NOW, True)
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE reviews SET reviewed_at = -62135596800.0 WHERE rowid = 1")
        app = StatsApp(store, "amy", bank)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
            assert app.screen.problem is None
            assert not app.screen.query("#stats-problem")
    finally:
        store.close()
