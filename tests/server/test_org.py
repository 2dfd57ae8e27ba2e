"""Groups, roles, assignments: the CLI (subprocesses), delivery to devices at sync (real HTTP,
SQLite and PostgreSQL), and the dashboard's figures (mastery now and on the deadline, points)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.server.conftest import RunningServer
from tests.server.devices import Device
from tests.server.orgdata import BANK_ID, bank_yaml
from tests.server.test_cli import trainer
from trainer.server import org, orgstats
from trainer.server.assignments import SETTING_KEY, parse_assignments
from trainer.server.storage import REVIEW_COLUMNS, open_storage


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    bank = tmp_path / "bank.yaml"
    bank.write_text(bank_yaml(6), encoding="utf-8")
    assert trainer("server", "add-bank", str(bank), home=folder).returncode == 0
    for name in ("王组长", "李成员"):
        assert trainer("server", "add-user", name, home=folder).returncode == 0
    return folder


def test_the_org_commands_set_up_a_group(home: Path) -> None:
    done = trainer("--lang", "en", "server", "add-group", "第一学习小组", home=home)
    assert done.returncode == 0 and "created study group" in done.stdout
    again = trainer("server", "add-group", "第一学习小组", home=home)
    assert again.returncode == 0 and "已存在" in again.stdout
    lead = trainer("server", "add-member", "第一学习小组", "王组长", "--leader", home=home)
    assert lead.returncode == 0 and "组长" in lead.stdout
    assert trainer("server", "add-member", "第一学习小组", "李成员", home=home).returncode == 0
    assigned = trainer(
        "server", "assign", "第一学习小组", BANK_ID, "--sections", "lessons,tasks",
        "--deadline", "2030-06-30", home=home,
    )  # fmt: skip
    assert assigned.returncode == 0 and "2030-06-30" in assigned.stdout
    storage = open_storage(str(home / "server.sqlite3"))
    try:
        users = {u["name"]: u for u in storage.users()}
        assert org.assignments_for_user(storage, 2 if users else 0)[0]["sections"] == [
            "lessons",
            "tasks",
        ]
        leader_id = next(
            int(r[0])
            for r in storage.transaction(write=False)
            .__enter__()
            .execute("SELECT id FROM users WHERE name = '王组长'")
            .fetchall()
        )
        assert set(org.groups_of_user(storage, leader_id).values()) == {"leader"}
    finally:
        storage.close()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("add-member", "没有这个组", "李成员"), "no study group named"),
        (("add-member", "一组", "无名氏"), "no user named"),
        (("assign", "一组", BANK_ID, "--deadline", "2030-02-30"), "deadline"),
        (("assign", "一组", BANK_ID, "--deadline", "30.6.2030"), "YYYY-MM-DD"),
        (("assign", "一组", "no-such-bank", "--deadline", "2030-06-30"), "has no bank"),
        (("assign", "一组", BANK_ID, "--sections", "nope", "--deadline", "2030-06-30"),
         "has no sections: nope"),
        (("add-group", "\x1b[31m"), "group name"),
        (("login-link", "无名氏"), "no user named"),
        (("remove-member", "一组", "李成员"), "is not in “一组”"),
        (("remove-member", "没有这个组", "李成员"), "no study group named"),
        (("unassign", "一组", BANK_ID), "has no assignment of"),
        (("login-link", "王组长", "--url", "javascript:alert(1)"), "not valid"),
    ],
)  # fmt: skip
def test_bad_org_commands_say_one_line_and_fail(
    home: Path, args: tuple[str, ...], says: str
) -> None:
    assert trainer("server", "add-group", "一组", home=home).returncode == 0
    result = trainer("--lang", "en", "server", *args, home=home)
    assert result.returncode != 0
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "\x1b" not in result.stderr


def test_members_and_assignments_can_be_removed(home: Path) -> None:
    for args in (
        ("add-group", "一组"), ("add-member", "一组", "李成员"),
        ("assign", "一组", BANK_ID, "--deadline", "2030-06-30"),
        ("assign", "一组", BANK_ID, "--sections", "lessons", "--deadline", "2030-09-30"),
    ):  # fmt: skip
        assert trainer("server", *args, home=home).returncode == 0
    removed = trainer("server", "unassign", "一组", BANK_ID, home=home)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"已撤销“一组”的 {BANK_ID} 任务（2 项）；成员下次同步时去掉"
    out = trainer("--lang", "en", "server", "remove-member", "一组", "李成员", home=home)
    assert out.returncode == 0
    assert out.stdout.strip() == "李成员 is no longer in “一组” (was a member); their history stays"
    storage = open_storage(str(home / "server.sqlite3"))
    try:
        with storage.transaction(write=False) as tx:
            assert tx.execute("SELECT COUNT(*) FROM memberships").fetchone()[0] == 0
            assert tx.execute("SELECT COUNT(*) FROM assignments").fetchone()[0] == 0
    finally:
        storage.close()


def test_login_link_prints_a_one_time_url_as_its_last_line(home: Path) -> None:
    from tests.server.test_cli import ServerProcess

    server = ServerProcess(home)
    try:
        result = trainer("server", "login-link", "王组长", "--url", server.url, home=home)
        assert result.returncode == 0
        link = result.stdout.strip().splitlines()[-1]
        assert link.startswith(server.url + "/dashboard/login?t=")

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args: object, **kwargs: object) -> None:
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as first:
            opener.open(link, timeout=30)
        assert first.value.code == 303 and "HttpOnly" in first.value.headers["Set-Cookie"]
        with pytest.raises(urllib.error.HTTPError) as second:
            opener.open(link, timeout=30)
        assert second.value.code == 403
    finally:
        server.stop()


def test_members_devices_receive_their_groups_assignments_at_sync(
    server: RunningServer, tmp_path: Path
) -> None:
    storage = server.storage
    storage.put_bank(BANK_ID, bank_yaml(6))
    member = Device(tmp_path / "member", server.url, "成员", server.add_user("成员"))
    outsider = Device(tmp_path / "outsider", server.url, "外人", server.add_user("外人"))
    org.add_group(storage, "一组")
    org.add_member(storage, "一组", "成员")
    org.assign(storage, "一组", BANK_ID, ["lessons"], "2030-06-30")
    member.sync()
    outsider.sync()
    with member.store() as store:
        kept = store.get_setting(SETTING_KEY, None, member.profile)
    assert kept == [
        {"group": "一组", "bank_id": BANK_ID, "sections": ["lessons"], "deadline": "2030-06-30"}
    ]
    with outsider.store() as store:
        assert store.get_setting(SETTING_KEY, None, outsider.profile) == []
    # a new assignment arrives at the next sync; the kept list is never pushed back
    org.assign(storage, "一组", BANK_ID, [], "2031-01-15")
    member.sync()
    with member.store() as store:
        kept = store.get_setting(SETTING_KEY, None, member.profile)
    assert [a["deadline"] for a in kept] == ["2030-06-30", "2031-01-15"]
    with storage.transaction(write=False) as tx:
        keys = [r[0] for r in tx.execute("SELECT key FROM settings").fetchall()]
    assert SETTING_KEY not in keys


def test_devices_drop_a_withdrawn_assignment_or_a_left_group_at_their_next_sync(
    server: RunningServer, tmp_path: Path
) -> None:
    storage = server.storage
    storage.put_bank(BANK_ID, bank_yaml(6))
    member = Device(tmp_path / "member", server.url, "成员", server.add_user("成员"))
    org.add_group(storage, "一组")
    org.add_group(storage, "二组")
    org.add_member(storage, "一组", "成员")
    org.add_member(storage, "二组", "成员")
    org.assign(storage, "一组", BANK_ID, ["lessons"], "2030-06-30")
    org.assign(storage, "二组", BANK_ID, [], "2031-01-15")

    def kept() -> list[str]:
        with member.store() as store:
            return [a["group"] for a in store.get_setting(SETTING_KEY, None, member.profile)]

    member.sync()
    assert kept() == ["一组", "二组"]
    assert org.unassign(storage, "一组", BANK_ID) == 1
    member.sync()
    assert kept() == ["二组"]
    assert org.remove_member(storage, "二组", "成员") == "member"
    member.sync()
    assert kept() == []


def test_a_malformed_assignment_list_from_a_server_is_dropped() -> None:
    good = {"group": "一组", "bank_id": "b", "sections": [], "deadline": "2030-06-30"}
    assert parse_assignments([good]) == [good]
    for bad in (
        {**good, "bank_id": "../../etc"},
        {**good, "deadline": "2030-02-30"},
        {**good, "group": "\x1b[2J"},
        {**good, "sections": ["a/b"]},
        "text",
    ):
        assert parse_assignments([good, bad]) is None
    assert parse_assignments(None) is None
    assert parse_assignments([good] * 51) is None


def _review(user_id: int, index: int, at: float, rating: int, question: str = "q0") -> tuple:
    values = {
        "uid": f"u{index}", "bank_id": BANK_ID, "question_id": question, "content_hash": "",
        "reviewed_at": at, "mode": "study", "answer": "a", "verdict": "correct",
        "score": 1.0, "rating": rating, "suggested_rating": None, "duration_ms": 1,
        "hint_used": 0, "exam_uid": None,
    }  # fmt: skip
    return (user_id, index, None, *(values[c] for c in REVIEW_COLUMNS[3:]))


def test_mastery_now_and_on_the_deadline_follow_fsrs_stability(tmp_path: Path) -> None:
    storage = open_storage(str(tmp_path / "s.sqlite3"))
    now = time.time()
    storage.put_bank(BANK_ID, bank_yaml(3))  # q0 lessons, q1 tasks, q2 party
    storage.add_user("学")
    org.add_group(storage, "组")
    org.add_member(storage, "组", "学")
    deadline = time.strftime("%Y-%m-%d", time.localtime(now + 200 * 86400))
    org.assign(storage, "组", BANK_ID, [], deadline)
    # q0: answered well three times over a month (stability ~80 days): mastered now, not in
    # 200 days; q1: once, yesterday (stability ~2.3 days): mastered now only; q2: never.
    rows = [
        _review(1, 1, now - 30 * 86400, 3), _review(1, 2, now - 20 * 86400, 3),
        _review(1, 3, now - 2 * 86400, 3), _review(1, 4, now - 86400, 3, "q1"),
    ]  # fmt: skip
    with storage.transaction() as tx:
        tx.insert_new_reviews(rows)
        tx.execute("UPDATE users SET seq = 4 WHERE id = 1")
    viewer = org.Viewer(1, "学", admin=False, member_of=frozenset({1}))
    page = orgstats.member_page(storage, viewer, 1, now=now)
    assert page is not None
    by_section = {m["section"]: m for m in page["mastery"]}
    assert by_section["lessons"]["now"] == 1.0 and by_section["lessons"]["deadline"] == 0.0
    assert by_section["tasks"]["now"] == 1.0 and by_section["tasks"]["deadline"] == 0.0
    assert by_section["party"]["now"] == 0.0
    assert page["trend"][-1][1] == pytest.approx(2 / 3)
    # mastery over time: q0's first review (30 days ago, stability ~2.3 days) was forgotten
    # 26 to 22 days ago, before the second; the group's line is its one member's here
    assert [p[1] for p in page["trend"][-27:-22]] == [0.0] * 5
    group = orgstats.group_page(storage, org.Viewer(1, "学", admin=True), 1, now=now)
    assert group is not None and group["trend"] == page["trend"]
    # a new review (a sync) moves the learner's seq on: the cached card is replayed again
    with storage.transaction() as tx:
        tx.insert_new_reviews([_review(1, 5, now - 3600, 3, "q2")])
        tx.execute("UPDATE users SET seq = 5 WHERE id = 1")
    again = orgstats.member_page(storage, viewer, 1, now=now)
    assert again is not None
    assert {m["section"]: m["now"] for m in again["mastery"]}["party"] == 1.0
    storage.close()


def test_points_reward_steady_study_over_cramming() -> None:
    steady = {day: 50 for day in range(10)}
    cramming = {0: 500}
    assert orgstats.points(steady) == 100
    assert orgstats.points(cramming) == 10
    assert orgstats.points({0: 4}) == 0 and orgstats.points({0: 5}) == 1


def test_the_server_keeps_members_cards_current_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.server.orgdata import seed
    from trainer.server import dashboard

    monkeypatch.setattr(dashboard, "WARM_IDLE_S", 0.1)
    monkeypatch.setattr(dashboard, "WARM_PAUSE_S", 0.01)
    monkeypatch.delenv(dashboard.WARM_ENV, raising=False)
    running = RunningServer(str(tmp_path / "server.sqlite3"))
    try:
        data = seed(running.storage, {"一组": ["甲", "乙", "丙"]}, now=time.time())
        deadline = time.monotonic() + 30
        while orgstats.stale_members(running.storage, 10):
            assert time.monotonic() < deadline, "the warmer did not replay the members' cards"
            time.sleep(0.1)
        with running.storage.transaction() as tx:
            tx.insert_new_reviews([_review(data.users["乙"], 999, time.time(), 3, "q5")])
            tx.execute("UPDATE users SET seq = seq + 1 WHERE id = ?", (data.users["乙"],))
        assert orgstats.stale_members(running.storage, 10) == [data.users["乙"]]
        while orgstats.stale_members(running.storage, 10):
            assert time.monotonic() < deadline, "a synced review was not replayed"
            time.sleep(0.1)
        with running.storage.transaction(write=False) as tx:
            row = tx.execute(
                "SELECT last_review FROM org_cards WHERE user_id = ? AND question_id = 'q5'",
                (data.users["乙"],),
            ).fetchone()
        assert row is not None and row[0] > time.time() - 60
    finally:
        running.stop()


@given(
    st.lists(
        st.tuples(st.integers(0, 90 * 86400), st.floats(0.001, 60, allow_nan=False)),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([0, 28800, -18000, 19800]),
)
@settings(max_examples=300, deadline=None)
def test_mastery_over_time_counts_each_day_end_as_the_card_was(
    reviews: list[tuple[int, float]], offset: int
) -> None:
    import itertools

    first_day, count = 20000, 60
    start = (first_day - 30) * 86400
    states = sorted([start + at, round(stability, 3)] for at, stability in reviews)
    changes = [0] * (count + 1)
    orgstats._mark_mastered_days(states, first_day, count, offset, changes)
    got = list(itertools.accumulate(changes[:-1]))
    # the plain definition: at each day's end, the card after its last review until then
    expected = []
    for day in range(count):
        end = (first_day + day + 1) * 86400 - offset
        before = [s for s in states if s[0] <= end]
        expected.append(int(bool(before) and end - before[-1][0] <= before[-1][1] * 86400))
    assert got == expected


def test_the_schedule_aims_at_the_nearest_deadline_unless_the_learner_chose_a_date(
    server: RunningServer, tmp_path: Path
) -> None:
    # The issue: "scheduling aims to have the assigned questions remembered on that date".
    storage = server.storage
    storage.put_bank(BANK_ID, bank_yaml(6))
    member = Device(tmp_path / "member", server.url, "成员", server.add_user("成员"))
    org.add_group(storage, "一组")
    org.add_member(storage, "一组", "成员")
    org.assign(storage, "一组", BANK_ID, [], "2031-01-15")
    org.assign(storage, "一组", BANK_ID, ["lessons"], "2030-06-30")
    member.sync()
    with member.store() as store:
        assert store.get_setting("exam_date", "", member.profile) == "2030-06-30"
        assert store.exam_plan(member.profile) is not None  # the exam-date scheduler is on
        store.set_setting("exam_date", "2030-03-01", member.profile)  # the learner's own
    org.assign(storage, "一组", BANK_ID, [], "2030-01-10")
    member.sync()
    with member.store() as store:
        assert store.get_setting("exam_date", "", member.profile) == "2030-03-01"


def test_overdue_on_the_dashboard_follows_the_learners_own_retention(
    server: RunningServer, tmp_path: Path
) -> None:
    """A learner asking for 95 % recall gets shorter intervals on their device; the dashboard
    replays their cards with the retention their device synced, so "overdue" agrees with the
    app to the second (with the defaults the cards would be due days later)."""
    from trainer import paths
    from trainer.core.store import Store

    storage = server.storage
    keen = Device(tmp_path / "keen", server.url, "认真", server.add_user("认真"))
    plain = Device(tmp_path / "plain", server.url, "一般", server.add_user("一般"))
    group_id = org.add_group(storage, "组")[1]
    org.add_member(storage, "组", "认真")
    org.add_member(storage, "组", "一般")
    start = time.time() - 3 * 86400
    for device, retention in ((keen, 0.95), (plain, None)):
        with Store.open(device.folder / paths.DB_FILENAME, enable_fuzzing=False) as store:
            if retention is not None:
                store.set_setting("desired_retention", retention, device.profile)
            for index, question in enumerate(("q0", "q1", "q2")):
                store.record_review(
                    device.profile, bank_id=BANK_ID, question_id=question, rating=3,
                    verdict="correct", score=1.0, reviewed_at=datetime.fromtimestamp(
                        start + index * 3600, UTC),
                )  # fmt: skip
        device.sync()
    admin = org.Viewer(0, "管理员", admin=True)

    def app_due(device: Device) -> list[float]:
        with Store.open(device.folder / paths.DB_FILENAME, enable_fuzzing=False) as store:
            return sorted(float(c.due) for c in store.all_card_states(device.profile))

    def dashboard_overdue(now: float) -> dict[str, int]:
        page = orgstats.group_page(storage, admin, group_id, now=now)
        assert page is not None
        return {m["name"]: m["overdue"] for m in page["members"]}

    keen_due, plain_due = app_due(keen), app_due(plain)
    assert keen_due[-1] < plain_due[0]  # 95 % asks for the questions back sooner
    for moment in (keen_due[0] - 1, keen_due[1] + 1, keen_due[-1] + 1, plain_due[-1] + 1):
        app_says = {
            "认真": sum(due < moment for due in keen_due),
            "一般": sum(due < moment for due in plain_due),
        }
        assert dashboard_overdue(moment) == app_says, moment
    # the learner changes the retention later (no new answer): their other devices replay every
    # card when they pull the change, and so does the dashboard
    with Store.open(plain.folder / paths.DB_FILENAME, enable_fuzzing=False) as store:
        store.set_setting("desired_retention", 0.95, plain.profile)
    plain.sync()
    other = Device(tmp_path / "other", server.url, "一般", server.add_user("一般"))
    other.sync()
    other_due = app_due(other)
    assert other_due[-1] < plain_due[0]
    moment = other_due[-1] + 1
    assert dashboard_overdue(moment)["一般"] == sum(due < moment for due in other_due) == 3


def test_a_sync_replays_the_members_cards_so_no_page_has_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cards the dashboard reads are replayed right after the sync that brought the reviews
    (even with the background warmer off), so the first page finds them current."""
    from trainer.server import dashboard

    monkeypatch.setenv(dashboard.WARM_ENV, "0")
    server = RunningServer(str(tmp_path / "server.sqlite3"))
    try:
        member = Device(tmp_path / "member", server.url, "成员", server.add_user("成员"))
        loner = Device(tmp_path / "loner", server.url, "独行", server.add_user("独行"))
        org.add_group(server.storage, "组")
        org.add_member(server.storage, "组", "成员")
        member.study(30, seed=1)
        loner.study(30, seed=2)
        member.sync()
        loner.sync()
        deadline = time.monotonic() + 30
        while orgstats.stale_members(server.storage, 10):
            assert time.monotonic() < deadline, "the sync did not replay the member's cards"
            time.sleep(0.05)
        with server.storage.transaction(write=False) as tx:
            users = dict(tx.execute("SELECT name, id FROM users").fetchall())
            replayed = {
                int(r[0]) for r in tx.execute("SELECT DISTINCT user_id FROM org_cards").fetchall()
            }
        assert replayed == {users["成员"]}  # the dashboard shows nobody outside a group
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [
        ("a/b", "含有控制字符或斜杠", "contains a control character or a slash"),
        ("x" * 41, "须为 1–40 个字符", "must be 1–40 characters"),
    ],
)
def test_a_refused_user_name_is_worded_in_the_users_language(
    tmp_path: Path, name: str, zh: str, en: str
) -> None:
    for lang, reason, other in (("zh", zh, en), ("en", en, zh)):
        result = trainer("--lang", lang, "server", "add-user", name, home=tmp_path)
        assert result.returncode != 0
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and reason in line and other not in line
