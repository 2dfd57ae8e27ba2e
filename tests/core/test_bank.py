"""The bank format: loading, and every validation error with its message."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from trainer.core.bank import (
    BankError,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    check_sources,
    load_bank,
    parse_bank,
)
from trainer.core.bank.model import Problem
from trainer.i18n import set_language
from trainer.i18n.bank import bank_error_text, problem_message, problem_text

HEADER = "bank: {id: t, title: 测试}\nsections: [{id: s1, title: 第一部分}]\nquestions:\n"


@pytest.fixture(autouse=True)
def english(isolated_home: Path) -> None:
    """The messages below are asserted in English; the Chinese ones are checked at the end."""
    set_language("en")


def errors_of(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as caught:
        load_bank(path)
    return [problem_text(p) for p in caught.value.problems]


def test_loads_every_type(tmp_path: Path) -> None:
    text = (
        HEADER
        + """\
  - {id: s, type: short, prompt: 问, answer: 两个确立, accept: [“两个确立”]}
  - {id: c, type: cloze, text: "聚{{团结}}之力、尽{{协商|商量}}之责"}
  - {id: l, type: list, prompt: 哪两个？, items: [甲, 乙|己], ordered: true}
  - {id: ch, type: choice, prompt: 选, options: [甲, 乙, 丙], answer: [A, c]}
  - {id: tf, type: truefalse, statement: 对吗, answer: false}
  - {id: n, type: number, prompt: 多少？, answer: 77.8, unit: "%", approx: true}
  - {id: o, type: order, prompt: 排, items: [一, 二, 三], section: s1}
"""
    )
    path = tmp_path / "b.yaml"
    path.write_text(text, encoding="utf-8")
    bank = load_bank(path)
    assert [q.type for q in bank.questions] == [
        "short",
        "cloze",
        "list",
        "choice",
        "truefalse",
        "number",
        "order",
    ]
    cloze = bank.question("c")
    assert isinstance(cloze, ClozeQuestion)
    assert cloze.blanks == (("团结",), ("协商", "商量"))
    assert "＿" in cloze.prompt and "{{" not in cloze.prompt
    assert cloze.segments == ["聚", 0, "之力、尽", 1, "之责"]
    listq = bank.question("l")
    assert isinstance(listq, ListQuestion) and listq.items == (("甲",), ("乙", "己"))
    choice = bank.question("ch")
    assert isinstance(choice, ChoiceQuestion)
    assert choice.correct == (0, 2) and choice.multiple and choice.answer_letters == "AC"
    number = bank.question("n")
    assert isinstance(number, NumberQuestion) and number.answer_text == "77.8余%"
    assert bank.question("o").section == "s1"
    assert bank.counts_by_type()["order"] == 1


def test_loaded_questions_equal_questions_built_the_usual_way(builtin_bank_path: Path) -> None:
    # The loader fills each question's __dict__ directly (Question.from_checked): every field
    # must be there, and the result must equal what the dataclass's own __init__ builds.
    for question in load_bank(builtin_bank_path).questions:
        names = [f.name for f in dataclasses.fields(question)]
        assert sorted(question.__dict__) == sorted(names), question.id
        rebuilt = type(question)(**{name: getattr(question, name) for name in names})
        assert rebuilt == question and hash(rebuilt) == hash(question)


def test_round_trip_through_to_dict(tmp_path: Path) -> None:
    import yaml

    text = (
        HEADER
        + """\
  - {id: c, type: cloze, text: "聚{{团结}}之力", explanation: 说明, tags: [a]}
  - {id: ch, type: choice, prompt: 选, options: [甲, 乙], answer: B}
