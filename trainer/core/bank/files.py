"""Reading the files a bank names, safely: regular files of bounded size only.

A bank is a file people pass around; it must never make the program read a device
(``/dev/zero`` fills the memory), block on a FIFO, or load a file of any size.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_BANK_BYTES = 64 * 1024 * 1024
"""Largest bank file read (a 50,000-question bank is about 6 MB)."""
MAX_REPORT_BYTES = 16 * 1024 * 1024
"""Largest report (``source``) or reading copy (``reading``) a bank may name."""
MAX_NUMBER = 10**15
"""Largest magnitude of a number answer or tolerance (beyond it floats lose whole units)."""


def allowed_report_folders(bank_folder: Path) -> list[Path]:
    """Where a bank's ``source`` and ``reading`` may point: the bank's own folder (and below)
    and the built-in reports shipped with trainer."""
    from trainer import paths

    return [bank_folder.resolve(), paths.builtin_seeds_dir().resolve()]


def report_allowed(target: Path, bank_folder: Path) -> bool:
    """Whether a bank in ``bank_folder`` may name ``target`` as its report or reading copy."""
    resolved = target.resolve()
    return any(resolved.is_relative_to(folder) for folder in allowed_report_folders(bank_folder))


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device
    (``/dev/zero``) or a file swapped after a check is refused instead of hanging the program or
    filling its memory.

    Raises:
        FileNotFoundError: there is no such file.
        IsADirectoryError: it is a directory.
        BankFileRefused: it is not a regular file, or it is larger than ``limit``.
        OSError: it cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(info.st_mode):
            raise BankFileRefused("not_regular")
        if info.st_size > limit:
            raise BankFileRefused("too_big")
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew since fstat
        raise BankFileRefused("too_big")
    return data


class BankFileRefused(OSError):
    """A file a bank reads that is not a regular file (``reason`` ``not_regular``) or is too
    large (``too_big``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
