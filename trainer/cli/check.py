"""``trainer check``: grade answers from the command line.

One answer::

    trainer check --bank questions/x.yaml --id five-musts --answer "加强党的全面领导；…" [--json]

Many answers, as JSON lines on stdin (one result object per line on stdout)::

    {"id": "five-musts", "answer": "…"}
    {"id": "blank-1", "answer": ["全面领导", "围绕中心"]}

A bad line (not JSON, unknown id, no answer) gets an ``{"line", "id", "error"}`` object; the
batch goes on and the exit code is 1 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from trainer.cli import CliError
from trainer.core.text_safety import terminal_json
from trainer.i18n import t

MAX_LINE_CHARS = 1_000_000
"""A stdin line longer than this is refused rather than parsed."""


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "check",
        parents=[common],
        help=t("grading.cli.help"),
        description=t("grading.cli.description"),
    )
    # SUPPRESS keeps `trainer --bank F check` working: the sub-parser must not overwrite it.
    parser.add_argument("--bank", metavar="PATH", default=argparse.SUPPRESS, help=t("cli.opt.bank"))
    parser.add_argument("--id", dest="question_id", metavar="ID", help=t("grading.cli.id"))
    parser.add_argument("--answer", action="append", metavar="TEXT", help=t("grading.cli.answer"))
    parser.add_argument("--json", action="store_true", help=t("grading.cli.json"))
    parser.set_defaults(handler=run)


def _load(args: argparse.Namespace) -> Any:
    from trainer import paths
    from trainer.core.bank import load_bank

    raw = getattr(args, "bank", None)
    path = Path(raw) if raw else paths.default_bank_path()
    if path is None:
        raise CliError(t("grading.cli.no_bank"))
    if not path.exists():
        raise CliError(t("grading.cli.bank_missing", path=path))
    return load_bank(path)  # BankError is printed by the command line's last guard


def run(args: argparse.Namespace) -> int:
    bank = _load(args)
    if args.question_id is None:
        if args.answer:
            raise CliError(t("grading.cli.answer_without_id"))
        if hasattr(sys.stdin, "reconfigure"):
            sys.stdin.reconfigure(errors="replace")  # a bad byte spoils one line, not the batch
        return _run_batch(bank, sys.stdin, sys.stdout)
    if not args.answer:
        raise CliError(t("grading.cli.no_answer"))
    question = bank.get(args.question_id)
    if question is None:
        raise CliError(t("grading.cli.unknown_id", id=args.question_id, bank=bank.id))
    answer: str | list[str] = args.answer[0] if len(args.answer) == 1 else list(args.answer)

    from trainer.core.grading import GradingError, grade

    try:
        result = grade(question, answer)
    except GradingError as error:
        raise CliError(t("grading.error.ungradable_cli", id=question.id, reason=error)) from error
    if args.json:
        print(terminal_json(_result_object(question, result)))
    else:
        from trainer.cli.grading_feedback import feedback_text
        from trainer.core.text_safety import printable

        print(printable(feedback_text(result, question.type)))
    return 0


def _result_object(question: Any, result: Any) -> dict[str, Any]:
    # The grader and its wording are imported here, not at the top: every `trainer` start
    # builds this command's parser, and the app must not pay for the grader to show its home.
    from trainer.cli.grading_feedback import feedback_text

    return {
        "id": question.id,
        "verdict": result.verdict,
        "score": result.score,
        "feedback": feedback_text(result, question.type),
        "grade": result.to_dict(),
    }


def _run_batch(bank: Any, source: Any, out: Any) -> int:
    from trainer.core.grading import GradingError, grade

    failed = False
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        request, problem = _parse_line(line)
        question_id = request.get("id") if isinstance(request, dict) else None
        if problem is None:
            question = bank.get(question_id)
            if question is None:
                problem = t("grading.cli.unknown_id", id=question_id, bank=bank.id)
        if problem is not None:
            failed = True
            shown_id = question_id if isinstance(question_id, str) else None
            error = {"line": number, "id": shown_id, "error": problem}
            out.write(terminal_json(error) + "\n")
        else:
            try:
                result = grade(question, request["answer"])
            except GradingError as error:
                failed = True
                message = t("grading.error.ungradable_cli", id=question.id, reason=error)
                error_object = {"line": number, "id": question.id, "error": message}
                out.write(terminal_json(error_object) + "\n")
            else:
                result_object = _result_object(question, result)
                out.write(terminal_json(result_object) + "\n")
        out.flush()
    return 1 if failed else 0


def _parse_line(line: str) -> tuple[dict[str, Any], str | None]:
    """The request of one stdin line, or the reason it cannot be graded."""
    if len(line) > MAX_LINE_CHARS:
        return {}, t("grading.cli.line_too_long", limit=MAX_LINE_CHARS)
    try:
        request = json.loads(line)
    except (ValueError, RecursionError) as error:
        return {}, t("grading.cli.bad_json", error=str(error).splitlines()[0][:120])
    if not isinstance(request, dict):
        return {}, t("grading.cli.not_object")
    question_id = request.get("id")
    if not isinstance(question_id, str) or not question_id:
        return request, t("grading.cli.missing_id")
    answer = request.get("answer")
    valid_list = isinstance(answer, list) and all(isinstance(a, str) for a in answer)
    if not isinstance(answer, str) and not valid_list:
        return request, t("grading.cli.bad_answer")
    return request, None
