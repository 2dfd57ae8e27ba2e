"""Which figures of a report a learner must know, found by the report's own structure.

A work report gives its headline figures in a few places: the opening paragraph of each of
its parts (``过去一年，…地区生产总值增长5.1%，城镇新增就业44.1万人…``), the five-year review
(``五年来…``, ``“十四五”时期…``), the year's targets (``主要预期目标是：…``). Elsewhere a
figure is headline when it is one of the report's main indicators (the measures its targets
name, and the indicators every report leads with), a comparison with the nation
(``高于全国0.4个百分点``), a total of the whole province or city (``全省进出口总值…``), a
running total (``累计…``) or the figure of a named programme (``“千万工程”示范村``,
``学生营养改善计划``). The rest — the details of one sector's work (``接待国内游客4.16亿人次``,
``盘活低效用地30.4平方公里``, ``建成5座处理设施``) — are secondary: complete and true, but
not what a learner must know; the default bank leaves them out.
"""

from __future__ import annotations

import re

from trainer.core.generation.figures import CLASSIFIERS, Figure
from trainer.core.generation.text import Document, opening_period, sentences, top_level_splits

# The indicators every work report leads with (its 主要指标), as the measure of a figure.
HEADLINE_MEASURES = re.compile(
    "^(?:全市|全省|全区|全自治区|全州|全国|我省|我市|地方|实现|全年)*"
    "(?:地区生产总值|生产总值|经济总量|一般公共预算收入|城镇调查失业率|城镇登记失业率"
    "|(?:城镇|农村|全体|城乡)?居民人均可支配收入|城镇新增就业|居民消费价格"
    "|粮食(?:总)?产量|社会消费品零售总额|固定资产投资|规模以上工业增加值|规上工业增加值"
    "|(?:外贸)?进出口总[额值]|货物进出口|单位(?:地区)?生产总值能耗|研发经费投入强度"
    "|研发投入强度|常住人口城镇化率|人均(?:地区)?生产总值|实际(?:使用|利用)外资)"
)
# A comparison with the nation: where the province or city stands.
_NATIONAL = re.compile(
    r"(?:高于|快于|低于|领先|超出|超过)全国|占全国|全国(?:平均|第一|首位|前列|领先)"
)
# A total of the whole province or city (全省进出口总值…), not a count of its things.
_WHOLE = re.compile("^(?:全市|全省|全区|全自治区|全州)")
# (plus the measure words of reports, meetings and times: 1篇调研报告, 2场, 1次)
_CLASSIFIER_UNITS = CLASSIFIERS | frozenset("列篇次场期本")
# Words that end a programme's name (学生营养改善计划, “千万工程”, 稳岗扩容提质行动).
_PROGRAMME_END = re.compile("(?:工程|计划|行动|专项行动|战略|试点|民心工程|实事|一件事)$")
# Modifiers that make no name (重大工程, 重点项目 are any programme).
_GENERIC = frozenset(
    ("重大", "重点", "民生", "各项", "一批", "系列", "相关", "有关", "各类", "这项", "该",
     "惠民", "专项", "攻坚", "建设", "实施", "推进", "开展", "启动", "深入", "全面", "落实",
     "组织", "部署", "纵深", "加快", "持续")
)  # fmt: skip

SECONDARY = "secondary"
# A figure said with its own deadline (年内新建委员工作室30个, 到2027年…): a target.
_DEADLINE = re.compile(r"年内|今年|到20\d{2}年")


