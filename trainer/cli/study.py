"""``trainer study``: the study session, in the app or as plain text on stdin/stdout.

Plain mode (``--plain``) reads one line per answer and, after the feedback, one line for the
rating (Enter keeps the suggestion, 1–4 overrides it, ``u`` takes the answer back and asks the
question again; ``--no-rating-prompt`` skips that line). Choice options and order items are
shuffled per learner and review, as in the app. In an exam (``--exam N``) nothing is shown
between questions (no hint, no verdict), an empty line skips a question (it counts as wrong),
and the summary ends with every question's answer, right answer and verdict.
Answers: list items separated by ``；`` (or ``;`` or a literal ``\\n``), cloze blanks by ``|``,
order questions as the numbers shown (``3 1 2``) or the item texts, ``?`` for a hint. Each
review is committed before its feedback is printed; end of input (Ctrl+D) ends the session and
prints the summary. Textual is never imported in plain mode.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from trainer.cli import CliError, open_store
from trainer.core.text_safety import printable
from trainer.i18n import describe, t


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "study", parents=[common], help=t("study.help"), description=t("study.help")
    )
    parser.add_argument("--plain", action="store_true", help=t("study.opt.plain"))
    parser.add_argument("--bank", metavar="PATH", default=argparse.SUPPRESS, help=t("cli.opt.bank"))
    parser.add_argument("--section", metavar="ID|TITLE", help=t("study.opt.section"))
    parser.add_argument("--tag", metavar="TAG", help=t("study.opt.tag"))
    parser.add_argument("--new", metavar="N", type=int, help=t("study.opt.new"))
    parser.add_argument("--exam", metavar="N", type=int, help=t("study.opt.exam"))
    parser.add_argument("--exam-time", metavar="SECONDS", type=int, help=t("study.opt.exam_time"))
    parser.add_argument("--review-only", action="store_true", help=t("study.opt.review_only"))
    parser.add_argument("--seed", type=int, help=t("study.opt.seed"))
    parser.add_argument(
        "--question",
        metavar="ID",
        action="append",
        dest="question_ids",
        help=t("study.opt.question"),
    )
    parser.add_argument("--no-rating-prompt", action="store_true", help=t("study.opt.no_rating"))
    parser.add_argument("--wrong-book", action="store_true", help=t("study.opt.wrong_book"))
    parser.add_argument(
        "--export-wrong-book", metavar="FILE.csv", help=t("study.opt.export_wrong_book")
    )
    parser.set_defaults(handler=run)


# --------------------------------------------------------------------------- helpers


def _out(text: str = "", *, end: str = "\n") -> None:
    # Bank and store text never reaches the terminal as a control sequence (issue #20).
    sys.stdout.write(printable(text) + end)
    sys.stdout.flush()


def _read_line() -> str | None:
    """One line from stdin without its newline; None at end of input."""
    line = sys.stdin.readline()
    if not line:
        return None
    text = line.rstrip("\r\n")
    if not sys.stdin.isatty():
        _out(text)  # echo, so that a transcript of a piped session reads like a terminal
    return text


def _check_options(args: argparse.Namespace) -> None:
    for option, value in (("--new", args.new), ("--exam", args.exam)):
        if value is not None and value < (0 if option == "--new" else 1):
            raise CliError(t("study.error.positive", option=option))
    if args.exam_time is not None:
        if args.exam is None:
            raise CliError(t("study.error.exam_time"))
        if args.exam_time < 1:
            raise CliError(t("study.error.positive", option="--exam-time"))
    if args.review_only and args.exam is not None:
        raise CliError(t("study.error.review_exam"))


def load_study_bank(args: argparse.Namespace) -> Any:
    """The bank of ``--bank`` or the built-in one.

    Raises:
        CliError: no bank at all.
        BankError: the bank has errors (the CLI prints them and exits 2).
    """
    from trainer import paths
    from trainer.core.bank.cache import load_bank_cached

    raw = getattr(args, "bank", None)
    path = Path(raw) if raw else paths.default_bank_path()
    if path is None:
        raise CliError(t("study.error.no_bank"))
    return load_bank_cached(path)


def _check_against_bank(args: argparse.Namespace, bank: Any) -> None:
    if args.section is not None:  # an id or a title (learners see titles)
        from trainer.cli.app import resolve_section

        args.section = resolve_section(bank, args.section)
    if args.tag is not None and not any(args.tag in q.tags for q in bank.questions):
        raise CliError(t("study.error.tag", tag=args.tag))
    for qid in args.question_ids or ():
        if bank.get(qid) is None:
            raise CliError(t("study.error.question", id=qid))


def _needs_bank(args: argparse.Namespace) -> bool:
    """Options that only the bank can check (a section, tag or question id)."""
    return args.section is not None or args.tag is not None or bool(args.question_ids)


def session_options(args: argparse.Namespace, bank: Any) -> Any:
    """SessionOptions from the command line, checked against the bank.

    Raises:
        CliError: an unknown section, tag or question id, or bad numbers.
    """
    from trainer.core.session import SessionOptions

    _check_options(args)
    _check_against_bank(args, bank)
    if args.exam is not None:
        mode = "exam"
    elif args.review_only:
        mode = "review"
    else:
        mode = "study"
    return SessionOptions(
        mode=mode,
        section=args.section,
        tag=args.tag,
        question_ids=args.question_ids,
        new_limit=args.new,
        exam_size=args.exam or 20,
        exam_seconds=args.exam_time,
        seed=args.seed,
    )


def format_when(moment: datetime | None, now: datetime, zone: tzinfo) -> str:
    """A due time for people: "now", "in 10 min", "in 3 h" or "2026-03-04 (in 3 days)"."""
    if moment is None:
        return t("study.when.none")
    seconds = (moment - now).total_seconds()
    if seconds <= 30:
        return t("study.when.now")
    if seconds < 3600:
        return t("study.when.minutes", n=max(1, round(seconds / 60)))
    if seconds < 86400:
        return t("study.when.hours", n=round(seconds / 3600))
    local = moment.astimezone(zone)
    return t("study.when.days", date=local.strftime("%Y-%m-%d"), n=round(seconds / 86400))


def format_duration(seconds: float) -> str:
    """``3 min 20 s`` / ``3 分 20 秒``."""
    whole = int(round(seconds))
    if whole >= 60:
        return t("study.duration.minutes", m=whole // 60, s=whole % 60)
    return t("study.duration.seconds", s=whole)


def parse_answer(question: Any, line: str, shown_order: Sequence[str] = ()) -> str | list[str]:
    """The learner's line as the grader wants it (each question type parses its own line).

    Args:
        question: the question answered.
        line: the raw input line.
        shown_order: for order questions, the items as numbered on screen.

    Returns:
        A string, or one entry per blank / item.
    """
    from trainer.core.qtypes import type_of

    return type_of(question).parse_typed(question, line, shown_order)


def hint_text(question: Any) -> str:
    """The question's hint, or what its type tells of the expected answer (first characters
    and lengths)."""
    from trainer.core.qtypes import type_of

    return worded(type_of(question).hint(question))


# --------------------------------------------------------------------------- showing


def show_question(session: Any, number: int, shown_order: Sequence[str]) -> None:
    """Print the current question with its type-specific guidance."""
    question = session.current
    bank = session.bank
    # the section title only when it gives none of the answer away
    section = bank.section_title(session.section_shown())
    kind = t(f"study.type.{question.type}")
    progress = session.progress.to_dict()
    counts = (
        t("study.question.progress_exam", **progress)
        if session.options.mode == "exam"
        else t("study.question.counts", **progress)
    )
    _out()
    _out(
        t(
            "study.question.head",
            n=number,
            section=f"{section} · " if section else "",
            kind=kind,
            id=question.id,
        )
        + " "
        + counts
    )
    left = session.time_left()
    if left is not None:
        _out(t("study.question.time_left", time=format_duration(left)))
    _out(question.prompt)
    from trainer.core.qtypes import type_of

    for line in type_of(question).guide(question, shown_order):
        _out(worded(line))


def worded(words: Any) -> str:
    """A question type's :class:`~trainer.core.qtypes.Words` in the language in force."""
    from trainer.core.qtypes import Words

    if words.text or not words.key:
        return str(words.text)
    values = {
        name: worded(value) if isinstance(value, Words) else value
        for name, value in words.values.items()
    }
    return t(words.key, **values)


