"""The shipped bank of the report: it loads, quotes the report verbatim and covers what a learner
is examined on (the enumerations, figures, formulations and headings of the report)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from trainer import paths
from trainer.core.bank import (
    QUESTION_TYPES,
    Bank,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    ShortQuestion,
    check_sources,
    load_bank,
    squeeze,
)

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def bank() -> Bank:
    path = paths.default_bank_path()
    assert path is not None, "no built-in bank in questions/"
    return load_bank(path)


@pytest.fixture(scope="module")
def report(bank: Bank) -> str:
    text = bank.report_text()
    assert text is not None, "the bank's report cannot be read"
    return squeeze(text)


def _lists(bank: Bank) -> list[ListQuestion]:
    return [q for q in bank.questions if isinstance(q, ListQuestion)]


def _first_items(question: ListQuestion) -> list[str]:
    return [alternatives[0] for alternatives in question.items]


def _has_list(bank: Bank, items: list[str], *, ordered_items: bool = False) -> bool:
    """Some list question asks for exactly these items (first wording of each)."""
    for q in _lists(bank):
        given = _first_items(q)
        if (given == items) if ordered_items else (sorted(given) == sorted(items)):
            return True
    return False


def _numbers(bank: Bank) -> list[NumberQuestion]:
    return [q for q in bank.questions if isinstance(q, NumberQuestion)]


# --------------------------------------------------------------------------- shape


def test_default_bank_is_the_report_bank() -> None:
    path = paths.default_bank_path()
    assert path is not None
    assert Path(path).name == "zz-cppcc-14-2023.yaml"


def test_bank_loads_with_header(bank: Bank) -> None:
    assert bank.id == "zz-cppcc-14-2023"
    assert bank.title == "政协郑州市第十四届委员会常务委员会工作报告（摘编）"
    assert bank.source_path is not None and bank.source_path.is_file()


def test_at_least_150_questions(bank: Bank) -> None:
    assert len(bank.questions) >= 150


def test_every_type_is_used(bank: Bank) -> None:
    counts = bank.counts_by_type()
    assert set(counts) == set(QUESTION_TYPES)
    for kind in ("short", "cloze", "list", "choice", "truefalse", "number", "order"):
        assert counts[kind] >= 5, f"only {counts[kind]} {kind} questions"


def test_every_question_has_source_and_explanation(bank: Bank) -> None:
    missing = [q.id for q in bank.questions if not q.source.strip() or not q.explanation.strip()]
    assert missing == []


def test_every_source_is_a_verbatim_quote(bank: Bank) -> None:
    assert check_sources(bank) == []


def test_ids_are_unique_and_kebab_case(bank: Bank) -> None:
    ids = [q.id for q in bank.questions]
    assert len(ids) == len(set(ids))
    assert [i for i in ids if not KEBAB.match(i)] == []


def test_every_question_has_a_section_and_every_section_has_questions(bank: Bank) -> None:
    assert [q.id for q in bank.questions if not q.section] == []
    used = Counter(q.section for q in bank.questions)
    empty = [s.id for s in bank.sections if used[s.id] < 3]
    assert empty == []


def test_sections_follow_the_report(bank: Bank) -> None:
    titles = [s.title for s in bank.sections]
    for heading in (
        "过去五年工作回顾",
        "强化创新理论武装，筑牢思想政治根基",
        "加强政协党的建设，落实党的全面领导",
        "聚焦全市中心大局，服务经济社会发展",
        "坚持以人民为中心，持续助力民生改善",
        "发挥统战组织功能，凝心聚力共谋发展",
        "全面加强自身建设，不断夯实履职基础",
        "五年工作主要体会",
        "深入学习贯彻中共二十大精神",
        "今年工作建议",
    ):
        assert heading in titles
    for heading in (
        "聚焦政治引领",
        "聚焦使命定位",
        "聚焦主责主业",
        "聚焦凝聚共识",
        "聚焦自身建设",
    ):
        assert any(title.startswith(heading) for title in titles), heading


def test_section_titles_are_the_report_headings(bank: Bank, report: str) -> None:
    for section in bank.sections:
        if section.id != "headline":
            assert squeeze(section.title) in report, section.title


def test_questions_appear_in_report_order(bank: Bank) -> None:
    order = [s.id for s in bank.sections]
    positions = [order.index(q.section) for q in bank.questions]
    assert positions == sorted(positions)


# --------------------------------------------------------------------------- well-formed content


# Wrong options that are report sentences with two sibling figures swapped (98 ↔ 204).
SWAPPED_OPTIONS = {"建立微信读书群98个", "发布读书主题204个"}


def _unquoted(text: str) -> str:
    return squeeze(text).replace("“", "").replace("”", "")


CHANGED_WORD_TAG = "辨析"
"""Questions that ask which of near-identical wordings is the report's (应知应会 style): their
other options are the report's text with a word or a figure changed."""


