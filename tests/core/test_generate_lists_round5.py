"""List items cut as a teacher cuts them (issue #15, fifth round).

Sentences from the development reports (Shaanxi, Zhejiang, Sichuan) where the fourth round left
a last item cut at a count instead of its predicate, a shared ending lost on the last item, the
first item cut after the quoted name that qualifies it, and an ordinal's noun phrase cut in two.
"""

from __future__ import annotations

from tests.core.drafting import drafts_of, list_items


def test_the_last_item_keeps_the_ending_the_items_share() -> None:
    # 首贷、续贷、信用贷: the first and middle items show the shared 贷
    text = (
        "鼓励国企、高校、科研院所面向民营企业提供市场化中试服务，加大首贷、续贷、信用贷支持力度。"
    )
    assert ["首贷", "续贷", "信用贷"] in list_items(text)


def test_a_count_after_a_predicate_does_not_end_the_last_item() -> None:
    # …仙居下汤遗址|先后入选全国年度十大…: 十大 is the predicate's object, not the run's label
    text = (
        "良渚古城遗址公园、杭州国家版本馆、之江文化中心、浙东运河文化园等一大批文化地标建成投用，"
        "余姚井头山、温州朔门古港、仙居下汤遗址先后入选全国年度十大考古新发现。"
    )
    for items in list_items(text):
        assert not any("入选" in item for item in items), items
    # a count right after the items still ends the run (the run's label)
    labelled = "秦岭、黄河流域、南水北调水源涵养区三大生态安全屏障持续筑牢。"
    assert ["秦岭", "黄河流域", "南水北调水源涵养区"] in list_items(labelled)


def test_a_quoted_name_qualifying_a_short_first_item_stays_with_it() -> None:
    text = (
        "聚焦项目签约开工、建设纳统、竣工投产等各个环节，"
        "用好“分类分层分级”协调、统筹调度、督导服务等机制，推动项目落地。"
    )
    assert ["“分类分层分级”协调", "统筹调度", "督导服务"] in list_items(text)
    # an item that stands beside the middles without it leaves the quote in the lead-in
    kept = "新增“固定班次+预约响应”山区城乡公交线路、城际巴士线路、客货邮融合线路共220条。"
    assert ["山区城乡公交线路", "城际巴士线路", "客货邮融合线路"] in list_items(kept)
    short = "力争实现基于“一张图”优服务、强监管、惠民生。"
    assert ["优服务", "强监管", "惠民生"] in list_items(short)


def test_an_ordinals_noun_phrase_is_one_item() -> None:
    text = (
        "前瞻布局第六代移动通信技术、量子科技、生物制造、氢能和核聚变能、脑机接口、具身智能等产业。"
    )
    assert [
        "第六代移动通信技术",
        "量子科技",
        "生物制造",
        "氢能和核聚变能",
        "脑机接口",
        "具身智能",
    ] in list_items(text)


def cloze_texts(text: str) -> list[str]:
    return [str(d.fields["text"]) for d in drafts_of(text) if d.type == "cloze"]


def test_a_short_formulation_is_not_glued_to_another_deeds_figure() -> None:
    text = (
        "建设筹集保障性租赁住房6.7万套，竣工各类保障房10万套，有序推动“好房子”建设；"
        "育儿补贴、学前一年免费教育政策落地实施。"
    )
    assert "有序推动“{{好房子}}”建设" in cloze_texts(text)
    # the result of the figures before it is one statement with them
    result = "粮食播种面积1584.6万亩、总产量132.4亿斤，实现“十连丰”。"
    assert "粮食播种面积1584.6万亩、总产量132.4亿斤，实现“{{十连丰}}”" in cloze_texts(result)


def test_a_quote_after_the_predicate_does_not_end_the_last_item() -> None:
    # Zhejiang: …国家级制造业创新中心|均实现“零”的突破 — the quote is the predicate's object; the
    # last noun item ends where the adverb and verb start
    text = (
        "五年来，国家实验室、国家大科学装置、国际大科学计划、国家级制造业创新中心均实现“零”的突破。"
    )
    assert ["国家实验室", "国家大科学装置", "国际大科学计划", "国家级制造业创新中心"] in list_items(
        text
    )
    # verb items keep a one-character verb after an adverb (协同共进)
    verbs = "带动形成强县引领、竞相争先、协同共进的县域经济高质量发展新格局。"
    assert ["强县引领", "竞相争先", "协同共进"] in list_items(verbs)


def test_a_verb_and_its_complement_lead_in_whatever_the_next_word() -> None:
    # Shaanxi: 建好|补充耕地储备库 — jieba splits 建|好, and 补充 (a verb) modifies the first item
    text = (
        "开展全域土地综合整治，建好补充耕地储备库、永久基本农田储备区、高标准农田后备区，"
        "确保粮食种植面积4510万亩以上。"
    )
    assert ["补充耕地储备库", "永久基本农田储备区", "高标准农田后备区"] in list_items(text)


def test_a_lead_verb_the_segmenter_glues_to_the_item_stays_in_the_lead_in() -> None:
    # Sichuan: jieba reads 打|造成|渝主轴…; 打造 is the lead-in's verb
    text = "打造成渝主轴经济走廊、成（绵）南达万经济带、岷江—长江上游经济带，完善成渝间综合运输通道体系。"
    assert ["成渝主轴经济走廊", "成（绵）南达万经济带", "岷江—长江上游经济带"] in list_items(text)
