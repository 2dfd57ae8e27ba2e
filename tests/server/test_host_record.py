"""``trainer host --record-server``: a networked group session run by a leader records into
the members' server histories — over real sockets on 127.0.0.1 (the game's WebSockets and the
sync server's HTTP), on SQLite and PostgreSQL.

Who is recorded is decided by tickets the players' own signed-in devices fetch from the server,
never by the names they type; every answer has one uid on the host and on the device, so the
server keeps it once whoever sends it.
"""

from __future__ import annotations

import asyncio
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.group.conftest import BANK_YAML
from tests.server.conftest import RunningServer
from tests.server.devices import Device
from tests.server.test_security import call
from trainer.core.bank import load_bank
from trainer.group.client import GroupClient
from trainer.group.game import Game
from trainer.group.history import record_reveals
from trainer.group.protocol import bank_from_revealed
from trainer.group.server import GroupServer
from trainer.server import org
from trainer.server.client import SyncConfig
from trainer.server.host_record import ServerRecorder, fetch_ticket

PIN = "135790"
ANSWERS: dict[str, Any] = {
    "q-short": "两个确立",
    "q-choice": "A",
    "q-tf": "对",
    "q-list": ["坚决维护习近平总书记党中央的核心、全党的核心地位", "坚决维护党中央权威和集中统一领导"],
    "q-cloze": ["团结", "民主"],
}  # fmt: skip


def setup_org(server: RunningServer, tmp_path: Path) -> dict[str, Device]:
    """组长 leads 一组 (成员甲, 成员乙); 局外人 is in 二组; each has a signed-in device."""
    devices = {
        name: Device(tmp_path / name, server.url, name, server.add_user(name))
        for name in ("组长", "成员甲", "成员乙", "局外人")
    }
    storage = server.storage
    org.add_group(storage, "一组")
    org.add_group(storage, "二组")
    org.add_member(storage, "一组", "组长", leader=True)
    org.add_member(storage, "一组", "成员甲")
    org.add_member(storage, "一组", "成员乙")
    org.add_member(storage, "二组", "局外人")
    return devices


