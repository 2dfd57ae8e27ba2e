"""Organisation-wide progress on the server: groups, roles, memberships, assignments, the
dashboard's login links and sessions, and who may see what.

Roles:

* **member** — a row of ``memberships`` with role ``member``: sees their own data and the
  aggregates of their groups.
* **leader** — a membership with role ``leader``: sees every member of the groups they lead.
* **admin** — ``users.role = 'admin'``: sees every group and member.

:class:`Viewer` is who is asking; :meth:`Viewer.can_see_group_members` and
:meth:`Viewer.can_see_user` are the only permission checks, and every dashboard handler goes
through them. Messages of :class:`OrgError` are message keys of ``trainer/i18n/org.py``.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from trainer.server import protocol
from trainer.server.storage import Device, Storage, Tx, hash_secret

LOGIN_LINK_TTL_S = 24 * 3600
"""A login link works once, within a day."""
SESSION_TTL_S = 12 * 3600
"""A dashboard session lasts a working day."""
MAX_GROUP_NAME = 60
MAX_SECTIONS = 100
MAX_ASSIGNMENTS_SENT = 50
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SECTION_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")


class OrgError(Exception):
    """A refused organisation command: ``key`` is a message key, ``values`` its fields."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Viewer:
    """Who looks at the dashboard, with the groups they belong to and lead."""

    user_id: int
    name: str
    admin: bool
    member_of: frozenset[int] = field(default_factory=frozenset)
    leader_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def role(self) -> str:
        if self.admin:
            return "admin"
        return "leader" if self.leader_of else "member"

    def can_see_group(self, group_id: int) -> bool:
        """The group's aggregates: its members, leaders and admins."""
        return self.admin or group_id in self.member_of or group_id in self.leader_of

    def can_see_group_members(self, group_id: int) -> bool:
        """Each member's figures and answers: the group's leaders and admins."""
        return self.admin or group_id in self.leader_of

    def can_see_user(self, storage: Storage, user_id: int) -> bool:
        """One learner's own data: themselves, a leader of one of their groups, an admin."""
        if self.admin or user_id == self.user_id:
            return True
        if not self.leader_of:
            return False
        return bool(set(groups_of_user(storage, user_id)) & self.leader_of)


def check_group_name(name: str) -> str:
    clean = name.strip() if isinstance(name, str) else ""
    if not clean or len(clean) > MAX_GROUP_NAME or any(not ch.isprintable() for ch in clean):
        raise OrgError("org.error.group_name", limit=MAX_GROUP_NAME)
    return clean


def _user_id(tx: Tx, name: str) -> int:
    row = tx.execute("SELECT id FROM users WHERE name = ?", (name.strip(),)).fetchone()
    if row is None:
        raise OrgError("org.error.no_user", name=name)
    return int(row[0])


def _group_id(tx: Tx, name: str) -> int:
    row = tx.execute("SELECT id FROM org_groups WHERE name = ?", (name.strip(),)).fetchone()
    if row is None:
        raise OrgError("org.error.no_group", name=name)
    return int(row[0])


def add_group(storage: Storage, name: str) -> tuple[bool, int]:
    """Create a group (nothing if it exists). Returns ``(created, group id)``."""
    clean = check_group_name(name)
    with storage.transaction() as tx:
        row = tx.execute("SELECT id FROM org_groups WHERE name = ?", (clean,)).fetchone()
        if row is not None:
            return False, int(row[0])
        tx.execute("INSERT INTO org_groups (name, created_at) VALUES (?, ?)", (clean, time.time()))
        return True, int(
            tx.execute("SELECT id FROM org_groups WHERE name = ?", (clean,)).fetchone()[0]
        )


