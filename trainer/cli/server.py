"""``trainer server``: run the sync server, and manage its members and banks.

``trainer server [--db URL] [--bind HOST] [--port N]`` serves until interrupted;
``trainer server add-user NAME`` creates a member (or issues a code for another device) and
prints the one-time code as its last word; ``add-bank``, ``revoke`` and ``users`` manage the rest.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from trainer.cli import CliError
from trainer.i18n import describe, t

DEFAULT_BIND = "127.0.0.1"
DEFAULT_PORT = 8790


def _db_option(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument("--db", metavar="URL", default=default, help=t("server.opt.db"))


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "server", parents=[common], help=t("server.help"), description=t("server.description")
    )
    _db_option(parser, None)
    parser.add_argument("--bind", metavar="HOST", default=DEFAULT_BIND, help=t("server.opt.bind"))
    parser.add_argument(
        "--port", metavar="N", type=int, default=DEFAULT_PORT, help=t("server.opt.port")
    )
    parser.add_argument("--certfile", metavar="PEM", help=t("server.opt.certfile"))
    parser.add_argument("--keyfile", metavar="PEM", help=t("server.opt.keyfile"))
    parser.add_argument("--workers", metavar="N", type=int, default=1, help=t("server.opt.workers"))
    parser.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(handler=run_server)
    actions = parser.add_subparsers(dest="server_action", metavar="ACTION")

    add_user = actions.add_parser(
        "add-user", parents=[common], help=t("server.add_user.help"),
        description=t("server.add_user.help"),
    )  # fmt: skip
    add_user.add_argument("name", metavar="NAME", help=t("server.opt.name"))
    add_user.add_argument("--admin", action="store_true", help=t("server.opt.admin"))
    _db_option(add_user, argparse.SUPPRESS)
    add_user.set_defaults(handler=run_add_user)

    add_bank = actions.add_parser(
        "add-bank", parents=[common], help=t("server.add_bank.help"),
        description=t("server.add_bank.help"),
    )  # fmt: skip
    add_bank.add_argument("file", metavar="FILE", help=t("server.opt.bank_file"))
    _db_option(add_bank, argparse.SUPPRESS)
    add_bank.set_defaults(handler=run_add_bank)

    revoke = actions.add_parser(
        "revoke", parents=[common], help=t("server.revoke.help"),
        description=t("server.revoke.help"),
    )  # fmt: skip
    revoke.add_argument("name", metavar="NAME", help=t("server.opt.name"))
    revoke.add_argument("--device", metavar="ID", type=int, help=t("server.opt.device"))
    _db_option(revoke, argparse.SUPPRESS)
    revoke.set_defaults(handler=run_revoke)

    users = actions.add_parser("users", parents=[common], help=t("server.users.help"))
    _db_option(users, argparse.SUPPRESS)
    users.set_defaults(handler=run_users)

    from trainer.cli import server_org  # groups, assignments, dashboard login links

    server_org.register(actions, common, _db_option)


def _shown(text: str) -> str:
    """A name as typed, with control characters escaped (never sent to the terminal raw)."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def _open(args: argparse.Namespace, pool: int = 2) -> Any:
    from trainer.server.storage import StorageError, open_storage

    try:
        return open_storage(getattr(args, "db", None), pool=pool)
    except StorageError as error:
        raise CliError(t("server.error.db", reason=error), code=1) from None


def run_add_user(args: argparse.Namespace) -> int:
    from trainer.server.protocol import ProtocolError

    storage = _open(args)
    try:
        try:
            created, code = storage.add_user(args.name, role="admin" if args.admin else "member")
        except ProtocolError as error:
            reason = t(error.key, **error.values) if error.key else error.problem
            raise CliError(t("server.error.name", name=_shown(args.name), reason=reason)) from None
    finally:
        storage.close()
    key = "server.add_user.created" if created else "server.add_user.again"
    print(t(key, name=args.name.strip(), code=code))
    return 0


