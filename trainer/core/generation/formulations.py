"""Quoted formulations (“两个确立”, “三标” …) as cloze questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.core.generation.text import (
    CLAUSE_BREAKS,
    Document,
    cn_number,
    sentences,
    top_level_splits,
)

_QUOTED = re.compile(r"“([^“”]{2,12})”")
MAX_WINDOW = 70


@dataclass
class Formulation:
    """A sentence window with the quoted terms to blank out.

    Attributes:
        window: verbatim text (one or more clauses of a sentence).
        terms: the quoted terms inside it, in order.
        section: section id.
        position: (paragraph index, offset).
    """

    window: str
    terms: list[str]
    section: str | None
    position: tuple[int, int]

    def cloze_text(self) -> str:
        """The window with every term as a blank ``{{term}}``."""
        text = self.window
        out = ""
        for term in self.terms:
            at = text.find(f"“{term}”")
            out += text[: at + 1] + "{{" + term + "}}" + "”"
            text = text[at + len(term) + 2 :]
        return out + text


def _eligible(term: str) -> bool:
    if "、" in term and term.count("、") >= 2:
        return False  # a run: asked as a list
    if re.fullmatch(r"[\d.%]+", term) or "（" in term:
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", term))


# The name of a single event (a league, a forum, a fair, a festival): trivia, not a formulation.
_EVENT_HEAD = "(?:联赛|论坛|峰会|博览会|交易会|运动会|大会|大赛|公开赛|赛事)"


def _names_an_event(sentence: str, end: int, term: str) -> bool:
    """“浙BA”联赛, “川超”等品牌赛事, “一带一路”科技交流大会, “良渚论坛”, “…丰收节”: the
    quoted term names one event
    (a metaphor, 跑好…“马拉松”, is no event)."""
    after = re.match(f"等?[\u4e00-\u9fff]{{0,4}}?{_EVENT_HEAD}", sentence[end:])
    return bool(re.search(f"(?:{_EVENT_HEAD}|节)$", term) or after)


def _count_of_items_shown(sentence: str, at: int, term: str) -> bool:
    """``term`` counts the items listed right before it (耕地数量、质量、生态“三位一体”保护;
    责任、政策、帮扶、监管“四个不摘”): blanking it asks a number the text shows."""
    numeral = re.match("[一二三四五六七八九十两]+", term)
    if numeral is None:
        return False
    try:
        count = 2 if numeral.group(0) == "两" else cn_number(numeral.group(0))
    except ValueError:  # 十四五: a name, not a count
        return False
    clause_start = max(sentence.rfind(mark, 0, at) for mark in "，。；：")
    before = sentence[clause_start + 1 : at]
    if before.endswith("等"):
        return False  # examples of the kind (城镇燃气、危险化学品等“一件事”), not its parts
    if count >= 2 and before.count("、") == count - 1:
        return True
    # 耕地林地园地“三图”合一: the counted nouns written one after the other, sharing an end
    from trainer.core.generation.parallel import words

    found = words(before)[-count:] if count >= 2 else ()
    return (
        len(found) == count
        and all(flag.startswith("n") and len(word) >= 2 for word, flag in found)
        and len({word[-1] for word, _ in found}) == 1
    )


# A clause opening with these states what the clause before achieved (…总产量132.4亿斤，实现
# “十连丰”; 进出口…，首次实现“双过万”): the two are one statement.
_RESULT_OPENING = re.compile(
    "^(?:首次|再次|均|全部|全面)?(?:实现|达到|标志|成为|迈向|迈上|确保|获评|入选)"
)


def _another_deed(before: str, clause: str) -> bool:
    """The clause before a short formulation reports another deed with its own figure
    (竣工各类保障房10万套), and the formulation's clause is a task of its own opening with its
    verb (有序推动…建设), not the result of it nor a quoted subject (“一小时交通圈”让…): gluing
    them asks the blank beside an unrelated number. (A number inside quotes, 省委“132”总体工作
    部署, is a formulation, no figure.)"""
    figure = re.search(r"\d", re.sub("“[^”]*”", "", before))
    return bool(figure) and not clause.startswith("“") and not _RESULT_OPENING.match(clause)


def find_formulations(doc: Document) -> list[Formulation]:
    """Quoted terms with the clauses around them; a term is asked once (its first use)."""
    seen: set[str] = set()
    found: list[Formulation] = []
    for paragraph in doc.paragraphs:
        offset = 0
        for sentence in sentences(paragraph.text):
            base = paragraph.text.find(sentence, offset)
            offset = base + len(sentence)
            spans = top_level_splits(sentence, CLAUSE_BREAKS)
            groups: list[tuple[int, int, list[str]]] = []
            for match in _QUOTED.finditer(sentence):
                term = match.group(1)
                if not _eligible(term) or term in seen:
                    continue
                if _names_an_event(sentence, match.end(), term):
                    if re.match(f"等?{_EVENT_HEAD}", sentence[match.end() :]) or re.search(
                        f"(?:{_EVENT_HEAD}|节)$", term
                    ):
                        seen.add(term)  # the event's own name (“川超”联赛): nor at its next mention
                    continue
                if _count_of_items_shown(sentence, match.start(), term):
                    continue  # the run is asked as a list: a blank here shows its answer
                seen.add(term)
                start = next((s for s, e in spans if s <= match.start() <= e), 0)
                end = next((e for s, e in spans if s <= match.end() - 1 <= e), len(sentence))
                if (
                    groups
                    and start <= groups[-1][1] + 1
                    and end - groups[-1][0] <= 50
                    and len(groups[-1][2]) < 4
                ):
                    groups[-1] = (groups[-1][0], max(end, groups[-1][1]), [*groups[-1][2], term])
                else:
                    groups.append((start, end, [term]))
            for start, end, terms in groups:
                window = sentence[start:end]
                shown = window
                for term in terms:
                    shown = shown.replace(f"“{term}”", "", 1)
                if len(shown) < 8:
                    previous = [s for s, e in spans if e < start]
                    following = [e for s, e in spans if s > end]
                    if previous and _another_deed(sentence[previous[-1] : start], window):
                        pass  # 竣工各类保障房10万套，|有序推动“好房子”建设: asked on its own
                    elif previous:
                        start = previous[-1]
                    elif following:
                        end = following[0]
                    window = sentence[start:end]
                if len(window) > MAX_WINDOW + 20:
                    continue
                found.append(
                    Formulation(window, terms, paragraph.section, (paragraph.index, base + start))
                )
    return found


def key_terms(items: list[str]) -> list[tuple[int, int]] | None:
    """The key word of each item of a slogan built on one pattern, as a span per item.

    ``聚团结之力、尽协商之责、强监督之效、立发展之功`` share ``之`` at the same place; the
    longest part that differs between them (``团结``, ``协商`` …) is the key word.

    Args:
        items: the items of an enumeration.

    Returns:
        One ``(start, end)`` per item, or None when the items do not follow one pattern
        with at least two varying parts.
    """
    if len(items) < 3 or len({len(i) for i in items}) != 1 or len(items[0]) < 4:
        return None
    size = len(items[0])
    fixed = [len({item[k] for item in items}) == 1 for k in range(size)]
    if not any(fixed[1:-1]):
        return None
    segments: list[tuple[int, int]] = []
    start = None
    for k in range(size + 1):
        varying = k < size and not fixed[k]
        if varying and start is None:
            start = k
        elif not varying and start is not None:
            segments.append((start, k))
            start = None
    if len(segments) < 2:
        return None
    best = max(segments, key=lambda s: (s[1] - s[0], -s[0]))
    if best == (0, 3):
        best = (1, 3)  # 聚团结之力: a one-character verb, then the key word
    if best[1] - best[0] < 2:
        return None
    from trainer.core.generation.parallel import words

    for item in items:  # 工作做在前、问题抓在小: the blank must be a word (工{{作做}} is not)
        bounds, offset = {0}, 0
        for word, _ in words(item):
            offset += len(word)
            bounds.add(offset)
        if best[0] not in bounds or best[1] not in bounds:
            return None
    return [best] * len(items)
