"""、-separated runs of parallel phrases: 政党关系、民族关系、宗教关系、阶层关系、海内外同胞关系.

A run is cut out of running text, so its first and last pieces carry words that are not
part of the items (``促进政党关系``, ``海内外同胞关系和谐``); :func:`_trim_items` cuts them to the
shape of the middle items. Runs inside quotes (``“存史、资政、团结、育人”``) have exact edges.
"""

from __future__ import annotations

import re

from trainer.core.generation.enumerations import _NUM, Enumeration
from trainer.core.generation.parallel import (
    cut_first,
    cut_last,
    joined_left,
    same_kind,
    split_joined,
)
from trainer.core.generation.text import (
    CLAUSE_BREAKS,
    Document,
    cn_numeral,
    sentences,
    top_level_splits,
)


def _split_runs(parts: list[tuple[int, int]], clause: str) -> list[list[tuple[int, int]]]:
    """Split a 、-separated clause where a part contains 等 (it ends one run, starts another)."""
    runs: list[list[tuple[int, int]]] = [[]]
    for position, (start, end) in enumerate(parts):
        piece = clause[start:end]
        cut = _deng_word(piece)
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


def _deng_word(piece: str) -> int:
    """Offset of 等 as a word of its own (…等领域), not inside a word (平等获得资源), or -1."""
    from trainer.core.generation.parallel import words

    if "等" not in piece:
        return -1
    offset = 0
    for word, _ in words(piece):
        if word.startswith("等") and word in ("等", "等等"):
            return offset
        offset += len(word)
    return -1


def _hard_end(last: str, middle: list[str]) -> int:
    """Where a word that always ends a run cuts the last piece (等, （, 三大…, an opening “), or -1."""
    cuts = [last.find(c) for c in ("等", "（", "(") if last.find(c) >= 1]
    counted = re.search(r"[一二三四五六七八九十两]+[大项个种类条张篇]", last)
    if (
        counted
        and counted.start() >= 2
        and last[counted.start() - 1] != "“"
        and not _predicate_before(last[: counted.start()])
    ):
        cuts.append(counted.start())
    quote = last.find("“")
    if quote >= 1 and not any("“" in m for m in middle) and not _predicate_before(last[:quote]):
        # 数字金融“五篇大文章”: the name of the whole run follows (not …创新中心|均实现“零”的
        # 突破: a quote after the predicate is its object)
        cuts.append(quote)
    return min(cuts) if cuts else -1


def _predicate_before(text: str) -> bool:
    """``text`` holds a predicate, a verb after an adverb or time word (仙居下汤遗址|先后|入选|
    全国年度十大…): a count after it is the predicate's object, not the label of the run
    (人才|三大战略, 南水北调水源涵养区|三大生态安全屏障)."""
    from trainer.core.generation.parallel import words

    found = words(text)
    return any(
        flag in ("v", "vd") and index > 0 and found[index - 1][1] in ("d", "t", "ad")
        for index, (_, flag) in enumerate(found)
    )


def _trim_items(texts: list[str], abbreviated: bool, last_exact: bool = False) -> list[str] | None:
    """Cut the first and last pieces of a 、-run down to items parallel to the middle ones.

    The middle pieces are exact items; :mod:`~trainer.core.generation.parallel` finds the
    suffix of the first piece and the prefix of the last that fit them (发挥法治固根本 → 固根本).
    """
    middle = texts[1:-1]
    if not middle:
        return None
    first = cut_first(texts[0], middle)
    last = texts[-1]
    hard = _hard_end(last, middle)
    counted = hard >= 0 and re.match(r"[一二三四五六七八九十两]", last[hard:]) is not None
    # A last piece ending where the run ends (at 等, or cut at a hard end) may hold two items
    # joined by 和 (通达的门户枢纽和突出的生态本底等优势): two when both halves are parallel.
    joined = split_joined(last if last_exact else last[:hard], middle)
    if joined is not None and (last_exact or hard >= 0):
        items = [first, *middle, *joined]
    else:
        if not last_exact:
            last = last[:hard] if hard >= 0 else cut_last(last, middle, first)
            if re.search(
                "和|及", last[1:]
            ):  # 温州都市圈和金（义）衢丽城市群: the item ends before 和
                last = cut_last(last, middle, first)
        elif len(last) > 3 * min(map(len, middle)) or len(last) > 24:
            # 中科系、中核系、中电系、中航系和高水平研究型大学等: the run's kind ends before 和
            left = joined_left(last)
            if left and same_kind(left, middle):
                last = left
        items = [first, *middle, last]
    items = [item.strip("“”") if item.count("“") != item.count("”") else item for item in items]
    shortest = 1 if all(len(m) == 1 for m in middle) else 2
    if any(not shortest <= len(item) <= 24 for item in items):
        return None
    if not (abbreviated or counted) and max(map(len, items)) > 3 * min(map(len, items)):
        return None
    if len(set(items)) != len(items):
        return None
    return items