"""
    )
    bank = parse_bank(text, "b.yaml")
    again = parse_bank(yaml.safe_dump(bank.to_dict(), allow_unicode=True), "again.yaml")
    assert [q.to_dict() for q in again.questions] == [q.to_dict() for q in bank.questions]
    assert [q.content_hash for q in again.questions] == [q.content_hash for q in bank.questions]


def test_content_hash_ignores_explanation_but_not_answer() -> None:
    base = HEADER + "  - {id: n, type: number, prompt: 多少？, answer: 4100, explanation: %s}\n"
    one = parse_bank(base % "甲", "a").question("n").content_hash
    two = parse_bank(base % "乙", "a").question("n").content_hash
    changed = parse_bank(base.replace("4100", "4000") % "甲", "a").question("n").content_hash
    assert one == two != changed


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  - {id: q1, type: short, prompt: p, anwser: x}\n",
            "bank.yaml:4: question 'q1': unknown key 'anwser' (did you mean 'answer'?)",
        ),
        (
            "  - {id: q1, type: short, answer: x}\n",
            "bank.yaml:4: question 'q1': 'prompt' is required for type 'short'",
        ),
        (
            "  - {id: q1, type: short, prompt: p, answer: x}\n  - {id: q1, type: short, prompt: p, answer: y}\n",
            "bank.yaml:5: question 'q1': duplicate id (first used on line 4); ids must be unique",
        ),
        (
            "  - {id: q1, type: short, prompt: p, answer: x, section: nope}\n",
            "bank.yaml:4: question 'q1': section 'nope' does not exist (sections: s1)",
        ),
        (
            "  - {id: q1, type: choice, prompt: p, options: [a, b], answer: C}\n",
            "bank.yaml:4: question 'q1': answer 'C' is outside the options (A–B)",
        ),
        (
            "  - {id: q1, type: cloze, text: 没有空}\n",
            "bank.yaml:4: question 'q1': cloze 'text' has no blanks",
        ),
        (
            "  - {id: q1, type: list, prompt: p, items: []}\n",
            "bank.yaml:4: question 'q1': 'items' is empty",
        ),
        (
            "  - {id: q1, type: multiple, prompt: p}\n",
            "bank.yaml:4: question 'q1': 'type' must be one of short, cloze, list, choice, truefalse, number, order",
        ),
        (
            "  - {id: q1, type: choice, prompt: p, options: [a], answer: A}\n",
            "bank.yaml:4: question 'q1': 'options' needs 2 to 8 entries (found 1)",
        ),
        (
            "  - {id: q1, type: truefalse, statement: s, answer: maybe}\n",
            "bank.yaml:4: question 'q1': truefalse 'answer' must be true or false",
        ),
        (
            "  - {id: q1, type: number, prompt: p, answer: 很多}\n",
            "bank.yaml:4: question 'q1': 'answer' must be a number",
        ),
        (
            "  - {id: q1, type: short, prompt: p, answer: x, items: [a]}\n",
            "bank.yaml:4: question 'q1': key 'items' does not apply to type 'short'",
        ),
        (
            "  - {id: q1, type: order, prompt: p, items: [a]}\n",
            "bank.yaml:4: question 'q1': 'items' needs at least 2 entries (found 1)",
        ),
    ],
)
def test_each_validation_error_names_file_line_question(
    tmp_path: Path, body: str, expected: str
) -> None:
    messages = errors_of(HEADER + body, tmp_path)
    shown = [m.replace(str(tmp_path) + "/", "") for m in messages]
    assert any(m.startswith(expected) for m in shown), shown


def test_all_errors_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    body = (
        "  - {id: a, type: short, prompt: p, anwser: x}\n"
        "  - {id: b, type: cloze, text: 无}\n"
        "  - {id: c, type: choice, prompt: p, options: [x, y], answer: Z}\n"
    )
    messages = errors_of(HEADER + body, tmp_path)
    assert {m.split("question '")[1][0] for m in messages} >= {"a", "b", "c"}


def test_multiline_question_reports_the_line_of_the_bad_key(tmp_path: Path) -> None:
    body = "  - id: five\n    type: short\n    prompt: p\n    answer: x\n    anwser: y\n"
    messages = errors_of(HEADER + body, tmp_path)
    assert messages[0].endswith(
        "bank.yaml:8: question 'five': unknown key 'anwser' (did you mean 'answer'?)"
    )


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"bank: [\n", "invalid YAML"),
        (b"\xff\xfe\x00b\x00a", "binary file"),
        ("bank: {id: 题库, title: 标题}\n".encode("gbk"), "is not UTF-8 text"),
        (b"- just\n- a list\n", "the top level must be a mapping"),
        (b"bank: {id: x, title: t}\n", "missing 'questions'"),
        (b"questions: []\n", "missing 'bank'"),
    ],
)
def test_malformed_files_give_one_clear_error(
    tmp_path: Path, content: bytes, fragment: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert fragment in bank_error_text(caught.value)
    assert bank_error_text(caught.value).startswith(str(path))


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BankError, match="bank.file.directory"):
        load_bank(tmp_path)
    with pytest.raises(BankError, match="bank.file.missing"):
        load_bank(tmp_path / "missing.yaml")


def test_check_sources_is_whitespace_insensitive(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("市 委 “聚团结之力、\n尽协商之责”\n", encoding="utf-8")
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(
        "bank: {id: t, title: 测试, source: report.txt}\nquestions:\n"
        "  - {id: ok, type: short, prompt: p, answer: x, source: 聚团结之力、尽协商之责}\n"
        "  - {id: bad, type: short, prompt: p, answer: x, source: 聚团结之力、尽监督之责}\n"
        "  - {id: none, type: short, prompt: p, answer: x}\n",
        encoding="utf-8",
    )
    problems = check_sources(load_bank(bank_file))
    assert [(p.question_id, p.line) for p in problems] == [("bad", 4), ("none", 5)]
    assert "not a verbatim quote" in problem_message(problems[0])


def test_reading_copy_is_read_instead_of_the_raw_report(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("原 文", encoding="utf-8")
    (tmp_path / "reading.txt").write_text("原文（整理）", encoding="utf-8")
    header = "bank: {id: t, title: 测试, source: report.txt%s}\nquestions:\n"
    body = "  - {id: a, type: short, prompt: p, answer: x}\n"
    path = tmp_path / "b.yaml"
    path.write_text(header % ", reading: reading.txt" + body, encoding="utf-8")
    bank = load_bank(path)
    assert bank.reading_text() == "原文（整理）" and bank.report_text() == "原 文"
    assert bank.to_dict()["bank"]["reading"] == "reading.txt"
    path.write_text(header % "" + body, encoding="utf-8")
    assert load_bank(path).reading_text() == "原 文"


def test_messages_are_in_chinese_by_default(tmp_path: Path) -> None:
    set_language("zh")
    body = (
        "  - {id: a, type: short, prompt: p, anwser: x}\n"
        "  - {id: b, type: short, answer: x}\n"
        "  - {id: c, type: cloze, text: 无}\n"
        "  - {id: d, type: choice, prompt: p, options: [x, y], answer: C}\n"
        "  - {id: a, type: short, prompt: p, answer: x}\n"
    )
    shown = [m.replace(str(tmp_path) + "/", "") for m in errors_of(HEADER + body, tmp_path)]
    assert shown == [
        "bank.yaml:4: 题目 'a'：未知的键 'anwser'（是不是想写 'answer'？）",
        "bank.yaml:4: 题目 'a'：题型 'short' 必须有 'answer'",
        "bank.yaml:5: 题目 'b'：题型 'short' 必须有 'prompt'",
        "bank.yaml:6: 题目 'c'：填空题的 'text' 里没有空："
        "请把每个答案写成 {{答案}}，有别的说法时写成 {{答案|另一说法}}",
        "bank.yaml:7: 题目 'd'：答案 'C' 超出了选项范围（A–B）",
        "bank.yaml:8: 题目 'a'：id 重复（第 4 行已经用过）；每道题的 id 必须不同",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "文件是空的（题库至少要有 'bank' 和 'questions' 两部分）"),
        (b"bank: [\n", "YAML 写法有误：did not find expected node content"),
        (b"questions: []\n", "缺少 'bank'"),
    ],
)
def test_malformed_files_in_chinese(tmp_path: Path, content: bytes, expected: str) -> None:
    set_language("zh")
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert bank_error_text(caught.value).startswith(str(path))
    assert expected in bank_error_text(caught.value)
    assert "empty" not in bank_error_text(caught.value) and "missing" not in bank_error_text(
        caught.value
    )


def test_problem_is_worded_when_read_and_stays_a_value(tmp_path: Path) -> None:
    import pickle

    with pytest.raises(BankError) as caught:
        load_bank(tmp_path / "missing.yaml")
    problem = caught.value.problems[0]
    assert problem_message(problem) == "no such file"
    set_language("zh")
    assert problem_message(problem) == "文件不存在"
    assert problem_text(problem) == f"{tmp_path / 'missing.yaml'}: 文件不存在"
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and hash(again) == hash(problem)
    # A problem made from plain text keeps it, in any language.
    plain = Problem("x.yaml", 2, "kept as written", "q")
    assert problem_message(plain) == "kept as written"
    assert problem_text(plain) == "x.yaml:2: 题目 'q'：kept as written"


def test_check_sources_in_chinese(tmp_path: Path) -> None:
    set_language("zh")
    (tmp_path / "report.txt").write_text("聚团结之力", encoding="utf-8")
    bank_file = tmp_path / "b.yaml"
    bank_file.write_text(
        "bank: {id: t, title: 测试, source: report.txt}\nquestions:\n"
        "  - {id: bad, type: short, prompt: p, answer: x, source: 尽协商之责}\n"
        "  - {id: none, type: short, prompt: p, answer: x}\n",
        encoding="utf-8",
    )
    problems = [problem_text(p) for p in check_sources(load_bank(bank_file))]
    assert problems == [
        f"{bank_file}:3: 题目 'bad'：'source' 与报告原文对不上（请逐字复制原文）",
        f"{bank_file}:4: 题目 'none'：没有 'source' 引文（请从报告原文中摘抄出处）",
    ]


def test_loading_a_small_bank_leaves_the_garbage_collector_as_it_was(
    builtin_bank_path: Path,
) -> None:
    # Only large banks are frozen out of the collector's sight (loader.FREEZE_ABOVE): freezing
    # on every small load would also keep whatever cyclic garbage was waiting, for good.
    import gc

    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    load_bank(builtin_bank_path)
    assert gc.isenabled() and gc.get_freeze_count() == frozen
