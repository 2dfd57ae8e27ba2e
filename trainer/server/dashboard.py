"""The dashboard at ``/dashboard/``: aiohttp handlers for its page, assets and JSON.

Login: ``trainer server login-link USER`` prints ``…/dashboard/login?t=SECRET``; opening it uses
the secret once and sets the session cookie (HttpOnly, SameSite=Lax, Secure over TLS), then
redirects to ``/dashboard/`` without the secret in the address. Every page and JSON endpoint
but the static assets and the login needs the session and checks the viewer's role for the
group or learner asked for (:class:`trainer.server.org.Viewer`): another group's or learner's
data is a 404, as if it did not exist.

JSON endpoints (``/dashboard/api/…``): ``me``, ``org``, ``groups/{id}``, ``members/{id}``,
``groups/{id}/export.csv``; ``POST /dashboard/logout``. Management (JSON bodies, same origin):
``POST groups`` (admins), ``POST groups/{id}/members`` (admins), ``POST groups/{id}/assignments``
(the group's leaders and admins).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web

from trainer.server import org, orgstats

COOKIE = "trainer_dashboard"
WEB_DIR = Path(__file__).parent / "web" / "dashboard"
STATIC_FILES = {
    "app.js": "text/javascript",
    "style.css": "text/css",
    "vendor/chart.umd.min.js": "text/javascript",
    "vendor/chartjs-chart-matrix.min.js": "text/javascript",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

NOT_LOGGED_IN = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>学习训练器 · 看板</title><link rel="stylesheet" href="/dashboard/static/style.css">
</head><body><main class="card"><h1>请先登录 · Please log in</h1>
<p>请管理员运行 <code>trainer server login-link 用户名</code>，打开它打印的链接（一次有效）。</p>
<p>Ask the administrator to run <code>trainer server login-link NAME</code> and open the link it
prints (it works once).</p></main></body></html>"""


async def _in_thread(request: web.Request, func: Callable[[], Any]) -> Any:
    from trainer.server.app import _in_thread as run

    return await run(request, func)


def _storage(request: web.Request) -> Any:
    from trainer.server.app import STORAGE_KEY

    return request.app[STORAGE_KEY]


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(
        data, status=status, headers=SECURITY_HEADERS, dumps=partial(json.dumps, ensure_ascii=False)
    )


def _not_found() -> web.Response:
    return _json({"error": "not_found", "message": "no such group or member"}, 404)


async def _viewer(request: web.Request) -> org.Viewer | None:
    secret = request.cookies.get(COOKIE, "")
    if not 20 <= len(secret) <= 200:
        return None
    return await _in_thread(request, partial(org.viewer_for_session, _storage(request), secret))


