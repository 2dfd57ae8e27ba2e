"""Writing an output file without ever destroying data.

``export-anki -o D/trainer.sqlite3`` once wrote a deck over a store of 10,001 reviews, and
``export -o``/``clean -o`` overwrote anything. Every command that writes a file the user names
goes through here:

* :func:`check_output` refuses a folder, a missing folder, an existing file unless the user
  said ``--force``, and — even with ``--force`` — the store (and its journal files), a bank in
  use or the command's own input;
* :func:`atomic_output` writes to a temporary file in the same folder and renames it over the
  target only when everything was written, so an interrupted write leaves the old file whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

STORE_SIDECARS = ("", "-wal", "-shm", "-journal")
"""Suffixes of the SQLite files that make up a store."""


class OutputRefused(Exception):
    """An output path that must not be written: ``key`` names the message (trainer/i18n/cli.py),
    ``values`` fill it (always ``path``)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(f"{key}: {values.get('path')}")
        self.key = key
        self.values = values


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except (OSError, RuntimeError, ValueError):
        return False


def store_files(store_path: Path) -> list[Path]:
    """The store's database and its journal files (which need not exist)."""
    return [store_path.with_name(store_path.name + suffix) for suffix in STORE_SIDECARS]


def check_output(
    target: Path,
    *,
    force: bool = False,
    store: Path | None = None,
    protected: Iterable[Path | None] = (),
) -> None:
    """Refuse an output path that would lose data.

    Args:
        target: the file the user asked to write.
        force: the user allows replacing an existing file (never a protected one).
        store: the learner's store, whose files are never written over.
        protected: other files never written over (the bank in use, the command's input).

    Raises:
        OutputRefused: with key ``output.is_dir``, ``output.no_folder``, ``output.protected``
            or ``output.exists``.
    """
    shown = str(target)
    if target.is_dir():
        raise OutputRefused("output.is_dir", path=shown)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputRefused("output.no_folder", path=shown, folder=str(parent))
    guarded = [p for p in protected if p is not None]
    if store is not None:
        guarded.extend(store_files(store))
    for keep in guarded:
        if _same_file(target, keep):
            raise OutputRefused("output.protected", path=shown)
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputRefused("output.exists", path=shown)


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path next to ``target``; renamed over it when the block ends without error.

    Yields:
        The temporary file's path (it exists, empty; write it by name or reopen it).

    Raises:
        OSError: the temporary file cannot be made or renamed (it is removed then).
    """
    parent = target.parent if str(target.parent) else Path(".")
    fd, raw = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=parent)
    os.close(fd)
    temporary = Path(raw)
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
