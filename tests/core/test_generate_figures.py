"""Figure questions name what is counted, its unit and its period as the text gives it."""

from __future__ import annotations

from trainer.core.generation.clean import clean_text
from trainer.core.generation.generate import draft_questions
from trainer.core.generation.text import build_document


def number_prompts(text: str) -> dict[float, list[str]]:
    """Number questions of ``text``: answer → prompts (with the unit in brackets)."""
    doc = build_document(clean_text(text).blocks)
    found: dict[float, list[str]] = {}
    for draft in draft_questions(doc):
        if draft.type == "number":
            shown = f"{draft.fields['prompt']}（{draft.fields.get('unit', '')}）"
            found.setdefault(float(draft.fields["answer"]), []).append(shown)
    return found


REVIEW = """一、2025年工作回顾和“十四五”发展成就

过去一年，全省地区生产总值增长5.5%，城镇新增就业85.2万人。

五年来，我们持续改善民生。城镇新增就业522万人，建成养老床位53.4万张，普惠性幼儿园覆盖率达到87.9%。

二、2026年工作安排

今年全省经济社会发展主要预期目标是：城镇新增就业6万人以上，粮食产量730亿斤以上。
"""


def test_five_year_totals_are_not_dated_with_the_last_year() -> None:
    prompts = number_prompts(REVIEW)
    assert prompts[522] == ["五年来，城镇新增就业多少万人？（万人）"]
    assert prompts[87.9] == ["五年来，普惠性幼儿园覆盖率达到百分之多少？（%）"]
    assert prompts[85.2] == ["2025年，城镇新增就业多少万人？（万人）"]


def test_a_measure_word_is_kept_with_its_magnitude() -> None:
    prompts = number_prompts(REVIEW)
    assert prompts[53.4] == ["五年来，建成养老床位多少万张？（万张）"]
    assert prompts[730] == ["按2026年的预期目标，粮食产量多少亿斤以上？（亿斤）"]


def test_a_target_is_asked_as_a_target_even_when_its_number_is_in_the_year() -> None:
    # 6 appears in 2026年: the prompt does not give the answer away, the question is kept
    assert number_prompts(REVIEW)[6] == ["按2026年的预期目标，城镇新增就业多少万人以上？（万人）"]


def test_what_a_classifier_counts_is_named() -> None:
    text = "一、2025年工作回顾\n\n过去一年，高质量打造14个区级主导产业特色赛道集聚区。"
    assert number_prompts(text)[14] == [
        "2025年，高质量打造多少个区级主导产业特色赛道集聚区？（个）"
    ]


def test_thresholds_ranges_and_the_second_of_a_pair_are_not_asked() -> None:
    text = (
        "一、2025年工作回顾\n\n过去一年，关停淘汰10万千瓦及以下燃煤机组，"
        "城乡居民人均收入年均增长5.3%、7.7%，水土保持率提升至77.6%。"
    )
    prompts = number_prompts(text)
    assert 10 not in prompts
    assert 7.7 not in prompts
    assert prompts[77.6] == ["2025年，水土保持率提升至百分之多少？（%）"]


def test_a_figure_without_a_subject_of_its_own_borrows_the_clause_before() -> None:
    text = (
        "二、过去五年\n\n五年来，全省生产总值连续跨越7万亿、8万亿两个大台阶，年均增长5.9%。"
        "其中，制造业中长期贷款新增1124亿元，全员劳动生产率达58万元/人左右。"
    )
    prompts = number_prompts(text)
    assert prompts[5.9] == [
        "五年来，全省生产总值连续跨越7万亿、8万亿两个大台阶，年均增长百分之多少？（%）"
    ]
    assert prompts[1124] == ["五年来，制造业中长期贷款新增多少亿元？（亿元）"]
    assert prompts[58] == ["五年来，全员劳动生产率达多少万元/人左右？（万元/人）"]


