"""``trainer server add-group / add-member / remove-member / assign / unassign / login-link``: organisation-wide progress.

Registered by :mod:`trainer.cli.server` on its ACTION subcommands; each opens the server's
storage like ``add-user`` does (``--db URL``, default SQLite in the data dir).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from trainer.cli import CliError
from trainer.i18n import t

DEFAULT_URL = "http://127.0.0.1:8790"


def register(
    actions: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    db_option: Any,
) -> None:
    add_group = actions.add_parser(
        "add-group", parents=[common], help=t("org.add_group.help"),
        description=t("org.add_group.help"),
    )  # fmt: skip
    add_group.add_argument("name", metavar="NAME", help=t("org.opt.group"))
    db_option(add_group, argparse.SUPPRESS)
    add_group.set_defaults(handler=run_add_group)

    add_member = actions.add_parser(
        "add-member", parents=[common], help=t("org.add_member.help"),
        description=t("org.add_member.help"),
    )  # fmt: skip
    add_member.add_argument("group", metavar="GROUP", help=t("org.opt.group"))
    add_member.add_argument("user", metavar="USER", help=t("org.opt.user"))
    add_member.add_argument("--leader", action="store_true", help=t("org.opt.leader"))
    db_option(add_member, argparse.SUPPRESS)
    add_member.set_defaults(handler=run_add_member)

    assign = actions.add_parser(
        "assign", parents=[common], help=t("org.assign.help"), description=t("org.assign.help")
    )
    assign.add_argument("group", metavar="GROUP", help=t("org.opt.group"))
    assign.add_argument("bank_id", metavar="BANK_ID", help=t("org.opt.bank"))
    assign.add_argument("--sections", metavar="A,B", help=t("org.opt.sections"))
    assign.add_argument("--deadline", metavar="YYYY-MM-DD", required=True,
                        help=t("org.opt.deadline"))  # fmt: skip
    db_option(assign, argparse.SUPPRESS)
    assign.set_defaults(handler=run_assign)

    remove = actions.add_parser(
        "remove-member", parents=[common], help=t("org.remove_member.help"),
        description=t("org.remove_member.help"),
    )  # fmt: skip
    remove.add_argument("group", metavar="GROUP", help=t("org.opt.group"))
    remove.add_argument("user", metavar="USER", help=t("org.opt.user"))
    db_option(remove, argparse.SUPPRESS)
    remove.set_defaults(handler=run_remove_member)

    unassign = actions.add_parser(
        "unassign", parents=[common], help=t("org.unassign.help"),
        description=t("org.unassign.help"),
    )  # fmt: skip
    unassign.add_argument("group", metavar="GROUP", help=t("org.opt.group"))
    unassign.add_argument("bank_id", metavar="BANK_ID", help=t("org.opt.bank"))
    db_option(unassign, argparse.SUPPRESS)
    unassign.set_defaults(handler=run_unassign)

    link = actions.add_parser(
        "login-link", parents=[common], help=t("org.login_link.help"),
        description=t("org.login_link.help"),
    )  # fmt: skip
    link.add_argument("user", metavar="USER", help=t("org.opt.user"))
    link.add_argument("--url", metavar="URL", default=DEFAULT_URL, help=t("org.opt.url"))
    db_option(link, argparse.SUPPRESS)
    link.set_defaults(handler=run_login_link)


def _shown(text: str) -> str:
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def _run(args: argparse.Namespace, action: Any) -> Any:
    from trainer.cli.server import _open
    from trainer.server.org import OrgError

    storage = _open(args)
    try:
        return action(storage)
    except OrgError as error:
        values = {k: _shown(str(v)) for k, v in error.values.items()}
        raise CliError(t(error.key, **values)) from None
    finally:
        storage.close()


def run_add_group(args: argparse.Namespace) -> int:
    from trainer.server import org

    created, _ = _run(args, lambda storage: org.add_group(storage, args.name))
    key = "org.add_group.created" if created else "org.add_group.exists"
    print(t(key, name=_shown(args.name.strip())))
    return 0


def run_add_member(args: argparse.Namespace) -> int:
    from trainer.server import org

    role = _run(
        args, lambda storage: org.add_member(storage, args.group, args.user, leader=args.leader)
    )
    print(t(f"org.add_member.{role}", user=_shown(args.user), group=_shown(args.group)))
    return 0


def run_assign(args: argparse.Namespace) -> int:
    from trainer.server import org

    def action(storage: Any) -> int:
        sections = org.parse_sections(args.sections)
        return org.assign(storage, args.group, args.bank_id, sections, args.deadline)

    _run(args, action)
    print(
        t(
            "org.assign.done",
            group=_shown(args.group),
            bank=_shown(args.bank_id),
            sections=_shown(args.sections or t("org.assign.all_sections")),
            deadline=args.deadline,
        )
    )
    return 0


def run_remove_member(args: argparse.Namespace) -> int:
    from trainer.server import org

    role = _run(args, lambda storage: org.remove_member(storage, args.group, args.user))
    print(
        t(
            "org.remove_member.done",
            user=_shown(args.user),
            group=_shown(args.group),
            role=t(f"org.role.{role}"),
        )
    )
    return 0


def run_unassign(args: argparse.Namespace) -> int:
    from trainer.server import org

    removed = _run(args, lambda storage: org.unassign(storage, args.group, args.bank_id))
    print(t("org.unassign.done", group=_shown(args.group), bank=_shown(args.bank_id), n=removed))
    return 0


def run_login_link(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from trainer.server import org

    parts = urlsplit(args.url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise CliError(t("org.error.url", url=_shown(args.url)))
    secret = _run(args, lambda storage: org.new_login_link(storage, args.user))
    print(t("org.login_link.done", user=_shown(args.user)))
    print(f"{args.url.rstrip('/')}/dashboard/login?t={secret}")
    return 0


def record_on_server(players: list[str]) -> int:
    """``trainer group --record-server``: send the session's answers to the players' server
    histories; one line either way. Returns the exit code (1: not sent)."""
    from trainer import paths
    from trainer.core.store import Store
    from trainer.server.client import SyncError
    from trainer.server.group_push import push_group_answers

    try:
        with Store.open(paths.data_dir() / paths.DB_FILENAME) as store:
            outcome = push_group_answers(store, players)
    except SyncError as error:
        reason = t(error.key, **{k: _shown(str(v)) for k, v in error.values.items()})
        print(t("org.group.record_failed", reason=reason), file=sys.stderr)
        return 1
    print(t("org.group.recorded", n=outcome.accepted, players=outcome.players))
    return 0