_LEADING_MARKER = re.compile(rf"^(?:{_NUM}[是要]|第{_NUM}[，、]|[（(]{_NUM}[）)]|{_NUM}、)")
_ABBREVIATION = re.compile(r"^[（(]“([^”]{2,30})”[）)]")


# Thanks and greetings (向…表示衷心感谢): ceremony, not content to learn.
_CEREMONY = re.compile("感谢|谢意|致敬|问候")


def run_enumerations(doc: Document) -> list[Enumeration]:
    """、-separated runs of parallel phrases, in the open and inside quotes."""
    found: list[Enumeration] = []
    for paragraph in doc.paragraphs:
        offset = 0
        for sentence in sentences(paragraph.text):
            base = paragraph.text.find(sentence, offset)
            offset = base + len(sentence)
            if _CEREMONY.search(sentence):
                continue
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
    run = _end_at_predicate(run, clause)
    texts = [clause[s:e] for s, e in run]
    if len(texts) < 3 or any(re.search(r"\d", t) for t in texts[1:-1]):
        return None
    if any(t.count("“") != t.count("”") for t in texts[1:-1]):
        return None  # a quote spanning several pieces: asked as a quoted run
    tail = clause[run[-1][0] :]
    abbreviation = ""
    last_text = texts[-1]
    paren = last_text.find("（")
    if paren > 0:
        match = _ABBREVIATION.match(last_text[paren:])
        if match:
            abbreviation = match.group(1)
    # _split_runs ends a run at 等: then the last piece is exact (西安鼓乐等…).
    last_exact = clause[run[-1][1] : run[-1][1] + 1] == "等"
    items = _trim_items(texts, bool(abbreviation), last_exact)
    if items is None or any(
        re.search(r"\d", item) or item.count("“") != item.count("”") for item in items
    ):
        return None
    first_at = clause_start + run[0][0] + texts[0].rfind(items[0])
    last_at = clause_start + run[-1][0] + tail.find(items[-1]) + len(items[-1])
    final = _joined_final(sentence[last_at : clause_start + len(clause)], items)
    if final:  # 教育强省、科技强省、人才强省和浙江特色现代化产业体系
        items.append(final)
        last_at = sentence.find(final, last_at) + len(final)
    n = cn_numeral(len(items))
    rest = _clause_rest(sentence, last_at)
    starts = [_context_start(sentence, clause_start), clause_start]
    if len(sentence[starts[0] : first_at]) + len(rest) < 8:
        # "聚焦＿＿等领域" says too little: the clause before says what the run is about
        earlier = [s for s, _ in top_level_splits(sentence, CLAUSE_BREAKS) if s < starts[0]]
        if earlier and first_at - earlier[-1] <= 48:
            starts.insert(0, earlier[-1])
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
    end = last_at + len(_clause_rest(sentence, last_at))
    said = context.replace("＿＿", "")
    frame = re.search("等(?:重点|各|相关|关键)?(?:领域|方面)$", context) is not None
    if not abbreviation and (len(said) < 4 or frame and len(said) < 8):
        # "坚持＿＿" says nothing, "围绕＿＿等领域" only frames the clause after it
        # "坚持＿＿，深入做好首都文化大文章": the next clause says what the run is about
        following = _clause_rest(sentence, end + 1)
        if sentence[end : end + 1] in ("，", "；") and len(following) >= 4:
            context += sentence[end] + following
            end += 1 + len(following)
        elif len(said) < 4:
            return None  # nothing around the run says what it is
    if abbreviation:
        prompt = f"“{abbreviation}”具体指哪{n}项？"
        context = f"“{abbreviation}”"
    else:
        prompt = f"“{context}”——横线处是哪{n}项？"
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


