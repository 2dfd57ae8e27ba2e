"""The home screen's assignment line: the nearest assignment of the open bank from the
learner's study group (received at sync), the questions still to master and the days left."""

from __future__ import annotations

from typing import Any

from trainer.i18n import t


def assignment_line(app: Any) -> str | None:
    """The line's text, or None when the open bank has no current assignment."""
    from trainer.core.assignments import progress
    from trainer.server.assignments import SETTING_KEY, parse_assignments

    bank, store = app.bank, app.store
    if bank is None or store is None:
        return None
    assignments = parse_assignments(app.setting(SETTING_KEY, None))
    if not assignments:
        return None
    try:
        cards = store.all_card_states(app.profile_name)
    except Exception:  # noqa: BLE001 - the line is a hint; a store problem shows elsewhere
        return None
    from trainer.core.clock import as_utc

    now = as_utc(app.clock())  # the app's clock and the learner's day (fixed in tests)
    found = progress(bank, cards, assignments, now.astimezone(app.zone()).date(), now.timestamp())
    if not found:
        return None
    first = found[0]
    titles = {s.id: s.title for s in bank.sections}
    what = (
        "、".join(titles.get(s, s) for s in first.sections)
        if first.sections
        else t("app.home.assignment_all")
    )
    key = "app.home.assignment_today" if first.days_left == 0 else "app.home.assignment"
    return t(
        key,
        group=first.group,
        what=what,
        days=first.days_left,
        deadline=first.deadline.isoformat(),
        left=first.left,
        total=first.total,
    )