def server_answers(server: RunningServer, user: str) -> list[tuple[str, str]]:
    """(question id, answer) of each review the server holds for ``user``."""
    with server.storage.transaction(write=False) as tx:
        rows = tx.execute(
            "SELECT r.question_id, r.answer FROM reviews r JOIN users u ON u.id = r.user_id "
            "WHERE u.name = ? ORDER BY r.question_id",
            (user,),
        ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def ticket(device: Device) -> str:
    found = fetch_ticket(device.config)
    assert found is not None and found[1] == device.config.user
    return found[0]


async def play(game_server: GroupServer, players: dict[str, str | None]) -> dict[str, GroupClient]:
    """Seat each player (name → server ticket or None), answer every question right, reveal."""
    clients = {}
    for name, server_ticket in players.items():
        client = GroupClient(
            f"127.0.0.1:{game_server.port}", name=name, pin=PIN, server_ticket=server_ticket
        )
        welcome = await client.connect()
        assert welcome["record_server"] is (game_server.recorder is not None)
        clients[name] = client
    game = game_server.game
    game_server.start_game()
    for index, question in enumerate(game.questions):
        for client in clients.values():
            message = await client.receive("question")
            assert message["index"] == index
            assert (await client.answer(index, ANSWERS[question.id]))["accepted"]
        for client in clients.values():
            await client.receive("reveal")
        game_server.next_question()
    for client in clients.values():
        await client.receive("end")
    return clients


def record_on_device(device: Device, client: GroupClient) -> int:
    """What ``trainer join`` does at each reveal: the answers into the device's profile."""
    reveals = [client.reveals[i] for i in sorted(client.reveals)]
    bank = bank_from_revealed("group-test", "", [r["question"] for r in reveals])
    with device.store() as store:
        return record_reveals(store, device.profile, bank, reveals)


async def test_a_leaders_host_records_each_member_once_under_their_own_name(
    server: RunningServer, tmp_path: Path
) -> None:
    devices = setup_org(server, tmp_path)
    bank = load_bank(_bank_file(tmp_path))
    recorder = ServerRecorder(devices["组长"].config, outbox=tmp_path / "outbox.json")
    game_server = GroupServer(
        Game(bank, bank.questions, time_limit=30, pin=PIN), host="127.0.0.1", port=0,
        recorder=recorder,
    )  # fmt: skip
    await game_server.start()
    try:
        clients = await play(
            game_server,
            {
                "成员甲": ticket(devices["成员甲"]),
                # a non-member (another group) joins with their own valid ticket, under the
                # name of a member of this group: nobody's history is written
                "成员乙": ticket(devices["局外人"]),
                # a made-up ticket, and a player without one (a phone, or no sync)
                "冒名": "A" * 43,
                "无凭证": None,
            },
        )
        await game_server.wait_recorded()
        await asyncio.to_thread(recorder.sync)
    finally:
        await game_server.stop()
    total = len(bank.questions)
    assert server_answers(server, "成员甲") == sorted(
        (q.id, _text(ANSWERS[q.id])) for q in bank.questions
    )
    assert server_answers(server, "成员乙") == []
    assert server_answers(server, "局外人") == []
    assert server.storage.review_count() == total
    seats = {game_server.game.players[c.player_id or ""].name: recorder.user_of(c.player_id or "")
             for c in clients.values()}  # fmt: skip
    assert seats["成员甲"] is not None and seats["成员甲"].user == "成员甲"
    assert seats["成员乙"] is not None and seats["成员乙"].reason == "not_your_member"
    assert seats["冒名"] is not None and seats["冒名"].reason == "invalid"
    assert seats["无凭证"] is None
    assert recorder.unsent == 0 and not (tmp_path / "outbox.json").exists()
    assert recorder.sent == total and recorder.sent_users == {"成员甲"}

    # the member's own device recorded the same answers (as trainer join does) and syncs
    # them: the server keeps one of each, and the device pulls nothing twice
    member = devices["成员甲"]
    assert record_on_device(member, clients["成员甲"]) == total
    assert record_on_device(member, clients["成员甲"]) == 0  # a rejoin showing them again
    member.sync()
    assert server.storage.review_count() == total
    assert len([row for row in member.log() if row[4] == "group"]) == total
    # another device of the member gets them once from the server
    other = Device(tmp_path / "other", server.url, "成员甲", _new_code(server, "成员甲"))
    other.sync()
    assert len(other.log()) == total


async def test_the_server_away_does_not_stop_the_game_and_answers_go_later(
    server: RunningServer, tmp_path: Path
) -> None:
    devices = setup_org(server, tmp_path)
    bank = load_bank(_bank_file(tmp_path))
    member = devices["成员甲"]
    member_ticket = ticket(member)  # fetched before the server went away
    leader = devices["组长"].config
    away = SyncConfig(
        url=f"http://127.0.0.1:{_closed_port()}", user=leader.user, profile=leader.profile,
        token=leader.token, device_id=leader.device_id,
    )  # fmt: skip
    outbox = tmp_path / "outbox.json"
    recorder = ServerRecorder(away, outbox=outbox, timeout=2)
    game_server = GroupServer(
        Game(bank, bank.questions, time_limit=30, pin=PIN), host="127.0.0.1", port=0,
        recorder=recorder,
    )  # fmt: skip
    await game_server.start()
    try:
        clients = await play(game_server, {"成员甲": member_ticket})
        await game_server.wait_recorded()
    finally:
        await game_server.stop()
    total = len(bank.questions)
    assert clients["成员甲"].reveals[total - 1]["result"]["verdict"] == "correct"
    assert recorder.error is not None and recorder.error.key == "sync.error.network"
    assert recorder.unsent == total and server.storage.review_count() == 0
    # kept on disk, readable by its owner only (it holds tickets)
    assert len(json.loads(outbox.read_text(encoding="utf-8"))) == total
    assert stat.S_IMODE(os.stat(outbox).st_mode) == 0o600

    # the leader's next sync sends the answers kept in its data dir
    leader_device = devices["组长"]
    kept = leader_device.folder / "group-outbox.json"
    kept.write_bytes(outbox.read_bytes())
    leader_device.sync()
    assert not kept.exists() and server.storage.review_count() == total

    # the member's device records and syncs its own copy: still one of each
    assert record_on_device(member, clients["成员甲"]) == total
    member.sync()
    assert server.storage.review_count() == total

    # the next host on the leader's machine sends the kept answers: still one of each
    later = ServerRecorder(leader, outbox=outbox)
    assert later.unsent == total
    later.sync()
    assert later.error is None and later.unsent == 0 and later.sent == total
    assert later.sent_users == {"成员甲"}
    assert not outbox.exists()
    assert server.storage.review_count() == total
    assert len(server_answers(server, "成员甲")) == total


def test_tickets_endpoints_check_who_asks(server: RunningServer, tmp_path: Path) -> None:
    from tests.server.test_security import register

    devices = setup_org(server, tmp_path)
    member_ticket = ticket(devices["成员甲"])
    outsider_ticket = ticket(devices["局外人"])
    path = "/api/v1/org/group-tickets/check"
    body = {"tickets": [member_ticket, outsider_ticket]}
    # without a token: nothing
    assert call(server, "POST", "/api/v1/org/group-ticket", {})[0] == 401
    assert call(server, "POST", path, body)[0] == 401
    # the leader learns the name of their member only
    status, answer = call(server, "POST", path, body, devices["组长"].config.token)
    assert status == 200
    assert answer["tickets"] == [
        {"ticket": member_ticket, "user": "成员甲"},
        {"ticket": outsider_ticket, "error": "not_your_member"},
    ]
    # a member (not a leader) learns nobody's name, not even a fellow member's
    status, answer = call(server, "POST", path, body, devices["成员乙"].config.token)
    assert status == 200 and all("user" not in t for t in answer["tickets"])
    # an admin may record anyone
    admin_token, _ = register(server, "管理员")
    with server.storage.transaction() as tx:
        tx.execute("UPDATE users SET role = 'admin' WHERE name = ?", ("管理员",))
    status, answer = call(server, "POST", path, body, admin_token)
    assert [t.get("user") for t in answer["tickets"]] == ["成员甲", "局外人"]
    # malformed lists are a 400, not a 500
    leader = devices["组长"].config.token
    assert call(server, "POST", path, {"tickets": "x"}, leader)[0] == 400
    assert call(server, "POST", path, {"tickets": ["short"]}, leader)[0] == 400
    assert call(server, "POST", path, {"tickets": [member_ticket] * 501}, leader)[0] == 400
    # the server keeps the ticket's hash only
    with server.storage.transaction(write=False) as tx:
        stored = [r[0] for r in tx.execute("SELECT token_hash FROM org_group_tickets").fetchall()]
    assert member_ticket not in stored and len(stored) == 2


def test_trainer_host_record_server_needs_a_signed_in_machine(tmp_path: Path) -> None:
    bank = _bank_file(tmp_path)
    env = dict(os.environ, TRAINER_HOME=str(tmp_path / "home"), PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "--lang", "zh", "host", "--bank", str(bank),
         "--port", "0", "--record-server"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "trainer sync --setup" in lines[0] and "Traceback" not in lines[0]
    help_text = subprocess.run(
        [sys.executable, "-m", "trainer", "--lang", "en", "host", "--help"],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert "--record-server" in help_text.stdout


def _bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "group-test.yaml"
    path.write_text(BANK_YAML, encoding="utf-8")
    return path


def _text(answer: Any) -> str:
    return answer if isinstance(answer, str) else "；".join(answer)


def _new_code(server: RunningServer, name: str) -> str:
    return server.storage.add_user(name)[1]


def _closed_port() -> int:
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


async def test_the_host_screen_shows_whom_each_player_is_recorded_as(
    server: RunningServer, tmp_path: Path
) -> None:
    from tests.ui.conftest import rendered, until
    from trainer.i18n import set_language
    from trainer.ui.group_app import GroupApp
    from trainer.ui.screens.group_host import HostScreen
    from trainer.ui.screens.group_join import JoinScreen

    set_language("zh")
    devices = setup_org(server, tmp_path)
    bank = load_bank(_bank_file(tmp_path))
    recorder = ServerRecorder(devices["组长"].config, outbox=tmp_path / "outbox.json")
    game = Game(bank, bank.questions, time_limit=30, pin=PIN)
    host = HostScreen(game, bind="127.0.0.1", port=0, write_report=False, recorder=recorder)
    app = GroupApp(lambda: host, cursor_blink=False)
    async with app.run_test(size=(120, 50)) as pilot:
        await until(pilot, lambda: host.server.port != 0)
        address = f"127.0.0.1:{host.server.port}"
        # the member joins with trainer join's screen, its device signed in to the server
        member = devices["成员甲"]
        member_store = member.store()
        joiner = JoinScreen(
            address,
            "小甲",
            PIN,
            store=member_store,
            ticket_source=lambda: fetch_ticket(member.config),
        )
        join_app = GroupApp(lambda: joiner, cursor_blink=False)
        async with join_app.run_test(size=(100, 40)) as join_pilot:
            await until(
                join_pilot,
                lambda: "服务器上 成员甲 的学习记录" in rendered(join_app, "#group-status"),
            )
            outsider = GroupClient(
                address, name="成员乙", pin=PIN, server_ticket=ticket(devices["局外人"])
            )
            await outsider.connect()
            phone = GroupClient(address, name="手机", pin=PIN)
            await phone.connect()
            await until(pilot, lambda: "不在你带的小组里" in rendered(app, "#group-board"))
            board = rendered(app, "#group-board")
            assert "小甲（→ 服务器用户 成员甲）" in board
            assert "成员乙（不记入服务器：不在你带的小组里）" in board
            assert "手机（不记入服务器：未用已登录同步的 trainer join 加入）" in board
            await outsider.close()
            await phone.close()
        member_store.close()


def test_a_hostile_server_ticket_or_host_stamp_is_refused() -> None:
    from trainer.group.history import _host_stamp
    from trainer.group.protocol import ProtocolError, decode, encode, message

    hello = message("hello", name="甲", pin="135790")
    assert decode(encode({**hello, "server_ticket": "A" * 43}))["server_ticket"] == "A" * 43
    for bad in ("A" * 500, 12, ["x"]):
        try:
            decode(encode({**hello, "server_ticket": bad}))
        except ProtocolError as error:
            assert error.code == "bad_field"
        else:
            raise AssertionError(f"accepted {bad!r}")
    # a host's uid and instant are only used when well-formed and near this clock
    import time as clock

    good = "0190f1d2-0000-7000-8000-000000000001"
    assert _host_stamp({"uid": good, "at": clock.time()})[0] == good
    assert _host_stamp({"uid": "../x", "at": clock.time()}) == (None, None)
    assert _host_stamp({"uid": good, "at": 1.0}) == (good, None)  # its clock: ours is used
    assert _host_stamp({"uid": good, "at": True}) == (good, None)


def test_a_device_asking_for_tickets_in_a_loop_keeps_only_the_newest(
    server: RunningServer, tmp_path: Path
) -> None:
    devices = setup_org(server, tmp_path)
    issued = [ticket(devices["成员甲"]) for _ in range(org.MAX_LIVE_TICKETS + 5)]
    with server.storage.transaction(write=False) as tx:
        (held,) = tx.execute("SELECT COUNT(*) FROM org_group_tickets").fetchone()
    assert held == org.MAX_LIVE_TICKETS
    path = "/api/v1/org/group-tickets/check"
    body = {"tickets": [issued[0], issued[-1]]}
    status, answer = call(server, "POST", path, body, devices["组长"].config.token)
    assert status == 200
    assert answer["tickets"] == [
        {"ticket": issued[0], "error": "invalid"},
        {"ticket": issued[-1], "user": "成员甲"},
    ]


def test_a_bad_ticket_check_says_which_ticket_and_why(
    server: RunningServer, tmp_path: Path
) -> None:
    devices = setup_org(server, tmp_path)
    path = "/api/v1/org/group-tickets/check"
    token = devices["组长"].config.token
    good = ticket(devices["成员甲"])
    status, answer = call(server, "POST", path, {"tickets": [good, 1, 2]}, token)
    assert status == 400
    assert "tickets[1]" in str(answer) and "not a ticket" in str(answer)
    assert "at most" not in str(answer)  # the list is short: its length is not the problem
    status, answer = call(server, "POST", path, {"tickets": "abc"}, token)
    assert status == 400 and "must be a list" in str(answer)
    many = [good] * (org.MAX_TICKETS_CHECKED + 1)
    status, answer = call(server, "POST", path, {"tickets": many}, token)
    assert status == 400 and f"at most {org.MAX_TICKETS_CHECKED}" in str(answer)
