"""Items, wrong options and swapped statements are parallel to the enumeration they belong to.

Small sentences shaped like the faults a teacher found reading generated banks: a last item
holding two items joined by 和, a wrong option of another kind (a talent among funds), a
true/false whose swapped item does not fit its slot, trivial everyday lists, one-character
quoted slogans.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.drafting import drafts_of, list_items
from trainer.core.bank import load_bank
from trainer.core.generation.clean import clean_text
from trainer.core.generation.drafts import Draft
from trainer.core.generation.generate import generate_bank
from trainer.core.generation.text import build_document


def test_a_last_piece_of_two_parallel_items_joined_by_he_is_two_items() -> None:
    found = list_items(
        "我省具有丰富的科教资源、完备的产业体系、充足的初级产品、通达的门户枢纽和突出的生态本底等优势。"
    )
    assert [
        "丰富的科教资源",
        "完备的产业体系",
        "充足的初级产品",
        "通达的门户枢纽",
        "突出的生态本底",
    ] in found
    prompts = [
        d.fields["prompt"]
        for d in drafts_of(
            "我省具有丰富的科教资源、完备的产业体系、"
            "充足的初级产品、通达的门户枢纽和突出的生态本底等优势。"
        )
        if d.type == "list"
    ]
    assert prompts and all("五项" in p for p in prompts)


def test_a_run_ending_in_deng_gets_its_item_after_he() -> None:
    found = list_items(
        "培养引进更多科学家、企业家、科技领军人才、卓越工程师、高技能人才和乡村振兴人才等。"
    )
    assert ["科学家", "企业家", "科技领军人才", "卓越工程师", "高技能人才", "乡村振兴人才"] in found


def test_one_item_with_he_inside_is_not_split() -> None:
    """软件和信息服务业, 半导体及集成电路: one industry each (a half is not an item's shape)."""
    assert ["新能源汽车", "太阳能光伏", "输变电装备", "半导体及集成电路"] in list_items(
        "培育新能源汽车、太阳能光伏、输变电装备、半导体及集成电路等产业。"
    )
    assert ["电子信息", "装备制造", "先进材料", "软件和信息服务业"] in list_items(
        "大力发展电子信息、装备制造、先进材料、软件和信息服务业等产业。"
    )
    assert ["速度和质量", "规模和结构", "存量和增量", "高质量发展和高水平安全"] in list_items(
        "统筹好速度和质量、规模和结构、存量和增量、高质量发展和高水平安全等关系。"
    )


# Runs of one paragraph each: environmental actions, supervision, funds, talents, services.
MIXED_RUNS = (
    "一、2025年工作回顾\n\n"
    "牢固树立和践行绿水青山就是金山银山理念，协同推进降碳、减污、扩绿、增长。\n\n"
    "认真抓好巡视、审计、督查反馈问题整改和成果运用。\n\n"
    "发挥好产业投资引导基金、国资国企基金、社保科创基金等基金及资本市场的支持作用。\n\n"
    "培养引进更多科学家、企业家、科技领军人才、卓越工程师等人才。\n\n"
    "推进碳达峰碳中和，建设维护国家生态安全先行区、绿色发展先行区、美丽中国先行区。\n\n"
    "细化经济发展、创新驱动、民生福祉、绿色低碳、安全保障五大类指标。\n\n"
    "坚持创新、宜居、美丽、韧性、文明、智慧的现代化人民城市建设方向。\n\n"
    "深化审计监督、统计监督、财会监督贯通协同，主动接受人大监督、民主监督、社会监督。\n\n"
    "发挥天使投资基金、创业投资基金、并购基金的作用。\n\n"
)


def _odd_options(drafts: list[Draft]) -> dict[str, tuple[list[str], str]]:
    """Prompt → (the list's items offered, the foreign option) of each odd-one-out choice."""
    found: dict[str, tuple[list[str], str]] = {}
    for draft in drafts:
        if draft.type == "choice" and "不在报告列举" in draft.fields["prompt"]:
            foreign = draft.answers[0]
            found[draft.fields["prompt"]] = (
                [o for o in draft.fields["options"] if o != foreign],
                foreign,
            )
    return found


def test_the_odd_option_is_of_the_same_kind_as_the_items() -> None:
    odd = _odd_options(drafts_of(MIXED_RUNS))
    foreign = {options[0]: answer for options, answer in odd.values()}
    for options, answer in odd.values():
        if any(option.endswith("基金") for option in options):
            assert answer.endswith("基金")  # a fund among funds, never a talent
        if any(option.endswith("先行区") for option in options):
            assert answer.endswith("先行区")
        if any(option.endswith("监督") for option in options):
            assert answer.endswith("监督")
        assert answer not in ("巡视", "审计", "督查") or "降碳" not in options, foreign
    assert any(answer.endswith("基金") for _, answer in odd.values())  # still asked


def test_a_false_statement_swaps_an_item_for_one_that_fits_its_slot() -> None:
    runs = {
        "降碳、减污、扩绿、增长": ["降碳", "减污", "扩绿", "增长"],
        "生态安全先行区、绿色发展先行区、美丽中国先行区": ["先行区"],
        "产业投资引导基金、国资国企基金、社保科创基金": ["基金"],
        "创新、宜居、美丽、韧性、文明、智慧": ["创新", "宜居", "美丽", "韧性", "文明", "智慧"],
    }
    for draft in drafts_of(MIXED_RUNS):
        if draft.type != "truefalse" or draft.fields["answer"]:
            continue
        statement = draft.fields["statement"]
        for joined, kind in runs.items():
            if joined.split("、")[0] not in draft.source or joined not in draft.source:
                continue
            swapped = [i for i in statement.split("，")[-1].rstrip("。").split("、")]
            if kind[0] == "先行区" or kind[0] == "基金":
                assert all(item.endswith(kind[0]) for item in swapped[-3:]), statement
            else:
                assert "绿色低碳" not in statement and "巡视" not in statement, statement


def test_a_quoted_slogan_of_one_character_items_is_asked(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text(
        "实施专业市场转型升级政策措施，推动“人、货、场、链”全方位优化，拓展消费场景。",
        encoding="utf-8",
    )
    bank = tmp_path / "report.yaml"
    generate_bank(report, bank)
    lists = [q for q in load_bank(bank).questions if q.type == "list"]
    assert [[i[0] for i in q.items] for q in lists] == [["人", "货", "场", "链"]]
    assert "引号中是哪四项" in lists[0].prompt


def test_a_slogan_cloze_blanks_whole_words_only() -> None:
    drafts = drafts_of(
        "坚持在发展中固安全、在安全中谋发展，把工作做在前、问题抓在小、责任落在实。"
        "按照“聚团结之力、尽协商之责、强监督之效、立发展之功”的要求履职。"
    )
    texts = [d.fields["text"] for d in drafts if d.type == "cloze"]
    assert not [t for t in texts if "{{作做}}" in t or "工{{" in t]
    assert any("聚{{团结}}之力" in t for t in texts)


def test_a_count_that_spells_out_a_quoted_name_is_not_asked() -> None:
    drafts = drafts_of(
        "“四向八廊”综合交通走廊：东南西北4个方向8条进出川综合交通走廊。"
        "全年新开工项目285个，完成投资超过3000亿元。"
    )
    prompts = [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]
    assert not [p for p in prompts if "东南西北" in p]
    assert any("285" in d.answers or "285" in p for d, p in zip(drafts, prompts, strict=True))


def test_the_first_item_keeps_its_modifiers_and_leaves_the_lead_in() -> None:
    """A one-character complement of the verb (做优), "a batch of" (一批) and a stray
    character of the verb (统筹推进) lead in; an adjective or a name before a noun does not."""
    cases = {
        "持续做优三星堆、九寨沟、大熊猫等文旅精品。": ["三星堆", "九寨沟", "大熊猫"],
        "每年布局实施一批顶尖科技人才、基础研究领衔科学家、“顶青”科技人才、科技创新创业人才"
        "四类人才专项。": [
            "顶尖科技人才",
            "基础研究领衔科学家",
            "“顶青”科技人才",
            "科技创新创业人才",
        ],
        "统筹推进房地产、地方政府债务、中小金融机构等风险有序化解。": [
            "房地产",
            "地方政府债务",
            "中小金融机构",
        ],
        "全生态链推进绿色先进能源、新能源汽车、机器人、商业航天等重点项目。": [
            "绿色先进能源",
            "新能源汽车",
            "机器人",
            "商业航天",
        ],
    }
    cases["加快实施居民增收计划，以服务业挖潜、新兴产业扩容、未来产业增岗创造新的就业机会。"] = [
        "服务业挖潜",  # 以: a preposition leads in
        "新兴产业扩容",
        "未来产业增岗",
    ]
    for sentence, items in cases.items():
        assert items in list_items(sentence), sentence
    # a list of sports events is trivia now (not asked), but its first item is still cut so
    from trainer.core.generation.parallel import cut_first

    assert cut_first("办好国际乒联混合团体世界杯", ["铁人三项世界杯"]) == "国际乒联混合团体世界杯"


def test_a_run_of_nouns_ends_where_a_piece_goes_on_with_a_predicate() -> None:
    """…西湖大学牵头建设全国重点实验室、实现省属高校…: four universities, not five 'items'."""
    text = (
        "一、2025年工作回顾\n\n宁波东方理工大学建校招生，浙江工业大学、温州医科大学、"
        "浙江农林大学、西湖大学牵头建设全国重点实验室、实现省属高校“零”的突破。"
    )
    # (a list of universities is trivia now, not asked: the run found is checked)
    from trainer.core.generation.runs import run_enumerations

    found = run_enumerations(build_document(clean_text(text).blocks))
    assert [e.items for e in found] == [
        ["浙江工业大学", "温州医科大学", "浙江农林大学", "西湖大学"]
    ]


def test_any_verb_leading_into_a_run_of_nouns_is_cut_off() -> None:
    """争创 and 延长 are no common lead-in verbs, but verbs before noun items all the same."""
    assert list_items(
        "一、2026年重点工作\n\n积极争创集成电路、新能源汽车、智能物联等国家级战略性新兴产业集群。"
    ) == [["集成电路", "新能源汽车", "智能物联"]]
    assert list_items("一、2025年工作回顾\n\n新修改的条例正式施行，延长婚假、生育假、护理假。") == [
        ["婚假", "生育假", "护理假"]
    ]
    # …not when the middle items start with a verb or an adverb themselves
    assert list_items(
        "一、2026年重点工作\n\n让民营企业公平参与竞争、平等获得资源、充分享有机会、放手创新创造。"
    ) == [["公平参与竞争", "平等获得资源", "充分享有机会", "放手创新创造"]]
    # …and a one-character verb is often part of a compound (占道经营), and verb-headed
    # items keep what leads them (项目|签约开工 stays with the lead-in)
    assert list_items("一、2025年工作回顾\n\n巩固占道经营、违法群租房、背街小巷等治理成效。") == [
        ["占道经营", "违法群租房", "背街小巷"]
    ]


def test_an_item_never_starts_with_the_last_character_of_a_set_phrase() -> None:
    """丝绸之|路国际博览会: the segmenter's set phrase 丝绸之路 names the item, it is no lead-in."""
    # (a list of fairs is trivia, not asked: the cut itself is checked)
    from trainer.core.generation.parallel import cut_first

    assert cut_first("丝绸之路国际博览会", ["欧亚经济论坛"]) == "丝绸之路国际博览会"


def test_deng_inside_a_word_does_not_end_a_run() -> None:
    """平等获得资源, 高等院校: 等 ends a run only as a word of its own (…等领域)."""
    assert list_items(
        "一、2026年重点工作\n\n支持龙头企业、高等院校、科研机构等共建公共技术服务平台。"
    ) == [["龙头企业", "高等院校", "科研机构"]]


def test_the_tail_every_item_shares_is_cut_from_the_item_after_he() -> None:
    """产业、能源、交通运输和用地结构调整: 结构调整 is every item's, the last item is 用地."""
    assert list_items(
        "一、2026年重点工作\n\n深化大气污染治理，加快产业、能源、交通运输和用地结构调整，精准管控污染。"
    ) == [["产业", "能源", "交通运输", "用地"]]


def test_a_long_name_after_the_lead_in_verb_is_one_item() -> None:
    """用好|中国国际服务贸易交易会、中关村论坛…: not 中国国际服务|贸易交易会."""
    # (a list of fairs and forums is trivia, not asked: the cut itself is checked)
    from trainer.core.generation.parallel import cut_first

    middles = ["中关村论坛", "金融街论坛"]
    assert cut_first("用好中国国际服务贸易交易会", middles) == "中国国际服务贸易交易会"
