"""The default bank asks the figures a learner must know; secondary ones only on request.

Sentences from the development reports (Shaanxi, Beijing, Sichuan 2026 work reports).
"""

from __future__ import annotations

from trainer.core.generation.clean import clean_text
from trainer.core.generation.generate import draft_questions, draft_report
from trainer.core.generation.text import build_document

# The shape of a provincial work report: the review's summary paragraph, a sector sub-part
# full of details, the five-year review and the year's targets.
REPORT = """一、2025年工作回顾

刚刚过去的一年，是“十四五”收官之年。我们多措并举稳就业、稳企业、稳市场、稳预期，地区生产总值增长5.1％，城镇新增就业44.1万人，粮食产量1347万吨。

（一）聚焦扩大内需，确保经济平稳运行。坚决稳住能源生产基本盘，可可盖等11处煤矿建成试运转，新增可再生能源装机1004万千瓦。加力扩围实施消费品以旧换新，新增11个全国县域商业领跑县，社会消费品零售总额增长6％。民间投资增长2.1%、高于全国8.5个百分点。入境游客增长1倍，全省接待游客超11亿人次。

（二）推动城乡融合，促进百姓共同富裕。建成“千万工程”示范村507个。累计创建国家级绿色工厂198个，累计创建零碳园区1个。

五年来，我们持续改善民生。建成养老床位53.4万张。

二、2026年重点工作

经济社会发展的主要预期目标是：生产总值增长5％左右，城镇新增就业40万人以上。

（一）着力扩大有效需求

扩大有效投资。新建充电桩3万个，社会消费品零售总额增长6％左右。
"""


def _figures(text: str, *, all_figures: bool = False) -> dict[float, list[str]]:
    doc = build_document(clean_text(text).blocks)
    found: dict[float, list[str]] = {}
    for draft in draft_questions(doc, all_figures=all_figures):
        if draft.type == "number" or draft.key.startswith("figure-choice|"):
            found.setdefault(float(draft.answers[0]), []).append(str(draft.fields["prompt"]))
    return found


def test_headline_figures_targets_five_year_and_programme_figures_are_asked() -> None:
    asked = _figures(REPORT)
    for value in (5.1, 44.1, 1347):  # the review's summary paragraph
        assert value in asked, value
    assert asked[6] and any("社会消费品零售总额" in p for p in asked[6])  # a main indicator
    assert 8.5 in asked  # compared with the nation
    assert 507 in asked  # a named programme (“千万工程”)
    assert 198 in asked  # a running total
    assert 53.4 in asked  # the five-year review
    assert 5 in asked and 40 in asked  # the year's targets


def test_the_details_of_one_sectors_work_are_not_asked_by_default() -> None:
    asked = _figures(REPORT)
    # 煤矿, 装机, 领跑县, 游客, 一个零碳园区, 充电桩: complete but secondary figures
    for value in (11, 1004, 1, 3):
        assert value not in asked, (value, asked.get(value))
    assert not any("游客" in p for prompts in asked.values() for p in prompts)


def test_secondary_figures_are_counted_and_asked_on_request() -> None:
    doc = build_document(clean_text(REPORT).blocks)
    _, dropped = draft_report(doc)
    assert dropped["secondary"] >= 6
    every = _figures(REPORT, all_figures=True)
    assert 1004 in every and 11 in every
    assert all(p.endswith("新增可再生能源装机多少万千瓦？") for p in every[1004])
    assert set(_figures(REPORT)) <= set(every)


def test_a_speechs_opening_account_is_asked() -> None:
    """A speech has no review or targets: its opening paragraph sums up the meeting."""
    text = (
        "凝心聚力担使命\n\n——在政协江川市第九届委员会第三次会议闭幕会上的讲话\n\n"
        "各位委员，同志们：\n\n会议期间，委员们共提交提案386件，大会发言32篇。\n\n"
        "一、今年的重点任务\n\n第二，聚焦民生福祉协商议政。年内新建委员工作室30个。\n"
    )
    asked = _figures(text)
    assert 386 in asked
    assert asked[30] == ["年内新建委员工作室多少个？"]  # a commitment with its own deadline


def _prompts(text: str) -> list[str]:
    doc = build_document(clean_text(text).blocks)
    return [
        str(d.fields.get("prompt", d.fields.get("statement", "")))
        for d in draft_questions(doc, all_figures=True)
    ]