def add_member(storage: Storage, group: str, user: str, *, leader: bool = False) -> str:
    """Put a user in a group as member or leader (a second call changes the role).

    Returns:
        The role now held.
    """
    role = "leader" if leader else "member"
    with storage.transaction() as tx:
        gid, uid, found = _membership(tx, group, user)
        if found is None:
            tx.execute(
                "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                (gid, uid, role, time.time()),
            )
        else:
            tx.execute(
                "UPDATE memberships SET role = ? WHERE group_id = ? AND user_id = ?",
                (role, gid, uid),
            )
    return role


def _membership(tx: Tx, group: str, user: str) -> tuple[int, int, Any]:
    """The group's id, the user's id and their membership row (``(role,)``, or None).

    Raises:
        OrgError: unknown group or user.
    """
    gid = _group_id(tx, group)
    uid = _user_id(tx, user)
    found = tx.execute(
        "SELECT role FROM memberships WHERE group_id = ? AND user_id = ?", (gid, uid)
    ).fetchone()
    return gid, uid, found


def remove_member(
    storage: Storage, group: str, user: str, *, by_leader_of: int | None = None
) -> str:
    """Take a user out of a group; the role they held.

    Their reviews stay (they are the learner's own history); the group's leaders stop seeing
    them and their devices drop the group's assignments at the next sync.

    Args:
        by_leader_of: when a leader (not an admin) asks, their user id: they may remove
            members, not the group's other leaders.

    Raises:
        OrgError: unknown group or user, not in the group, or a leader removing a leader.
    """
    with storage.transaction() as tx:
        gid, uid, found = _membership(tx, group, user)
        if found is None:
            raise OrgError("org.error.not_in_group", user=user, group=group)
        if by_leader_of is not None and found[0] == "leader" and uid != by_leader_of:
            raise OrgError("org.error.leader_removes_leader", user=user)
        tx.execute("DELETE FROM memberships WHERE group_id = ? AND user_id = ?", (gid, uid))
    return str(found[0])


def unassign(storage: Storage, group: str, bank_id: str) -> int:
    """Delete the group's assignments of a bank; how many there were.

    The members' devices drop them at their next sync (the sync answer always carries the whole
    list of the learner's assignments).

    Raises:
        OrgError: unknown group, or the group has no assignment of that bank.
    """
    with storage.transaction() as tx:
        gid = _group_id(tx, group)
        removed = tx.execute(
            "DELETE FROM assignments WHERE group_id = ? AND bank_id = ?", (gid, bank_id)
        ).rowcount
        if not removed:
            raise OrgError("org.error.no_assignment", group=group, bank=bank_id)
    return int(removed)


def parse_deadline(text: str) -> str:
    if not isinstance(text, str) or not DATE_RE.match(text):
        raise OrgError("org.error.deadline", value=text)
    try:
        date.fromisoformat(text)
    except ValueError:
        raise OrgError("org.error.deadline", value=text) from None
    return text


def parse_sections(text: str | None) -> list[str]:
    if not text:
        return []
    sections = [s.strip() for s in text.split(",") if s.strip()]
    if len(sections) > MAX_SECTIONS or not all(SECTION_RE.match(s) for s in sections):
        raise OrgError("org.error.sections", value=text)
    return sections


def assign(storage: Storage, group: str, bank_id: str, sections: list[str], deadline: str) -> int:
    """Assign a bank (or some of its sections) to a group by a deadline; the assignment id.

    The bank must be on the server (``trainer server add-bank``) and the sections in it, so a
    typing mistake is caught here rather than on every member's device.
    """
    from trainer.core.bank import BankError

    parse_deadline(deadline)
    if not protocol.BANK_ID_RE.match(bank_id):
        raise OrgError("org.error.no_bank", bank=bank_id)
    bank = storage.bank(bank_id)
    if bank is None:
        raise OrgError("org.error.no_bank", bank=bank_id)
    try:
        known = {s.id for s in parsed_bank(bank["content_hash"], bank["content"]).sections}
    except BankError:
        known = set()
    unknown = [s for s in sections if s not in known]
    if unknown:
        raise OrgError("org.error.no_section", bank=bank_id, sections=", ".join(unknown))
    with storage.transaction() as tx:
        gid = _group_id(tx, group)
        tx.execute(
            "INSERT INTO assignments (group_id, bank_id, sections, deadline, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (gid, bank_id, json.dumps(sections), deadline, time.time()),
        )
        row = tx.execute("SELECT MAX(id) FROM assignments WHERE group_id = ?", (gid,)).fetchone()
    return int(row[0])


