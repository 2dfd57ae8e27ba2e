"""`trainer generate`'s core: a report becomes a draft bank that quotes it."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.core.bank import (
    Bank,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    TrueFalseQuestion,
    check_sources,
    load_bank,
    parse_bank,
    squeeze,
)
from trainer.core.generation.clean import clean_file
from trainer.core.generation.generate import (
    bank_document,
    draft_questions,
    dump_bank,
    generate_bank,
)
from trainer.core.generation.text import build_document

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "seeds" / "zhengzhou-cppcc-14th-standing-committee-report-2023.txt"
FIXTURES = REPO / "tests" / "fixtures" / "reports"
SPEECH = FIXTURES / "speech-jiangchuan-cppcc-2024.txt"
GOV_MESSY = FIXTURES / "gov-work-report-jiangchuan-2024-messy.txt"
GOV_TIDY = FIXTURES / "gov-work-report-jiangchuan-2024.txt"


@cache
def generated_yaml(report: Path) -> str:
    clean = clean_file(report)
    doc = build_document(clean.blocks)
    drafts = draft_questions(doc)
    return dump_bank(bank_document(doc, drafts, "test-bank", "Test", None))


@cache
def generated(report: Path) -> Bank:
    return parse_bank(generated_yaml(report), f"{report.name}.yaml")


def lists(bank: Bank) -> list[ListQuestion]:
    return [q for q in bank.questions if isinstance(q, ListQuestion)]


def items_of(question: ListQuestion) -> list[str]:
    return [alternatives[0] for alternatives in question.items]


def find_list(bank: Bank, *items: str) -> ListQuestion:
    for question in lists(bank):
        if items_of(question) == list(items):
            return question
    raise AssertionError(f"no list question with items {items}")


@dataclass
class FigureAsked:
    """A figure asked as a number question or as a choice among figures of its unit."""

    prompt: str
    unit: str
    approx: bool


def number(bank: Bank, value: float) -> FigureAsked | NumberQuestion:
    found = [q for q in bank.questions if isinstance(q, NumberQuestion) and q.answer == value]
    if found:
        return found[0]
    shown = f"{int(value) if float(value).is_integer() else value}"
    for q in bank.questions:
        if isinstance(q, ChoiceQuestion) and q.id.startswith("choice-"):
            option = q.options[q.correct[0]]
            if re.match(rf"^{re.escape(shown)}(?![\d.])", option):
                unit = option[len(shown) :]
                return FigureAsked(q.prompt, unit.lstrip("余多"), unit[:1] in "余多")
    raise AssertionError(f"no number question with answer {value}")


# --------------------------------------------------------------------------- the shipped report


def test_the_shipped_bank_passes_validation_with_sources(tmp_path: Path) -> None:
    output = tmp_path / "bank.yaml"
    result = generate_bank(SHIPPED, output)
    bank = load_bank(output)
    assert bank.source_path == SHIPPED.resolve()  # only whitespace changed: quotes the real file
    assert check_sources(bank) == []
    assert len(bank.questions) == result.total >= 60
    assert set(bank.counts_by_type()) >= {"list", "order", "number", "cloze", "choice", "truefalse"}
    assert all(q.tags == ("generated",) for q in bank.questions)
    assert bank.sections and all(q.section for q in bank.questions)


def test_the_five_musts_are_a_list_whose_prompt_names_count_and_context() -> None:
    question = find_list(
        generated(SHIPPED),
        "必须切实加强党的全面领导",
        "必须坚持围绕中心、服务大局",
        "必须践行全过程人民民主",
        "必须更加广泛凝聚共识",
        "必须充分发挥委员主体作用",
    )
    assert "形成了哪五条规律性认识" in question.prompt
    assert question.items[0] == ("必须切实加强党的全面领导", "切实加强党的全面领导")
    order = [
        q
        for q in generated(SHIPPED).questions
        if isinstance(q, OrderQuestion) and q.items[0] == "必须切实加强党的全面领导"
    ]
    assert len(order) == 1 and len(order[0].items) == 5


def test_the_four_sentence_requirement_of_the_city_committee() -> None:
    question = find_list(generated(SHIPPED), "聚团结之力", "尽协商之责", "强监督之效", "立发展之功")
    assert "市委" in question.prompt and "四" in question.prompt
    assert "聚团结之力" not in question.prompt


def test_the_four_highlands_one_hub_one_centre_set() -> None:
    question = find_list(
        generated(SHIPPED),
        "创新高地",
        "先进制造业高地",
        "开放高地",
        "人才高地",
        "国际化现代化综合交通物流枢纽",
        "华夏历史文明传承创新基地中的全国重地",
        "国际消费中心城市",
    )
    assert question.prompt == "“四高地、一枢纽、一重地、一中心”具体指哪七项？"


def test_other_enumerations_of_the_report() -> None:
    bank = generated(SHIPPED)
    find_list(bank, "政党关系", "民族关系", "宗教关系", "阶层关系", "海内外同胞关系")
    find_list(bank, "存史", "资政", "团结", "育人")
    find_list(bank, "道路", "制度", "旗帜", "方向")
    most = find_list(bank, "最根本", "最核心", "最本质", "最重要", "最关键")
    assert most.ordered
    headings = [q for q in bank.questions if isinstance(q, OrderQuestion) and "小标题" in q.prompt]
    assert [len(q.items) for q in headings] == [6, 5]


@pytest.mark.parametrize(
    ("value", "unit", "asked"),
    [
        (4100, "件", "五年来，提案立案多少件？"),
        (4666, "篇", "反映社情民意信息多少篇？"),
        (2002, "班", "国际货运班列开行多少班？"),
        (77.8, "%", "同比增长百分之多少？"),
    ],
)
def test_the_figures_are_number_questions(value: float, unit: str, asked: str) -> None:
    question = number(generated(SHIPPED), value)
    assert question.unit == unit
    assert question.prompt.endswith(asked)
    assert not re.search(rf"(?<![\d.]){re.escape(str(value))}(?![\d.])", question.prompt)
    assert not question.approx


def test_figures_with_yu_are_approximate() -> None:
    bank = generated(SHIPPED)
    assert number(bank, 80).approx and number(bank, 80).prompt.endswith("提出建议约多少条？")
    assert number(bank, 100).approx


def test_quoted_formulations_are_cloze_questions() -> None:
    clozes = [q for q in generated(SHIPPED).questions if isinstance(q, ClozeQuestion)]
    blanks = {alt for q in clozes for blank in q.blanks for alt in blank}
    assert {"两个确立", "四个意识", "四个自信", "两个维护", "三标", "十大战略"} <= blanks
    for question in clozes:
        shown = re.sub(r"\{\{.*?\}\}", "", question.text)
        assert not any(alt in shown for blank in question.blanks for alt in blank)


def test_the_key_words_of_a_slogan_are_a_cloze() -> None:
    texts = [q.text for q in generated(SHIPPED).questions if isinstance(q, ClozeQuestion)]
    assert "按照市委“聚{{团结}}之力、尽{{协商}}之责、强{{监督}}之效、立{{发展}}之功”的要求" in texts


def test_choices_take_their_wrong_options_from_the_report() -> None:
    report = squeeze(SHIPPED.read_text(encoding="utf-8"))
    choices = [q for q in generated(SHIPPED).questions if isinstance(q, ChoiceQuestion)]
    # (fewer than before: a list with no foreign item of its own kind is not asked this way)
    assert len(choices) >= 5
    for question in choices:
        assert len(set(question.options)) == len(question.options) >= 3
        for option in question.options:
            figure = re.match(r"^(\d+(?:\.\d+)?)", option)
            assert squeeze(option) in report or (figure and figure.group(1) in report), option


def test_false_statements_change_one_figure_or_item_of_a_true_one() -> None:
    statements = [q for q in generated(SHIPPED).questions if isinstance(q, TrueFalseQuestion)]
    assert any(not q.answer for q in statements) and any(q.answer for q in statements)
    report = squeeze(SHIPPED.read_text(encoding="utf-8"))
    for question in statements:
        text = question.prompt.rstrip("。")
        unscoped = re.sub(r"^(?:五年来|\d{4}年|今年|过去一年)，", "", text)  # the section's time
        if question.answer:
            assert squeeze(unscoped) in report
        else:
            assert squeeze(text) not in report and squeeze(unscoped) not in report


def test_no_duplicates_and_no_prompt_gives_its_answer_away() -> None:
    bank = generated(SHIPPED)
    seen = set()
    for question in bank.questions:
        key = (question.type, question.prompt)
        assert key not in seen, key
        seen.add(key)
        if isinstance(question, ListQuestion):
            assert not any(alts[0] in question.prompt for alts in question.items), question.id
        if isinstance(question, ListQuestion | OrderQuestion):
            items = question.items
            assert len(items) == len(set(items)) >= 2


def test_generation_is_deterministic_with_content_ids(tmp_path: Path) -> None:
    first = generated_yaml(SHIPPED)
    generated_yaml.cache_clear()
    assert generated_yaml(SHIPPED) == first
    copy = tmp_path / "other-name.txt"
    shutil.copy(SHIPPED, copy)
    ids = [q.id for q in generated(SHIPPED).questions]
    assert [q.id for q in parse_bank(generated_yaml(copy), "x").questions] == ids
    assert all(re.fullmatch(r"[a-z]+-[0-9a-f]{10}", i) for i in ids)


# --------------------------------------------------------------------------- fixtures


def test_the_speech_gives_its_lessons_tasks_and_requirements() -> None:
    bank = generated(SPEECH)
    lessons = next(q for q in lists(bank) if len(q.items) == 7 and "七点" in q.prompt)
    assert items_of(lessons)[0] == "必须坚持党的全面领导"
    assert items_of(lessons)[6] == "必须坚持加强自身建设"
    tasks = find_list(
        bank,
        "聚焦高质量发展建言资政",
        "聚焦民生福祉协商议政",
        "聚焦凝聚共识广泛团结",
        "聚焦制度建设提质增效",
        "聚焦自身建设提升能力",
    )
    assert "哪五项任务" in tasks.prompt
    assert any(
        isinstance(q, OrderQuestion) and q.items[0] == "聚焦高质量发展建言资政"
        for q in bank.questions
    )
    find_list(bank, "提高政治站位", "加强学习研究", "改进工作作风", "严守纪律规矩")
    find_list(bank, "产业升级", "城市更新", "乡村振兴", "生态保护", "民生保障")
    assert number(bank, 386).unit == "件"
    assert number(bank, 30).prompt == "年内新建委员工作室多少个？"


def test_the_messy_government_report_gives_the_same_bank_as_the_tidy_one() -> None:
    assert generated_yaml(GOV_MESSY) == generated_yaml(GOV_TIDY)
    bank = generated(GOV_MESSY)
    assert number(bank, 2865.4).unit == "亿元"
    assert number(bank, 48650).prompt == "2023年，城镇居民人均可支配收入达到多少元？"
    assert number(bank, 12.3).unit == "亿美元"
    tasks = next(q for q in lists(bank) if len(q.items) == 7)
    assert items_of(tasks)[0] == "坚定不移扩大有效需求"
    find_list(bank, "新一代信息技术", "高端装备", "新材料", "生物医药", "绿色环保")
    # the same phrase asked for last year's result and this year's target names its section
    jobs = [
        q.prompt for q in bank.questions if isinstance(q, NumberQuestion) and "新增就业" in q.prompt
    ]
    assert len(jobs) == len(set(jobs)) == 2


@pytest.mark.parametrize("report", [SPEECH, GOV_MESSY])
def test_fixture_banks_pass_validation_with_sources(report: Path, tmp_path: Path) -> None:
    output = tmp_path / "bank.yaml"
    generate_bank(report, output)
    bank = load_bank(output)
    assert check_sources(bank) == []
    assert len(bank.questions) >= 20


# --------------------------------------------------------------------------- files and merge


def test_a_gbk_report_gets_a_utf8_copy_next_to_the_bank(tmp_path: Path) -> None:
    report = tmp_path / "gbk.txt"
    report.write_bytes(SPEECH.read_text(encoding="utf-8").encode("gbk"))
    output = tmp_path / "out" / "bank.yaml"
    output.parent.mkdir()
    result = generate_bank(report, output)
    assert result.encoding == "gb18030"
    assert result.copied_report == output.parent / "bank.report.txt"
    bank = load_bank(output)
    assert bank.source_path == result.copied_report.resolve()
    assert check_sources(bank) == []


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_merge_keeps_edited_questions_and_reports_added_and_gone(tmp_path: Path) -> None:
    output = tmp_path / "bank.yaml"
    generate_bank(SPEECH, output)
    data = _load(output)
    questions = data["questions"]
    edited_id = questions[0]["id"]
    questions[0]["prompt"] = "我改过的题目？"
    removed_id = questions[1]["id"]
    del questions[1]
    questions.append(
        {
            "id": "my-own",
            "type": "short",
            "prompt": "手写的题",
            "answer": "答案",
            "source": "这句话不在报告里",
        }
    )
    output.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    result = generate_bank(SPEECH, output, merge=output)

    assert result.merge is not None
    assert result.merge.added == [removed_id]
    assert edited_id in result.merge.kept and "my-own" in result.merge.kept
    assert result.merge.gone == ["my-own"]
    bank = load_bank(output)
    assert bank.question(edited_id).prompt == "我改过的题目？"
    assert bank.get(removed_id) is not None and bank.get("my-own") is not None


def test_merge_edits_the_file_in_place_keeping_comments_and_layout(tmp_path: Path) -> None:
    output = tmp_path / "bank.yaml"
    generate_bank(SPEECH, output)
    data = _load(output)
    removed = data["questions"].pop(1)
    # A learner's own layout: indented lists, comments, a question written in flow style.
    items = yaml.safe_dump(data["questions"], allow_unicode=True, sort_keys=False)
    body = "questions:\n" + "".join(f"  {line}\n" for line in items.splitlines())
    header = "".join(
        f"  {key}: {value}  # 我的注释\n" for key, value in data["bank"].items()
    ).replace("source: ", "source: old-")
    text = (
        "# 我自己的题库：请勿删除这行注释\n"
        f"bank:\n{header}"
        + yaml.safe_dump({"sections": data["sections"]}, allow_unicode=True, sort_keys=False)
        + "\n# ---- 题目\n"
        + body
        + "  - {id: my-own, type: short, prompt: 手写的题, answer: 答案}  # 手写\n"
    )
    output.write_text(text, encoding="utf-8")
    before = output.read_text(encoding="utf-8")

    result = generate_bank(SPEECH, output, merge=output)

    assert result.merge is not None and result.merge.added == [removed["id"]]
    assert not result.merge.rewritten
    after = output.read_text(encoding="utf-8")
    for kept in ("# 我自己的题库：请勿删除这行注释", "# ---- 题目", "# 手写", "# 我的注释"):
        assert kept in after
    # Everything before the new question is the file as it was, but the report's new name.
    start = after.index("  - {id: my-own")
    assert after[:start] == before[: before.index("  - {id: my-own")].replace(
        "source: old-", "source: "
    )
    assert f"  - id: {removed['id']}" in after[start:]
    bank = load_bank(output)
    assert bank.get(removed["id"]) is not None and bank.get("my-own") is not None
    assert [q.id for q in bank.questions][-1] == removed["id"]


def test_merge_into_a_layout_it_cannot_edit_writes_the_bank_anew_and_says_so(
    tmp_path: Path,
) -> None:
    output = tmp_path / "bank.yaml"
    generate_bank(SPEECH, output)
    data = _load(output)
    data["questions"].pop(1)
    data["bank"]["source"] = "old-name.txt"
    # The header in flow style on the key's line: its source cannot be replaced in place.
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("bank:\n", "bank: ")
    text = text.replace(
        "bank: " + text.split("bank: ", 1)[1].split("sections:", 1)[0],
        "bank: " + yaml.safe_dump(data["bank"], allow_unicode=True, default_flow_style=True),
    )
    output.write_text("# 注释\n" + text, encoding="utf-8")
    assert _load(output)["bank"] == data["bank"]
    result = generate_bank(SPEECH, output, merge=output)
    assert result.merge is not None and result.merge.rewritten
    assert len(result.merge.added) == 1 and load_bank(output).get(result.merge.added[0])
    assert "# 注释" not in output.read_text(encoding="utf-8")  # what "rewritten" warns of


def test_merging_into_a_generated_bank_edits_it_in_place(tmp_path: Path) -> None:
    output = tmp_path / "bank.yaml"
    generate_bank(SPEECH, output)
    data = _load(output)
    removed = data["questions"].pop(1)
    output.write_text(dump_bank(data, "我的题库"), encoding="utf-8")
    result = generate_bank(SPEECH, output, merge=output)
    assert result.merge is not None and result.merge.added == [removed["id"]]
    assert not result.merge.rewritten
    assert output.read_text(encoding="utf-8").startswith("# 我的题库\n")


def test_a_speech_is_called_a_speech_in_the_prompts() -> None:
    bank = generated(SPEECH)
    prompts = [str(getattr(q, "prompt", "")) for q in bank.questions]
    assert any("按讲话的顺序" in p for p in prompts)
    assert not any(re.search("报告列举|按报告的顺序|报告的第.个小标题", p) for p in prompts)
