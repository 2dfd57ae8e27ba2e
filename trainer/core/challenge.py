"""挑战答题 (challenge): the best run of right answers, kept per profile and bank.

A challenge is a study session in mode ``challenge`` (:mod:`trainer.core.session`): questions
keep coming until the first wrong answer, each answer recorded like any review. The best run is
kept in the profile's ``settings`` table under :data:`BEST_KEY` as
``{bank_id: {"run": n, "date": "YYYY-MM-DD"}}`` (no schema change).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.core.store import Store

BEST_KEY = "challenge_best"


@dataclass(frozen=True)
class BestRun:
    """The longest run of right answers in one challenge, and the day it was made."""

    run: int
    day: date | None


def _table(store: Store, profile: str) -> dict[str, Any]:
    value = store.get_setting(BEST_KEY, profile=profile)
    return dict(value) if isinstance(value, dict) else {}


def best_run(store: Store, profile: str, bank_id: str) -> BestRun:
    """The profile's best run on this bank (0 and no day when it never played)."""
    entry = _table(store, profile).get(bank_id)
    if not isinstance(entry, dict):
        return BestRun(0, None)
    try:
        run = max(0, int(entry.get("run", 0)))
        day = date.fromisoformat(str(entry["date"])) if entry.get("date") else None
    except (TypeError, ValueError):  # a hand-edited setting must not break the home screen
        return BestRun(0, None)
    return BestRun(run, day)


def record_run(store: Store, profile: str, bank_id: str, run: int, day: date) -> bool:
    """Keep ``run`` if it beats the best run; returns True when it is a new best."""
    if run <= best_run(store, profile, bank_id).run:
        return False
    table = _table(store, profile)
    table[bank_id] = {"run": int(run), "date": day.isoformat()}
    store.set_setting(BEST_KEY, table, profile=profile)
    return True
