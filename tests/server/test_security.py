"""A token reads and writes only its own learner's data; wrong tokens are rate-limited; bodies
are size-limited and validated (a clear 4xx, never a 500); secrets are stored hashed."""

from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.conftest import RunningServer
from trainer.server import protocol


def call(
    server: RunningServer,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    raw: bytes | None = None,
) -> tuple[int, Any]:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(server.url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except json.JSONDecodeError:
            return error.code, text.decode(errors="replace")


def register(server: RunningServer, name: str) -> tuple[str, int]:
    code = server.add_user(name)
    status, answer = call(
        server, "POST", f"{protocol.API}/devices", {"user": name, "code": code, "device": "d"}
    )
    assert status == 201, answer
    return answer["token"], answer["device_id"]


def review(uid: str, question: str = "q1", answer: str = "秘密") -> dict[str, Any]:
    return {
        "uid": uid, "bank_id": "b", "question_id": question, "content_hash": "",
        "reviewed_at": 1790000000.0, "mode": "study", "answer": answer, "verdict": "correct",
        "score": 1.0, "rating": 3, "suggested_rating": None, "duration_ms": 1200,
        "hint_used": False, "exam_uid": None,
    }  # fmt: skip


AUTHED_ROUTES = {
    ("GET", f"{protocol.API}/me"),
    ("POST", f"{protocol.API}/sync"),
    ("GET", f"{protocol.API}/banks"),
    ("GET", f"{protocol.API}/banks/{{bank_id}}"),
    ("DELETE", f"{protocol.API}/devices/{{device_id}}"),
}
OPEN_ROUTES = {("GET", f"{protocol.API}/health"), ("POST", f"{protocol.API}/devices")}


def test_every_endpoint_is_known_to_these_tests() -> None:
    # A new endpoint must be added to AUTHED_ROUTES (and the test below) or OPEN_ROUTES.
    from trainer.server.app import create_app
    from trainer.server.storage import open_storage

    app = create_app(open_storage(":memory:"))
    routes = {
        (r.method, r.resource.canonical)
        for r in app.router.routes()
        if r.method != "HEAD"
        and r.resource is not None
        # the dashboard's and organisation's routes: checked role by role in
        # tests/server/test_dashboard.py and tests/server/test_group_push.py
        and not r.resource.canonical.startswith(("/dashboard", "/api/v1/org"))
    }
    assert routes == AUTHED_ROUTES | OPEN_ROUTES


def test_another_learners_token_reaches_none_of_their_data(server: RunningServer) -> None:
    wang, wang_device = register(server, "小王")
    li, li_device = register(server, "小李")
    server.storage.put_bank("b", "id: b\n")
    status, _ = call(
        server, "POST", f"{protocol.API}/sync",
        {"cursor": 0, "reviews": [review("shared-uid"), review("wang-only")],
         "settings": [{"key": "new_per_day", "value": 5, "changed_at": 1790000000.0}]},
        wang,
    )  # fmt: skip
    assert status == 200
    seen: set[tuple[str, str]] = set()

    # /me: only 小李's own devices
    status, me = call(server, "GET", f"{protocol.API}/me", token=li)
    seen.add(("GET", f"{protocol.API}/me"))
    assert status == 200 and me["user"] == "小李"
    assert [d["id"] for d in me["devices"]] == [li_device]

    # /sync: pulls nothing of 小王's; a review with the same uid is 小李's own, stored apart
    status, answer = call(
        server, "POST", f"{protocol.API}/sync",
        {"cursor": 0, "reviews": [review("shared-uid", "q9", "李的答案")]}, li,
    )  # fmt: skip
    seen.add(("POST", f"{protocol.API}/sync"))
    assert status == 200 and answer["accepted"] == 1
    assert answer["reviews"] == [] and answer["settings"] == []
    status, answer = call(server, "POST", f"{protocol.API}/sync", {"cursor": 0}, li)
    assert "秘密" not in json.dumps(answer, ensure_ascii=False)
    # 小王's own history is untouched by 小李's push
    status, mine = call(server, "POST", f"{protocol.API}/sync", {"cursor": 0}, wang)
    assert mine["reviews"] == []  # his own device's reviews are not sent back to it
    with server.storage.transaction(write=False) as tx:
        rows = tx.execute(
            "SELECT u.name, r.answer FROM reviews r JOIN users u ON u.id = r.user_id "
            "WHERE r.uid = 'shared-uid' ORDER BY u.name"
        ).fetchall()
    assert sorted(tuple(r) for r in rows) == [("小李", "李的答案"), ("小王", "秘密")]

    # /devices/{id}: 小李 cannot revoke 小王's device (404, as if it did not exist)
    status, _ = call(server, "DELETE", f"{protocol.API}/devices/{wang_device}", token=li)
    seen.add(("DELETE", f"{protocol.API}/devices/{{device_id}}"))
    assert status == 404
    assert call(server, "GET", f"{protocol.API}/me", token=wang)[0] == 200

    # banks are the organisation's: every member reads them, nobody writes them over HTTP
    assert call(server, "GET", f"{protocol.API}/banks", token=li)[0] == 200
    seen.add(("GET", f"{protocol.API}/banks"))
    assert call(server, "GET", f"{protocol.API}/banks/b", token=li)[0] == 200
    seen.add(("GET", f"{protocol.API}/banks/{{bank_id}}"))
    assert seen == AUTHED_ROUTES

    # every authenticated endpoint refuses no token and a made-up one
    # (one try each: ten wrong tries would be rate-limited)
    for index, (method, route) in enumerate(sorted(AUTHED_ROUTES)):
        path = route.replace("{bank_id}", "b").replace("{device_id}", str(li_device))
        token = None if index % 2 else "x" * 43
        status, answer = call(server, method, path, {"cursor": 0}, token)
        assert status == 401, (method, path)

    # a revoked token stops working at once
    status, _ = call(server, "DELETE", f"{protocol.API}/devices/{li_device}", token=li)
    assert status == 200
    assert call(server, "GET", f"{protocol.API}/me", token=li)[0] == 401


def test_wrong_tokens_and_codes_are_rate_limited(server: RunningServer) -> None:
    token, _ = register(server, "小王")
    statuses = [
        call(server, "GET", f"{protocol.API}/me", token=f"wrong-token-{i:020d}")[0]
        for i in range(12)
    ]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    # guessing codes counts too, and the client is refused even with a good token meanwhile
    status, answer = call(
        server, "POST", f"{protocol.API}/devices", {"user": "小王", "code": "AAAAA-BBBBB-CCCCC"}
    )
    assert status == 429
    assert call(server, "GET", f"{protocol.API}/me", token=token)[0] == 429


def test_an_invite_code_works_once(server: RunningServer) -> None:
    code = server.add_user("小王")
    body = {"user": "小王", "code": code.lower().replace("-", " ")}
    assert call(server, "POST", f"{protocol.API}/devices", body)[0] == 201
    assert call(server, "POST", f"{protocol.API}/devices", body)[0] == 403
    other = server.add_user("小李")
    assert (
        call(server, "POST", f"{protocol.API}/devices", {"user": "小王", "code": other})[0] == 403
    )


def test_bodies_are_limited_and_validated_with_a_clear_4xx(server: RunningServer) -> None:
    token, _ = register(server, "小王")
    sync = f"{protocol.API}/sync"
    status, answer = call(
        server, "POST", sync, token=token, raw=b"{" + b" " * protocol.MAX_BODY_BYTES + b"}"
    )
    assert status == 413 and answer["error"] == "too_large"
    status, answer = call(server, "POST", sync, token=token, raw=b"\xff\xfe not json")
    assert status == 400 and "JSON" in answer["message"]
    bad = review("u1")
    bad["rating"] = 7
    status, answer = call(server, "POST", sync, {"reviews": [bad]}, token)
    assert status == 400 and answer["message"].startswith("reviews[0].rating")
    status, answer = call(
        server,
        "POST",
        sync,
        {"reviews": [review(f"u{i}") for i in range(protocol.MAX_PUSH_REVIEWS + 1)]},
        token,
    )
    assert status == 400 and "batches" in answer["message"]
    status, answer = call(server, "POST", sync, {"cursor": -1}, token)
    assert status == 400 and "cursor" in answer["message"]
    status, answer = call(
        server, "POST", sync,
        {"settings": [{"key": "sync.cursor", "value": 1, "changed_at": 1790000000.0}]}, token,
    )  # fmt: skip
    assert status == 400 and "device-only" in answer["message"]
    status, answer = call(server, "GET", f"{protocol.API}/banks/..%2Fetc", token=token)
    assert status in (400, 404)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from([*protocol.REVIEW_FIELDS, "cursor"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    mutations=st.lists(st.tuples(FIELDS, JSON), max_size=3),
    top=st.dictionaries(st.sampled_from(["cursor", "reviews", "exams", "settings"]), JSON),
)
def test_no_body_makes_a_500(server: RunningServer, mutations: list[Any], top: Any) -> None:
    if not hasattr(server, "fuzz_token"):
        server.fuzz_token = register(server, "fuzz")[0]  # type: ignore[attr-defined]
    record = review("fuzz-uid")
    for field, value in mutations:
        record[field] = value
    for body in ({"reviews": [record]}, top):
        status, answer = call(
            server,
            "POST",
            f"{protocol.API}/sync",
            body,
            server.fuzz_token,  # type: ignore[attr-defined]
        )
        assert status in (200, 400), answer


def test_tokens_and_codes_are_stored_hashed(tmp_path: Path) -> None:
    from trainer.server.storage import open_storage

    path = tmp_path / "server.sqlite3"
    storage = open_storage(str(path))
    _, code = storage.add_user("小王")
    device = storage.redeem("小王", code, "laptop")
    storage.close()
    assert device is not None
    token = device[1]
    with sqlite3.connect(path) as conn:
        dump = "\n".join(conn.iterdump())
    assert token not in dump and code not in dump
    assert code.replace("-", "") not in dump


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_storage_error_is_a_503_without_detail(server: RunningServer) -> None:
    token, _ = register(server, "小王")
    with server.storage.transaction() as tx:
        tx.execute("DROP TABLE banks")
    status, answer = call(server, "GET", f"{protocol.API}/banks", token=token)
    assert status == 503
    assert "banks" not in json.dumps(answer) and "Traceback" not in json.dumps(answer)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"user": "\\ud800", "code": "x", "device": "d"}',  # a lone surrogate, JSON-escaped
        b"[" * 5000 + b"]" * 5000,  # deeper than the JSON decoder's stack
    ],
    ids=["lone-surrogate", "deep-nesting"],
)
def test_a_body_that_decodes_to_nothing_storable_is_a_400_not_a_500(
    server: RunningServer, raw: bytes
) -> None:
    status, answer = call(server, "POST", f"{protocol.API}/devices", raw=raw)
    assert status == 400, answer
    token = register(server, "深层")[0]
    status, answer = call(server, "POST", f"{protocol.API}/sync", token=token, raw=raw)
    assert status == 400, answer
