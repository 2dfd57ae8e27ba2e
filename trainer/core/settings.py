"""A profile's settings as one typed value, read from the store in one go.

The defaults live in one place, the store's :data:`trainer.core.store.SETTINGS` table (the
daily goal, which the store does not validate, has its default here); screens and commands read
``settings.new_per_day`` instead of ``get_setting("new_per_day", 20)`` with a default of their
own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.core.store import Store

DAILY_GOAL = 20
"""Answers a day the home screen counts towards when the ``daily_goal`` setting is unset."""


@dataclass(frozen=True)
class Settings:
    """Every known setting's effective value for one profile (its own, else the global one,
    else the default)."""

    desired_retention: float
    maximum_interval_days: int
    new_per_day: int
    language: str
    theme: str
    timezone: str
    default_profile: str
    exam_date: str
    exam_target: float
    learning_steps: str
    daily_goal: int

    @classmethod
    def defaults(cls) -> Settings:
        """The settings of a learner who never changed one."""
        from trainer.core.store import SETTINGS

        return cls._from({key: default for key, (default, _check) in SETTINGS.items()})

    @classmethod
    def load(cls, store: Store, profile: str | None) -> Settings:
        """The profile's settings (a value the store cannot read falls back to its default)."""
        values = store.settings(profile)
        values["daily_goal"] = store.get_setting("daily_goal", profile=profile)
        return cls._from(values)

    @classmethod
    def _from(cls, values: dict[str, Any]) -> Settings:
        from trainer.core.store import SETTINGS

        def number(key: str, kind: type[int] | type[float]) -> Any:
            value: Any = values.get(key)
            try:
                return kind(value)
            except (TypeError, ValueError):
                return kind(SETTINGS[key][0])

        def text(key: str) -> str:
            value = values.get(key)
            return str(value) if value is not None else str(SETTINGS[key][0])

        try:
            goal = int(values.get("daily_goal") or 0)
        except (TypeError, ValueError):
            goal = 0
        return cls(
            desired_retention=number("desired_retention", float),
            maximum_interval_days=number("maximum_interval_days", int),
            new_per_day=number("new_per_day", int),
            language=text("language"),
            theme=text("theme"),
            timezone=text("timezone"),
            default_profile=text("default_profile"),
            exam_date=text("exam_date"),
            exam_target=number("exam_target", float),
            learning_steps=text("learning_steps"),
            daily_goal=goal or DAILY_GOAL,
        )