def programme_name(text: str) -> str:
    """The name of a programme in ``text`` (“千万工程”, 学生营养改善计划), or "".

    A quoted name is one when it ends with, or is followed by, a programme word (工程, 计划,
    行动, 试点…); an unquoted one needs two words of its own before the programme word
    (营养|改善|计划), not a generic modifier (重大|工程 is any programme).
    """
    for match in re.finditer(r"“([^”]{1,16})”([\u4e00-\u9fff]{0,4})", text):
        name, after = match.group(1), match.group(2)
        if _PROGRAMME_END.search(name) or re.match(
            "(?:工程|计划|行动|专项行动|战略|试点|改革|活动)", after
        ):
            return match.group(0)
    if not re.search("工程|计划|行动|战略|试点|实事|一件事", text):
        return ""  # (most figures: no segmentation needed)
    from trainer.core.generation.parallel import words

    tagged = words(re.sub(r"“[^”]*”", "，", text))
    for index, (word, _flag) in enumerate(tagged):
        if not _PROGRAMME_END.search(word):
            continue
        if index + 1 < len(tagged) and tagged[index + 1][1].startswith("n"):
            continue  # 培养|工程|硕博士: the word is a modifier, not a name's end
        own: list[str] = []
        for before, flag in reversed(tagged[:index]):
            # 实施|学生营养改善计划: the verb that leads the name is not in it (a name has
            # verbs of its own: 岗位挖潜扩容支持计划)
            if before in _GENERIC or not (
                flag.startswith(("n", "v", "a", "m", "j")) or flag in ("l", "i")
            ):
                break
            own.insert(0, before)
        if len(own) >= 2 or any(
            re.match("^[十百千]大$|^[一二三四五六七八九十]+年$", w) for w in own
        ):
            return "".join(own) + word
    return ""


def key_figure_reasons(figures: list[Figure], doc: Document, periods: list[str]) -> list[str]:
    """Why each figure is one a learner must know, or :data:`SECONDARY`.

    Args:
        figures: the report's figures.
        doc: the report.
        periods: each figure's period as its prompt names it (``2025年``, ``五年来``,
            ``按2026年的预期目标``).

    Returns:
        One reason per figure: ``summary``, ``target``, ``five_year``, ``indicator``,
        ``national``, ``total``, ``cumulative``, ``programme``, or :data:`SECONDARY`.
    """
    summaries = summary_paragraphs(doc)
    if not any(heading.level == 1 for heading in doc.headings):
        # A text without parts carries a period to its end (今年…预期目标是… dates every
        # paragraph after it): the period dates the prompt, but only the paragraph that says
        # it holds the targets or the five-year account; the later ones are details.
        texts = {paragraph.index: paragraph.text for paragraph in doc.paragraphs}
        periods = [
            period if _period_said_in_paragraph(texts.get(figure.position[0], ""), figure) else ""
            for figure, period in zip(figures, periods, strict=True)
        ]
    measures = {
        _measure(figure)
        for figure, period in zip(figures, periods, strict=True)
        if period.startswith("按") and len(_measure(figure)) >= 4
    }
    reasons: list[str] = []
    for figure, period in zip(figures, periods, strict=True):
        reasons.append(_reason(figure, period, figure.position[0] in summaries, measures))
    return reasons


def _period_said_in_paragraph(text: str, figure: Figure) -> bool:
    """A sentence of the figure's paragraph, up to the figure, opens with its period or names
    the targets (``五年来，…``, ``今年…主要预期目标是：…``)."""
    return any(
        opening_period(sentence)[0] for sentence in sentences(text[: figure.position[1] + 1])
    )


def _reason(figure: Figure, period: str, summary: bool, measures: set[str]) -> str:
    lead = figure.asked or figure.before
    measure = _measure(figure)
    if period.startswith("按") or _DEADLINE.search(lead):
        return "target"  # the targets paragraph, or a commitment with its own deadline
    if one_case(figure.span + figure.asked):
        return SECONDARY
    if (
        figure.unit[-1:] in _CLASSIFIER_UNITS
        and len(figure.unit) == 1
        and figure.value < 3
        and float(figure.value).is_integer()
    ):
        return SECONDARY  # 累计创建零碳园区1个, 形成综合调研报告1篇: one or two cases
    if summary:
        return "summary"
    if re.search("五年|(?<!一)年来|五”", period):  # (一年来 is the year, not five)
        return "five_year"
    if HEADLINE_MEASURES.match(measure) or any(
        measure.startswith(known) or _WHOLE.sub("", measure).startswith(known) for known in measures
    ):
        return "indicator"
    shown = lead + figure.text + figure.after
    if _NATIONAL.search(shown):
        return "national"
    if _WHOLE.match(measure) and _AGGREGATE.search(measure):
        return "total"
    if "累计" in lead:
        return "cumulative"
    if programme_name(lead + figure.after):
        return "programme"
    return SECONDARY


# What a whole province's total is of: an aggregate (全省科技创新投入, 全省进出口总值), not
# a count of its visitors or events (全省接待游客, 全省举办演出) nor a sector's rate.
_AGGREGATE = re.compile(
    "(?:总值|总额|总量|增加值|收入|投资|投入|产量|产值|规模|零售额|余额|数量|总数)$"
)


