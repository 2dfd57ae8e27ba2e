"""`trainer check`, as a user (or a script) runs it: one answer, or JSON lines on stdin."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_trainer_process

BANK = """\
bank: {id: tiny, title: 小题库}
questions:
  - id: lessons
    type: list
    prompt: 十四届市政协五年工作的主要体会是什么？
    items:
      - 必须切实加强党的全面领导
      - 必须坚持围绕中心、服务大局
      - 必须践行全过程人民民主
      - 必须更加广泛凝聚共识
      - 必须充分发挥委员主体作用
  - id: proposals
    type: number
    prompt: 五年提案立案多少件？
    answer: 4100
    unit: 件
  - id: flag
    type: cloze
    text: 充分发挥{{专门协商机构}}作用，围绕中心、{{服务大局}}
  - id: organ
    type: choice
    prompt: 人民政协是
    options: [国家权力机关, 专门协商机构, 行政机关]
    answer: B
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def run(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, env, stdin=stdin)


def test_one_answer_prints_feedback(bank: Path, cli_env: dict[str, str]) -> None:
    result = run(
        [
            "check",
            "--bank",
            str(bank),
            "--id",
            "lessons",
            "--answer",
            "加强党的全面领导；围绕中心、服务大局",
        ],
        cli_env,
    )
    assert result.returncode == 0, result.stderr
    assert "判定：部分正确" in result.stdout
    assert "[-必须切实-]加强党的全面领导" in result.stdout
    assert "（未答出）" in result.stdout


def test_one_answer_as_json(bank: Path, cli_env: dict[str, str]) -> None:
    result = run(
        ["check", "--bank", str(bank), "--id", "proposals", "--answer", "四千一百件", "--json"],
        cli_env,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["id"], data["verdict"], data["score"]) == ("proposals", "correct", 1.0)
    assert "4100" in data["feedback"]
    assert data["grade"]["expected_text"] == "4100件"


def test_english_feedback_and_bank_before_the_subcommand(
    bank: Path, cli_env: dict[str, str]
) -> None:
    result = run(
        ["--lang", "en", "--bank", str(bank), "check", "--id", "proposals", "--answer", "4000"],
        cli_env,
    )
    assert result.returncode == 0, result.stderr
    assert "Verdict: wrong" in result.stdout
    assert "figures must be exact" in result.stdout


def test_repeated_answer_gives_one_entry_per_blank(bank: Path, cli_env: dict[str, str]) -> None:
    result = run(
        [
            "check",
            "--bank",
            str(bank),
            "--id",
            "flag",
            "--answer",
            "专门协商机构",
            "--answer",
            "服务大局",
            "--json",
        ],
        cli_env,
    )
    assert json.loads(result.stdout)["verdict"] == "correct"


def test_unknown_id_is_one_line_error(bank: Path, cli_env: dict[str, str]) -> None:
    result = run(["check", "--bank", str(bank), "--id", "nope", "--answer", "x"], cli_env)
    assert result.returncode == 2
    assert result.stderr.strip() == "trainer: 题库 tiny 中没有题目 'nope'"
    assert "Traceback" not in result.stderr


