"""`trainer generate` leaves secondary figures out, says so, and asks them on request."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from tests.conftest import run_trainer_process

# From the Shaanxi 2026 work report: the review's summary paragraph and a sector's details.
REPORT = """一、2025年工作回顾

刚刚过去的一年，是“十四五”收官之年。地区生产总值增长5.1％，城镇新增就业44.1万人。

（一）聚焦扩大内需，确保经济平稳运行。坚决稳住能源生产基本盘，可可盖等11处煤矿建成试运转，新增可再生能源装机1004万千瓦。入境游客增长1倍，新增11个全国县域商业领跑县。
"""


def trainer(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, env, cwd=cwd)


def _answers(bank_file: Path) -> set[float]:
    bank = yaml.safe_load(bank_file.read_text("utf-8"))
    found: set[float] = set()
    for question in bank["questions"]:
        if question["type"] == "number":
            found.add(float(question["answer"]))
        elif question["type"] == "choice" and "多少" in question["prompt"]:
            option = question["options"]["ABCD".index(question["answer"])]
            found.add(float(option.rstrip("％%万亿个千瓦处")))
    return found


def test_secondary_figures_are_left_out_with_their_reason(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    result = trainer(cli_env, tmp_path, "generate", "report.txt")
    assert result.returncode == 0, result.stderr
    assert any(
        line.startswith("未收入：") and "次要数字 4 个" in line and "--all-figures" in line
        for line in result.stdout.splitlines()
    ), result.stdout
    assert _answers(tmp_path / "report.yaml") == {5.1, 44.1}

    result = trainer(cli_env, tmp_path, "--lang", "en", "generate", "report.txt", "--force")
    assert "4 secondary figures" in result.stdout, result.stdout


def test_all_figures_asks_them(cli_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    result = trainer(cli_env, tmp_path, "generate", "report.txt", "--all-figures")
    assert result.returncode == 0, result.stderr
    assert "次要数字" not in result.stdout
    assert {5.1, 44.1, 11, 1004} <= _answers(tmp_path / "report.yaml")
    check = trainer(cli_env, tmp_path, "validate", "--check-sources", "report.yaml")
    assert check.returncode == 0, check.stdout + check.stderr
    help_text = trainer(cli_env, tmp_path, "--lang", "en", "generate", "--help").stdout
    assert "--all-figures" in help_text and "secondary figures" in help_text
