"""Pure merge rules of ``trainer sync`` (no I/O): which settings changed here, which remote
ones win, and when the cards must be replayed.

Reviews need no rule: they are append-only and keyed on their ``uid``, so the merged log is the
union of the devices' logs whatever the order of syncs. Settings are the one thing two devices
can both change: the last change of each key wins, everywhere, with the same tie-break as the
server (the larger JSON text), so every device ends with the same values.

The device keeps a *snapshot*: for each synced key, the value and change time it last agreed
with the server on. A key whose value differs from its snapshot has changed here since.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

SCHEDULING_SETTINGS = frozenset({"desired_retention", "maximum_interval_days"})
"""Settings the replay of a card depends on: a change to one replays every card."""


@dataclass(frozen=True)
class SettingChange:
    """A setting's value (None: removed) and when it changed (UTC epoch seconds)."""

    key: str
    value: Any
    changed_at: float

    def rank(self) -> tuple[float, str]:
        """The order of "later": change time, then the JSON text (as the server compares)."""
        return (self.changed_at, _encoded(self.value))

    def to_wire(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "changed_at": self.changed_at}


Snapshot = dict[str, list[Any]]
"""key → [value, changed_at]: what the device last agreed with the server on."""


def _encoded(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def local_changes(
    current: Mapping[str, Any], snapshot: Mapping[str, list[Any]], now: float
) -> list[SettingChange]:
    """The settings changed on this device since the snapshot, stamped ``now``.

    A key in the snapshot but no longer set was removed (value None).
    """
    changes = []
    for key in sorted(set(current) | set(snapshot)):
        value = current.get(key)
        known = snapshot.get(key)
        if known is None and value is None:
            continue
        if known is None or _encoded(known[0]) != _encoded(value):
            changes.append(SettingChange(key, value, now))
    return changes


def merge_settings(
    snapshot: Mapping[str, list[Any]],
    pushed: Iterable[SettingChange],
    remote: Iterable[SettingChange],
) -> tuple[dict[str, Any], Snapshot]:
    """Apply a sync's outcome to the snapshot.

    Args:
        snapshot: the snapshot before this sync.
        pushed: the local changes sent to the server.
        remote: the server's values for keys changed elsewhere (or that beat ours).

    Returns:
        ``(to_apply, new_snapshot)``: the values to set locally (None: remove the key), and
        the snapshot to keep.
    """
    merged: Snapshot = {key: list(entry) for key, entry in snapshot.items()}
    for change in pushed:
        merged[change.key] = [change.value, change.changed_at]
    to_apply: dict[str, Any] = {}
    for change in remote:
        known = merged.get(change.key)
        if known is not None and change.rank() <= SettingChange(change.key, *known).rank():
            continue
        merged[change.key] = [change.value, change.changed_at]
        to_apply[change.key] = change.value
    return to_apply, {key: entry for key, entry in merged.items() if entry[0] is not None}


def needs_full_rebuild(keys: Iterable[str]) -> bool:
    """Whether changing these settings changes how the log replays into cards."""
    return any(key in SCHEDULING_SETTINGS for key in keys)