def test_missing_answer_and_missing_bank(
    bank: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    no_answer = run(["check", "--bank", str(bank), "--id", "lessons"], cli_env)
    assert no_answer.returncode == 2 and "--answer" in no_answer.stderr
    missing = run(
        ["check", "--bank", str(tmp_path / "none.yaml"), "--id", "x", "--answer", "y"], cli_env
    )
    assert missing.returncode == 2
    assert len(missing.stderr.strip().splitlines()) == 1
    assert "Traceback" not in missing.stderr


def test_batch_from_stdin(bank: Path, cli_env: dict[str, str]) -> None:
    lines = [
        {"id": "proposals", "answer": "4,100"},
        {"id": "organ", "answer": "b"},
        {"id": "flag", "answer": ["专门协商机构", "服务全局"]},
        {"id": "lessons", "answer": "必须切实加强党的全面领导\n必须坚持围绕中心、服务大局"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    result = run(["check", "--bank", str(bank)], cli_env, stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(o["id"], o["verdict"]) for o in out] == [
        ("proposals", "correct"),
        ("organ", "correct"),
        ("flag", "partial"),
        ("lessons", "partial"),
    ]
    assert all(set(o) >= {"id", "verdict", "score", "feedback"} for o in out)
    assert out[2]["score"] == 0.5


def test_batch_bad_lines_get_an_error_and_the_batch_goes_on(
    bank: Path, cli_env: dict[str, str]
) -> None:
    stdin = "\n".join(
        [
            '{"id": "proposals", "answer": "4100"}',
            "this is not json",
            '{"id": "ghost", "answer": "1"}',
            '["a list"]',
            '{"id": "organ"}',
            '{"id": "organ", "answer": 5}',
            "",
            '{"id": "organ", "answer": "B"}',
        ]
    )
    result = run(["--lang", "en", "check", "--bank", str(bank)], cli_env, stdin)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 7
    assert out[0]["verdict"] == "correct"
    assert out[1]["line"] == 2 and "not valid JSON" in out[1]["error"]
    assert out[2] == {"line": 3, "id": "ghost", "error": "no question 'ghost' in bank tiny"}
    assert "JSON object" in out[3]["error"]
    assert out[4]["id"] == "organ" and "answer" in out[4]["error"]
    assert "answer" in out[5]["error"]
    assert out[6]["verdict"] == "correct"


def test_batch_survives_hostile_answers(bank: Path, cli_env: dict[str, str]) -> None:
    hostile = ["", "🙂" * 10, "\x00\x01\x02", "字" * 100_000, "NaN", "1e400", "-4100"]
    stdin = "".join(
        json.dumps({"id": qid, "answer": answer}) + "\n"
        for qid in ("lessons", "proposals", "flag", "organ")
        for answer in hostile
    )
    result = run(["check", "--bank", str(bank)], cli_env, stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4 * len(hostile)
    assert all(o["verdict"] in ("correct", "close", "partial", "wrong") for o in out)


BUILTIN = Path(__file__).resolve().parents[2] / "questions" / "zz-cppcc-14-2023.yaml"


@pytest.mark.parametrize(
    ("question_id", "answer", "verdict"),
    [
        ("intro-date", "三日", "correct"),
        ("development-proposals", "4100或4000", "partial"),
        ("theory-reading-activities", "近100次", "wrong"),
        ("party-heading", "落實黨的全面領導", "correct"),
        ("headline-consensus-pair", "（C）", "correct"),
        ("intro-sessions-false", "错，是第十四届", "correct"),
        (
            "five-relations-order",
            "民族关系、宗教关系、阶层关系、海内外同胞关系、政党关系",
            "partial",
        ),
    ],
)
def test_issue_12_cases_on_the_builtin_bank(
    question_id: str, answer: str, verdict: str, cli_env: dict[str, str]
) -> None:
    result = run(
        ["check", "--bank", str(BUILTIN), "--id", question_id, "--answer", answer, "--json"],
        cli_env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == verdict


def test_your_answer_is_shown_as_typed_and_the_diff_apart(cli_env: dict[str, str]) -> None:
    typed = "政协郑州市第十四届委员会常务委员汇"
    result = run(
        ["check", "--bank", str(BUILTIN), "--id", "headline-whose-report", "--answer", typed],
        cli_env,
    )
    lines = result.stdout.splitlines()
    assert f"你的答案：{typed}" in lines  # 十四 stays 十四, nothing merged in
    assert any(line.startswith("差异：") and "~会→汇~" in line for line in lines)


def test_an_order_answer_shows_the_learners_order(cli_env: dict[str, str]) -> None:
    result = run(
        [
            "check",
            "--bank",
            str(BUILTIN),
            "--id",
            "development-three-forms-order",
            "--answer",
            "协商研讨 调研座谈 专题议政",
        ],
        cli_env,
    )
    assert "你的顺序：协商研讨 → 调研座谈 → 专题议政" in result.stdout.splitlines()


@pytest.mark.parametrize("batch", [False, True])
def test_json_output_never_carries_a_c1_control_to_the_terminal(
    bank: Path, cli_env: dict[str, str], batch: bool
) -> None:
    # U+009B is CSI on an 8-bit terminal: "\x9b2J" clears the screen. JSON leaves C1 and DEL
    # raw unless told otherwise; the learner's answer is echoed back inside the result.
    answer = "专门协商机构\x9b2J\x7f"
    if batch:
        stdin = json.dumps({"id": "flag", "answer": [answer, "服务大局"]}) + "\n"
        result = run(["check", "--bank", str(bank)], cli_env, stdin)
    else:
        args = ["check", "--bank", str(bank), "--id", "flag", "--json"]
        result = run([*args, "--answer", answer, "--answer", "服务大局"], cli_env)
    assert result.returncode == 0, result.stderr
    assert not any("\x7f" <= ch <= "\x9f" for ch in result.stdout)
    assert "\\u009b" in result.stdout
    assert answer in json.dumps(json.loads(result.stdout), ensure_ascii=False)
