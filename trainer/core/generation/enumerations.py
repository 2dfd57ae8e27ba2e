"""Enumerations in a report: 一是…二是…, 第一，…, （一）…, 一要…, 一、…, and 最X的是… runs.

Each is turned into an :class:`Enumeration`; :mod:`trainer.core.generation.generate` makes
list, order, choice and truefalse questions from them. 、-separated runs are found by
:mod:`~trainer.core.generation.runs`, heading runs by :mod:`~trainer.core.generation.headings`.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass, field

from trainer.core.generation.text import (
    CLAUSE_BREAKS,
    Document,
    cn_number,
    cn_numeral,
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
        where: for a run whose own clause says little (``＿＿等工作迈出新步伐``): the
            section's topic and the period, put before its prompts.
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
    where: str = ""  # what the prompts add when the quoted context says too little


# --------------------------------------------------------------------------- streams


@dataclass
class _Stream:
    """The paragraphs of one section joined by newlines, with paragraph offsets."""

    section: str | None
    text: str
    starts: list[tuple[int, int]]  # (offset in text, paragraph index)

    def paragraph_at(self, offset: int) -> int:
        # bisect: a scan per enumeration made sections of thousands of paragraphs quadratic
        position = bisect.bisect_right(self.starts, (offset, sys.maxsize)) - 1
        return self.starts[position][1] if position >= 0 else 0


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
    if sentence_start > line_start:
        # 五年来，…各项事业取得重大成就。一是…: the sentence before, in the same paragraph,
        # introduces the items (not the section's heading, which may be about something else)
        found = sentences(stream.text[line_start:sentence_start])
        if found and len(found[-1]) >= 6:
            return found[-1], stream.text.rfind(found[-1], line_start, sentence_start)
    if line_start == 0:
        return "", start
    previous_start = stream.text.rfind("\n", 0, line_start - 1) + 1
    found = sentences(stream.text[previous_start : line_start - 1])
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
        # An item is one clause (at most 48 characters): never scan past its paragraph.
        line_end = text.find("\n", match.end())
        stop = min(stop, line_end if line_end >= 0 else len(text), match.end() + 400)
        clause = _first_clause(text[match.end() : stop]).rstrip("。；;，,：:")
        if not 2 <= len(clause) <= 48 or "\n" in clause:
            return None
        items.append(clause)
        end = text.find(clause, match.end()) + len(clause)
    if len(set(items)) != len(items):
        return None
    start = run[0].start()
    lead, lead_start = _lead_before(stream, start)
    markers = shown.format(n="一") + "……" + shown.format(n=cn_numeral(len(items)))
    prompt, context = ordinal_prompt(lead, len(items), markers, section_title)
    if not context:
        return None  # "报告列举了哪七点？" with nothing saying which seven: not asked
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
