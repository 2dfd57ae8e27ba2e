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
        if bank.source_path is None:
            return [Problem(shown, 0, key="bank.source.unreadable_none")]
        where = {"where": str(bank.source_path)}
        return [Problem(shown, 0, key="bank.source.unreadable", values=where)]
    haystack = squeeze(report)
    problems: list[Problem] = []
    for q in bank.questions:
        if not q.source:
            problems.append(Problem(shown, q.line, question_id=q.id, key="bank.source.missing"))
        elif squeeze(q.source) not in haystack:
            problems.append(
                Problem(shown, q.line, question_id=q.id, key="bank.source.not_verbatim")
            )
    return problems
