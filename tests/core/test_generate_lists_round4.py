"""Lists, cloze, order and true/false a teacher keeps as they are (issue #15, fourth round).

Sentences taken from the development reports (Shaanxi, Zhejiang, Sichuan, Beijing) that showed
the fault classes a read of held-out documents found: names of events and sites asked as lists,
items that cut a word, a lead-in modifier that belongs to the first item only, lists without
context, a count label blanked while its items are shown, a stray section prefix on the order
of the report's parts, and a false statement whose swapped item is of another kind.
"""

from __future__ import annotations

from tests.core.drafting import drafts_of, list_items
from trainer.core.generation.clean import clean_text
from trainer.core.generation.generate import draft_report
from trainer.core.generation.text import build_document


def test_names_of_festivals_fairs_sites_and_projects_are_not_asked() -> None:
    # trivia a teacher drops: festivals, exhibitions, museums, named projects, places
    for name, sentence in (
        (
            "汉中油菜花节",
            "做优文物、非遗、诗词等主题游，办好汉中油菜花节、安康汉江龙舟节、陕北过大年等特色文旅活动。",
        ),
        (
            "西安国际车展",
            "做强丝绸之路国际博览会品牌，支持办好西安国际车展、养老产业博览会、西部茶产业博览会等特色品牌展会。",
        ),
        ("西安国家版本馆", "西安国家版本馆、陕西考古博物馆、省图书新馆等投入使用。"),
        (
            "蒋家窑则水库",
            "推进古贤水利枢纽、蒋家窑则水库、引汉济渭二期、宝鸡峡灌区改造等项目建设。",
        ),
        (
            "陕煤榆林化学二期",
            "大力发展精细化工，推进国能煤炭综合利用、陕煤榆林化学二期、中煤煤炭深加工等项目建设。",
        ),
        ("沪乍杭铁路", "开工建设杭州芯光半导体芯片、沪乍杭铁路、诸暨至嵊州高速公路等项目。"),
        (
            "铁人三项世界杯",
            "办好国际乒联混合团体世界杯、铁人三项世界杯、成都网球公开赛、第十五届省运会等重大赛事。",
        ),
        (
            "欧亚经济论坛",  # the lead verb glued to the first item does not hide the kind
            "成功举办上合组织减贫论坛、第二届中欧班列国际合作论坛、欧亚经济论坛，影响力持续提升。",
        ),
        ("苍南县", "“1+3”结对帮扶机制全面建立，永嘉县、苍南县、江山市调出山区海岛县序列。"),
    ):
        drafts, dropped = draft_report(build_document(clean_text(sentence).blocks))
        asked = [d for d in drafts if d.type in ("list", "choice") and name in str(d.fields)]
        assert not asked, sentence
        swapped = [d for d in drafts if d.type == "truefalse" and name in str(d.fields)]
        assert not swapped, sentence
        assert dropped["trivia"] == 1, sentence


def test_policy_lists_sharing_a_place_word_are_still_asked() -> None:
    # 海洋 is a topic all items share, not a name; regions with verbs are formulations
    assert ["海洋清洁能源", "海洋新材料", "海洋生物医药"] in list_items(
        "加快国家海洋综合试验场建设，培育壮大海洋清洁能源、海洋新材料、海洋生物医药等新兴产业。"
    )
    assert ["关中科技赋能创新升级", "陕北能源革命转型升级", "陕南生态优先绿色升级"] in list_items(
        "提升西安、榆林两大增长极的带动能力，协同推进关中科技赋能创新升级、陕北能源革命转型升级、"
        "陕南生态优先绿色升级。"
    )


def four_parts_the_first_with_four_headings() -> str:
    """The report's four parts, and the first part's four headings: two orders of four."""
    paragraph = "做了大量工作，取得明显成效，人民群众获得感持续增强。"
    parts = ["一、2025年工作回顾"]
    for number, heading in zip(
        "一二三四",
        (
            "聚焦扩大内需，经济平稳运行",
            "强化科技创新，产业加快升级",
            "推动城乡融合，百姓共同富裕",
            "加强生态建设，发展方式转型",
        ),
        strict=True,
    ):
        parts += [f"（{number}）{heading}", paragraph]
    for top in ("二、“十五五”时期主要目标", "三、2026年重点工作", "四、加强政府自身建设"):
        parts += [top, paragraph]
    return "\n\n".join(parts)


