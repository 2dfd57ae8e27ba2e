"""What the study app, the group server and scheduling rely on: the diff, the parts, the notes,
the feedback text, serialisation, and a cheap import."""

from __future__ import annotations

import subprocess
import sys

from trainer.cli.grading_feedback import feedback_text
from trainer.core.bank import ListQuestion, NumberQuestion, ShortQuestion
from trainer.core.grading import DiffOp, Grade, PartResult, grade, render_diff, warm_up
from trainer.i18n import catalog

LESSONS = ListQuestion(
    id="lessons",
    type="list",
    prompt="五条体会",
    items=(
        ("必须切实加强党的全面领导",),
        ("必须坚持围绕中心、服务大局",),
        ("必须践行全过程人民民主",),
        ("必须更加广泛凝聚共识",),
        ("必须充分发挥委员主体作用",),
    ),
)
LEADERSHIP = ShortQuestion(id="lead", type="short", prompt="p", answer="必须切实加强党的全面领导")


def _kinds(diff: tuple[DiffOp, ...]) -> list[tuple[str, str, str]]:
    return [(op.kind, op.expected, op.given) for op in diff]


def test_homophone_is_marked_in_the_diff() -> None:
    result = grade(LEADERSHIP, "必须切实加强党的全面领到")
    assert ("homophone", "导", "到") in _kinds(result.diff)
    assert "grading.note.homophone" in result.notes
    assert "~导→到~" in render_diff(result.diff)


def test_changed_word_is_one_replaced_run() -> None:
    result = grade(LEADERSHIP, "必须切实加强政府的全面领导")
    assert result.verdict == "wrong"
    assert ("replaced", "党", "政府") in _kinds(result.diff)
    assert "[-党-]{+政府+}" in render_diff(result.diff)


def test_dropped_fillers_are_missing_runs_and_noted() -> None:
    result = grade(LEADERSHIP, "加强党的全面领导")
    assert result.verdict == "close"
    assert ("missing", "必须切实", "") in _kinds(result.diff)
    assert "grading.note.filler_dropped" in result.notes


def test_list_parts_and_extra_items() -> None:
    answer = "加强党的全面领导；围绕中心、服务大局；发展经济"
    result = grade(LESSONS, answer)
    assert [p.verdict for p in result.parts] == ["close", "close", "wrong", "wrong", "wrong"]
    assert result.parts[1].given == "围绕中心、服务大局"
    assert result.parts[2].given == ""
    assert result.extra == ("发展经济",)
    assert "grading.note.extra_items" in result.notes
    assert result.parts[0].matched and not result.parts[2].matched


def test_items_containing_separators_are_kept_whole() -> None:
    result = grade(LESSONS, "必须坚持围绕中心、服务大局、必须践行全过程人民民主")
    assert result.parts[1].given == "必须坚持围绕中心、服务大局"
    assert result.parts[1].verdict == "correct"
    assert result.extra == ()


def test_duplicates_count_once_and_are_penalised() -> None:
    once = grade(LESSONS, "必须切实加强党的全面领导")
    twice = grade(LESSONS, "必须切实加强党的全面领导；必须切实加强党的全面领导")
    assert twice.score < once.score
    assert "grading.note.duplicate" in twice.notes


def test_listing_everything_does_not_pay() -> None:
    right = "必须切实加强党的全面领导；必须践行全过程人民民主"
    padded = right + "；发展经济；改善民生；保护环境；扩大开放；深化改革；加强法治"
    assert grade(LESSONS, padded).score < grade(LESSONS, right).score


def test_feedback_text_in_both_languages() -> None:
    result = grade(LESSONS, "加强党的全面领到；围绕中心、服务大局；发展经济")
    chinese = feedback_text(result, language="zh")
    english = feedback_text(result, language="en")
    assert "判定：部分正确" in chinese and "参考答案" in chinese and "发展经济" in chinese
    assert "Verdict: partly right" in english and "Expected:" in english
    assert "~导→到~" in chinese
    assert "[-必须切实-]" in chinese
    assert "（未答出）" in chinese and "(not given)" in english


def test_to_dict_round_trip() -> None:
    result = grade(LESSONS, "加强党的全面领到；发展经济")
    data = result.to_dict()
    assert data["verdict"] == "partial"
    assert data["parts"][0]["diff"][0]["kind"] in ("missing", "equal")
    assert Grade.from_dict(data) == result
    part = result.parts[0]
    assert PartResult.from_dict(part.to_dict()) == part


def test_every_note_key_has_a_message() -> None:
    messages = catalog()
    results = [
        grade(LESSONS, "加强党的全面领到；发展经济；发展经济"),
        grade(LEADERSHIP, "切实加强党的全面领导工作"),
        grade(
            NumberQuestion(id="n", type="number", prompt="p", answer=100, unit="次", approx=True),
            "100",
        ),
    ]
    for result in results:
        for key in (*result.notes, *(n for p in result.parts for n in p.notes)):
            assert key in messages, key
    assert all(f"grading.verdict.{v}" in messages for v in ("correct", "close", "partial", "wrong"))


def test_remembered_is_correct_or_close() -> None:
    assert grade(LEADERSHIP, "必须切实加强党的全面领导").remembered
    assert grade(LEADERSHIP, "加强党的全面领导").remembered
    assert not grade(LEADERSHIP, "加强党的领导").remembered
    assert not grade(LEADERSHIP, "").remembered


def test_importing_the_checker_does_not_load_pypinyin_or_cn2an() -> None:
    code = (
        "import sys, trainer.core.grading;"
        "assert 'pypinyin' not in sys.modules and 'cn2an' not in sys.modules;"
        "assert 'textual' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_warm_up_loads_the_libraries_and_can_run_twice() -> None:
    warm_up()
    warm_up()
    assert "pypinyin" in sys.modules and "cn2an" in sys.modules
