"""The device side of ``trainer sync``: registration, one sync run, its status.

Plain ``urllib`` (no aiohttp on the device). One run pushes the reviews, exams and setting
changes not yet on the server and pulls those of the learner's other devices, page by page;
each page is committed locally before the next request, and the cursor is saved after the
page it covers, so a run killed anywhere is completed by the next one (see
:mod:`trainer.core.store.sync`). At most one run per data directory at a time (a lock file).

Everything the server sends is validated by :mod:`trainer.server.protocol` before it touches
the store; a bank is written only if it parses and matches its hash. Failures raise
:class:`SyncError` with a message key of ``trainer/i18n/sync.py`` (the CLI and the app word it).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from trainer import paths
from trainer.core import sync as rules
from trainer.core.store import SettingError, Store
from trainer.core.store import sync as local
from trainer.server import protocol
from trainer.server.background import CONFIG_FILE

LOCK_FILE = "sync.lock"
BANKS_DIR = "banks"
TIMEOUT_S = 20.0
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
MAX_ROUNDS = 10000
"""A bound on requests per run (5,000 reviews each), so a misbehaving server cannot loop us."""

CURSOR_KEY = "sync.cursor"
SNAPSHOT_KEY = "sync.settings"
ASSIGNMENT_EXAM_KEY = "sync.exam_from_assignment"
"""The exam date this device last took from an assignment's deadline ("" or absent: none)."""
LAST_OK_KEY = "sync.last_ok"
LAST_ERROR_KEY = "sync.last_error"


class SyncError(Exception):
    """A sync that could not run or finish. ``key`` names the message, ``values`` fill it;
    ``str()`` is English for logs."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(f"{key}: {values}" if values else key)
        self.key = key
        self.values = values


@dataclass
class SyncConfig:
    """What ``trainer sync --setup`` keeps in the data dir (``sync.json``, mode 0600)."""

    url: str
    user: str
    profile: str
    token: str
    device_id: int
    cafile: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "user": self.user,
            "profile": self.profile,
            "token": self.token,
            "device_id": self.device_id,
            "cafile": self.cafile,
        }


@dataclass
class SyncOutcome:
    """What one run did."""

    pushed: int = 0
    pulled: int = 0
    exams: int = 0
    settings: list[str] = field(default_factory=list)
    banks: list[str] = field(default_factory=list)
    cards: int = 0
    requests: int = 0


@dataclass
class SyncStatus:
    """``trainer sync --status`` and the home screen's line."""

    configured: bool
    url: str | None = None
    user: str | None = None
    profile: str | None = None
    last_ok: float | None = None
    last_error: dict[str, Any] | None = None
    """The last failure as ``{"key", "values"}`` (a message of trainer/i18n/sync.py)."""
    pending: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "configured": self.configured,
            "url": self.url,
            "user": self.user,
            "profile": self.profile,
            "last_sync": self.last_ok,
            "last_error": self.last_error,
            "pending_reviews": self.pending,
        }


# ------------------------------------------------------------------ configuration


def config_path() -> Path:
    return paths.data_dir() / CONFIG_FILE


