"""、-separated runs of parallel phrases: 政党关系、民族关系、宗教关系、阶层关系、海内外同胞关系.

A run is cut out of running text, so its first and last pieces carry words that are not
part of the items (``促进政党关系``, ``海内外同胞关系和谐``); :func:`_trim_items` cuts them to the
shape of the middle items. Runs inside quotes (``“存史、资政、团结、育人”``) have exact edges.
"""

from __future__ import annotations

import re
import statistics

from trainer.core.generation.enumerations import _NUM, Enumeration
from trainer.core.generation.text import (
    CLAUSE_BREAKS,
    Document,
    cn_numeral,
    sentences,
    top_level_splits,
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
