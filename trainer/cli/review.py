"""``trainer review BANK.yaml``: review a generated draft bank in the app, one question at a time."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.i18n import t


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``review`` subcommand."""
    review = subparsers.add_parser(
        "review", parents=[common], help=t("review.help"), description=t("review.help")
    )
    review.add_argument("bank", metavar="BANK.yaml", help=t("review.bank"))
    review.set_defaults(handler=run_review)


def run_review(args: argparse.Namespace) -> int:
    """Check the bank, then open the review screen on it."""
    from trainer.cli import CliError
    from trainer.core.bank import BankError, load_bank

    path = Path(args.bank)
    if not path.is_file():
        raise CliError(t("review.error.missing", path=path))
    try:
        bank = load_bank(path)
    except BankError as error:
        first = error.problems[0] if error.problems else error
        raise CliError(str(first)) from None
    if not any("generated" in q.tags or "reviewed" in q.tags for q in bank.questions):
        raise CliError(t("review.error.none", path=path))
    from trainer.ui.screens.review import ReviewApp

    ReviewApp(path).run()
    return 0