_BANKS: dict[str, Any] = {}


def parsed_bank(content_hash: str, content: str) -> Any:
    """A bank from the server's YAML, parsed once per content hash (a few kept)."""
    from trainer.core.bank.loader import parse_bank

    bank = _BANKS.get(content_hash)
    if bank is None:
        from trainer.server.protocol import bank_text_of

        bank = parse_bank(bank_text_of(content), "server bank")
        if len(_BANKS) >= 16:
            _BANKS.pop(next(iter(_BANKS)))
        _BANKS[content_hash] = bank
    return bank


def group_name(storage: Storage, group_id: int) -> str | None:
    with storage.transaction(write=False) as tx:
        row = tx.execute("SELECT name FROM org_groups WHERE id = ?", (group_id,)).fetchone()
    return str(row[0]) if row else None


def groups_of_user(storage: Storage, user_id: int) -> dict[int, str]:
    """The user's groups and their role in each."""
    with storage.transaction(write=False) as tx:
        rows = tx.execute(
            "SELECT group_id, role FROM memberships WHERE user_id = ?", (user_id,)
        ).fetchall()
    return {int(r[0]): str(r[1]) for r in rows}


def assignments_for_user(storage: Storage, user_id: int) -> list[dict[str, Any]]:
    """The assignments of the user's groups, for their devices (newest deadline last)."""
    with storage.transaction(write=False) as tx:
        rows = tx.execute(
            "SELECT a.id, g.name, a.bank_id, a.sections, a.deadline FROM assignments a "
            "JOIN memberships m ON m.group_id = a.group_id JOIN org_groups g ON g.id = a.group_id "
            "WHERE m.user_id = ? ORDER BY a.deadline, a.id LIMIT ?",
            (user_id, MAX_ASSIGNMENTS_SENT),
        ).fetchall()
    return [
        {"id": r[0], "group": r[1], "bank_id": r[2], "sections": json.loads(r[3]),
         "deadline": r[4]}
        for r in rows
    ]  # fmt: skip


def group_assignments(tx: Tx, group_id: int) -> list[dict[str, Any]]:
    rows = tx.execute(
        "SELECT id, bank_id, sections, deadline FROM assignments WHERE group_id = ? "
        "ORDER BY deadline, id",
        (group_id,),
    ).fetchall()
    return [
        {"id": r[0], "bank_id": r[1], "sections": json.loads(r[2]), "deadline": r[3]} for r in rows
    ]


# ------------------------------------------------------------------ login links and sessions


def new_login_link(storage: Storage, user: str, *, now: float | None = None) -> str:
    """A one-time secret that opens a dashboard session for ``user`` (valid a day)."""
    moment = time.time() if now is None else now
    secret = secrets.token_urlsafe(32)
    with storage.transaction() as tx:
        uid = _user_id(tx, user)
        tx.execute(
            "INSERT INTO org_login_links (token_hash, user_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            (hash_secret(secret), uid, moment, moment + LOGIN_LINK_TTL_S),
        )
    return secret