def show_outcome(session: Any, outcome: Any, zone: tzinfo) -> None:
    """Print the verdict, the diff, the explanation, the source and the suggested rating."""
    question = outcome.question
    _out(t("study.saved", id=outcome.review_id))
    from trainer.cli.grading_feedback import feedback_text

    _out(feedback_text(outcome.grade, question.type))
    if question.explanation:
        _out(t("study.explanation", text=question.explanation))
    if question.source:
        _out(t("study.source", text=question.source))
    row = session.store.card_row(session.profile, session.bank.id, question.id)
    if row is not None and row.is_leech:
        _out(t("study.leech", lapses=row.lapses))
    when = format_when(outcome.next_due, session.clock(), zone)
    _out(t("study.rating.suggested", rating=t(f"study.rating.{int(outcome.rating)}"), when=when))


def show_exam_details(summary: Any) -> None:
    """答题详情: every exam question, the learner's answer, the right answer and the verdict."""
    details = summary.exam_details or []
    if not details:
        return
    _out(t("study.summary.exam_details"))
    for number, entry in enumerate(details, start=1):
        _out(
            t(
                "study.summary.exam_detail",
                n=number,
                verdict=t(f"study.verdict.{entry['verdict']}"),
                prompt=entry["prompt"],
                answer=entry["answer"] or "—",
                expected=entry["expected"],
            )
        )
        if entry.get("source"):
            _out("     " + t("study.source", text=entry["source"]))


