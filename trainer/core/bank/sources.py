"""Checking that every question quotes its report verbatim (whitespace-insensitive)."""

from __future__ import annotations

import re

from trainer.core.bank.model import Bank, Problem

_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any whitespace (incl. full-width spaces): how quotes are matched."""
    return _WHITESPACE.sub("", text)


def check_sources(bank: Bank, report: str | None = None) -> list[Problem]:
    """Check that every question's ``source`` appears verbatim in the bank's report.

    Args:
        bank: the bank to check.
        report: the report's text; read from ``bank.source_path`` when omitted.

    Returns:
        One problem per question whose quote is missing or not found (empty when all match).
    """
    shown = str(bank.path) if bank.path else bank.id
    if report is None:
        report = bank.report_text()
    if report is None:
        where = bank.source_path if bank.source_path else "no 'source' in the bank header"
        return [
            Problem(
                shown,
                0,
                f"the report cannot be read ({where}); add bank.source: path/to/report.txt",
            )
        ]
    haystack = squeeze(report)
    problems: list[Problem] = []
    for q in bank.questions:
        if not q.source:
            problems.append(Problem(shown, q.line, "has no 'source' quote", q.id))
        elif squeeze(q.source) not in haystack:
            problems.append(
                Problem(
                    shown,
                    q.line,
                    "'source' is not a verbatim quote of the report (copy it exactly)",
                    q.id,
                )
            )
    return problems
