"""`trainer settings`: every setting can be seen and changed from the command line."""

from __future__ import annotations

import subprocess

from tests.conftest import run_trainer_process


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(["settings", *args], env)


def test_list_set_and_unset(cli_env: dict[str, str]) -> None:
    listing = run([], cli_env)
    assert listing.returncode == 0
    assert "maximum_interval_days  36500" in listing.stdout
    assert "（系统时区）" in listing.stdout
    changed = run(["timezone", "Asia/Shanghai"], cli_env)
    assert changed.returncode == 0 and "Asia/Shanghai" in changed.stdout
    assert "Asia/Shanghai" in run(["timezone"], cli_env).stdout
    run(["maximum_interval_days", "180"], cli_env)
    from trainer.core.store import Store

    with Store.open() as store:
        assert store.get_setting("maximum_interval_days", profile="default") == 180
        assert store.scheduler("default").maximum_interval == 180
    assert run(["maximum_interval_days", "--unset"], cli_env).returncode == 0
    assert "36500" in run(["maximum_interval_days"], cli_env).stdout


def test_global_default_applies_to_every_learner(cli_env: dict[str, str]) -> None:
    assert run(["--global", "new_per_day", "30"], cli_env).returncode == 0
    assert "new_per_day            30" in run(["--profile", "李四", "new_per_day"], cli_env).stdout


def test_bad_key_or_value_is_one_line(cli_env: dict[str, str]) -> None:
    for args in (["foo"], ["maximum_interval_days", "0"], ["timezone", "Mars/Base"]):
        result = run(args, cli_env)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    english = run(["--lang", "en", "foo"], cli_env)
    assert "no setting named 'foo'" in english.stderr


def test_exam_date_set_and_unset(cli_env: dict[str, str]) -> None:
    changed = run(["exam-date", "2099-01-15"], cli_env)
    assert changed.returncode == 0, changed.stderr
    assert "2099-01-15" in changed.stdout and "考试日期 2099-01-15，还有" in changed.stdout
    from trainer.core.store import Store

    with Store.open() as store:
        plan = store.exam_plan(store.default_profile_name())
        assert plan is not None and plan.day.isoformat() == "2099-01-15"
    unset = run(["exam-date", "--unset"], cli_env)
    assert unset.returncode == 0 and "没有考试日期" in unset.stdout
    with Store.open() as store:
        assert store.exam_plan(store.default_profile_name()) is None


def test_a_bad_exam_date_is_one_line(cli_env: dict[str, str]) -> None:
    result = run(["exam-date", "15.01.2027"], cli_env)
    assert result.returncode != 0
    assert "exam_date" in result.stderr and "Traceback" not in result.stderr


def test_a_global_exam_date_plans_every_learner(cli_env: dict[str, str]) -> None:
    assert run(["exam-date", "2099-03-01", "--global"], cli_env).returncode == 0
    from trainer.core.store import Store

    with Store.open() as store:
        for name in ("amy", "bo"):
            store.ensure_profile(name)
            plan = store.exam_plan(name)
            assert plan is not None and plan.day.isoformat() == "2099-03-01"
        store.set_setting("exam_date", "2099-02-01", profile="bo")
        plan = store.exam_plan("bo")
        assert plan is not None and plan.day.isoformat() == "2099-02-01"
