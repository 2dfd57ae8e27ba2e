"""Generation stays linear in the report's length (#20: 8,000 一是… paragraphs took 72 s).

Time is not measured here (benchmarks/bench_generate.py does that): the test counts the work
the generator does — characters scanned for clause boundaries and hashes computed — on a
report of n and of 4n enumeration paragraphs. Linear work grows about 4 times; the quadratic
code grew 16 times (every enumeration compared with every other, every item's clause scanned
to the end of its section).
"""

from __future__ import annotations

import pytest

import trainer.core.generation.distractors as distractors
import trainer.core.generation.drafts as drafts
import trainer.core.generation.enumerations as enumerations
import trainer.core.generation.runs as runs
from trainer.core.generation.clean import clean_text
from trainer.core.generation.generate import draft_questions
from trainer.core.generation.text import build_document, top_level_splits


def synthetic_report(paragraphs: int) -> str:
    body = "\n\n".join(
        f"第{i}项工作要抓好落实，一是加强组织领导{i}，二是完善工作机制{i % 97}，"
        f"三是强化督促检查，四是做好宣传引导{i % 89}。"
        for i in range(paragraphs)
    )
    return "一、总体要求\n\n" + body


def work(paragraphs: int, monkeypatch: pytest.MonkeyPatch) -> int:
    counted = {"work": 0}

    def counting_splits(text: str, separators: str) -> list[tuple[int, int]]:
        counted["work"] += len(text)
        return top_level_splits(text, separators)

    real_hash = drafts.stable_hash

    def counting_hash(*parts: object, size: int = 10) -> str:
        counted["work"] += 1
        return real_hash(*parts, size=size)

    for module in (enumerations, runs):
        monkeypatch.setattr(module, "top_level_splits", counting_splits)
    for module in (drafts, distractors):
        monkeypatch.setattr(module, "stable_hash", counting_hash)
    doc = build_document(clean_text(synthetic_report(paragraphs)).blocks)
    assert draft_questions(doc)
    return counted["work"]


def test_generation_work_grows_linearly_with_the_number_of_enumerations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = work(300, monkeypatch)
    large = work(1200, monkeypatch)
    assert large < 6 * small, (small, large)


def test_an_item_repeated_in_every_enumeration_keeps_generation_linear(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """强化督促检查 in all 8,000 paragraphs: finding lists of the same kind (wrong options come
    from them) must not compare every enumeration with every other (206 s instead of 17 s)."""
    import collections

    import trainer.core.generation.generate as generate

    counted = {"work": 0}

    class CountingCounter(collections.Counter):  # type: ignore[type-arg]
        def __setitem__(self, key: object, value: int) -> None:
            counted["work"] += 1
            super().__setitem__(key, value)

    monkeypatch.setattr(generate, "Counter", CountingCounter)

    def kin_work(paragraphs: int) -> int:
        counted["work"] = 0
        doc = build_document(clean_text(synthetic_report(paragraphs)).blocks)
        enums = enumerations.ordinal_enumerations(doc)
        generate._kin(enums)
        return counted["work"]

    # each of an enumeration's four items is followed to at most _NEIGHBOURS others
    for paragraphs in (200, 800):
        assert kin_work(paragraphs) <= paragraphs * 4 * generate._NEIGHBOURS
