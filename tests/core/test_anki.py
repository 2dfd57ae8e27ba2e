"""The Anki export, checked by importing the .apkg with the real Anki library."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.anki import export_apkg, note_guid
from trainer.core.bank import load_bank

BANK_YAML = """\
bank: {id: demo-bank, title: 演示题库}
sections:
  - {id: lessons, title: 主要体会}
  - {id: tasks, title: 今年 任务}
questions:
  - id: short-1
    type: short
    section: lessons
    prompt: 人民政协的性质是什么？
    answer: 统一战线组织
    accept: [爱国统一战线组织]
    explanation: 见章程总纲。
    source: 人民政协是统一战线组织。
    tags: [key point, 性质]
  - id: cloze-1
    type: cloze
    section: lessons
    text: 坚持{{党的领导}}，坚持{{团结|大团结}}和{{民主}}两大主题。
    source: 坚持党的领导。
  - id: list-1
    type: list
    section: tasks
    prompt: 列举两项任务。
    items: [协商议政, 民主监督]
  - id: choice-1
    type: choice
    section: tasks
    prompt: 哪些是职能？
    options: [政治协商, 民主监督, 司法审判]
    answer: [A, B]
  - id: tf-1
    type: truefalse
    statement: 政协是国家机关。
    answer: false
  - id: number-1
    type: number
    prompt: 提案多少件？
    answer: 5000
    unit: 件
    approx: true
  - id: order-1
    type: order
    prompt: 排序。
    items: [第一, 第二, 第三]
"""


@pytest.fixture
def bank_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(BANK_YAML, encoding="utf-8")
    return path


def _import(collection_path: Path, apkg: Path) -> None:
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )

    col = Collection(str(collection_path))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(apkg),
            options=ImportAnkiPackageOptions(with_scheduling=False, with_deck_configs=False),
        )
        col.import_anki_package(request)
    finally:
        col.close()


def _notes(collection_path: Path) -> dict[str, dict[str, object]]:
    from anki.collection import Collection

    col = Collection(str(collection_path))
    try:
        result: dict[str, dict[str, object]] = {}
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            fields = dict(note.items())
            result[fields["QuestionId"]] = {
                "guid": note.guid,
                "fields": fields,
                "tags": list(note.tags),
                "cards": len(note.card_ids()),
                "model": note.note_type()["name"],
            }
        result["__counts__"] = {"notes": col.note_count(), "cards": col.card_count()}
        return result
    finally:
        col.close()


def test_apkg_imports_into_anki_with_cloze_cards_per_blank(bank_file: Path, tmp_path: Path) -> None:
    bank = load_bank(bank_file)
    apkg = tmp_path / "deck.apkg"
    summary = export_apkg(bank, apkg)
    assert summary.notes == 7
    assert summary.cards == 9  # 3 blanks + 6 others

    collection = tmp_path / "collection.anki2"
    _import(collection, apkg)
    notes = _notes(collection)
    assert notes["__counts__"] == {"notes": 7, "cards": 9}

    cloze = notes["cloze-1"]
    assert cloze["cards"] == 3
    assert cloze["model"] == "trainer: cloze"
    text = cloze["fields"]["Text"]  # type: ignore[index]
    assert "{{c1::党的领导}}" in text and "{{c2::团结}}" in text and "{{c3::民主}}" in text
    assert cloze["fields"]["Section"] == "主要体会"  # type: ignore[index]

    short = notes["short-1"]
    assert short["cards"] == 1
    assert short["model"] == "trainer: type in the answer"
    fields = short["fields"]
    assert fields["Question"] == "人民政协的性质是什么？"  # type: ignore[index]
    assert fields["Answer"] == "统一战线组织"  # type: ignore[index]
    assert "见章程总纲。" in fields["Explanation"]  # type: ignore[index]
    assert fields["Source"] == "人民政协是统一战线组织。"  # type: ignore[index]
    assert sorted(short["tags"]) == sorted(["lessons", "key_point", "性质"])  # type: ignore[arg-type]
    assert short["guid"] == note_guid("demo-bank", "short-1")

    assert notes["choice-1"]["fields"]["Answer"] == "AB"  # type: ignore[index]
    assert "C. 司法审判" in notes["choice-1"]["fields"]["Question"]  # type: ignore[index]
    assert notes["tf-1"]["fields"]["Answer"] == "错"  # type: ignore[index]
    assert notes["number-1"]["fields"]["Answer"] == "5000余件"  # type: ignore[index]
    assert notes["list-1"]["fields"]["Answer"] == "协商议政；民主监督"  # type: ignore[index]
    assert notes["order-1"]["fields"]["Answer"] == "第一 → 第二 → 第三"  # type: ignore[index]
    assert notes["tf-1"]["tags"] == []


def test_reexport_updates_notes_instead_of_duplicating(bank_file: Path, tmp_path: Path) -> None:
    collection = tmp_path / "collection.anki2"
    first = tmp_path / "first.apkg"
    export_apkg(load_bank(bank_file), first, timestamp=1_700_000_000)
    _import(collection, first)

    edited = bank_file.read_text(encoding="utf-8").replace("见章程总纲。", "见章程总纲第一条。")
    bank_file.write_text(edited, encoding="utf-8")
    second = tmp_path / "second.apkg"
    export_apkg(load_bank(bank_file), second, timestamp=1_700_086_400)  # a day later
    _import(collection, second)

    notes = _notes(collection)
    assert notes["__counts__"] == {"notes": 7, "cards": 9}
    assert "第一条" in notes["short-1"]["fields"]["Explanation"]  # type: ignore[index]


def test_export_is_stable_across_runs(bank_file: Path) -> None:
    from trainer.core.anki import build_deck

    bank = load_bank(bank_file)
    deck_a, _, _ = build_deck(bank)
    deck_b, _, _ = build_deck(bank)
    assert deck_a.deck_id == deck_b.deck_id  # type: ignore[attr-defined]
    guids_a = [note.guid for note in deck_a.notes]  # type: ignore[attr-defined]
    guids_b = [note.guid for note in deck_b.notes]  # type: ignore[attr-defined]
    assert guids_a == guids_b and len(set(guids_a)) == 7
