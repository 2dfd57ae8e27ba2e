"""Every corpus report (six 2026 provincial government work reports pasted from the web) gives
a bank that passes the source check, with the report's title and no broken prompt."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from trainer.core.bank import check_sources, load_bank
from trainer.core.generation.clean import clean_file
from trainer.core.generation.generate import generate_bank

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
REPORTS = sorted(CORPUS.glob("*.txt"))
PAGE_NOISE = (
    "下载",
    "打印",
    "全屏",
    "收藏",
    "【字号",
    "【字体",
    "来源：",
    "来源:",
    "扫一扫",
    "本报记者",
)


@pytest.mark.parametrize("report", REPORTS, ids=[r.stem.split("-")[0] for r in REPORTS])
def test_a_corpus_report_gives_a_clean_valid_bank(report: Path, tmp_path: Path) -> None:
    result = generate_bank(report, tmp_path / "bank.yaml")
    bank = load_bank(result.output)
    assert check_sources(bank) == []
    assert re.search(r"20\d\d年.*政府工作报告|^政府工作报告$", bank.title), bank.title
    shown = [
        str(getattr(q, "prompt", "") or getattr(q, "statement", "") or getattr(q, "text", ""))
        for q in bank.questions
    ]
    assert all(re.sub(r"[“”—？?]", "", text) for text in shown)
    assert not [text for text in shown if "“”" in text or text.startswith("“”")]
    assert [text for text, n in Counter(shown).items() if n > 1] == []
    assert not [t for t in shown if re.match(r"^(?:报告)?列举了哪", t)]  # which seven? no hint
    # all seven types: short from headings, true/false from runs and figures, …
    assert set(bank.counts_by_type()) == {
        "short",
        "list",
        "order",
        "number",
        "cloze",
        "choice",
        "truefalse",
    }


def test_web_page_noise_is_dropped_and_the_title_stands_alone() -> None:
    cleaned = clean_file(CORPUS / "beijing-2026-government-work-report.txt")
    head = cleaned.blocks[:3]
    assert head[0].kind == "heading" and head[0].text == "2026年北京市政府工作报告"
    assert head[1].text.startswith("——2026年1月25日")
    assert [b.text for b in cleaned.blocks if b.text.startswith("各位代表")][0] == "各位代表："
    lines = cleaned.text.splitlines()
    assert not [line for line in lines if line.strip() in PAGE_NOISE or line.startswith(PAGE_NOISE)]
    assert "本报记者" not in cleaned.text and "相关报道" not in cleaned.text
    sichuan = clean_file(CORPUS / "sichuan-2026-government-work-report.txt").text
    assert "打印本页" not in sichuan and "四川日报" not in sichuan
    assert "关闭窗口" not in sichuan and not re.search(r"[0-9a-f]{32}", sichuan)
