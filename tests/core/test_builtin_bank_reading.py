"""The reading copy of the built-in report changes the order of paragraphs, never their words."""

from __future__ import annotations

from pathlib import Path

from trainer.core.bank import load_bank, squeeze


def test_reading_copy_only_reorders_the_report(builtin_bank_path: Path) -> None:
    bank = load_bank(builtin_bank_path)
    assert bank.reading_path is not None and bank.reading_path.is_file()
    reading = bank.reading_path.read_text(encoding="utf-8")
    raw = squeeze(bank.report_text() or "")
    paragraphs = [squeeze(p) for p in reading.split("\n\n") if p.strip()]
    assert all(p in raw for p in paragraphs), [p[:20] for p in paragraphs if p not in raw]
    # Nothing left out but the page's column label "报告摘编".
    assert sum(map(len, paragraphs)) == len(raw) - len("报告摘编")


def test_reading_copy_is_in_the_reports_order(builtin_bank_path: Path) -> None:
    reading = load_bank(builtin_bank_path).reading_text() or ""
    headings = [
        "【过去五年工作回顾】",
        "【五年工作主要体会】",
        "【深入学习贯彻中共二十大精神】",
        "【今年工作建议】",
    ]
    positions = [reading.index(h) for h in headings]
    assert positions == sorted(positions)
    assert reading.index("协商议政献务实之策") < positions[0]
    assert positions[1] < reading.index("一是必须切实加强党的全面领导") < positions[2]


def test_every_question_quote_is_found_in_the_reading_copy(builtin_bank_path: Path) -> None:
    bank = load_bank(builtin_bank_path)
    reading = squeeze(bank.reading_text() or "")
    missing = [q.id for q in bank.questions if squeeze(q.source) not in reading]
    assert missing == []