def test_order_prompts_name_whose_headings_they_are_without_a_section_prefix() -> None:
    drafts = [d for d in drafts_of(four_parts_the_first_with_four_headings()) if d.type == "order"]
    prompts = [d.fields["prompt"] for d in drafts]
    assert prompts, prompts
    assert not any(p.startswith("（") for p in prompts), prompts
    assert len(set(prompts)) == len(prompts), prompts
    assert any(p.startswith("将报告的") for p in prompts), prompts
    assert any("“一、2025年工作回顾”部分的" in p for p in prompts), prompts


def test_no_item_cuts_a_word_or_keeps_the_lead_verb() -> None:
    # 新一|代半导体, 残疾人关|爱, 零碳产业|园: one character of a word left on the other side
    assert [
        "新一代半导体",
        "液晶基板",
        "高端材料",
        "增材制造",
        "民用航空",
        "新型储能",
    ] in list_items(
        "实施产业创新工程，促进新一代半导体、液晶基板、高端材料、增材制造、民用航空、新型储能等产业做强做大。"
    )
    assert ["空巢老人", "困境儿童", "残疾人"] in list_items(
        "完善空巢老人、困境儿童、残疾人关爱服务体系。"
    )
    assert ["氢能产业集群", "储能电站", "零碳产业园"] in list_items(
        "加快榆林、渭南等氢能产业集群、储能电站、零碳产业园建设。"
    )
    # 大力发展 is one word to the segmenter (a name, nz): still the lead-in's verb
    assert ["县域经济", "民营经济", "开放型经济", "数字经济"] in list_items(
        "深化开展“三个年”活动、深入打好“八场硬仗”，大力发展县域经济、民营经济、开放型经济、数字经济。"
    )


def test_a_modifier_before_the_first_item_of_compound_items_is_that_items_own() -> None:
    # the other items carry modifiers of their own (智能终端, 商业航天): 高端 is 医疗器械's
    assert ["高端医疗器械", "智能终端", "智算云", "具身智能", "商业航天"] in list_items(
        "完善高端医疗器械、智能终端、智算云、具身智能、商业航天等产业发展政策。"
    )
    # bare heads or a shared head: the word before them is context shared by all items
    assert ["规划", "建设", "运营", "治理"] in list_items(
        "深化城市规划、建设、运营、治理体制改革。"
    )
    assert ["交易平台", "服务平台", "监督平台"] in list_items(
        "加快推动省招投标交易平台、服务平台、监督平台数据集成共享、全程可视可溯。"
    )


def cloze_texts(text: str) -> list[str]:
    return [str(d.fields["text"]) for d in drafts_of(text) if d.type == "cloze"]


def test_a_count_label_is_not_blanked_while_its_items_are_shown() -> None:
    sentence = "建立国土空间管控体系，开展耕地数量、质量、生态“三位一体”保护。"
    assert not [t for t in cloze_texts(sentence) if "{{三位一体}}" in t]
    assert ["数量", "质量", "生态"] in list_items(sentence)  # the items are asked as a list
    assert not [t for t in cloze_texts("推进耕地林地园地“三图”合一。") if "{{三图}}" in t]
    # a count label with its items elsewhere, or after examples (…等), is still a formulation
    assert any("{{五乱}}" in t for t in cloze_texts("常态化整治秦岭“五乱”问题。"))
    assert any(
        "{{一件事}}" in t for t in cloze_texts("深化城镇燃气、危险化学品等“一件事”全链条治理。")
    )


