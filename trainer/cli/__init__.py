"""The ``trainer`` command line.

Each subcommand lives in its own module of this package and exposes ``register(subparsers,
common)``, which adds its parser and sets ``handler`` to a function ``(args) -> int``. Heavy
imports stay inside the handlers so that ``trainer --help`` and the app start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from trainer import __version__
from trainer.i18n import language_from_env, set_language, t

# The order here is the order in `trainer --help`.
COMMAND_MODULES = (
    "validate",
    "check",
    "study",
    "profile",
    "settings",
    "stats",
    "export",
    "anki",
    "generate",
    "review",
    "group",
)


class CliError(Exception):
    """A user-facing error: printed as one line to stderr, then exit with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def open_store(code: int = 1) -> Any:
    """The store in the data directory, for a command.

    Args:
        code: the exit code when it cannot be opened.

    Raises:
        CliError: it cannot be opened (one line: where and why).
    """
    from trainer.core.store import Store, StoreError

    try:
        return Store.open()
    except StoreError as error:
        raise CliError(str(error), code=code) from None


def _common_parser(suppress: bool) -> argparse.ArgumentParser:
    # On subcommands the defaults are suppressed so that `trainer --data-dir X stats` and
    # `trainer stats --data-dir X` both work without one overwriting the other.
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default, help=t("cli.opt.data_dir"))
    common.add_argument("--profile", metavar="NAME", default=default, help=t("cli.opt.profile"))
    common.add_argument("--lang", choices=("zh", "en"), default=default, help=t("cli.opt.lang"))
    return common


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="trainer", description=t("cli.description"), parents=[_common_parser(False)]
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"trainer {__version__}",
        help=t("cli.argparse.version"),
    )
    parser.add_argument("--bank", metavar="PATH", help=t("cli.opt.bank"))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_parser(True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"trainer.cli.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"trainer.cli.{name}":
                continue  # a command not built yet
            raise
        module.register(subparsers, common)
    return parser


def _translate_argparse() -> None:
    # argparse looks up its own words ("usage:", "options", "show this help message and exit",
    # its error messages) through gettext each time it uses them; route them to our catalog so
    # that `trainer --help` is Chinese by default and English with --lang en.
    from trainer.i18n.cli import ARGPARSE_KEYS

    def translate(message: str) -> str:
        key = ARGPARSE_KEYS.get(message)
        return t(key) if key else message

    argparse._ = translate  # type: ignore[attr-defined]


def _prescan_language(argv: Sequence[str]) -> None:
    # Help texts are built before parsing, so the language must be known first.
    language_from_env()
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            set_language(argv[index + 1])
        elif arg.startswith("--lang="):
            set_language(arg.split("=", 1)[1])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns:
        The process exit code.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    _prescan_language(args_list)
    _translate_argparse()
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.lang:
        set_language(args.lang)
    from trainer import paths

    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from trainer.cli.app import run_app

            return run_app(args)
        return int(handler(args) or 0)
    except CliError as error:
        print(f"trainer: {error}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last guard: one line, never a traceback
        from trainer.core.bank import BankError

        if isinstance(error, BankError):
            print(str(error), file=sys.stderr)
            return 2
        import os

        if os.environ.get("TRAINER_DEBUG"):
            raise
        print(f"trainer: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
