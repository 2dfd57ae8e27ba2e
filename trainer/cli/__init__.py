"""The ``trainer`` command line.

Each subcommand lives in its own module of this package and exposes ``register(subparsers,
common)``, which adds its parser and sets ``handler`` to a function ``(args) -> int``. Heavy
imports stay inside the handlers so that ``trainer --help`` and the app start fast.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from trainer import __version__
from trainer.core.text_safety import printable, printable_line
from trainer.i18n import describe, language_from_env, set_language, t

# The order here is the order in `trainer --help`.
COMMAND_MODULES = (
    "validate",
    "check",
    "study",
    "profile",
    "settings",
    "optimize",
    "stats",
    "export",
    "anki",
    "generate",
    "review",
    "group",
    "server",
    "sync",
)


class CliError(Exception):
    """A user-facing error: printed as one line to stderr, then exit with ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


STORE_ERROR_CODE = 1
"""The exit code of every command when the store cannot do what was asked (2 is for input
the user can correct: a profile name, a setting, a file)."""


def store_error_code(error: Exception) -> int:
    """The exit code for a store error: the same from every command."""
    from trainer.core.store import ProfileError, SettingError

    return 2 if isinstance(error, ProfileError | SettingError) else STORE_ERROR_CODE


def open_store(code: int | None = None) -> Any:
    """The store in the data directory, for a command.

    Args:
        code: ignored (kept for callers): a store that cannot be opened exits with
            :data:`STORE_ERROR_CODE` from every command.

    Raises:
        CliError: it cannot be opened (one line: where and why).
    """
    from trainer.core.store import Store, StoreError

    try:
        return Store.open()
    except StoreError as error:
        raise CliError(describe(error), code=store_error_code(error)) from None


def _common_parser(suppress: bool) -> argparse.ArgumentParser:
    # On subcommands the defaults are suppressed so that `trainer --data-dir X stats` and
    # `trainer stats --data-dir X` both work without one overwriting the other.
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default, help=t("cli.opt.data_dir"))
    common.add_argument("--profile", metavar="NAME", default=default, help=t("cli.opt.profile"))
    common.add_argument("--lang", choices=("zh", "en"), default=default, help=t("cli.opt.lang"))
    return common


# Common options that mean nothing to a command are left out of its --help (still accepted,
# so that `trainer --profile X validate` keeps working): by option, the commands concerned.
UNUSED_COMMON_OPTIONS: dict[str, tuple[str, ...]] = {
    "--profile": (
        "validate",
        "check",
        "export-anki",
        "clean",
        "generate",
        "group",
        "host",
        "serve",
        "profile",
    ),
    # These read bank and report files only: no store, no cache.
    "--data-dir": ("validate", "check", "clean", "generate"),
}


