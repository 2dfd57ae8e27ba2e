"""What the app loads before its home screen is on display (issue #16: start-up).

The grader (jieba, OpenCC, pypinyin, cn2an), the group and server code, the generator and the
subcommands' modules are not needed to draw the home screen: `trainer` must reach a settled home screen without
importing them (the grader is warmed up in the background afterwards, and is imported anyway
when the first answer is checked). Checked in a fresh process, as `trainer` starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

NOT_AT_START = (
    "trainer.core.grading",
    "trainer.cli.grading_feedback",
    "jieba",
    "opencc",
    "pypinyin",
    "cn2an",
    "trainer.group",
    "trainer.core.generate",
    "aiohttp",
    # the subcommands' modules: `trainer` alone opens the app
    "trainer.cli.study",
    "trainer.cli.generate",
    "trainer.cli.server",
    "trainer.cli.stats",
)

SCRIPT = """
import asyncio, json, sys
from trainer.cli import _prescan_language, _translate_argparse, parse_command_line
_prescan_language([])
_translate_argparse()
args = parse_command_line([])
from trainer.ui.app import create_app
from trainer.ui.screens.home import HomeScreen

async def main():
    app = create_app(profile=None, warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert isinstance(app.screen, HomeScreen), app.screen
        return sorted(name for name in sys.modules if name.startswith(tuple(sys.argv[1:])))

print(json.dumps(asyncio.run(main())))
"""


def _run_fresh(script: str, *args: str, home: Path) -> Any:
    """Run ``script`` in a fresh interpreter (nothing imported yet); its last line, as JSON."""
    env = dict(os.environ, TRAINER_HOME=str(home), PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_home_screen_is_drawn_without_the_grader_or_the_group_code(tmp_path: Path) -> None:
    loaded = _run_fresh(SCRIPT, *NOT_AT_START, home=tmp_path)
    assert loaded == []


COLLECTOR_SCRIPT = """
import asyncio, gc, json
from trainer.ui.collector import pause_for_start_up, paused
pause_for_start_up()  # as `trainer` does before it imports the app
from trainer.ui.app import create_app
from trainer.ui.screens.home import HomeScreen

async def main():
    app = create_app(profile=None, warm_up=False)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, HomeScreen), app.screen
        return {"enabled": gc.isenabled(), "paused": paused()}

print(json.dumps(asyncio.run(main())))
"""


def test_the_garbage_collector_is_back_on_once_the_home_screen_is_drawn(tmp_path: Path) -> None:
    # `trainer` pauses the cyclic collector while it starts (it walked the start-up's objects
    # again and again: ~95 ms of a 0.4 s start); a collector left off would let the memory of
    # a long session grow, so the home screen must turn it back on.
    state = _run_fresh(COLLECTOR_SCRIPT, home=tmp_path)
    assert state == {"enabled": True, "paused": False}