def test_a_swapped_or_odd_item_is_of_the_lists_kind_not_of_a_list_sharing_one_item() -> None:
    # 退役军人 is listed among groups of people and among areas of work: 人民防空 is no group
    text = (
        "一、2026年重点工作\n\n稳定和扩大高校毕业生、农民工、退役军人等重点群体就业。"
        "加强国防动员、退役军人、人民防空等工作。"
        "落实就业优先政策，帮扶残疾人、零就业家庭、退役军人等困难群体。"
    )
    groups = ("高校毕业生", "农民工", "残疾人", "零就业家庭")
    for draft in drafts_of(text):
        shown = str(draft.fields)
        if draft.type not in ("choice", "truefalse"):
            continue
        if "群体" in shown:
            assert "人民防空" not in shown and "国防动员" not in shown, shown
        if "等工作" in shown:
            assert not any(group in shown for group in groups), shown
    # runs saying they are the same kind of thing (…群体) still lend each other items
    assert any(
        d.type == "choice" and "重点群体" in str(d.fields) and "残疾人" in str(d.fields)
        for d in drafts_of(text)
    )


def test_a_list_whose_clause_says_little_is_asked_with_its_topic_and_period() -> None:
    text = (
        "一、2025年工作回顾\n\n（六）加强民主法治建设，维护社会和谐稳定\n\n"
        "法治政府建设扎实推进。民族、宗教、侨务、国防动员等工作迈出新步伐。"
    )
    prompts = [
        str(d.fields["prompt"])
        for d in drafts_of(text)
        if d.type in ("list", "choice") and "迈出新步伐" in str(d.fields["prompt"])
    ]
    assert prompts
    for prompt in prompts:
        assert prompt.startswith("（加强民主法治建设）2025年，“＿＿等工作迈出新步伐”"), prompt
    statements = [str(d.fields["statement"]) for d in drafts_of(text) if d.type == "truefalse"]
    assert all(s.startswith("2025年，") for s in statements), statements
    # a clause that says what the run is about keeps its plain prompt
    rich = "一、2025年工作回顾\n\n推动审计监督、统计监督、财会监督贯通协同。"
    assert any(
        str(d.fields["prompt"]).startswith("“推动＿＿贯通协同”")
        for d in drafts_of(rich)
        if d.type == "list"
    )


def test_a_frame_clause_is_no_true_false_statement() -> None:
    text = (
        "围绕科学研究、交通运输、智慧农业、文化旅游、医疗健康等领域，打造一批应用场景。"
        "聚焦制造业、交通运输、民生等领域，推动人工智能应用。"
    )
    statements = [str(d.fields["statement"]) for d in drafts_of(text) if d.type == "truefalse"]
    assert not [s for s in statements if s.endswith("等领域。")], statements


def test_a_frame_clause_takes_the_clause_it_frames_as_context() -> None:
    text = "围绕科学研究、交通运输、智慧农业、文化旅游、医疗健康等领域，打造一批应用场景。"
    prompts = [str(d.fields["prompt"]) for d in drafts_of(text) if d.type == "list"]
    assert prompts == ["“围绕＿＿等领域，打造一批应用场景”——横线处是哪五项？"], prompts


def test_items_after_the_sentence_before_them_are_asked_with_it_not_the_heading() -> None:
    # the five-year summary follows the year's last heading in the same section
    text = (
        "一、2025年工作回顾\n\n（六）防范化解风险，维护社会和谐稳定\n\n稳妥化解地方政府债务风险。\n\n"
        "五年来，我们全面贯彻党中央决策部署，各项事业取得重大成就。一是综合实力再上台阶。"
        "二是创新引领成势见效。三是发展基础更为坚实。"
    )
    prompts = [str(d.fields["prompt"]) for d in drafts_of(text) if d.type in ("list", "order")]
    assert prompts and not [p for p in prompts if "防范化解风险" in p], prompts
    assert any("各项事业取得重大成就" in p for p in prompts), prompts


