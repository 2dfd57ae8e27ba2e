"""The group-session wire protocol: JSON messages over WebSockets.

Every message is one JSON object with ``"v"`` (the protocol version) and ``"type"``. The
server is authoritative for time, grading and scoring. Before a question is revealed the
clients only ever see its *public* view (:func:`public_question`): the prompt and what the
input needs (number of blanks or items, the options, shuffled order items), never the answer,
the accepted wordings, the hint, the explanation or the source quote.

Client → server: ``hello`` (join or rejoin), ``answer``, ``leave``.
Server → client: ``welcome``, ``refused``, ``lobby``, ``question``, ``ack``, ``paused``,
``reveal``, ``end``, ``kicked``, ``error``.

No Textual import here (the server and the tests use this module headless).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from trainer.core.bank import AnyQuestion, Bank, parse_bank
from trainer.core.qtypes import TYPES, RebuildError, type_of
from trainer.group.names import MAX_RAW_NAME_CHARS, is_valid_unicode

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
MAX_ANSWER_CHARS = 4000
MAX_ANSWER_PARTS = 64
MAX_PIN_CHARS = 16
MAX_TOKEN_CHARS = 64
MAX_INDEX = 100_000

# type -> {field: accepted python types}; fields listed here are required.
_CLIENT_SCHEMA: dict[str, dict[str, tuple[type, ...]]] = {
    "hello": {"name": (str,), "pin": (str,)},
    "answer": {"index": (int,), "answer": (str, list)},
    "leave": {},
}
_SERVER_SCHEMA: dict[str, dict[str, tuple[type, ...]]] = {
    "welcome": {"player_id": (str,), "token": (str,), "name": (str,)},
    "refused": {"code": (str,), "message": (str,)},
    "lobby": {"players": (list,)},
    "question": {"index": (int,), "total": (int,), "question": (dict,), "time_limit": (int,)},
    "ack": {"index": (int,), "accepted": (bool,)},
    "paused": {"paused": (bool,)},
    "reveal": {"index": (int,), "question": (dict,), "result": (dict,), "leaderboard": (list,)},
    "end": {"leaderboard": (list,)},
    "kicked": {},
    "error": {"code": (str,), "message": (str,)},
}
CLIENT_TYPES = frozenset(_CLIENT_SCHEMA)
SERVER_TYPES = frozenset(_SERVER_SCHEMA)


class ProtocolError(ValueError):
    """A message that cannot be accepted; ``code`` says why (for logs and ``error`` replies).

    Codes: ``oversized``, ``malformed``, ``version``, ``unknown_type``, ``bad_field``.
    """

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def message(kind: str, **fields: Any) -> dict[str, Any]:
    """A message dict with the version and type set.

    Args:
        kind: the message type.
        **fields: its fields.

    Returns:
        The message, ready for :func:`encode`.
    """
    return {"v": PROTOCOL_VERSION, "type": kind, **fields}


def encode(data: Mapping[str, Any]) -> str:
    """Serialize a message to JSON text (UTF-8, compact, Chinese kept readable).

    Raises:
        ProtocolError: the encoded message is larger than :data:`MAX_MESSAGE_BYTES`.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if not is_valid_unicode(text):  # a lone surrogate slipped in: escape it, never fail
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    if len(text) * 3 > MAX_MESSAGE_BYTES and len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
        raise ProtocolError("oversized", f"{len(text.encode('utf-8'))} bytes")
    return text