def _logged_in(
    handler: Callable[[web.Request, org.Viewer], Awaitable[web.StreamResponse]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        viewer = await _viewer(request)
        if viewer is None:
            return _json({"error": "unauthorized", "message": "log in with a login link"}, 401)
        return await handler(request, viewer)

    return wrapped


def _id(request: web.Request, name: str) -> int | None:
    text = request.match_info[name]
    return int(text) if text.isdigit() and len(text) <= 18 else None


async def login(request: web.Request) -> web.StreamResponse:
    from trainer.server.app import LIMITER_KEY

    limiter = request.app[LIMITER_KEY]
    client = request.remote or "?"
    if limiter.retry_after(client) > 0:
        return web.Response(status=429, text="too many wrong links; wait a minute")
    secret = request.query.get("t", "")
    session = None
    if 20 <= len(secret) <= 200:
        session = await _in_thread(
            request, partial(org.redeem_login_link, _storage(request), secret)
        )
    if session is None:
        limiter.fail(client)
        return web.Response(
            status=403,
            text=NOT_LOGGED_IN,
            content_type="text/html",
            headers=SECURITY_HEADERS,
        )
    response = web.Response(status=303, headers={**SECURITY_HEADERS, "Location": "/dashboard/"})
    response.set_cookie(
        COOKIE,
        session,
        path="/dashboard",
        httponly=True,
        samesite="Lax",
        secure=request.secure,
        max_age=org.SESSION_TTL_S,
    )
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    secret = request.cookies.get(COOKIE, "")
    if secret and len(secret) <= 200:
        await _in_thread(request, partial(org.end_session, _storage(request), secret))
    response = _json({"ok": True})
    response.del_cookie(COOKIE, path="/dashboard")
    return response


async def index(request: web.Request) -> web.StreamResponse:
    if await _viewer(request) is None:
        return web.Response(
            status=401, text=NOT_LOGGED_IN, content_type="text/html", headers=SECURITY_HEADERS
        )
    return web.Response(
        body=(WEB_DIR / "index.html").read_bytes(),
        content_type="text/html",
        charset="utf-8",
        headers=SECURITY_HEADERS,
    )


async def static(request: web.Request) -> web.StreamResponse:
    name = request.match_info["name"]
    kind = STATIC_FILES.get(name)
    if kind is None:
        raise web.HTTPNotFound()
    headers = {**SECURITY_HEADERS, "Cache-Control": "max-age=3600"}
    return web.Response(
        body=(WEB_DIR / name).read_bytes(), content_type=kind, charset="utf-8", headers=headers
    )


async def me(request: web.Request, viewer: org.Viewer) -> web.Response:
    return _json({"name": viewer.name, "role": viewer.role, "id": viewer.user_id})


async def org_overview(request: web.Request, viewer: org.Viewer) -> web.Response:
    page = await _in_thread(request, partial(orgstats.org_page, _storage(request), viewer))
    return _json(page)


async def group(request: web.Request, viewer: org.Viewer) -> web.Response:
    group_id = _id(request, "group_id")
    if group_id is None or not viewer.can_see_group(group_id):
        return _not_found()
    page = await _in_thread(
        request, partial(orgstats.group_page, _storage(request), viewer, group_id)
    )
    return _not_found() if page is None else _json(page)


async def member(request: web.Request, viewer: org.Viewer) -> web.Response:
    user_id = _id(request, "user_id")
    storage = _storage(request)
    if user_id is None or not await _in_thread(
        request, partial(viewer.can_see_user, storage, user_id)
    ):
        return _not_found()
    page = await _in_thread(request, partial(orgstats.member_page, storage, viewer, user_id))
    return _not_found() if page is None else _json(page)


def neutralise(cell: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(CSV_FORMULA_PREFIXES) else text


def csv_text(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()


async def group_csv(request: web.Request, viewer: org.Viewer) -> web.StreamResponse:
    group_id = _id(request, "group_id")
    if group_id is None or not viewer.can_see_group_members(group_id):
        return _not_found()
    page = await _in_thread(
        request, partial(orgstats.group_page, _storage(request), viewer, group_id)
    )
    if page is None:
        return _not_found()
    body = "\ufeff" + csv_text(orgstats.group_csv_rows(page))  # BOM: Excel reads UTF-8
    return web.Response(
        body=body.encode("utf-8"),
        content_type="text/csv",
        charset="utf-8",
        headers={
            **SECURITY_HEADERS,
            "Content-Disposition": f'attachment; filename="group-{group_id}.csv"',
        },
    )


MAX_FORM_BYTES = 4096


class _Refused(Exception):
    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


async def _form(request: web.Request) -> dict[str, Any]:
    """A management request's JSON body, from this page only.

    The session cookie is SameSite=Lax, so another site's form cannot send it with a POST;
    besides, the body must be JSON (a cross-site form cannot send that without a CORS
    preflight, which this server never grants) and an ``Origin`` sent must be this server.
    """
    origin = request.headers.get("Origin")
    if origin is not None and origin != f"{request.scheme}://{request.host}":
        raise _Refused(_json({"error": "forbidden", "message": "cross-site request"}, 403))
    if request.content_type != "application/json":
        raise _Refused(_json({"error": "invalid", "message": "send JSON"}, 415))
    if (request.content_length or 0) > MAX_FORM_BYTES:
        raise _Refused(_json({"error": "too_large", "message": "body too large"}, 413))
    raw = await request.content.read(MAX_FORM_BYTES + 1)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if len(raw) > MAX_FORM_BYTES or not isinstance(data, dict):
        raise _Refused(_json({"error": "invalid", "message": "send a JSON object"}, 400))
    return data


def _refusal(error: org.OrgError) -> web.Response:
    """An :class:`~trainer.server.org.OrgError` as 400 with its message in both languages."""
    from trainer.i18n import t

    values = {k: str(v)[:200] for k, v in error.values.items()}
    return _json(
        {
            "error": error.key,
            "zh": t(error.key, "zh", **values),
            "en": t(error.key, "en", **values),
        },
        400,
    )


def _text_field(data: dict[str, Any], name: str, limit: int = 200) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) and len(value) <= limit else ""


def _managing(
    handler: Callable[[web.Request, org.Viewer, dict[str, Any]], Awaitable[web.Response]],
) -> Callable[[web.Request, org.Viewer], Awaitable[web.StreamResponse]]:
    async def wrapped(request: web.Request, viewer: org.Viewer) -> web.StreamResponse:
        try:
            data = await _form(request)
            return await handler(request, viewer, data)
        except _Refused as refused:
            return refused.response
        except org.OrgError as error:
            return _refusal(error)

    return wrapped


async def _managed_group(
    request: web.Request, viewer: org.Viewer, *, admins_only: bool = False
) -> tuple[Any, str] | None:
    """The storage and the name of the group in the URL when the viewer may manage it (its
    leaders and admins; admins only when ``admins_only``), else None (answered as not found,
    like a group that does not exist)."""
    group_id = _id(request, "group_id")
    if group_id is None:
        return None
    if not (viewer.admin if admins_only else viewer.can_see_group_members(group_id)):
        return None
    storage = _storage(request)
    name = await _in_thread(request, partial(org.group_name, storage, group_id))
    return None if name is None else (storage, name)


async def create_group(
    request: web.Request, viewer: org.Viewer, data: dict[str, Any]
) -> web.Response:
    """Admins only: a new study group."""
    if not viewer.admin:
        return _not_found()
    created, group_id = await _in_thread(
        request, partial(org.add_group, _storage(request), _text_field(data, "name"))
    )
    return _json({"id": group_id, "created": created}, 201 if created else 200)


async def add_group_member(
    request: web.Request, viewer: org.Viewer, data: dict[str, Any]
) -> web.Response:
    """Admins only (a leader who could add anyone would see anyone's data)."""
    group = await _managed_group(request, viewer, admins_only=True)
    if group is None:
        return _not_found()
    storage, name = group
    role = await _in_thread(
        request,
        partial(
            org.add_member,
            storage,
            name,
            _text_field(data, "user"),
            leader=data.get("leader") is True,
        ),
    )
    return _json({"role": role})


async def add_assignment(
    request: web.Request, viewer: org.Viewer, data: dict[str, Any]
) -> web.Response:
    """The group's leaders and admins: assign a bank (or sections) with a deadline."""
    group = await _managed_group(request, viewer)
    if group is None:
        return _not_found()
    storage, name = group
    sections = org.parse_sections(_text_field(data, "sections", 2000))
    assignment_id = await _in_thread(
        request,
        partial(
            org.assign, storage, name, _text_field(data, "bank_id"), sections,
            _text_field(data, "deadline", 10),
        ),
    )  # fmt: skip
    return _json({"id": assignment_id}, 201)


async def remove_group_member(
    request: web.Request, viewer: org.Viewer, data: dict[str, Any]
) -> web.Response:
    """The group's leaders (members only, not other leaders) and admins: take a user out."""
    group = await _managed_group(request, viewer)
    if group is None:
        return _not_found()
    storage, name = group
    role = await _in_thread(
        request,
        partial(
            org.remove_member, storage, name, _text_field(data, "user"),
            by_leader_of=None if viewer.admin else viewer.user_id,
        ),
    )  # fmt: skip
    return _json({"removed": role})


async def remove_assignment(
    request: web.Request, viewer: org.Viewer, data: dict[str, Any]
) -> web.Response:
    """The group's leaders and admins: withdraw the group's assignments of a bank."""
    group = await _managed_group(request, viewer)
    if group is None:
        return _not_found()
    storage, name = group
    removed = await _in_thread(
        request, partial(org.unassign, storage, name, _text_field(data, "bank_id"))
    )
    return _json({"removed": removed})


GROUP_REVIEWS_PATH = "/api/v1/org/group-reviews"


async def group_reviews(request: web.Request, device: Any) -> web.Response:
    """``POST /api/v1/org/group-reviews`` (a leader's device token): a group session's answers
    into the players' server histories (:func:`trainer.server.org.store_group_reviews`)."""
    from trainer.server import protocol
    from trainer.server.app import _json_body

    data = await _json_body(request)
    records = protocol.parse_list(
        data, "reviews", protocol.MAX_PUSH_REVIEWS, org.parse_group_review
    )
    try:
        result = await _in_thread(
            request, partial(org.store_group_reviews, _storage(request), device, records)
        )
        for user_id in result.pop("user_ids", []):
            replay_soon(request.app, user_id)
    except org.OrgError as error:
        return web.json_response(
            {"error": "not_your_member", "message": f"{error.values.get('name')} is not in a "
             "group you lead", "user": error.values.get("name")},
            status=403,
            dumps=partial(json.dumps, ensure_ascii=False),
        )  # fmt: skip
    return web.json_response(result)


GROUP_TICKET_PATH = "/api/v1/org/group-ticket"
GROUP_TICKETS_CHECK_PATH = "/api/v1/org/group-tickets/check"


async def group_ticket(request: web.Request, device: Any) -> web.Response:
    """``POST /api/v1/org/group-ticket`` (any device token): a ticket naming the device's user,
    which ``trainer join`` hands to the host (:func:`trainer.server.org.new_group_ticket`)."""
    result = await _in_thread(request, partial(org.new_group_ticket, _storage(request), device))
    return web.json_response(result, dumps=partial(json.dumps, ensure_ascii=False))


async def group_tickets_check(request: web.Request, device: Any) -> web.Response:
    """``POST /api/v1/org/group-tickets/check`` (a leader's device token): which of the tickets
    the players handed to the host name members of the leader's groups, and who they are
    (:func:`trainer.server.org.check_group_tickets`)."""
    from trainer.server import protocol
    from trainer.server.app import _json_body

    data = await _json_body(request)
    tickets = data.get("tickets")
    if not isinstance(tickets, list):
        raise protocol.ProtocolError("body", "tickets", "must be a list of tickets")
    if len(tickets) > org.MAX_TICKETS_CHECKED:
        raise protocol.ProtocolError(
            "body", "tickets", f"holds {len(tickets)}; at most {org.MAX_TICKETS_CHECKED} at a time"
        )
    for index, item in enumerate(tickets):
        # Each bad item is named with why: a host debugging its players' tickets needs which.
        if not (isinstance(item, str) and org.TICKET_RE.match(item)):
            raise protocol.ProtocolError(
                f"body.tickets[{index}]", "", "not a ticket (20–80 of A–Z a–z 0–9 _ -)"
            )
    found = await _in_thread(
        request, partial(org.check_group_tickets, _storage(request), device, tickets)
    )
    return web.json_response({"tickets": found}, dumps=partial(json.dumps, ensure_ascii=False))


async def to_index(request: web.Request) -> web.StreamResponse:
    return web.Response(status=302, headers={"Location": "/dashboard/"})


WARM_BATCH = 5
"""Members whose cards the background warmer replays at a time."""
WARM_PAUSE_S = 0.5
"""The warmer's pause between batches (it yields the CPU to syncs and pages)."""
WARM_IDLE_S = 30.0
"""How often the warmer looks for members whose cards fell behind their syncs."""
WARM_ENV = "TRAINER_DASHBOARD_WARM"
"""``0`` turns the warmer off (the benchmark measures cold pages with it off)."""


async def _warm(app: web.Application) -> None:
    """Keep the members' replayed cards current in the background, so a leader's page rarely
    replays anything itself: a few members at a time, in the request threads, with pauses."""
    import asyncio
    import logging

    from trainer.server.storage import StorageError

    storage = _storage_of(app)
    from trainer.server.app import EXECUTOR_KEY

    loop = asyncio.get_running_loop()
    while True:
        try:
            stale = await loop.run_in_executor(
                app[EXECUTOR_KEY], partial(orgstats.stale_members, storage, WARM_BATCH)
            )
            if stale:
                await loop.run_in_executor(
                    app[EXECUTOR_KEY], partial(orgstats.refresh_cards, storage, stale)
                )
        except StorageError as error:
            logging.getLogger("trainer.server").warning("dashboard warm-up: %s", error)
            stale = []
        await asyncio.sleep(WARM_PAUSE_S if stale else WARM_IDLE_S)


REPLAY_KEY: web.AppKey[Any] = web.AppKey("dashboard_replay_after_sync")


def replay_soon(app: web.Application, user_id: int) -> None:
    """A learner's sync stored reviews or settings: replay their cards now, after the answer
    (in a request thread), so the leader's page finds them current and never replays itself."""
    queue = app.get(REPLAY_KEY)
    if queue is not None:
        queue[0].add(user_id)
        queue[1].set()


async def _replay_after_sync(app: web.Application) -> None:
    import asyncio
    import logging

    from trainer.server.app import EXECUTOR_KEY
    from trainer.server.storage import StorageError

    pending, wake = app[REPLAY_KEY]
    loop = asyncio.get_running_loop()
    while True:
        await wake.wait()
        wake.clear()
        users = sorted(pending)
        pending.clear()
        try:
            await loop.run_in_executor(
                app[EXECUTOR_KEY], partial(orgstats.refresh_members, _storage_of(app), users)
            )
        except StorageError as error:
            logging.getLogger("trainer.server").warning("dashboard replay after sync: %s", error)
        except Exception:  # noqa: BLE001 - logged; the next sync tries again, pages still work
            logging.getLogger("trainer.server").exception("dashboard replay after sync")


def _storage_of(app: web.Application) -> Any:
    from trainer.server.app import STORAGE_KEY

    return app[STORAGE_KEY]


WARMER_KEY: web.AppKey[Any] = web.AppKey("dashboard_warmer")
REPLAYER_KEY: web.AppKey[Any] = web.AppKey("dashboard_replayer")


async def _start_warmer(app: web.Application) -> None:
    import asyncio
    import os

    if os.environ.get(WARM_ENV, "1") != "0":
        app[WARMER_KEY] = asyncio.ensure_future(_warm(app))
    # replay at sync time is not the warmer: it runs with it off too
    app[REPLAY_KEY] = (set(), asyncio.Event())
    app[REPLAYER_KEY] = asyncio.ensure_future(_replay_after_sync(app))


async def _stop_warmer(app: web.Application) -> None:
    import asyncio
    import contextlib

    for key in (WARMER_KEY, REPLAYER_KEY):
        task = app.get(key)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def add_routes(app: web.Application) -> None:
    """Register the dashboard on the sync server's app (and its background card warmer)."""
    app.on_startup.append(_start_warmer)
    app.on_shutdown.append(_stop_warmer)
    router = app.router
    router.add_get("/dashboard", to_index)
    router.add_get("/dashboard/", index)
    router.add_get("/dashboard/login", login)
    router.add_post("/dashboard/logout", logout)
    router.add_get("/dashboard/static/{name:.+}", static)
    router.add_get("/dashboard/api/me", _logged_in(me))
    router.add_get("/dashboard/api/org", _logged_in(org_overview))
    router.add_get("/dashboard/api/groups/{group_id}", _logged_in(group))
    router.add_get("/dashboard/api/groups/{group_id}/export.csv", _logged_in(group_csv))
    router.add_get("/dashboard/api/members/{user_id}", _logged_in(member))
    from trainer.server.app import _authed

    router.add_post(GROUP_REVIEWS_PATH, _authed(group_reviews))
    router.add_post(GROUP_TICKET_PATH, _authed(group_ticket))
    router.add_post(GROUP_TICKETS_CHECK_PATH, _authed(group_tickets_check))
    router.add_post("/dashboard/api/groups", _logged_in(_managing(create_group)))
    router.add_post(
        "/dashboard/api/groups/{group_id}/members", _logged_in(_managing(add_group_member))
    )
    router.add_post(
        "/dashboard/api/groups/{group_id}/assignments", _logged_in(_managing(add_assignment))
    )
    router.add_post(
        "/dashboard/api/groups/{group_id}/members/remove",
        _logged_in(_managing(remove_group_member)),
    )
    router.add_post(
        "/dashboard/api/groups/{group_id}/assignments/remove",
        _logged_in(_managing(remove_assignment)),
    )
