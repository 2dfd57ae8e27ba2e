"""The statistics as a learner reads them: the wording `trainer stats` and the statistics screen
share (percentages, durations, the cells of the exam and study-group tables, section titles).

The core (:mod:`trainer.core.stats`) returns figures, reason keys and empty titles; the words are
chosen here. This module has no ``MESSAGES`` and imports the core only for type checking, so the
message catalogue (which imports every module of this package) stays as light as it was.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from trainer.i18n import plural_key, t

if TYPE_CHECKING:
    from trainer.core.stats import ExamSummary, ProfileLine, SectionMastery, WeakPoint

EXAM_COLUMNS = ("date", "score", "size", "duration", "sections")
"""Message keys ``stats.col.*`` of the exam table's columns, in the order of :func:`exam_cells`."""
GROUP_COLUMNS = ("reviews", "reviews30", "streak", "mastered", "retention")
"""Message keys ``stats.col.*`` of the study-group table after the profile's name."""


def percent(value: float | None) -> str:
    """``87%``, or ``—`` for no value."""
    return "—" if value is None else f"{value * 100:.0f}%"


def days(n: int) -> str:
    """``3 天`` / ``1 day`` / ``3 days``."""
    return t(plural_key("stats.unit.days", n), n=n)


def section_title(section: SectionMastery) -> str:
    """A mastery row's title; the questions without a section are 未分章节."""
    return section.title or section.id or t("stats.section.other")


def duration(ms: float) -> str:
    """Milliseconds in minutes (in seconds under a minute)."""
    if ms < 60_000:
        return t("stats.unit.seconds", n=int(ms // 1000))
    return t("stats.unit.minutes", n=round(ms / 60_000))


def reasons(point: WeakPoint) -> str:
    """Why a question is a weak point, in words (``屡次遗忘，内容已修改``)."""
    return t("stats.weak.reason.separator").join(t(f"stats.weak.reason.{r}") for r in point.reasons)


def exam_cells(
    exam: ExamSummary, section_titles: dict[str, str], zone: tzinfo | None = None
) -> tuple[str, str, str, str, str]:
    """An exam's row: date (local to ``zone``), score, size, time taken, score per section."""
    sections = "  ".join(
        f"{section_titles.get(sid, sid or t('stats.section.other'))} {percent(v)}"
        for sid, v in exam.sections.items()
    )
    spent = duration(int(exam.duration_s * 1000)) if exam.duration_s else "—"
    date = str(exam.to_dict(zone)["date"])
    return date, percent(exam.score), str(exam.size), spent, sections


def group_cells(line: ProfileLine) -> tuple[str, ...]:
    """A profile's row in the study-group table: its name, then :data:`GROUP_COLUMNS`."""
    return (
        line.profile,
        str(line.reviews_total),
        str(line.reviews_30d),
        str(line.streak_days),
        f"{line.mastered}/{line.total} ({percent(line.mastery_share)})",
        percent(line.retention_mature),
    )
