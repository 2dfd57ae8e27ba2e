"""Fixtures of the group tests: a small bank written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

BANK_YAML = """\
bank: {id: group-test, title: 小组测试题库}
sections:
  - {id: lessons, title: 五年工作体会}
  - {id: tasks, title: 今后工作}
questions:
  - id: q-short
    type: short
    section: lessons
    prompt: 新时代最大的政治成果是什么？
    answer: 两个确立
    explanation: 报告原话。
    source: 最大的政治成果是两个确立。
  - id: q-choice
    type: choice
    section: lessons
    prompt: 人民政协的性质定位包括哪一项？
    options: [专门协商机构, 立法机关, 行政机关, 审判机关]
    answer: A
    source: 人民政协是专门协商机构。
  - id: q-tf
    type: truefalse
    section: tasks
    statement: 人民政协是社会主义协商民主的重要渠道。
    answer: true
  - id: q-list
    type: list
    section: tasks
    prompt: 两个维护是什么？
    items: [坚决维护习近平总书记党中央的核心、全党的核心地位, 坚决维护党中央权威和集中统一领导]
  - id: q-cloze
    type: cloze
    section: tasks
    text: 坚持{{团结}}和{{民主}}两大主题。
"""


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """A five-question bank (short, choice, truefalse, list, cloze)."""
    path = tmp_path / "group-test.yaml"
    path.write_text(BANK_YAML, encoding="utf-8")
    return path


@pytest.fixture
def bank(bank_path: Path):
    from trainer.core.bank import load_bank

    return load_bank(bank_path)
