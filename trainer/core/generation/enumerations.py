"""Enumerations in a report: 一是…二是…, 第一，…, （一）…, 一要…, 最X的是… runs, 、-runs, headings.

Each is turned into an :class:`Enumeration`; :mod:`trainer.core.generation.generate` makes
list, order, choice and truefalse questions from them.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from trainer.core.generation.text import (
    CLAUSE_BREAKS,
    Document,
    Heading,
    cn_number,
    cn_numeral,
    common_prefix,
    sentences,
    top_level_splits,
)

_NUM = "[一二三四五六七八九十]{1,2}"
_AFTER = r"(?:^|(?<=[。；：！？\n]))"
ORDINAL_KINDS: dict[str, tuple[re.Pattern[str], str]] = {
    # kind: (marker pattern with the numeral as group 1, how the markers are shown)
    "shi": (re.compile(rf"(?<![第统唯单同其之万])({_NUM})是"), "{n}是"),
    "yao": (re.compile(rf"(?<![第统唯单同其之万])({_NUM})要"), "{n}要"),
    "di": (re.compile(rf"{_AFTER}第({_NUM})[，、,]"), "第{n}"),
    "paren": (re.compile(rf"{_AFTER}[（(]({_NUM})[）)]"), "（{n}）"),
    "dun": (re.compile(rf"(?:^|(?<=\n))({_NUM})、"), "{n}、"),
}
_QUANTIFIER = re.compile(
    r"(一些|以下|如下|下列|几点|几个方面|几个|几条|几项|这些|[一二三四五六七八九十]+(?:条|点|个方面|个|项))"
)
_MEASURE_BY_NOUN = (
    ("方面", "个"),
    ("认识", "条"),
    ("经验", "条"),
    ("体会", "点"),
    ("启示", "点"),
    ("原则", "条"),
    ("要求", "点"),
    ("规律", "条"),
    ("任务", "项"),
    ("工作", "项"),
    ("举措", "项"),
    ("措施", "项"),
)
_LEADING_WORDS = (
    "围绕",
    "促进",
    "推进",
    "推动",
    "加强",
    "坚持",
    "开展",
    "实施",
    "聚焦",
    "在事关",
    "事关",
    "涉及",
    "包括",
    "做到",
    "实现",
    "完善",
    "建立",
    "增强",
    "强化",
    "形成",
    "打造",
    "弘扬",
    "出台",
    "制定",
    "组织",
    "统筹",
    "深化",
    "注重",
    "提升",
    "培育",
    "发展",
    "重点",
    "着力",
    "以",
    "在",
    "把",
    "对",
    "为",
    "和",
    "与",
    "及",
    "是",
    "进一步",
    "落实",
    "凝聚",
    "通过",
    "丰富",
    "更好",
    "积极",
    "持续",
    "深入",
    "大力",
)
_LAST_CUTS = (
    "等", "（", "(", "为重点", "方面", "的", "和", "及", "”",
    "持续", "不断", "明显", "显著", "大幅", "稳步", "进一步", "全面", "得到", "实现",
)  # fmt: skip


@dataclass
class Enumeration:
    """A set of parallel items found in the report.

    Attributes:
        kind: ``ordinal`` (一是…), ``parallel`` (最…的是), ``run`` (、), ``quoted`` (“a、b、c”),
            ``headings``.
        items: the items, in the report's order.
        prompt: the list question's prompt (names the count and the context).
        source: a verbatim quote that contains the items (or the start of them).
        section: section id.
        position: (paragraph index, offset) of the quote.
        ordered: the order is meaningful (numbered items, headings).
        context: the text the items belong to, for choice and order prompts.
        keys: for ``parallel``: the 最X of each item; bodies are in ``items``.
        lead: for ``parallel``: the shared beginning of each sentence.
        sentences: for ``parallel``: each item's full sentence (verbatim).
    """

    kind: str
    items: list[str]
    prompt: str
    source: str
    section: str | None
    position: tuple[int, int]
    ordered: bool = False
    context: str = ""
    markers: str = ""
    keys: list[str] = field(default_factory=list)
    lead: str = ""
    sentences: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- streams


@dataclass
class _Stream:
    """The paragraphs of one section joined by newlines, with paragraph offsets."""

    section: str | None
    text: str
    starts: list[tuple[int, int]]  # (offset in text, paragraph index)

    def paragraph_at(self, offset: int) -> int:
        index = 0
        for start, paragraph in self.starts:
            if start > offset:
                break
            index = paragraph
        return index


def _streams(doc: Document) -> list[_Stream]:
    streams: list[_Stream] = []
    for paragraph in doc.paragraphs:
        if not streams or streams[-1].section != paragraph.section:
            streams.append(_Stream(paragraph.section, "", []))
        stream = streams[-1]
        if stream.text:
            stream.text += "\n"
        stream.starts.append((len(stream.text), paragraph.index))
        stream.text += paragraph.text
    return streams


def _quote(text: str) -> str:
    return text.replace("\n", "")


# --------------------------------------------------------------------------- ordinals


def _first_clause(text: str) -> str:
    start, end = top_level_splits(text, CLAUSE_BREAKS)[0]
    return text[start:end].strip()


def _lead_before(stream: _Stream, start: int) -> tuple[str, int]:
    """The sentence introducing an enumeration that starts at ``start``, and its offset."""
    line_start = stream.text.rfind("\n", 0, start) + 1
    sentence_start = max(
        line_start, *(stream.text.rfind(p, line_start, start) + 1 for p in "。！？")
    )
    before = stream.text[sentence_start:start]
    if len(before.strip("：:，, ")) >= 6:
        return before, sentence_start
    if line_start == 0:
        return "", start
    previous = stream.text[: line_start - 1]
    found = sentences(previous.rsplit("\n", 1)[-1])
    if not found:
        return "", start
    lead = found[-1]
    if not _QUANTIFIER.search(lead) and not lead.rstrip().endswith(("：", ":")):
        return "", start
    return lead, stream.text.rfind(lead, 0, line_start)


def _measure(lead: str, matched: str) -> str:
    for unit in ("个方面", "条", "点", "项", "个"):
        if matched.endswith(unit):
            return unit
    tail = lead[lead.rfind(matched) + len(matched) :]
    for noun, unit in _MEASURE_BY_NOUN:
        if noun in tail:
            return unit
    return "点"


def _shorten(lead: str, limit: int = 48) -> str:
    """The last clauses of a lead sentence, at most ``limit`` characters."""
    lead = lead.strip().rstrip("。：:；;，,")
    if len(lead) <= limit:
        return lead
    spans = top_level_splits(lead, "，；")
    for start, _ in spans:
        if len(lead) - start <= limit:
            return lead[start:]
    return lead[-limit:]


def ordinal_prompt(lead: str, count: int, markers: str, section_title: str) -> tuple[str, str]:
    """The prompt of an ordinal enumeration and a short context.

    Args:
        lead: the sentence before the first item (may be empty).
        count: the number of items.
        markers: how the markers look, e.g. ``一是……五是``.
        section_title: used when there is no lead.

    Returns:
        ``(prompt, context)``, e.g. ``("……形成了哪五条规律性认识？", "……形成了一些规律性认识")``.
    """
    n = cn_numeral(count)
    context = _shorten(lead)
    if context:
        found = list(_QUANTIFIER.finditer(context))
        if found:
            match = found[-1]
            measure = _measure(context, match.group(0))
            asked = context[: match.start()] + f"哪{n}{measure}" + context[match.end() :]
            return f"{asked}？（{markers}）", context
        return f"{context}，{markers}，分别是什么？", context
    section_title = re.sub(rf"^(?:{_NUM}、|[（(]{_NUM}[）)])", "", section_title)
    where = f"“{section_title}”部分" if section_title else "报告"
    return f"{where}列举了哪{n}点（{markers}）？", section_title


def ordinal_enumerations(doc: Document) -> list[Enumeration]:
    """一是…二是…, 一要…, 第一，…, （一）…, 一、… inside paragraphs."""
    titles = dict(doc.sections)
    found: list[Enumeration] = []
    for stream in _streams(doc):
        for kind, (pattern, shown) in ORDINAL_KINDS.items():
            runs: list[list[re.Match[str]]] = []
            for match in pattern.finditer(stream.text):
                value = cn_number(match.group(1))
                if value == 1:
                    runs.append([match])
                elif runs and value == cn_number(runs[-1][-1].group(1)) + 1:
                    runs[-1].append(match)
            for run in runs:
                if len(run) < 2:
                    continue
                enum = _ordinal(stream, run, kind, shown, titles.get(stream.section or "", ""))
                if enum is not None:
                    found.append(enum)
    return found


def _ordinal(
    stream: _Stream, run: list[re.Match[str]], kind: str, shown: str, section_title: str
) -> Enumeration | None:
    text = stream.text
    items: list[str] = []
    end = run[0].end()
    for index, match in enumerate(run):
        stop = run[index + 1].start() if index + 1 < len(run) else len(text)
        clause = _first_clause(text[match.end() : stop]).rstrip("。；;，,：:")
        if not 2 <= len(clause) <= 48 or "\n" in clause:
            return None
        items.append(clause)
        end = match.end() + text[match.end() :].find(clause) + len(clause)
    if len(set(items)) != len(items):
        return None
    start = run[0].start()
    lead, lead_start = _lead_before(stream, start)
    markers = shown.format(n="一") + "……" + shown.format(n=cn_numeral(len(items)))
    prompt, context = ordinal_prompt(lead, len(items), markers, section_title)
    span = text[start:end]
    if lead and len(span) + (start - lead_start) <= 320:
        span = text[lead_start:end]
        start = lead_start
    elif len(span) > 320:
        span = text[start : run[0].end() + len(items[0]) + 1]
    return Enumeration(
        kind="ordinal",
        items=items,
        prompt=prompt,
        source=_quote(span).rstrip("，,"),
        section=stream.section,
        position=(stream.paragraph_at(start), start),
        ordered=True,
        context=context,
        markers=markers,
    )


# --------------------------------------------------------------------------- 最X的是 runs

_PARALLEL = re.compile(
    r"^(?:——)?(?P<lead>.*?)(?P<key>最[\u4e00-\u9fff]{1,2})的是(?P<body>.+?)[。；]?$"
)


def parallel_enumerations(doc: Document) -> list[Enumeration]:
    """Runs of sentences that share a beginning and go on with 最X的是 (最根本的是…最核心的是…)."""
    found: list[Enumeration] = []
    for stream in _streams(doc):
        group: list[tuple[str, re.Match[str], int]] = []
        offset = 0
        all_sentences: list[tuple[str, int]] = []
        for line in stream.text.split("\n"):
            for sentence in sentences(line):
                position = stream.text.find(sentence, offset)
                all_sentences.append((sentence, position))
                offset = max(offset, position)
        for sentence, position in [*all_sentences, ("", -1)]:
            match = _PARALLEL.match(sentence) if sentence else None
            if match and group and match.group("lead") == group[0][1].group("lead"):
                group.append((sentence, match, position))
                continue
            if len(group) >= 3:
                found.append(_parallel(stream, group))
            group = [(sentence, match, position)] if match else []
    return found


def _parallel(stream: _Stream, group: list[tuple[str, re.Match[str], int]]) -> Enumeration:
    lead = group[0][1].group("lead")
    keys = [m.group("key") for _, m, _ in group]
    bodies = [m.group("body") for _, m, _ in group]
    n = cn_numeral(len(group))
    shown_lead = lead.rstrip("，,")
    prompt = f"{shown_lead}，报告依次讲了哪{n}个“最……的是”？（按顺序写出“最”字词）"
    position = group[0][2]
    return Enumeration(
        kind="parallel",
        items=bodies,
        prompt=prompt,
        source=group[0][0].lstrip("—"),
        section=stream.section,
        position=(stream.paragraph_at(position), position),
        ordered=True,
        context=shown_lead,
        keys=keys,
        lead=lead,
        sentences=[s for s, _, _ in group],
    )


# --------------------------------------------------------------------------- 、 runs


def _strip_leading(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in _LEADING_WORDS:
            if text.startswith(word) and len(text) - len(word) >= 2:
                text = text[len(word) :]
                changed = True
                break
    return text


def _split_runs(parts: list[tuple[int, int]], clause: str) -> list[list[tuple[int, int]]]:
    """Split a 、-separated clause where a part contains 等 (it ends one run, starts another)."""
    runs: list[list[tuple[int, int]]] = [[]]
    for position, (start, end) in enumerate(parts):
        piece = clause[start:end]
        cut = piece.find("等")
        of = piece.rfind("的")
        tail = len(piece) - of - 1
        if (
            cut <= 0
            and of > 0
            and len(parts) - position >= 3
            and tail == parts[position + 1][1] - parts[position + 1][0]
        ):
            cut = of  # "……行动的切入点、结合点、着力点": a new run starts after 的
        if 0 < cut < len(piece) - 1 and runs[-1]:
            runs[-1].append((start, start + cut))
            runs.append([(start + cut + 1, end)])
        else:
            runs[-1].append((start, end))
    return [run for run in runs if len(run) >= 2]


def _trim_items(texts: list[str], abbreviated: bool) -> list[str] | None:
    """Cut the first and last pieces of a 、-run down to items like the middle ones."""
    middle = texts[1:-1]
    if not middle:
        return None
    lengths = [len(m) for m in middle]
    suffix = ""
    if len(middle) >= 2:
        suffix = middle[0]
        for item in middle[1:]:
            while suffix and not item.endswith(suffix):
                suffix = suffix[1:]
        if len(suffix) == min(lengths):
            suffix = ""
    first = _strip_leading(texts[0])
    same_length = len(set(lengths)) == 1 and (len(middle) >= 2 or len(first) == lengths[0])
    if suffix and first.endswith(suffix) and len(first) > max(lengths) + 2:
        first = first[-statistics.median_low(lengths) :]
    elif same_length and len(first) > lengths[0] * 2:
        first = first[-lengths[0] :]
    elif len(middle) == 1 and len(first) >= lengths[0] + 2:
        tail = first[-lengths[0] :]
        if tail[:1] == middle[0][:1] or tail[-1:] == middle[0][-1:]:
            first = tail  # "根本问题上统一思想、统一意志" → 统一思想
    last = texts[-1]
    items_tail: list[str] = []
    if suffix and suffix in last:
        last = last[: last.index(suffix) + len(suffix)]
    elif same_length and len(last) >= lengths[0]:
        size = lengths[0]
        rest = last[size:]
        if rest and not any(rest.startswith(cut) for cut in (*_LAST_CUTS, "，")):
            return None
        last = last[:size]
    else:
        strong = [last.find(c) for c in ("（", "(", "等") if last.find(c) >= 2]
        counted = re.search(r"[一二三四五六七八九十两]+[大项个种类]", last)
        if counted and counted.start() >= 2:
            strong.append(counted.start())
        cuts = strong or [last.find(c) for c in _LAST_CUTS if last.find(c) >= 2]
        if cuts:
            last = last[: min(cuts)]
    items = [first, *middle, last, *items_tail]
    items = [item.strip("“”") if item.count("“") != item.count("”") else item for item in items]
    if any(not 2 <= len(item) <= 24 for item in items):
        return None
    if not abbreviated and max(map(len, items)) > 3 * min(map(len, items)):
        return None
    if len(set(items)) != len(items):
        return None
    return items


_LEADING_MARKER = re.compile(rf"^(?:{_NUM}[是要]|第{_NUM}[，、]|[（(]{_NUM}[）)]|{_NUM}、)")
_ABBREVIATION = re.compile(r"^[（(]“([^”]{2,30})”[）)]")


def run_enumerations(doc: Document) -> list[Enumeration]:
    """、-separated runs of parallel phrases, in the open and inside quotes."""
    found: list[Enumeration] = []
    for paragraph in doc.paragraphs:
        offset = 0
        for sentence in sentences(paragraph.text):
            base = paragraph.text.find(sentence, offset)
            offset = base + len(sentence)
            found.extend(_quoted_runs(sentence, paragraph.section, paragraph.index, base))
            for start, end in top_level_splits(sentence, CLAUSE_BREAKS):
                clause = sentence[start:end]
                parts = top_level_splits(clause, "、")
                if len(parts) < 3:
                    continue
                for run in _split_runs(parts, clause):
                    enum = _open_run(sentence, start, clause, run, paragraph, base)
                    if enum is not None:
                        found.append(enum)
    return found


def _open_run(
    sentence: str,
    clause_start: int,
    clause: str,
    run: list[tuple[int, int]],
    paragraph: object,
    base: int,
) -> Enumeration | None:
    texts = [clause[s:e] for s, e in run]
    last_plain = re.sub(r"[（(].*$", "", texts[-1])
    if len(texts) < 3 or any(re.search(r"[\d“”]", t) for t in texts[1:-1]):
        return None
    if re.search(r"[“”]", last_plain):
        return None
    tail = clause[run[-1][0] :]
    abbreviation = ""
    last_text = texts[-1]
    paren = last_text.find("（")
    if paren > 0:
        match = _ABBREVIATION.match(last_text[paren:])
        if match:
            abbreviation = match.group(1)
    items = _trim_items(texts, bool(abbreviation))
    if items is None or any(re.search(r"[\d“”]", item) for item in items):
        return None
    first_at = clause_start + run[0][0] + texts[0].rfind(items[0])
    last_at = clause_start + run[-1][0] + tail.find(items[-1]) + len(items[-1])
    n = cn_numeral(len(items))
    rest = _clause_rest(sentence, last_at)
    starts = [_context_start(sentence, clause_start), clause_start]
    head = sentence[clause_start:first_at]
    if "等" in head:
        starts.append(clause_start + head.rfind("等") + 1)
    context = ""
    context_start = clause_start
    for candidate in starts:
        context = sentence[candidate:first_at] + "＿＿" + rest
        context_start = candidate
        if len(context) <= 60 and not any(item in context for item in items):
            break
    context = _LEADING_MARKER.sub("", context)
    if not abbreviation and len(context.replace("＿＿", "")) < 4:
        return None  # nothing around the run says what it is
    if abbreviation:
        prompt = f"“{abbreviation}”具体指哪{n}项？"
        context = f"“{abbreviation}”"
    else:
        prompt = f"“{context}”——横线处是哪{n}项？"
    end = last_at + len(_clause_rest(sentence, last_at))
    source = sentence[context_start:end]
    return Enumeration(
        kind="run",
        items=items,
        prompt=prompt,
        source=source,
        section=getattr(paragraph, "section", None),
        position=(getattr(paragraph, "index", 0), base + context_start),
        context=context,
    )


def _context_start(sentence: str, clause_start: int) -> int:
    """Start of the context: the clause, or the one before it when the clause starts short."""
    spans = top_level_splits(sentence, CLAUSE_BREAKS)
    starts = [s for s, _ in spans]
    if clause_start in starts:
        index = starts.index(clause_start)
        if index > 0 and sentence[clause_start - 1] in "，" and index >= 1:
            previous = starts[index - 1]
            if clause_start - previous <= 24:
                return previous
    return clause_start


def _clause_rest(sentence: str, at: int) -> str:
    for start, end in top_level_splits(sentence, CLAUSE_BREAKS):
        if start <= at <= end:
            return sentence[at:end]
    return ""


def _quoted_runs(
    sentence: str, section: str | None, paragraph_index: int, base: int
) -> list[Enumeration]:
    found: list[Enumeration] = []
    for match in re.finditer(r"“([^“”]{5,60})”", sentence):
        inner = match.group(1)
        if sentence[match.start() - 1 : match.start()] in "（(" and match.start() > 0:
            continue  # an abbreviation of the run before it: asked with that run
        parts = [inner[s:e] for s, e in top_level_splits(inner, "、")]
        if len(parts) < 3 or any(not 2 <= len(p) <= 16 for p in parts):
            continue
        if len(set(parts)) != len(parts):
            continue
        n = cn_numeral(len(parts))
        spans = top_level_splits(sentence, CLAUSE_BREAKS)
        clause_start = next((s for s, e in spans if s <= match.start() <= e), 0)
        start = _context_start(sentence, clause_start)
        rest = _clause_rest(sentence, match.end())
        context = sentence[start : match.start()] + "“＿＿”" + rest
        if len(context) < 8 and start > 0:
            continue
        found.append(
            Enumeration(
                kind="quoted",
                items=parts,
                prompt=f"“{context}”——引号中是哪{n}项？",
                source=sentence[start : match.end() + len(rest)],
                section=section,
                position=(paragraph_index, base + start),
                ordered=True,
                context=context,
            )
        )
    return found


# --------------------------------------------------------------------------- headings


def _shape(heading: Heading) -> tuple[bool, bool]:
    return ("，" in heading.text, " " in heading.text)


def heading_enumerations(doc: Document) -> list[Enumeration]:
    """Runs of sibling headings under a top heading (or the top headings themselves)."""
    groups: list[tuple[Heading | None, list[Heading]]] = []
    for heading in doc.headings:
        if heading.level == 1 and heading.children:
            groups.append((heading, heading.children))
    tops = [h for h in doc.headings if h.level == 1 and re.match(f"^{_NUM}、", h.text)]
    if len(tops) >= 3:
        groups.append((None, tops))
    found: list[Enumeration] = list(_title_parts(doc))
    for parent, children in groups:
        with_text = [h for h in children if h.paragraphs > 0 or h.children]
        if len(with_text) < 3:
            continue
        shapes = [_shape(h) for h in with_text]
        common = max(set(shapes), key=lambda s: (shapes.count(s), s))
        kept = [h for h in with_text if _shape(h) == common]
        if len(kept) < 3:
            continue
        items = [re.sub(rf"^(?:{_NUM}、|[（(]{_NUM}[）)])", "", h.text) for h in kept]
        first = kept[0]
        n = cn_numeral(len(items))
        heads = [re.split(r"[ ，]", text, maxsplit=1)[0] for text in items]
        prefix = common_prefix(heads)
        parent_title = parent.text.strip("【】") if parent else ""
        context = f"“{parent_title}”部分" if parent_title else "报告"
        found.append(
            Enumeration(
                kind="headings",
                items=items,
                prompt=f"{context}的{n}个小标题",
                source=first.text,
                section=first.section,
                position=(_first_paragraph(doc, first.section), -1),
                ordered=True,
                context=prefix if len(prefix) >= 2 and len(set(heads)) == len(heads) else "",
                keys=heads,
            )
        )
    return found


def _first_paragraph(doc: Document, section: str) -> int:
    return next((p.index for p in doc.paragraphs if p.section == section), 0)


def _title_parts(doc: Document) -> list[Enumeration]:
    """A title made of parallel phrases (协商议政献务实之策 民主监督尽助推之力 …)."""
    found: list[Enumeration] = []
    for heading in doc.headings:
        parts = heading.text.split(" ")
        lengths = {len(p) for p in parts}
        if len(parts) < 3 or len(lengths) != 1 or min(lengths) < 4:
            continue
        n = cn_numeral(len(parts))
        found.append(
            Enumeration(
                kind="title",
                items=parts,
                prompt=f"报告的标题由哪{n}句并列的话组成？（每句{min(lengths)}个字）",
                source=heading.text,
                section=heading.section,
                position=(_first_paragraph(doc, heading.section), -2),
                context=heading.text,
            )
        )
    return found
