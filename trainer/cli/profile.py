"""``trainer profile list|create|rename|delete|default``: learners sharing one machine.

``delete`` asks for confirmation (type ``yes``, or 是/y) unless ``--yes`` is given; anything
else, or end of input, cancels with exit code 1 and deletes nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from trainer.cli import CliError, open_store, store_error_code
from trainer.i18n import describe, t

CONFIRM_WORDS = ("yes", "y", "是", "确定")
"""What confirms ``profile delete`` (the prompt lists them all)."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "profile", parents=[common], help=t("profile.help"), description=t("profile.help")
    )
    actions = parser.add_subparsers(dest="profile_action", metavar="ACTION")
    listing = actions.add_parser("list", parents=[common], help=t("profile.list.help"))
    listing.set_defaults(handler=run_list)
    create = actions.add_parser("create", parents=[common], help=t("profile.create.help"))
    create.add_argument("name", metavar="NAME", help=t("profile.opt.name"))
    create.set_defaults(handler=run_create)
    rename = actions.add_parser("rename", parents=[common], help=t("profile.rename.help"))
    rename.add_argument("old", metavar="OLD", help=t("profile.opt.old"))
    rename.add_argument("new", metavar="NEW", help=t("profile.opt.new"))
    rename.set_defaults(handler=run_rename)
    delete = actions.add_parser("delete", parents=[common], help=t("profile.delete.help"))
    delete.add_argument("name", metavar="NAME", help=t("profile.opt.name"))
    delete.add_argument("--yes", "-y", action="store_true", help=t("profile.opt.yes"))
    delete.set_defaults(handler=run_delete)
    default = actions.add_parser("default", parents=[common], help=t("profile.default.help"))
    default.add_argument("name", metavar="NAME", help=t("profile.opt.name"))
    default.set_defaults(handler=run_default)
    parser.set_defaults(handler=run_list)


def _guard(action: Any) -> int:
    from trainer.core.store import StoreError

    try:
        return int(action() or 0)
    except StoreError as error:
        raise CliError(describe(error), code=store_error_code(error)) from None


def run_list(args: argparse.Namespace) -> int:
    store = open_store()
    with store:
        profiles = store.list_profiles()
        default = store.default_profile_name()
        if not profiles:
            print(t("profile.list.empty", name=default))
            return 0
        activity = store.profile_activity()
        zone = store.time_zone()
        for profile in profiles:
            count, last = activity.get(profile.name, (0, None))
            shown = (
                last.astimezone(zone).strftime("%Y-%m-%d %H:%M")
                if last
                else t("profile.list.never")
            )
            mark = "*" if profile.name == default else " "
            print(t("profile.list.row", mark=mark, name=profile.name, reviews=count, last=shown))
        print(t("profile.list.legend"))
    return 0


def run_create(args: argparse.Namespace) -> int:
    store = open_store()
    with store:

        def create() -> int:
            name = args.name.strip()
            if store.get_profile(name) is not None:
                print(t("profile.exists", name=name))
                return 0
            profile = store.ensure_profile(name)
            print(t("profile.created", name=profile.name))
            return 0

        return _guard(create)


def run_rename(args: argparse.Namespace) -> int:
    store = open_store()
    with store:

        def rename() -> int:
            if store.get_profile(args.old) is None:
                raise CliError(t("profile.not_found", name=args.old))
            profile = store.rename_profile(args.old, args.new)
            print(t("profile.renamed", old=args.old, new=profile.name))
            return 0

        return _guard(rename)


def run_default(args: argparse.Namespace) -> int:
    store = open_store()
    with store:

        def make_default() -> int:
            profile = store.ensure_profile(args.name)
            store.set_setting("default_profile", profile.name)
            print(t("profile.default_set", name=profile.name))
            return 0

        return _guard(make_default)


def run_delete(args: argparse.Namespace) -> int:
    store = open_store()
    with store:
        if store.get_profile(args.name) is None:
            raise CliError(t("profile.not_found", name=args.name))
        reviews = store.review_count(args.name)
        if not args.yes:
            words = t("cli.list.separator").join(CONFIRM_WORDS)
            sys.stdout.write(t("cli.profile.confirm", name=args.name, reviews=reviews, words=words))
            sys.stdout.flush()
            line = sys.stdin.readline()
            if line.strip().lower() not in CONFIRM_WORDS:
                print()
                print(t("profile.cancelled"))
                return 1
        deleted = _guard(lambda: store.delete_profile(args.name))
        print(t("profile.deleted", name=args.name, reviews=deleted))
    return 0
