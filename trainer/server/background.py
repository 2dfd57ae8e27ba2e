"""The app's hook into ``trainer sync``: start a run in the background, never wait for it.

Deliberately tiny (``os``, ``subprocess``, ``sys`` only) so the app can call it at start and at
the end of each session without slowing either: the run is a separate process (``trainer sync
--background``), so study never waits for the network nor shares its CPU time with the sync,
and an app closed mid-sync is just a sync killed mid-way, which the next run completes.
"""

from __future__ import annotations

import subprocess
import sys

from trainer import paths

CONFIG_FILE = "sync.json"


def is_configured() -> bool:
    """Whether ``trainer sync --setup`` ran for this data dir."""
    return (paths.data_dir() / CONFIG_FILE).exists()


def start_background_sync() -> bool:
    """Start ``trainer sync --background`` if sync is set up; returns at once.

    A failed run records its one line for the home screen; the next start retries.

    Returns:
        Whether a run was started.
    """
    if not is_configured():
        return False
    command = [
        sys.executable, "-m", "trainer", "--data-dir", str(paths.data_dir()),
        "sync", "--background",
    ]  # fmt: skip
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
    except OSError:
        return False
    return True