def redeem_login_link(storage: Storage, secret: str) -> str | None:
    """Use a login link once: a new session's secret, or None (unknown, used, expired)."""
    now = time.time()
    session = secrets.token_urlsafe(32)
    with storage.transaction() as tx:
        row = tx.execute(
            "SELECT l.user_id FROM org_login_links l JOIN users u ON u.id = l.user_id "
            "WHERE l.token_hash = ? AND l.used_at IS NULL AND l.expires_at > ? "
            "AND u.disabled_at IS NULL",
            (hash_secret(secret), now),
        ).fetchone()
        if row is None:
            return None
        used = tx.execute(
            "UPDATE org_login_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
            (now, hash_secret(secret)),
        )
        if used.rowcount != 1:
            return None
        tx.execute("DELETE FROM org_sessions WHERE expires_at < ?", (now,))
        tx.execute(
            "INSERT INTO org_sessions (token_hash, user_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            (hash_secret(session), row[0], now, now + SESSION_TTL_S),
        )
    return session


def end_session(storage: Storage, secret: str) -> None:
    with storage.transaction() as tx:
        tx.execute("DELETE FROM org_sessions WHERE token_hash = ?", (hash_secret(secret),))


def viewer_for_session(storage: Storage, secret: str) -> Viewer | None:
    """Who holds this session secret, or None (unknown, expired, user disabled)."""
    with storage.transaction(write=False) as tx:
        row = tx.execute(
            "SELECT u.id, u.name, u.role FROM org_sessions s JOIN users u ON u.id = s.user_id "
            "WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL",
            (hash_secret(secret), time.time()),
        ).fetchone()
        if row is None:
            return None
        roles = tx.execute(
            "SELECT group_id, role FROM memberships WHERE user_id = ?", (row[0],)
        ).fetchall()
    return Viewer(
        user_id=int(row[0]),
        name=str(row[1]),
        admin=row[2] == "admin",
        member_of=frozenset(int(r[0]) for r in roles),
        leader_of=frozenset(int(r[0]) for r in roles if r[1] == "leader"),
    )


# ------------------------------------------------------------------ group sessions


def parse_group_review(data: Any, where: str) -> dict[str, Any]:
    """A group-session answer for one member: ``user`` plus a review in group mode."""
    if not isinstance(data, dict):
        raise protocol.ProtocolError(where, "", "must be an object")
    user = protocol.check_name(data.get("user"), where)
    review = protocol.parse_review({k: v for k, v in data.items() if k != "user"}, where)
    if review["mode"] != "group":
        raise protocol.ProtocolError(where, "mode", "must be 'group'")
    return {"user": user, **review}


def store_group_reviews(
    storage: Storage, leader: Device, records: list[dict[str, Any]]
) -> dict[str, Any]:
    """Record a group session's answers into its players' server histories.

    The device's user must lead a group each player is in (or be an admin); otherwise nothing
    is stored. Each answer is keyed on the player and its uid, so a second push stores nothing
    twice; it carries the leader's device id, so every device of the player pulls it.

    Raises:
        OrgError: a player is unknown or not in a group the device's user leads.
    """
    names = sorted({r["user"] for r in records})
    now = time.time()
    stored = 0
    with storage.transaction() as tx:
        admin = tx.execute("SELECT role FROM users WHERE id = ?", (leader.user_id,)).fetchone()
        is_admin = admin is not None and admin[0] == "admin"
        ids: dict[str, int] = {}
        for name in names:
            row = tx.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
            led = row is not None and (
                is_admin
                or tx.execute(
                    "SELECT 1 FROM memberships m JOIN memberships l ON l.group_id = m.group_id "
                    "WHERE m.user_id = ? AND l.user_id = ? AND l.role = 'leader'",
                    (row[0], leader.user_id),
                ).fetchone()
                is not None
            )
            if not led:
                raise OrgError("org.error.not_your_member", name=name)
            ids[name] = int(row[0])
        for name in names:
            user_id = ids[name]
            seq = tx.lock_user(user_id)
            rows = []
            for record in records:
                if record["user"] == name:
                    seq += 1
                    rows.append(
                        (user_id, seq, leader.id, *(record[f] for f in protocol.REVIEW_FIELDS))
                    )
            stored += tx.insert_new_reviews(rows)
            tx.execute("UPDATE users SET seq = ? WHERE id = ?", (seq, user_id))
        tx.execute("UPDATE devices SET last_seen_at = ? WHERE id = ?", (now, leader.id))
    return {"accepted": stored, "players": len(names), "user_ids": sorted(ids.values())}