def test_each_figure_of_a_pair_is_asked_with_its_own_subject() -> None:
    text = (
        "一、2025年工作回顾\n\n过去一年，金融业、软件和信息服务业增加值分别增长9.7%、15.3%，"
        "城镇和农村居民人均可支配收入分别增长4.3%、5.5%。"
    )
    doc = build_document(clean_text(text).blocks)
    prompts = {
        str(d.fields["prompt"]): d.source
        for d in draft_questions(doc)
        if d.type in ("number", "choice")
    }
    assert set(prompts) == {
        "2025年，金融业增加值增长百分之多少？",
        "2025年，软件和信息服务业增加值增长百分之多少？",
        "2025年，城镇居民人均可支配收入增长百分之多少？",
        "2025年，农村居民人均可支配收入增长百分之多少？",
    }
    assert prompts["2025年，金融业增加值增长百分之多少？"] == (
        "金融业、软件和信息服务业增加值分别增长9.7%、15.3%"
    )


def test_the_verb_leading_a_list_of_figures_is_kept_for_every_figure() -> None:
    """新增 … 1494家、… 81家: 81 were added in the year; asked without 新增 it reads as a total."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "一、2025年工作回顾\n\n产业改造升级加快实施，新增规上工业企业1494家、"
        "国家级专精特新“小巨人”企业81家、境内外上市企业6家。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks))
    prompts = [str(d.fields.get("prompt", "")) for d in drafts if d.type in ("number", "choice")]
    assert "2025年，新增国家级专精特新“小巨人”企业多少家？" in prompts
    assert not [
        p for p in prompts if p.startswith("2025年，国家级") or p.startswith("2025年，境内")
    ]


def test_a_count_inside_a_name_that_goes_on_is_not_asked() -> None:
    """纳入国家102项重大工程的285个…: 102项 belongs to a name; 纳入国家多少项？ asks nothing."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "一、2025年工作回顾\n\n纳入国家102项重大工程的285个计划新开工项目全部开工，"
        "810个省重点项目完成投资10428.6亿元。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks))
    shown = [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]
    assert not [
        p for p in shown if p.endswith(("纳入国家多少项？", "确定的多少项？", "确定的14项。"))
    ]
    assert any("多少亿元" in p for p in shown)


def test_a_relation_is_asked_with_what_it_relates_to() -> None:
    """带动综合消费184亿元: what drove it is the item before; asked alone it names nothing."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "一、2025年工作回顾\n\n全省接待游客超11亿人次，引进营业性演出1.2万场、带动综合消费184亿元。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks))
    shown = [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]
    assert not [p for p in shown if p.startswith("2025年，带动")]
    assert [p for p in shown if "演出1.2万场、带动综合消费" in p]


def test_the_start_of_a_change_is_not_asked_and_a_list_verb_stays_in_place() -> None:
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "一、2025年工作回顾\n\n营商环境改革不断深化，经营主体从689万户增至951万户。"
        "建设宜居宜业和美乡村，推进21个先行片区、200个样板村。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks))
    shown = [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]
    assert not [p for p in shown if "经营主体从" in p and "增至" not in p]  # "经营主体从5余万户。"
    assert not [p for p in shown if "推进建设" in p]  # the list's verb is not put before it
    # each item asked with the list's verb and the task it belongs to, not with the first
    # item's figure in the stem (two figures in one stem)
    assert "2025年，建设宜居宜业和美乡村，推进多少个样板村？" in shown
    assert "2025年，建设宜居宜业和美乡村，推进多少个先行片区？" in shown


def test_the_notes_after_a_report_are_a_part_of_their_own_not_the_years_work() -> None:
    """名词解释1.…: the notes are not dated with the last section's year (2026年)."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "三、2026年工作安排\n\n新增城镇就业60万人以上。\n\n"
        "名词解释1.“两重”：是指国家重大战略实施和重点领域安全能力建设。\n\n"
        "2.“一张图”：自然资源部将四川确定为开展空间治理“一张图”试点的4个省份之一。\n"
    )
    cleaned = clean_text(text)
    assert [b.text for b in cleaned.blocks if b.kind == "heading"] == [
        "三、2026年工作安排",
        "名词解释",
    ]
    # (the notes' figures are secondary: asked with --all-figures only)
    drafts = draft_questions(build_document(cleaned.blocks), all_figures=True)
    shown = [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]
    assert [p for p in shown if "省份之一" in p and not p.startswith("2026年")]
    assert not [p for p in shown if "省份之一" in p and p.startswith("2026年")]


