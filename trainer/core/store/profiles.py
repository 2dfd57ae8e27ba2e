"""Profiles: learners by unique name (the ``profiles`` table); :class:`~trainer.core.store.Store`
fronts these functions.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from trainer.core.clock import (
    from_epoch,
    to_epoch,
    utc_now,
)
from trainer.core.store.connection import ProfileError
from trainer.core.store.records import (
    DEFAULT_PROFILE,
    Profile,
    _dt,
)

if TYPE_CHECKING:
    from trainer.core.store import Store


MAX_PROFILE_NAME = 40


def _check_profile_name(name: str) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise ProfileError("a profile name cannot be empty", "store.error.name_empty")
    if len(cleaned) > MAX_PROFILE_NAME:
        raise ProfileError(
            f"a profile name is at most {MAX_PROFILE_NAME} characters",
            "store.error.name_long",
            n=MAX_PROFILE_NAME,
        )
    if any(ord(ch) < 32 or ch in "/\\" for ch in cleaned):
        raise ProfileError(
            f"profile name {cleaned!r} contains a control character or slash",
            "store.error.name_chars",
            name=cleaned.encode("unicode_escape").decode("ascii"),
        )
    return cleaned


def profile_id(store: Store, conn: sqlite3.Connection, name: str, *, create: bool) -> int:
    # Looked up inside the write transaction every time (no cache): another process may
    # have renamed or deleted the profile meanwhile.
    row = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
    if row is None and create:
        clean = _check_profile_name(name)
        row = conn.execute("SELECT id FROM profiles WHERE name = ?", (clean,)).fetchone()
        if row is None:
            cursor = conn.execute(
                "INSERT INTO profiles (name, created_at) VALUES (?, ?)",
                (clean, to_epoch(utc_now())),
            )
            return int(cursor.lastrowid or 0)
    if row is None:
        raise ProfileError(f"no profile named {name!r}", "store.error.no_profile", name=name)
    return int(row[0])


def existing_profile_id(store: Store, name: str) -> int | None:
    rows = store.query("SELECT id FROM profiles WHERE name = ?", (name,))
    return int(rows[0][0]) if rows else None


def ensure_profile(store: Store, name: str | None = None) -> Profile:
    """The profile with this name, created if missing.

    Args:
        name: the learner's name; None means :meth:`default_profile_name`.

    Returns:
        The profile.

    Raises:
        ProfileError: the name is empty, too long or has control characters.
    """
    wanted = _check_profile_name(name) if name is not None else store.default_profile_name()
    found = store.get_profile(wanted)
    if found is not None:
        return found
    with store._write() as conn:
        store._profile_id(conn, wanted, create=True)
    profile = store.get_profile(wanted)
    assert profile is not None
    return profile


def get_profile(store: Store, name: str) -> Profile | None:
    """The profile with this name, or None."""
    rows = store.query("SELECT id, name, created_at FROM profiles WHERE name = ?", (name,))
    if not rows:
        return None
    return Profile(rows[0][0], rows[0][1], from_epoch(rows[0][2]))


def list_profiles(store: Store) -> list[Profile]:
    """Every profile, by name."""
    rows = store.query("SELECT id, name, created_at FROM profiles ORDER BY name")
    return [Profile(r[0], r[1], from_epoch(r[2])) for r in rows]


def profile_activity(store: Store) -> dict[str, tuple[int, datetime | None]]:
    """Per profile name: number of reviews and the last review time (None if none)."""
    rows = store.query(
        "SELECT p.name, COUNT(r.id), MAX(r.reviewed_at) FROM profiles p "
        "LEFT JOIN reviews r ON r.profile_id = p.id GROUP BY p.id"
    )
    return {name: (count, _dt(last)) for name, count, last in rows}


def rename_profile(store: Store, old: str, new: str) -> Profile:
    """Rename a profile; its history and settings follow.

    Raises:
        ProfileError: ``old`` does not exist, or ``new`` is taken or not allowed.
    """
    clean = _check_profile_name(new)
    with store._write() as conn:
        row = conn.execute("SELECT id FROM profiles WHERE name = ?", (old,)).fetchone()
        if row is None:
            raise ProfileError(f"no profile named {old!r}", "store.error.no_profile", name=old)
        if (
            clean != old
            and conn.execute("SELECT 1 FROM profiles WHERE name = ?", (clean,)).fetchone()
        ):
            raise ProfileError(
                f"a profile named {clean!r} already exists", "store.error.exists", name=clean
            )
        conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (clean, row[0]))
        default = conn.execute(
            "SELECT value FROM settings WHERE profile_id = 0 AND key = 'default_profile'"
        ).fetchone()
        if default is not None and json.loads(default[0]) == old:
            conn.execute(
                "UPDATE settings SET value = ? WHERE profile_id = 0 AND key = 'default_profile'",
                (json.dumps(clean, ensure_ascii=False),),
            )
    profile = store.get_profile(clean)
    assert profile is not None
    return profile


def delete_profile(store: Store, name: str) -> int:
    """Delete a profile with its whole history (reviews, cards, settings, exams).

    Returns:
        The number of reviews deleted.

    Raises:
        ProfileError: no such profile.
    """
    with store._write() as conn:
        row = conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ProfileError(f"no profile named {name!r}", "store.error.no_profile", name=name)
        pid = row[0]
        deleted = conn.execute("DELETE FROM reviews WHERE profile_id = ?", (pid,)).rowcount
        for table in ("cards", "settings", "exams"):
            conn.execute(f"DELETE FROM {table} WHERE profile_id = ?", (pid,))
        conn.execute("DELETE FROM profiles WHERE id = ?", (pid,))
        conn.execute(
            "DELETE FROM settings WHERE profile_id = 0 AND key = 'default_profile' AND value = ?",
            (json.dumps(name, ensure_ascii=False),),
        )
    return int(deleted)


def default_profile_name(store: Store) -> str:
    """The profile used without ``--profile``: the ``default_profile`` setting or
    :data:`DEFAULT_PROFILE` ("default")."""
    value = store.get_setting("default_profile")
    return str(value) if value else DEFAULT_PROFILE


def resolve_profile(store: Store, name: str | None) -> Profile:
    """The profile to use for a command: ``name`` or the default, created if missing."""
    return store.ensure_profile(name if name else store.default_profile_name())


def profile_name(conn: sqlite3.Connection, pid: int) -> str:
    row = conn.execute("SELECT name FROM profiles WHERE id = ?", (pid,)).fetchone()
    return str(row[0]) if row else DEFAULT_PROFILE
