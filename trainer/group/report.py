"""The session report of a group game: Markdown for people, CSV for spreadsheets.

Written into :func:`trainer.paths.reports_dir` as ``group-<UTC time>.md``,
``group-<UTC time>-players.csv`` and ``group-<UTC time>-questions.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.group.game import VERDICTS, Game

CORRECT = ("correct", "close")


@dataclass(frozen=True)
class ReportFiles:
    """The files of one report."""

    markdown: Path
    players_csv: Path
    questions_csv: Path


@dataclass(frozen=True)
class PlayerRow:
    """One player's line of the report."""

    rank: int
    name: str
    score: int
    correct: int
    partial: int
    answered: int
    questions: int
    average_s: float | None


@dataclass(frozen=True)
class QuestionRow:
    """One question's line of the report."""

    number: int
    id: str
    section: str
    prompt: str
    correct_rate: float
    verdicts: dict[str, int]
    wrong_answers: list[tuple[str, int]]
    mean_score: float


def player_rows(game: Game) -> list[PlayerRow]:
    """Per player: score, correct answers, average answer time, by rank."""
    asked = [i for i in range(game.total) if i <= game.index]
    rows = []
    for standing in game.leaderboard():
        player = game.players[standing.player_id]
        records = [player.answers[i] for i in asked if i in player.answers]
        answered = [r for r in records if r.answer is not None]
        times = [r.elapsed_s for r in answered]
        rows.append(
            PlayerRow(
                rank=standing.rank,
                name=player.name,
                score=player.score,
                correct=sum(1 for r in records if r.verdict in CORRECT),
                partial=sum(1 for r in records if r.verdict == "partial"),
                answered=len(answered),
                questions=len(records),  # a late joiner is not counted on what it missed
                average_s=round(sum(times) / len(times), 1) if times else None,
            )
        )
    return rows


def question_rows(game: Game) -> list[QuestionRow]:
    """Per question asked: correct rate, verdicts, most common wrong answers."""
    rows = []
    for index in range(min(game.index + 1, game.total)):
        question = game.questions[index]
        records = game.records(index)
        verdicts = Counter({v: 0 for v in VERDICTS})
        verdicts.update(r.verdict for r in records)
        wrong = Counter(
            r.text for r in records if r.verdict in ("wrong", "partial") and r.text.strip()
        )
        count = len(records)
        rows.append(
            QuestionRow(
                number=index + 1,
                id=question.id,
                section=game.bank.section_title(question.section) or (question.section or ""),
                prompt=question.prompt,
                correct_rate=(sum(verdicts[v] for v in CORRECT) / count) if count else 0.0,
                verdicts=dict(verdicts),
                wrong_answers=wrong.most_common(3),
                mean_score=(sum(r.score for r in records) / count) if count else 0.0,
            )
        )
    return rows


def weakest_sections(rows: list[QuestionRow]) -> list[tuple[str, float, int]]:
    """Sections by mean score, weakest first: (section, mean score, questions)."""
    by_section: dict[str, list[float]] = {}
    for row in rows:
        by_section.setdefault(row.section or "—", []).append(row.mean_score)
    result = [(name, sum(s) / len(s), len(s)) for name, s in by_section.items()]
    return sorted(result, key=lambda item: (item[1], item[0]))


# Markdown's punctuation that could make a link, an image, emphasis, code or HTML of a name
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~&^=:-])")


