"""Where trainer keeps its files. This module is the only place that knows.

Resolution order for the data directory: an explicit ``--data-dir`` (passed to
:func:`set_data_dir`), then the ``TRAINER_HOME`` environment variable, then the platform's
user data directory (platformdirs).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "trainer"
ENV_HOME = "TRAINER_HOME"
DB_FILENAME = "trainer.sqlite3"

_override: Path | None = None
_PACKAGE_DIR = Path(__file__).resolve().parent


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Use this directory for all data (the ``--data-dir`` option); None restores the default."""
    global _override
    _override = Path(path).expanduser().resolve() if path else None


def data_dir() -> Path:
    """The directory holding the learner's store, reports and caches (not created)."""
    if _override is not None:
        return _override
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir() -> Path:
    """The data directory, created if missing.

    Raises:
        OSError: it cannot be created.
    """
    path = data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def db_path() -> Path:
    """The SQLite store of every profile's history."""
    return data_dir() / DB_FILENAME


def reports_dir() -> Path:
    """Where group-session reports are written."""
    return data_dir() / "reports"


def cache_dir() -> Path:
    """Where parsed banks are cached."""
    return data_dir() / "cache"


def _builtin_root() -> Path:
    # Installed wheels carry the bank inside the package (trainer/_data); a source checkout or
    # an editable install reads the repository's top-level folders directly.
    packaged = _PACKAGE_DIR / "_data"
    if (packaged / "questions").is_dir():
        return packaged
    return _PACKAGE_DIR.parent


def builtin_questions_dir() -> Path:
    """The folder of the built-in banks."""
    return _builtin_root() / "questions"


def builtin_seeds_dir() -> Path:
    """The folder of the built-in source reports."""
    return _builtin_root() / "seeds"


def builtin_bank_paths() -> list[Path]:
    """Every built-in bank file, sorted by name."""
    folder = builtin_questions_dir()
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def default_bank_path() -> Path | None:
    """The bank the app opens when none is given: the first built-in bank."""
    banks = builtin_bank_paths()
    return banks[0] if banks else None


PULLED_BANKS_DIR = "banks"
"""Where ``trainer sync`` writes the banks it pulls from the sync server (``BANK_ID.yaml``)."""


def pulled_bank_path(bank_id: str) -> Path | None:
    """The bank with this id pulled from the sync server, if this device has it."""
    if not bank_id or not all(ch.isalnum() or ch in "_.-" for ch in bank_id) or bank_id[0] == ".":
        return None  # an id, never a path (no separators, no ..)
    path = data_dir() / PULLED_BANKS_DIR / f"{bank_id}.yaml"
    return path if path.is_file() else None