def _changed_chars(option: str, text: str) -> int:
    """The fewest characters ``option`` differs by from a same-length stretch of ``text``."""
    size = len(option)
    return min(
        (
            sum(a != b for a, b in zip(option, text[i : i + size], strict=True))
            for i in range(len(text) - size + 1)
        ),
        default=size,
    )


def test_choice_options_come_from_the_report(bank: Bank, report: str) -> None:
    """Distractors are never made up: every option is text of the report, or (in a 辨析
    question) the report's text with one word or figure changed."""
    plain = _unquoted(report)
    invented = [
        (q.id, option)
        for q in bank.questions
        if isinstance(q, ChoiceQuestion)
        for option in q.options
        if _unquoted(option) not in plain
        and option not in SWAPPED_OPTIONS
        and not (CHANGED_WORD_TAG in q.tags and _changed_chars(_unquoted(option), plain) <= 4)
    ]
    assert invented == []


def test_truefalse_is_balanced_and_true_statements_are_verbatim(bank: Bank, report: str) -> None:
    statements = [q for q in bank.questions if q.type == "truefalse"]
    true = [q for q in statements if q.answer]
    assert 0.4 <= len(true) / len(statements) <= 0.6  # always answering 错 no longer pays
    plain = _unquoted(report)
    quoted = [q for q in true if _unquoted(q.prompt).rstrip("。") in plain]
    assert len(quoted) >= len(true) - 3  # the three older true ones paraphrase a little


def test_no_choice_letter_holds_the_answer_as_presented(bank: Bank) -> None:
    """Options are shuffled per learner and review: over many presentations no letter of a
    single choice is right more than 40 % of the time."""
    from trainer.core.session import present, presentation_seed

    letters: Counter[int] = Counter()
    singles = [q for q in bank.questions if isinstance(q, ChoiceQuestion) and len(q.correct) == 1]
    for learner in ("甲", "乙", "丙", "丁", "戊"):
        for question in singles:
            for review in range(4):
                seed = presentation_seed(learner, bank.id, question.id, review, 1)
                letters[present(question, seed).question.correct[0]] += 1
    assert max(letters.values()) / sum(letters.values()) <= 0.4


def test_the_forms_and_items_an_examiner_asks(bank: Bank) -> None:
    assert _has_list(
        bank,
        ["过去五年工作回顾", "五年工作主要体会", "深入学习贯彻中共二十大精神", "今年工作建议"],
        ordered_items=True,
    )
    assert _has_list(bank, ["全面落实加强党的领导制度机制", "全面加强政协党的建设"])
    assert _has_list(bank, ["政策落实", "项目实施", "资金使用", "美丽乡村建设"])
    blanks = {
        alt for q in bank.questions if isinstance(q, ClozeQuestion) for b in q.blanks for alt in b
    }
    assert {"学懂弄通做实", "武装头脑", "凝心聚魂", "典型引领示范", "履职能力水平"} <= blanks
    shorts = {q.answer for q in bank.questions if isinstance(q, ShortQuestion)}
    assert "委员读书活动" in shorts
    choices = [q for q in bank.questions if isinstance(q, ChoiceQuestion)]
    assert any("错误的是" in q.prompt for q in choices)
    assert any(q.multiple and len(q.correct) == len(q.options) for q in choices)
    assert any(CHANGED_WORD_TAG in q.tags and "数字" in q.tags for q in choices)


def test_weak_questions_were_fixed(bank: Bank) -> None:
    capacity = bank.get("democracy-capacity")
    assert isinstance(capacity, ClozeQuestion) and len(capacity.blanks) <= 2
    assert "开局之年" in bank.get("proposals-first-year").explanation
    assert not [q.id for q in bank.questions if re.search(r"常委会.{0,4}常委会", q.prompt)]
    texts = [q.prompt + q.source + q.explanation for q in bank.questions]
    assert not [t for t in texts if "· " in t]
    # explanations say more than the sentence they come from
    same = [
        q.id for q in bank.questions if _unquoted(q.explanation).rstrip("。") in _unquoted(q.source)
    ]
    assert same == []