def test_what_households_count_is_named_after_the_figure() -> None:
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "三、2026年工作安排\n\n既有住宅加装（更新）电梯6000部，改造2.5万套（间）城市危旧房、"
        "2.6万户城中村，新（改）建燃气、供排水管网4000公里。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks))
    shown = [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]
    assert not [p for p in shown if p.endswith("多少万户？")]
    assert [p for p in shown if p.endswith("多少万户城中村？")]


def test_with_max_the_notes_after_a_report_are_kept_last() -> None:
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions, most_valuable
    from trainer.core.generation.text import build_document

    text = (
        "三、2026年工作安排\n\n新增城镇就业60万人以上，新建学校12所。\n\n"
        "名词解释1.“暖心驿站”：建成县级驿站113个，服务新就业群体20万人次。\n"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks))
    kept = most_valuable(drafts, 2)
    assert all("驿站" not in d.source and "群体" not in d.source for d in kept)


def _shown(text: str) -> list[str]:
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    drafts = draft_questions(build_document(clean_text(text).blocks))
    return [str(d.fields.get("prompt", d.fields.get("statement", ""))) for d in drafts]


def test_a_threshold_naming_what_the_next_figure_counts_is_not_asked() -> None:
    """超200亿元县2个: 200亿元 sorts the counties the next figure counts, it is no output."""
    text = "一、2025年工作回顾\n\n主导产业产值突破1.5万亿元，新增经济总量超200亿元县2个、达到29个。"
    shown = _shown(text)
    assert not [p for p in shown if "超多少亿元" in p or "超200亿元。" in p]
    assert any("突破多少万亿元" in p for p in shown)


def test_counted_subjects_of_a_later_predicate_are_not_cut_from_it() -> None:
    """8所职业院校、12个专业群入选…: “…，8所职业院校。” is no sentence, 多少所职业院校？ no question."""
    text = (
        "一、2025年工作回顾\n\n杨凌职院、陕工院晋升为职业本科，8所职业院校、12个专业群入选"
        "国家第二期“双高计划”，高校增设本科专业97个。"
    )
    shown = _shown(text)
    assert not [p for p in shown if p.endswith(("多少所职业院校？", "8所职业院校。"))]
    assert any("增设本科专业多少个" in p for p in shown)


def test_a_measure_without_its_owner_borrows_it_or_is_not_asked() -> None:
    """增加值跨上…: whose 增加值 is said a clause back; 贡献率 two clauses back is not asked."""
    text = (
        "一、2025年工作回顾\n\n服务业支撑作用更加明显，增加值跨上3万亿元台阶，"
        "对经济增长贡献率超60%。全年为企业减负超3300亿元。"
    )
    prompts = number_prompts(text)
    assert prompts[3] == ["2025年，服务业支撑作用更加明显，增加值跨上多少万亿元？（万亿元）"]
    assert 60 not in prompts
    assert prompts[3300] == ["2025年全年为企业减负超多少亿元？（亿元）"]


def test_the_second_figure_of_a_clause_borrows_the_first_items_subject() -> None:
    """猕猴桃综合产值增长8.5％、出口增长53.6％: 出口 is the kiwi fruit's, not the clause before's."""
    text = (
        "一、2025年工作回顾\n\n延安苹果入选国家级优势特色产业集群，"
        "猕猴桃综合产值增长8.5％、出口增长53.6％。"
    )
    assert number_prompts(text)[53.6] == [
        "2025年，猕猴桃综合产值增长8.5％、出口增长百分之多少？（％）"
    ]


def test_a_verbless_measure_after_a_figure_item_keeps_that_item() -> None:
    """…惠及616.2万名近亲属、共济金额69.1亿元: whose 共济金额 is the first item's; 建设 (a verbal
    noun to the segmenter) still leads every figure of its list."""
    text = (
        "一、2025年工作回顾\n\n积极推进数字化转型，建设未来工厂20家、智能工厂和数字化车间200家。"
        "稳妥推进医保省级统筹，职工医保个人账户家庭共济改革惠及616.2万名近亲属、共济金额69.1亿元。"
    )
    prompts = number_prompts(text)
    assert prompts[200] == ["2025年，建设智能工厂和数字化车间多少家？（家）"]
    assert prompts[69.1] == [
        "2025年，职工医保个人账户家庭共济改革惠及616.2万名近亲属、共济金额多少亿元？（亿元）"
    ]