def load_config() -> SyncConfig | None:
    """The device's sync configuration, or None if ``--setup`` never ran.

    Raises:
        SyncError: the file exists but cannot be read.
    """
    path = config_path()
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SyncConfig(
            url=str(data["url"]),
            user=str(data["user"]),
            profile=str(data["profile"]),
            token=str(data["token"]),
            device_id=int(data["device_id"]),
            cafile=str(data["cafile"]) if data.get("cafile") else None,
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SyncError("sync.error.config", path=path, reason=error) from None


def save_config(config: SyncConfig) -> Path:
    """Write ``sync.json`` readable by its owner only (it holds the device token)."""
    path = config_path()
    paths.ensure_data_dir()
    tmp = path.with_name(f".{path.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(config.to_dict(), handle, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
    return path


def check_url(url: str) -> str:
    """The server's base URL (``http(s)://host[:port]``, no trailing slash).

    Raises:
        SyncError: not an http(s) URL with a host.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError("sync.error.url", url=url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


# ------------------------------------------------------------------ HTTP


def _context(url: str, cafile: str | None) -> ssl.SSLContext | None:
    if not url.startswith("https:"):
        return None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as error:
        raise SyncError("sync.error.cafile", path=cafile, reason=error) from None


def _clean(text: Any, limit: int = 300) -> str:
    """A server's words, safe to print: no control characters, bounded."""
    shown = "".join(ch if ch.isprintable() else " " for ch in str(text))
    return shown[:limit]


def request(
    base: str,
    method: str,
    path: str,
    *,
    body: Any = None,
    token: str | None = None,
    cafile: str | None = None,
    timeout: float = TIMEOUT_S,
) -> Any:
    """One JSON request; the decoded JSON answer.

    Raises:
        SyncError: network failure, TLS failure, an error status or a non-JSON answer.
    """
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {"Accept": "application/json", "User-Agent": "trainer-sync"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(
            req, timeout=timeout, context=_context(base, cafile)
        ) as response:
            raw = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        message = ""
        with contextlib.suppress(Exception):
            message = _clean(json.loads(error.read(65536)).get("message", ""))
        if error.code == 401:
            raise SyncError("sync.error.token") from None
        if error.code == 429:
            raise SyncError("sync.error.rate_limited") from None
        raise SyncError("sync.error.status", status=error.code, message=message) from None
    except (TimeoutError, urllib.error.URLError, OSError, ssl.SSLError) as error:
        reason = getattr(error, "reason", None) or error
        raise SyncError("sync.error.network", url=base, reason=_clean(reason)) from None
    if len(raw) > MAX_RESPONSE_BYTES:
        raise SyncError("sync.error.bad_answer", reason="answer too large")
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SyncError("sync.error.bad_answer", reason="not JSON") from None


# ------------------------------------------------------------------ set-up


def setup(
    url: str,
    user: str,
    code: str,
    profile: str,
    *,
    cafile: str | None = None,
    device_name: str | None = None,
) -> SyncConfig:
    """Redeem an invite code and keep the device token in the data dir.

    Raises:
        SyncError: the server refused or cannot be reached.
    """
    base = check_url(url)
    name = device_name or _clean(socket.gethostname(), protocol.MAX_DEVICE_NAME) or "device"
    answer = request(
        base,
        "POST",
        f"{protocol.API}/devices",
        body={"user": user, "code": code, "device": name},
        cafile=cafile,
    )
    if not isinstance(answer, dict) or not isinstance(answer.get("token"), str):
        raise SyncError("sync.error.bad_answer", reason="no token")
    device_id = answer.get("device_id")
    if isinstance(device_id, bool) or not isinstance(device_id, int):
        raise SyncError("sync.error.bad_answer", reason="no device id")
    config = SyncConfig(base, user, profile, answer["token"], device_id, cafile)
    save_config(config)
    return config


# ------------------------------------------------------------------ one run


@contextlib.contextmanager
def run_lock() -> Iterator[None]:
    """Hold the data dir's sync lock (released by the OS even on kill -9).

    Raises:
        SyncError: another sync of this data dir is running.
    """
    paths.ensure_data_dir()
    fd = os.open(paths.data_dir() / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError("sync.error.busy") from None
        yield
    finally:
        os.close(fd)


def _parse_page(
    answer: Any,
) -> tuple[int, bool, list[dict[str, Any]], list[dict[str, Any]], list[rules.SettingChange]]:
    if not isinstance(answer, dict):
        raise SyncError("sync.error.bad_answer", reason="not an object")
    cursor = answer.get("cursor")
    if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
        raise SyncError("sync.error.bad_answer", reason="cursor")
    try:
        reviews = protocol.parse_list(
            answer, "reviews", 4 * protocol.PULL_PAGE, protocol.parse_review
        )
        exams = protocol.parse_list(answer, "exams", 8 * protocol.PULL_PAGE, protocol.parse_exam)
        settings = protocol.parse_list(answer, "settings", 10000, protocol.parse_setting)
    except protocol.ProtocolError as error:
        raise SyncError("sync.error.bad_answer", reason=_clean(error)) from None
    for exam in exams:
        exam["sections"] = json.loads(exam["sections"])
    changes = [
        rules.SettingChange(
            s["key"], json.loads(s["value"]) if s["value"] is not None else None, s["changed_at"]
        )
        for s in settings
    ]
    return cursor, bool(answer.get("more")), reviews, exams, changes


def _keep_assignments(
    store: Store, profile: str, answer: dict[str, Any], now: float | None = None
) -> None:
    """The learner's groups' assignments, kept in the profile's settings (organisation-wide
    progress, :mod:`trainer.server.assignments`), and the schedule aimed at their deadline."""
    from trainer.server.assignments import SETTING_KEY, parse_assignments

    assignments = parse_assignments(answer.get("assignments"))
    if assignments is None:
        return
    if store.get_setting(SETTING_KEY, None, profile) != assignments:
        store.set_setting(SETTING_KEY, assignments, profile)
    _aim_at_deadline(store, profile, assignments, time.time() if now is None else now)


def _aim_at_deadline(
    store: Store, profile: str, assignments: list[dict[str, Any]], now: float
) -> None:
    """Aim the schedule at the nearest assignment deadline (the exam-date mode of scheduling).

    A date the learner set themselves wins: the deadline is only written where the exam date is
    unset or is the deadline written here before (kept in ``sync.exam_from_assignment``).
    """
    from trainer.core.clock import from_epoch, local_day

    today = local_day(from_epoch(now), store.time_zone(profile)).isoformat()
    upcoming = sorted(a["deadline"] for a in assignments if a["deadline"] > today)
    aimed = upcoming[0] if upcoming else ""
    mine = str(store.get_setting("exam_date", "", profile) or "")
    written = str(store.get_setting(ASSIGNMENT_EXAM_KEY, "", profile) or "")
    if mine and mine != written:
        return  # the learner's own exam date
    if aimed != mine:
        store.set_setting("exam_date", aimed or None, profile)
    store.set_setting(ASSIGNMENT_EXAM_KEY, aimed or None, profile)


def _apply_settings(store: Store, profile: str, values: dict[str, Any]) -> list[str]:
    applied = []
    for key, value in values.items():
        try:
            store.set_setting(key, value, profile)
        except SettingError:
            continue  # a value this version cannot take: keep ours, say nothing
        applied.append(key)
    return applied


def run_sync(
    store: Store,
    config: SyncConfig,
    *,
    clock: Callable[[], float] = time.time,
    banks: bool = True,
) -> SyncOutcome:
    """One sync: push, pull, replay, then fetch new or changed banks.

    Records the outcome in the profile's ``sync.last_ok`` / ``sync.last_error`` settings.

    Raises:
        SyncError: the run stopped (what was committed stays; the next run continues).
    """
    profile = config.profile
    store.ensure_profile(profile)
    try:
        with run_lock():
            outcome = _run(store, config, clock, banks)
    except SyncError as error:
        with contextlib.suppress(Exception):
            store.set_setting(
                LAST_ERROR_KEY,
                {"key": error.key, "values": {k: _clean(v) for k, v in error.values.items()}},
                profile,
            )
        raise
    store.set_setting(LAST_OK_KEY, clock(), profile)
    store.set_setting(LAST_ERROR_KEY, None, profile)
    _send_kept_group_answers(config)
    return outcome


def _send_kept_group_answers(config: SyncConfig) -> None:
    """A leader's ``trainer host --record-server`` that could not reach the server kept its
    players' answers in the data dir: the next sync of this device sends them (never failing
    the sync; what cannot be sent stays for the next time)."""
    from trainer.server.host_record import OUTBOX_FILE, ServerRecorder

    if (paths.data_dir() / OUTBOX_FILE).exists():
        ServerRecorder(config).sync()


def _within_body_limit(reviews: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first reviews whose JSON stays under :data:`protocol.PUSH_BATCH_BYTES` (at least
    one: a single review is far below the limit)."""
    size = 0
    for index, review in enumerate(reviews):
        # an upper bound without encoding: the answer as UTF-8 (escaped) plus the rest
        size += 6 * len(review["answer"]) + 600
        if size > protocol.PUSH_BATCH_BYTES and index:
            return reviews[:index]
    return reviews


def _run(store: Store, config: SyncConfig, clock: Callable[[], float], banks: bool) -> SyncOutcome:
    profile = config.profile
    outcome = SyncOutcome()
    snapshot: rules.Snapshot = store.get_setting(SNAPSHOT_KEY, {}, profile) or {}
    changes = rules.local_changes(local.own_settings(store, profile), snapshot, clock())
    exams = local.pending_exams(store, profile)
    cursor = int(store.get_setting(CURSOR_KEY, 0, profile) or 0)
    rebuild_all = rules.needs_full_rebuild(c.key for c in changes)
    settings_out = changes
    for _ in range(MAX_ROUNDS):
        pending = local.pending_reviews(store, profile, protocol.MAX_PUSH_REVIEWS)
        batch = _within_body_limit(pending)
        exams_out, exams = exams[: protocol.MAX_PUSH_EXAMS], exams[protocol.MAX_PUSH_EXAMS :]
        answer = request(
            config.url,
            "POST",
            f"{protocol.API}/sync",
            body={
                "cursor": cursor,
                "reviews": batch,
                "exams": exams_out,
                "settings": [c.to_wire() for c in settings_out],
            },
            token=config.token,
            cafile=config.cafile,
        )
        outcome.requests += 1
        new_cursor, more, reviews, pulled_exams, remote = _parse_page(answer)
        _keep_assignments(store, profile, answer, clock())
        # Settings first: the cards of this page replay under the learner's settings.
        to_apply, snapshot = rules.merge_settings(snapshot, settings_out, remote)
        applied = _apply_settings(store, profile, to_apply)
        store.set_setting(SNAPSHOT_KEY, snapshot, profile)
        outcome.settings.extend(applied)
        rebuild_all = rebuild_all or rules.needs_full_rebuild(applied)
        added, exams_added = local.merge_remote(store, profile, reviews, pulled_exams)
        store.set_setting(CURSOR_KEY, new_cursor, profile)
        local.mark_pushed(store, [r["uid"] for r in batch], exams_out)
        cursor = new_cursor
        settings_out = []
        outcome.pushed += len(batch)
        outcome.pulled += added
        outcome.exams += exams_added
        if not more and len(batch) == len(pending) < protocol.MAX_PUSH_REVIEWS and not exams:
            break
    if rebuild_all:
        outcome.cards = local.rebuild_all_cards(store, profile)
    else:
        outcome.cards = local.rebuild_pushed_cards(store, profile)
    if banks:
        outcome.banks = pull_banks(config)
    return outcome


# ------------------------------------------------------------------ banks


def banks_dir() -> Path:
    """Where a device keeps the banks it pulled from the server (one ``BANK_ID.yaml`` each)."""
    return paths.data_dir() / BANKS_DIR


def pull_banks(config: SyncConfig) -> list[str]:
    """Fetch the server's banks that are new or changed here (by SHA-256 of their text).

    Returns:
        The ids of the banks written.

    Raises:
        SyncError: the server cannot be reached, or sent a bank that is not valid.
    """
    answer = request(
        config.url, "GET", f"{protocol.API}/banks", token=config.token, cafile=config.cafile
    )
    listed = answer.get("banks") if isinstance(answer, dict) else None
    if not isinstance(listed, list):
        raise SyncError("sync.error.bad_answer", reason="banks")
    folder = banks_dir()
    written = []
    for entry in listed[:1000]:
        if not isinstance(entry, dict):
            raise SyncError("sync.error.bad_answer", reason="banks")
        bank_id, digest = entry.get("bank_id"), entry.get("content_hash")
        if not isinstance(bank_id, str) or not protocol.BANK_ID_RE.match(bank_id):
            raise SyncError("sync.error.bad_answer", reason="bank id")
        if not isinstance(digest, str) or not protocol.HASH_RE.match(digest):
            raise SyncError("sync.error.bad_answer", reason="bank hash")
        target = folder / f"{bank_id}.yaml"
        stamp = folder / f".{bank_id}.sha256"  # the hash of what the server sent last
        if target.exists() and _read_stamp(stamp) == digest:
            continue
        bank = request(
            config.url,
            "GET",
            f"{protocol.API}/banks/{bank_id}",
            token=config.token,
            cafile=config.cafile,
        )
        content = bank.get("content") if isinstance(bank, dict) else None
        if not isinstance(content, str):
            raise SyncError("sync.error.bad_answer", reason="bank content")
        if hashlib.sha256(content.encode("utf-8")).hexdigest() != digest:
            raise SyncError("sync.error.bank", bank=bank_id, reason="hash mismatch")
        try:
            bank_text, reports = protocol.unbundle_bank(content, bank_id)
        except ValueError as error:
            raise SyncError("sync.error.bank", bank=bank_id, reason=_clean(error)) from None
        _install_bank(folder, bank_id, bank_text, reports)
        stamp.write_text(digest, encoding="utf-8")
        written.append(bank_id)
    return written


def _read_stamp(stamp: Path) -> str:
    try:
        return stamp.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def _install_bank(folder: Path, bank_id: str, bank_text: str, reports: dict[str, str]) -> None:
    """Check the bank with its reports in a staging folder, then move them in place.

    Nothing is replaced unless the whole bank loads (its reports included).
    """
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".{bank_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name, text in reports.items():
            (staging / name).write_text(text, encoding="utf-8")
        raw = bank_text.encode("utf-8")
        (staging / f"{bank_id}.yaml").write_bytes(raw)
        _check_bank(raw, bank_id, staging)
        # reports first: the bank never names a file that is not there yet
        for name in [*reports, f"{bank_id}.yaml"]:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_bank(raw: bytes, bank_id: str, folder: Path) -> None:
    from trainer.core.bank import BankError
    from trainer.core.bank.loader import parse_bank

    try:
        bank = parse_bank(raw, f"{bank_id}.yaml", base_dir=folder)
    except BankError as error:
        from trainer.i18n.bank import problem_text

        first = problem_text(error.problems[0]) if error.problems else ""
        raise SyncError("sync.error.bank", bank=bank_id, reason=_clean(first)) from None
    if bank.id != bank_id:
        raise SyncError("sync.error.bank", bank=bank_id, reason=f"its id is {bank.id!r}")


# ------------------------------------------------------------------ status and background


def status(store: Store | None) -> SyncStatus:
    """The device's sync state (never contacts the server)."""
    try:
        config = load_config()
    except SyncError:
        config = None
    if config is None:
        return SyncStatus(configured=False)
    result = SyncStatus(True, config.url, config.user, config.profile)
    if store is not None:
        last = store.get_setting(LAST_OK_KEY, None, config.profile)
        result.last_ok = float(last) if isinstance(last, int | float) else None
        error = store.get_setting(LAST_ERROR_KEY, None, config.profile)
        if isinstance(error, dict) and isinstance(error.get("key"), str):
            values = error.get("values")
            result.last_error = {
                "key": error["key"],
                "values": values if isinstance(values, dict) else {},
            }
        result.pending = local.pending_review_count(store, config.profile)
    return result
