"""``trainer sync``: set up this device, sync now, or show the sync state.

``trainer sync --setup URL --user NAME --code CODE`` registers the device (the token is kept in
the data dir); ``trainer sync`` runs one sync; ``--status`` shows the last sync and the reviews
waiting to be pushed; ``--json`` prints either as JSON. A failed sync is one line on stderr and
exit code 1; nothing is lost and the next sync (or the app's next start) continues.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any

from trainer.cli import CliError, open_store
from trainer.core.text_safety import terminal_json
from trainer.i18n import t


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "sync", parents=[common], help=t("sync.help"), description=t("sync.description")
    )
    parser.add_argument("--setup", metavar="URL", help=t("sync.opt.setup"))
    parser.add_argument("--user", metavar="NAME", help=t("sync.opt.user"))
    parser.add_argument("--code", metavar="CODE", help=t("sync.opt.code"))
    parser.add_argument("--cafile", metavar="PEM", help=t("sync.opt.cafile"))
    parser.add_argument("--device", metavar="NAME", help=t("sync.opt.device"))
    parser.add_argument("--status", action="store_true", help=t("sync.opt.status"))
    parser.add_argument("--json", action="store_true", help=t("sync.opt.json"))
    parser.add_argument("--background", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_sync)


def sync_error_text(error: Any) -> str:
    """A :class:`~trainer.server.client.SyncError` in the current language."""
    return t(error.key, **error.values)


def _when(epoch: float | None) -> str:
    if epoch is None:
        return t("sync.status.never")
    return datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d %H:%M")


def run_sync(args: argparse.Namespace) -> int:
    from trainer.server import client

    if args.setup:
        return _setup(args)
    if args.user or args.code:
        raise CliError(t("sync.error.setup_only"))
    store = open_store()
    with store:
        if args.status:
            return _status(store, args)
        try:
            config = client.load_config()
        except client.SyncError as error:
            raise CliError(sync_error_text(error)) from None
        if config is None:
            if args.background:
                return 0
            raise CliError(t("sync.error.not_setup"))
        try:
            outcome = client.run_sync(store, config)
        except client.SyncError as error:
            if args.background:
                return 1
            if args.json:
                print(terminal_json({"ok": False, "error": sync_error_text(error)}))
            raise CliError(t("sync.failed", reason=sync_error_text(error)), code=1) from None
        if args.background:
            return 0
        if args.json:
            print(terminal_json({"ok": True, **outcome.__dict__}))
        else:
            print(
                t(
                    "sync.done",
                    pushed=outcome.pushed,
                    pulled=outcome.pulled,
                    exams=outcome.exams,
                    settings=len(outcome.settings),
                )
            )
            for bank_id in outcome.banks:
                print(t("sync.bank", id=bank_id, path=client.banks_dir() / f"{bank_id}.yaml"))
    return 0


def _setup(args: argparse.Namespace) -> int:
    from trainer.server import client

    if not args.user or not args.code:
        raise CliError(t("sync.error.setup_args"))
    store = open_store()
    with store:
        profile = store.resolve_profile(getattr(args, "profile", None)).name
    try:
        config = client.setup(
            args.setup, args.user, args.code, profile, cafile=args.cafile, device_name=args.device
        )
    except client.SyncError as error:
        raise CliError(t("sync.setup.failed", reason=sync_error_text(error)), code=1) from None
    print(t("sync.setup.done", url=config.url, user=config.user, profile=profile))
    return 0


def _status(store: Any, args: argparse.Namespace) -> int:
    from trainer.server import client

    state = client.status(store)
    error_text = (
        t(state.last_error["key"], **state.last_error["values"]) if state.last_error else None
    )
    if args.json:
        print(terminal_json({**state.to_dict(), "last_error": error_text}))
        return 0
    if not state.configured:
        print(t("sync.status.not_setup"))
        return 0
    print(t("sync.status.server", url=state.url, user=state.user, profile=state.profile))
    print(t("sync.status.last", when=_when(state.last_ok)))
    print(t("sync.status.pending", n=state.pending))
    if error_text:
        print(t("sync.status.error", reason=error_text))
    sys.stdout.flush()
    return 0
