"""``trainer server``: the sync server's HTTP JSON API (aiohttp).

Stateless between requests (everything is in the database), so several processes can serve one
address (``--workers``, ``SO_REUSEPORT``) or sit behind a reverse proxy. Endpoints, all under
``/api/v1``:

* ``GET  /health`` — no token; ``{"ok": true}``.
* ``POST /devices`` — ``{"user", "code", "device"}``: redeem a one-time invite code; returns
  the device's token (the only time it is sent).
* ``GET  /me`` — the token's user and devices.
* ``DELETE /devices/{id}`` — revoke one of the user's devices.
* ``POST /sync`` — push reviews/exams/settings, pull the other devices' (see
  :meth:`trainer.server.storage.Storage.sync`).
* ``GET  /banks``, ``GET /banks/{bank_id}`` — the organisation's banks and their content hashes.

Every other endpoint needs ``Authorization: Bearer TOKEN``; the token decides whose data is read
or written (no request names a user). Wrong tokens and codes are counted per client address and
answered 429 after :data:`MAX_FAILURES` within :data:`FAILURE_WINDOW_S`. Bodies above
:data:`~trainer.server.protocol.MAX_BODY_BYTES` get 413, malformed ones 400 naming the field;
an unexpected error is a 500 with no detail (logged on the server).
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from aiohttp import web

from trainer.server import protocol
from trainer.server.storage import Device, Storage, StorageError

log = logging.getLogger("trainer.server")

MAX_FAILURES = 10
FAILURE_WINDOW_S = 60.0
MAX_TRACKED_CLIENTS = 10000

STORAGE_KEY = web.AppKey("storage", Storage)
LIMITER_KEY: web.AppKey[FailureLimiter] = web.AppKey("limiter")
EXECUTOR_KEY = web.AppKey("executor", ThreadPoolExecutor)

T = TypeVar("T")


class FailureLimiter:
    """Failed authentications per client address in a sliding window (bounded memory)."""

    def __init__(self, limit: int = MAX_FAILURES, window_s: float = FAILURE_WINDOW_S) -> None:
        self.limit = limit
        self.window_s = window_s
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times

    def retry_after(self, client: str, now: float | None = None) -> float:
        """Seconds until this client may try again (0: now)."""
        moment = time.monotonic() if now is None else now
        times = self._recent(client, moment)
        if len(times) < self.limit:
            return 0.0
        return max(0.0, times[0] + self.window_s - moment)

    def fail(self, client: str, now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        times = self._recent(client, moment)
        times.append(moment)
        self._failures[client] = times
        self._failures.move_to_end(client)
        while len(self._failures) > MAX_TRACKED_CLIENTS:
            self._failures.popitem(last=False)


def _error(status: int, code: str, message: str, **headers: str) -> web.Response:
    return web.json_response(
        {"error": code, "message": message}, status=status, headers=headers or None
    )


async def _in_thread(request: web.Request, func: Callable[[], T]) -> T:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app[EXECUTOR_KEY], func)


@web.middleware
async def errors_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """Every error as JSON; never a traceback to the client."""
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return _error(
            413,
            "too_large",
            f"request body larger than {protocol.MAX_BODY_BYTES} bytes; send fewer records",
        )
    except web.HTTPException as error:
        if error.status < 400:
            raise
        return _error(error.status, error.reason.lower().replace(" ", "_"), error.reason)
    except protocol.ProtocolError as error:
        return _error(400, "invalid", str(error))
    except StorageError as error:
        log.error("storage: %s", error)
        return _error(503, "storage", "the server's database is unavailable; try again later")
    except Exception:  # noqa: BLE001 - the last guard: logged here, a bare 500 outside
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _error(500, "internal", "internal server error")


def _client(request: web.Request) -> str:
    return request.remote or "?"


async def _authenticate(request: web.Request) -> Device:
    limiter = request.app[LIMITER_KEY]
    client = _client(request)
    wait = limiter.retry_after(client)
    if wait > 0:
        raise _Reply(
            _error(
                429,
                "rate_limited",
                "too many wrong tokens or codes; wait and try again",
                **{"Retry-After": str(int(wait) + 1)},
            )
        )
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    device = None
    if scheme.lower() == "bearer" and 20 <= len(token) <= 200:
        storage = request.app[STORAGE_KEY]
        device = await _in_thread(request, partial(storage.authenticate, token))
    if device is None:
        limiter.fail(client)
        raise _Reply(
            _error(401, "unauthorized", "missing, unknown or revoked device token"),
        )
    return device


class _Reply(Exception):
    """A finished response raised from a helper (auth failures)."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def _authed(
    handler: Callable[[web.Request, Device], Awaitable[web.StreamResponse]],
) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            device = await _authenticate(request)
        except _Reply as reply:
            return reply.response
        return await handler(request, device)

    return wrapped


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    try:
        data = json.loads(raw.decode("utf-8"))
        # JSON's \ud800 escapes decode to lone surrogates, which no database can store: refuse
        # them here, once, for every field of every endpoint (one pass over ≤ 4 MB).
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (UnicodeError, json.JSONDecodeError) as error:
        raise protocol.ProtocolError("body", "", f"is not UTF-8 JSON ({error})") from None
    except RecursionError:  # nested deeper than the decoder's stack: never a record of ours
        raise protocol.ProtocolError("body", "", "is nested too deeply") from None
    if not isinstance(data, dict):
        raise protocol.ProtocolError("body", "", "must be a JSON object")
    return data