def decode(raw: str | bytes, *, sender: str = "client") -> dict[str, Any]:
    """Parse and validate one message.

    Args:
        raw: the WebSocket frame.
        sender: ``"client"`` (validate as client → server) or ``"server"``.

    Returns:
        The message as a dict (``type`` and ``v`` included).

    Raises:
        ProtocolError: oversized, not JSON, not an object, wrong version, unknown type or a
            required field missing or of the wrong type.
    """
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError("oversized", f"{size} bytes (limit {MAX_MESSAGE_BYTES})")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ProtocolError("malformed", f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise ProtocolError("malformed", "not a JSON object")
    if data.get("v") != PROTOCOL_VERSION:
        raise ProtocolError("version", f"protocol version {data.get('v')!r}, expected 1")
    schema = _CLIENT_SCHEMA if sender == "client" else _SERVER_SCHEMA
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in schema:
        raise ProtocolError("unknown_type", f"unknown message type {kind!r}")
    for name, types in schema[kind].items():
        value = data.get(name)
        if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
            raise ProtocolError("bad_field", f"{kind}.{name} missing or of the wrong type")
    if sender == "client":
        _check_client_fields(kind, data)
    return data


def _check_text(field: str, value: str, limit: int) -> None:
    """Every string a client sends: valid Unicode (no lone surrogate) and bounded."""
    if len(value) > limit:
        raise ProtocolError("bad_field", f"{field} longer than {limit} characters")
    if not is_valid_unicode(value):
        raise ProtocolError("bad_field", f"{field} is not valid Unicode")


def _check_client_fields(kind: str, data: Mapping[str, Any]) -> None:
    if kind == "answer":
        index = data["index"]
        if not 0 <= index <= MAX_INDEX:
            raise ProtocolError("bad_field", "answer.index out of range")
        answer = data["answer"]
        if isinstance(answer, list):
            if len(answer) > MAX_ANSWER_PARTS:
                raise ProtocolError("bad_field", "answer.answer has too many parts")
            if not all(isinstance(a, str) for a in answer):
                raise ProtocolError("bad_field", "answer.answer must be a string or strings")
            for part in answer:
                _check_text("answer.answer", part, MAX_ANSWER_CHARS)
        else:
            _check_text("answer.answer", answer, MAX_ANSWER_CHARS)
    elif kind == "hello":
        _check_text("hello.name", data["name"], MAX_RAW_NAME_CHARS)
        _check_text("hello.pin", data["pin"], MAX_PIN_CHARS)
        client = data.get("client")
        if client is not None and (not isinstance(client, str) or len(client) > 16):
            raise ProtocolError("bad_field", "hello.client must be a short string")
        ticket = data.get("server_ticket")  # from the player's sync server (org recording)
        if ticket is not None and (
            not isinstance(ticket, str) or len(ticket) > MAX_TOKEN_CHARS * 2
        ):
            raise ProtocolError("bad_field", "hello.server_ticket must be a short string")
        token = data.get("token")
        if token is not None:
            if not isinstance(token, str):
                raise ProtocolError("bad_field", "hello.token must be a string")
            _check_text("hello.token", token, MAX_TOKEN_CHARS)


def clean_answer(answer: str | Sequence[str]) -> str | list[str]:
    """An answer cut to a sane length (the grader cuts long answers anyway)."""
    if isinstance(answer, str):
        return answer[:MAX_ANSWER_CHARS]
    return [part[:MAX_ANSWER_CHARS] for part in answer]


def answer_text(answer: str | Sequence[str]) -> str:
    """An answer as one line of text (list parts joined by ``；``)."""
    if isinstance(answer, str):
        return answer.strip()
    return "；".join(part.strip() for part in answer)


# --------------------------------------------------------------------------- questions


def public_question(
    question: AnyQuestion, *, seed: int = 0, handle: str | None = None
) -> dict[str, Any]:
    """The answer-redacted view of a question, safe to send before the reveal.

    Args:
        question: the full question.
        seed: shuffles the items of an order question (their bank order *is* the answer).
        handle: the opaque per-game name of the question sent instead of its bank id (the
            built-in bank ships with every install, so a bank id would let a bot look the
            answer up).

    Returns:
        A JSON-able dict: ``id, type, prompt, section``, ``input`` (how the phone page takes
        the answer: one of ``trainer.core.qtypes.INPUT_KINDS``) and what the input needs.
    """
    kind = type_of(question)
    data: dict[str, Any] = {
        "id": handle if handle is not None else question.id,
        "type": question.type,
        "prompt": question.prompt,
        "section": question.section or "",
        "input": kind.input_kind,
    }
    data.update(kind.redact(question, seed))
    return data


def _text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key, default)
    return value if isinstance(value, str) else default


def question_from_public(data: Mapping[str, Any]) -> AnyQuestion:
    """Rebuild a question object from its public view (on the client).

    The result has the right type and shape for the answer inputs, with empty answers: a
    cloze's blanks and a list's items are empty strings, a choice has no correct option.
    Never grade with it.

    Raises:
        ProtocolError: the view is not a valid public question.
    """
    kind = data.get("type")
    common: dict[str, Any] = {
        "id": _text(data, "id") or "?",
        "prompt": _text(data, "prompt"),
        "section": _text(data, "section") or None,
    }
    found = TYPES.get(kind) if isinstance(kind, str) else None
    if found is None:
        raise ProtocolError("bad_field", f"unknown question type {kind!r}")
    try:
        return found.rebuild(common, data)  # type: ignore[return-value]
    except RebuildError as error:
        raise ProtocolError("bad_field", str(error)) from None


def full_question(question: AnyQuestion, section_title: str = "") -> dict[str, Any]:
    """The whole question, sent at the reveal (answer, explanation, source included).

    ``answer`` is the right answer as the phone page shows it: ``text`` as it is, else
    ``key``, a word the page takes from its catalog (``group.`` + key).
    """
    shown = type_of(question).reveal_answer(question)
    return {
        "data": question.to_dict(),
        "section_title": section_title,
        "answer": {"text": shown.text, "key": shown.key},
    }


def bank_from_revealed(bank_id: str, title: str, revealed: Sequence[Mapping[str, Any]]) -> Bank:
    """Rebuild a bank from the questions revealed during a session (on the client).

    The client uses it to show the feedback with the real grader and to record the answers
    into the learner's local profile under the host bank's id.

    Args:
        bank_id: the host bank's id.
        title: the host bank's title.
        revealed: the ``question`` fields of the ``reveal`` messages (:func:`full_question`).

    Returns:
        A bank holding these questions.

    Raises:
        trainer.core.bank.BankError: a revealed question is not valid.
    """
    sections: dict[str, str] = {}
    questions: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in revealed:
        data = dict(item.get("data") or {})
        if data.get("id") in seen:
            continue
        seen.add(str(data.get("id")))
        section = data.get("section")
        if section:
            sections[str(section)] = str(item.get("section_title") or section)
        questions.append(data)
    document: dict[str, Any] = {"bank": {"id": bank_id or "group", "title": title or bank_id}}
    if sections:
        document["sections"] = [{"id": k, "title": v} for k, v in sections.items()]
    document["questions"] = questions
    return parse_bank(json.dumps(document, ensure_ascii=False), "<group session>")


def expected_answer(question: AnyQuestion) -> str | list[str]:
    """An answer that the grader marks correct (used when the host marks a player right).

    Args:
        question: the full question.

    Returns:
        A string, or one entry per blank / item.
    """
    return type_of(question).expected_answer(question)