def show_summary(summary: Any, zone: tzinfo, now: datetime, bank: Any) -> None:
    """Print the session summary."""
    _out()
    _out(t("study.summary.title"))
    questions = getattr(summary, "questions", None)
    repeated = bool(questions) and questions != summary.answered
    _out(
        t(
            "cli.summary.answers" if repeated else "study.summary.answered",
            questions=questions,
            answered=summary.answered,
            correct=summary.correct,
            accuracy=f"{summary.accuracy:.0%}",
            time=format_duration(summary.duration_s),
        )
    )
    if summary.exam_score is not None:
        answered = sum(s["answered"] for s in (summary.exam_sections or {}).values())
        _out(
            t(
                "study.summary.exam",
                score=round(summary.exam_score * 100),
                answered=answered,
                size=summary.exam_size,
            )
        )
        for section_id, entry in (summary.exam_sections or {}).items():
            title = bank.section_title(section_id) or section_id or t("study.summary.no_section")
            _out(
                t(
                    "study.summary.exam_section",
                    section=title,
                    correct=entry["correct"],
                    total=entry["total"],
                    score=round(entry["score"] * 100),
                )
            )
        show_exam_details(summary)
    if summary.to_review:
        # The questions themselves, wrapped by the 避头尾 rules: learners never see ids.
        from trainer.ui.linebreak import wrap_plain

        width = max(20, min(100, shutil.get_terminal_size((80, 24)).columns))
        _out(t("cli.summary.to_review", n=len(summary.to_review)))
        for qid in summary.to_review:
            question = bank.get(qid)
            _out(wrap_plain(question.prompt if question else qid, width, indent="• ", hang="  "))
    _out(t("study.summary.next_due", when=format_when(summary.next_due, now, zone)))