def test_list_items_and_answers_come_from_the_report(bank: Bank, report: str) -> None:
    plain = _unquoted(report)

    def found(text: str) -> bool:
        return _unquoted(text) in plain

    missing: list[tuple[str, str]] = []
    for q in bank.questions:
        if isinstance(q, ListQuestion):
            missing += [(q.id, alts[0]) for alts in q.items if not any(found(a) for a in alts)]
        elif isinstance(q, OrderQuestion):
            missing += [(q.id, item) for item in q.items if not found(item)]
        elif isinstance(q, ShortQuestion) and not found(q.answer):
            missing.append((q.id, q.answer))
        elif isinstance(q, ClozeQuestion):
            missing += [(q.id, blank[0]) for blank in q.blanks if not found(blank[0])]
    # Items of the form "深刻领悟“两个确立”的决定性意义" shorten the report's wording.
    allowed = {"深刻领悟“两个确立”的决定性意义"}
    assert [m for m in missing if m[1] not in allowed] == []


def test_number_answers_are_quoted_in_their_source(bank: Bank) -> None:
    def written(value: float) -> str:
        return str(int(value)) if float(value).is_integer() else str(value)

    wrong = [q.id for q in _numbers(bank) if written(q.answer) not in squeeze(q.source)]
    assert wrong == []


def test_approx_numbers_are_those_the_report_writes_with_yu(bank: Bank) -> None:
    for q in _numbers(bank):
        value = str(int(q.answer)) if float(q.answer).is_integer() else str(q.answer)
        says_approx = f"{value}余" in squeeze(q.source)
        assert q.approx == says_approx, q.id


def test_list_prompts_name_the_count(bank: Bank) -> None:
    numerals = "两二三四五六七八九十"
    for q in _lists(bank):
        count = numerals[len(q.items) - 1] if len(q.items) > 1 else "一"
        if len(q.items) == 2:
            assert "两" in q.prompt or "二" in q.prompt, q.id
        else:
            assert count in q.prompt, q.id


def test_cloze_blanks_are_not_shown_in_the_prompt(bank: Bank) -> None:
    for q in bank.questions:
        if isinstance(q, ClozeQuestion) and q.prompt != q.text:
            assert "{{" not in q.prompt, q.id


def test_choice_answers_are_in_range(bank: Bank) -> None:
    for q in bank.questions:
        if isinstance(q, ChoiceQuestion):
            assert q.correct and all(0 <= i < len(q.options) for i in q.correct), q.id


# --------------------------------------------------------------------------- coverage


def test_five_musts(bank: Bank) -> None:
    assert _has_list(
        bank,
        [
            "必须切实加强党的全面领导",
            "必须坚持围绕中心、服务大局",
            "必须践行全过程人民民主",
            "必须更加广泛凝聚共识",
            "必须充分发挥委员主体作用",
        ],
    )
    assert any(isinstance(q, OrderQuestion) and q.section == "lessons" for q in bank.questions)


def test_five_zui(bank: Bank) -> None:
    assert _has_list(bank, ["最根本", "最核心", "最本质", "最重要", "最关键"], ordered_items=True)
    contents = [
        "学思践悟习近平总书记关于协商民主的重大论断",
        "广泛凝聚全社会共识",
        "充分发挥人民政协专门协商机构作用",
        "推进协商民主制度机制建设",
    ]
    assert any(all(any(c in alts for alts in q.items) for c in contents) for q in _lists(bank))


def test_four_highlands_one_hub_one_place_one_centre(bank: Bank) -> None:
    seven = [
        "创新高地",
        "先进制造业高地",
        "开放高地",
        "人才高地",
        "国际化现代化综合交通物流枢纽",
        "华夏历史文明传承创新基地中的全国重地",
        "国际消费中心城市",
    ]
    assert _has_list(bank, seven)
    assert _has_list(bank, seven[:4])
    answers = {q.answer for q in bank.questions if isinstance(q, ShortQuestion)}
    assert {seven[4], seven[5], seven[6]} <= answers