def test_the_verb_of_a_list_of_counts_is_kept_even_when_jieba_calls_it_a_noun() -> None:
    """Sichuan: 办理人大代表建议1253件、政协提案1112件 — 政协提案多少件？ reads as how many
    proposals there were; the report says how many were handled (jieba tags 办理 a noun)."""
    text = (
        "一、2025年工作回顾\n\n过去一年，我们自觉接受人大依法监督、政协民主监督和社会监督，"
        "办理人大代表建议1253件、政协提案1112件。"
    )
    shown = _prompts(text)
    assert "2025年，办理政协提案多少件？" in shown
    assert not [p for p in shown if p.startswith("2025年，政协提案")]


def test_a_listed_count_is_asked_with_its_verb_not_after_the_first_figure() -> None:
    """Beijing: 累计创建42个示范村、22个示范片区 — two figures in one stem before."""
    shown = _prompts("一、2025年工作回顾\n\n过去一年，累计创建42个示范村、22个示范片区。")
    assert "2025年，累计创建多少个示范片区？" in shown
    assert not [p for p in shown if "42个示范村、多少" in p]


def test_a_running_total_is_led_by_its_own_item_not_the_clause_before() -> None:
    """Beijing: 新建充电桩3万个，新增1000处信号灯联网、累计达8000处 — the charging
    posts are another fact."""
    text = "一、2026年工作安排\n\n今年，新建充电桩3万个，新增1000处信号灯联网、累计达8000处。"
    total = [p for p in _prompts(text) if "累计达多少处" in p]
    assert total == ["2026年，新增1000处信号灯联网、累计达多少处？"]


def test_a_comparison_is_asked_with_what_it_compares() -> None:
    """Shaanxi: …，较“十三五”末净增1万亿元 — 较“十三五”末净增多少万亿元？ had no subject."""
    text = (
        "一、“十四五”发展成就\n\n五年来，地区生产总值跨过3万亿元、年均增长5.2％，"
        "较“十三五”末净增1万亿元，人均生产总值居全国第12位。"
    )
    shown = [p for p in _prompts(text) if "净增" in p]
    assert shown and all(p.startswith("五年来，地区生产总值") for p in shown), shown


def test_a_count_with_a_modified_subject_and_its_own_predicate_stands_alone() -> None:
    """Shaanxi: 30个县区通过…评估，47家县级医院共享三级医院服务 — the counties are
    another fact (县级 is a modifier of the counted noun)."""
    text = (
        "一、“十四五”发展成就\n\n五年来，30个县区通过国家义务教育优质均衡发展评估，"
        "47家县级医院共享三级医院服务。"
    )
    assert "五年来，多少家县级医院共享三级医院服务？" in _prompts(text)


def test_two_figures_of_one_list_are_never_in_one_stem() -> None:
    """Beijing, Sichuan: items joined by 和 or 、 are asked one at a time with the list's
    verb; a list without a verb to carry is not asked (10个…、多少个…？ shows its sibling)."""
    text = (
        "一、“十四五”发展成就\n\n这五年，培育形成3个万亿级和7个千亿级产业集群。"
        "科技创新体系不断完善，10个国家大科学装置、5个国家技术创新中心、28个全国重点实验室在川布局。"
        "实施“网链共享计划”，实现882个义务教育学区和822所普通高中全覆盖。"
        "组建紧密型城市医疗集团39个、县域医共体192个，5个国家区域医疗中心建设项目落地四川。"
    )
    shown = _prompts(text)
    assert "这五年，培育形成多少个千亿级产业集群？" in shown
    assert "这五年，实施“网链共享计划”，实现多少所普通高中全覆盖？" in shown
    assert "这五年，多少个国家区域医疗中心建设项目落地四川？" in shown
    assert not [p for p in shown if p.endswith("万亿级？")]  # the noun is shared: no cut
    import re

    two = [p for p in shown if "多少" in p and re.search(r"\d+(?:个|所)", p)]
    assert two == [], two


SICHUAN_FIVE_YEARS = (
    "一、“十四五”发展成就\n\n"
    "五年来，我们大力发展民生社会事业，人民生活品质稳步提高。全省一般公共预算民生支出占比稳定在65%以上。"
    "城乡就业增收更加提质，城镇新增就业522万人、农村劳动力转移稳定在2500万人以上。"
    "社会保障体系更加完善，基本养老保险参保率从91%提高到95%，城乡居民基础养老金、城市低保、"
    "农村低保标准分别提高84%、40%、59%。建成机构及社区养老服务设施1.8万个、养老床位53.4万张。"
    "建立多层次梯度化住房供应体系，建设统筹各类保障性住房37万套。公共服务供给更加优质，"
    "普惠性幼儿园覆盖率达到87.9%。组建紧密型城市医疗集团39个、县域医共体192个，"
    "5个国家区域医疗中心建设项目落地四川。人均体育场地面积增长93%，各类健身活动年均吸引"
    "4000余万人次参与。新创建全国文明城市13个。获全国性文艺评奖80项。"
    "实施地质灾害避险搬迁5万余户、治理排危4968处。\n\n"
    "二、2026年工作安排\n\n今年全省经济社会发展主要预期目标是：地区生产总值增长5.5%左右；"
    "城镇新增就业85万人，城镇调查失业率5.5%左右；居民消费价格涨幅2%左右。"
)