_CHANGE = re.compile(
    r"(?:同比|比上年|年均|平均|实际)?(?:增长|下降|提高|降低|提升至|提升|达到|达|突破|超过|超"
    r"|稳定在|控制在|保持在|不低于|不少于|分别|约|近|为|至|在)+$"
)


# One event (第八届进博会, 一个博览会, 马拉松), one site (西安咸阳国际机场) or one app: a figure of
# it (an exhibition's deals, an airport's passengers, an app's users) is trivia to a learner.
_EVENT = re.compile(
    "第[一二三四五六七八九十百\\d]+届|(?:博览会|交易会|进博会|服贸会|广交会|消博会|文博会|展会|展览会"
    "|论坛|运动会|马拉松|音乐节|艺术节|电影节|旅游节|文化节|购物节|啤酒节)"
)
# (西安|地铁: one city's metro in a province's report is one site's figure too)
_SITE = ("机场", "港口", "景区", "遗址", "乐园", "博物馆", "火车站", "地铁")
_APP = re.compile("APP|App|app|客户端|小程序")


def one_case(text: str) -> bool:
    """``text`` (a figure's clause) is about one event, one site or one app."""
    if _EVENT.search(text) or _APP.search(text):
        return True
    if not any(site in text for site in _SITE):
        return False
    from trainer.core.generation.parallel import words

    tagged = words(text)
    for index, (word, flag) in enumerate(tagged):
        if word.endswith(_SITE) and any(
            flag in ("ns", "nz", "nt", "nr") for _, flag in tagged[max(0, index - 2) : index]
        ):
            return True  # 西安咸阳国际|机场, not 机场 in general (新建3个通用机场)
    return False


def _measure(figure: Figure) -> str:
    """The measure a figure is of: its own clause's words before it, without words of change
    (``全省生产总值增长`` → ``全省生产总值``)."""
    lead = figure.asked or figure.before
    spans = top_level_splits(lead, "，；：、")
    own = lead[spans[-1][0] : spans[-1][1]] if spans else lead
    return _CHANGE.sub("", own.strip())


def summary_paragraphs(doc: Document) -> set[int]:
    """The paragraphs that sum up a part of the report: the document's opening (before its
    first top-level heading: a speech's account of the meeting), the opening paragraph of
    each top-level part (before its sub-headings and sector paragraphs), and a paragraph of
    a top-level part that opens with its period (``过去一年，…``, ``五年来，…``) or its
    targets.

    A part's sub-headings (``（一）…``) and its ``一是…`` paragraphs are the sectors' details.
    """
    top = {heading.section for heading in doc.headings if heading.level == 1}
    if not top:
        return _headingless_summaries(doc)
    found: set[int] = set()
    seen: set[str | None] = set()
    opening = True
    for paragraph in doc.paragraphs:
        first = paragraph.section not in seen
        seen.add(paragraph.section)
        opening = opening and paragraph.section not in top
        if opening:
            found.add(paragraph.index)
            continue
        if paragraph.section is not None and paragraph.section not in top:
            continue
        if first or opening_period(paragraph.text)[0]:
            found.add(paragraph.index)
    return found


_FIGURE = re.compile(r"\d")


def _headingless_summaries(doc: Document) -> set[int]:
    """The summary paragraphs of a document without parts (a speech, a short report): its
    opening account — the first paragraph that gives figures, when it comes in the first half
    of the text (a later first figure is a detail of the argument) — and a paragraph opening
    with its period (``过去一年，…``, ``五年来，…``, the targets). Without this, the whole text
    counted as the opening and every figure of it was "headline"."""
    found: set[int] = set()
    paragraphs = doc.paragraphs
    half = sum(len(p.text) for p in paragraphs) / 2
    read = 0
    opening_found = False
    for paragraph in paragraphs:
        figures = bool(_FIGURE.search(re.sub("“[^”]*”", "", paragraph.text)))
        if figures and not opening_found:
            opening_found = True
            if read <= half:
                found.add(paragraph.index)
                read += len(paragraph.text)
                continue
        if opening_period(paragraph.text)[0]:
            found.add(paragraph.index)
        read += len(paragraph.text)
    return found
