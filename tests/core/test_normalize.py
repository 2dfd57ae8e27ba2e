"""Normalisation: what two wordings must have in common to be compared as equal."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trainer.core.grading.normalize import canonical, clean, parse_number, parse_numbers


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("４１００", "4100"),
        ("4,100", "4100"),
        ("4，100", "4100"),
        ("四千一百", "4100"),
        ("一百零二", "102"),
        ("一百〇二", "102"),
        ("百分之七十七点八", "77.8%"),
        ("77.8％", "77.8%"),
        ("百分之77.8", "77.8%"),
        ("0.41万", "4100"),
        ("41百", "4100"),
        ("4千1百", "4100"),
        ("二〇二三年", "2023年"),
        ("十四届市政协", "14届市政协"),
        ("必须 切实 加强", "必须切实加强"),
        ("“聚团结之力、尽协商之责”", "聚团结之力尽协商之责"),
        (
            "《关于加强新时代人民政协党的建设工作的若干意见》",
            "关于加强新时代人民政协党的建设工作的若干意见",
        ),
        ("ＡＢＣ", "abc"),
        ("读书＋履职", "读书+履职"),
        ("区县（市）", "区县市"),
        ("行走郑州·读懂中国", "行走郑州读懂中国"),
        ("服务大局。", "服务大局"),
        ("a\u200bb", "ab"),
    ],
)
def test_equal_after_normalising(left: str, right: str) -> None:
    assert canonical(left) == canonical(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("4100", "4000"),
        ("77.8%", "78%"),
        ("77.8%", "7.78%"),
        ("102", "120"),
        ("四个意识", "四个自信"),
        ("1,5", "15"),  # not a thousands separator
    ],
)
def test_different_after_normalising(left: str, right: str) -> None:
    assert canonical(left) != canonical(right)


@pytest.mark.parametrize(
    "word", ["统一", "一带一路", "三标", "两个确立", "四个意识", "千万不要", "万众一心", "一是"]
)
def test_words_made_of_numerals_are_left_alone(word: str) -> None:
    assert canonical(word) == word


@pytest.mark.parametrize(
    ("text", "value", "approx", "percent", "unit"),
    [
        ("4100", "4100", False, False, ""),
        ("4100件", "4100", False, False, "件"),
        ("约四千一百人", "4100", True, False, "人"),
        ("100余次", "100", True, False, "次"),
        ("一百多次", "100", True, False, "次"),
        ("77.8％", "77.8", False, True, ""),
        ("百分之七十七点八", "77.8", False, True, ""),
        ("1,234.5万", "12345000", False, False, ""),
        ("4.1万亿", "4100000000000", False, False, ""),
        ("提案立案4100件", "4100", False, False, "件"),
    ],
)
def test_parse_number(text: str, value: str, approx: bool, percent: bool, unit: str) -> None:
    reading = parse_number(text)
    assert reading is not None
    assert reading.value == Decimal(value)
    assert (reading.approx, reading.percent, reading.unit) == (approx, percent, unit)


@pytest.mark.parametrize("text", ["", "很多", "NaN", "inf", "🙂", "\x00"])
def test_no_number(text: str) -> None:
    assert parse_number(text) is None


def test_negative_and_absurd_numbers() -> None:
    negative = parse_number("-4100")
    assert negative is not None and negative.negative and negative.value == 4100
    assert parse_number("1e5") is not None
    # Beyond 10^60 nothing is a report's figure (and arithmetic on it could overflow).
    assert parse_number("1e400") is None
    assert parse_number("1e99999999") is None
    assert parse_number("9" * 5000) is None


def test_clean_cuts_long_text_and_drops_control_characters() -> None:
    assert len(clean("字" * 100_000)) == 2_000
    assert "\x00" not in clean("a\x00b")
    assert clean("①必须").startswith("\n1.")


def test_a_typed_backslash_n_is_a_line_break() -> None:
    assert clean("必须切实加强党的全面领导\\n必须践行全过程人民民主") == (
        "必须切实加强党的全面领导\n必须践行全过程人民民主"
    )


# --------------------------------------------------------------------------- issue #12


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("三日", "3", "日"), ("五次", "5", "次"), ("七篇", "7", "篇"), ("十", "10", ""),
     ("两次", "2", "次"), ("百年", "100", "年"), ("二〇〇二", "2002", "")],
)  # fmt: skip
def test_single_character_numerals_are_figures(text: str, value: str, unit: str) -> None:
    (reading,) = parse_numbers(text)
    assert (str(reading.value), reading.unit) == (value, unit)


def test_single_numerals_inside_words_stay_words() -> None:
    assert parse_numbers("统一思想") == []
    assert canonical("统一") == "统一"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("近100次", "less"), ("100余次", "more"), ("超过240个", "more"), ("约100次", "about"),
     ("100次左右", "about"), ("不到100次", "less"), ("100次", "")],
)  # fmt: skip
def test_an_approximator_is_its_own_part_of_a_figure(text: str, kind: str) -> None:
    (reading,) = parse_numbers(text)
    assert reading.value == 100 or reading.value == 240
    assert reading.approx_kind == kind


def test_figures_separated_by_spaces_are_separate_figures() -> None:
    values = [str(r.value) for r in parse_numbers("5 8 24 4100")]
    assert values == ["5", "8", "24", "4100"]


def test_traditional_characters_and_emoji() -> None:
    assert clean("落實黨的全面領導😀") == "落实党的全面领导"
    assert canonical("政協鄭州市第十四屆委員會") == canonical("政协郑州市第十四届委员会")
    assert clean("√ × ✓") == "√ × ✓"  # true/false marks are not emoji


def test_opencc_is_not_loaded_by_importing_the_checker() -> None:
    import subprocess
    import sys

    code = "import sys, trainer.core.grading; assert 'opencc' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
