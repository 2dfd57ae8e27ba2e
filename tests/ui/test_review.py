"""`trainer review`: keep, drop and edit generated questions, written back in place (Pilot)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import Input, Static

from trainer.ui.screens.review import ReviewApp, ReviewScreen

REPORT = "政协工作报告\n\n我们坚持稳就业、稳企业、稳市场、稳预期。全年新增就业44.1万人。\n"
BANK = """\
# A draft from trainer generate. The author's note: check the figures!
bank:
  id: review-test
  title: 政协工作报告
  source: report.txt
sections:
- id: s-gzhg
  title: 一、工作回顾
questions:
- id: list-aaa
  type: list
  prompt: “我们坚持＿＿”——横线处是哪四项？
  items: [稳就业, 稳企业, 稳市场, 稳预期]
  source: 我们坚持稳就业、稳企业、稳市场、稳预期
  tags: [generated]
# a comment between two questions stays where it is
- id: number-bbb
  type: number
  section: s-gzhg
  prompt: 全年新增就业多少万人？
  answer: 44.1
  unit: 万人
  source: 全年新增就业44.1万人
  tags: [generated]
- id: truefalse-ccc
  type: truefalse
  statement: 全年新增就业44.1万人。
  answer: true
  source: 全年新增就业44.1万人
  tags: [generated]
"""


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def questions(path: Path) -> dict[str, dict]:
    return {q["id"]: q for q in yaml.safe_load(path.read_text("utf-8"))["questions"]}


def shown(app: ReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_keep_marks_reviewed_in_place_and_shows_progress(bank_path: Path) -> None:
    app = ReviewApp(bank_path)
    async with app.run_test() as pilot:
        assert "0/3" in shown(app, "#review-progress")
        assert "稳就业" in shown(app, "#review-question")
        assert "我们坚持稳就业、稳企业、稳市场、稳预期" in shown(app, "#review-source")
        await pilot.press("k")
        assert "1/3" in shown(app, "#review-progress")
        assert "number-bbb" in shown(app, "#review-question")
    text = bank_path.read_text("utf-8")
    assert questions(bank_path)["list-aaa"]["tags"] == ["reviewed"]
    assert questions(bank_path)["number-bbb"]["tags"] == ["generated"]
    assert text.startswith("# A draft from trainer generate. The author's note: check the figures!")
    assert "# a comment between two questions stays where it is\n- id: number-bbb" in text
    # only the tags line changed
    assert text.replace("tags: [reviewed]", "tags: [generated]", 1) == BANK


async def test_drop_removes_the_question_and_keeps_the_rest(bank_path: Path) -> None:
    app = ReviewApp(bank_path)
    async with app.run_test() as pilot:
        await pilot.press("n")  # skip the list: now on the number question
        await pilot.press("d")
        assert "truefalse-ccc" in shown(app, "#review-question")
        assert "0/2" in shown(app, "#review-progress")
    assert list(questions(bank_path)) == ["list-aaa", "truefalse-ccc"]
    assert "# a comment between two questions stays where it is" in bank_path.read_text("utf-8")


async def test_edit_is_validated_as_you_type_and_saved_in_place(bank_path: Path) -> None:
    app = ReviewApp(bank_path)
    async with app.run_test() as pilot:
        await pilot.press("n", "e")
        answer = app.screen.query_one("#field-answer", Input)
        answer.value = "很多"  # not a number: the validator says so, saving is refused
        await pilot.pause()
        assert "✓" not in shown(app, "#edit-errors")
        assert "必须是数字" in shown(app, "#edit-errors")  # the validator's own words
        await pilot.press("ctrl+s")
        assert bank_path.read_text("utf-8") == BANK  # nothing written
        answer.value = "44.1"
        prompt = app.screen.query_one("#field-prompt", Input)
        prompt.value = "2025年，全年新增就业多少万人？"
        await pilot.pause()
        assert "✓" in shown(app, "#edit-errors")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "1/3" in shown(app, "#review-progress")
    edited = questions(bank_path)["number-bbb"]
    assert edited["prompt"] == "2025年，全年新增就业多少万人？"
    assert edited["answer"] == 44.1 and edited["tags"] == ["reviewed"]
    assert bank_path.read_text("utf-8").startswith("# A draft from trainer generate.")


async def test_review_resumes_at_the_first_question_not_yet_reviewed(bank_path: Path) -> None:
    app = ReviewApp(bank_path)
    async with app.run_test() as pilot:
        await pilot.press("k", "k", "q")
    again = ReviewApp(bank_path)
    async with again.run_test():
        assert "2/3" in shown(again, "#review-progress")
        assert "truefalse-ccc" in shown(again, "#review-question")


async def test_escape_cancels_an_edit_without_writing(bank_path: Path) -> None:
    app = ReviewApp(bank_path)
    async with app.run_test() as pilot:
        await pilot.press("e")
        app.screen.query_one("#field-prompt", Input).value = "别的题面"
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
    assert bank_path.read_text("utf-8") == BANK


async def test_a_layout_that_cannot_be_edited_in_place_is_said_and_left_alone(
    bank_path: Path,
) -> None:
    flow = (
        "bank: {id: review-test, title: 政协工作报告, source: report.txt}\n"
        "questions: [{id: number-bbb, type: number, prompt: 全年新增就业多少万人？, answer: 44.1,"
        " unit: 万人, source: 全年新增就业44.1万人, tags: [generated]}]\n"
    )
    bank_path.write_text(flow, encoding="utf-8")
    app = ReviewApp(bank_path)
    async with app.run_test() as pilot:
        await pilot.press("k")
        assert "block list" in shown(app, "#review-status") or "块状列表" in shown(
            app, "#review-status"
        )
    assert bank_path.read_text("utf-8") == flow


def test_review_of_a_missing_or_hand_written_bank_is_a_one_line_error(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "trainer", "--lang", "en", "review", *args],
            cwd=tmp_path,
            env=cli_env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )

    missing = run("nope.yaml")
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(BANK.replace("[generated]", "[mine]"), encoding="utf-8")
    none = run("mine.yaml")
    assert none.returncode == 2 and "no generated questions" in none.stderr
    assert len(none.stderr.strip().splitlines()) == 1 and "Traceback" not in none.stderr


@pytest.mark.parametrize("language", ["zh", "en"])
def test_review_screen_snapshot(snap_compare: Any, bank_path: Path, language: str) -> None:
    from trainer.i18n import set_language

    set_language(language)
    app = ReviewApp(bank_path)

    async def run_before(pilot: Any) -> None:
        await pilot.press("n")  # the number question, its source highlighted in the report
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
