"""FSRS parameters fitted to a learner's own history (fsrs-rs-python), reversible."""

from __future__ import annotations

import math
import os
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from trainer.core.scheduling import fitting
from trainer.core.store import Store
from trainer.core.store.planning import optimize_profile, reset_fit

if not os.environ.get("CI"):  # CI must have the optimiser: there a missing one fails
    pytest.importorskip("fsrs_rs_python")

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def generate_history(store: Store, profile: str, *, questions: int, days: int, seed: int) -> int:
    """A learner who forgets faster than FSRS's defaults expect, studied daily under FSRS."""
    rng = random.Random(seed)
    count = 0
    for day in range(days):
        now = T0 + timedelta(days=day)
        due = set(store.due_question_ids(profile, "b", now))
        new = [f"q{i}" for i in range(questions) if i < (day + 1) * 15]
        known = store.known_question_ids(profile, "b")
        for qid in [q for q in new if q not in known][:15] + sorted(due):
            row = store.card_row(profile, "b", qid)
            if row is None or not row.stability or row.last_review is None:
                recalled = rng.random() < 0.5
            else:
                elapsed = (now.timestamp() - row.last_review) / 86400
                true_recall = (1 + 0.98 * elapsed / (0.35 * row.stability)) ** -0.3
                recalled = rng.random() < true_recall
            store.record_review(
                profile, bank_id="b", question_id=qid, rating=3 if recalled else 1,
                verdict="correct" if recalled else "wrong", score=float(recalled),
                reviewed_at=now,
            )  # fmt: skip
            count += 1
            now += timedelta(seconds=30)
    return count


def test_fit_on_a_generated_history_is_better_used_and_reversible() -> None:
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        reviews = generate_history(store, "amy", questions=120, days=40, seed=3)
        assert reviews >= fitting.MIN_REVIEWS_TO_FIT
        report = optimize_profile(store, "amy", T0.timestamp() + 41 * 86400)
        assert report is not None and report.reviews == reviews
        assert math.isfinite(report.log_loss_default) and math.isfinite(report.log_loss_fitted)
        # this learner forgets faster than the defaults assume: the fit predicts better
        assert report.log_loss_fitted < report.log_loss_default and report.adopted
        assert store.scheduler("amy").parameters == report.parameters
        assert store.fit_report("amy") == report
        assert reset_fit(store, "amy")
        assert store.scheduler("amy").parameters == tuple(DEFAULT_PARAMETERS)
        assert store.fit_report("amy") is None


def test_too_few_reviews_keep_the_defaults() -> None:
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        generate_history(store, "amy", questions=20, days=5, seed=1)
        with pytest.raises(fitting.NotEnoughHistory):
            optimize_profile(store, "amy", T0.timestamp())
        assert store.scheduler("amy").parameters == tuple(DEFAULT_PARAMETERS)


def test_a_fit_that_is_not_better_is_not_adopted() -> None:
    report = fitting.FitReport(
        reviews=500, items=400, log_loss_default=0.30, log_loss_fitted=0.31,
        parameters=tuple(DEFAULT_PARAMETERS), adopted=False, fitted_at=0.0,
    )  # fmt: skip
    assert report.in_use is None
    assert fitting.FitReport.from_json(report.to_json()) == report
    assert fitting.FitReport.from_json('{"parameters": [1e9]}') is None


def test_the_automatic_fit_runs_at_most_weekly() -> None:
    week = fitting.REFIT_AFTER_DAYS * 86400
    last = fitting.FitReport(500, 400, 0.3, 0.2, tuple(DEFAULT_PARAMETERS), True, 1_000_000.0)
    assert not fitting.needs_fit(None, fitting.MIN_REVIEWS_TO_FIT - 1, 0)
    assert fitting.needs_fit(None, fitting.MIN_REVIEWS_TO_FIT, 0)
    assert not fitting.needs_fit(last, 5000, last.fitted_at + week - 60)
    assert fitting.needs_fit(last, 5000, last.fitted_at + week)
    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        generate_history(store, "amy", questions=120, days=40, seed=3)
        now = T0.timestamp() + 41 * 86400
        first = optimize_profile(store, "amy", now, only_if_due=True)
        assert first is not None
        assert optimize_profile(store, "amy", now + 86400, only_if_due=True) is None


def test_the_check_at_every_start_does_not_read_the_whole_log(monkeypatch: Any) -> None:
    # The app asks at every start (in a worker while the home screen is drawn); reading a
    # third of a million reviews to learn that no fit is due held the interpreter for seconds.
    from trainer.core.store import planning

    with Store.open(enable_fuzzing=False) as store:
        store.ensure_profile("amy")
        generate_history(store, "amy", questions=120, days=40, seed=3)
        now = T0.timestamp() + 41 * 86400
        assert optimize_profile(store, "amy", now, only_if_due=True) is not None
        reads: list[str] = []
        real = planning.fit_history

        def counted(store: Any, profile: str) -> Any:
            reads.append(profile)
            return real(store, profile)

        monkeypatch.setattr(planning, "fit_history", counted)
        assert optimize_profile(store, "amy", now + 86400, only_if_due=True) is None
        assert reads == []  # fitted a day ago: decided without reading the log
        store.ensure_profile("bo")
        assert optimize_profile(store, "bo", now, only_if_due=True) is None  # too few reviews
        assert reads == []
        # a week later the fit is due again: the log is read and fitted
        assert optimize_profile(store, "amy", now + 8 * 86400, only_if_due=True) is not None
        assert reads == ["amy"]
