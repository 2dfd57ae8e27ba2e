"""`trainer --help`, `--version`, every subcommand's help, and `trainer validate`, as a user runs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_trainer_process
from trainer import __version__


def run(
    args: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, env, cwd=cwd)


def test_version_and_help(cli_env: dict[str, str]) -> None:
    assert run(["--version"], cli_env).stdout.strip() == f"trainer {__version__}"
    help_text = run(["--help"], cli_env).stdout
    assert "学习训练器" in help_text and "validate" in help_text
    english = run(["--lang", "en", "--help"], cli_env).stdout
    assert "question bank" in english


def subcommands() -> list[str]:
    from trainer.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.parametrize("command", subcommands())
def test_every_subcommand_has_help(command: str, cli_env: dict[str, str]) -> None:
    from trainer.cli import UNUSED_COMMON_OPTIONS

    result = run([command, "--help"], cli_env)
    assert result.returncode == 0, result.stderr
    assert ("--data-dir" in result.stdout) != (command in UNUSED_COMMON_OPTIONS["--data-dir"])
    from trainer.cli import build_parser

    action = next(a for a in build_parser()._actions if a.dest == "command")
    helps = {c.dest: c.help for c in action._choices_actions}
    assert helps.get(command), f"{command} has no one-line help in `trainer --help`"


def test_validate_builtin_bank_with_sources(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run(["validate", "--check-sources"], cli_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "zz-cppcc-14-2023" in result.stdout
    assert "全部出自原文" in result.stdout


def test_validate_reports_problems_without_traceback(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: {id: x, title: t}\nquestions:\n  - {id: a, type: short, prompt: p, anwser: x}\n",
        encoding="utf-8",
    )
    result = run(["validate", "--lang", "en", str(bad)], cli_env)
    assert result.returncode == 2
    assert f"{bad}:3: question 'a': unknown key 'anwser' (did you mean 'answer'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_problems_in_chinese_by_default(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: {id: x, title: t}\nquestions:\n"
        "  - {id: a, type: short, prompt: p, anwser: x}\n"
        "  - {id: b, type: short, answer: x}\n",
        encoding="utf-8",
    )
    result = run(["validate", str(bad)], cli_env)
    assert result.returncode == 2
    assert f"{bad}:3: 题目 'a'：未知的键 'anwser'（是不是想写 'answer'？）" in result.stderr
    assert f"{bad}:4: 题目 'b'：题型 'short' 必须有 'prompt'" in result.stderr
    assert "unknown key" not in result.stderr and "Traceback" not in result.stderr
    missing = run(["validate", str(tmp_path / "nope.yaml")], cli_env)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"{tmp_path / 'nope.yaml'}: 文件不存在"


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", b"key: [unclosed\n"])
def test_validate_malformed_file_exit_2(
    cli_env: dict[str, str], tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    result = run(["validate", str(bad)], cli_env)
    assert result.returncode == 2
    assert result.stderr.startswith(str(bad))
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_validate_directory_argument_and_missing_file(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["validate", "--lang", "en", str(tmp_path / "nope.yaml")], cli_env)
    assert result.returncode == 2 and "no such file" in result.stderr
    empty_dir = tmp_path / "empty"
    empty_dir.mkdir()
    result = run(["validate", "--lang", "en", str(empty_dir)], cli_env)
    assert result.returncode == 2 and "is a directory" in result.stderr


def test_validate_in_english(cli_env: dict[str, str], builtin_bank_path: Path) -> None:
    result = run(["validate", "--lang", "en", str(builtin_bank_path)], cli_env)
    assert result.returncode == 0
    assert "questions (" in result.stdout


def test_help_and_usage_errors_speak_the_users_language(cli_env: dict[str, str]) -> None:
    chinese = run(["--help"], cli_env).stdout
    assert "用法：" in chinese and "显示本帮助并退出" in chinese and "显示版本号并退出" in chinese
    assert "show this help message" not in chinese
    error = run(["stats", "--bogus"], cli_env)
    assert error.returncode == 2 and "错误：无法识别的参数：--bogus" in error.stderr
    english = run(["--lang", "en", "stats", "--bogus"], cli_env)
    assert "error: unrecognized arguments: --bogus" in english.stderr
    assert "show this help message and exit" in run(["--lang", "en", "--help"], cli_env).stdout


# ----------------------------------------------------------------------------- everyday polish


def test_the_cli_speaks_the_language_the_learner_chose(cli_env: dict[str, str]) -> None:
    assert run(["settings", "language", "en"], cli_env).returncode == 0
    stats = run(["stats"], cli_env)
    assert "reviewed today" in stats.stdout and "今日" not in stats.stdout
    assert "show this help message" in run(["stats", "--help"], cli_env).stdout
    # --lang and TRAINER_LANG still win; another profile keeps its own choice.
    assert "今日已答" in run(["stats", "--lang", "zh"], cli_env).stdout
    assert "今日已答" in run(["stats"], {**cli_env, "TRAINER_LANG": "zh"}).stdout
    assert run(["profile", "create", "bo"], cli_env).returncode == 0
    assert run(["--profile", "bo", "settings", "language", "zh"], cli_env).returncode == 0
    assert "今日已答" in run(["stats", "--profile", "bo"], cli_env).stdout


def test_os_errors_are_worded_in_the_ui_language(cli_env: dict[str, str], tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    zh = run(["--data-dir", str(not_a_folder), "stats"], cli_env)
    assert zh.returncode != 0
    assert "已经存在" in zh.stderr and "File exists" not in zh.stderr
    en = run(["--lang", "en", "--data-dir", str(not_a_folder), "stats"], cli_env)
    assert "already exists" in en.stderr and "Traceback" not in en.stderr
    missing = run(["export-anki", "-o", str(tmp_path / "no" / "deck.apkg")], cli_env)
    assert missing.returncode != 0 and "No such file" not in missing.stderr


def test_help_shows_defaults_and_leaves_out_options_that_mean_nothing(
    cli_env: dict[str, str],
) -> None:
    host = run(["host", "--help"], cli_env).stdout
    assert "（默认：8765）" in host
    assert "--profile" not in host
    serve = run(["--lang", "en", "serve", "--help"], cli_env).stdout
    assert "(default: 8000)" in serve
    for command in (["validate"], ["check"], ["generate"], ["profile", "create"]):
        assert "--profile" not in run([*command, "--help"], cli_env).stdout, command
    assert "--data-dir" not in run(["generate", "--help"], cli_env).stdout
    assert "--profile" in run(["stats", "--help"], cli_env).stdout
    # Hidden, not refused: old scripts keep working.
    assert run(["validate", "--profile", "x"], cli_env).returncode == 0


def test_export_defaults_to_csv(cli_env: dict[str, str]) -> None:
    assert run(["profile", "create", "default"], cli_env).returncode == 0
    result = run(["export"], cli_env)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0]
    assert "," in header and "question_id" in header and not header.startswith("{")


def test_section_by_title_and_errors_that_name_titles(cli_env: dict[str, str]) -> None:
    by_title = run(["study", "--plain", "--section", "聚焦政治引领"], cli_env)
    assert by_title.returncode == 0, by_title.stderr
    assert "本次：10 题" in by_title.stdout  # that section's ten questions
    ambiguous = run(["study", "--plain", "--section", "聚焦"], cli_env)
    assert ambiguous.returncode == 2 and "proposals-political（聚焦政治引领" in ambiguous.stderr
    unknown = run(["study", "--plain", "--section", "没有这一节"], cli_env)
    assert unknown.returncode == 2 and "headline（标题与导语）" in unknown.stderr