def _end_at_predicate(run: list[tuple[int, int]], clause: str) -> list[tuple[int, int]]:
    """End the run at a middle piece that goes on with a predicate the others lack.

    浙江工业大学、温州医科大学、浙江农林大学、西湖大学牵头建设全国重点实验室、实现…: the
    items are noun phrases; the piece with a verb after them (西湖大学|牵头建设…) is the run's
    last piece, and what follows its 、 is another predicate of the sentence, not an item.
    """
    from trainer.core.generation.parallel import words

    texts = [clause[s:e] for s, e in run]
    for index in range(2, len(texts) - 1):
        others = texts[1:index]
        piece = texts[index]
        if (
            len(others) >= 1
            and all(_noun_phrase(other) for other in others)
            and len(piece) > max(map(len, others)) + 3
            and any(flag.startswith("v") and flag != "vn" for _, flag in words(piece))
            and not _noun_phrase(piece)
            and "分别" not in clause  # 工业、制造业投资分别增长…: figures of a pair
            and not any(re.search(r"\d", text) for text in texts[: index + 1])
            and _noun_item_before_predicate(piece, others)
        ):
            return run[: index + 1]
    return run


def _noun_item_before_predicate(piece: str, others: list[str]) -> bool:
    """The piece starts with a noun item like ``others`` (西湖大学|牵头建设…)."""
    item = cut_last(piece, others)
    return 2 <= len(item) < len(piece) and _noun_phrase(item)


def _noun_phrase(text: str) -> bool:
    """Nouns, verbal nouns (监督|平台) and modifiers only."""
    from trainer.core.generation.parallel import is_nominal, words

    return is_nominal(text) or all(flag == "vn" or is_nominal(word) for word, flag in words(text))


def _joined_final(rest: str, items: list[str]) -> str:
    """The item after 和/及 that ends the clause (…人才强省和浙江特色现代化产业体系), or ""."""
    match = re.match(r"^(?:和|及|以及)([\u4e00-\u9fff（）]{2,14})$", rest)
    if match is None or match.group(1) in items:
        return ""
    from trainer.core.generation.parallel import words

    if any(flag.startswith(("v", "d", "p")) and flag != "vn" for _, flag in words(match.group(1))):
        return ""  # a verb: the rest of the sentence, not an item
    final = match.group(1)
    if len(final) > max(map(len, items)) + 1 and all(_noun_phrase(item) for item in items):
        # 产业、能源、交通运输和用地|结构调整: what is done to every item ends the last one;
        # cut it off when the rest is an item of their kind (not 浙江特色现代化产业体系)
        from trainer.core.generation.parallel import words

        end = 0
        for word, _ in words(final)[:-1]:  # at word boundaries: 用地|结构调整, not 用地结构|调整
            end += len(word)
            if same_kind(final[:end], items):
                return final[:end]
    return final


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
        # one-character slogans (“人、货、场、链”) are formulations too, when every part is one
        shortest = 1 if all(len(p) == 1 for p in parts) else 2
        if len(parts) < 3 or any(not shortest <= len(p) <= 16 for p in parts):
            continue
        if len(set(parts)) != len(parts):
            continue
        n = cn_numeral(len(parts))
        spans = top_level_splits(sentence, CLAUSE_BREAKS)
        clause_start = next((s for s, e in spans if s <= match.start() <= e), 0)
        start = _context_start(sentence, clause_start)
        rest = _clause_rest(sentence, match.end())
        context = _LEADING_MARKER.sub("", sentence[start : match.start()] + "“＿＿”" + rest)
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
