"""``trainer export`` and ``trainer import``: the review history as CSV/JSON, and merging it."""

from __future__ import annotations

import argparse
import sys

from trainer.cli import CliError, open_store
from trainer.cli.output_file import add_force_option, checked_output
from trainer.i18n import describe, t
from trainer.i18n.cli import os_reason


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = subparsers.add_parser(
        "export", parents=[common], help=t("stats.export.help"), description=t("stats.export.help")
    )
    export.add_argument(
        "--format", choices=("csv", "json"), default="csv", help=t("stats.export.format")
    )
    export.add_argument("-o", "--output", metavar="FILE", help=t("stats.export.output"))
    export.add_argument("--all-profiles", action="store_true", help=t("stats.export.all_profiles"))
    add_force_option(export)
    export.set_defaults(handler=run_export)

    importer = subparsers.add_parser(
        "import", parents=[common], help=t("stats.import.help"), description=t("stats.import.help")
    )
    importer.add_argument("file", metavar="FILE", help=t("stats.import.file"))
    importer.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    from trainer.core.export import export_history

    store = open_store()
    try:
        profile = getattr(args, "profile", None)
        if args.all_profiles:
            if profile:
                raise CliError(t("stats.cli.profile_and_all"))
            profile = None
        else:
            profile = profile or store.default_profile_name()
            if store.get_profile(profile) is None:
                known = ", ".join(p.name for p in store.list_profiles()) or "-"
                raise CliError(t("stats.cli.no_profile", name=profile, known=known))
        if args.output and args.output != "-":
            from trainer.core.safe_write import atomic_output

            target = checked_output(args.output, force=args.force)
            try:
                with (
                    atomic_output(target) as partial,
                    partial.open("w", encoding="utf-8", newline="") as handle,
                ):
                    result = export_history(store, handle, args.format, profile=profile)
            except OSError as error:
                raise CliError(
                    t("stats.export.cannot_write", path=target, error=os_reason(error))
                ) from None
            print(
                t("stats.export.done", n=result.reviews, exams=result.exams, path=target),
                file=sys.stderr,
            )
        else:
            if hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(newline="")  # csv writes its own \r\n
            export_history(store, sys.stdout, args.format, profile=profile)
        return 0
    finally:
        store.close()


def run_import(args: argparse.Namespace) -> int:
    from trainer.cli import store_error_code
    from trainer.core.export import HistoryError, import_history
    from trainer.core.store import StoreError
    from trainer.i18n.cli import history_error_text

    store = open_store()
    profile = getattr(args, "profile", None)  # --profile NAME import: into that profile
    try:
        if profile is not None:
            profile = store.ensure_profile(profile).name
        result = import_history(store, args.file, profile=profile)
        where = store.path
    except HistoryError as error:
        raise CliError(history_error_text(error)) from None
    except StoreError as error:
        raise CliError(describe(error), code=store_error_code(error)) from None
    finally:
        store.close()
    print(
        t(
            "stats.import.done",
            added=result.added,
            skipped=result.skipped,
            exams=result.exams_added,
        )
    )
    if result.profiles:
        print(t("study.import.where", profiles="、".join(result.profiles), path=where))
    return 0
