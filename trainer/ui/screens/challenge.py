"""挑战答题 (challenge): questions keep coming until the first wrong answer.

The screen is the study screen in session mode ``challenge`` (every answer is recorded like any
review, with that mode); its header counts the run against the profile's best, and when the run
ends the best run is kept (:mod:`trainer.core.challenge`) and the summary says how it went.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from trainer.i18n import t
from trainer.ui.screens.study import StudyScreen


class ChallengeScreen(StudyScreen):
    """A run of right answers; the first wrong one ends it (after its feedback)."""

    def __init__(self, **options: Any) -> None:
        super().__init__("challenge", **options)
        self._best: int | None = None

    @property
    def best(self) -> int:
        """The profile's best run before this one (read once, when first needed).

        Read lazily rather than in ``on_mount``: Textual runs the ``on_mount`` of every class
        in the hierarchy, so overriding the study screen's would start its session twice.
        """
        if self._best is None:
            self._best = 0
            app = self.trainer
            if app.store is not None and app.bank is not None:
                from trainer.core.challenge import best_run

                try:
                    self._best = best_run(app.store, app.profile_name, app.bank.id).run
                except Exception:  # noqa: BLE001 - a broken setting must not stop the game
                    self._best = 0
        return self._best

    def run_length(self) -> int:
        """Right answers in a row so far (every answer before the first wrong one is right)."""
        progress = getattr(self.session, "progress", None)
        return int(getattr(progress, "correct", 0) or 0)

    def _update_header(self) -> None:
        header = Text()
        header.append(t("app.study.mode.challenge"), style="bold")
        header.append("  ")
        run = self.run_length()
        header.append(t("app.challenge.run", n=run), style="bold green")
        if self.best:
            header.append("  ")
            header.append(t("app.challenge.best", n=max(self.best, run)))
        outcome = self.outcome
        if self.phase == "feedback" and outcome is not None and not outcome.grade.remembered:
            header.append("  ")
            header.append(t("app.challenge.over"), style="bold red")
        self.query_one("#study-header", Static).update(header)

    def finish(self) -> None:
        """Keep the run if it is the best, then show the challenge's summary."""
        if self.phase == "done":
            return
        summary = self._end_session()
        run = self.run_length()
        new_best = False
        app = self.trainer
        if app.store is not None and app.bank is not None:
            from trainer.core.challenge import record_run
            from trainer.core.clock import local_day

            try:
                day = local_day(app.clock(), app.zone())
                new_best = record_run(app.store, app.profile_name, app.bank.id, run, day)
            except Exception as error:  # noqa: BLE001 - the answers are saved regardless
                self._store_failed(error)
        from trainer.ui.screens.summary import SummaryScreen

        result = {"run": run, "best": max(self.best, run), "new_best": new_best}
        self._show_summary(SummaryScreen(summary, mode="challenge", challenge=result))