class _HelpFormatter(argparse.HelpFormatter):
    """Says each option's default in the UI language (``（默认：8765）``), unless the help
    text already does or the default is no value at all."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            not action.option_strings
            or default is None
            or default is argparse.SUPPRESS
            or isinstance(default, bool)
            or "%(default)" in text
            or "默认" in text
            or "default" in text.lower()
        ):
            return action.help
        shown = str(default).replace("%", "%%")
        return text + t("cli.help.default", value=shown)


class TrainerParser(argparse.ArgumentParser):
    """An ArgumentParser whose help shows defaults; its subcommands' parsers are of this
    class too (argparse creates them with ``type(parent)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def _hide_unused_options(
    parser: argparse.ArgumentParser, inherited: frozenset[str] = frozenset()
) -> None:
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for name, sub in action.choices.items():
            hidden = inherited | {
                option for option, commands in UNUSED_COMMON_OPTIONS.items() if name in commands
            }
            for option in hidden:
                _suppress_help(sub, option)
            _hide_unused_options(sub, hidden)  # `trainer profile create --help` and the like


def _suppress_help(parser: argparse.ArgumentParser, option: str) -> None:
    # The common options' Action objects are shared by every subcommand (argparse's parents=
    # copies references), so this parser gets its own silent copy instead of a changed one.
    shared = parser._option_string_actions.get(option)
    if shared is None:
        return
    silent = copy.copy(shared)
    silent.help = argparse.SUPPRESS
    parser._actions[:] = [silent if a is shared else a for a in parser._actions]
    for group in parser._action_groups:
        group._group_actions[:] = [silent if a is shared else a for a in group._group_actions]
    for string in shared.option_strings:
        parser._option_string_actions[string] = silent


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered (``commands=False``: only
    the options of ``trainer`` itself, for a command line that names no subcommand)."""
    parser = TrainerParser(
        prog="trainer",
        description=t("cli.description"),
        parents=[_common_parser(False)],
        exit_on_error=commands,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"trainer {__version__}",
        help=t("cli.argparse.version"),
    )
    parser.add_argument("--bank", metavar="PATH", help=t("cli.opt.bank"))
    if not commands:
        parser.set_defaults(command=None)
        return parser
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_parser(True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"trainer.cli.{name}").register(subparsers, common)
    _hide_unused_options(parser)
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


def _option_value(argv: Sequence[str], option: str) -> str | None:
    """The value of ``option`` in ``argv`` (``--x V`` or ``--x=V``), the last one winning."""
    value = None
    for index, arg in enumerate(argv):
        if arg == option and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith(option + "="):
            value = arg.split("=", 1)[1]
    return value


def _prescan_language(argv: Sequence[str]) -> None:
    # Help texts are built before parsing, so the language must be known first: --lang, then
    # TRAINER_LANG, then the language the learner chose in the app (the profile's setting).
    language = _option_value(argv, "--lang")
    if language:
        set_language(language)
        return
    if language_from_env():
        return
    saved = _saved_language(_option_value(argv, "--data-dir"), _option_value(argv, "--profile"))
    if saved:
        set_language(saved)


def _saved_language(data_dir: str | None, profile: str | None) -> str | None:
    from pathlib import Path

    from trainer import paths
    from trainer.core.store_peek import peek_setting

    try:
        folder = Path(data_dir).expanduser() if data_dir else paths.data_dir()
        value = peek_setting(folder / paths.DB_FILENAME, "language", profile)
    except (OSError, ValueError):
        return None
    return str(value) if value in ("zh", "en") else None


_VALUE_OPTIONS = frozenset({"--data-dir", "--profile", "--lang", "--bank"})


def _may_name_a_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` may name a subcommand or ask for help: a word that is not an option's
    value, ``-h``/``--help``, ``--version``, or anything this scan does not know for sure."""
    expects_value = False
    for arg in argv:
        if expects_value:
            expects_value = False
        elif arg in _VALUE_OPTIONS:
            expects_value = True
        elif not arg.startswith("--") or arg.split("=", 1)[0] not in _VALUE_OPTIONS:
            return True
    return False


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv``. Plain ``trainer`` (with common options at most) opens the app: it is
    parsed without importing the fourteen subcommands' modules, which every start paid for;
    anything else, or anything that parser does not accept, goes through the full one (so
    its usage, help and error messages are the ones the user always saw)."""
    if not _may_name_a_command(argv):
        try:
            args, extras = build_parser(commands=False).parse_known_args(argv)
        except argparse.ArgumentError:
            extras = ["?"]
        if not extras:
            return args
    return build_parser().parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns:
        The process exit code.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    _prescan_language(args_list)
    _translate_argparse()
    args = parse_command_line(args_list)
    if args.lang:
        set_language(args.lang)
    import os

    from trainer import paths

    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    bank = getattr(args, "bank", None)
    if isinstance(bank, str) and not os.path.exists(bank):
        # --bank BANK_ID: a bank pulled from the sync server (<data dir>/banks/BANK_ID.yaml)
        args.bank = str(paths.pulled_bank_path(bank) or bank)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from trainer.cli.app import run_app

            return run_app(args)
        return int(handler(args) or 0)
    except CliError as error:
        print(printable(f"trainer: {error}"), file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last guard: one line, never a traceback
        from trainer.core.bank import BankError

        if isinstance(error, BankError):
            from trainer.i18n.bank import bank_error_text

            print(bank_error_text(error), file=sys.stderr)
            return 2
        from trainer.core.store import StoreError

        if isinstance(error, StoreError):
            print(printable_line(f"trainer: {error}"), file=sys.stderr)
            return store_error_code(error)
        import os

        if os.environ.get("TRAINER_DEBUG"):
            raise
        if isinstance(error, OSError):  # one line in the UI language, with the file
            from trainer.i18n.cli import os_reason

            where = f"{error.filename}：" if error.filename else ""
            print(printable_line(f"trainer: {where}{os_reason(error)}"), file=sys.stderr)
            return 1
        print(printable_line(f"trainer: {type(error).__name__}: {error}"), file=sys.stderr)
        return 1
