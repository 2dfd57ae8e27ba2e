"""A one-screen group session run by a leader records into the players' server histories
(``trainer group --record-server``), over real HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.server.conftest import RunningServer
from tests.server.devices import BANK, Device
from tests.server.test_security import call, register
from trainer.server import org
from trainer.server.client import SyncError
from trainer.server.group_push import push_group_answers


def record_session(leader: Device, players: list[str], seed: int) -> None:
    """What the projector records: one group-mode answer per player and question."""
    with leader.store() as store:
        for index, name in enumerate(players):
            for question in range(3):
                store.record_review(
                    name, bank_id=BANK, question_id=f"q{question}", rating=3 if index else 1,
                    verdict="correct" if index else "wrong", score=1.0 if index else 0.0,
                    answer=f"组答{seed}-{question}", mode="group",
                )  # fmt: skip


def test_a_leaders_session_reaches_the_members_devices(
    server: RunningServer, tmp_path: Path
) -> None:
    storage = server.storage
    leader = Device(tmp_path / "leader", server.url, "组长", server.add_user("组长"))
    member = Device(tmp_path / "member", server.url, "成员甲", server.add_user("成员甲"))
    server.add_user("成员乙")
    org.add_group(storage, "一组")
    for name, lead in (("组长", True), ("成员甲", False), ("成员乙", False)):
        org.add_member(storage, "一组", name, leader=lead)
    record_session(leader, ["成员甲", "成员乙"], 1)
    with leader.active(), leader.store() as store:
        outcome = push_group_answers(store, ["成员甲", "成员乙"])
        assert (outcome.sent, outcome.accepted, outcome.players) == (6, 6, 2)
        # sent once: nothing is pending any more
        assert push_group_answers(store, ["成员甲", "成员乙"]).sent == 0
    member.sync()
    group_answers = [row for row in member.log() if row[4] == "group"]
    assert sorted(row[5] for row in group_answers) == ["组答1-0", "组答1-1", "组答1-2"]
    with member.store() as store:
        assert {c.question_id for c in store.all_card_states(member.profile)} == {"q0", "q1", "q2"}


def test_only_a_leader_of_the_players_group_may_record(
    server: RunningServer, tmp_path: Path
) -> None:
    storage = server.storage
    leader = Device(tmp_path / "leader", server.url, "组长", server.add_user("组长"))
    server.add_user("成员甲")
    server.add_user("别组成员")
    org.add_group(storage, "一组")
    org.add_group(storage, "二组")
    org.add_member(storage, "一组", "组长", leader=True)
    org.add_member(storage, "一组", "成员甲")
    org.add_member(storage, "二组", "别组成员")
    record_session(leader, ["成员甲", "别组成员"], 2)
    with leader.active(), leader.store() as store:
        with pytest.raises(SyncError) as refused:
            push_group_answers(store, ["成员甲", "别组成员"])
        assert refused.value.values["status"] == 403
        assert "别组成员" in refused.value.values["message"]
    assert storage.review_count() == 0  # all or nothing

    # a member of the group (not its leader) cannot write into another member's history
    token, _ = register(server, "成员乙")
    org.add_member(storage, "一组", "成员乙")
    review = {
        "user": "成员甲", "uid": "x1", "bank_id": BANK, "question_id": "q1", "content_hash": "",
        "reviewed_at": 1790000000.0, "mode": "group", "answer": "伪造", "verdict": "correct",
        "score": 1.0, "rating": 3, "suggested_rating": None, "duration_ms": 1000,
        "hint_used": False, "exam_uid": None,
    }  # fmt: skip
    path = "/api/v1/org/group-reviews"
    assert call(server, "POST", path, {"reviews": [review]}, token)[0] == 403
    assert call(server, "POST", path, {"reviews": [review]})[0] == 401
    assert call(server, "POST", path, {"reviews": [{**review, "mode": "study"}]}, token)[0] == 400
    assert call(server, "POST", path, {"reviews": [{**review, "user": ""}]}, token)[0] == 400
    assert storage.review_count() == 0


def test_trainer_group_offers_record_server() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "--lang", "en", "group", "--help"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "--record-server" in result.stdout


def test_record_on_server_says_one_line_either_way(
    server: RunningServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer import paths
    from trainer.cli.server_org import record_on_server
    from trainer.i18n import set_language

    set_language("zh")
    leader = Device(tmp_path / "leader", server.url, "组长", server.add_user("组长"))
    server.add_user("成员甲")
    org.add_group(server.storage, "一组")
    org.add_member(server.storage, "一组", "组长", leader=True)
    org.add_member(server.storage, "一组", "成员甲")
    record_session(leader, ["成员甲"], 3)
    with leader.active():
        assert record_on_server(["成员甲"]) == 0
    assert capsys.readouterr().out.strip() == "已记入服务器：1 人，3 条新记录；他们下次同步时收到"
    # a machine not set up for sync: one line, exit code 1, the answers stay local
    (tmp_path / "plain").mkdir()
    paths.set_data_dir(tmp_path / "plain")
    try:
        assert record_on_server(["成员甲"]) == 1
    finally:
        paths.set_data_dir(None)
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "未能记入服务器" in err