def _markdown(text: str) -> str:
    """``text`` shown literally in Markdown: specials escaped, no line breaks, no controls."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat)


def _cell(text: str, limit: int = 60) -> str:
    flat = " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())
    flat = flat if len(flat) <= limit else flat[: limit - 1] + "…"
    return _markdown(flat)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def csv_safe(value: object) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a ``'``."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def render_markdown(game: Game, when: dt.datetime, language: str | None = None) -> str:
    """The report as Markdown (headings and tables in the current language)."""
    from trainer.i18n import t

    players = player_rows(game)
    questions = question_rows(game)
    lines = [
        f"# {t('group.report.title', language)}",
        "",
        f"- {t('group.report.bank', language)}: {_markdown(game.bank.title)} "
        f"({_markdown(game.bank.id)})",
        f"- {t('group.report.when', language)}: {when.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- {t('group.report.counts', language, players=len(players), questions=len(questions))}",
        "",
        f"## {t('group.report.players', language)}",
        "",
        "| # | "
        + " | ".join(
            t(k, language)
            for k in (
                "group.report.col.name",
                "group.report.col.score",
                "group.report.col.correct",
                "group.report.col.avg",
            )
        )
        + " |",
        "|---|---|---:|---:|---:|",
    ]
    for row in players:
        average = f"{row.average_s:.1f} s" if row.average_s is not None else "—"
        lines.append(
            f"| {row.rank} | {_cell(row.name, 30)} | {row.score} | "
            f"{row.correct}/{row.questions} | {average} |"
        )
    lines += [
        "",
        f"## {t('group.report.questions', language)}",
        "",
        "| # | "
        + " | ".join(
            t(k, language)
            for k in (
                "group.report.col.question",
                "group.report.col.rate",
                "group.report.col.verdicts",
                "group.report.col.wrong",
            )
        )
        + " |",
        "|---|---|---:|---|---|",
    ]
    for question_row in questions:
        verdicts = " ".join(
            f"{t('group.verdict.' + v, language)} {n}"
            for v, n in question_row.verdicts.items()
            if n
        )
        wrong = (
            "；".join(f"{_cell(text, 30)} ×{n}" for text, n in question_row.wrong_answers) or "—"
        )
        lines.append(
            f"| {question_row.number} | {_cell(question_row.prompt)} ({_markdown(question_row.id)}) | {question_row.correct_rate:.0%} | "
            f"{verdicts} | {wrong} |"
        )
    lines += ["", f"## {t('group.report.sections', language)}", ""]
    for name, mean, count in weakest_sections(questions):
        lines.append(
            f"- {_cell(name, 40)}: {t('group.report.section_line', language, score=f'{mean:.0%}', n=count)}"
        )
    lines.append("")
    return "\n".join(lines)


def write_report(
    game: Game, directory: Path | None = None, *, now: dt.datetime | None = None
) -> ReportFiles:
    """Write the Markdown and CSV report of a game.

    Args:
        game: the game (usually ended).
        directory: where to write (default: :func:`trainer.paths.reports_dir`).
        now: the time stamp (default: now, UTC).

    Returns:
        The three files written.

    Raises:
        OSError: the directory cannot be created or written.
    """
    from trainer import paths

    when = now or dt.datetime.now(dt.UTC)
    folder = directory or paths.reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = "group-" + when.strftime("%Y%m%d-%H%M%S")
    files = ReportFiles(
        folder / f"{stem}.md", folder / f"{stem}-players.csv", folder / f"{stem}-questions.csv"
    )
    _replace(files.markdown, render_markdown(game, when))
    with _Atomic(files.players_csv) as handle:
        writer = _SafeWriter(handle)
        writer.writerow(
            ["rank", "name", "score", "correct", "partial", "answered", "questions", "avg_seconds"]
        )
        for row in player_rows(game):
            writer.writerow(
                [
                    row.rank,
                    row.name,
                    row.score,
                    row.correct,
                    row.partial,
                    row.answered,
                    row.questions,
                    "" if row.average_s is None else row.average_s,
                ]
            )
    with _Atomic(files.questions_csv) as handle:
        writer = _SafeWriter(handle)
        writer.writerow(
            [
                "number",
                "id",
                "section",
                "prompt",
                "correct_rate",
                *VERDICTS,
                "mean_score",
                "common_wrong_answers",
            ]
        )
        for q in question_rows(game):
            writer.writerow(
                [
                    q.number,
                    q.id,
                    q.section,
                    q.prompt,
                    f"{q.correct_rate:.3f}",
                    *(q.verdicts.get(v, 0) for v in VERDICTS),
                    f"{q.mean_score:.3f}",
                    "；".join(f"{text} ×{n}" for text, n in q.wrong_answers),
                ]
            )
    return files


class _SafeWriter:
    """A csv writer whose every cell goes through :func:`csv_safe`."""

    def __init__(self, handle: Any) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([csv_safe(cell) for cell in row])


class _Atomic:
    """Write a file next to its final name and move it into place: a reader (or a crash
    mid-write) never sees half a report, since the report is rewritten after each reveal."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = path.with_name(path.name + ".tmp")
        self.handle: Any = None

    def __enter__(self) -> Any:
        self.handle = self.temporary.open("w", encoding="utf-8-sig", newline="")
        return self.handle

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.handle.close()
        if kind is None:
            os.replace(self.temporary, self.path)
        else:
            self.temporary.unlink(missing_ok=True)


def _replace(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def report_data(game: Game) -> dict[str, Any]:
    """The report as data (for the UI and tests)."""
    questions = question_rows(game)
    return {
        "players": player_rows(game),
        "questions": questions,
        "sections": weakest_sections(questions),
    }