def test_a_whole_count_is_offered_whole_counts_only() -> None:
    """12个专业群 among 4.7个 (托位 per thousand people) is no option of the same kind."""
    from trainer.core.generation.distractors import sibling_figures
    from trainer.core.generation.figures import find_figures

    text = (
        "一、2025年工作回顾\n\n每千人托位达到4.7个。两校晋升为职业本科，8所职业院校、12个专业群入选“双高计划”。"
        "新建普通高中11所，新增县城2个、达到29个，新增示范区5个。"
    )
    figures = find_figures(build_document(clean_text(text).blocks))
    twelve = next(f for f in figures if f.value == 12)
    assert 4.7 not in [f.value for f in sibling_figures(twelve, figures, 3)]


def test_a_changing_measure_after_a_figure_item_keeps_whose_it_is() -> None:
    """…投放50%以上号源、转诊量增长90%: 转诊量 is the hospitals', said in the first item."""
    text = (
        "一、2025年工作回顾\n\n扎实推进健康建设，三级公立医院提前两周向基层投放50%以上号源、"
        "转诊量增长90%，社区卫生服务中心实现儿科诊疗服务全覆盖。"
    )
    shown = _shown(text)
    assert "2025年，转诊量增长百分之多少？" not in shown
    assert not [p for p in shown if p.startswith("2025年，转诊量增长")]


def test_the_first_figure_of_a_bare_series_is_not_asked() -> None:
    """跨越7万亿、8万亿、9万亿; 国内游客人次、总花费增长6.9％、8.5％: no figure of these alone."""
    text = (
        "一、2025年工作回顾\n\n五年来，全省生产总值连续跨越7万亿、8万亿、9万亿三个大台阶，"
        "年均增长5.9%。国内游客人次、总花费增长6.9％、8.5％。"
    )
    prompts = number_prompts(text)
    assert 7 not in prompts and 6.9 not in prompts
    assert any("年均增长百分之多少" in p for p in prompts[5.9])


def test_what_is_counted_after_the_figure_leads_the_prompt_not_the_clause_before() -> None:
    """…回收利用率达43%，为380个老旧小区引入物业服务: the recycling rate is no part of it."""
    text = (
        "一、2025年工作回顾\n\n生活垃圾回收利用率达43%，为380个老旧小区引入物业服务。"
        "西北农大绘制基因图谱，全省8个品种入选国家农作物优良品种推广目录。"
    )
    shown = _shown(text)
    assert not [p for p in shown if "43%，为" in p or "图谱，全省" in p]
    assert any(p.startswith("2025年，为") and "老旧小区" in p for p in shown)


