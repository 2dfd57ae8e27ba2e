"""Settings: JSON values by ``(profile, key)`` with their defaults and checks, and what is built
from them (the FSRS scheduler, the exam plan, the fitted parameters).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from fsrs import Scheduler

from trainer.core import scheduling
from trainer.core.clock import (
    TimeZoneError,
    get_zone,
)
from trainer.core.store.connection import SettingError
from trainer.core.store.records import (
    DEFAULT_PROFILE,
)

if TYPE_CHECKING:
    from trainer.core.store import Store


def _check_retention(value: Any) -> float:
    number = float(value)
    if not scheduling.MIN_RETENTION <= number <= scheduling.MAX_RETENTION:
        raise ValueError(
            f"must be between {scheduling.MIN_RETENTION} and {scheduling.MAX_RETENTION}"
        )
    return number


def _int_range(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or float(value) != int(float(value)):
            raise ValueError("must be a whole number")
        number = int(float(value))
        if not low <= number <= high:
            raise ValueError(f"must be between {low} and {high}")
        return number

    return check


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value)
        if text not in allowed:
            raise ValueError("must be one of " + ", ".join(allowed))
        return text

    return check


def _text(value: Any) -> str:
    text = str(value).strip()
    if len(text) > 100:
        raise ValueError("is too long")
    return text


def _exam_date(value: Any) -> str:
    text = str(value or "").strip()
    if text:
        scheduling.parse_exam_date(text)
    return text


def _zone_name(value: Any) -> str:
    text = str(value or "").strip()
    try:
        get_zone(text)
    except TimeZoneError as error:
        raise ValueError(str(error)) from None
    return text


SETTING_RANGES = {
    "desired_retention": f"{scheduling.MIN_RETENTION}–{scheduling.MAX_RETENTION}",
    "maximum_interval_days": "1–36500",
    "new_per_day": "0–10000",
    "language": "zh, en",
    "timezone": "IANA, e.g. Asia/Shanghai",
    "exam_date": "YYYY-MM-DD",
    "learning_steps": "on, off",
    "exam_target": f"{scheduling.MIN_RETENTION}–{scheduling.MAX_RETENTION}",
}

SETTINGS: dict[str, tuple[Any, Callable[[Any], Any]]] = {
    "desired_retention": (scheduling.DEFAULT_RETENTION, _check_retention),
    "maximum_interval_days": (scheduling.DEFAULT_MAXIMUM_INTERVAL_DAYS, _int_range(1, 36500)),
    "new_per_day": (scheduling.DEFAULT_NEW_PER_DAY, _int_range(0, 10000)),
    "language": ("zh", _choice("zh", "en")),
    "theme": ("dark", _text),
    "timezone": ("", _zone_name),
    "default_profile": (DEFAULT_PROFILE, _text),
    "exam_date": ("", _exam_date),
    "exam_target": (scheduling.EXAM_TARGET, _check_retention),
    "learning_steps": ("off", _choice("on", "off")),
}
"""Known settings: key → (default, validator). ``timezone`` "" means the system's zone;
``exam_date`` "" means no exam (scheduling.exam)."""

EXAM_SETTINGS = frozenset({"exam_date", "exam_target"})
"""Settings whose change re-plans the profile's due times (:func:`planning.replan_cards`)."""


def steps_options(value: Any) -> dict[str, tuple[Any, ...]]:
    """``make_scheduler`` options of the ``learning_steps`` setting: "off" drops the same-day
    steps (docs/scheduling.md, "Learning steps": the simulation finds they do not pay)."""
    if value == "off":
        return {"learning_steps": (), "relearning_steps": ()}
    return {}


def get_setting(store: Store, key: str, default: Any = None, profile: str | None = None) -> Any:
    """A setting's value: the profile's, else the global one, else ``default``, else the
    known default of :data:`SETTINGS`.

    Args:
        key: the setting name.
        default: returned when neither the profile nor the global value is set.
        profile: a profile name, or None for the global value only.

    Returns:
        The decoded JSON value.
    """
    ids = [0]
    if profile is not None:
        pid = store._existing_profile_id(profile)
        if pid is not None:
            ids.insert(0, pid)
    for pid in ids:
        rows = store.query(
            "SELECT value FROM settings WHERE profile_id = ? AND key = ?", (pid, key)
        )
        if rows:
            return json.loads(rows[0][0])
    if default is not None:
        return default
    known = SETTINGS.get(key)
    return known[0] if known else None


def set_setting(store: Store, key: str, value: Any, profile: str | None = None) -> Any:
    """Set a setting globally or for one profile (created if missing). None removes it.

    Known keys are validated: desired_retention 0.70–0.97, maximum_interval_days 1–36500,
    new_per_day 0–10000, language zh|en, timezone an IANA name ("" = the system's).

    Returns:
        The value stored (after conversion, e.g. "0.85" → 0.85).

    Raises:
        SettingError: the value is not allowed for this key.
    """
    if value is not None and key in SETTINGS:
        try:
            value = SETTINGS[key][1](value)
        except (ValueError, TypeError) as error:
            raise SettingError(
                f"setting {key}: {value!r} {error}",
                "store.error.setting",
                key=key,
                value=value,
                allowed=SETTING_RANGES.get(key, ""),
            ) from None
    with store._write() as conn:
        pid = store._profile_id(conn, profile, create=True) if profile is not None else 0
        if value is None:
            conn.execute("DELETE FROM settings WHERE profile_id = ? AND key = ?", (pid, key))
        else:
            conn.execute(
                "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id, key) DO UPDATE SET value = excluded.value",
                (pid, key, json.dumps(value, ensure_ascii=False)),
            )
    if key in EXAM_SETTINGS:
        from trainer.core.store.planning import replan_cards

        names = [profile] if profile is not None else [p.name for p in store.list_profiles()]
        for name in names:
            replan_cards(store, name)
    return value


