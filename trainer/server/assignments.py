"""Assignments as a device receives them at sync (``"assignments"`` of the sync response).

The device keeps the list in its profile's ``sync.assignments`` setting (a ``sync.*`` key, so it
is never pushed back as one of the learner's own settings). Everything is checked here: a server
is hostile too, so a malformed list is dropped whole (the previous one stays).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from trainer.server import protocol

SETTING_KEY = "sync.assignments"
MAX_ASSIGNMENTS = 50
MAX_SECTIONS = 100
MAX_GROUP_NAME = 60
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_assignments(value: Any) -> list[dict[str, Any]] | None:
    """The assignments of a sync response, checked; None when absent or malformed."""
    if not isinstance(value, list) or len(value) > MAX_ASSIGNMENTS:
        return None
    out = []
    for item in value:
        if not isinstance(item, dict):
            return None
        group, bank_id = item.get("group"), item.get("bank_id")
        sections, deadline = item.get("sections"), item.get("deadline")
        if not (
            isinstance(group, str)
            and 0 < len(group) <= MAX_GROUP_NAME
            and group.isprintable()
            and isinstance(bank_id, str)
            and protocol.BANK_ID_RE.match(bank_id)
            and isinstance(sections, list)
            and len(sections) <= MAX_SECTIONS
            and all(isinstance(s, str) and protocol.BANK_ID_RE.match(s) for s in sections)
            and isinstance(deadline, str)
            and DATE_RE.match(deadline)
        ):
            return None
        try:
            date.fromisoformat(deadline)
        except ValueError:
            return None
        out.append({"group": group, "bank_id": bank_id, "sections": sections, "deadline": deadline})
    return out


def assigned_banks(value: Any, today: date) -> list[str]:
    """The banks of the current assignments (deadline today or later), nearest deadline first."""
    current = [a for a in parse_assignments(value) or [] if a["deadline"] >= today.isoformat()]
    ordered = [a["bank_id"] for a in sorted(current, key=lambda a: a["deadline"])]
    return list(dict.fromkeys(ordered))
