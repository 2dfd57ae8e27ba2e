"""Reading one setting before anything else runs, without opening (or migrating) the store.

The command line must know the learner's language before it builds its help texts, and
opening the store (locks, migrations) for that would slow every command and could fail on a
store that the command itself never needs. This reads the ``settings`` table through a
read-only connection and returns None on any trouble.

It lives beside the store package rather than in it: importing ``trainer.core.store`` costs
about 110 ms (the FSRS scheduler), which every ``trainer`` command would then pay.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

DEFAULT_PROFILE = "default"


def peek_setting(db_file: Path, key: str, profile: str | None = None) -> Any:
    """The setting as :meth:`Store.get_setting` would give it (profile's, else global), or
    None when the file, the table, the profile or the key is missing or unreadable."""
    if not db_file.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True, timeout=0.2)
    except sqlite3.Error:
        return None
    try:
        name = profile
        if not name:
            row = conn.execute(
                "SELECT value FROM settings WHERE profile_id = 0 AND key = 'default_profile'"
            ).fetchone()
            name = str(json.loads(row[0])) if row else DEFAULT_PROFILE
        for pid_sql, params in (
            ("(SELECT id FROM profiles WHERE name = ?)", (name, key)),
            ("0", (key,)),
        ):
            row = conn.execute(
                f"SELECT value FROM settings WHERE profile_id = {pid_sql} AND key = ?", params
            ).fetchone()
            if row:
                return json.loads(row[0])
        return None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()