def test_a_character_stranded_before_the_first_item_is_not_cut_from_its_word() -> None:
    # 五|区科技创新 and 开发多|部门联动审批 cut the words 五区 and 多部门 in two
    five = list_items(
        "统筹布局五区科技创新、重点产业、基础设施和公共服务等，提高区域资源要素集聚能力。"
    )
    assert five and all(not items[0].startswith("区") for items in five), five
    assert ["多部门联动审批", "项目选址选线", "高标准农田“一图管田”"] in list_items(
        "构建跨层级、跨部门的统一地理底图，开发多部门联动审批、项目选址选线、"
        "高标准农田“一图管田”等应用场景。"
    )


def test_a_noun_shared_by_bare_items_stays_in_the_lead_in() -> None:
    # 产业 is the topic of 高端化、智能化、绿色化 alike, not a part of the first item
    assert ["高端化", "智能化", "绿色化"] in list_items(
        "深入实施产业基础再造工程，推动钢铁、食品、纺织等产业高端化、智能化、绿色化转型。"
    )
    # a modifier of a compound first item among compounds stays with it
    assert ["数字消费", "绿色消费", "健康消费"] in list_items(
        "全市旅游人次和收入再创历史新高，数字消费、绿色消费、健康消费蓬勃发展。"
    )


def test_an_item_does_not_start_in_the_middle_of_a_word_it_runs_past() -> None:
    # 防汛防台|抗旱 cut at 防台, 信息技术|服务 at 技术: half a word joined to the next
    assert ["防汛防台抗旱", "森林防火", "地质灾害防御"] in list_items(
        "扎实做好防汛防台抗旱、森林防火、地质灾害防御等工作。"
    )
    assert ["信息技术服务", "工业设计", "工程勘察设计"] in list_items(
        "推动软件和信息技术服务、工业设计、工程勘察设计等产业向专业化和价值链高端延伸。"
    )


def test_a_list_of_universities_is_trivia() -> None:
    text = (
        "宁波东方理工大学建校招生，浙江工业大学、温州医科大学、"
        "浙江农林大学、西湖大学牵头建设全国重点实验室、实现省属高校“零”的突破。"
    )
    drafts, dropped = draft_report(build_document(clean_text(text).blocks))
    assert not [d for d in drafts if "温州医科大学" in str(d.fields)]
    assert dropped["trivia"] == 1


def test_the_name_of_one_event_is_not_blanked() -> None:
    assert not [t for t in cloze_texts("首届“浙BA”联赛场场爆满、成为全民嘉年华。") if "浙BA" in t]
    assert not [
        t
        for t in cloze_texts("“良渚论坛”、第六届世界佛教论坛有力促进国际文化交流和文明互鉴。")
        if "良渚论坛" in t
    ]
    # part of an event's name: not blanked there, but at its next mention
    assert cloze_texts("成功举办第二届“一带一路”科技交流大会。积极开拓“一带一路”国际市场。") == [
        "积极开拓“{{一带一路}}”国际市场"
    ]
    later = "“川超”联赛观众超1亿人次。持续培育“川超”等品牌赛事。"
    assert not [t for t in cloze_texts(later) if "川超" in t]
    # a campaign's or a policy's name, or a metaphor, is a formulation
    assert any("{{马拉松}}" in t for t in cloze_texts("跑好经济社会发展“马拉松”。"))
    assert any("{{放心消费在三秦}}" in t for t in cloze_texts("深化“放心消费在三秦”行动。"))


def test_a_word_after_an_adverb_is_the_lead_in_verb_whatever_its_tag() -> None:
    # 持续|整治 (tagged a noun): 整治金融 is no item
    found = list_items("抓实审计反馈问题整改，持续整治金融、国有企业、工程建设招投标等领域腐败。")
    assert not [items for items in found if "整治金融" in items], found


def test_places_are_trivia_even_with_one_name_the_segmenter_mistags() -> None:
    text = "泸州经济总量突破3000亿元，内江、眉山、自贡、遂宁经济总量突破2000亿元。"
    drafts, dropped = draft_report(build_document(clean_text(text).blocks))
    assert not [d for d in drafts if d.type == "list" and "遂宁" in str(d.fields)]
    assert dropped["trivia"] == 1
