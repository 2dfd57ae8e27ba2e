"""Properties over many made-up texts: cleaning is stable and a generated bank always validates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.core.bank import check_sources, parse_bank, squeeze
from trainer.core.generation.clean import clean_text
from trainer.core.generation.generate import bank_document, draft_questions, dump_bank
from trainer.core.generation.text import build_document

PIECES = [
    "政协", "委员", "协商", "民主", "监督", "团结", "发展", "关系", "高地",
    "一是", "二是", "三是", "一要", "二要", "第一，", "第二，", "（一）", "（二）", "一、", "二、",
    "最根本的是", "最核心的是", "最关键的是",
    "、", "，", "。", "；", "：", "“", "”", "【", "】", "——", "--",
    "98", "4100", "77.8", "个", "件", "余", "%", "次", "年",
    " ", "  ", "\n", "\n\n", "\u3000",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=120).map("".join)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(TEXTS)
def test_cleaning_twice_changes_nothing(text: str) -> None:
    result = clean_text(text)
    assert clean_text(result.text).text == result.text
    if result.whitespace_only:
        assert squeeze(result.text) == squeeze(text)


@SETTINGS
@given(TEXTS)
def test_a_generated_bank_always_loads_and_quotes_its_report(text: str) -> None:
    cleaned = clean_text(text)
    doc = build_document(cleaned.blocks)
    drafts = draft_questions(doc)
    if not drafts:
        return
    bank = parse_bank(dump_bank(bank_document(doc, drafts, "x", "X", None)), "x.yaml")
    assert check_sources(bank, cleaned.text) == []
    if cleaned.whitespace_only:  # then the bank quotes the user's file itself
        assert check_sources(bank, text) == []
    assert len({q.id for q in bank.questions}) == len(bank.questions)
