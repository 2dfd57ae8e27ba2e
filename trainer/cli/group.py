"""``trainer group``, ``trainer host``, ``trainer join`` and ``trainer serve``: group sessions."""

from __future__ import annotations

import argparse
import random
import shlex
import sys
from typing import Any

from trainer.i18n import t
from trainer.i18n.cli import os_reason

DEFAULT_HOST_PORT = 8765
DEFAULT_SERVE_PORT = 8000
# each browser of `trainer serve` runs a whole `trainer join` process (~40 MB): a few only
DEFAULT_SERVE_SESSIONS = 8


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "group",
        parents=[common],
        help=t("group.cli.group.help"),
        description=t("group.cli.group.help"),
    )
    group.add_argument("--players", required=True, metavar="NAMES", help=t("group.cli.opt.players"))
    group.add_argument("--record-server", action="store_true", help=t("org.group.opt.record"))
    _question_options(group)
    group.set_defaults(handler=run_group)

    host = subparsers.add_parser(
        "host",
        parents=[common],
        help=t("group.cli.host.help"),
        description=t("group.cli.host.help"),
    )
    _question_options(host)
    host.add_argument("--bind", default="127.0.0.1", metavar="ADDR", help=t("group.cli.opt.bind"))
    host.add_argument("--port", type=int, default=DEFAULT_HOST_PORT, help=t("group.cli.opt.port"))
    host.add_argument(
        "--max-players", type=int, default=200, metavar="N", help=t("group.cli.opt.max_players")
    )
    host.add_argument("--pin", default=None, help=t("group.cli.opt.pin"))
    host.add_argument("--record-server", action="store_true", help=t("org.host.opt.record"))
    host.set_defaults(handler=run_host)

    join = subparsers.add_parser(
        "join",
        parents=[common],
        help=t("group.cli.join.help"),
        description=t("group.cli.join.help"),
    )
    join.add_argument("address", nargs="?", metavar="HOST[:PORT]", help=t("group.cli.opt.address"))
    join.add_argument("--name", default=None, help=t("group.cli.opt.name"))
    join.add_argument("--pin", default=None, help=t("group.cli.opt.join_pin"))
    join.set_defaults(handler=run_join)

    serve = subparsers.add_parser(
        "serve",
        parents=[common],
        help=t("group.cli.serve.help"),
        description=t("group.cli.serve.help"),
    )
    serve.add_argument("--bind", default="127.0.0.1", metavar="ADDR", help=t("group.cli.opt.bind"))
    serve.add_argument("--port", type=int, default=DEFAULT_SERVE_PORT, help=t("group.cli.opt.port"))
    serve.add_argument(
        "--game",
        default=f"127.0.0.1:{DEFAULT_HOST_PORT}",
        metavar="HOST[:PORT]",
        help=t("group.cli.opt.game"),
    )
    serve.add_argument("--pin", default=None, help=t("group.cli.opt.join_pin"))
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_SERVE_SESSIONS,
        metavar="N",
        help=t("group.cli.opt.max_sessions"),
    )
    serve.set_defaults(handler=run_serve)


def _question_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bank", metavar="PATH", default=argparse.SUPPRESS, help=t("cli.opt.bank"))
    parser.add_argument(
        "--section", default=None, metavar="ID|TITLE", help=t("group.cli.opt.section")
    )
    parser.add_argument(
        "-n", "--count", type=int, default=10, metavar="N", help=t("group.cli.opt.count")
    )
    parser.add_argument(
        "--time", type=int, default=30, metavar="SECONDS", help=t("group.cli.opt.time")
    )
    parser.add_argument("--seed", type=int, default=None, help=t("group.cli.opt.seed"))


def pick_questions(args: argparse.Namespace) -> tuple[Any, list[Any]]:
    """The bank and the questions of the session (section filter, N at random, bank order).

    Raises:
        CliError: no bank, unknown section, no questions, bad numbers.
    """
    from trainer import paths
    from trainer.cli import CliError
    from trainer.core.bank import load_bank

    if args.count < 1:
        raise CliError(t("group.error.no_questions"))
    if not 1 <= args.time <= 3600:
        raise CliError(f"--time: 1–3600 ({args.time})")
    path = getattr(args, "bank", None) or paths.default_bank_path()
    if path is None:
        raise CliError(t("group.error.no_bank"))
    bank = load_bank(path)  # BankError is printed by the CLI's guard
    questions = list(bank.questions)
    if args.section:
        from trainer.cli.app import resolve_section

        # an id, a title or a unique part of one, as `trainer study --section` takes
        section = resolve_section(bank, args.section)
        questions = [q for q in questions if q.section == section]
    if not questions:
        raise CliError(t("group.error.no_questions"))
    rng = random.Random(args.seed)
    chosen = rng.sample(range(len(questions)), min(args.count, len(questions)))
    return bank, [questions[i] for i in sorted(chosen)]


