"""The store's side of exam planning and fitted parameters (the only SQL they need).

* :func:`replan_cards` moves every Review card's due time when the exam date (or its target)
  changes, so that a date set today already pulls the questions that would fall short on the
  day, and removing it gives back the normal FSRS due times;
* :func:`fit_history` reads the review log in the form the optimiser needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fsrs import Card, State

from trainer.core import scheduling
from trainer.core.clock import from_epoch, to_epoch
from trainer.core.scheduling import fitting
from trainer.core.scheduling.fitting import FitReport

if TYPE_CHECKING:
    from trainer.core.store import Store

FIT_SETTING = "fsrs_fit"
"""Settings key of a profile's last fit report (JSON; not listed by ``trainer settings``)."""


def replan_cards(store: Store, profile: str) -> int:
    """Recompute the due time of the profile's Review cards for its exam date (or none).

    Returns:
        How many cards changed.
    """
    scheduler = store.scheduler(profile, enable_fuzzing=False)
    plan = getattr(scheduler, "exam_plan", None)
    decay = -float(scheduler.parameters[20])
    changed = 0
    with store._write() as conn:
        pid = store._profile_id(conn, profile, create=False)
        rows = conn.execute(
            "SELECT bank_id, question_id, card_json, due FROM cards "
            "WHERE profile_id = ? AND state = ? AND stability > 0 AND last_review IS NOT NULL",
            (pid, int(State.Review)),
        ).fetchall()
        for bank_id, question_id, card_json, old_due in rows:
            card = Card.from_json(card_json)
            if not card.stability or card.last_review is None:
                continue
            last = to_epoch(card.last_review)
            due = scheduling.normal_due(
                card.stability,
                last,
                desired_retention=scheduler.desired_retention,
                maximum_interval_days=scheduler.maximum_interval,
                decay=decay,
            )
            if plan is not None:
                due = scheduling.planned_due(
                    plan, stability=card.stability, reviewed_ts=last, normal_due_ts=due, decay=decay
                )
            if abs(due - old_due) < 1:
                continue
            card.due = from_epoch(due)
            conn.execute(
                "UPDATE cards SET card_json = ?, due = ? "
                "WHERE profile_id = ? AND bank_id = ? AND question_id = ?",
                (card.to_json(), due, pid, bank_id, question_id),
            )
            changed += 1
    return changed


def fit_history(store: Store, profile: str) -> list[tuple[str, float, int]]:
    """``(card key, reviewed_at, rating)`` of the answers that moved the profile's cards."""
    from trainer.core.store import SCHEDULED_MODES  # the store imports this module lazily

    rows = store.review_tuples(profile, ("bank_id", "question_id", "reviewed_at", "rating", "mode"))
    return [
        (f"{bank}\x1f{question}", float(moment), int(rating))
        for bank, question, moment, rating, mode in rows
        if mode in SCHEDULED_MODES
    ]


def _scheduled_review_count(store: Store, profile: str) -> int:
    """How many answers :func:`fit_history` would return (a COUNT, nothing read)."""
    from trainer.core.store import SCHEDULED_MODES  # the store imports this module lazily

    modes = sorted(SCHEDULED_MODES)
    rows = store.query(
        "SELECT COUNT(*) FROM reviews WHERE profile_id = "
        "(SELECT id FROM profiles WHERE name = ?) "
        f"AND mode IN ({', '.join('?' * len(modes))})",
        (profile, *modes),
    )
    return int(rows[0][0]) if rows else 0


def optimize_profile(
    store: Store, profile: str, now_ts: float, *, only_if_due: bool = False
) -> FitReport | None:
    """Fit FSRS parameters to the profile's history and keep the report (adopted or not).

    Args:
        store: the store.
        profile: the learner.
        now_ts: the instant of the fit.
        only_if_due: the automatic weekly fit: do nothing (None) unless
            :func:`fitting.needs_fit` says one is due.

    Returns:
        The new report, or None when no fit was due.

    Raises:
        OptimiserMissing: ``fsrs-rs-python`` is not installed.
        NotEnoughHistory: too few reviews.
    """
    if only_if_due:
        # Asked at every start of the app: decided without reading the whole log (a third of
        # a million reviews at scale, read in a worker while the home is drawn) — first on the
        # last fit's age alone, then on a count.
        last = store.fit_report(profile)
        if not fitting.needs_fit(last, fitting.MIN_REVIEWS_TO_FIT, now_ts):
            return None
        if not fitting.needs_fit(last, _scheduled_review_count(store, profile), now_ts):
            return None
    history = fit_history(store, profile)
    items = fitting.history_items(history, store.time_zone(profile))
    report = fitting.fit_parameters(items, len(history), now_ts)
    store.save_fit_report(profile, report)
    # the cards' stabilities come from the parameters: replay the log with the ones now in use
    store.rebuild_cards(profile)
    return report


def reset_fit(store: Store, profile: str) -> bool:
    """Back to the default parameters (the fit report is removed). False if there was none."""
    had = store.fit_report(profile) is not None
    store.save_fit_report(profile, None)
    if had:
        store.rebuild_cards(profile)
    return had
