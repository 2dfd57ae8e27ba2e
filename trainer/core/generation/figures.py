"""Figures in a report: a number with its measure word or %, and what it counts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.core.generation.text import Document, sentences, top_level_splits

_UNITS = (
    "个百分点",
    "吨标准煤",
    "标准箱",
    "标箱",
    "立方米",
    "万人次",
    "人次",
    "场次",
    "平方公里",
    "平方米",
    "公里",
    "千米",
    "千瓦时",
    "千瓦",
    "万吨",
    "公顷",
    "周年",
    "美元",
    "元",
    "个",
    "件",
    "篇",
    "次",
    "场",
    "班",
    "条",
    "名",
    "人",
    "位",
    "家",
    "项",
    "所",
    "吨",
    "米",
    "亩",
    "户",
    "套",
    "张",
    "宗",
    "斤",
    "艘",
    "架",
    "栋",
    "间",
    "头",
    "只",
    "株",
    "棵",
    "座",
    "台",
    "辆",
    "批",
    "期",
    "本",
    "部",
    "份",
    "起",
    "处",
    "支",
    "倍",
    "列",
    "种",
    "方(?![面案式向法针位略])",  # 10亿方天然气 (cubic metres), not 方面/方案
    "千伏",  # a voltage: a specification, never asked (see _SPECIFICATIONS)
    "万",
    "亿",
    "年",
    "天",
    "%",
    "％",
    "‰",
)
FIGURE = re.compile(
    r"(?<![\d.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<mag>万亿|万|亿|千(?![伏瓦米克]))?(?P<approx>余|多)?(?P<mag2>万亿|万|亿)?"  # 1370多亿元
    r"(?P<unit>" + "|".join(u if "(" in u else re.escape(u) for u in _UNITS) + r")?"
)
# Units that specify a kind of thing (750千伏 lines) rather than count or measure it.
_SPECIFICATIONS = frozenset(("千伏",))
_MAGNITUDES = frozenset(("万", "亿", "千", "万亿"))


def _magnitude(match: re.Match[str]) -> str:
    """万/亿 written before or after 余/多 (1370多亿元, 240余万人)."""
    return (match.group("mag") or "") + (match.group("mag2") or "")


_DATE_AFTER = re.compile(r"^(?:年(?!度?[内来])|月|日|号|时|点|季度|届|版)")
_BOUNDARY = "，；：。！？,;:!?"


@dataclass
class Figure:
    """A figure and the text around it.

    Attributes:
        value: the number as written (``4100``, ``77.8``).
        text: the figure as written (``4100件``, ``240余次``, ``77.8%``).
        unit: magnitude and measure word (``件``, ``万元``, ``%``).
        approx: the report says 余/多.
        before: the text from the context start up to the figure.
        after: the rest of the clause after the figure.
        sentence: the sentence the figure is in.
        section: section id.
        position: (paragraph index, offset).
    """

    value: float
    text: str
    unit: str
    approx: bool
    before: str
    after: str
    sentence: str
    section: str | None
    position: tuple[int, int]
    asked: str = ""  # for one figure of a 分别 pair: its own subject and verb (金融业增加值增长)
    quote: str = ""  # …and the whole clause it is quoted from

    @property
    def span(self) -> str:
        """The verbatim clause(s) the figure is in."""
        return self.quote or self.before + self.text + self.after

    @property
    def number_text(self) -> str:
        """The number without unit, as a learner would type it."""
        value = int(self.value) if float(self.value).is_integer() else self.value
        return str(value)


def _value(raw: str) -> float:
    return float(raw.replace(",", ""))


def find_figures(doc: Document) -> list[Figure]:
    """Every figure with a measure word or % and enough context to ask about it."""
    found: list[Figure] = []
    for paragraph in doc.paragraphs:
        offset = 0
        for sentence in sentences(paragraph.text):
            base = paragraph.text.find(sentence, offset)
            offset = base + len(sentence)
            for match in FIGURE.finditer(sentence):
                figure = _figure(sentence, match, paragraph.section, (paragraph.index, base))
                if figure is not None:
                    found.append(figure)
            found.extend(_pairs(sentence, paragraph.section, (paragraph.index, base)))
    return found


# 金融业、软件和信息服务业增加值分别增长9.7%、15.3%: n subjects, a shared tail, 分别, a verb and
# n figures. Each figure is asked with its own subject (the clause is the quote).
# What the subjects of a 分别 clause share, written once after the last one (longest first).
_SHARED = (
    "居民人均可支配收入", "人均可支配收入", "可支配收入", "增加值", "零售额", "投资", "收入",
    "产量", "产值", "营收", "营业收入", "余额", "总额", "出口", "进口", "占比", "比重", "增速",
    "覆盖率", "参保率", "利润", "规模", "数量", "面积", "装机", "标准",
)  # fmt: skip


def _pairs(sentence: str, section: str | None, where: tuple[int, int]) -> list[Figure]:
    found: list[Figure] = []
    for start, end in top_level_splits(sentence, _BOUNDARY):
        clause = sentence[start:end]
        if "分别" not in clause:
            continue
        at = clause.index("分别")
        head, tail = clause[:at], clause[at + 2 :]
        matches = [m for m in FIGURE.finditer(tail) if m.group("unit") or _magnitude(m)]
        if len(matches) < 2:
            continue
        verb = tail[: matches[0].start()]
        between = [tail[a.end() : b.start()] for a, b in zip(matches, matches[1:], strict=False)]
        rest = tail[matches[-1].end() :]
        if len(verb) > 6 or any(gap != "、" for gap in between) or rest not in ("", "左右", "以上"):
            continue
        parts = head.split("、")
        if len(parts) != len(matches):
            parts = re.split("和|及|与", head)  # 城镇和农村居民人均可支配收入
        if len(parts) != len(matches) or any(not part for part in parts):
            continue
        # The first subject carries a rate's base for all (每千人|托位、养老床位数): without it
        # 养老床位数达到27.3张 would be a count, and a false one
        per = re.match(r"^(?:每[百千万十]?[人户]|人均)", parts[0])
        if per:
            parts = [
                parts[0],
                *(p if p.startswith(per.group(0)) else per.group(0) + p for p in parts[1:]),
            ]
        # The first subject carries the owner of the measures after it (安全生产事故|起数、
        # 死亡人数): without it 死亡人数下降7.2% says nothing of whose deaths
        owner = _measure_owner(parts[0])
        if owner:
            parts = [
                parts[0],
                *(
                    owner + p if len(p) <= 4 and p[-1:] in "数量额率" and owner not in p else p
                    for p in parts[1:]
                ),
            ]
        # The last subject carries what they all share (金融业、软件和信息服务业|增加值).
        last = parts[-1]
        shared = next((word for word in _SHARED if last.endswith(word) and last != word), "")
        subjects = [*parts[:-1], last[: len(last) - len(shared)]]
        for subject, match in zip(subjects, matches, strict=True):
            unit = _magnitude(match) + (match.group("unit") or "")
            if not re.search(r"[\u4e00-\u9fff]{2}", subject + shared):
                continue
            found.append(
                Figure(
                    value=_value(match.group("num")),
                    text=match.group(0),
                    unit=unit,
                    approx=bool(match.group("approx")),
                    before="",
                    after=rest if match is matches[-1] else "",
                    sentence=sentence,
                    section=section,
                    position=(where[0], where[1] + start),
                    asked=f"{subject}{shared}{verb}",
                    quote=clause,
                )
            )
    return found


def _measure_owner(subject: str) -> str:
    """What a measure is of, when the subject is an owner and a measure word (安全生产事故|起数)."""
    from trainer.core.generation.parallel import words

    tagged = words(subject)
    if len(tagged) < 2 or len(tagged[-1][0]) > 3 or tagged[-1][0][-1:] not in "数量额率":
        return ""
    owner = subject[: len(subject) - len(tagged[-1][0])]
    return owner if len(owner) >= 2 else ""


# Words that open a relation to something named before them: the clause has no subject.
_RELATIONAL = re.compile(r"^(?:对|占|带动|拉动|贡献率|较|比)")


def _figure(
    sentence: str, match: re.Match[str], section: str | None, where: tuple[int, int]
) -> Figure | None:
    unit = _magnitude(match) + (match.group("unit") or "")
    if not match.group("unit") and not _magnitude(match):
        return None
    if match.group("unit") in _SPECIFICATIONS:
        return None  # 750千伏输变电工程: what kind of line, not how many
    rest = sentence[match.end() :]
    raw_number = match.group("num")
    if match.group("unit") in ("年", None) and _DATE_AFTER.match(sentence[match.end("num") :]):
        return None
    if match.group("unit") in ("年", "周年", "天") and not match.group("approx"):
        return None  # a date, an anniversary or a duration: rarely worth asking
    if sentence[max(0, match.start() - 1) : match.start()] in ("第", "—", "-", "~", "～"):
        return None
    if re.search(
        r"[\d%％万亿千百十][^\d]{0,2}至$", sentence[max(0, match.start() - 4) : match.start()]
    ):
        return None  # 5万至10万: the end of a range (提升至77.6% is a figure)
    if rest[:1] in ("-", "—", "~", "～", "至", "."):
        return None  # a range or a dotted code
    per = re.match(r"^/[\u4e00-\u9fff]", rest)  # one character: 万元/人, 吨/年
    per_text = per.group(0) if per else ""
    if per_text:  # 58万元/人: the unit goes on
        unit += per_text
        rest = rest[len(per_text) :]
        if re.match(r"[\u4e00-\u9fff]", rest) and not re.match(_QUALIFIER, rest):
            return None  # 0.6人/百万人: the unit goes on past one character, cut it would lie
    if re.match(r"^[\d０-９]|^(?:以)?内[\u4e00-\u9fff]", rest):
        # 3座35万千瓦光热电站: a count of things measured by the next figure; the quantity is
        # the whole phrase and cut it names the wrong noun. 50米内换乘比例: a distance that
        # qualifies another measure
        return None
    if re.search(r"\d(?:[万亿千])?(?:" + "|".join(CLASSIFIERS) + r")$", sentence[: match.start()]):
        return None  # …3座|35万千瓦光热电站: the second figure of one quantity phrase
    if (
        re.match(r"^(?:及以[上下]|以[上下]的|以[上下][\u4e00-\u9fff]{0,4}[的])", rest)
        or re.search(
            r"(?:超过|低于|不足|高于|达到)$", sentence[max(0, match.start() - 2) : match.start()]
        )
        and re.match(r"^(?:以[上下])?的", rest)
    ):
        return None  # 10万千瓦及以下燃煤机组, 超过50%的企业: a threshold, not a quantity
    if match.group("unit") in ("万", "亿") and not _magnitude(match) and rest[:1] not in "，。、；":
        unit = match.group("unit")
    spans = top_level_splits(sentence, _BOUNDARY)
    clause = next(((s, e) for s, e in spans if s <= match.start() <= e), (0, len(sentence)))
    start, end = clause
    # 、 separates figure items ("全体会议5次、专题议政8次"): start after the previous one.
    before_text = sentence[start : match.start()]
    dun, dun_end = _item_break(before_text)
    carried = ""
    if dun >= 0 and FIGURE.search(before_text[:dun]) and before_text[:dun][-1:] not in "”":
        start = start + dun_end
        # 新增规上工业企业1494家、国家级…企业81家: the first item's verb is every item's
        carried = _lead_verb(before_text[:dun], sentence[start : match.start()])
        first_item = before_text[:dun]
        if not carried:
            # 实施地质灾害避险搬迁5万余户、治理排危4968处: what the verbs act on is the first
            # item's object (地质灾害治理排危, not 治理排危)
            carried = _object_of_the_first_item(first_item, sentence[start : match.start()])
        first_figure = FIGURE.search(first_item)
        if (
            not carried
            and first_figure is not None
            # (新建5个…、区级覆盖率达…: an ownerless measure needs the item, however short)
            and (
                first_figure.start() >= 4 or _measure_of_something(sentence[start : match.start()])
            )
            # the first item is a predicate: a verb, or a figure counting the noun after it
            # (惠及616.2万名近亲属: jieba tags 惠及 as a place)
            and (
                _has_verb(first_item[: first_figure.start()])
                or re.match(r"[\u4e00-\u9fff]", first_item[first_figure.end() :]) is not None
            )
            and (
                not _has_verb(sentence[start : match.start()])
                or _measure_of_something(sentence[start : match.start()])
            )
            # 常委会组织召开全体会议5次、常委会专题议政8次: an item naming what it counts
            # stands alone; the first item's figure in its stem would be two in one
            and _needs_owner(sentence[start : match.start()])
        ):
            # …改革惠及616.2万名近亲属、共济金额69.1亿元: a verbless item is a measure of what
            # the first item is about; the prompt keeps the first item to say whose
            start = clause[0]
    # What is left of the words before the figure once the words of change are taken out:
    # "民间投资增长" has a subject of its own, "年均增长" / "高于全国" / "同比增长" do not.
    subject = re.sub(
        r"同比|比上年|年均|平均|增长|下降|提高|降低|达到|达|占|高于|低于|压减|缩短|全国|分别|为|至",
        "",
        sentence[start : match.start()],
    )
    short = (
        not carried
        and (  # a carried verb is the item's predicate (累计创建|22个示范片区)
            match.start() - start < 4
            or len(subject) < 3
            or _bare_measure(sentence[start : match.start()])
        )
    )
    if _RELATIONAL.match(sentence[start : match.start()]):
        # 带动综合消费184亿元, 对经济增长贡献率超60%, 占全国比重: a relation whose subject
        # (what drives, what contributes) is said before it
        if start > clause[0]:
            start, carried = clause[0], ""  # …演出1.2万场、带动综合消费: the item before
        else:
            short = True
    lead_words = sentence[start : match.start()]
    if (
        short
        and start == clause[0]
        and lead_words
        and not _RELATIONAL.match(lead_words)
        and not _bare_measure(lead_words)
        and _counted_noun(
            match.group("unit") or _magnitude(match), _after_in_clause(sentence, match, end)[:16]
        )
    ):
        # 为380个老旧小区引入物业服务, 全省8个品种入选…: what is counted, after the figure,
        # is the subject; the clause before is about something else
        short = False
    if (
        short
        and not lead_words
        and not per_text
        and _noun_then_verb(_after_in_clause(sentence, match, end))
    ):
        # 308个便民事项实现跨省自助办: the clause says what is counted and what it did; the
        # clause before (京唐城际铁路…通车) is another fact and would lead the prompt astray
        short = False
    first_item = sentence[clause[0] : start]
    first_figure = FIGURE.search(first_item)
    if (
        short
        and start > clause[0]
        and first_figure is not None
        and first_figure.start() >= 4  # 推进21个先行片区、200个样板村: the clause before leads
        and not _bare_measure(first_item)
        and not _RELATIONAL.match(first_item)  # 带动陕西进出口…、增长…: driven by the clause before
    ):
        # 猕猴桃综合产值增长8.5％、出口增长53.6％: the subject is the first item's
        start, carried = clause[0], ""
    elif short and start > clause[0]:
        # 新增1000处信号灯联网、累计达8000处: what 累计达 is of is the item before it in its
        # own clause, not the clause before (新建充电桩3万个，…)
        start = clause[0]
    elif short:
        previous = [(s, e) for s, e in spans if e < start]
        if not previous:
            return None
        before_clause = sentence[previous[-1][0] : previous[-1][1]]
        if FIGURE.search(before_clause) and (
            _RELATIONAL.match(before_clause) or _bare_measure(before_clause)
        ):
            # 服务业…，增加值跨上3万亿元台阶，对经济增长贡献率超60%: what contributes is two
            # clauses back; a prompt led by a clause without its subject would mislead
            return None
        owner = _owner_further_back(sentence, previous, sentence[start : match.start()])
        if owner:
            # 经济总量…超过6万亿元，实现历史性晋位，年均增速5.7%: the clause before has no
            # subject either; the owner is the subject further back (经济总量年均增速)
            carried = owner
        else:
            start = previous[-1][0]  # 同比增长5%: the subject is in the clause before
            carried = ""  # the clause before now leads the prompt, not the list's verb
    after = sentence[match.end() + len(per_text) : end]
    if re.match(r"^、\d", after):
        return None  # 跨越7万亿、8万亿、9万亿三个台阶: the first of a series, not a quantity
    if _qualifies_a_count(after):
        return None  # 经济总量超200亿元县2个: a threshold sorting what the next figure counts
    dun_after = _next_item_break(after)
    cut_at_dun = dun_after >= 0
    if cut_at_dun:
        after = after[:dun_after]
    counted = _counted_noun(match.group("unit") or _magnitude(match), after)
    if counted and cut_at_dun and not _ends_with_a_noun(counted):
        return None  # 3个万亿级和7个千亿级产业集群: the items share their noun
    if (
        counted
        and cut_at_dun
        and not _has_verb(counted)
        and (
            not sentence[clause[0] : match.start()].strip("，、；：")  # it opens its clause
            or _predicate_after_the_chain(sentence[match.end() : end])
        )
    ):
        # 8所职业院校、12个专业群入选“双高计划”, 力争黄蒿界等6处煤矿、产能…建成试运转: the
        # counted nouns are the subjects of a predicate after the last one; cut at 、 the
        # question would not say what they did
        return None
    if (
        not counted
        and unit in _MAGNITUDES
        and re.match(r"[\u4e00-\u9fff]", after)
        and not re.match(_QUALIFIER, after)
    ):
        # 吞吐量4387万标箱, 1.36万种: a measure word the list of units does not know; asked
        # as 多少万 the question would drop what is measured
        return None
    if counted and _all_of_them(counted):
        return None  # 16个区均被评为…: the count is only how many districts there are
    if counted:
        after = counted  # 打造14个区级主导产业特色赛道集聚区: what is counted comes after
    elif (
        (match.group("unit") or "")[-1:] in _VERBAL_CLASSIFIERS
        and after
        and _has_verb(after)
        and sentence[: match.start()].endswith("、")
    ):
        # 连续5年提高企业退休人员基本养老金、4次提高城乡居民基础养老金: a count of times comes
        # before the action it counts; cut after 次 the prompt would ask the earlier item's
        # action (…基本养老金、多少次？) and the answer would be wrong for it
        start = match.start()
    elif match.start() - clause[0] >= 4:
        after = after if not after.startswith(("，", "。")) else ""
        if len(after) > 0 and not _continues(after):
            qualifier = re.match(r"^(?:以上|左右|以内|以下|上下)", after)
            if (
                not qualifier
                and (match.group("unit") or "")[-1:] in CLASSIFIERS
                and re.match(r"[\u4e00-\u9fff]", after)
            ):
                # 纳入国家102项重大工程的…: the count is part of a name that goes on, and
                # the prompt would not say what is counted (纳入国家多少项？)
                return None
            if not qualifier and _noun_then_verb(after):
                # …等402万千瓦机组建成投运: the figure measures a noun that is the subject of
                # what follows; 推动…等多少万千瓦？ would drop both
                return None
            measured = after[qualifier.end() :] if qualifier else ""
            # 投放50%以上号源: what the share is of comes after 以上 and stays
            if not (
                qualifier
                and re.fullmatch(r"[\u4e00-\u9fff]{1,8}", measured)
                and not _has_verb(measured)
            ):
                after = qualifier.group(0) if qualifier else ""
    before = sentence[start : match.start()]
    if len(before) > 60:
        return None
    if re.search(r"从(?:[^，、；从]{0,8}的)?$", before):
        # 从689万户增至951万户, 从2020年的10.5万元提高到…: the start of a change, asked by its end
        return None
    if before.count("“") > before.count("”") or "分别" in before:
        return None  # inside a name (稳增长“21条”) or one of a pair (分别增长5%、7%)
    if re.match(r"^(?:个)?(?:方面|部分)", rest) or re.match(
        r"^个方面", (match.group("unit") or "") + rest
    ):
        return None  # 主要做了6个方面工作: the report's own outline, not a fact to learn
    if re.search(r"\d(?:%|％|[\u4e00-\u9fff]{0,3})、$", before):
        return None  # 人均收入年均增长5.3％、7.7％: the prompt would show the first figure
    if not re.search(r"[\u4e00-\u9fff]{2}", before + after):
        return None
    if _restates_a_name(sentence[: match.start()], raw_number):
        return None  # “四向八廊”：东南西北4个方向: the name already says four
    asked = carried + before if carried else ""
    part = _part_of_the_measure_before(sentence, spans, clause[0], before)
    if part:
        asked = part  # 汽车产量增长1.7倍，其中新能源汽车增长…: 新能源汽车产量增长
    if _sibling_in_stem(asked or before):
        # 10个国家大科学装置、5个国家技术创新中心、28个全国重点实验室在川布局: no verb to
        # carry, and 10个…、多少个…？ would show a figure of the same list in the stem
        return None
    context = _context_clause(sentence, spans, clause[0])
    if context and (
        _bare_verb(asked or before)
        # 实施岗位挖潜扩容支持计划，开发政策性岗位35万个: the programme the figure is of
        or _leads_with_a_verb(asked or before)
        and _names_a_programme(context)
    ):
        # 建设宜居宜业和美乡村，推进21个先行片区、200个样板村: 推进多少个样板村？ says nothing
        # of what; the clause before (a task without figures) says it
        if asked:
            asked = context + asked
        elif start == clause[0]:
            start -= len(context)
            before = sentence[start : match.start()]
    if not asked and start == clause[0]:
        modifier = _modifier_of_the_measure_before(sentence, spans, clause[0], before)
        if modifier:
            # 国家现代农业产业园增至21个…，产业集群增至10个: the clause before names the kind
            # both measures are of (国家现代农业); without it 产业集群 is any cluster
            asked = modifier + before
    return Figure(
        value=_value(raw_number),
        text=match.group(0) + per_text,
        unit=unit,
        approx=bool(match.group("approx")),
        before=before,
        after=after,
        sentence=sentence,
        section=section,
        position=(where[0], where[1] + start),
        asked=asked,
    )


_CONJUNCTIONS = ("以及", "和", "及", "与")


def _item_break(before: str) -> tuple[int, int]:
    """Where the last item of a list of figures starts in the words before a figure: after
    a 、 or a conjunction (新建5家…平台和|6家…孵化器) that follows an earlier figure.

    Returns:
        ``(start, end)`` of the separator, or ``(-1, -1)``.
    """
    from trainer.core.generation.parallel import words

    best = (before.rfind("、"), before.rfind("、") + 1)
    if best[0] >= 0 and not FIGURE.search(before[: best[0]]):
        best = (-1, -1)
    first = FIGURE.search(before)
    if first is None:
        return best
    offset = 0
    for word, flag in words(before):
        end = offset + len(word)
        if word in _CONJUNCTIONS and flag == "c" and offset > best[0] and offset >= first.end():
            last = list(FIGURE.finditer(before[:offset]))
            # 新建5家…平台|和: the item before it ends here; 、智能工厂|和数字化车间 is one item
            if last and "、" not in before[last[-1].end() : offset]:
                best = (offset, end)
        offset = end
    return best


def _next_item_break(after: str) -> int:
    """Where the next item of a list of figures starts after a figure's words (…平台|和6家),
    or -1: a 、 or a conjunction followed by another figure."""
    found = [at for at in (after.find("、"),) if at >= 0]
    for conjunction in _CONJUNCTIONS:
        at = after.find(conjunction)
        if at >= 0 and re.match(r"\d", after[at + len(conjunction) :]):
            found.append(at)
    for at in sorted(found):
        if FIGURE.search(after[at:]):
            return at
    return -1


def _part_of_the_measure_before(
    sentence: str, spans: list[tuple[int, int]], clause_start: int, before: str
) -> str:
    """``其中新能源汽车增长`` after ``汽车产量增长1.7倍``: the part names no measure, the whole
    before it does (产量); the prompt gets it back (其中新能源汽车产量增长), or ""."""
    if not before.startswith("其中"):
        return ""
    rest = before[2:].lstrip("，")
    own = _CHANGE_AT_END.sub("", rest)  # a prefix of rest: 新能源汽车 (增长)
    previous = [(s, e) for s, e in spans if e < clause_start]
    if not own or not previous:
        return ""
    whole = sentence[previous[-1][0] : previous[-1][1]]
    found = FIGURE.search(whole)
    if found is None:
        return ""
    whole_measure = _CHANGE_AT_END.sub("", whole[: found.start()])
    measure = next(
        (w for w in sorted(_MEASURE_NOUNS, key=len, reverse=True) if whole_measure.endswith(w)),
        "",
    )
    if not measure or any(own.endswith(w) for w in _MEASURE_NOUNS) or own[-1:] in "额量率数值":
        return ""
    return "其中" + own + measure + rest[len(own) :]


def _sibling_in_stem(lead: str) -> bool:
    """The words before a figure end with another item of its list: a figure, its noun and
    a 、 (or 和) with no verb of their own (10个国家大科学装置、|5个…)."""
    found = list(FIGURE.finditer(lead))
    if not found or not (found[-1].group("unit") or _magnitude(found[-1])):
        return False
    between = lead[found[-1].end() :]
    return re.fullmatch(
        r"[\u4e00-\u9fff“”（）]{0,16}(?:、|和|及|与)", between
    ) is not None and not _has_verb(between)


def _ends_with_a_noun(text: str) -> bool:
    from trainer.core.generation.parallel import words

    tagged = words(text.rstrip("”"))
    return bool(tagged) and tagged[-1][1].startswith(("n", "j", "vn"))


def _owner_further_back(sentence: str, previous: list[tuple[int, int]], lead: str) -> str:
    """The subject of a measure (年均增速) two clauses back, when the clause just before it
    has none (实现历史性晋位: a verb first, no figure): the leading nouns of the nearest
    clause that starts with one (经济总量), or ""."""
    from trainer.core.generation.parallel import words

    if not lead or not _bare_measure(lead) and not re.fullmatch("[年同平]?[均比]?增速", lead):
        return ""
    just_before = words(sentence[previous[-1][0] : previous[-1][1]])
    if not just_before or not just_before[0][1].startswith("v") or just_before[0][1] == "vn":
        return ""
    if FIGURE.search(sentence[previous[-1][0] : previous[-1][1]]):
        return ""
    for span_start, span_end in reversed(previous[:-1]):
        owner = ""
        for word, flag in words(sentence[span_start:span_end]):
            if not flag.startswith(("n", "j")):
                break
            owner += word
        if len(owner) >= 2:
            return owner
    return ""


def _bare_verb(lead: str) -> bool:
    """The words before a figure are only its verb (推进, 累计培育): they do not say of what."""
    from trainer.core.generation.parallel import LEAD_VERBS, words

    tagged = words(lead)
    return (
        0 < len(lead) <= 4
        and len(tagged) <= 2
        and all(
            flag.startswith(("v", "d")) or word in LEAD_VERBS or word in _MISTAGGED_VERBS
            for word, flag in tagged
        )
    )


def _names_a_programme(text: str) -> bool:
    from trainer.core.generation.keyfigures import programme_name

    return bool(programme_name(text))


def _leads_with_a_verb(text: str) -> bool:
    from trainer.core.generation.parallel import LEAD_VERBS, words

    tagged = words(text)
    return bool(tagged) and (
        tagged[0][0] in LEAD_VERBS
        or tagged[0][0] in _MISTAGGED_VERBS
        or tagged[0][1].startswith("v")  # 开发|政策性岗位: a verbal noun leading its object
    )


def _context_clause(sentence: str, spans: list[tuple[int, int]], clause_start: int) -> str:
    """The clause before the figure's own, with its separator, when it is a task that
    gives the figure its context (建设宜居宜业和美乡村，): no figure, no period word, a verb.
    """
    from trainer.core.generation.text import opening_period

    before = [(s, e) for s, e in spans if e < clause_start]
    if not before or before[-1][1] != clause_start - 1:
        return ""
    start, end = before[-1]
    text = sentence[start:end]
    if (
        not 4 <= len(text) <= 30
        or re.search(r"\d", text)
        or opening_period(text)[0]
        or not _leads_with_a_verb(text)  # a task (建设…, 推进…), not a statement (…居全国前列)
    ):
        return ""
    return sentence[start:clause_start]


# Measures that need an owner (whose output, whose volume): alone they do not say what is
# measured. Shared with the 分别 subjects above.
_MEASURE_NOUNS = frozenset(
    (*_SHARED, "总量", "增幅", "增量", "存量", "产能", "销量", "销售额", "交易额", "营收", "金额")
)


def _bare_measure(text: str) -> bool:
    """The words before a figure name a measure but not whose (增加值跨上, 总量达到)."""
    from trainer.core.generation.parallel import words

    text = re.split(r"[\d]", text, maxsplit=1)[0]
    if re.fullmatch(r"总[\u4e00-\u9fff]{1,3}?(?:超过|超|达到|达|突破|约|为|近|增长)?", text):
        return True  # 总市值超, 总里程达: a total of what the clause before names
    nouns = [word for word, flag in words(text) if flag.startswith(("n", "vn", "j"))]
    return bool(nouns) and all(word in _MEASURE_NOUNS for word in nouns)


_ALL_OF_THEM = frozenset(("全部", "均", "都", "全都", "悉数", "一律"))


def _all_of_them(counted: str) -> bool:
    """What is counted is followed by 全部/均/都 (16个区均被评为…): every one of a fixed set.

    The figure then is the size of the set (the city's districts), not an achievement.
    """
    from trainer.core.generation.parallel import words

    for word, flag in words(counted):
        if word in _ALL_OF_THEM:  # 全部 is a noun to jieba
            return True
        if not flag.startswith(("n", "j", "q")) and flag != "vn":
            return False
    return False


def _lead_verb(first_items: str, item: str) -> str:
    """The verb that leads a 、 list of figures (新增…1494家、…81家), when ``item`` has none.

    Without it the prompt asks for a total (国家级专精特新“小巨人”企业多少家？) where the report
    gives how many were added: a misleading question.
    """
    from trainer.core.generation.parallel import LEAD_VERBS, words

    def leading(text: str) -> str:
        lead = ""
        for word, flag in words(text):
            # 建设 is a verbal noun to jieba, but a verb when it leads (建设未来工厂20家)
            if (
                (not flag.startswith(("v", "d")) or flag == "vn")
                and word not in LEAD_VERBS
                and word not in _MISTAGGED_VERBS
            ):
                break
            lead += word
        return lead

    verb = leading(first_items)
    if (
        len(verb) < 2
        or 0 < len(item) <= 2  # 办理市人大代表议案5项、建议877件: 建议 needs the first item's words
        or leading(item)
        or _CHANGE_AT_END.search(item)  # 区级覆盖率达…: the item has a predicate of its own
        or not any(f.startswith("v") or w in _MISTAGGED_VERBS for w, f in words(verb))
    ):
        return ""
    return verb


def _modifier_of_the_measure_before(
    sentence: str, spans: list[tuple[int, int]], clause_start: int, before: str
) -> str:
    """The modifier the clause before gives its measure, when this clause's measure is a
    sibling of it (国家现代农业|产业园 and 产业集群: both 产业…), or ""."""
    from trainer.core.generation.parallel import words

    previous = [(s, e) for s, e in spans if e <= clause_start and e > s]
    if not previous:
        return ""
    before_clause = sentence[previous[-1][0] : previous[-1][1]]
    first = FIGURE.search(before_clause)
    if first is None or len(before) < 4 or before[:2] not in before_clause[2 : first.start()]:
        return ""  # (most figures: no segmentation needed)
    if not before_clause[: first.start()].endswith(before[-2:]):
        return ""
    mine = words(before)
    theirs = words(before_clause[: first.start()])
    if len(mine) < 2 or not all(flag.startswith("n") for _, flag in mine[:-1]):
        return ""
    if mine[-1][1][:1] != "v" or len(theirs) < 3 or theirs[-1] != mine[-1]:
        return ""  # the same verb of change (增至) after each measure
    nouns = theirs[:-1]
    if not all(flag.startswith("n") for _, flag in nouns):
        return ""
    head = mine[0][0]
    # their last noun starts like mine (产业园 / 产业): the words before it are the modifier
    if (
        len(head) < 2
        or not nouns[-1][0].startswith(head)
        or nouns[-1][0] == mine[0][0] + mine[1][0]
    ):
        return ""
    modifier = "".join(word for word, _ in nouns[:-1])
    return modifier if len(modifier) >= 2 else ""


def _object_of_the_first_item(first_item: str, item: str) -> str:
    """The nouns the first item's verbs act on, when ``item`` is verbs without an object.

    ``实施|地质灾害|避险搬迁5万余户`` and ``治理排危``: the item says what was done, not to
    what; the first item's object (between its lead verb and its own verbs) is shared.
    """
    from trainer.core.generation.parallel import words

    figures = list(FIGURE.finditer(first_item))
    if len(figures) != 1 or _CHANGE_AT_END.search(item):
        return ""  # 新增经济总量超200亿元县2个、达到29个: a threshold, then the total's level
    figure = figures[0]
    own = words(item)
    if (
        len(own) < 1
        or own[0][1] != "v"
        or len(own[0][0]) < 2
        or any(flag.startswith("n") and len(word) >= 2 for word, flag in own)
        or any(flag in ("m", "q", "eng") for _, flag in own)
    ):
        return ""
    tagged = words(first_item[: figure.start()])
    # a lead verb, then nouns, then the first item's own verbs
    if len(tagged) < 3 or tagged[0][1] != "v":
        return ""
    nouns = ""
    index = 1
    while index < len(tagged) and tagged[index][1].startswith("n"):
        nouns += tagged[index][0]
        index += 1
    rest = tagged[index:]
    if len(nouns) < 2 or not rest or not all(flag.startswith("v") for _, flag in rest):
        return ""
    return nouns


# Verbs that lead counts in reports which jieba's dictionary tags otherwise (办理/n, 新建/ns,
# 惠及/ns, 盘活/vn): without them 办理人大代表建议1253件、政协提案1112件 would ask how many
# proposals there were (政协提案多少件？), not how many were handled.
_MISTAGGED_VERBS = frozenset(
    (
        "办理",
        "新建",
        "新开工",
        "整治",
        "新设",
        "盘活",
        "新开通",
        "惠及",
        "改扩建",
        "培训",
        "救助",
        "落地",
    )
)


CLASSIFIERS = frozenset("个家项所条座名位件部批处支艘架栋间套张户台辆种")
"""Measure words of countable things (3家, 12个): the noun counted comes after them."""
_VERBAL_CLASSIFIERS = frozenset("次轮遍回趟")
"""Measure words of actions: the count stands before the action it counts (4次提高…)."""
_QUALIFIER = r"^(?:以上|以下|左右|以内|上下|及以[上下])"


def _counted_noun(unit: str, after: str) -> str:
    """The noun a classifier counts when it follows the figure (14个|集聚区), or ""."""
    if unit not in CLASSIFIERS and unit not in _MAGNITUDES:
        return ""  # 242万|偏远农村居民: a bare magnitude counts the noun after it too
    match = re.match(r"^[\u4e00-\u9fff“”]{2,16}$", after)
    if match is None or after.startswith(("以上", "以下", "左右", "以内", "及")):
        return ""
    return after


def _after_in_clause(sentence: str, match: re.Match[str], end: int) -> str:
    """The clause after the figure, up to a 、 before another figure."""
    after = sentence[match.end() : end]
    dun = _next_item_break(after)
    if dun >= 0:
        after = after[:dun]
    return after


def _predicate_after_the_chain(text: str) -> bool:
    """The last figure of a 、 chain of figures is followed by a predicate of their own
    (…12个专业群|入选…, …1400万吨/年|建成试运转).

    One word there (…（厂区）|改造) or a verbal noun (…2000个补短村|建设) names what the lead
    verb does to every item: no predicate of their own. The first word may be the last
    item's (补短|村).
    """
    found = list(FIGURE.finditer(text))
    if not found:
        return False
    from trainer.core.generation.parallel import words

    tagged = words(re.sub(r"（[^）]*）", "", text[found[-1].end() :]))
    return any(flag.startswith("v") and flag != "vn" for _, flag in tagged[1:])


def _noun_then_verb(after: str) -> bool:
    """The figure measures a noun that goes on with a predicate (402万千瓦|机组建成投运)."""
    from trainer.core.generation.parallel import words

    # a quoted name is a noun to the sentence (“川渝通办”事项让…), whatever its own words
    tagged = list(words(re.sub("“[^”]*”", "名称", after)))
    while len(tagged) > 2 and tagged[0][1] == "b":
        tagged = tagged[1:]  # 县级|医院共享…: a modifier of the noun
    return (
        len(tagged) >= 2
        and tagged[0][1].startswith("n")
        and any(
            (flag.startswith("v") and flag != "vn") or word in _MISTAGGED_VERBS
            for word, flag in tagged[1:]
        )
    )


def _qualifies_a_count(after: str) -> bool:
    """The figure is followed by a noun and straight away another figure (亿元|县|2个).

    Then the figure is a threshold naming a class of things (counties whose new output passed
    20 billion) and the next figure counts them: asking the threshold as a quantity misleads.
    """
    from trainer.core.generation.parallel import words

    match = re.match(r"^(?:以上|以下)?([\u4e00-\u9fff]{1,6})\d", after)
    if match is None:
        return False
    # a noun phrase only (县 is tagged zg): no verb, adverb, preposition, conjunction or particle
    return not any(
        flag.startswith(("v", "d", "p", "c", "u", "m")) and flag != "vn"
        for _, flag in words(match.group(1))
    )


_CHANGE_AT_END = re.compile(r"(?:同比|年均|平均)?(?:增长|下降|提高|降低|达到|达|突破|超过|超)$")


def _measure_of_something(piece: str) -> bool:
    """``转诊量增长``: a measure (…量, …额, …率) changing, with no owner of its own.

    A level word before it (区级覆盖率达: of the groups the item before built) is no owner.
    """
    subject = re.sub("^(?:[区县市省乡镇村]级)", "", _CHANGE_AT_END.sub("", piece))
    return subject != piece and 2 <= len(subject) <= 4 and subject[-1:] in "量额率"


def _needs_owner(item: str) -> bool:
    """An item of a figure list that is only a measure (共济金额, 增长): whose is said before."""
    from trainer.core.generation.parallel import words

    item = _CHANGE_AT_END.sub("", item)
    if len(item) <= 2:
        return True  # 办理市人大代表议案5项、建议877件: 建议 is the representatives' too
    last = words(item)[-1][0]
    return last in _MEASURE_NOUNS or last[-1:] in "额量率数值"


def _has_verb(text: str) -> bool:
    """``text`` has a verb (not a verbal noun): the clause has a predicate before the figure."""
    from trainer.core.generation.parallel import words

    return any(flag.startswith("v") and flag != "vn" for _, flag in words(text))


def _continues(after: str) -> bool:
    """The words after the figure say what it counts (被…采用, 的…)."""
    return after.startswith(("被", "的", "获", "为", "是", "在", "用于", "列入", "纳入"))


def _restates_a_name(text: str, raw_number: str) -> bool:
    """A small count whose numeral is written in a quoted name before it (“四向八廊” … 4个).

    The figure then spells out the name (“四向”: the four directions) rather than stating a
    fact: asking 东南西北多少个？ tests nothing.
    """
    from trainer.core.generation.text import cn_numeral

    if not raw_number.isdigit() or not 1 <= int(raw_number) <= 10:
        return False
    numeral = cn_numeral(int(raw_number))
    return any(numeral in name for name in re.findall(r"“([^”]{1,12})”", text))