def run_group(args: argparse.Namespace) -> int:
    from trainer.cli import CliError
    from trainer.group.names import InvalidName, clean_name, name_key

    raw = [n for n in args.players.replace("，", ",").split(",") if n.strip()]
    try:
        names = [clean_name(n) for n in raw]
    except InvalidName as error:
        raise CliError(t(f"group.error.{error.code}")) from None
    # 張三 and 张三 (or Alice and Ａｌｉｃｅ) are the same person on the projector
    if not 1 <= len(names) <= 9 or len({name_key(n) for n in names}) != len(names):
        raise CliError(t("group.error.players"))
    bank, questions = pick_questions(args)
    from trainer.ui.group_app import GroupApp
    from trainer.ui.screens.group_projector import ProjectorScreen

    screen = ProjectorScreen(bank, questions, names, time_limit=args.time)
    app = GroupApp(lambda: screen, log_path=_log_to_file("group"))
    result = app.run()
    if app.crash:
        print(app.crash, file=sys.stderr)
        return 1
    if screen.recorded:
        print(screen.status)
    if args.record_server and screen.recorded:
        from trainer.cli.server_org import record_on_server

        return record_on_server(names) or int(result or 0)
    return int(result or 0)


def run_host(args: argparse.Namespace) -> int:
    from trainer.cli import CliError
    from trainer.group.game import Game

    if args.pin is not None and (len(args.pin) != 6 or not args.pin.isdigit()):
        raise CliError(t("group.error.pin"))
    if not 0 <= args.port < 65536:
        raise CliError(f"--port: {args.port}")
    bank, questions = pick_questions(args)
    _check_bind(args.bind, args.port)
    recorder = _server_recorder() if args.record_server else None
    game = Game(
        bank, questions, time_limit=args.time, pin=args.pin, max_players=max(1, args.max_players)
    )
    from trainer.ui.group_app import GroupApp
    from trainer.ui.screens.group_host import HostScreen

    log_path = _log_to_file("host")
    screen = HostScreen(game, bind=args.bind, port=args.port, recorder=recorder)
    app = GroupApp(lambda: screen, log_path=log_path)
    result = app.run()
    if recorder is not None:
        _finish_recording(recorder)
    files = screen.report_files
    if app.crash:
        print(app.crash, file=sys.stderr)
        if files is not None:
            print(t("group.report.written", path=files.markdown), file=sys.stderr)  # type: ignore[attr-defined]
        return 1
    if files is not None:
        print(t("group.report.written", path=files.markdown))  # type: ignore[attr-defined]
    return int(result or 0)


def _server_recorder() -> Any:
    """``--record-server``: the recorder of the leader's machine (answers kept from an earlier
    session go first).

    Raises:
        CliError: this machine is not signed in to a sync server.
    """
    from trainer.cli import CliError
    from trainer.server.client import SyncError, load_config
    from trainer.server.host_record import ServerRecorder

    try:
        config = load_config()
    except SyncError as error:
        raise CliError(t(error.key, **error.values)) from None
    if config is None:
        raise CliError(t("org.host.not_setup"))
    recorder = ServerRecorder(config)
    if recorder.unsent:
        recorder.sync()
    return recorder


def _finish_recording(recorder: Any) -> None:
    """Send what is left, then one line: what reached the server, or what waits and why."""
    recorder.sync()
    players = len(recorder.sent_users)
    if recorder.unsent and recorder.error is not None:
        reason = t(recorder.error.key, **recorder.error.values)
        print(
            t("org.host.record_left", n=recorder.unsent, reason=reason, path=recorder.outbox_path),
            file=sys.stderr,
        )
    elif recorder.sent:
        print(t("org.host.record_done", n=recorder.sent, players=players))


LOG_BYTES = 2 * 1024 * 1024
LOG_BACKUPS = 2