# --------------------------------------------------------------------------- running


def _wrong_book_ids(args: argparse.Namespace, bank: Any) -> list[str]:
    """The profile's 错题本 in this bank (most recently missed first)."""
    from trainer.core.store import ProfileError
    from trainer.core.store.marks import wrong_book

    store = open_store()
    try:
        try:
            profile = store.resolve_profile(getattr(args, "profile", None)).name
        except ProfileError as error:
            raise CliError(str(error)) from None
        return [qid for qid in wrong_book(store, profile, bank.id) if bank.get(qid) is not None]
    finally:
        store.close()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(_FORMULA) else text


def export_wrong_book(args: argparse.Namespace, bank: Any) -> int:
    """Write the 错题本 as CSV (id, section, question, right answer) and say where."""
    import csv

    from trainer.core.session import expected_display

    ids = _wrong_book_ids(args, bank)
    target = Path(args.export_wrong_book)
    rows = [
        [
            qid,
            bank.section_title(bank.get(qid).section),
            bank.get(qid).prompt,
            expected_display(bank.get(qid)),
            bank.get(qid).source,
        ]
        for qid in ids
    ]
    try:
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                [
                    t(f"study.wrong_book.col.{c}")
                    for c in ("id", "section", "prompt", "answer", "source")
                ]
            )
            writer.writerows([[_cell(str(cell)) for cell in row] for row in rows])
    except OSError as error:
        raise CliError(
            t("study.wrong_book.cannot_write", path=target, error=error.strerror or error)
        ) from None
    _out(t("study.wrong_book.exported", n=len(rows), path=target))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.export_wrong_book or args.wrong_book:
        if args.exam is not None or args.question_ids:
            raise CliError(t("study.error.wrong_book"))
        bank = load_study_bank(args)
        if args.export_wrong_book:
            return export_wrong_book(args, bank)
        ids = _wrong_book_ids(args, bank)
        if not ids:
            _out(t("study.wrong_book.empty"))
            return 0
        args.question_ids = ids
    if not args.plain:
        from trainer.cli.app import run_app

        # The same one-line errors as --plain, before the screen opens: a mistyped section
        # must not look like "nothing to study".
        _check_options(args)
        bank = None
        if _needs_bank(args):
            bank = load_study_bank(args)
            _check_against_bank(args, bank)
        return int(run_app(args, bank=bank) or 0)
    return run_plain(args)


def _rating_prompt(session: Any) -> str:
    """The rating question with the interval each key gives (1 重来 <1分钟 · 3 良好 2天 …)."""
    from trainer.i18n.study import format_interval

    intervals = session.rating_intervals()
    values = {f"i{k}": format_interval(v.total_seconds()) for k, v in intervals.items()}
    if len(values) == 4:
        return t("study.rating.prompt_undo", **values)
    return t("study.rating.prompt")


