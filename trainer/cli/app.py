"""``trainer`` without a subcommand, and ``trainer study`` without ``--plain``: the study app."""

from __future__ import annotations

import argparse
import re
from typing import Any

_TITLE_NOISE = re.compile(r"[\s【】\[\]]+")


def section_label(section: Any) -> str:
    """``headline（标题与导语）``: the id a command takes and the title a learner knows."""
    return f"{section.id}（{section.title}）" if section.title else section.id


def resolve_section(bank: Any, given: str) -> str:
    """The id of the section ``given`` names: its id, its title (spaces and 【】 ignored), or a
    piece of one title only (``聚焦政治引领``).

    Raises:
        CliError: no section or several sections match (the error lists them).
    """
    from trainer.cli import CliError
    from trainer.i18n import t

    if bank.section(given) is not None:
        return given
    wanted = _TITLE_NOISE.sub("", given)
    sections = list(bank.sections)
    if wanted:
        exact = [s for s in sections if _TITLE_NOISE.sub("", s.title or "") == wanted]
        if len(exact) == 1:
            return str(exact[0].id)
        partial = [s for s in sections if wanted in _TITLE_NOISE.sub("", s.title or "")]
        if len(partial) == 1:
            return str(partial[0].id)
        if len(partial) > 1:
            matches = t("cli.list.separator").join(section_label(s) for s in partial)
            raise CliError(t("cli.section.ambiguous", section=given, matches=matches))
    known = t("cli.list.separator").join(section_label(s) for s in sections) or "—"
    raise CliError(t("study.error.section", section=given, known=known))


def session_request(args: argparse.Namespace) -> tuple[str | None, dict[str, Any]]:
    """The session that ``trainer study`` asks the app to open at once.

    Args:
        args: the parsed command line; plain ``trainer`` has none of the study options.

    Returns:
        ``(mode, options)``: mode None means "show the home screen".
    """
    if getattr(args, "command", None) != "study":
        return None, {}
    options: dict[str, Any] = {}
    for option, key in (("section", "section"), ("tag", "tag"), ("seed", "seed")):
        if getattr(args, option, None) is not None:
            options[key] = getattr(args, option)
    if getattr(args, "question_ids", None):
        options["question_ids"] = list(args.question_ids)
    if getattr(args, "exam", None):
        options["exam_size"] = args.exam
        if getattr(args, "exam_time", None):
            options["exam_seconds"] = args.exam_time
        return "exam", options
    if getattr(args, "new", None) is not None:
        options["new_limit"] = args.new
    return ("review" if getattr(args, "review_only", False) else "study"), options


def run_app(args: argparse.Namespace, bank: Any = None) -> int:
    """Run the study app on ``--bank`` (default: the built-in bank) and ``--profile``.

    Args:
        args: the parsed command line.
        bank: the bank, when the command line already loaded it to check its options.

    Returns:
        The process exit code.
    """
    from trainer.ui.collector import pause_for_start_up, resume_after_start_up

    # Until the first screen is drawn (the app resumes it): see trainer.ui.collector.
    pause_for_start_up()
    try:
        from trainer.ui.app import create_app

        mode, options = session_request(args)
        app = create_app(
            bank_path=getattr(args, "bank", None),
            bank=bank,
            profile=getattr(args, "profile", None),
            language=getattr(args, "lang", None),
            autostart=mode,
            session_options=options,
        )
        return _run_reporting_crashes(app)
    finally:
        resume_after_start_up()


def _run_reporting_crashes(app: Any) -> int:
    """Run the app; an unexpected error exits non-zero with one line on stderr, not exit 0 and
    a screen of traceback (the details go to ``crash.log`` in the data folder)."""
    import io
    import sys

    from rich.console import Console

    from trainer.i18n import t

    details = io.StringIO()
    app.error_console = Console(file=details, width=120, markup=False, highlight=False)
    result = app.run()
    if not app.return_code:
        return int(result or 0)
    log = _save_crash_details(details.getvalue())
    print(t("cli.app.crashed", log=log or "-"), file=sys.stderr)
    return app.return_code if app.return_code > 0 else 1


def _save_crash_details(text: str) -> str | None:
    from trainer import paths

    try:
        log = paths.ensure_data_dir() / "crash.log"
        log.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return str(log)
