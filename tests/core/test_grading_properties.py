"""Properties of grading on arbitrary input: it never raises, it is deterministic, and the
result is well formed (score in [0, 1] and inside the band of its verdict, one part per blank
or item, a round trip through to_dict)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.cli.grading_feedback import feedback_text
from trainer.core.bank import (
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    ShortQuestion,
    TrueFalseQuestion,
)
from trainer.core.grading import Grade, grade

QUESTIONS = (
    ShortQuestion(id="s", type="short", prompt="p", answer="专门协商机构", accept=("协商机构",)),
    ClozeQuestion(
        id="c",
        type="cloze",
        prompt="p",
        text="高举{{习近平新时代中国特色社会主义思想}}伟大旗帜，充分发挥{{专门协商机构}}作用",
        blanks=(("习近平新时代中国特色社会主义思想",), ("专门协商机构",)),
    ),
    ListQuestion(
        id="l",
        type="list",
        prompt="p",
        items=(
            ("必须切实加强党的全面领导",),
            ("必须坚持围绕中心、服务大局",),
            ("必须践行全过程人民民主",),
            ("必须更加广泛凝聚共识",),
            ("必须充分发挥委员主体作用",),
        ),
    ),
    ListQuestion(
        id="lo",
        type="list",
        prompt="p",
        items=(("历史逻辑",), ("理论逻辑",), ("实践逻辑",)),
        ordered=True,
    ),
    ChoiceQuestion(
        id="ch",
        type="choice",
        prompt="p",
        options=("甲", "乙", "丙", "丁"),
        correct=(1, 2),
        multiple=True,
    ),
    ChoiceQuestion(id="c1", type="choice", prompt="p", options=("甲", "乙"), correct=(0,)),
    TrueFalseQuestion(id="t", type="truefalse", prompt="p", answer=True),
    NumberQuestion(id="n", type="number", prompt="p", answer=4100, unit="件"),
    NumberQuestion(id="na", type="number", prompt="p", answer=77.8, unit="%", tolerance=0.5),
    OrderQuestion(id="o", type="order", prompt="p", items=("甲乙", "丙丁", "戊己")),
)

# Text a learner, a paste or an attacker could produce: Chinese, numerals, separators,
# full-width forms, emoji, control characters, surrogates excluded (not valid str in JSON).
LEARNER_ALPHABET = st.sampled_from(
    list("必须切实加强党的全面领导围绕中心服务大局一二三四五六七八九十百千万亿零〇点余多约是")
    + list("0123456789.,，、；;。|\n\t -%％ＡＢabcABC对错√×TF（）()①②")
    + ["🙂", "\x00", "\u200b", "\ufeff", "Ｂ", "ｂ", "e", "E", "NaN", "inf"]
)
TEXT = st.one_of(
    st.lists(LEARNER_ALPHABET, max_size=60).map("".join),
    st.text(max_size=40),
    st.sampled_from(["NaN", "1e400", "-4100", "4100", "四千一百", "", " ", "\x00" * 5]),
)
ANSWER = st.one_of(TEXT, st.lists(TEXT, max_size=8))

BANDS = {"correct": (1.0, 1.0), "close": (0.8, 0.99), "partial": (0.0, 0.79), "wrong": (0.0, 0.29)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(QUESTIONS) - 1), answer=ANSWER)
def test_grade_never_raises_and_is_deterministic(index: int, answer: str | list[str]) -> None:
    question = QUESTIONS[index]
    first = grade(question, answer)
    second = grade(question, list(answer) if isinstance(answer, list) else answer)
    assert first == second
    assert 0.0 <= first.score <= 1.0
    low, high = BANDS[first.verdict]
    assert low <= first.score <= high
    if question.type in ("list", "order"):
        assert len(first.parts) == len(question.items)  # type: ignore[attr-defined]
    if question.type == "cloze":
        assert len(first.parts) == len(question.blanks)  # type: ignore[attr-defined]
    data = json.loads(json.dumps(first.to_dict(), ensure_ascii=False))
    assert Grade.from_dict(data) == first
    assert feedback_text(first, language="zh") and feedback_text(first, language="en")


@settings(max_examples=60, deadline=None)
@given(index=st.integers(0, len(QUESTIONS) - 1), size=st.integers(5_000, 120_000))
def test_huge_answers_are_cut_not_scanned(index: int, size: int) -> None:
    answer = ("必须切实加强党的全面领导、" * (size // 13 + 1))[:size]
    result = grade(QUESTIONS[index], answer)
    assert result.verdict in ("correct", "close", "partial", "wrong")
    assert len(result.given_text) <= 2_001


def test_odd_objects_are_read_as_text() -> None:
    for odd in (None, 4100, 41.0, b"4100", ("4100",), ["4", None]):
        assert grade(QUESTIONS[7], odd).verdict in ("correct", "wrong")  # type: ignore[arg-type]
    assert grade(QUESTIONS[7], 4100).verdict == "correct"  # type: ignore[arg-type]