def run_add_bank(args: argparse.Namespace) -> int:
    from trainer.core.bank import BankError, load_bank
    from trainer.server.protocol import BANK_ID_RE, MAX_REPORT_CHARS, bundle_bank

    path = Path(args.file)
    try:
        bank = load_bank(path)
        text = path.read_bytes().decode("utf-8-sig")
        # The reports travel with the bank: on a device it may only read files beside it.
        reports = {
            key: report.read_text(encoding="utf-8-sig")[:MAX_REPORT_CHARS]
            for key, report in (("source", bank.source_path), ("reading", bank.reading_path))
            if report is not None and report.is_file()
        }
        content = bundle_bank(text, bank.id, reports)
    except BankError as error:
        raise CliError(describe(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(t("server.error.read", path=path, reason=error)) from None
    if not BANK_ID_RE.match(bank.id):
        raise CliError(t("server.error.bank_id", path=path, id=bank.id))
    storage = _open(args)
    try:
        changed, digest = storage.put_bank(bank.id, content)
    finally:
        storage.close()
    key = "server.add_bank.done" if changed else "server.add_bank.same"
    print(t(key, id=bank.id, n=len(bank.questions), hash=digest[:12]))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from trainer.server.storage import StorageError

    storage = _open(args)
    try:
        count = storage.revoke_user_devices(args.name, args.device)
    except StorageError:
        raise CliError(t("server.error.no_user", name=_shown(args.name))) from None
    finally:
        storage.close()
    print(t("server.revoke.done", name=args.name, n=count))
    return 0


def run_users(args: argparse.Namespace) -> int:
    storage = _open(args)
    try:
        users = storage.users()
    finally:
        storage.close()
    if not users:
        print(t("server.users.none"))
    for user in users:
        print(t("server.users.line", **user))
    return 0


def run_server(args: argparse.Namespace) -> int:
    import asyncio
    import ssl

    from trainer.server.app import serve, ssl_context
    from trainer.server.storage import PostgresStorage

    if args.workers < 1 or args.workers > 64:
        raise CliError(t("server.error.workers"))
    if args.workers > 1 and args.port == 0:
        raise CliError(t("server.error.workers_port"))
    if bool(args.certfile) != bool(args.keyfile) and not args.certfile:
        raise CliError(t("server.error.tls_pair"))
    try:
        context = ssl_context(args.certfile, args.keyfile)
    except (OSError, ssl.SSLError) as error:
        raise CliError(t("server.error.tls", reason=error)) from None
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    threads = 8
    storage = _open(args, pool=threads)
    children = _start_workers(args) if args.workers > 1 else []

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    where = (
        t("server.db.postgresql") if isinstance(storage, PostgresStorage)
        else t("server.db.sqlite", path=storage.target)
    )  # fmt: skip

    def ready(url: str) -> None:
        if not args.reuse_port or args.workers > 1:
            print(t("server.ready", url=url, db=where, n=args.workers), flush=True)

    try:
        asyncio.run(
            serve(
                storage,
                args.bind,
                args.port,
                context=context,
                reuse_port=args.reuse_port or args.workers > 1,
                on_ready=ready,
                threads=threads,
            )
        )
    except KeyboardInterrupt:
        pass
    except OSError as error:
        raise CliError(
            t("server.error.bind", host=args.bind, port=args.port, reason=error.strerror or error),
            code=1,
        ) from None
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        storage.close()
    return 0


def _start_workers(args: argparse.Namespace) -> list[subprocess.Popen[bytes]]:
    """The other processes of ``--workers N``: the same server, sharing the port."""
    from trainer import paths

    command = [sys.executable, "-m", "trainer", "--data-dir", str(paths.data_dir()), "server"]
    if args.db:
        command += ["--db", args.db]
    command += ["--bind", args.bind, "--port", str(args.port), "--reuse-port"]
    if args.certfile:
        command += ["--certfile", args.certfile, "--keyfile", args.keyfile]
    env = dict(os.environ)
    return [
        subprocess.Popen(command, stdin=subprocess.DEVNULL, env=env)
        for _ in range(args.workers - 1)
    ]
