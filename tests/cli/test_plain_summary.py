"""The plain-mode summary names the questions to look at again, and answers apart from questions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BANK = """
bank: {id: plain-summary, title: 小结测试}
questions:
  - id: capital
    type: short
    prompt: 常委会持续用党的创新理论做什么？请写出原文中的两个四字词语，不要写别的内容。
    answer: 武装头脑、凝心聚魂
"""


def run(cli_env: dict[str, str], bank: Path, stdin: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "study", "--plain", "--bank", str(bank), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**cli_env, "COLUMNS": "40"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_summary_lists_prompts_not_ids(cli_env: dict[str, str], tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    out = run(cli_env, bank, "上海\n", "--no-rating-prompt")
    summary = out[out.index("—— 本次小结 ——") :]
    assert "需要再看的题（1）：" in summary
    assert "capital" not in summary
    lines = summary.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("• 常委会"))
    # Wrapped at 40 columns with a hanging indent, no line starting with a closing mark.
    assert lines[first + 1].startswith("  ") and lines[first + 1][2] not in "，。、？"
    assert "".join(line.strip("• ") for line in lines[first : first + 4]).startswith(
        "常委会持续用党的创新理论做什么？请写出原文中的两个四字词语"
    )


def test_answers_to_a_question_that_came_back_are_counted_apart(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text(BANK, encoding="utf-8")
    # the question comes back the same day only with same-day steps (off by default)
    subprocess.run(
        [sys.executable, "-m", "trainer", "settings", "learning_steps", "on"],
        env=cli_env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    out = run(cli_env, bank, "上海\n北京\n", "--no-rating-prompt")
    summary = out[out.index("—— 本次小结 ——") :]
    assert "1 道题，作答 2 次，答对 0 次" in summary
