"""The dashboard over real HTTP on 127.0.0.1, SQLite and PostgreSQL: the login link, the session
cookie, and what each role (member, leader, admin, a user in no group) gets from every endpoint."""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.server.conftest import RunningServer
from tests.server.orgdata import seed
from trainer.server import org
from trainer.server.dashboard import neutralise

LAYOUT = {"一组": ["组长甲", "成员一", "成员二"], "二组": ["组长乙", "成员三"]}
LEADERS = {"一组": "组长甲", "二组": "组长乙"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def get(
    server: RunningServer,
    path: str,
    cookie: str | None = None,
    method: str = "GET",
    body: Any = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + path, method=method, data=data)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    if cookie:
        request.add_header("Cookie", cookie)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def log_in(server: RunningServer, name: str) -> str:
    secret = org.new_login_link(server.storage, name)
    status, headers, _ = get(server, f"/dashboard/login?t={secret}")
    assert status == 303 and headers["Location"] == "/dashboard/"
    cookie = headers["Set-Cookie"]
    return cookie.split(";")[0]


@pytest.fixture
def orgserver(server: RunningServer) -> tuple[RunningServer, Any]:
    now = time.time()
    data = seed(server.storage, LAYOUT, leaders=LEADERS, admins=["管理员"], now=now)
    server.storage.add_user("局外人")
    with server.storage.transaction() as tx:
        # a wrong answer only 成员二 gave: no one but 成员二, their leader and admins may see it
        tx.execute(
            "UPDATE reviews SET answer = '成员二的秘密答案' WHERE user_id = ? AND verdict = 'wrong'",
            (data.users["成员二"],),
        )
        # an exam 成员一 finished: its score is on the leader's page and in the CSV
        tx.execute(
            "INSERT INTO exams (user_id, seq, device_id, uid, bank_id, started_at, finished_at, "
            "size, time_limit_s, score, sections) VALUES (?, 1000, NULL, 'exam-1', 'org-bank', "
            "?, ?, 20, 600, 0.85, '{}')",
            (data.users["成员一"], now - 3600, now - 3000),
        )
    return server, data


def test_a_login_link_works_once_and_sets_a_safe_cookie(orgserver: Any) -> None:
    server, _ = orgserver
    secret = org.new_login_link(server.storage, "组长甲")
    status, headers, _ = get(server, f"/dashboard/login?t={secret}")
    assert status == 303
    cookie = headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/dashboard" in cookie
    assert secret not in headers["Location"]
    # the link is spent; a made-up one fails the same way
    assert get(server, f"/dashboard/login?t={secret}")[0] == 403
    assert get(server, "/dashboard/login?t=" + "x" * 43)[0] == 403
    session = cookie.split(";")[0]
    status, headers, body = get(server, "/dashboard/", session)
    assert status == 200 and b"app.js" in body
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    # logging out ends the session on the server, not just in the browser
    assert get(server, "/dashboard/logout", session, method="POST")[0] == 200
    assert get(server, "/dashboard/api/me", session)[0] == 401
    assert get(server, "/dashboard/", session)[0] == 401


def test_every_route_is_checked_by_the_role_test() -> None:
    from trainer.server.app import create_app
    from trainer.server.storage import open_storage

    app = create_app(open_storage(":memory:"))
    routes = {
        (r.method, r.resource.canonical)
        for r in app.router.routes()
        if r.method != "HEAD" and r.resource is not None
        and r.resource.canonical.startswith(("/dashboard", "/api/v1/org"))
    }  # fmt: skip
    assert routes == CHECKED_ROUTES


CHECKED_ROUTES = {
    ("GET", "/dashboard"),
    ("GET", "/dashboard/"),
    ("GET", "/dashboard/login"),
    ("POST", "/dashboard/logout"),
    ("GET", "/dashboard/static/{name}"),
    ("GET", "/dashboard/api/me"),
    ("GET", "/dashboard/api/org"),
    ("GET", "/dashboard/api/groups/{group_id}"),
    ("GET", "/dashboard/api/groups/{group_id}/export.csv"),
    ("GET", "/dashboard/api/members/{user_id}"),
    ("POST", "/dashboard/api/groups"),
    ("POST", "/dashboard/api/groups/{group_id}/members"),
    ("POST", "/dashboard/api/groups/{group_id}/assignments"),
    ("POST", "/dashboard/api/groups/{group_id}/members/remove"),
    ("POST", "/dashboard/api/groups/{group_id}/assignments/remove"),
    ("POST", "/api/v1/org/group-reviews"),  # tests/server/test_group_push.py
    ("POST", "/api/v1/org/group-ticket"),  # tests/server/test_host_record.py
    ("POST", "/api/v1/org/group-tickets/check"),  # tests/server/test_host_record.py
}


def test_each_role_sees_only_what_it_may(orgserver: Any) -> None:
    server, data = orgserver
    g1, g2 = data.groups["一组"], data.groups["二组"]
    u = data.users
    sessions = {
        name: log_in(server, name) for name in ("管理员", "组长甲", "成员一", "组长乙", "局外人")
    }

    def status(path: str, who: str | None) -> int:
        return get(server, path, sessions[who] if who else None)[0]

    def body(path: str, who: str) -> Any:
        code, _, raw = get(server, path, sessions[who])
        assert code == 200, (path, who, code)
        return json.loads(raw)

    # without a session: the page and every JSON endpoint refuse; the static assets carry no data
    assert status("/dashboard", None) == 302
    assert status("/dashboard/", None) == 401
    for path in (
        "/dashboard/api/me",
        "/dashboard/api/org",
        f"/dashboard/api/groups/{g1}",
        f"/dashboard/api/groups/{g1}/export.csv",
        f"/dashboard/api/members/{u['成员一']}",
    ):
        assert status(path, None) == 401, path
    assert status("/dashboard/static/app.js", None) == 200
    assert status("/dashboard/static/../dashboard.py", None) == 404
    assert status("/dashboard/static/index.html", None) == 404

    # /api/me and the page: everyone logged in
    for who in sessions:
        assert status("/dashboard/", who) == 200
        assert body("/dashboard/api/me", who)["name"] == who
    assert body("/dashboard/api/me", "管理员")["role"] == "admin"
    assert body("/dashboard/api/me", "组长甲")["role"] == "leader"
    assert body("/dashboard/api/me", "成员一")["role"] == "member"

    # /api/org: the groups each may see
    def groups(who: str) -> list[str]:
        return [g["name"] for g in body("/dashboard/api/org", who)["groups"]]

    assert groups("管理员") == ["一组", "二组"]
    assert groups("组长甲") == ["一组"]
    assert groups("成员一") == ["一组"]
    assert groups("组长乙") == ["二组"]
    assert groups("局外人") == []

    # /api/groups/{id}: leaders and admins see each member; a member the aggregates and self
    full = body(f"/dashboard/api/groups/{g1}", "组长甲")
    assert full["full"] and {m["name"] for m in full["members"]} == set(LAYOUT["一组"])
    assert "成员二的秘密答案" in json.dumps(full, ensure_ascii=False)
    exams = {m["name"]: [e["score"] for e in m["exams"]] for m in full["members"]}
    assert exams == {"组长甲": [], "成员一": [0.85], "成员二": []}
    assert {m["name"] for m in body(f"/dashboard/api/groups/{g1}", "管理员")["members"]} == set(
        LAYOUT["一组"]
    )
    mine = body(f"/dashboard/api/groups/{g1}", "成员一")
    text = json.dumps(mine, ensure_ascii=False)
    assert not mine["full"] and [m["name"] for m in mine["members"]] == ["成员一"]
    assert "成员二" not in text and "组长甲" not in text
    assert all(w["answers"] == [] for w in mine["wrong"]) and mine["wrong"]
    assert mine["aggregate"]["members"] == 3 and mine["aggregate"]["reviews"] == 180
    for who in ("组长乙", "局外人"):
        assert status(f"/dashboard/api/groups/{g1}", who) == 404
    assert status(f"/dashboard/api/groups/{g2}", "组长甲") == 404
    assert status("/dashboard/api/groups/999999", "管理员") == 404
    assert status("/dashboard/api/groups/abc", "管理员") == 404

    # CSV: leaders of the group and admins only
    for who in ("管理员", "组长甲"):
        assert status(f"/dashboard/api/groups/{g1}/export.csv", who) == 200
    for who in ("成员一", "组长乙", "局外人"):
        assert status(f"/dashboard/api/groups/{g1}/export.csv", who) == 404

    # /api/members/{id}: oneself, one's leader, admins
    member2 = f"/dashboard/api/members/{u['成员二']}"
    for who in ("管理员", "组长甲"):
        assert body(member2, who)["name"] == "成员二"
    for who in ("成员一", "组长乙", "局外人"):
        assert status(member2, who) == 404
    assert body(f"/dashboard/api/members/{u['成员一']}", "成员一")["name"] == "成员一"
    assert status(f"/dashboard/api/members/{u['组长甲']}", "成员一") == 404


def test_the_csv_export_neutralises_formulas(orgserver: Any) -> None:
    server, data = orgserver
    storage = server.storage
    storage.add_user('=HYPERLINK("evil.example")')
    org.add_member(storage, "一组", '=HYPERLINK("evil.example")')
    status, headers, raw = get(
        server, f"/dashboard/api/groups/{data.groups['一组']}/export.csv", log_in(server, "组长甲")
    )
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["rank", "name", "role", "points"]
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("evil.example")' in names
    assert set(names) >= set(LAYOUT["一组"])
    exams = {row[1]: row[rows[0].index("exams")] for row in rows[1:]}
    assert exams["成员一"] == "[0.85]" and exams["成员二"] == "[]"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_neutralise_prefixes_every_formula_start() -> None:
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(cell) == "'" + cell
    assert neutralise("成员一") == "成员一" and neutralise(None) == "" and neutralise(12) == "12"


def test_managing_groups_takes_the_right_role_and_this_page(orgserver: Any) -> None:
    server, data = orgserver
    g1, g2 = data.groups["一组"], data.groups["二组"]
    sessions = {n: log_in(server, n) for n in ("管理员", "组长甲", "成员一", "局外人")}

    def post(path: str, who: str | None, body: Any, **headers: str) -> tuple[int, Any]:
        code, _, raw = get(
            server, path, sessions[who] if who else None, "POST", body, headers or None
        )
        return code, json.loads(raw) if raw else None

    # a new group: admins only
    for who in ("组长甲", "成员一", "局外人"):
        assert post("/dashboard/api/groups", who, {"name": "三组"})[0] == 404
    assert post("/dashboard/api/groups", None, {"name": "三组"})[0] == 401
    code, answer = post("/dashboard/api/groups", "管理员", {"name": "三组"})
    assert code == 201
    g3 = answer["id"]
    code, answer = post("/dashboard/api/groups", "管理员", {"name": ""})
    assert code == 400 and "1-60" in answer["en"] and "1–60" in answer["zh"]

    # members: admins only (a leader who could add anyone would see anyone's data)
    assert post(f"/dashboard/api/groups/{g1}/members", "组长甲", {"user": "局外人"})[0] == 404
    assert post(
        f"/dashboard/api/groups/{g3}/members", "管理员", {"user": "局外人", "leader": True}
    ) == (200, {"role": "leader"})
    code, answer = post(f"/dashboard/api/groups/{g3}/members", "管理员", {"user": "无名"})
    assert code == 400 and "无名" in answer["zh"]
    assert post("/dashboard/api/groups/99999/members", "管理员", {"user": "局外人"})[0] == 404

    # assignments: the group's leaders and admins
    good = {"bank_id": "org-bank", "sections": "lessons", "deadline": "2031-05-01"}
    assert post(f"/dashboard/api/groups/{g1}/assignments", "组长甲", good)[0] == 201
    assert post(f"/dashboard/api/groups/{g2}/assignments", "组长甲", good)[0] == 404
    assert post(f"/dashboard/api/groups/{g1}/assignments", "成员一", good)[0] == 404
    assert post(f"/dashboard/api/groups/{g1}/assignments", "管理员", good)[0] == 201
    code, answer = post(
        f"/dashboard/api/groups/{g1}/assignments", "组长甲", {**good, "deadline": "2031-02-30"}
    )
    assert code == 400 and "YYYY-MM-DD" in answer["en"]
    deadlines = [
        a["deadline"] for a in org.assignments_for_user(server.storage, data.users["成员一"])
    ]
    assert deadlines.count("2031-05-01") == 2

    # withdrawing an assignment: the group's leaders and admins
    unassign = f"/dashboard/api/groups/{g1}/assignments/remove"
    for who in ("成员一", "局外人"):
        assert post(unassign, who, {"bank_id": "org-bank"})[0] == 404
    assert (
        post(f"/dashboard/api/groups/{g2}/assignments/remove", "组长甲", {"bank_id": "org-bank"})[0]
        == 404
    )
    assert post(unassign, None, {"bank_id": "org-bank"})[0] == 401
    assert (
        post(unassign, "组长甲", {"bank_id": "org-bank"}, Origin="https://evil.example")[0] == 403
    )
    before = len(org.assignments_for_user(server.storage, data.users["成员一"]))
    assert post(unassign, "组长甲", {"bank_id": "org-bank"}) == (200, {"removed": before})
    code, answer = post(unassign, "管理员", {"bank_id": "org-bank"})
    assert code == 400 and "没有 org-bank 的任务" in answer["zh"]
    assert org.assignments_for_user(server.storage, data.users["成员一"]) == []

    # removing a member: the group's leaders (not another leader) and admins
    remove = f"/dashboard/api/groups/{g1}/members/remove"
    for who in ("成员一", "局外人"):
        assert post(remove, who, {"user": "成员二"})[0] == 404
    assert post(remove, "组长甲", {"user": "成员二"}, Origin="https://evil.example")[0] == 403
    assert post(remove, "组长甲", {"user": "成员二"}) == (200, {"removed": "member"})
    full = json.loads(get(server, f"/dashboard/api/groups/{g1}", sessions["组长甲"])[2])
    assert "成员二" not in {m["name"] for m in full["members"]}
    assert (
        post(f"/dashboard/api/groups/{g3}/members/remove", "组长甲", {"user": "局外人"})[0] == 404
    )
    code, answer = post(remove, "组长甲", {"user": "成员二"})
    assert code == 400 and "is not in" in answer["en"]
    org.add_member(server.storage, "一组", "局外人", leader=True)
    code, answer = post(remove, "组长甲", {"user": "局外人"})
    assert code == 400 and "ask an admin" in answer["en"]
    assert post(remove, "管理员", {"user": "局外人"}) == (200, {"removed": "leader"})

    # not from another site, not as a form
    code, _ = post(
        "/dashboard/api/groups", "管理员", {"name": "四组"}, Origin="https://evil.example"
    )
    assert code == 403
    status, _, _ = get(
        server, "/dashboard/api/groups", sessions["管理员"], "POST", None,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert status == 415
    assert "四组" not in [
        g["name"]
        for g in json.loads(get(server, "/dashboard/api/org", sessions["管理员"])[2])["groups"]
    ]


def test_every_dashboard_string_has_chinese_and_english() -> None:
    import re

    from trainer.server.dashboard import WEB_DIR

    script = (WEB_DIR / "app.js").read_text(encoding="utf-8")
    table = script[script.index("const T = {") : script.index("};", script.index("const T = {"))]
    defined = dict(re.findall(r'(\w+): \["([^"]*)", "[^"]*"\]', table))
    used = set(re.findall(r'\btr\("(\w+)"', script)) | set(re.findall(r'\bstat\("(\w+)"', script))
    used = (used - {"role_"}) | {f"role_{r}" for r in ("admin", "leader", "member")}
    assert used - set(defined) == set()
    assert all(
        re.search(r"[\u4e00-\u9fff]", text) or text == "English" for text in defined.values()
    )


def test_a_member_of_a_group_of_two_sees_no_totals(orgserver: Any) -> None:
    server, data = orgserver
    g2 = data.groups["二组"]  # 组长乙 and 成员三
    page = json.loads(get(server, f"/dashboard/api/groups/{g2}", log_in(server, "成员三"))[2])
    assert page["aggregate"] == {"members": 2, "hidden": True, "sections": []}
    assert page["wrong"] == [] and page["trend"] == []
    assert sum(n for _, n in page["heatmap"]) == 0
    assert [m["name"] for m in page["members"]] == ["成员三"]
    (listed,) = json.loads(get(server, "/dashboard/api/org", log_in(server, "成员三"))[2])["groups"]
    assert listed["members"] == 2 and listed["reviews"] is None and listed["mastery_now"] is None
    # their leader sees everything
    full = json.loads(get(server, f"/dashboard/api/groups/{g2}", log_in(server, "组长乙"))[2])
    assert full["aggregate"]["reviews"] == 120 and full["wrong"]
