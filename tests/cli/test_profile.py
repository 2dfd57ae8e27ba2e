"""`trainer profile list|create|rename|delete|default` as a user runs them."""

from __future__ import annotations

import subprocess

from tests.conftest import run_trainer_process
from trainer.core.store import Store


def trainer(cli_env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return run_trainer_process(args, cli_env, stdin=stdin)


def _with_history(name: str, reviews: int) -> None:
    with Store.open() as store:
        for index in range(reviews):
            store.record_review(
                name, bank_id="b", question_id=f"q{index}", rating=3, verdict="correct", score=1
            )


def test_list_on_a_fresh_machine(cli_env) -> None:
    result = trainer(cli_env, "profile", "list")
    assert result.returncode == 0
    assert "还没有档案" in result.stdout and "default" in result.stdout


def test_create_list_rename_default(cli_env) -> None:
    assert trainer(cli_env, "profile", "create", "张三").returncode == 0
    _with_history("张三", 2)
    again = trainer(cli_env, "profile", "create", "张三")
    assert again.returncode == 0 and "已存在" in again.stdout
    listing = trainer(cli_env, "--lang", "en", "profile", "list")
    assert "张三  2 reviews" in listing.stdout
    renamed = trainer(cli_env, "profile", "rename", "张三", "李四")
    assert renamed.returncode == 0 and "李四" in renamed.stdout
    with Store.open() as store:
        assert store.review_count("李四") == 2 and store.get_profile("张三") is None
    assert trainer(cli_env, "profile", "default", "李四").returncode == 0
    assert "* 李四" in trainer(cli_env, "profile", "list").stdout


def test_delete_asks_first_and_cancels_by_default(cli_env) -> None:
    _with_history("王五", 3)
    cancelled = trainer(cli_env, "profile", "delete", "王五", stdin="no\n")
    assert cancelled.returncode == 1
    assert "3 条学习记录" in cancelled.stdout and "已取消" in cancelled.stdout
    eof = trainer(cli_env, "profile", "delete", "王五", stdin="")
    assert eof.returncode == 1
    with Store.open() as store:
        assert store.review_count("王五") == 3
    confirmed = trainer(cli_env, "profile", "delete", "王五", stdin="yes\n")
    assert confirmed.returncode == 0 and "已删除" in confirmed.stdout
    with Store.open() as store:
        assert store.get_profile("王五") is None and store.review_count() == 0


def test_delete_with_yes_skips_the_question(cli_env) -> None:
    _with_history("赵六", 1)
    result = trainer(cli_env, "--lang", "en", "profile", "delete", "赵六", "--yes")
    assert result.returncode == 0 and "Deleted profile" in result.stdout


def test_errors_are_one_line(cli_env) -> None:
    for args in (
        ["profile", "delete", "nobody", "--yes"],
        ["profile", "rename", "nobody", "x"],
        ["profile", "create", "   "],
    ):
        result = trainer(cli_env, *args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    trainer(cli_env, "profile", "create", "甲")
    trainer(cli_env, "profile", "create", "乙")
    taken = trainer(cli_env, "profile", "rename", "甲", "乙")
    assert taken.returncode == 2 and "乙" in taken.stderr


def test_profile_option_chooses_the_learner(cli_env, tmp_path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "bank: {id: pb, title: t}\nquestions:\n  - {id: q, type: short, prompt: p, answer: 甲}\n",
        encoding="utf-8",
    )
    result = trainer(
        cli_env,
        "study",
        "--plain",
        "--bank",
        str(bank),
        "--profile",
        "小明",
        "--no-rating-prompt",
        stdin="甲\n",
    )
    assert result.returncode == 0, result.stderr
    with Store.open() as store:
        assert store.review_count("小明") == 1 and store.review_count() == 1


def test_the_delete_prompt_says_which_words_confirm(cli_env) -> None:
    assert trainer(cli_env, "profile", "create", "钱七").returncode == 0
    asked = trainer(cli_env, "profile", "delete", "钱七", stdin="不\n")
    assert asked.returncode == 1
    assert "yes、y、是、确定" in asked.stdout and "其他输入都会取消" in asked.stdout
    confirmed = trainer(cli_env, "profile", "delete", "钱七", stdin="是\n")
    assert confirmed.returncode == 0 and "已删除" in confirmed.stdout