def _number(text: str) -> float:
    import re

    found = re.search(r"\d+(?:\.\d+)?", text)
    assert found is not None, text
    return float(found.group(0))


def test_wrong_options_and_false_statements_are_of_the_same_kind_and_scale() -> None:
    """A coverage is not offered a growth rate, an unemployment rate not 65% (Sichuan), and
    no option is a number the prompt shows."""
    import re

    doc = build_document(clean_text(SICHUAN_FIVE_YEARS).blocks)
    drafts = draft_questions(doc, all_figures=True)
    choices = [d for d in drafts if d.key.startswith("figure-choice|")]
    statements = [d for d in drafts if d.key.startswith("figure-tf|") and not d.fields["answer"]]
    assert choices and statements
    for choice in choices:
        right = float(choice.answers[0])
        prompt = str(choice.fields["prompt"])
        shown = set(re.findall(r"\d+(?:\.\d+)?", prompt))
        for option in choice.fields["options"]:
            value = _number(option)
            assert option.split("余")[0].rstrip("%万人个套项处户") not in shown, (prompt, option)
            assert 1 / 5 <= value / right <= 5, (prompt, choice.fields["options"])
    for statement in statements:
        told = _number(str(statement.fields["statement"]).split("，", 1)[-1])
        true = _number(statement.source)
        assert 1 / 2 <= told / true <= 2, (statement.fields["statement"], statement.source)


def test_the_plans_targets_are_asked_as_targets() -> None:
    """Zhejiang: “十五五”发展的主要目标是：… — before, “十五五”，全社会研发投入强度…？"""
    text = (
        "二、“十五五”时期的主要目标任务\n\n“十五五”时期是基本实现社会主义现代化夯实基础的关键时期。\n\n"
        "“十五五”发展的主要目标是：高质量发展取得决定性进展，全社会研发投入强度达到3.5%以上，"
        "常住人口城镇化率达到78%左右。"
    )
    assert _figures(text)[78] == ["按“十五五”时期的目标，常住人口城镇化率达到百分之多少左右？"]


def test_a_shared_owner_is_kept_for_every_measure_of_a_pair() -> None:
    """Shaanxi: 安全生产事故起数、死亡人数分别下降9.4％、7.2％ — whose deaths."""
    text = "一、2025年工作回顾\n\n过去一年，安全生产事故起数、死亡人数分别下降9.4％、7.2％。"
    assert _figures(text)[7.2] == ["2025年，安全生产事故死亡人数下降百分之多少？"]


def test_figures_of_one_site_event_or_app_are_not_asked_by_default() -> None:
    """Shaanxi's airport (西安咸阳国际机场旅客超4850万人次), Sichuan's 第五届…熊猫消费节: a
    figure of one site or event is trivia, even in a summary paragraph."""
    text = (
        "一、2025年工作回顾\n\n过去一年，地区生产总值增长5.1％，西安咸阳国际机场旅客超4850万人次，"
        "办好第五届中国（四川）国际熊猫消费节，签约金额达120亿元，“天府通办”APP用户超过8000万。"
    )
    asked = _figures(text)
    assert 5.1 in asked
    assert not {4850, 120, 8000} & set(asked), asked
    assert {4850, 120} <= set(_figures(text, all_figures=True))


def test_items_of_a_list_that_name_what_they_count_stand_alone() -> None:
    """The seed report: 常委会组织召开全体会议5次、常委会专题议政8次、双月协商座谈会24次 —
    each asked alone, not after its siblings' figures; 综合调研报告1篇 is no figure to learn."""
    text = (
        "【过去五年工作回顾】\n\n五年来，常委会组织召开全体会议5次、常委会专题议政8次、"
        "双月协商座谈会24次，提案立案4100件。形成综合调研报告1篇和专题调研报告7篇。"
    )
    asked = _figures(text)
    assert asked[8] == ["五年来，常委会专题议政多少次？"]
    assert asked[24] == ["五年来，双月协商座谈会多少次？"]
    assert 1 not in asked


