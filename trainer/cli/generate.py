"""``trainer clean`` and ``trainer generate``: from a report's text to a draft question bank."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.i18n import describe, t
from trainer.i18n.cli import os_reason

if TYPE_CHECKING:  # imported lazily at run time: `trainer --help` stays fast
    from trainer.core.generation.clean import CleanReport
    from trainer.core.generation.generate import GenerateResult


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``clean`` and ``generate`` subcommands."""
    clean = subparsers.add_parser(
        "clean",
        parents=[common],
        help=t("generate.clean.help"),
        description=t("generate.clean.help"),
    )
    clean.add_argument("report", metavar="REPORT.txt", help=t("generate.clean.report"))
    clean.add_argument("-o", "--output", metavar="OUT.txt", help=t("generate.clean.output"))
    clean.add_argument("--force", action="store_true", help=t("cli.opt.force"))
    clean.set_defaults(handler=run_clean)

    generate = subparsers.add_parser(
        "generate",
        parents=[common],
        help=t("generate.help"),
        description=t("generate.help"),
    )
    generate.add_argument("report", metavar="REPORT.txt", help=t("generate.report"))
    generate.add_argument("-o", "--output", metavar="BANK.yaml", help=t("generate.output"))
    generate.add_argument("--id", dest="bank_id", metavar="BANK_ID", help=t("generate.id"))
    generate.add_argument("--title", metavar="TITLE", help=t("generate.title"))
    generate.add_argument("--merge", metavar="EXISTING.yaml", help=t("generate.merge"))
    generate.add_argument("--force", action="store_true", help=t("generate.force"))
    generate.add_argument(
        "--max", dest="max_questions", metavar="N", type=_positive, help=t("generate.max")
    )
    generate.add_argument("--all-figures", action="store_true", help=t("generate.all_figures"))
    generate.set_defaults(handler=run_generate)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(t("generate.bad_max", value=text))
    return value


def _clean(report: str) -> CleanReport:
    from trainer.cli import CliError
    from trainer.core.generation.clean import ReportError, clean_file

    try:
        cleaned = clean_file(report)
    except ReportError as error:
        raise CliError(describe(error)) from None
    print(t("generate.encoding", path=report, encoding=cleaned.encoding.upper()), file=sys.stderr)
    return cleaned


def run_clean(args: argparse.Namespace) -> int:
    """Clean a report and print it or write it to ``--output``."""
    from trainer.cli import CliError
    from trainer.cli.output_file import checked_output
    from trainer.core.safe_write import atomic_output

    if args.output:  # checked first: never clean a report only to refuse where it goes
        target = checked_output(args.output, force=args.force, protected=[Path(args.report)])
    cleaned = _clean(args.report)
    if not args.output:
        sys.stdout.write(cleaned.text)
        return 0
    try:
        with atomic_output(target) as partial:
            partial.write_text(cleaned.text, encoding="utf-8")
    except OSError as error:
        raise CliError(
            t("generate.write_failed", path=args.output, reason=os_reason(error))
        ) from None
    paragraphs = sum(1 for b in cleaned.blocks if b.kind == "paragraph")
    print(
        t(
            "generate.clean.done",
            path=args.output,
            paragraphs=paragraphs,
            headings=len(cleaned.headings),
        ),
        file=sys.stderr,
    )
    return 0


# One screen: at most this many section lines (the rest are summed on one line).
_SECTION_LINES = 14


def _print_overview(result: GenerateResult) -> None:
    """Questions per type under each top heading, and what was left out and why."""
    from rich.cells import cell_len

    if result.sections:
        print(t("generate.by_section"))
        shown = result.sections[:_SECTION_LINES]
        rest = result.sections[_SECTION_LINES:]
        width = max(cell_len(_short(title or t("generate.opening"))) for title, _ in shown)
        for title, counts in shown:
            name = _short(title or t("generate.opening"))
            pad = " " * (width - cell_len(name))
            line = " · ".join(f"{kind} {n}" for kind, n in counts.items())
            print(f"  {_safe(name)}{pad}  {line}")
        if rest:
            print(
                t(
                    "generate.more_sections",
                    count=len(rest),
                    total=sum(sum(c.values()) for _, c in rest),
                )
            )
    if result.dropped:
        reasons = t("generate.dropped.sep").join(
            t(f"generate.dropped.{reason}", count=count) for reason, count in result.dropped.items()
        )
        print(t("generate.dropped", reasons=reasons))


def _short(title: str, limit: int = 22) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _safe(text: str) -> str:
    """A heading from the report, without control characters (it is printed as is)."""
    return "".join(ch for ch in text if ch.isprintable())


def run_generate(args: argparse.Namespace) -> int:
    """Generate (or merge) a draft bank and report what was written."""
    from trainer.cli import CliError
    from trainer.core.bank import ID_PATTERN
    from trainer.core.generation.generate import generate_bank

    if args.bank_id is not None and not ID_PATTERN.match(args.bank_id):
        raise CliError(t("generate.bad_id", value=args.bank_id))
    report = Path(args.report)
    merge = Path(args.merge) if args.merge else None
    if merge is not None and not merge.is_file():
        raise CliError(t("generate.no_merge", path=merge))
    output = Path(args.output) if args.output else (merge or report.with_suffix(".yaml"))
    if output.resolve() == report.resolve():
        raise CliError(t("generate.same_file", path=output))
    if output.exists() and merge is None and not args.force:
        raise CliError(t("generate.exists", path=output))
    from trainer.cli.output_file import checked_output

    checked_output(str(output), force=True, protected=[report])  # never the store, any flag
    cleaned = _clean(args.report)
    from trainer.core.generation.clean import ReportError

    try:
        result = generate_bank(
            report,
            output,
            bank_id=args.bank_id,
            title=args.title,
            merge=merge,
            cleaned=cleaned,
            max_questions=args.max_questions,
            all_figures=args.all_figures,
        )
    except ReportError as error:
        raise CliError(describe(error)) from None
    except OSError as error:
        raise CliError(t("generate.write_failed", path=output, reason=os_reason(error))) from None
    types = ", ".join(f"{kind} {count}" for kind, count in result.counts.items())
    print(t("generate.summary", path=output, total=result.total, types=types))
    _print_overview(result)
    if result.merge is not None:
        print(
            t(
                "generate.merged",
                added=len(result.merge.added),
                kept=len(result.merge.kept),
                gone=len(result.merge.gone),
            )
        )
        if result.merge.gone:
            print(t("generate.gone", ids=", ".join(result.merge.gone)))
        if result.merge.rewritten:
            print(t("generate.rewritten"), file=sys.stderr)
    if result.copied_report is not None:
        print(t("generate.copied", path=result.copied_report), file=sys.stderr)
    print(t("generate.next", path=output), file=sys.stderr)
    return 0
