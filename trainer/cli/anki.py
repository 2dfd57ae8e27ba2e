"""``trainer export-anki``: the bank as an Anki deck (.apkg)."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.cli import CliError
from trainer.i18n import t
from trainer.i18n.cli import os_reason


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export-anki", parents=[common], help=t("stats.anki.help"), description=t("stats.anki.help")
    )
    parser.add_argument("--bank", metavar="PATH", default=argparse.SUPPRESS, help=t("cli.opt.bank"))
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help=t("stats.anki.output")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.cli.stats import load_bank_arg
    from trainer.core.anki import export_apkg

    bank = load_bank_arg(args)
    target = Path(args.output)
    if target.is_dir():
        raise CliError(t("stats.export.is_dir", path=target))
    if not target.parent.is_dir():
        raise CliError(t("stats.anki.no_folder", path=target.parent))
    try:
        result = export_apkg(bank, target)
    except OSError as error:
        raise CliError(
            t("stats.export.cannot_write", path=target, error=os_reason(error))
        ) from None
    print(
        t(
            "stats.anki.done",
            path=target,
            notes=result.notes,
            cards=result.cards,
            cloze=result.cloze_notes,
        )
    )
    return 0