async def health(request: web.Request) -> web.Response:
    return web.json_response({"ok": True, "api": 1})


async def register_device(request: web.Request) -> web.Response:
    limiter = request.app[LIMITER_KEY]
    client = _client(request)
    wait = limiter.retry_after(client)
    if wait > 0:
        return _error(
            429,
            "rate_limited",
            "too many wrong tokens or codes; wait and try again",
            **{"Retry-After": str(int(wait) + 1)},
        )
    data = await _json_body(request)
    name = protocol.check_name(data.get("user"), "body")
    code = data.get("code")
    if not isinstance(code, str) or not 1 <= len(code) <= 64:
        raise protocol.ProtocolError("body", "code", "must be a string of 1-64 characters")
    device_name = data.get("device", "device")
    if not isinstance(device_name, str) or len(device_name) > protocol.MAX_DEVICE_NAME:
        raise protocol.ProtocolError(
            "body", "device", f"must be a string of at most {protocol.MAX_DEVICE_NAME} characters"
        )
    storage = request.app[STORAGE_KEY]
    result = await _in_thread(request, partial(storage.redeem, name, code, device_name))
    if result is None:
        limiter.fail(client)
        return _error(403, "bad_code", "unknown user, or the code is wrong, used or expired")
    device_id, token = result
    return web.json_response({"token": token, "device_id": device_id, "user": name}, status=201)


async def me(request: web.Request, device: Device) -> web.Response:
    storage = request.app[STORAGE_KEY]
    devices = await _in_thread(request, partial(storage.devices, device.user_id))
    return web.json_response({"user": device.user, "device_id": device.id, "devices": devices})


async def revoke_device(request: web.Request, device: Device) -> web.Response:
    try:
        device_id = int(request.match_info["device_id"])
    except ValueError:
        raise protocol.ProtocolError("path", "device_id", "must be a number") from None
    storage = request.app[STORAGE_KEY]
    if not await _in_thread(request, partial(storage.revoke_device, device.user_id, device_id)):
        return _error(404, "not_found", "you have no live device with this id")
    return web.json_response({"revoked": device_id})