def settings(store: Store, profile: str | None = None) -> dict[str, Any]:
    """Every known setting's effective value for a profile (or globally)."""
    return {key: store.get_setting(key, profile=profile) for key in SETTINGS}


def time_zone(store: Store, profile: str | None = None) -> tzinfo:
    """The learner's time zone (the ``timezone`` setting, else the system's)."""
    try:
        return get_zone(store.get_setting("timezone", profile=profile))
    except TimeZoneError:
        return get_zone(None)


def scheduler(
    store: Store, profile: str | None = None, *, enable_fuzzing: bool | None = None
) -> Scheduler:
    """The FSRS scheduler with this profile's retention and maximum interval.

    Args:
        profile: the profile name (None: global settings).
        enable_fuzzing: override the store's fuzz setting.

    Returns:
        An ``fsrs.Scheduler``.
    """
    return scheduler_from(
        {key: store.get_setting(key, profile=profile) for key in SCHEDULER_SETTINGS},
        store.fsrs_parameters(profile),
        plan=store.exam_plan(profile),
        enable_fuzzing=store.enable_fuzzing if enable_fuzzing is None else enable_fuzzing,
    )


SCHEDULER_SETTINGS = ("desired_retention", "maximum_interval_days", "learning_steps")
"""The settings the scheduler is made of (besides the fitted parameters and the exam)."""


def scheduler_from(
    values: dict[str, Any],
    parameters: tuple[float, ...] | None,
    *,
    plan: scheduling.ExamPlan | None = None,
    enable_fuzzing: bool = False,
) -> Scheduler:
    """The scheduler a learner's settings make: the one rule for the device
    (:func:`scheduler`) and for the sync server's dashboard, which gets the learner's settings
    as their devices synced them (:func:`scheduler_from_synced`).

    Args:
        values: ``desired_retention``, ``maximum_interval_days``, ``learning_steps``.
        parameters: fitted FSRS parameters in use (None: the defaults).
        plan: the learner's exam, if any.
        enable_fuzzing: spread the intervals (never in a replay).
    """
    scheduler = scheduling.make_scheduler(
        float(values["desired_retention"]),
        int(values["maximum_interval_days"]),
        enable_fuzzing=enable_fuzzing,
        parameters=parameters,
        **steps_options(values["learning_steps"]),
    )
    if plan is None:
        return scheduler
    return scheduling.ExamScheduler(
        plan,
        parameters=scheduler.parameters,
        desired_retention=scheduler.desired_retention,
        learning_steps=scheduler.learning_steps,
        relearning_steps=scheduler.relearning_steps,
        maximum_interval=scheduler.maximum_interval,
        enable_fuzzing=scheduler.enable_fuzzing,
    )


def scheduler_from_synced(synced: dict[str, Any]) -> Scheduler:
    """The replay scheduler (no fuzz) of a learner's synced settings (key → decoded value), as
    their devices replay with it; a missing or invalid value counts as its default (the values
    come from a client)."""
    from trainer.core.store.planning import FIT_SETTING

    def value(key: str) -> Any:
        default, check = SETTINGS[key]
        raw = synced.get(key)
        if raw is None:
            return default
        try:
            return check(raw)
        except (ValueError, TypeError, OverflowError):
            return default

    raw_fit = synced.get(FIT_SETTING)
    fit = scheduling.fitting.FitReport.from_json(raw_fit if isinstance(raw_fit, str) else None)
    plan = None
    day_text = value("exam_date")
    if day_text:
        try:
            zone = get_zone(value("timezone"))
            plan = scheduling.ExamPlan(
                scheduling.parse_exam_date(day_text), zone, target=float(value("exam_target"))
            )
        except (TimeZoneError, ValueError):
            plan = None
    return scheduler_from(
        {key: value(key) for key in SCHEDULER_SETTINGS},
        fit.in_use if fit is not None else None,
        plan=plan,
    )


def exam_plan(store: Store, profile: str | None) -> scheduling.ExamPlan | None:
    """The profile's exam (``exam_date`` and ``exam_target`` settings), or None."""
    text = store.get_setting("exam_date", profile=profile)
    if not text:
        return None
    try:
        day = scheduling.parse_exam_date(text)
    except ValueError:
        return None
    target = float(store.get_setting("exam_target", profile=profile))
    return scheduling.ExamPlan(day, store.time_zone(profile), target=target)


def fit_report(store: Store, profile: str | None) -> scheduling.fitting.FitReport | None:
    """The profile's last parameter fit (``trainer optimize``), or None."""
    if profile is None:
        return None
    from trainer.core.store.planning import FIT_SETTING

    pid = store._existing_profile_id(profile)
    if pid is None:
        return None
    rows = store.query(
        "SELECT value FROM settings WHERE profile_id = ? AND key = ?", (pid, FIT_SETTING)
    )
    return scheduling.fitting.FitReport.from_json(json.loads(rows[0][0]) if rows else None)


def save_fit_report(
    store: Store, profile: str, report: scheduling.fitting.FitReport | None
) -> None:
    """Store (or with None remove) a fit report; its adopted parameters schedule from now."""
    from trainer.core.store.planning import FIT_SETTING

    store.set_setting(FIT_SETTING, report.to_json() if report else None, profile=profile)


def fsrs_parameters(store: Store, profile: str | None) -> tuple[float, ...] | None:
    """The fitted FSRS parameters in use for the profile (None: the defaults)."""
    report = store.fit_report(profile)
    return report.in_use if report is not None else None
