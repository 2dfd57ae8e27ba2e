"""Settings (last change per key wins) and exam results travel between a learner's devices."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.server.conftest import RunningServer
from tests.server.devices import Device
from trainer.core import sync as rules


def test_the_last_change_of_a_setting_wins_on_every_device(
    server: RunningServer, tmp_path: Path
) -> None:
    a = Device(tmp_path / "a", server.url, "小王", server.add_user("小王"))
    b = Device(tmp_path / "b", server.url, "小王", server.add_user("小王"))
    with a.store() as store:
        store.set_setting("new_per_day", 15, "default")
        store.set_setting("theme", "light", "default")
    a.sync(clock=lambda: 1_800_000_000.0)
    with b.store() as store:
        store.set_setting("new_per_day", 40, "default")  # changed later, on b
    b.sync(clock=lambda: 1_800_000_100.0)
    with a.store() as store:
        store.set_setting("theme", "dark", "default")  # changed later still, on a
    a.sync(clock=lambda: 1_800_000_200.0)
    b.sync(clock=lambda: 1_800_000_300.0)
    for device in (a, b):
        with device.store() as store:
            assert store.get_setting("new_per_day", profile="default") == 40
            assert store.get_setting("theme", profile="default") == "dark"


def test_an_older_change_loses_even_when_it_syncs_last(
    server: RunningServer, tmp_path: Path
) -> None:
    a = Device(tmp_path / "a", server.url, "小王", server.add_user("小王"))
    b = Device(tmp_path / "b", server.url, "小王", server.add_user("小王"))
    with b.store() as store:
        store.set_setting("desired_retention", 0.85, "default")
    b.sync(clock=lambda: 1_800_000_500.0)
    with a.store() as store:
        store.set_setting("desired_retention", 0.95, "default")
    a.study(20, 5)
    a.sync(clock=lambda: 1_800_000_000.0)  # a's clock says its change came first
    b.sync(clock=lambda: 1_800_000_600.0)
    for device in (a, b):
        with device.store() as store:
            assert store.get_setting("desired_retention", profile="default") == 0.85
    # the cards on both are the replay under the winning retention
    assert a.cards() == b.cards()


def test_exam_results_reach_the_other_device(server: RunningServer, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    a = Device(tmp_path / "a", server.url, "小王", server.add_user("小王"))
    b = Device(tmp_path / "b", server.url, "小王", server.add_user("小王"))
    started = datetime(2026, 10, 1, 9, tzinfo=UTC)
    with a.store() as store:
        exam = store.start_exam("default", "bank-a", 2, time_limit_s=600, started_at=started)
        for index in range(2):
            store.record_review(
                "default", bank_id="bank-a", question_id=f"q{index}", rating=3,
                verdict="correct", score=1.0, mode="exam", exam_id=exam.id,
                reviewed_at=started.replace(minute=index + 1),
            )  # fmt: skip
    a.sync()  # pushed while unfinished
    with a.store() as store:
        store.finish_exam(
            exam.id, 0.75, {"s1": {"total": 2, "answered": 2, "correct": 1, "score": 0.75}},
            finished_at=started.replace(minute=9),
        )  # fmt: skip
    a.sync()  # the end follows
    b.sync()
    with b.store() as store:
        exams = store.exams("default")
        assert len(exams) == 1
        assert exams[0].uid == exam.uid and exams[0].score == 0.75
        assert exams[0].sections["s1"]["correct"] == 1
        assert {r.exam_uid for r in store.iter_reviews("default")} == {exam.uid}
    assert a.log() == b.log()


CHANGES = st.lists(
    st.tuples(
        st.sampled_from(["new_per_day", "theme"]),
        st.one_of(st.none(), st.integers(0, 3)),
        st.integers(0, 5).map(float),
    ),
    max_size=2,
    unique_by=lambda change: change[0],  # one change per key per sync, as local_changes gives
)


@given(first=CHANGES, second=CHANGES)
def test_merging_settings_does_not_depend_on_who_syncs_first(
    first: list[tuple[str, int | None, float]], second: list[tuple[str, int | None, float]]
) -> None:
    # The server keeps the largest rank per key; a device merging what it pushed with what the
    # server returns ends with the server's value whatever the order.
    pushed = [rules.SettingChange(*c) for c in first]
    remote = [rules.SettingChange(*c) for c in second]
    winner: dict[str, rules.SettingChange] = {}
    for change in [*pushed, *remote]:
        if change.key not in winner or change.rank() > winner[change.key].rank():
            winner[change.key] = change
    for order in ((pushed, remote), (remote, pushed)):
        _, snapshot = rules.merge_settings({}, order[0], order[1])
        expected = {k: [c.value, c.changed_at] for k, c in winner.items() if c.value is not None}
        assert snapshot == expected


def test_local_changes_are_what_differs_from_the_snapshot() -> None:
    snapshot = {"theme": ["dark", 5.0], "new_per_day": [10, 5.0]}
    changes = rules.local_changes({"theme": "dark", "new_per_day": 12, "x": 1}, snapshot, 9.0)
    assert changes == [
        rules.SettingChange("new_per_day", 12, 9.0),
        rules.SettingChange("x", 1, 9.0),
    ]
    removed = rules.local_changes({}, {"theme": ["dark", 5.0]}, 9.0)
    assert removed == [rules.SettingChange("theme", None, 9.0)]


def test_a_rating_changed_after_its_review_was_synced_reaches_the_other_device(
    server: RunningServer, tmp_path: Path
) -> None:
    a = Device(tmp_path / "a", server.url, "小王", server.add_user("小王"))
    b = Device(tmp_path / "b", server.url, "小王", server.add_user("小王"))
    a.study(12, 9)
    a.sync()
    b.sync()
    with a.store() as store:
        last = list(store.iter_reviews("default"))[-1]
        new_rating = 1 if last.rating != 1 else 4
        store.override_rating(last.id, new_rating)  # e.g. a sync ran before the override
    a.sync()
    b.sync()
    with b.store() as store:
        mine = {r.uid: r.rating for r in store.iter_reviews("default")}
    assert mine[last.uid] == new_rating
    assert a.log() == b.log()
    assert a.cards() == b.cards()
    assert server.storage.review_count() == 12