def test_a_part_is_asked_with_the_measure_of_its_whole() -> None:
    """Shaanxi: 汽车产量增长1.7倍，其中新能源汽车增长17.2倍 — the cars' output, not the cars."""
    text = "一、“十四五”发展成就\n\n五年来，汽车产量增长1.7倍，其中新能源汽车增长17.2倍。"
    assert _figures(text)[17.2] == ["五年来，新能源汽车产量增长多少倍？"]


def test_a_target_asked_as_a_choice_is_not_taken_as_given_away_by_the_year() -> None:
    """Beijing: 居民消费价格涨幅2%左右 was left out as "shown in its prompt" (2 in 2026年)."""
    text = (
        "三、2026年重点工作\n\n今年经济社会发展主要预期目标是：地区生产总值增长5%左右，"
        "一般公共预算收入增长4%左右，规模以上工业增加值增长6%左右，城镇调查失业率控制在5%以内，"
        "居民消费价格涨幅2%左右。"
    )
    assert _figures(text)[2] == ["按2026年的预期目标，居民消费价格涨幅百分之多少左右？"]


def test_a_measure_finds_its_owner_two_clauses_back() -> None:
    """Sichuan: 经济总量跨过两个万亿元大关、超过6万亿元，实现历史性晋位，年均增速5.7% — before,
    五年来，实现历史性晋位，年均增速百分之多少？ (whose growth?)."""
    text = (
        "一、“十四五”发展成就\n\n五年来，经济总量跨过两个万亿元大关、超过6万亿元，"
        "实现历史性晋位，年均增速5.7%。"
    )
    assert _figures(text)[5.7] == ["五年来，经济总量年均增速百分之多少？"]


def test_a_five_year_total_is_not_dated_twice() -> None:
    """Zhejiang: 五年累计使用外资846亿美元 — before, 五年来，五年累计使用外资…"""
    text = "一、“十四五”发展成就\n\n五年来，开放水平持续提升，五年累计使用外资846亿美元。"
    assert _figures(text)[846] == ["五年累计使用外资多少亿美元？"]


def test_a_count_of_a_quoted_name_with_its_own_predicate_stands_alone() -> None:
    """Sichuan: …产业集群均达到万亿元规模；355项“川渝通办”事项让两地群众… — the clusters are
    another fact."""
    text = (
        "一、“十四五”发展成就\n\n五年来，电子信息、装备制造、特色消费品等产业集群均达到万亿元规模；"
        "355项“川渝通办”事项让两地群众“进一个门、办两地事”。"
    )
    assert _figures(text)[355] == ["五年来，多少项“川渝通办”事项让两地群众“进一个门、办两地事”？"]


def test_the_figures_of_the_notes_after_a_report_are_not_asked_by_default() -> None:
    """Sichuan's 名词解释: 自然资源部将四川确定为…试点的4个省份之一 is background, not content."""
    text = (
        "三、2026年工作安排\n\n今年全省经济社会发展主要预期目标是：城镇新增就业85万人。\n\n"
        "名词解释1.“两重”：是指国家重大战略实施和重点领域安全能力建设。\n\n"
        "2.“一张图”：自然资源部将四川确定为开展空间治理“一张图”试点的4个省份之一。\n"
    )
    assert 4 not in _figures(text) and 85 in _figures(text)
    assert 4 in _figures(text, all_figures=True)


def test_a_programmes_figure_is_asked_with_the_programme_it_belongs_to() -> None:
    """Sichuan, Zhejiang: 实施岗位挖潜扩容支持计划，开发政策性岗位35万个 — a named programme's
    figure (kept in a sector paragraph) asked with the programme, not as 开发政策性岗位多少万个？"""
    text = (
        "一、2025年工作回顾\n\n过去一年，经济运行稳中有进。\n\n"
        "（一）着力惠民生增福祉。实施岗位挖潜扩容支持计划，开发政策性岗位35万个。"
        "开展城市商业提质行动，打造15条商旅名街。新增上云企业2万家。\n"
    )
    asked = _figures(text)
    assert asked[35] == ["2025年，实施岗位挖潜扩容支持计划，开发政策性岗位多少万个？"]
    assert asked[15] == ["2025年，开展城市商业提质行动，打造多少条商旅名街？"]
    assert 2 not in asked  # no programme: a secondary figure


def test_a_two_character_item_keeps_the_first_items_words() -> None:
    """Beijing: 办理市人大代表议案5项、建议877件 — 办理建议多少件？ loses whose proposals."""
    text = (
        "一、2025年工作回顾\n\n过去一年，办理市人大代表议案5项、建议877件，办理市政协提案1309件。"
    )
    assert _figures(text)[877] == ["2025年，办理市人大代表议案5项、建议多少件？"]