# ------------------------------------------------------------------ tickets for `trainer host`

GROUP_TICKET_TTL_S = 12 * 3600
"""A ticket for a networked group session lasts a working day."""
MAX_TICKETS_CHECKED = 500
MAX_LIVE_TICKETS = 20
"""Tickets a user holds at once (one per seat they join with); asking for more drops the
oldest, so a signed-in device asking in a loop cannot grow the table."""
TICKET_RE = re.compile(r"^[A-Za-z0-9_-]{20,80}$")


def new_group_ticket(storage: Storage, device: Device) -> dict[str, Any]:
    """A ticket naming the device's user, for ``trainer join`` to hand to the host.

    The host's leader can turn it into the user's name (:func:`check_group_tickets`) only if
    they lead a group the user is in; a player cannot make one for anybody else, so nobody
    joining under another's name writes into that person's history.
    """
    now = time.time()
    ticket = secrets.token_urlsafe(32)
    with storage.transaction() as tx:
        tx.execute("DELETE FROM org_group_tickets WHERE expires_at < ?", (now,))
        tx.execute(
            "INSERT INTO org_group_tickets (token_hash, user_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            (hash_secret(ticket), device.user_id, now, now + GROUP_TICKET_TTL_S),
        )
        tx.execute(
            "DELETE FROM org_group_tickets WHERE user_id = ? AND token_hash NOT IN ("
            " SELECT token_hash FROM org_group_tickets WHERE user_id = ?"
            " ORDER BY created_at DESC LIMIT ?)",
            (device.user_id, device.user_id, MAX_LIVE_TICKETS),
        )
        row = tx.execute("SELECT name FROM users WHERE id = ?", (device.user_id,)).fetchone()
    return {"ticket": ticket, "user": str(row[0]), "expires_at": now + GROUP_TICKET_TTL_S}


def _leads(tx: Tx, leader_id: int, user_id: int) -> bool:
    """Whether ``leader_id`` is an admin or leads a group ``user_id`` is in."""
    role = tx.execute("SELECT role FROM users WHERE id = ?", (leader_id,)).fetchone()
    if role is not None and role[0] == "admin":
        return True
    return (
        tx.execute(
            "SELECT 1 FROM memberships m JOIN memberships l ON l.group_id = m.group_id "
            "WHERE m.user_id = ? AND l.user_id = ? AND l.role = 'leader'",
            (user_id, leader_id),
        ).fetchone()
        is not None
    )


def check_group_tickets(
    storage: Storage, leader: Device, tickets: list[str]
) -> list[dict[str, Any]]:
    """What each ticket stands for, as far as the asking leader may know.

    Returns:
        One entry per ticket: ``{"ticket", "user"}`` when it is valid and names a member of a
        group the device's user leads (or the device's user is an admin); else
        ``{"ticket", "error"}`` with ``invalid`` (unknown, expired, user disabled) or
        ``not_your_member`` (the name is not given: it is none of the leader's business).
    """
    now = time.time()
    found: list[dict[str, Any]] = []
    with storage.transaction(write=False) as tx:
        for ticket in tickets:
            row = tx.execute(
                "SELECT u.id, u.name FROM org_group_tickets t JOIN users u ON u.id = t.user_id "
                "WHERE t.token_hash = ? AND t.expires_at > ? AND u.disabled_at IS NULL",
                (hash_secret(ticket), now),
            ).fetchone()
            if row is None:
                found.append({"ticket": ticket, "error": "invalid"})
            elif not _leads(tx, leader.user_id, int(row[0])):
                found.append({"ticket": ticket, "error": "not_your_member"})
            else:
                found.append({"ticket": ticket, "user": str(row[1])})
    return found
