"""The sync protocol's JSON records and their validation, shared by the server and the device.

Every record that crosses the network is hostile until checked here: each field has a type and a
bound, and a bad one raises :class:`ProtocolError` naming the record and the field. The server
answers that with a 400; the device refuses a page from a server that sends it.

A review on the wire (``REVIEW_FIELDS``) is the local :class:`~trainer.core.store.ReviewRecord`
without the device-only columns (``id``, ``card_before``, ``profile``): the card state is
recomputed on every device by replaying the log, never copied.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

API = "/api/v1"
MAX_BODY_BYTES = 4 * 1024 * 1024
"""Largest request body the server accepts (413 above it)."""
MAX_PUSH_REVIEWS = 5000
"""Most reviews one sync request may push; the device sends its history in batches of this
(fewer when long answers would make the body larger than :data:`PUSH_BATCH_BYTES`)."""
PUSH_BATCH_BYTES = 3 * 1024 * 1024
"""The size a device keeps each request body under (below :data:`MAX_BODY_BYTES`)."""
MAX_PUSH_EXAMS = 500
MAX_PUSH_SETTINGS = 200
PULL_PAGE = 5000
"""Most reviews one sync response carries; ``more`` says another page follows."""
PULL_PAGE_BYTES = 8 * 1024 * 1024
"""About the most answer text one sync response carries (long answers make shorter pages)."""

MODES = ("study", "review", "exam", "group", "cram")
VERDICTS = ("correct", "close", "partial", "wrong")
MAX_ID = 200
MAX_ANSWER = 4000
MAX_SETTING_KEY = 100
MAX_SETTING_VALUE = 2000
MAX_SECTIONS_JSON = 20000
MAX_NAME = 40
MAX_DEVICE_NAME = 80
MIN_TIME = 946684800.0  # 2000-01-01: no review is older
MAX_TIME = 4102444800.0  # 2100-01-01

UID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,80}$")
BANK_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")
"""A bank id is also the name of the file a device writes it to: no slash, no leading dot."""
HASH_RE = re.compile(r"^[0-9a-f]{64}$")

REVIEW_FIELDS = (
    "uid",
    "bank_id",
    "question_id",
    "content_hash",
    "reviewed_at",
    "mode",
    "answer",
    "verdict",
    "score",
    "rating",
    "suggested_rating",
    "duration_ms",
    "hint_used",
    "exam_uid",
)
EXAM_FIELDS = (
    "uid",
    "bank_id",
    "started_at",
    "finished_at",
    "size",
    "time_limit_s",
    "score",
    "sections",
)


class ProtocolError(ValueError):
    """A record or request that breaks the protocol; ``str()`` says which and why (English).

    ``where`` names the record (``reviews[3]``), ``field`` the field at fault. ``key`` (and
    ``values``), when set, name the problem in the message catalogue, for a front end that
    words it in the user's language (the CLI); the HTTP answer stays English.
    """

    def __init__(self, where: str, field: str, problem: str, key: str = "", **values: Any) -> None:
        super().__init__(f"{where}.{field}: {problem}" if field else f"{where}: {problem}")
        self.where = where
        self.field = field
        self.problem = problem
        self.key = key
        self.values = values


def _text(
    data: Mapping[str, Any], where: str, name: str, limit: int, *, empty: bool = False
) -> str:
    value = data.get(name, "")
    if value is None and empty:
        return ""
    if not isinstance(value, str):
        raise ProtocolError(where, name, "must be a string")
    if len(value) > limit:
        raise ProtocolError(where, name, f"longer than {limit} characters")
    if not empty and not value:
        raise ProtocolError(where, name, "must not be empty")
    if "\x00" in value:
        raise ProtocolError(where, name, "contains a NUL character")
    return value


def _number(
    data: Mapping[str, Any],
    where: str,
    name: str,
    low: float,
    high: float,
    *,
    optional: bool = False,
    integer: bool = False,
) -> Any:
    value = data.get(name)
    if value is None:
        if optional:
            return None
        raise ProtocolError(where, name, "is missing")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProtocolError(where, name, "must be a number")
    if integer and (not isinstance(value, int) and not float(value).is_integer()):
        raise ProtocolError(where, name, "must be a whole number")
    if not math.isfinite(value) or not low <= value <= high:
        raise ProtocolError(where, name, f"must be between {low:g} and {high:g}")
    return int(value) if integer else float(value)


def _uid(data: Mapping[str, Any], where: str, name: str, *, optional: bool = False) -> str | None:
    value = data.get(name)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not UID_RE.match(value):
        raise ProtocolError(where, name, "must be 1-80 letters, digits or _.:-")
    return value


def _object(data: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ProtocolError(where, "", "must be a JSON object")
    return data


def parse_review(data: Any, where: str = "review") -> dict[str, Any]:
    """A checked review with exactly :data:`REVIEW_FIELDS` (``hint_used`` as 0/1).

    Raises:
        ProtocolError: a field is missing, of the wrong type or out of bounds.
    """
    data = _object(data, where)
    mode = data.get("mode")
    if mode not in MODES:
        raise ProtocolError(where, "mode", "must be one of " + ", ".join(MODES))
    verdict = data.get("verdict")
    if verdict not in VERDICTS:
        raise ProtocolError(where, "verdict", "must be one of " + ", ".join(VERDICTS))
    hint = data.get("hint_used", False)
    if not isinstance(hint, bool | int) or hint not in (0, 1):
        raise ProtocolError(where, "hint_used", "must be true or false")
    return {
        "uid": _uid(data, where, "uid"),
        "bank_id": _text(data, where, "bank_id", MAX_ID),
        "question_id": _text(data, where, "question_id", MAX_ID),
        "content_hash": _text(data, where, "content_hash", MAX_ID, empty=True),
        "reviewed_at": _number(data, where, "reviewed_at", MIN_TIME, MAX_TIME),
        "mode": mode,
        "answer": _text(data, where, "answer", MAX_ANSWER, empty=True),
        "verdict": verdict,
        "score": _number(data, where, "score", 0.0, 1.0),
        "rating": _number(data, where, "rating", 1, 4, integer=True),
        "suggested_rating": _number(
            data, where, "suggested_rating", 1, 4, integer=True, optional=True
        ),
        "duration_ms": _number(
            data, where, "duration_ms", 0, 7 * 24 * 3600 * 1000, integer=True, optional=True
        ),
        "hint_used": int(bool(hint)),
        "exam_uid": _uid(data, where, "exam_uid", optional=True),
    }


def parse_exam(data: Any, where: str = "exam") -> dict[str, Any]:
    """A checked exam with exactly :data:`EXAM_FIELDS` (``sections`` as a JSON string).

    Raises:
        ProtocolError: a field is missing, of the wrong type or out of bounds.
    """
    data = _object(data, where)
    sections = data.get("sections") or {}
    if not isinstance(sections, Mapping):
        raise ProtocolError(where, "sections", "must be an object")
    encoded = json.dumps(sections, ensure_ascii=False, sort_keys=True)
    if len(encoded) > MAX_SECTIONS_JSON:
        raise ProtocolError(where, "sections", f"longer than {MAX_SECTIONS_JSON} characters")
    return {
        "uid": _uid(data, where, "uid"),
        "bank_id": _text(data, where, "bank_id", MAX_ID),
        "started_at": _number(data, where, "started_at", MIN_TIME, MAX_TIME),
        "finished_at": _number(data, where, "finished_at", MIN_TIME, MAX_TIME, optional=True),
        "size": _number(data, where, "size", 0, 100000, integer=True),
        "time_limit_s": _number(data, where, "time_limit_s", 0, 10**7, integer=True, optional=True),
        "score": _number(data, where, "score", 0.0, 1.0, optional=True),
        "sections": encoded,
    }


def parse_setting(data: Any, where: str = "setting") -> dict[str, Any]:
    """A checked setting change: ``key``, ``value`` (JSON text, ``None`` = removed),
    ``changed_at``.

    Raises:
        ProtocolError: a field is missing, of the wrong type or out of bounds.
    """
    data = _object(data, where)
    key = _text(data, where, "key", MAX_SETTING_KEY)
    if key.startswith("sync.") or key == "default_profile":
        raise ProtocolError(where, "key", "is a device-only setting")
    value = data.get("value")
    encoded = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if encoded is not None and len(encoded) > MAX_SETTING_VALUE:
        raise ProtocolError(where, "value", f"longer than {MAX_SETTING_VALUE} characters")
    return {
        "key": key,
        "value": encoded,
        "changed_at": _number(data, where, "changed_at", MIN_TIME, MAX_TIME),
    }


def parse_list(data: Mapping[str, Any], name: str, limit: int, parse: Any) -> list[dict[str, Any]]:
    """``data[name]`` as a list of at most ``limit`` records, each checked by ``parse``.

    Raises:
        ProtocolError: not a list, too long, or a record is bad.
    """
    items = data.get(name, [])
    if items is None:
        return []
    if not isinstance(items, list):
        raise ProtocolError(name, "", "must be a list")
    if len(items) > limit:
        raise ProtocolError(name, "", f"has more than {limit} records; send them in batches")
    return [parse(item, f"{name}[{index}]") for index, item in enumerate(items)]


def check_name(name: Any, where: str = "user") -> str:
    """A learner's account name: 1-40 characters, no control characters or slashes.

    Raises:
        ProtocolError: the name is not allowed.
    """
    if not isinstance(name, str):
        raise ProtocolError(where, "name", "must be a string")
    cleaned = name.strip()
    if not cleaned or len(cleaned) > MAX_NAME:
        raise ProtocolError(
            where, "name", f"must be 1-{MAX_NAME} characters", "org.name.length", limit=MAX_NAME
        )
    if any(ord(ch) < 32 or ord(ch) == 127 or ch in "/\\" for ch in cleaned):
        raise ProtocolError(
            where, "name", "contains a control character or slash", "org.name.characters"
        )
    return cleaned


def review_to_wire(row: Mapping[str, Any]) -> dict[str, Any]:
    """A review row (any mapping with :data:`REVIEW_FIELDS`) as JSON-ready data."""
    out = {name: row[name] for name in REVIEW_FIELDS}
    out["hint_used"] = bool(out["hint_used"])
    return out


def exam_to_wire(row: Mapping[str, Any]) -> dict[str, Any]:
    """An exam row (``sections`` as JSON text) as JSON-ready data."""
    out = {name: row[name] for name in EXAM_FIELDS}
    out["sections"] = json.loads(out["sections"] or "{}")
    return out


# ------------------------------------------------------------------ banks with their reports

BANK_BUNDLE_FORMAT = "trainer-bank/1"
"""A bank as the server holds it: its YAML plus the report files it names, in one JSON text.

