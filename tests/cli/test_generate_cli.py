"""`trainer clean` and `trainer generate` as a user runs them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import run_trainer_process

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "seeds" / "zhengzhou-cppcc-14th-standing-committee-report-2023.txt"
SPEECH = REPO / "tests" / "fixtures" / "reports" / "speech-jiangchuan-cppcc-2024.txt"


def trainer(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, env, cwd=cwd)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]


def test_clean_prints_the_repaired_text_and_names_the_encoding(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    result = trainer(cli_env, tmp_path, "clean", str(SHIPPED))
    assert result.returncode == 0, result.stderr
    assert "市县两级政协共发布读书主题98个，建立微信读书群204个" in result.stdout
    assert "UTF-8" in result.stderr

    out = tmp_path / "clean.txt"
    result = trainer(cli_env, tmp_path, "--lang", "en", "clean", str(SHIPPED), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "read as UTF-8" in result.stderr and "headings" in result.stderr
    assert "【过去五年工作回顾】\n\n强化创新理论武装，筑牢思想政治根基\n" in out.read_text("utf-8")


def test_generate_writes_a_bank_that_validates_with_sources(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    shutil.copy(SHIPPED, report)
    result = trainer(
        cli_env, tmp_path, "generate", "report.txt", "--id", "zz-draft", "--title", "草稿"
    )
    assert result.returncode == 0, result.stderr
    bank_file = tmp_path / "report.yaml"
    assert bank_file.is_file()
    summary = result.stdout.strip().splitlines()[0]
    assert "report.yaml" in summary and "list" in summary and "number" in summary
    data = yaml.safe_load(bank_file.read_text("utf-8"))
    assert data["bank"] == {"id": "zz-draft", "title": "草稿", "source": "report.txt"}

    check = trainer(cli_env, tmp_path, "validate", "--check-sources", "report.yaml")
    assert check.returncode == 0, check.stderr
    assert "zz-draft" in check.stdout


def test_generate_refuses_to_overwrite_and_merges_on_request(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "bank.yaml"
    first = trainer(cli_env, tmp_path, "generate", str(SPEECH), "-o", str(out))
    assert first.returncode == 0, first.stderr

    again = trainer(cli_env, tmp_path, "generate", str(SPEECH), "-o", str(out))
    assert_one_line_error(again, "bank.yaml", "--merge", "--force")

    data = yaml.safe_load(out.read_text("utf-8"))
    del data["questions"][0]
    data["questions"][0]["prompt"] = "改过的题目"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    merged = trainer(
        cli_env, tmp_path, "--lang", "en", "generate", str(SPEECH), "--merge", str(out)
    )
    assert merged.returncode == 0, merged.stderr
    assert "1 added" in merged.stdout and "kept" in merged.stdout and "0 no longer" in merged.stdout
    assert "改过的题目" in out.read_text("utf-8")

    forced = trainer(cli_env, tmp_path, "generate", str(SPEECH), "-o", str(out), "--force")
    assert forced.returncode == 0 and "改过的题目" not in out.read_text("utf-8")


def test_generate_reads_gbk_and_says_so(cli_env: dict[str, str], tmp_path: Path) -> None:
    report = tmp_path / "gbk-report.txt"
    report.write_bytes(SPEECH.read_text("utf-8").encode("gbk"))
    result = trainer(cli_env, tmp_path, "generate", str(report))
    assert result.returncode == 0, result.stderr
    assert "GB18030" in result.stderr
    assert (tmp_path / "gbk-report.report.txt").is_file()
    check = trainer(cli_env, tmp_path, "validate", "--check-sources", "gbk-report.yaml")
    assert check.returncode == 0, check.stderr


def test_binary_empty_and_missing_reports_are_one_line_errors(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    binary = tmp_path / "scan.pdf.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03\xff\xfe" * 50)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", "utf-8")
    assert_one_line_error(trainer(cli_env, tmp_path, "clean", str(binary)), "scan.pdf.txt", "UTF-8")
    assert_one_line_error(trainer(cli_env, tmp_path, "generate", str(binary)), "scan.pdf.txt")
    assert_one_line_error(
        trainer(cli_env, tmp_path, "--lang", "en", "generate", str(empty)), "empty.txt", "empty"
    )
    assert_one_line_error(trainer(cli_env, tmp_path, "clean", "nope.txt"), "nope.txt")
    assert not (tmp_path / "scan.pdf.yaml").exists() and not (tmp_path / "empty.yaml").exists()


def test_a_report_without_anything_to_ask_writes_nothing(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "plain.txt"
    report.write_text("一段没有列举也没有数字的文字。\n", "utf-8")
    result = trainer(cli_env, tmp_path, "--lang", "en", "generate", "plain.txt")
    assert result.returncode == 2 and "found nothing to ask" in result.stderr
    assert not (tmp_path / "plain.yaml").exists()


def test_bad_options_are_one_line_errors(cli_env: dict[str, str], tmp_path: Path) -> None:
    assert_one_line_error(
        trainer(cli_env, tmp_path, "generate", str(SPEECH), "--id", "中文 id"), "--id"
    )
    assert_one_line_error(
        trainer(cli_env, tmp_path, "generate", str(SPEECH), "--merge", "missing.yaml"),
        "missing.yaml",
    )


def test_a_report_over_the_size_limit_is_refused_with_the_limit_named(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    from trainer.core.generation.clean import MAX_REPORT_CHARS

    huge = tmp_path / "huge.txt"
    paragraph = "一是加强组织领导，二是完善工作机制，三是强化督促检查。\n\n"
    huge.write_text(paragraph * (MAX_REPORT_CHARS // len(paragraph) + 1), "utf-8")
    result = trainer(cli_env, tmp_path, "--lang", "en", "generate", str(huge))
    assert_one_line_error(result, "huge.txt", f"{MAX_REPORT_CHARS}", "split")
    assert not (tmp_path / "huge.yaml").exists()


CORPUS = REPO / "tests" / "fixtures" / "corpus"


def test_generate_prints_a_one_screen_summary_and_keeps_the_max_most_valuable(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "shaanxi.txt"
    shutil.copy(CORPUS / "shaanxi-2026-government-work-report.txt", report)
    result = trainer(cli_env, tmp_path, "--lang", "en", "generate", str(report), "--max", "60")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) <= 24  # one screen
    assert lines[0].startswith(f"wrote {tmp_path / 'shaanxi.yaml'}: 60 questions")
    assert "questions per part:" in lines
    assert any(line.strip().startswith("一、2025年工作回顾") and "order" in line for line in lines)
    assert any(line.startswith("left out:") and "beyond --max" in line for line in lines)
    bank = yaml.safe_load((tmp_path / "shaanxi.yaml").read_text("utf-8"))
    types = {q["type"] for q in bank["questions"]}
    assert len(bank["questions"]) == 60 and len(types) >= 5  # variety kept under --max
    assert any(q["type"] == "order" for q in bank["questions"])  # headings are kept first
    check = trainer(cli_env, tmp_path, "validate", "--check-sources", "shaanxi.yaml")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_bad_max_is_a_one_line_error(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = trainer(cli_env, tmp_path, "--lang", "en", "generate", "r.txt", "--max", "0")
    assert result.returncode == 2
    assert "positive whole number" in result.stderr and "Traceback" not in result.stderr


def test_a_fifo_as_the_report_is_one_line_not_a_hang(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    import os

    fifo = tmp_path / "REPORT.txt"
    os.mkfifo(fifo)
    for command in (["clean"], ["generate"], ["--lang", "en", "clean"]):
        # before, reading the FIFO blocked for ever (here: TimeoutExpired after 20 s)
        result = subprocess.run(
            [sys.executable, "-m", "trainer", *command, str(fifo)],
            cwd=tmp_path,
            env=cli_env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=20,
        )
        english = "en" in command
        assert_one_line_error(
            result, "REPORT.txt", "not a regular file" if english else "不是普通文件"
        )


def test_everyday_words_given_as_examples_are_left_out_with_their_reason(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "“暖心驿站”面向新就业群体，提供饮水、休息、充电等普惠性暖心服务。\n\n"
        "教育引导广大委员在事关道路、制度、旗帜、方向等根本问题上统一思想。\n",
        encoding="utf-8",
    )
    result = trainer(cli_env, tmp_path, "generate", str(report))
    assert result.returncode == 0, result.stderr
    assert any(
        line.startswith("未收入：") and "举例的日常词语" in line and "1 组" in line
        for line in result.stdout.splitlines()
    ), result.stdout
    bank = yaml.safe_load((tmp_path / "report.yaml").read_text("utf-8"))
    asked = [q.get("items") for q in bank["questions"] if q["type"] == "list"]
    assert asked == [["道路", "制度", "旗帜", "方向"]]  # a formulation of one class stays