async def sync(request: web.Request, device: Device) -> web.Response:
    data = await _json_body(request)
    cursor = data.get("cursor", 0)
    if isinstance(cursor, bool) or not isinstance(cursor, int) or cursor < 0:
        raise protocol.ProtocolError("body", "cursor", "must be a whole number ≥ 0")
    reviews = protocol.parse_list(data, "reviews", protocol.MAX_PUSH_REVIEWS, protocol.parse_review)
    exams = protocol.parse_list(data, "exams", protocol.MAX_PUSH_EXAMS, protocol.parse_exam)
    settings = protocol.parse_list(
        data, "settings", protocol.MAX_PUSH_SETTINGS, protocol.parse_setting
    )
    storage = request.app[STORAGE_KEY]
    result = await _in_thread(
        request, partial(storage.sync, device, cursor, reviews, exams, settings)
    )
    from trainer.server.dashboard import replay_soon
    from trainer.server.org import assignments_for_user

    if result.accepted or settings:
        replay_soon(request.app, device.user_id)  # the dashboard's cards, after this answer
    assignments = await _in_thread(request, partial(assignments_for_user, storage, device.user_id))
    return web.json_response(
        {
            "accepted": result.accepted,
            "cursor": result.cursor,
            "more": result.more,
            "reviews": result.reviews,
            "exams": result.exams,
            "settings": result.settings,
            "assignments": assignments,  # the learner's groups' assignments (trainer.server.org)
            "server_time": time.time(),
        },
        dumps=partial(json.dumps, ensure_ascii=False),
    )


async def list_banks(request: web.Request, device: Device) -> web.Response:
    storage = request.app[STORAGE_KEY]
    return web.json_response({"banks": await _in_thread(request, storage.banks)})


async def get_bank(request: web.Request, device: Device) -> web.Response:
    bank_id = request.match_info["bank_id"]
    if not protocol.BANK_ID_RE.match(bank_id):
        raise protocol.ProtocolError("path", "bank_id", "is not a bank id")
    storage = request.app[STORAGE_KEY]
    bank = await _in_thread(request, partial(storage.bank, bank_id))
    if bank is None:
        return _error(404, "not_found", "no bank with this id")
    return web.json_response(bank, dumps=partial(json.dumps, ensure_ascii=False))


def create_app(storage: Storage, *, threads: int = 8) -> web.Application:
    """The aiohttp application over ``storage`` (which the caller closes)."""
    app = web.Application(middlewares=[errors_middleware], client_max_size=protocol.MAX_BODY_BYTES)
    app[STORAGE_KEY] = storage
    app[LIMITER_KEY] = FailureLimiter()
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="trainer-db")
    app[EXECUTOR_KEY] = executor

    async def shutdown(app: web.Application) -> None:
        executor.shutdown(wait=True, cancel_futures=True)

    app.on_cleanup.append(shutdown)
    api = protocol.API
    app.router.add_get(f"{api}/health", health)
    app.router.add_post(f"{api}/devices", register_device)
    app.router.add_get(f"{api}/me", _authed(me))
    app.router.add_delete(f"{api}/devices/{{device_id}}", _authed(revoke_device))
    app.router.add_post(f"{api}/sync", _authed(sync))
    app.router.add_get(f"{api}/banks", _authed(list_banks))
    app.router.add_get(f"{api}/banks/{{bank_id}}", _authed(get_bank))
    from trainer.server.dashboard import add_routes as add_dashboard_routes

    add_dashboard_routes(app)  # organisation-wide progress: /dashboard/ (trainer.server.dashboard)
    return app


def ssl_context(certfile: str | None, keyfile: str | None) -> ssl.SSLContext | None:
    """A server TLS context from a certificate (chain) and key in PEM, or None for plain HTTP.

    Raises:
        ssl.SSLError, OSError: the files cannot be read or do not match.
    """
    if not certfile:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    return context


async def serve(
    storage: Storage,
    host: str,
    port: int,
    *,
    context: ssl.SSLContext | None = None,
    reuse_port: bool = False,
    on_ready: Callable[[str], None] | None = None,
    threads: int = 8,
) -> None:
    """Serve until cancelled; ``on_ready`` gets the URL once the socket listens."""
    app = create_app(storage, threads=threads)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=context, reuse_port=reuse_port or None)
    await site.start()
    try:
        addresses = runner.addresses  # the bound port when 0 was asked
        bound = addresses[0][1] if addresses else port
        scheme = "https" if context else "http"
        shown = f"[{host}]" if ":" in host else host
        if on_ready is not None:
            on_ready(f"{scheme}://{shown}:{bound}")
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
