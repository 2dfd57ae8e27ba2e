"""A grade worded as plain text, for ``trainer check`` and ``trainer study --plain``.

The checker (``trainer.core.grading``) returns data and message keys; this module words them
in the current language. The learner's answer is shown exactly as typed; the diff is a line
of its own whose markers read without colour (NO_COLOR, a screen reader):
``[-漏写-]`` missing, ``{+多写+}`` extra, ``[-应为-]{+写成+}`` replaced, ``~应为→同音字~``.
"""

from __future__ import annotations

from typing import Any

from trainer.core.grading import render_diff
from trainer.core.qtypes import TYPES
from trainer.i18n import t

PART_MARKS = {"correct": "✓", "close": "≈", "partial": "◐", "wrong": "✗"}


def worded_marks(text: str, kind: str | None, language: str | None = None) -> str:
    """``text`` with the marks the type's grades carry worded (its home's ``grade_marks``:
    a true/false grade's √ / × as 对 / 错, or true / false); other text as it is."""
    home = TYPES.get(kind) if kind else None
    if home is None or not home.grade_marks:
        return text
    words = {mark: t(key, language) for mark, key in home.grade_marks.items()}
    return "".join(words.get(ch, ch) for ch in text)


def feedback_text(grade: Any, kind: str | None = None, language: str | None = None) -> str:
    """Verdict and score, expected answer, the answer as typed, the diff, each part, the
    learner's order (order questions), extra items and notes — one per line.

    Args:
        grade: a :class:`trainer.core.grading.Grade`.
        kind: the question type (its home says which marks to word: a true/false grade's
            √/× as 对/错).
        language: ``zh`` or ``en``; the current language when None.
    """
    expected = worded_marks(grade.expected_text, kind, language)
    lines = [
        t(
            "grading.feedback.verdict",
            language,
            verdict=t(f"grading.verdict.{grade.verdict}", language),
            score=f"{grade.score:.2f}",
        ),
        t("grading.feedback.expected", language, text=expected),
        t("grading.feedback.given", language, text=grade.given_text or "—"),
    ]
    if grade.diff and grade.verdict != "correct" and grade.given_text.strip():
        diff = worded_marks(render_diff(grade.diff), kind, language)
        lines.append(t("grading.feedback.diff", language, text=diff))
    if grade.parts:
        lines.append(t("grading.feedback.parts", language))
        for number, part in enumerate(grade.parts, start=1):
            shown = render_diff(part.diff) if part.diff and part.given else part.expected
            line = t(
                "grading.feedback.part",
                language,
                mark=PART_MARKS.get(part.verdict, "?"),
                n=number,
                text=shown,
                verdict=t(f"grading.verdict.{part.verdict}", language),
            )
            if not part.given:
                line += t("grading.feedback.part_missed", language)
            lines.append(line)
    order = tuple(getattr(grade, "order", ()) or ())
    if order and grade.verdict != "correct":
        written = " → ".join(grade.parts[i].given for i in order if i < len(grade.parts))
        lines.append(t("grading.feedback.your_order", language, text=written))
    if grade.extra:
        lines.append(t("grading.feedback.extra", language, items="；".join(grade.extra)))
    for key in dict.fromkeys(grade.notes):
        lines.append("· " + t(key, language))
    return "\n".join(lines)
