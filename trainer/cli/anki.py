"""``trainer export-anki``: the bank as an Anki deck (.apkg)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.cli import CliError
from trainer.i18n import t

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
        result = export_apkg(bank, target, wording=anki_wording())
    except OSError as error:
        raise CliError(
            t("stats.export.cannot_write", path=target, error=error.strerror or error)
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