A bank's ``source:``/``reading:`` must name a file in the bank's own folder (a bank can read
only its own report), so the YAML alone would not load on a device. ``trainer server
add-bank`` puts the reports in the bundle and points the bank at them by plain file names;
the device writes all of them into its banks folder."""
MAX_REPORT_CHARS = 8 * 1024 * 1024
REPORT_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,150}\.txt$")
_HEADER_REPORT = re.compile(r"^(\s+)(source|reading):[^\n]*$")


def bundle_bank(bank_text: str, bank_id: str, reports: Mapping[str, str]) -> str:
    """The bank and its reports (``{"source": text, "reading": text}``) as one text.

    The bank's header is pointed at ``BANK_ID.source.txt`` / ``BANK_ID.reading.txt``; the
    questions' own ``source:`` quotes are left alone (only the ``bank:`` block is read).
    """
    names = {key: f"{bank_id}.{key}.txt" for key in reports}
    lines = bank_text.splitlines(keepends=True)
    in_header = False
    for index, line in enumerate(lines):
        if re.match(r"^bank:\s*(#.*)?$", line):
            in_header = True
            continue
        if in_header and line.strip() and not line[0].isspace() and not line.startswith("#"):
            break  # the next top-level key: the header is over
        match = _HEADER_REPORT.match(line.rstrip("\r\n")) if in_header else None
        if match and match.group(2) in names:
            lines[index] = f"{match.group(1)}{match.group(2)}: {names[match.group(2)]}\n"
    files = {names[key]: text for key, text in reports.items()}
    return json.dumps(
        {"format": BANK_BUNDLE_FORMAT, "bank": "".join(lines), "files": files},
        ensure_ascii=False,
    )


def bank_text_of(content: str) -> str:
    """The bank's YAML from what the server holds (a bundle, or plain YAML), reports left out."""
    if not content.lstrip().startswith("{"):
        return content
    data = json.loads(content)
    bank = data.get("bank") if isinstance(data, dict) else None
    if not isinstance(bank, str):
        raise ValueError("malformed bank bundle")
    return bank


def unbundle_bank(content: str, bank_id: str) -> tuple[str, dict[str, str]]:
    """The bank's YAML and its report files from what the server sent (plain YAML too).

    Raises:
        ValueError: a bundle that is malformed, names a file outside the bank's folder or
            not its own, or carries a report over :data:`MAX_REPORT_CHARS`.
    """
    if not content.lstrip().startswith("{"):
        return content, {}
    data = json.loads(content)
    if not isinstance(data, dict) or data.get("format") != BANK_BUNDLE_FORMAT:
        raise ValueError("not a bank bundle")
    bank, files = data.get("bank"), data.get("files") or {}
    if not isinstance(bank, str) or not isinstance(files, dict):
        raise ValueError("malformed bank bundle")
    checked: dict[str, str] = {}
    for name, text in files.items():
        if (
            not isinstance(name, str)
            or not REPORT_NAME_RE.match(name)
            or not name.startswith(f"{bank_id}.")
            or not isinstance(text, str)
            or len(text) > MAX_REPORT_CHARS
        ):
            raise ValueError(f"bad report file {str(name)[:80]!r}")
        checked[name] = text
    return bank, checked
