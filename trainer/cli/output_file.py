"""The output file of a command (``export -o``, ``export-anki -o``, ``clean -o``): checked by
:mod:`trainer.core.safe_write` and worded for the user."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from trainer.cli import CliError
from trainer.core.text_safety import printable_line
from trainer.i18n import t


def checked_output(raw: str, *, force: bool, protected: Iterable[Path | None] = ()) -> Path:
    """The output path, once it is sure that writing it loses nothing.

    Args:
        raw: the path the user gave.
        force: ``--force``: an existing file may be replaced (never the store or a bank in use).
        protected: files of this command that must never be written over (its input, its bank).

    Raises:
        CliError: one line naming the path and what to do instead (exit code 2).
    """
    from trainer import paths
    from trainer.core.safe_write import OutputRefused, check_output

    target = Path(raw)
    try:
        check_output(target, force=force, store=paths.db_path(), protected=protected)
    except OutputRefused as refused:
        values = {name: printable_line(str(value)) for name, value in refused.values.items()}
        raise CliError(t(refused.key, **values)) from None
    return target


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace an existing output file."""
    parser.add_argument("--force", action="store_true", help=t("cli.opt.force"))