def _plain_loop(session: Any, args: argparse.Namespace, zone: tzinfo) -> None:
    """Ask, read, grade, record, show, until the queue is empty or input ends."""
    from trainer.core.grading import GradingError
    from trainer.core.session import SessionError, answer_problem, present

    options = session.options
    exam = options.mode == "exam"
    number = 0
    asked_again = False
    while session.current is not None:
        if not asked_again:
            number += 1
        asked_again = False
        question = session.current
        presentation = session.presentation
        if presentation is None:  # (the session always has one for its current question)
            presentation = present(question, question.id)
        shown = list(presentation.item_order)
        show_question(session, number, shown)
        hint_used = False
        while True:
            _out(t("study.prompt.answer"), end="")
            line = _read_line()
            if line is None:
                break
            if line.strip() in {"?", "？"} and exam:
                _out(t("study.hint.exam"))  # no hints in an exam
                continue
            if line.strip() in {"?", "？"}:
                hint_used = True
                _out(t("study.hint", hint=hint_text(question)))
                _out(t("study.hint.used"))
                continue
            if exam and not line.strip():
                break  # skipped: unanswered, counted as wrong
            problem = answer_problem(question, parse_answer(question, line, shown))
            if problem is not None:  # not graded, not recorded: say what to do
                _out(t(problem))
                continue
            break
        if line is None:
            _out()
            break
        if session.expired:
            _out(t("study.time_up"))
            break
        if exam and not line.strip():
            session.advance()
            continue
        try:
            outcome = session.submit(parse_answer(question, line, shown), hint_used=hint_used)
        except SessionError:
            _out(t("study.time_up"))
            break
        except GradingError:
            # Not recorded: the same question is asked again.
            _out(t("grading.error.ungradable"))
            asked_again = True
            continue
        if exam:  # no verdict before the paper is handed in
            _out(t("study.saved", id=outcome.review_id))
            session.advance()
            continue
        show_outcome(session, outcome, zone)
        if not args.no_rating_prompt:
            _out(_rating_prompt(session), end="")
            answer = _read_line()
            if answer is None:
                _out()
                break
            choice = answer.strip()
            if choice.lower() in {"u", "z"} and session.can_undo():
                session.undo()
                _out(t("study.undone"))
                asked_again = True
                continue
            if choice in {"1", "2", "3", "4"}:
                if int(choice) != int(outcome.rating):
                    outcome = session.override_rating(int(choice))
                    when = format_when(outcome.next_due, session.clock(), zone)
                    _out(
                        t(
                            "study.rating.changed",
                            rating=t(f"study.rating.{choice}"),
                            when=when,
                        )
                    )
            elif choice:
                _out(t("study.rating.invalid", text=choice[:20]))
        session.advance()


def run_plain(args: argparse.Namespace) -> int:
    """The plain-text session. Returns the exit code."""
    from trainer.core.session import StudySession
    from trainer.core.store import ProfileError, StoreError
    from trainer.i18n import get_language, set_language

    if sys.stdin.encoding and sys.stdin.errors == "strict":
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
    bank = load_study_bank(args)
    options = session_options(args, bank)
    store = open_store()
    try:
        try:
            profile = store.resolve_profile(getattr(args, "profile", None)).name
        except ProfileError as error:
            raise CliError(describe(error)) from None
        if not getattr(args, "lang", None) and not _env_language():
            set_language(store.get_setting("language", profile=profile) or get_language())
        zone = store.time_zone(profile)
        session = StudySession(bank, store, profile, options)
        _out(t("study.header", title=bank.title, bank=bank.id, profile=profile))
        if options.mode == "exam":
            limit = ""
            if options.exam_seconds:
                limit = t("study.header.exam_limit", minutes=format_duration(options.exam_seconds))
            _out(t("study.header.exam", size=session.exam.size if session.exam else 0, limit=limit))
        else:
            progress = session.progress
            _out(
                t(
                    "study.header.queue",
                    total=progress.remaining,
                    due=progress.review + progress.learning,
                    new=progress.new,
                )
            )
            if session.buried:
                _out(t("study.buried", n=len(session.buried)))
        if session.current is None:
            _out(t("study.empty"))
            summary = session.finish()
            _out(t("study.empty.next", when=format_when(summary.next_due, session.clock(), zone)))
            return 0
        _out(t("study.header.instructions"))
        interrupted = False
        try:
            _plain_loop(session, args, zone)
        except KeyboardInterrupt:
            interrupted = True  # every answer given so far is already on disk
            _out()
        summary = session.finish()
        show_summary(summary, zone, session.clock(), bank)
        if interrupted:
            _out(t("cli.interrupted"))
            return 130
        return 0
    except StoreError as error:
        raise CliError(describe(error), code=1) from None
    finally:
        store.close()


def _env_language() -> bool:
    import os

    from trainer.i18n import ENV_LANG

    return bool(os.environ.get(ENV_LANG))
