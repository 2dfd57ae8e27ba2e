"""``trainer settings [KEY [VALUE]]``: show or change the learner's settings.

The app's settings screen covers language, retention, new per day, theme and profile; this
command covers every known setting, the time zone and the maximum interval included.
"""

from __future__ import annotations

import argparse
from typing import Any

from trainer.cli import CliError, open_store
from trainer.i18n import describe, t


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "settings",
        parents=[common],
        help=t("settings.help"),
        description=t("settings.description"),
    )
    parser.add_argument("key", nargs="?", metavar="KEY", help=t("settings.opt.key"))
    parser.add_argument("value", nargs="?", metavar="VALUE", help=t("settings.opt.value"))
    parser.add_argument(
        "--global", dest="all_profiles", action="store_true", help=t("settings.opt.global")
    )
    parser.add_argument("--unset", action="store_true", help=t("settings.opt.unset"))
    parser.set_defaults(handler=run)


def _pad(text: str, width: int) -> str:
    # Chinese characters take two terminal columns.
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def run(args: argparse.Namespace) -> int:
    from trainer.core.store import SETTING_RANGES, SETTINGS, StoreError

    if args.key is not None:
        args.key = args.key.replace("-", "_")  # `exam-date` is `exam_date`
    with open_store() as store:
        profile = None if args.all_profiles else (args.profile or store.default_profile_name())
        if args.key is not None and args.key not in SETTINGS:
            raise CliError(t("settings.unknown", key=args.key, keys=", ".join(SETTINGS)))
        try:
            if args.key is not None and (args.value is not None or args.unset):
                value = None if args.unset else args.value
                store.set_setting(args.key, value, profile=profile)
        except StoreError as error:
            raise CliError(describe(error)) from None
        where = t("settings.where.global") if profile is None else profile
        print(t("settings.header", where=where))
        for key in [args.key] if args.key else list(SETTINGS):
            value = store.get_setting(key, profile=profile)
            shown = "" if value is None else str(value)
            if key == "timezone" and not shown:
                shown = t("settings.system_zone")
            allowed = SETTING_RANGES.get(key, "")
            print(f"  {key:<22} {_pad(shown, 16)} {allowed}".rstrip())
        if args.key == "exam_date" and profile is not None:
            _print_exam(store, profile)
    return 0


def _print_exam(store: Any, profile: str) -> None:
    """What the exam date means for the learner: days left, or that it has passed."""
    from trainer.core.clock import utc_now

    plan = store.exam_plan(profile)
    if plan is None:
        print(t("settings.exam.none"))
        return
    days = plan.days_left(utc_now())
    if days < 0:
        print(t("settings.exam.past", day=plan.day.isoformat()))
    else:
        target = f"{plan.target:.0%}"
        print(t("settings.exam.set", day=plan.day.isoformat(), days=days, target=target))