def _log_to_file(kind: str) -> Any:
    """Send the group log (joins, refusals, floods, errors) to ``<data dir>/group-<kind>.log``.

    The terminal belongs to the screen, so nothing is written there. The file is rotated
    (2 MB, two old files kept), so a flood cannot fill the disk.

    Returns:
        The log's path (shown if the session ends with an unexpected error).
    """
    import logging
    import logging.handlers

    from trainer import paths

    logger = logging.getLogger("trainer.group")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    path = None
    try:
        path = paths.ensure_data_dir() / f"group-{kind}.log"
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return path


def run_join(args: argparse.Namespace) -> int:
    from trainer.cli import CliError
    from trainer.group.client import server_url

    if args.address:
        try:
            server_url(args.address)
        except ValueError:
            raise CliError(t("group.error.bad_address", address=args.address)) from None
    from trainer.ui.group_app import GroupApp
    from trainer.ui.screens.group_join import JoinScreen

    app = GroupApp(
        lambda: JoinScreen(
            args.address, args.name, args.pin, profile=args.profile or None,
            ticket_source=_server_ticket_source(),
        ),
        log_path=_log_to_file("join"),
    )  # fmt: skip
    result = app.run()
    if app.crash:
        print(app.crash, file=sys.stderr)
        return 1
    return int(result or 0)


def _server_ticket_source() -> Any:
    """On a device signed in to a sync server: what fetches a ticket naming its user, for a
    host run by the user's group leader to record the answers under (None otherwise)."""
    from trainer.server.client import SyncError, load_config

    try:
        config = load_config()
    except SyncError:
        return None
    if config is None:
        return None
    from trainer.server.host_record import fetch_ticket

    return lambda: fetch_ticket(config)


def serve_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser: ``trainer join`` with defaults."""
    from trainer import paths

    parts = [sys.executable, "-m", "trainer", "join", args.game]
    if args.pin:
        parts += ["--pin", args.pin]
    if getattr(args, "lang", None):
        parts += ["--lang", args.lang]
    parts += ["--data-dir", str(paths.data_dir())]
    return shlex.join(parts)


def _check_bind(bind: str, port: int) -> None:
    """Fail early, with one line, when the address cannot be listened on.

    Raises:
        CliError: the port is in use or the address is not this machine's.
    """
    import socket

    from trainer.cli import CliError

    if port == 0:
        return
    try:
        probe = socket.create_server((bind, port))
        probe.close()
    except (OSError, OverflowError) as error:
        reason = os_reason(error)
        raise CliError(t("group.error.bind", address=f"{bind}:{port}", reason=reason)) from None


def run_serve(args: argparse.Namespace) -> int:
    from trainer.cli import CliError
    from trainer.group.client import server_url
    from trainer.group.server import local_addresses

    try:
        server_url(args.game)
    except ValueError:
        raise CliError(t("group.error.bad_address", address=args.game)) from None
    if not 0 < args.port < 65536:
        raise CliError(f"--port: {args.port}")
    if not 1 <= args.max_sessions <= 100:
        raise CliError(f"--max-sessions: 1–100 ({args.max_sessions})")
    _check_bind(args.bind, args.port)

    addresses = local_addresses(args.bind)
    host = addresses[0]
    urls = [f"http://{address}:{args.port}" for address in addresses]
    print(t("group.cli.serve.banner", urls="  ".join(urls)), flush=True)
    print(t("group.cli.serve.prefer_page", n=args.max_sessions), flush=True)
    if args.bind.startswith("127.") or args.bind in ("localhost", "::1"):
        print(t("group.cli.serve.loopback"), flush=True)
    server = capped_serve_server(args.max_sessions)(
        serve_command(args),
        host=args.bind,
        port=args.port,
        title=t("group.ui.title"),
        public_url=f"http://{host}:{args.port}",
    )
    server.serve()
    return 0


def capped_serve_server(max_sessions: int) -> Any:
    """textual-serve's server class, refusing browsers past ``max_sessions`` at once.

    Each browser session of textual-serve starts its own ``trainer join`` process; without a
    cap, twenty browsers were twenty processes and 864 MB.
    """
    from aiohttp import web
    from textual_serve.server import Server

    class CappedServer(Server):
        sessions = 0

        async def handle_websocket(  # type: ignore[override]
            self, request: web.Request
        ) -> web.StreamResponse:
            if CappedServer.sessions >= max_sessions:
                return web.Response(status=503, text="busy: too many browser sessions")
            CappedServer.sessions += 1
            try:
                return await super().handle_websocket(request)
            finally:
                CappedServer.sessions -= 1

    return CappedServer
