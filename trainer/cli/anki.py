"""``trainer export-anki``: the bank as an Anki deck (.apkg)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trainer.cli import CliError
from trainer.cli.output_file import add_force_option, checked_output
from trainer.i18n import t
from trainer.i18n.cli import os_reason

if TYPE_CHECKING:
    from trainer.core.anki import AnkiWording


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export-anki", parents=[common], help=t("stats.anki.help"), description=t("stats.anki.help")
    )
    parser.add_argument("--bank", metavar="PATH", default=argparse.SUPPRESS, help=t("cli.opt.bank"))
    parser.add_argument(
        "-o", "--output", metavar="FILE", required=True, help=t("stats.anki.output")
    )
    add_force_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from trainer.cli.stats import load_bank_arg
    from trainer.core.anki import export_apkg
    from trainer.core.safe_write import atomic_output

    bank = load_bank_arg(args)
    protected = [bank.path, bank.source_path, bank.reading_path]
    target = checked_output(args.output, force=args.force, protected=protected)
    try:
        with atomic_output(target) as partial:
            result = export_apkg(bank, partial, wording=anki_wording())
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


def anki_wording() -> AnkiWording:
    """The cards' own words (true/false, item counts, accepted answers) in the language in force."""
    from trainer.core.anki import AnkiWording

    return AnkiWording(
        true=t("stats.anki.true"),
        false=t("stats.anki.false"),
        items=lambda n: t("stats.anki.items", n=n),
        accepted=lambda answers: t("stats.anki.accepted", answers=answers),
    )
