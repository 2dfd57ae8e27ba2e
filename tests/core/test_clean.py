"""`trainer clean`'s core: repairing text copied from newspaper pages and PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.core.bank import squeeze
from trainer.core.generation.clean import (
    ReportError,
    clean_file,
    clean_line,
    clean_text,
    decode_report,
)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "seeds" / "zhengzhou-cppcc-14th-standing-committee-report-2023.txt"
FIXTURES = REPO / "tests" / "fixtures" / "reports"


def paragraphs(text: str) -> list[str]:
    return [b.text for b in clean_text(text).blocks if b.kind == "paragraph"]


def headings(text: str) -> list[str]:
    return [b.text for b in clean_text(text).blocks if b.kind == "heading"]


# --------------------------------------------------------------------------- single repairs


def test_spaces_inside_chinese_words_are_removed() -> None:
    assert (
        clean_line("书 主 题 98 个 ，建 立 微 信 读 书 群 204") == "书主题98个，建立微信读书群204"
    )
    assert clean_line("市政协常 委 会 作 出 学 习 贯 彻 决") == "市政协常委会作出学习贯彻决"


def test_spaces_inside_numbers_of_chinese_text_are_removed() -> None:
    assert (
        clean_line("零售总额 1 2 0 3 . 6 亿 元 ， 增 长 9 . 3 %") == "零售总额1203.6亿元，增长9.3%"
    )


def test_spaces_between_latin_words_are_kept() -> None:
    assert clean_line("Made in China 2025 规划") == "Made in China 2025规划"


def test_full_width_spaces_and_indents_are_removed() -> None:
    assert paragraphs("\u3000\u3000全面加强政协\u3000党的建设。") == ["全面加强政协党的建设。"]


def test_broken_dashes_are_joined() -> None:
    assert clean_line("协商研讨— —积极承办") == "协商研讨——积极承办"
    result = clean_text("协商研讨--积极承办并参加。")
    assert result.text.strip() == "协商研讨——积极承办并参加。"
    assert not result.whitespace_only  # an ASCII dash is more than whitespace


def test_lines_broken_inside_a_sentence_are_joined() -> None:
    text = "一是必须切实加强党的全面领\n导。二是必须坚持围绕中心、服\n务大局。三是必须践行全过程人\n\n民民主。"
    assert paragraphs(text) == [
        "一是必须切实加强党的全面领导。二是必须坚持围绕中心、服务大局。三是必须践行全过程人民民主。"
    ]


def test_a_number_and_its_measure_word_on_two_lines_are_joined() -> None:
    text = "建立微信读书群 204\n个，组织各类读书活动 100 余次。"
    assert paragraphs(text) == ["建立微信读书群204个，组织各类读书活动100余次。"]


def test_repeated_blank_lines_become_one_and_paragraphs_stay_apart() -> None:
    text = "第一段到此结束。\n\n\n\n\n第二段也结束了。\n"
    result = clean_text(text)
    assert result.text == "第一段到此结束。\n\n第二段也结束了。\n"


def test_a_paragraph_ending_a_line_starts_a_new_paragraph() -> None:
    assert paragraphs("活动29次。\n全面加强政协党的建设。定期召开座谈会。") == [
        "活动29次。",
        "全面加强政协党的建设。定期召开座谈会。",
    ]


# --------------------------------------------------------------------------- headings


def test_bracket_headings_are_detected() -> None:
    text = "上一段的结尾。\n\n【过去五年工作回顾】\n\n强化创新理论武装，筑牢思想政治根基\n\n常委会认真落实制度。"
    assert headings(text) == ["【过去五年工作回顾】", "强化创新理论武装，筑牢思想政治根基"]


def test_numbered_headings_are_detected() -> None:
    text = "导语结束。\n一、过去一年的主要体会\n回顾一年来的工作。\n（一）坚持党的全面领导\n这是根本保证。"
    assert headings(text) == ["一、过去一年的主要体会", "（一）坚持党的全面领导"]
    blocks = clean_text(text).blocks
    assert [b.level for b in blocks if b.kind == "heading"] == [1, 2]


def test_a_two_line_title_keeps_a_space_between_its_parts() -> None:
    text = "上一段。\n\n聚焦政治引领\n全面筑牢共同思想基础\n\n把深入学习作为首要政治任务。"
    assert headings(text) == ["聚焦政治引领 全面筑牢共同思想基础"]


def test_a_broken_line_is_not_taken_for_a_heading() -> None:
    # The line ends inside the word 机制: the next line starts with the rest of it.
    text = (
        "开展“回头看”。\n\n全面落实加强党的领导制度机\n\n制 。 重 大 事 项 及 时 向 市 委 请 示。"
    )
    assert headings(text) == []
    assert paragraphs(text) == [
        "开展“回头看”。",
        "全面落实加强党的领导制度机制。重大事项及时向市委请示。",
    ]


# --------------------------------------------------------------------------- encodings


def test_utf8_and_gbk_are_decoded_and_named() -> None:
    text = "政协工作报告：提案立案4100件。"
    assert decode_report(text.encode("utf-8"), "r.txt") == (text, "utf-8")
    assert decode_report(text.encode("gbk"), "r.txt") == (text, "gb18030")
    assert decode_report(b"\xef\xbb\xbf" + text.encode("utf-8"), "r.txt")[0] == text
    assert decode_report(text.encode("utf-16"), "r.txt") == (text, "utf-16")  # Notepad "Unicode"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_empty_and_binary_files_are_clear_errors(raw: bytes, words: str) -> None:
    # The core returns a message key and its values; the CLI words them (tested there).
    with pytest.raises(ReportError) as caught:
        decode_report(raw, "report.txt")
    assert caught.value.key == f"generate.error.{words}"
    assert caught.value.values == {"path": "report.txt"}


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError) as caught:
        clean_file(tmp_path)
    assert caught.value.key == "generate.error.directory"
    assert caught.value.values["path"] == tmp_path


def test_the_core_of_generation_words_no_message() -> None:
    import ast

    for path in (REPO / "trainer" / "core" / "generation").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not any(str(name).startswith("trainer.i18n") for name in imported), path.name


# --------------------------------------------------------------------------- real texts


def test_the_shipped_report_is_repaired() -> None:
    result = clean_file(SHIPPED)
    assert result.encoding == "utf-8"
    assert result.whitespace_only  # quotes of the cleaned text match the newspaper copy
    text = result.text
    assert "市县两级政协共发布读书主题98个，建立微信读书群204个，组织各类读书活动100余次。" in text
    assert "向市委请示报告重大事项160次，主动邀请市委、市政府领导参加政协重大活动29次。" in text
    assert "实现2021年国际货运班列开行2002班，同比增长77.8%。" in text
    found = [b.text for b in result.headings]
    for heading in (
        "【五年工作主要体会】",
        "【过去五年工作回顾】",
        "强化创新理论武装，筑牢思想政治根基",
        "全面加强自身建设，不断夯实履职基础",
        "聚焦政治引领 全面筑牢共同思想基础",
        "聚焦自身建设 推进政协工作提质增效",
        "——政协郑州市第十四届委员会常务委员会工作报告摘编",
    ):
        assert heading in found
    assert not any(
        "，全" in h or h.endswith("区") for h in found
    )  # no broken lines taken for headings
    assert "\n\n\n" not in text and " 个" not in text


def _pdf_lines(paragraph: str, width: int = 30) -> str:
    """A paragraph as a PDF export prints it: cut every ``width`` characters, no blank lines."""
    return "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


PDF_EXPORT = "\n".join(
    [
        "江川市政府工作报告",
        "——2024年1月10日在市十六届人大三次会议上",
        "市长 王 明",
        "各位代表:",
        _pdf_lines("现在,我代表市人民政府,向大会报告工作,请予审议,并请市政协委员提出意见。"),
        "一、2023年工作回顾",
        _pdf_lines(
            "过去一年,面对复杂严峻的外部环境,全市上下坚持稳中求进工作总基调,经济运行总体平稳、"
            "稳中有进,全年主要目标任务顺利完成,全市经济实力、科技实力、综合实力持续增强,"
            "人民生活水平稳步提高,高质量发展迈出坚实步伐。"
        ),
        _pdf_lines(
            "“稳”的态势巩固延续。地区生产总值达到 2865.4 亿元、增长 6.2%,一般公共预算收入"
            "完成 215.8 亿元,增长 8.1%,城镇新增就业 6.5 万人,居民消费价格涨幅控制在 2% 以内,"
            "粮食产量连续五年稳定在 30 亿斤以上,进出口总额突破 900 亿元。"
        ),
    ]
)


def test_a_pdf_export_without_blank_lines_keeps_its_headings() -> None:
    result = clean_text(PDF_EXPORT)
    assert [b.text for b in result.headings] == [
        "江川市政府工作报告",
        "——2024年1月10日在市十六届人大三次会议上",
        "市长王明",
        "一、2023年工作回顾",
    ]
    assert "全市经济实力、科技实力、综合实力持续增强,人民生活水平稳步提高," in result.text
    assert "地区生产总值达到2865.4亿元、增长6.2%," in result.text


def test_cleaning_is_idempotent() -> None:
    once = clean_file(SHIPPED).text
    assert clean_text(once).text == once


def test_the_messy_fixture_cleans_to_the_tidy_one() -> None:
    messy = clean_file(FIXTURES / "gov-work-report-jiangchuan-2024-messy.txt")
    tidy = clean_file(FIXTURES / "gov-work-report-jiangchuan-2024.txt")
    raw = (FIXTURES / "gov-work-report-jiangchuan-2024-messy.txt").read_text(encoding="utf-8")
    assert (
        max(len(line) for line in raw.splitlines() if " " not in line) <= 15
    )  # really hard-wrapped
    assert messy.text == tidy.text
    assert messy.whitespace_only
    assert squeeze(messy.text) == squeeze(raw)


def test_cleaning_a_cleaned_text_changes_nothing_at_line_joins() -> None:
    # Found by the property test: a short line joined with a line starting with punctuation,
    # and a space rule that depends on the previous line's last character.
    from trainer.core.generation.clean import clean_text

    for text in ("政协\n\n政协\n、", "政协\n%\u300098"):
        once = clean_text(text).text
        assert clean_text(once).text == once