def _figure_sources(text: str) -> list[str]:
    """The source clause of every figure question (number, figure choice, figure true/false)."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    drafts = draft_questions(build_document(clean_text(text).blocks))
    return [d.source for d in drafts if d.type == "number" or d.key.startswith("figure")]


def test_a_unit_with_its_noun_is_kept_or_the_figure_is_not_asked() -> None:
    """万标箱, 亿立方米, 多亿元: asked as 多少万/多少亿 the question drops what is measured."""
    text = (
        "一、2025年工作回顾\n\n过去一年，宁波舟山港集装箱吞吐量4387万标箱。全省蓄水能力达到352亿立方米。"
        "中央企业合作项目落地，总投资1370多亿元。妥善安置1.6万受灾群众。肉鸡出栏1200万羽。"
    )
    shown = _shown(text)
    assert "2025年，宁波舟山港集装箱吞吐量多少万标箱？" in shown
    assert "2025年，全省蓄水能力达到多少亿立方米？" in shown
    assert any(p.endswith("总投资约多少亿元？") for p in shown)
    assert "2025年，妥善安置多少万受灾群众？" in shown
    assert not [p for p in shown if p.endswith(("多少万？", "多少亿？", "1200万。"))]


def test_a_quantity_phrase_of_two_figures_is_not_cut() -> None:
    """3座35万千瓦光热电站: 多少座？ would count the wrong noun; 50米内 qualifies a ratio."""
    text = (
        "一、2026年工作安排\n\n今年，加快建设哈密、敦煌3座35万千瓦光热电站，新建充电桩3万个。"
        "公交与轨道50米内换乘比例提升至93%。开工750千伏定靖西、330千伏沣渭等输变电工程。"
    )
    shown = _shown(text)
    assert not [p for p in shown if "光热电站" in p or "千伏" in p or p.endswith("多少米？")]
    assert "2026年，公交与轨道50米内换乘比例提升至百分之多少？" in shown
    assert any("新建充电桩多少万个" in p for p in shown)


def test_a_unit_cut_after_its_slash_is_not_asked() -> None:
    text = "一、主要目标\n\n单位地区生产总值生产安全事故死亡率控制在0.6人/百亿元以下，人均产值58万元/人左右。"
    prompts = [p for p in _shown(text) if "多少" in p]
    assert not [p for p in prompts if "/百" in p]
    assert any("多少万元/人左右" in p for p in prompts)


def test_the_size_of_a_fixed_set_is_not_asked() -> None:
    """16个区均被评为…: the count is how many districts the city has, not an achievement."""
    text = (
        "一、2025年工作回顾\n\n过去一年，退役军人服务保障有力有效，16个区均被评为全国双拥模范城，"
        "新建50个区域养老服务中心。"
    )
    sources = _figure_sources(text)
    assert not [s for s in sources if "16个区" in s]
    assert any("50个区域养老服务中心" in s for s in sources)


def test_a_total_is_asked_with_whose_total_it_is() -> None:
    """总市值超8600亿元: whose market value is said in the clause before."""
    text = "一、2025年工作回顾\n\n过去一年，北京证券交易所上市公司达288家，总市值超8600亿元。"
    shown = _shown(text)
    assert not [p for p in shown if p.startswith("2025年，总市值")]
    assert any("上市公司达288家，总市值超" in p for p in shown)


def test_a_figure_said_again_of_the_same_thing_is_asked_once() -> None:
    """39个欠发达县域 in the review and in the plan: one question; 7.9% of two measures: two."""
    text = (
        "一、2025年工作回顾\n\n过去一年，强化39个欠发达县域托底性帮扶集中攻坚。"
        "金融业增加值增长7.9%。\n\n"
        "二、2026年工作安排\n\n今年，提升39个欠发达县域托底性帮扶质效。高新技术产业增加值增长7.9%。"
    )
    sources = _figure_sources(text)
    assert len([s for s in sources if "39个" in s and "托底性帮扶" in s]) == 1
    assert any(s.startswith("金融业") for s in sources)
    assert any(s.startswith("高新技术产业") for s in sources)


def test_single_cases_and_small_counts_are_ranked_below_totals_and_targets() -> None:
    """--max drops the detail first: 单个项目最高补贴…, 2家…; targets and five-year totals stay."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "一、2025年工作回顾\n\n过去一年，经济运行稳中有进。\n\n建成养老床位5.2万张。"
        "单个项目最高补贴500万元。新建2家国家级孵化器。新增3万家企业。\n\n全省地区生产总值增长5.4%。"
        "\n\n五年来，建成养老床位53.4万张。\n\n"
        "二、2026年工作安排\n\n今年全省经济社会发展主要预期目标是：城镇新增就业60万人以上。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks), all_figures=True)
    value = {
        d.source: d.value for d in drafts if d.type == "number" or d.key.startswith("figure-choice")
    }
    single = next(v for s, v in value.items() if "最高补贴" in s)
    small = next(v for s, v in value.items() if "2家" in s)
    yearly = next(v for s, v in value.items() if "5.2万张" in s)
    five_year = next(v for s, v in value.items() if "53.4万张" in s)
    target = next(v for s, v in value.items() if "60万人" in s)
    assert single < small < yearly < five_year <= target
    # a headline indicator is a headline wherever it is said; 3万家 is no small count
    assert next(v for s, v in value.items() if "生产总值" in s) == target
    assert next(v for s, v in value.items() if "3万家" in s) == yearly


