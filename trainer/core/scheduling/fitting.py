"""FSRS parameters fitted to one learner's own history, with the maintained Rust optimiser.

The fit is done by ``fsrs-rs-python`` (the FSRS optimiser of the open-spaced-repetition project,
the one Anki uses, as a small native wheel without PyTorch). This module only turns the
trainer's review log into its training items, compares the log loss of the default and the
fitted parameters on the same history, and says whether to adopt the fit: the default
parameters are kept unless the fit predicts the learner's answers better.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import tzinfo
from typing import Any

from fsrs import Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from trainer.core.clock import from_epoch, local_day

MIN_REVIEWS_TO_FIT = 400
"""Fewer reviews than this are too few to fit 21 parameters (the issue's threshold)."""

REFIT_AFTER_DAYS = 7
"""An automatic fit runs at most this often."""

OPTIMISER_PACKAGE = "fsrs-rs-python"


class OptimiserMissing(RuntimeError):
    """The optional optimiser package is not installed."""


class NotEnoughHistory(ValueError):
    """Too few reviews (or none between days) to fit parameters."""


@dataclass(frozen=True)
class FitReport:
    """The outcome of one fit.

    ``log_loss_default`` and ``log_loss_fitted`` are measured on the same history; the fitted
    parameters are ``adopted`` only when their log loss is lower.
    """

    reviews: int
    items: int
    log_loss_default: float
    log_loss_fitted: float
    parameters: tuple[float, ...]
    adopted: bool
    fitted_at: float

    @property
    def in_use(self) -> tuple[float, ...] | None:
        """The parameters the scheduler should use (None: the defaults)."""
        return self.parameters if self.adopted else None

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "parameters": list(self.parameters)})

    @classmethod
    def from_json(cls, text: str | None) -> FitReport | None:
        """The report stored as JSON, or None when missing or unreadable."""
        if not text:
            return None
        try:
            data = json.loads(text)
            params = tuple(float(p) for p in data["parameters"])
            if not _schedulable(params):
                return None
            return cls(
                reviews=int(data["reviews"]),
                items=int(data["items"]),
                log_loss_default=float(data["log_loss_default"]),
                log_loss_fitted=float(data["log_loss_fitted"]),
                parameters=params,
                adopted=bool(data["adopted"]),
                fitted_at=float(data["fitted_at"]),
            )
        except (ValueError, KeyError, TypeError):
            return None


def _schedulable(parameters: Sequence[float]) -> bool:
    """The ``fsrs`` scheduler accepts these parameters (it checks their bounds)."""
    if len(parameters) != len(DEFAULT_PARAMETERS) or not all(map(math.isfinite, parameters)):
        return False
    try:
        Scheduler(parameters=tuple(parameters))
    except ValueError:
        return False
    return True


def needs_fit(last: FitReport | None, reviews: int, now_ts: float) -> bool:
    """Whether an automatic fit is due: enough reviews, and none in the last week."""
    if reviews < MIN_REVIEWS_TO_FIT:
        return False
    return last is None or now_ts - last.fitted_at >= REFIT_AFTER_DAYS * 86400.0


def _optimiser() -> Any:
    try:
        import fsrs_rs_python
    except ImportError:
        raise OptimiserMissing(OPTIMISER_PACKAGE) from None
    return fsrs_rs_python


def history_items(reviews: Iterable[tuple[str, float, int]], zone: tzinfo) -> list[Any]:
    """The optimiser's training items from a review log.

    Args:
        reviews: ``(card key, reviewed_at epoch seconds, rating 1–4)``, oldest first.
        zone: the learner's time zone (intervals are counted in local days, as FSRS does).

    Returns:
        One item per review that came a day or more after the previous one of its card,
        holding that card's history up to and including it.
    """
    fsrs_rs = _optimiser()
    by_card: dict[str, list[tuple[float, int]]] = {}
    for key, moment, rating in reviews:
        by_card.setdefault(key, []).append((float(moment), int(rating)))
    items = []
    for history in by_card.values():
        history.sort()
        steps = []
        previous = None
        for moment, rating in history:
            day = local_day(from_epoch(moment), zone)
            delta = 0 if previous is None else (day - previous).days
            previous = day
            steps.append(fsrs_rs.FSRSReview(rating, delta))
            if delta > 0:
                items.append(fsrs_rs.FSRSItem(list(steps)))
    return items


def fit_parameters(items: Sequence[Any], reviews: int, now_ts: float) -> FitReport:
    """Fit FSRS-6 parameters to the items and compare them with the defaults.

    Args:
        items: from :func:`history_items`.
        reviews: reviews in the history (reported).
        now_ts: the instant of the fit.

    Returns:
        The report; ``adopted`` when the fitted log loss is lower than the default one.

    Raises:
        OptimiserMissing: ``fsrs-rs-python`` is not installed.
        NotEnoughHistory: fewer than :data:`MIN_REVIEWS_TO_FIT` reviews or no item.
    """
    fsrs_rs = _optimiser()
    if reviews < MIN_REVIEWS_TO_FIT or not items:
        raise NotEnoughHistory(f"{reviews} reviews, {MIN_REVIEWS_TO_FIT} needed")
    default_model = fsrs_rs.FSRS(list(DEFAULT_PARAMETERS))
    fitted = [float(p) for p in default_model.compute_parameters(list(items))]
    before = float(default_model.evaluate(list(items)).log_loss)
    after = float(fsrs_rs.FSRS(fitted).evaluate(list(items)).log_loss)
    usable = _schedulable(fitted)
    return FitReport(
        reviews=reviews,
        items=len(items),
        log_loss_default=before,
        log_loss_fitted=after,
        parameters=tuple(fitted) if usable else tuple(DEFAULT_PARAMETERS),
        adopted=usable and math.isfinite(after) and after < before,
        fitted_at=now_ts,
    )
