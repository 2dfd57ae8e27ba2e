"""`trainer study --plain` end to end, as a subprocess on pipes (also: SIGKILL mid-session)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import run_trainer_process

BANK = """
bank: {id: plain-bank, title: 纯文本测试}
sections:
  - {id: a, title: 第一部分}
  - {id: b, title: 第二部分}
questions:
  - id: capital
    type: short
    section: a
    prompt: 中国的首都是哪里？
    answer: 北京
    source: 首都是北京
    explanation: 记住首都。
  - {id: colours, type: list, section: b, prompt: 三种颜色, items: [红色, 绿色, 蓝色], source: 红绿蓝}
  - {id: steps, type: order, section: b, prompt: 排列步骤, items: [调查研究, 形成方案, 组织实施]}
  - {id: blanks, type: cloze, section: a, text: "坚持{{人民}}至上，坚持{{自信}}自立"}
  - {id: pick, type: choice, section: b, prompt: 哪个是甲？, options: [甲, 乙, 丙], answer: A}
"""
ANSWERS = {
    "capital": "北京",
    "colours": "红色；绿色\\n蓝色",
    "blanks": "人民|自信",
    "pick": "甲",  # the letters are shuffled per learner and review; the option text is not
}
HEAD = re.compile(r"^(?:【\d+】|\[\d+\]).*[（(]([A-Za-z0-9_.-]+)[）)]")


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def trainer(
    cli_env: dict[str, str], *args: str, stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return run_trainer_process(args, cli_env, stdin=stdin, timeout=timeout)


def store_rows(home: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(home / "trainer.sqlite3")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def order_answer(
    question_id: str = "steps", profile: str = "default", reviews: int = 0, shown: int = 1
) -> str:
    """The numbers of the items in the right order as shown to this learner (the session's
    shuffle is seeded by learner, question and review, so it can be replayed here)."""
    from trainer.core.session import present, presentation_seed

    items = ["调查研究", "形成方案", "组织实施"]
    question = type("Q", (), {"items": items, "type": "order"})()
    seed = presentation_seed(profile, "plain-bank", question_id, reviews, shown)
    shown = list(present(question, seed).item_order)
    return " ".join(str(shown.index(item) + 1) for item in items)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Driver:
    """Runs `trainer study --plain` and answers each question as it appears."""

    def __init__(self, cli_env: dict[str, str], *args: str, rating: str | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "trainer", "study", "--plain", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=cli_env,
            bufsize=1,
            # As from a terminal: a runner started with SIGINT ignored (nohup, `cmd &`) would
            # hand that on, and Ctrl+C would then never reach the learner's session.
            preexec_fn=_default_sigint,
        )
        self.rating = rating
        self.lines: list[str] = []
        self.saved: list[int] = []
        self.asked: list[str] = []

    def answer_until(self, saved: int | None = None) -> None:
        """Answer questions until ``saved`` reviews are acknowledged (or the output ends)."""
        assert self.proc.stdout is not None and self.proc.stdin is not None
        for raw in self.proc.stdout:
            line = raw.rstrip("\n")
            self.lines.append(line)
            found = re.search(r"(?:已保存（记录 #|saved \(review #)(\d+)", line)
            if found:
                self.saved.append(int(found.group(1)))
                if saved is not None and len(self.saved) >= saved:
                    return
            head = HEAD.match(line)
            if head:
                qid = head.group(1)
                before = self.asked.count(qid)  # a learning step comes back reshuffled
                self.asked.append(qid)
                answer = (
                    order_answer(reviews=before, shown=before + 1)
                    if qid == "steps"
                    else ANSWERS[qid]
                )
                text = answer + "\n" + (self.rating + "\n" if self.rating is not None else "")
                self.proc.stdin.write(text)
                self.proc.stdin.flush()

    def finish(self, timeout: float = 30) -> tuple[int, str]:
        assert self.proc.stdin and self.proc.stdout and self.proc.stderr
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        self.proc.wait(timeout=timeout)
        self.lines.extend(self.proc.stdout.read().splitlines())
        return self.proc.returncode, self.proc.stderr.read()


def test_a_whole_session_on_pipes(cli_env, bank_file, isolated_home) -> None:
    driver = Driver(cli_env, "--bank", str(bank_file), "--no-rating-prompt")
    thread = threading.Thread(target=driver.answer_until, daemon=True)
    thread.start()
    thread.join(60)
    code, err = driver.finish()
    output = "\n".join(driver.lines)
    assert code == 0, err
    assert "Traceback" not in err
    assert set(driver.asked) == {"capital", "colours", "steps", "blanks", "pick"}
    assert "判定：正确" in output
    assert "解析：记住首都。" in output and "原文：首都是北京" in output
    assert re.search(r"  [ABC]\. 甲", output) and "共 3 项" in output and "共 2 个空" in output
    assert "—— 本次小结 ——" in output
    verdicts = store_rows(isolated_home, "SELECT DISTINCT verdict FROM reviews")
    assert verdicts == [("correct",)]
    count = store_rows(isolated_home, "SELECT COUNT(*) FROM reviews")[0][0]
    assert count == len(driver.saved) == len(driver.asked)


def test_rating_override_line(cli_env, bank_file, isolated_home) -> None:
    result = trainer(cli_env, "study", "--plain", "--bank", str(bank_file), stdin="北京\n1\n")
    assert result.returncode == 0, result.stderr
    assert "评分改为：重来" in result.stdout
    rows = store_rows(isolated_home, "SELECT question_id, rating, suggested_rating FROM reviews")
    # the suggestion is Good, or Easy when the piped answer came within the fast threshold
    assert rows[0][:2] == ("capital", 1) and rows[0][2] in (3, 4) and len(rows) == 1


def test_enter_keeps_the_suggested_rating_and_hint_caps_it(
    cli_env, bank_file, isolated_home
) -> None:
    result = trainer(cli_env, "study", "--plain", "--bank", str(bank_file), stdin="?\n北京\n\n")
    assert result.returncode == 0, result.stderr
    assert "提示：" in result.stdout
    rows = store_rows(isolated_home, "SELECT rating, hint_used FROM reviews")
    assert rows == [(2, 1)]


def test_order_questions_accept_the_shown_numbers(cli_env, bank_file, isolated_home) -> None:
    result = trainer(
        cli_env,
        "study",
        "--plain",
        "--bank",
        str(bank_file),
        "--question",
        "steps",
        "--no-rating-prompt",
        stdin=order_answer() + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert store_rows(isolated_home, "SELECT verdict FROM reviews") == [("correct",)]


def test_sigkill_mid_session_loses_no_answer_and_the_next_session_resumes(
    cli_env, bank_file, isolated_home
) -> None:
    driver = Driver(cli_env, "--bank", str(bank_file), rating="4")  # Easy: graduates
    driver.answer_until(saved=3)
    os.kill(driver.proc.pid, signal.SIGKILL)
    driver.proc.wait(timeout=30)
    assert driver.proc.returncode == -signal.SIGKILL
    stored = store_rows(isolated_home, "SELECT id, question_id FROM reviews ORDER BY id")
    assert [row[0] for row in stored][: len(driver.saved)] == driver.saved
    assert len(stored) >= 3
    answered = {row[1] for row in stored}
    # the next session resumes: only the questions not yet answered are new
    result = trainer(cli_env, "--lang", "en", "study", "--plain", "--bank", str(bank_file))
    assert result.returncode == 0, result.stderr
    header = re.search(r"This session: (\d+) questions \((\d+) due, (\d+) new\)", result.stdout)
    assert header is not None, result.stdout
    assert int(header.group(3)) == 5 - len(answered)
    first = re.search(r"^\[1\].*\(([A-Za-z0-9_.-]+)\)", result.stdout, re.MULTILINE)
    assert first is not None and first.group(1) not in answered
    assert "Summary" in result.stdout


def test_ctrl_c_prints_the_summary_and_keeps_the_answers(cli_env, bank_file, isolated_home) -> None:
    driver = Driver(cli_env, "--bank", str(bank_file), rating="")
    driver.answer_until(saved=2)
    driver.proc.send_signal(signal.SIGINT)
    code, err = driver.finish()
    assert code == 130 and "Traceback" not in err
    output = "\n".join(driver.lines)
    assert "—— 本次小结 ——" in output and "已中断" in output
    assert store_rows(isolated_home, "SELECT COUNT(*) FROM reviews")[0][0] >= 2


def test_english_exam_to_its_score(cli_env, bank_file, isolated_home) -> None:
    result = trainer(
        cli_env,
        "--lang",
        "en",
        "study",
        "--plain",
        "--bank",
        str(bank_file),
        "--exam",
        "2",
        "--seed",
        "3",
        "--exam-time",
        "600",
        stdin="北京\nA\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Exam: 2 questions, time limit 10 min 0 s" in result.stdout
    assert re.search(r"Exam score: \d+ / 100, 2 of 2 answered", result.stdout)
    assert "判定" not in result.stdout  # no Chinese left in English output
    modes = store_rows(isolated_home, "SELECT DISTINCT mode FROM reviews")
    exams = store_rows(isolated_home, "SELECT size, finished_at IS NOT NULL FROM exams")
    assert modes == [("exam",)] and exams == [(2, 1)]


def test_an_answer_after_the_time_limit_is_not_counted(cli_env, bank_file, isolated_home) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trainer",
            "--lang",
            "en",
            "study",
            "--plain",
            "--bank",
            str(bank_file),
            "--exam",
            "2",
            "--exam-time",
            "1",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=cli_env,
    )
    assert proc.stdout is not None and proc.stdin is not None
    for line in proc.stdout:
        if line.startswith("[1]"):
            break
    time.sleep(1.5)
    out, err = proc.communicate("北京\n", timeout=30)
    assert proc.returncode == 0, err
    assert "Time is up! This last answer was not counted." in out
    assert "Exam score: 0 / 100, 0 of 2 answered" in out
    assert store_rows(isolated_home, "SELECT COUNT(*) FROM reviews") == [(0,)]
    assert store_rows(isolated_home, "SELECT score FROM exams") == [(0.0,)]


def test_nothing_to_study(cli_env, bank_file) -> None:
    result = trainer(cli_env, "study", "--plain", "--bank", str(bank_file), "--new", "0")
    assert result.returncode == 0
    assert "今天没有要学习的题了" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--section", "nope"], "没有章节 'nope'"),
        (["--tag", "nope"], "没有题目带标签"),
        (["--question", "nope"], "没有题目 'nope'"),
        (["--exam-time", "60"], "--exam-time"),
        (["--exam", "0"], "--exam"),
        (["--exam", "3", "--review-only"], "--review-only"),
    ],
)
@pytest.mark.parametrize("mode", [["--plain"], []], ids=["plain", "app"])
def test_bad_options_are_one_line_errors(cli_env, bank_file, args, message, mode) -> None:
    # The app is checked before its screen opens: a mistyped section is not "nothing to study".
    result = trainer(cli_env, "study", *mode, "--bank", str(bank_file), *args, timeout=30)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_bank_with_errors_exits_2(cli_env, tmp_path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: {id: x, title: y}\nquestions:\n  - {id: q, type: short}\n", "utf-8")
    result = trainer(cli_env, "study", "--plain", "--bank", str(bad))
    assert result.returncode == 2
    assert "bad.yaml:3" in result.stderr and "Traceback" not in result.stderr
    missing = trainer(cli_env, "study", "--plain", "--bank", str(tmp_path / "none.yaml"))
    assert missing.returncode == 2 and "none.yaml" in missing.stderr


def test_an_unusable_store_is_one_line(cli_env, bank_file, isolated_home) -> None:
    (isolated_home / "trainer.sqlite3").write_bytes(b"garbage" * 1000)
    result = trainer(cli_env, "study", "--plain", "--bank", str(bank_file), stdin="北京\n")
    assert result.returncode == 1
    assert "trainer.sqlite3" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_plain_mode_never_imports_textual(cli_env, bank_file) -> None:
    code = (
        "import sys\n"
        "from trainer.cli import main\n"
        f"rc = main(['study', '--plain', '--bank', {str(bank_file)!r}, '--no-rating-prompt'])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input="北京\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_the_wrong_book_session_and_export(cli_env, bank_file, isolated_home, tmp_path) -> None:
    empty = trainer(cli_env, "study", "--plain", "--bank", str(bank_file), "--wrong-book")
    assert empty.returncode == 0 and "错题本是空的" in empty.stdout
    wrong = trainer(
        cli_env,
        "study",
        "--plain",
        "--bank",
        str(bank_file),
        "--question",
        "capital",
        "--no-rating-prompt",
        stdin="上海\n",
    )
    assert wrong.returncode == 0, wrong.stderr
    target = tmp_path / "wrong.csv"
    exported = trainer(
        cli_env, "study", "--bank", str(bank_file), "--export-wrong-book", str(target)
    )
    assert exported.returncode == 0, exported.stderr
    assert f"已把错题本的 1 道题导出到 {target}" in exported.stdout
    rows = target.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("题号,章节,题目,正确答案") and rows[1].startswith("capital,")
    assert "北京" in rows[1]
    # a session of exactly the 错题本, answered right twice: out of it
    for _ in range(2):
        again = trainer(
            cli_env,
            "study",
            "--plain",
            "--bank",
            str(bank_file),
            "--wrong-book",
            "--no-rating-prompt",
            stdin="北京\n",
        )
        assert again.returncode == 0, again.stderr
        assert "（capital）" in again.stdout
    final = trainer(cli_env, "study", "--plain", "--bank", str(bank_file), "--wrong-book")
    assert "错题本是空的" in final.stdout


def test_undo_in_plain_mode(cli_env, bank_file, isolated_home) -> None:
    result = trainer(
        cli_env,
        "study",
        "--plain",
        "--bank",
        str(bank_file),
        "--question",
        "capital",
        stdin="上海\nu\n北京\n\n",
    )
    assert result.returncode == 0, result.stderr
    assert "已撤销" in result.stdout
    assert "1 重来 " in result.stdout and "u 撤销" in result.stdout
    rows = store_rows(isolated_home, "SELECT answer, verdict FROM reviews ORDER BY id")
    assert rows[0] == ("北京", "correct")
    assert ("上海", "wrong") not in rows


def test_a_plain_exam_shows_no_verdict_until_the_end(cli_env, bank_file, isolated_home) -> None:
    result = trainer(
        cli_env,
        "study",
        "--plain",
        "--bank",
        str(bank_file),
        "--exam",
        "3",
        "--seed",
        "1",
        stdin="?\n\n\n\n",
    )
    assert result.returncode == 0, result.stderr
    body, _, summary = result.stdout.partition("—— 本次小结 ——")
    assert "判定" not in body and "提示：" not in body
    assert "答题详情" in summary and summary.count("[未作答]") == 3
    assert "考试得分：0 分" in summary
    assert store_rows(isolated_home, "SELECT COUNT(*) FROM reviews") == [(0,)]
