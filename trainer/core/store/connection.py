"""Opening the store's SQLite file, and the errors of the store with their one-line reasons."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from trainer.core.errors import Reason, TrainerError
from trainer.core.store.locking import BUSY_TIMEOUT_S, run_polling
from trainer.core.store.migrations import migrate


class StoreError(TrainerError):
    """The store cannot do what was asked; the message is one line saying where and why.

    ``key`` names the message in ``trainer/i18n/study.py`` and ``values`` fill it (a
    :class:`~trainer.core.errors.Reason` among them names a known cause); the front ends word it
    with ``trainer.i18n.describe``. ``str(error)`` is the English text.
    """


class ProfileError(StoreError):
    """A profile that does not exist, or a name that is taken or not allowed."""


class SettingError(StoreError, ValueError):
    """An unknown setting or a value out of range."""


_REASON_TEXT = {
    "busy": f"another process kept it busy for more than {BUSY_TIMEOUT_S:.0f} s",
    "not_a_store": "the file is not a trainer store (not an SQLite database)",
    "cannot_open": "the file cannot be opened (check the folder exists and is writable)",
    "read_only": "the file or its folder is read-only",
    "disk_full": "the disk is full",
    "directory": "it is a directory",
    "newer": "it was written by a newer trainer; update trainer",
}


def _Reason(name: str) -> Reason:  # noqa: N802 - reads as the type it builds
    """A known cause ``name``, worded by the message ``store.reason.<name>``."""
    return Reason(f"store.reason.{name}", _REASON_TEXT.get(name, name))


def _reason(error: BaseException) -> str:
    """Why SQLite failed, in one line (a :class:`_Reason` for the known cases)."""
    text = str(error).strip() or type(error).__name__
    known = (
        ("database is locked", "busy"),
        ("file is not a database", "not_a_store"),
        ("unable to open database file", "cannot_open"),
        ("readonly database", "read_only"),
        ("database or disk is full", "disk_full"),
        ("newer than this trainer", "newer"),
    )
    for needle, name in known:
        if needle in text:
            return _Reason(name)
    return text.splitlines()[0]


def resolve_path(path: str | Path | None) -> Path:
    """The store's file: ``path`` or ``trainer.paths.db_path()``, its folder created.

    Raises:
        StoreError: the folder cannot be created.
    """
    from trainer import paths

    if path is None:
        try:
            paths.ensure_data_dir()
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {paths.data_dir()}: {error.strerror or error}",
                "store.error.folder",
                path=paths.data_dir(),
                reason=error,  # worded in the UI language by i18n.describe
            ) from None
        file = paths.db_path()
    else:
        file = Path(path).expanduser()
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {file.parent}: {error.strerror or error}",
                "store.error.folder",
                path=file.parent,
                reason=error,  # worded in the UI language by i18n.describe
            ) from None
    return file


def open_connection(file: Path) -> sqlite3.Connection:
    """An autocommit connection to ``file`` in WAL mode with a busy timeout, migrated.

    Raises:
        StoreError: the file cannot be opened, read or migrated (one line: where and why).
    """
    if file.is_dir():
        raise StoreError(
            f"cannot open the store {file}: it is a directory",
            "store.error.open",
            path=file,
            reason=_Reason("directory"),
        )
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(
            str(file), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA user_version").fetchone()  # "file is not a database" here
        # Switching to WAL takes the lock: only a new file needs it, and while another
        # process writes, SQLite's own busy handler can starve (see locking.py).
        if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            run_polling(conn, "PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
    except (sqlite3.Error, RuntimeError) as error:
        if conn is not None:
            conn.close()
        raise StoreError(
            f"cannot open the store {file}: {_reason(error)}",
            "store.error.open",
            path=file,
            reason=_reason(error),
        ) from None
    return conn
