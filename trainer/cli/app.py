"""``trainer`` without a subcommand: open the Textual study app."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    """Run the study app on ``--bank`` (default: the built-in bank) and ``--profile``.

    Returns:
        The process exit code.
    """
    from trainer.ui.app import create_app

    app = create_app(
        bank_path=getattr(args, "bank", None),
        profile=getattr(args, "profile", None),
        language=getattr(args, "lang", None),
    )
    result = app.run()
    return int(result or 0)