def test_a_document_without_headings_asks_its_opening_account_not_every_detail() -> None:
    """Beijing's review restructured as a speech (no headings): the opening account of the
    year is the summary; a later paragraph's details (老旧小区改造完工1225个) are secondary, as
    they are in the report with its headings (before, the whole headingless text counted as
    the opening and every figure of it was asked)."""
    from pathlib import Path

    report = (
        Path(__file__).parent.parent / "fixtures/corpus/beijing-2026-government-work-report.txt"
    )
    paragraphs = report.read_text(encoding="utf-8").splitlines()
    opening = next(p for p in paragraphs if p.startswith("过去一年，在以"))
    detail = next(p for p in paragraphs if p.startswith("五是城乡区域"))[len("五是") :]
    targets = next(p for p in paragraphs if p.startswith("今年经济社会发展主要预期目标是"))
    plan = next(p for p in paragraphs if p.startswith("构建现代化综合交通体系"))
    speech = (
        "在全市经济工作会议上的讲话\n\n同志们：\n\n"
        "今天召开会议，总结过去一年工作，部署今年任务。\n\n"
        f"{opening}\n\n一年来，主要做了以下工作。\n\n{detail}\n\n"
        f"{targets}\n\n{plan}\n\n我们要坚定信心，真抓实干，奋力谱写新篇章。\n"
    )
    asked = _figures(speech)
    assert 5.4 in asked and 4.8 in asked  # the year's growth and revenue: the opening account
    assert 1225 not in asked and 1411 not in asked  # one sector's details (一年来 is no 五年来)
    assert 1225 in _figures(speech, all_figures=True)
    # the targets are asked as targets; the plan's details after them are not targets
    assert any("预期目标" in prompt for prompt in asked[5])
    assert 40 not in asked
    assert 40 in _figures(speech, all_figures=True)


def test_an_item_of_bare_verbs_is_asked_with_the_first_items_object() -> None:
    """Sichuan: 实施地质灾害避险搬迁5万余户、治理排危4968处 — 治理排危多少处？ does not say of
    what; the first item's object (地质灾害) is shared by both items."""
    text = (
        "一、2025年工作回顾\n\n过去一年，安全底线守得更加牢固，持续健全水旱灾害防御体系，"
        "实施地质灾害避险搬迁5万余户、治理排危4968处。"
    )
    asked = _figures(text, all_figures=True)
    assert asked[4968] == ["2025年，地质灾害治理排危多少处？"]
    # a level after a threshold is no bare verb of the first item's object
    level = "一、2025年工作回顾\n\n过去一年，新增经济总量超200亿元县2个、达到29个。"
    assert not [p for p in _figures(level, all_figures=True).get(29, []) if "经济总量达到" in p]


def test_one_citys_metro_is_not_a_headline_figure() -> None:
    """Shaanxi's five-year review: 高速公路通车里程6895公里 is the province's, 西安地铁运营里程
    422公里 one city's metro (one site), asked only on request."""
    text = (
        "一、2025年工作回顾\n\n五年来，“米”字形高铁网加快建设，高速公路通车里程6895公里，"
        "西安地铁运营里程422公里并连通咸阳。"
    )
    assert 6895 in _figures(text)
    assert 422 not in _figures(text)
    assert 422 in _figures(text, all_figures=True)


def test_a_sibling_measure_keeps_the_modifier_of_the_measure_before() -> None:
    """Sichuan: 国家现代农业产业园增至21个…，产业集群增至10个 — the clusters are of the same
    kind as the parks (产业园 / 产业集群); 产业集群增至多少个？ would ask about any cluster."""
    text = (
        "一、2025年工作回顾\n\n五年来，我们全面推进乡村振兴，"
        "国家现代农业产业园增至21个、居全国第1位，产业集群增至10个、居全国前列。"
    )
    asked = _figures(text)
    assert asked[10] == ["五年来，国家现代农业产业集群增至多少个？"]
    assert asked[21] == ["五年来，国家现代农业产业园增至多少个？"]


def test_a_count_of_times_is_asked_with_the_action_after_it() -> None:
    # "N次 + action": the count stands before what it counts. Cut after 次 the prompt asked
    # the earlier item's action (…最低工资标准、多少次？) and the answer was wrong for it.
    text = (
        "一、过去五年工作回顾\n\n五年来，我们坚持以人民为中心。"
        "连续3年提高最低工资标准、2次提高失业保险金标准，城乡低保标准年均增长8%。\n"
    )
    prompts = _figures(text, all_figures=True)[2.0]
    assert prompts == ["五年来，多少次提高失业保险金标准？"]