def test_a_rates_base_is_kept_for_every_subject_of_a_pair() -> None:
    """每千人托位、养老床位数分别达到4.7个、27.3张: 27.3 beds per thousand people, not in all."""
    text = "一、2025年工作回顾\n\n过去一年，每千人托位、养老床位数分别达到4.7个、27.3张。"
    shown = _shown(text)
    assert not [p for p in shown if "，养老床位数" in p]
    assert any("每千人养老床位数达到" in p for p in shown)


def test_a_name_with_a_single_case_word_is_not_ranked_as_a_detail() -> None:
    """单项冠军企业 is a title, 每年…新增就业 a yearly total: neither is a single-case amount."""
    from trainer.core.generation.clean import clean_text
    from trainer.core.generation.generate import draft_questions
    from trainer.core.generation.text import build_document

    text = (
        "一、2025年工作回顾\n\n过去一年，经济运行稳中有进。\n\n新增单项冠军企业35家。"
        "新增专精特新企业120家。单个项目最高补贴500万元。"
    )
    drafts = draft_questions(build_document(clean_text(text).blocks), all_figures=True)
    value = {
        d.source: d.value for d in drafts if d.type == "number" or d.key.startswith("figure-choice")
    }
    champion = next(v for s, v in value.items() if "单项冠军" in s)
    assert champion == next(v for s, v in value.items() if "专精特新" in s)
    assert champion > next(v for s, v in value.items() if "最高补贴" in s)


def test_figures_of_nouns_that_go_on_with_a_predicate_are_not_cut_from_it() -> None:
    """…等6处煤矿、产能1400万吨/年建成试运转, …等402万千瓦机组建成投运: cut before the
    predicate, 多少处煤矿？/多少万千瓦？ would not say what was done; a lead verb's objects
    (推进…、2000个补短村建设) and a figure that is itself the subject (4000余万人次参与) are asked."""
    text = (
        "一、2026年工作安排\n\n今年，力争黄蒿界等6处煤矿、产能1400万吨/年建成试运转。"
        "推动商洛电厂二期等402万千瓦机组建成投运。推进21个先行片区、200个样板村、2000个补短村建设。"
        "各类健身活动年均吸引4000余万人次参与。人均地区生产总值从2020年的10.5万元提高到14万元。"
    )
    shown = _shown(text)
    assert not [p for p in shown if "煤矿" in p or "机组" in p or p.endswith("2020年的多少万元？")]
    assert any(p.endswith("提高到多少万元？") for p in shown)
    assert any("推进多少个先行片区" in p for p in shown)
    assert any("年均吸引约多少万人次" in p for p in shown)


def test_what_a_share_is_of_is_kept_after_its_qualifier() -> None:
    """投放50%以上号源: 投放百分之多少以上？ would not say of what."""
    text = "一、2025年工作回顾\n\n过去一年，三级公立医院提前两周向基层投放50%以上号源。"
    assert "2025年，三级公立医院提前两周向基层投放百分之多少以上号源？" in _shown(text)


def test_a_level_rate_after_a_figure_item_keeps_whose_it_is() -> None:
    """新建5个以上紧密型城市医疗集团、区级覆盖率达80%以上: the coverage of those groups."""
    text = "一、2026年工作安排\n\n今年，规范畅通医联体内双向转诊，新建5个以上紧密型城市医疗集团、区级覆盖率达80%以上。"
    shown = _shown(text)
    assert not [p for p in shown if p.startswith("2026年，区级覆盖率")]
    assert any("医疗集团、区级覆盖率达百分之多少以上" in p for p in shown)


def test_a_count_with_its_own_predicate_is_not_led_by_another_fact() -> None:
    """京唐城际铁路、承平高速全线通车，308个便民事项实现跨省自助办: the railway is another fact."""
    text = "一、2025年工作回顾\n\n过去一年，京唐城际铁路、承平高速全线通车，308个便民事项实现跨省自助办。"
    shown = [p for p in _shown(text) if "308" in p or "多少个便民事项" in p]
    assert shown and not [p for p in shown if "京唐" in p]
    assert any(p.endswith("多少个便民事项实现跨省自助办？") for p in shown)
