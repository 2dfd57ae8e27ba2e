"""The home screen's exam line ("考试还有 N 天 …") and the weekly automatic parameter fit."""

from __future__ import annotations

import contextlib
from typing import Any

from rich.text import Text
from textual.widgets import Static

from trainer.i18n import describe, t


def exam_text(app: Any) -> Text | None:
    """The exam line for the app's learner and bank, or None without an exam date."""
    from trainer.core import scheduling
    from trainer.core.clock import day_bounds

    store, bank = getattr(app, "store", None), getattr(app, "bank", None)
    if store is None or bank is None:
        return None
    profile = app.profile_name
    plan = store.exam_plan(profile)
    if plan is None:
        return None
    now = app.clock()
    if plan.days_left(now) < 0:
        return None  # after the exam: normal scheduling, nothing to show
    start, end = day_bounds(now, store.time_zone(profile))
    outlook = scheduling.exam_outlook(
        plan,
        store.card_states(profile, bank.id),
        [q.id for q in bank.questions],
        now,
        new_per_day=int(store.get_setting("new_per_day", profile=profile)),
        new_done_today=store.new_introduced(profile, start, end, bank_id=bank.id),
        decay=scheduling.decay_of(store.fsrs_parameters(profile)),
    )
    line = Text()
    day = plan.day.isoformat()
    if outlook.days_left == 0:
        line.append(t("exam.home.today", day=day), style="bold")
    else:
        line.append(t("exam.home.days", days=outlook.days_left, day=day), style="bold")
    line.append("  ·  ")
    line.append(t("exam.home.recall", share=f"{outlook.predicted_recall:.0%}"))
    line.append("  ·  ")
    if outlook.on_track:
        line.append(t("exam.home.on_track"), style="green")
    else:
        behind = t("exam.home.behind", due=outlook.due_now, unseen=outlook.unseen)
        if outlook.new_per_day_needed > int(store.get_setting("new_per_day", profile=profile)):
            behind += t("exam.home.pace", per_day=outlook.new_per_day_needed)
        line.append(behind, style="yellow")
    if outlook.cram:
        line.append("\n")
        line.append(t("exam.home.cram", n=len(outlook.cram)), style="bold magenta")
    return line


class ExamLine(Static):
    """One or two lines under today's numbers; empty (and hidden) without an exam date."""

    DEFAULT_CSS = """
    ExamLine { height: auto; padding: 0 1; }
    ExamLine.-empty { display: none; }
    """

    def refresh_from(self, app: Any) -> None:
        """Recompute the outlook (cheap: the plain card columns) and show it."""
        from trainer.core.store import StoreError

        try:
            text = exam_text(app)
        except (StoreError, ValueError, TypeError) as error:
            # The store cannot be read, or a hand-edited exam setting is not a date or a
            # number: said here in one line (the home screen still opens).
            text = Text(t("exam.home.unreadable", error=describe(error)), style="yellow")
        self.set_class(text is None, "-empty")
        self.update(text if text is not None else "")


def weekly_fit(app: Any) -> None:
    """Fit the learner's FSRS parameters if a week has passed (run in a worker thread)."""
    from trainer.core.clock import to_epoch
    from trainer.core.scheduling.fitting import NotEnoughHistory, OptimiserMissing
    from trainer.core.store.planning import optimize_profile

    store = getattr(app, "store", None)
    if store is None:
        return
    with contextlib.suppress(OptimiserMissing, NotEnoughHistory):
        optimize_profile(store, app.profile_name, to_epoch(app.clock()), only_if_due=True)
