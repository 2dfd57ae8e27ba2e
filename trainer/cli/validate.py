"""``trainer validate``: check bank files and, optionally, their quotes against the report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.i18n import t


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "validate",
        parents=[common],
        help=t("cli.validate.help"),
        description=t("cli.validate.help"),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help=t("cli.validate.paths"))
    parser.add_argument(
        "--check-sources", action="store_true", help=t("cli.validate.check_sources")
    )
    parser.set_defaults(handler=run)


def expand_bank_paths(raw: list[str]) -> list[Path]:
    """Bank files named on the command line; a folder stands for the banks inside it."""
    from trainer import paths

    if not raw:
        return paths.builtin_bank_paths()
    found: list[Path] = []
    for item in raw:
        path = Path(item)
        if path.is_dir():
            inside = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
            found.extend(inside or [path])
        else:
            found.append(path)
    return found


def run(args: argparse.Namespace) -> int:
    from trainer.core.bank import BankError, check_sources, load_bank
    from trainer.core.text_safety import printable_line
    from trainer.i18n.bank import bank_error_text, problem_text

    files = expand_bank_paths(args.paths)
    if not files:
        shown = printable_line(" ".join(args.paths) or "questions/")
        print(t("cli.validate.none", path=shown), file=sys.stderr)
        return 2
    failed = False
    for file in files:
        try:
            bank = load_bank(file)
        except BankError as error:
            print(bank_error_text(error), file=sys.stderr)
            failed = True
            continue
        types = ", ".join(f"{kind} {count}" for kind, count in bank.counts_by_type().items())
        print(
            t(
                "cli.validate.ok",
                path=printable_line(str(file)),
                id=bank.id,
                title=printable_line(bank.title),
                total=len(bank.questions),
                types=types,
                sections=len(bank.sections),
            )
        )
        if args.check_sources:
            problems = check_sources(bank)
            for problem in problems:
                print(problem_text(problem), file=sys.stderr)
            if problems:
                failed = True
            else:
                print(t("cli.validate.sources_ok", n=len(bank.questions)))
    return 2 if failed else 0