@pytest.mark.parametrize(
    "items",
    [
        ["存史", "资政", "团结", "育人"],
        ["政党关系", "民族关系", "宗教关系", "阶层关系", "海内外同胞关系"],
        ["常委会议集体学", "委员讲堂专题学", "网络平台线上学"],
        ["专委会监督", "界别监督", "联动监督"],
        ["敢监督", "会监督"],
        ["道路", "制度", "旗帜", "方向"],
        ["统一思想", "统一意志", "统一步调"],
        ["党建联抓", "履职联动", "队伍联建", "资源联享"],
        ["汇聚合力", "激发动力", "减少阻力"],
        ["阐释政策", "理顺情绪", "引导预期", "坚定信心"],
        ["切入点", "结合点", "着力点"],
        ["抓党建", "促协商", "带委员"],
        ["历史逻辑", "理论逻辑", "实践逻辑"],
        ["当好国家队", "提升国际化", "引领现代化河南建设"],
        ["聚团结之力", "尽协商之责", "强监督之效", "立发展之功"],
        ["协商议政献务实之策", "民主监督尽助推之力", "凝聚共识聚奋进之能"],
        ["政协提案", "界别协商", "对口协商", "反映社情民意"],
        ["全体会议", "专题议政性常委会议", "双月协商座谈会"],
        ["协商研讨", "专题议政", "调研座谈"],
        ["加强团结联谊", "凝聚发展合力", "广泛协作共事"],
        ["注重教育引导", "注重平台搭建", "提升服务水平"],
        ["中央统战工作会议", "民族工作会议", "全国宗教工作会议"],
        ["坚定不移听党话", "始终不渝跟党走", "同心共圆中国梦"],
        [
            "多措并举扩大有效需求",
            "做大做强产业发展引擎",
            "推进创新驱动提质提速",
            "纵深推进改革开放",
            "持续提升城市品质内涵",
            "推进乡村振兴全面提速",
            "有序推进绿色低碳发展",
        ],
    ],
    ids=lambda items: "、".join(items)[:24],
)
def test_enumeration_is_a_list_question(bank: Bank, items: list[str]) -> None:
    assert _has_list(bank, items)


@pytest.mark.parametrize(
    ("value", "approx"),
    [
        (98, False),
        (204, False),
        (100, True),
        (160, False),
        (29, False),
        (5, False),
        (8, False),
        (24, False),
        (4100, False),
        (4666, False),
        (16, False),
        (80, True),
        (2002, False),
        (77.8, False),
        (25, False),
        (7, False),
        (102, False),
        (240, True),
        (70, False),
    ],
)
def test_figure_is_a_number_question(bank: Bank, value: float, approx: bool) -> None:
    assert any(q.answer == value and q.approx == approx for q in _numbers(bank))


def test_both_240_figures_are_asked(bank: Bank) -> None:
    units = {q.unit for q in _numbers(bank) if q.answer == 240}
    assert units == {"次", "个"}


def test_party_centenary_and_intro_date(bank: Bank) -> None:
    assert any(q.answer == 100 and q.unit == "周年" for q in _numbers(bank))
    assert any(q.answer == 3 and q.section == "headline" for q in _numbers(bank))


@pytest.mark.parametrize(
    "phrase",
    [
        "两个确立",
        "四个意识",
        "四个自信",
        "两个维护",
        "三标",
        "十大战略",
        "第一议题",
        "书香政协",
        "读书+履职",
        "有事好商量",
        "智慧政协",
        "能力作风建设年",
        "两个薄弱",
        "设计郑州",
        "行走郑州·读懂中国",
        "发展要上去",
        "质量要提升",
        "稳",
        "进",
        "现场+线上",
        "回头看",
        "一张网",
        "云课堂",
        "喜迎二十大",
        "四高地",
        "癸卯年",
        "杜新军",
        "第十五届",
    ],
)
def test_formulation_is_asked(bank: Bank, phrase: str) -> None:
    """The formulation is an answer (a blank, an item or a short answer), not only context."""

    def answers(q: object) -> list[str]:
        if isinstance(q, ShortQuestion):
            return list(q.answers)
        if isinstance(q, ClozeQuestion):
            return [a for blank in q.blanks for a in blank]
        if isinstance(q, ListQuestion):
            return [a for alts in q.items for a in alts]
        return []

    wanted = phrase.replace("“", "").replace("”", "")
    assert any(
        wanted == a.replace("“", "").replace("”", "") for q in bank.questions for a in answers(q)
    )


def test_headings_are_asked_as_order_and_cloze(bank: Bank) -> None:
    orders = [q for q in bank.questions if isinstance(q, OrderQuestion)]
    assert any(
        q.items[0] == "强化创新理论武装，筑牢思想政治根基" and len(q.items) == 6 for q in orders
    )
    assert any(q.items[0].startswith("聚焦政治引领") and len(q.items) == 5 for q in orders)
    heading_clozes = [
        q for q in bank.questions if isinstance(q, ClozeQuestion) and q.id.endswith("heading")
    ]
    assert len(heading_clozes) == 11


def test_truefalse_has_both_answers(bank: Bank) -> None:
    answers = Counter(q.answer for q in bank.questions if q.type == "truefalse")
    assert answers[True] >= 3 and answers[False] >= 10
