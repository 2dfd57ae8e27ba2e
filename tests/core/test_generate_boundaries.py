"""Items of an enumeration are cut as a teacher would: the lead-in and the tail stay out."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from trainer.core.generation.clean import clean_text
from trainer.core.generation.drafts import Draft
from trainer.core.generation.generate import draft_questions
from trainer.core.generation.text import build_document

REPO = Path(__file__).resolve().parents[2]


def list_items(text: str) -> list[list[str]]:
    """The items (first accepted form) of every list question generated from ``text``."""
    doc = build_document(clean_text(text).blocks)
    drafts: list[Draft] = draft_questions(doc)
    return [
        [str(item).split("|")[0] for item in d.fields["items"]] for d in drafts if d.type == "list"
    ]


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        ("我们要发挥法治固根本、稳预期、利长远的保障作用。", ["固根本", "稳预期", "利长远"]),
        (
            "推动审计监督、统计监督、财会监督贯通协同，形成监督合力。",
            ["审计监督", "统计监督", "财会监督"],
        ),
        (
            "集中要素资源招引落地一批强基础、增动能、利长远的优质项目。",
            ["强基础", "增动能", "利长远"],
        ),
        (
            "经济运行稳的基础更牢、进的势头更强、韧的特质更显。",
            ["稳的基础更牢", "进的势头更强", "韧的特质更显"],
        ),
        (
            "扎实推进世界一流大学、世界一流科研机构、世界一流企业、世界一流人才聚集地建设。",
            ["世界一流大学", "世界一流科研机构", "世界一流企业", "世界一流人才聚集地"],
        ),
        (
            "全体政府工作人员要急群众所急、解群众所难、圆群众所盼。",
            ["急群众所急", "解群众所难", "圆群众所盼"],
        ),
        ("大运河、长城、西山永定河三条文化带建设扎实推进。", ["大运河", "长城", "西山永定河"]),
        (
            "提升优化杭州都市圈、宁波都市圈、温州都市圈和金（义）衢丽城市群。",
            ["杭州都市圈", "宁波都市圈", "温州都市圈", "金（义）衢丽城市群"],
        ),
        (
            "加强与港澳台侨界别委员、党外知识分子、新的社会阶层人士团结联谊。",
            ["港澳台侨界别委员", "党外知识分子", "新的社会阶层人士"],
        ),
        (
            "推动秦腔、剪纸、民歌、西安鼓乐等非物质文化遗产传承发展。",
            ["秦腔", "剪纸", "民歌", "西安鼓乐"],
        ),
        (
            "坚持以文化人、以文惠民、以文润城、以文兴业，深入做好首都文化大文章。",
            ["以文化人", "以文惠民", "以文润城", "以文兴业"],
        ),
        (
            "我们将始终增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
            ["增强“四个意识”", "坚定“四个自信”", "做到“两个维护”"],
        ),
    ],
)
def test_run_items_leave_the_lead_in_and_the_tail_to_the_context(
    sentence: str, items: list[str]
) -> None:
    assert items in list_items(sentence)


def test_run_in_headings_are_headings_of_the_order_question() -> None:
    parts = [
        ("聚焦扩大内需，确保经济平稳运行", "紧抓政策机遇，争取中央预算内投资。"),
        ("强化科技创新，建设现代化产业体系", "以科技创新中心建设为牵引。"),
        ("推动城乡融合，促进百姓共同富裕", "加快推进都市圈同城化。"),
        ("加强生态建设，推进发展方式转型", "常态化整治突出问题。"),
    ]
    numerals = "一二三四"
    text = "一、2025年工作回顾\n\n一年来，主要做了4个方面工作：\n\n" + "\n\n".join(
        f"（{numerals[i]}）{title}。{body}" for i, (title, body) in enumerate(parts)
    )
    doc = build_document(clean_text(text).blocks)
    orders = [d for d in draft_questions(doc) if d.type == "order"]
    assert [d.fields["items"] for d in orders] == [[title for title, _ in parts]]


def test_the_labelled_set_is_cut_as_the_teacher_cut_it() -> None:
    """At least 90 % of the labelled enumerations the generator asks have the teacher's items."""
    path = REPO / "benchmarks" / "bench_generation_labels.py"
    spec = importlib.util.spec_from_file_location("bench_generation_labels", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclass looks its module up
    spec.loader.exec_module(bench)
    scores = bench.evaluate()
    assert scores.exact_questions >= 0.9 * scores.questions
    assert scores.exact_labels >= 0.8 * scores.labels


def test_lists_of_organisations_and_overlong_lists_are_left_out() -> None:
    text = (
        "一、工作回顾\n\n过去一年，省发展改革委、省教育厅、省科技厅、省工业和信息化厅、省公安厅、"
        "省民政厅等部门协同推进。我们坚持稳就业、稳企业、稳市场、稳预期。"
    )
    found = list_items(text)
    assert ["稳就业", "稳企业", "稳市场", "稳预期"] in found
    assert not [items for items in found if "省教育厅" in items]


def test_a_lead_verb_before_a_run_of_nouns_and_thanks_are_left_out() -> None:
    text = (
        "加强房地产、地方政府债务、中小金融机构等风险监测预警和防控处置。"
        "向各民主党派、工商联、无党派人士、各人民团体，表示衷心感谢！"
    )
    found = list_items(text)
    assert ["房地产", "地方政府债务", "中小金融机构"] in found
    assert not [items for items in found if "工商联" in items]


def test_a_which_is_not_listed_choice_always_says_which_list() -> None:
    from trainer.core.generation.distractors import odd_one_out
    from trainer.core.generation.enumerations import Enumeration

    def run(items: list[str], context: str) -> Enumeration:
        return Enumeration("run", items, "", "、".join(items), None, (0, 0), context=context)

    others = [
        run(["稳就业", "稳企业", "稳市场"], "着力＿＿"),
        run(["绿铝", "绿铜", "绿硅"], "做强＿＿"),
        run(["人大监督", "民主监督", "社会监督"], "自觉接受＿＿"),  # the odd option's kind
    ]
    assert odd_one_out(run(["审计监督", "统计监督", "财会监督"], ""), others) is None
    asked = odd_one_out(run(["审计监督", "统计监督", "财会监督"], "推动＿＿贯通协同"), others)
    assert asked is not None and asked.fields["prompt"].startswith("“推动＿＿贯通协同”——")


def test_an_enumeration_with_nothing_saying_what_it_lists_is_not_asked() -> None:
    text = "一是加强组织领导，二是完善工作机制，三是强化督促检查。"
    doc = build_document(clean_text(text).blocks)
    prompts = [str(d.fields.get("prompt", "")) for d in draft_questions(doc)]
    assert not [p for p in prompts if "列举了哪" in p]
