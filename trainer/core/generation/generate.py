"""Turn a report into a draft question bank (version 1) with source quotes.

The pipeline: :func:`~trainer.core.generation.clean.clean_text` → a :class:`Document` →
enumerations, figures and quoted formulations → :class:`Draft` questions → a bank document
that :func:`trainer.core.bank.parse_bank` accepts. Output is deterministic and every id is
derived from the question's content, so regenerating gives the same ids.
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.core.bank import QUESTION_TYPES
from trainer.core.generation.bankfile import (
    MergeReport,
    bank_document,
    default_bank_id,
    dump_bank,
    merge_documents,
    merge_text,
)
from trainer.core.generation.clean import NOTES_TITLES, CleanReport, ReportError, clean_file
from trainer.core.generation.distractors import (
    figure_choice,
    figure_truefalse,
    mentions_number,
    odd_one_out,
    parallel_drafts,
)
from trainer.core.generation.drafts import GENERATED_TAG, Draft, stable_hash
from trainer.core.generation.enumerations import (
    Enumeration,
    ordinal_enumerations,
    parallel_enumerations,
)
from trainer.core.generation.figures import Figure, find_figures
from trainer.core.generation.formulations import find_formulations, key_terms
from trainer.core.generation.headings import heading_enumerations
from trainer.core.generation.keyfigures import SECONDARY, key_figure_reasons
from trainer.core.generation.parallel import same_kind
from trainer.core.generation.runs import run_enumerations
from trainer.core.generation.text import (
    Document,
    build_document,
    cn_numeral,
    common_prefix,
    opening_period,
    sentences,
)

__all__ = [
    "GenerateResult",
    "MergeReport",
    "ReportError",
    "bank_document",
    "default_bank_id",
    "draft_questions",
    "draft_report",
    "most_valuable",
    "dump_bank",
    "generate_bank",
    "merge_documents",
]


# --------------------------------------------------------------------------- drafts


_MUST = re.compile("必须|坚持|始终|一定要|务必")


def _enumeration_value(enum: Enumeration) -> int:
    """How much a learner needs an enumeration (see :attr:`Draft.value`)."""
    if enum.kind in ("headings", "title"):
        return 10
    if enum.kind in ("ordinal", "parallel"):
        return 8
    if enum.kind == "quoted" or _MUST.search(enum.source[:40]):
        return 7
    return 5


def _list_draft(enum: Enumeration) -> Draft:
    items = enum.items
    shown = list(items)
    prefix = common_prefix(items)
    if enum.kind == "parallel":
        shown = [f"{key}|{key.removeprefix('最')}" for key in enum.keys]
        answers = list(enum.keys)
    else:
        if len(prefix) >= 2 and all(len(i) - len(prefix) >= 2 for i in items):
            shown = [f"{item}|{item[len(prefix) :]}" for item in items]
        answers = list(items)
    fields: dict[str, Any] = {"prompt": enum.where + enum.prompt, "items": shown}
    if enum.kind == "parallel":
        fields["ordered"] = True
    return Draft(
        value=_enumeration_value(enum),
        type="list",
        key="list|" + "|".join(enum.keys if enum.kind == "parallel" else items),
        fields=fields,
        source=enum.source,
        section=enum.section,
        position=enum.position,
        answers=answers,
    )


def _order_draft(enum: Enumeration, prompt: str) -> Draft:
    return Draft(
        value=_enumeration_value(enum),
        type="order",
        key="order|" + "|".join(enum.items),
        fields={"prompt": prompt, "items": list(enum.items)},
        source=enum.source,
        section=enum.section,
        position=(enum.position[0], enum.position[1] + 1),
    )


def _heading_drafts(enum: Enumeration) -> list[Draft]:
    if len(set(enum.items)) != len(enum.items):
        return []  # the same heading twice: its order cannot be asked
    n = cn_numeral(len(enum.items))
    # The order prompt names whose headings they are (the report's parts, or one part's):
    # two lists of ten headings would otherwise get a stray section prefix to tell them apart.
    where = enum.prompt.removesuffix(f"的{n}个小标题")
    asked = (
        f"将报告的{n}个小标题按顺序排列："
        if where == "报告"
        else (f"将{where}的{n}个小标题按报告中的顺序排列：")
    )
    drafts = [_order_draft(enum, asked)]
    prefix = enum.context
    if prefix:
        drafts.append(
            Draft(
                value=9,
                type="list",
                key="headings|" + "|".join(enum.keys),
                fields={
                    "prompt": f"报告中以“{prefix}”开头的{n}个小标题，分别“{prefix}”什么？",
                    "items": [f"{k}|{k[len(prefix) :]}" for k in enum.keys],
                    "ordered": False,
                },
                source=enum.source,
                section=enum.section,
                position=enum.position,
                answers=[k[len(prefix) :] for k in enum.keys],
            )
        )
    return drafts


# Wrong options come from the enumerations around the one asked (same section first): the
# closest parallel items, and a bounded pool keeps generation linear in the report's length.
_NEIGHBOURS = 12


def _neighbours(enums: list[Enumeration], index: int) -> list[Enumeration]:
    enum = enums[index]
    window = enums[max(0, index - _NEIGHBOURS) : index + _NEIGHBOURS + 1]
    same = [e for e in window if e.section == enum.section]
    return same if len(same) > 1 else window


def _heading_short(enum: Enumeration) -> Draft | None:
    """One heading asked by its place: “…”部分的第三个小标题是什么？ (a short answer)."""
    if len(enum.items) < 3:
        return None
    pick = int(stable_hash("short", *enum.items), 16) % len(enum.items)
    heading = enum.items[pick]
    where = enum.prompt.removesuffix(f"的{cn_numeral(len(enum.items))}个小标题")
    fields: dict[str, Any] = {
        "prompt": f"{where}的第{cn_numeral(pick + 1)}个小标题是什么？",
        "answer": heading,
    }
    head = re.split("[，。]", heading, maxsplit=1)[0]
    if head != heading and len(head) >= 4:
        fields["accept"] = [head]  # the first half of a two-part heading is enough
    return Draft(
        value=9,
        type="short",
        key="heading-short|" + heading,
        fields=fields,
        source=enum.source if pick == 0 else heading,
        section=enum.section,
        position=(enum.position[0], enum.position[1] + 2),
        answers=[heading],
    )


def _run_truefalse(
    enum: Enumeration, others: list[Enumeration], kin: list[Enumeration] | None = None
) -> Draft | None:
    """The run's sentence as a statement: as written (true) or with one item swapped for an
    item of the same kind from another run (false).

    The swapped-in item replaces an item it is parallel to (same head, shape and length), and
    the statement must still read as a sentence: the segmenter finds word boundaries at both
    edges of the new item (``建设维护国家生态安全先行区、绿色低碳`` would not be a statement).
    """
    joined = "、".join(enum.items)
    if enum.kind != "run" or joined not in enum.source or len(enum.source) > 80:
        return None
    statement = enum.source
    if "，" not in statement and re.search("等(?:重点|各|相关|关键)?(?:领域|方面)$", statement):
        return None  # 围绕…等领域: a frame for the clause after it, no statement on its own
    truth = int(stable_hash("run-tf", enum.source), 16) % 2 == 0
    if not truth:
        swap = odd_one_out(enum, others, kin)
        if swap is None:
            return None
        foreign = swap.answers[0]
        fitting = [index for index, item in enumerate(enum.items) if same_kind(foreign, [item])]
        if not fitting:
            return None
        pick = fitting[int(stable_hash("run-tf-pick", enum.source), 16) % len(fitting)]
        items = list(enum.items)
        items[pick] = foreign
        start = enum.source.find(joined) + len("、".join(items[:pick])) + (1 if pick else 0)
        statement = statement.replace(joined, "、".join(items), 1)
        if not _reads_whole(statement, start, start + len(foreign)):
            return None
    return Draft(
        value=_enumeration_value(enum) - 1,
        type="truefalse",
        key=f"run-tf|{statement}",
        # a run whose clause says little is dated like its list (2025年，…工作迈上新台阶。)
        fields={
            "statement": re.sub("^（[^）]*）", "", enum.where)
            + statement.rstrip("，,；;。")
            + "。",
            "answer": truth,
        },
        source=enum.source,
        section=enum.section,
        position=(enum.position[0], enum.position[1] + 3),
    )


def _reads_whole(text: str, start: int, end: int) -> bool:
    """The segmenter sees words begin at ``start`` and end at ``end`` (no word crosses them)."""
    from trainer.core.generation.parallel import words

    offset, bounds = 0, {0}
    for word, _ in words(text):
        offset += len(word)
        bounds.add(offset)
    return start in bounds and end in bounds


def _kin(enums: list[Enumeration]) -> list[list[Enumeration]]:
    """For each enumeration, the others that list its items (items of its kind)."""
    holders: dict[str, list[int]] = {}
    for index, enum in enumerate(enums):
        if enum.kind in ("run", "quoted", "ordinal"):
            for item in set(enum.items):
                holders.setdefault(item, []).append(index)
    # An item listed in more than a dozen enumerations (创新, 强化督促检查 repeated) is too
    # common to tell a kind, and following it would make generation quadratic: left out.
    telling = {item: found for item, found in holders.items() if len(found) <= _NEIGHBOURS}
    kin: list[list[Enumeration]] = []
    for index, enum in enumerate(enums):
        shared: Counter[int] = Counter()
        specific: set[int] = set()
        for item in set(enum.items):
            for other in telling.get(item, ()):
                if other != index:
                    shared[other] += 1
                    if len(item) >= 4:
                        specific.add(other)
        # One common word in both (土地 in 房屋、土地、矿产 and 政策、资金、人才、土地) says little
        # about their kind: two shared items, or one specific phrase, do.
        found = sorted(
            other
            for other, count in shared.items()
            if count >= 2 or other in specific and _same_category(enum, enums[other])
        )
        kin.append([enums[other] for other in found][:_NEIGHBOURS])
    return kin


def _category(enum: Enumeration) -> str:
    """The head noun of what a run's items are said to be (…等重点群体就业 → 群体), or ""."""
    from trainer.core.generation.parallel import words

    joined = "、".join(enum.items)
    at = enum.source.find(joined)
    if at < 0 or enum.source[at + len(joined) : at + len(joined) + 1] != "等":
        return ""
    head = ""
    for word, flag in words(enum.source[at + len(joined) + 1 :][:12]):
        if not (flag.startswith("n") or flag in ("vn", "an", "b")):
            break
        head = word
    return head


def _same_category(one: Enumeration, other: Enumeration) -> bool:
    """Two runs sharing one item are of one kind unless they say they are different kinds of
    thing: 退役军人 among groups (…等重点群体) and among areas of work (…等工作: 国防动员、
    退役军人、人民防空); …等重点群体 and …等困难群体 (群体) are one kind."""
    mine, theirs = _category(one), _category(other)
    return not (mine and theirs) or mine[-2:] == theirs[-2:]


def _enumeration_drafts(enums: list[Enumeration]) -> list[Draft]:
    drafts: list[Draft] = []
    kin = _kin(enums)
    for index, enum in enumerate(enums):
        if enum.kind == "headings":
            drafts.extend(_heading_drafts(enum))
            short = _heading_short(enum)
            if short is not None:
                drafts.append(short)
            continue
        drafts.append(_list_draft(enum))
        if enum.kind == "title":
            continue
        if enum.kind == "parallel":
            drafts.extend(parallel_drafts(enum))
            continue
        if enum.kind == "ordinal" and len(enum.items) >= 3:
            where = f"“{enum.context}”——" if enum.context else ""
            drafts.append(
                _order_draft(enum, f"{where}将下列各项按报告的顺序（{enum.markers}）排列：")
            )
        choice = odd_one_out(enum, _neighbours(enums, index), kin[index])
        if choice is None and enum.kind == "ordinal":  # 一是… lists are far apart
            wide = enums[max(0, index - 4 * _NEIGHBOURS) : index + 4 * _NEIGHBOURS + 1]
            choice = odd_one_out(enum, wide)
        if choice is not None:
            choice.fields["prompt"] = enum.where + choice.fields["prompt"]
            choice.value = _enumeration_value(enum) - 1
            drafts.append(choice)
        cloze = _key_term_draft(enum)
        if cloze is not None:
            cloze.value = _enumeration_value(enum)
            drafts.append(cloze)
        elif index % 2 == 0:  # every other run without a cloze: a true/false statement
            statement = _run_truefalse(enum, _neighbours(enums, index), kin[index])
            if statement is not None:
                drafts.append(statement)
    return drafts


def _figure_prompt(figure: Figure, scope: str = "") -> str:
    """``提案立案4100件`` → ``五年来，提案立案多少件？`` (scope from the section's heading)."""
    unit = figure.unit
    asked = "百分之多少" if unit in ("%", "％") else f"多少{unit}"
    if figure.approx:
        asked = "约" + asked
    lead = re.sub("^(?:其中|同时|此外|另外)，?", "", figure.asked or figure.before)
    if lead.startswith("全年") and re.fullmatch(r"\d{4}年", scope):
        lead = scope + lead  # 全年为企业减负…: which year's whole year, in a report of several
    if scope.startswith("按") or (
        scope and not re.search(r"\d{4}年|今年|去年|年来|过去|年内|全年|当年|五年", lead)
    ):
        lead = f"{scope}，{lead}"
    return f"{lead}{asked}{figure.after}？"


def _period_phrase(kind: str, words: str, section_scope: str) -> str:
    """How a prompt names a period: 五年来 / “十四五”时期 / 2025年 / 按今年的预期目标."""
    if kind == "target":
        if "五”" in section_scope:  # “十五五”时期: the plan's targets
            return f"按{section_scope}的目标"
        year = section_scope if re.fullmatch(r"\d{4}年", section_scope) else "今年"
        return f"按{year}的预期目标"
    if kind == "year" and re.fullmatch(r"\d{4}年", section_scope):
        return section_scope  # 过去一年 in a section headed 2025年工作回顾: say 2025年
    return words or section_scope


_PLAN_TARGETS = re.compile("主要目标|预期目标|发展目标")


def paragraph_periods(doc: Document) -> dict[int, list[tuple[int, str]]]:
    """The periods each paragraph speaks of, as a prompt names them, by offset.

    A section starts with the period its heading names (``一、2025年工作回顾`` → 2025年); a
    sentence that opens with a period (``五年来，…``, ``“十四五”时期，…``, ``过去一年，…``) or
    names the targets (``今年…主要预期目标是：``) sets it for the rest of its paragraph and the
    paragraphs after it in the same section: five-year totals are not dated 2025年.

    Returns:
        paragraph index → ``[(offset, period), …]``, the period from each offset on.
    """
    periods: dict[int, list[tuple[int, str]]] = {}
    section: str | None = ""
    current = ""
    section_scope = ""
    for paragraph in doc.paragraphs:
        if paragraph.section != section:
            section = paragraph.section
            section_scope = doc.scope(section)
            current = section_scope
        changes = [(0, current)]
        offset = 0
        for sentence in sentences(paragraph.text):
            at = paragraph.text.find(sentence, offset)
            offset = at + len(sentence)
            kind, words = opening_period(sentence)
            if kind == "five" and words.endswith("”"):
                words += "时期"  # “十五五”发展的…: the plan's period, as a prompt names it
            if kind == "five" and "五”" in words and _PLAN_TARGETS.search(sentence[:40]):
                # “十五五”发展的主要目标是：…: the plan's targets, not its achievements
                current = _period_phrase("target", "", words)
                changes.append((at, current))
                continue
            if kind:
                current = _period_phrase(kind, words, section_scope)
                changes.append((at, current))
        periods[paragraph.index] = changes
    return periods


def _figure_period(figure: Figure, periods: dict[int, list[tuple[int, str]]]) -> str:
    found = ""
    for offset, period in periods.get(figure.position[0], []):
        if offset > figure.position[1]:
            break
        found = period
    return found


def _figure_drafts(
    figures: list[Figure], doc: Document, dropped: Counter[str], *, all_figures: bool = False
) -> list[Draft]:
    """Number, choice and true/false questions of the report's figures.

    Secondary figures (see :mod:`~trainer.core.generation.keyfigures`) are left out and
    counted in ``dropped["secondary"]`` unless ``all_figures``; with it they are asked and
    weigh least.
    """
    drafts: list[Draft] = []
    periods = paragraph_periods(doc)
    figure_periods = [_figure_period(f, periods) for f in figures]
    reasons = key_figure_reasons(figures, doc, figure_periods)
    notes = _notes_sections(doc)  # 名词解释: background to the report, its figures are trivia
    reasons = [
        SECONDARY if figure.section in notes else reason
        for figure, reason in zip(figures, reasons, strict=True)
    ]
    scopes: dict[str | None, str] = {}
    keys: set[str] = set()
    weights = [
        _figure_weight(figure, reason) for figure, reason in zip(figures, reasons, strict=True)
    ]
    restated = _restatements(figures, weights, [p.startswith("按") for p in figure_periods])
    for index, figure in enumerate(figures):
        scopes[figure.section] = figure_periods[index]
        if index in restated:
            continue  # the same figure of the same thing, asked where it weighs most
        if reasons[index] == SECONDARY and not all_figures:
            dropped["secondary"] += 1
            continue
        prompt = _figure_prompt(figure, scopes[figure.section])
        nearby = figures[max(0, index - 60) : index + 60]  # siblings come from close by
        if mentions_number(prompt, figure.number_text):
            continue
        # A figure is asked once: as a number, as a choice among figures of the same unit
        # close by, or as a number and a true/false statement (more variety, no prompt twice).
        key = f"number|{figure.span}|{figure.value}"
        if key in keys:  # the same words in another period (a five-year and a yearly target)
            key += f"|{scopes[figure.section]}"
        keys.add(key)
        variant = int(stable_hash(f"number|{figure.span}|{figure.value}"), 16) % 3
        if figure.value < 2:
            variant = 2
        weight = weights[index]
        if variant == 0:
            choice = figure_choice(figure, prompt, nearby)
            if choice is not None:
                choice.key = "figure-choice|" + key.removeprefix("number|")
                choice.value = weight
                drafts.append(choice)
                continue
        value = int(figure.value) if float(figure.value).is_integer() else figure.value
        fields: dict[str, Any] = {"prompt": prompt, "answer": value}
        if figure.unit:
            fields["unit"] = figure.unit
        if figure.approx:
            fields["approx"] = True
        drafts.append(
            Draft(
                value=weight,
                type="number",
                key=key,
                fields=fields,
                source=figure.span,
                section=figure.section,
                position=figure.position,
                answers=[figure.number_text],
            )
        )
        extra = figure_truefalse(figure, nearby, scopes[figure.section]) if variant == 1 else None
        if extra is not None:
            extra.value = weight - 1
            drafts.append(extra)
    return drafts


# A figure about one case (单个项目最高补贴50万元, 每人…): a detail, not what a learner must know.
# (单项冠军, 首批…名品 and 每年…新增就业 are not: names and yearly totals)
_SINGLE_CASE = re.compile("最高|单个|单笔|每个|每家|每人|每户")
_FIGURE_CHANGE = re.compile(
    r"同比|比上年|年均|平均|增长|下降|提高|降低|提升至|提升|达到|达|突破|超过|超|稳定在|控制在"
    r"|不低于|不少于|力争|实现|累计|新增|新建|全年|约|近|为|至"
)


def _figure_weight(figure: Figure, reason: str) -> int:
    """How much a learner needs a figure: headlines and targets first, then five-year,
    running and programme totals; secondary figures (asked with ``all_figures``) last.

    Among those, small counts (3家, 2个) and single-case amounts (单个项目最高…) are the
    details ``--max`` drops first.
    """
    lead = figure.asked or figure.before
    if _SINGLE_CASE.search(lead):
        return 2
    if reason in ("summary", "target", "indicator", "national", "total"):
        weight = 7
    elif reason != SECONDARY:
        weight = 6
    else:
        weight = 4
    if (
        len(figure.unit) == 1
        and figure.unit in "个家项所条座名位件部批处支种"
        and figure.value < 5
        and float(figure.value).is_integer()  # 每千人托位4.7个 is a rate, not a handful
    ):
        weight -= 1  # 3家国家实验室: a handful of cases, less to learn than a total
    return weight


def _figure_thing(figure: Figure) -> tuple[str, str]:
    """What a figure measures, and what it counts (社会消费品零售总额, 市级疏堵工程).

    The measure is the words before the figure without its words of change; what it counts
    is the noun after it.
    """
    lead = _FIGURE_CHANGE.sub("", re.split("[，、；：]", figure.asked or figure.before)[-1])
    counted = "" if re.fullmatch("以上|以下|左右|以内|上下", figure.after) else figure.after
    return lead, counted


def _same_thing(one: tuple[str, str], other: tuple[str, str]) -> bool:
    """Two figures of the same value are of the same thing: the same measure, the same
    counted noun, or a long run of words in common (39个欠发达县域托底性帮扶…).

    A shorter shared ending is not enough: 金融业增加值 and 高新技术产业增加值 differ.
    """
    if one[1] and other[1]:  # counts: of the same noun (实施3000个技改项目 / …个老旧小区)
        if one[1] == other[1]:
            return True
    elif len(one[0]) >= 2 and one[0] == other[0]:
        return True
    from difflib import SequenceMatcher

    for a, b in ((one[0], other[0]), (one[1], other[1])):
        match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        if match.size >= 8:
            return True
    return False


def _restatements(figures: list[Figure], weights: list[int], targets: list[bool]) -> set[int]:
    """Figures that say again a figure of the same thing (the same value, unit and what).

    A report restates its headline figures (39个欠发达县域 in the review, the plan and the
    targets); a bank asks each once, where it weighs most (then as one of the year's
    targets, then the first).
    """
    groups: dict[tuple[float, str], list[int]] = {}
    for index, figure in enumerate(figures):
        groups.setdefault((figure.value, figure.unit.rstrip("%％") or "%"), []).append(index)
    dropped: set[int] = set()
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        kept: list[tuple[str, str]] = []
        for index in sorted(indexes, key=lambda i: (-weights[i], not targets[i], i)):
            thing = _figure_thing(figures[index])
            if any(_same_thing(thing, other) for other in kept):
                dropped.add(index)
            else:
                kept.append(thing)
    return dropped


def _cloze_drafts(doc: Document) -> list[Draft]:
    drafts: list[Draft] = []
    for formulation in find_formulations(doc):
        text = formulation.cloze_text()
        drafts.append(
            Draft(
                value=8,
                type="cloze",
                key=f"cloze|{text}",
                fields={"text": text},
                source=formulation.window,
                section=formulation.section,
                position=formulation.position,
                answers=list(formulation.terms),
            )
        )
    return drafts


def _key_term_draft(enum: Enumeration) -> Draft | None:
    """A slogan with its key words blanked: 聚{{团结}}之力、尽{{协商}}之责……"""
    if enum.kind not in ("quoted", "run"):
        return None
    spans = key_terms(enum.items)
    joined = "、".join(enum.items)
    if spans is None or joined not in enum.source:
        return None
    blanked = "、".join(
        item[:s] + "{{" + item[s:e] + "}}" + item[e:]
        for item, (s, e) in zip(enum.items, spans, strict=True)
    )
    text = enum.source.replace(joined, blanked, 1)
    return Draft(
        type="cloze",
        key=f"cloze|{text}",
        fields={"text": text},
        source=enum.source,
        section=enum.section,
        position=(enum.position[0], enum.position[1] + 2),
        answers=[item[s:e] for item, (s, e) in zip(enum.items, spans, strict=True)],
    )


_TYPE_RANK = {
    t: i for i, t in enumerate(("list", "order", "short", "number", "cloze", "choice", "truefalse"))
}


def draft_questions(doc: Document, *, all_figures: bool = False) -> list[Draft]:
    """Every draft question of a document: deduplicated, in the report's order.

    Args:
        doc: the cleaned report.

    Returns:
        Drafts sorted by their position in the report (then by type).
    """
    return draft_report(doc, all_figures=all_figures)[0]


# Enumerations not worth learning by heart: lists of organisations or places (a dozen
# departments, the cities of a province), and lists too long to recite.
_ORGANISATION = re.compile("(?:部|厅|局|委|办|院|所|署|中心|集团|公司|协会|学会|联合会|银行|大学)$")
MAX_LIST_ITEMS = 8


def _trivia(enum: Enumeration) -> bool:
    if enum.kind in ("headings", "title", "parallel"):
        return False
    if len(enum.items) > MAX_LIST_ITEMS:
        return True
    names = sum(1 for item in enum.items if _ORGANISATION.search(item) or _place(item))
    if len(enum.items) >= 4 and names == len(enum.items):
        return True
    return enum.kind == "run" and _named_things(enum)


# The heads of names of single events and venues (a festival, a fair, a match, a forum, a
# museum, a park): 汉中油菜花节, 西安国际车展, 中关村论坛, 国际乒联混合团体世界杯, 秦岭博物馆.
_EVENT_OR_VENUE = re.compile(
    "(?:[节展赛杯季周]|博览会|交易会|运动会|论坛|峰会|大会|公开赛|世界杯|联赛|[馆园]|景区|遗址)$"
)
# What a run of single named things is said to be (…等项目建设, …等特色文旅活动, …等重大赛事).
_NAMED_KINDS = re.compile("^(?:[^，。；]{0,6}?)(?:项目|活动|赛事|展会|会展|地标|景区|文旅精品)")
_NAME_TAGS = frozenset(("ns", "nr", "nt", "nrt", "nrfg", "j"))


def _named_thing(item: str) -> bool:
    """A proper name (书名号, opening with a place, person or organisation word), a single
    event or venue, or a project's phase (…三期)."""
    from trainer.core.generation.parallel import words

    if "《" in item or _EVENT_OR_VENUE.search(item) or re.search("[一二三四五六七八九]期$", item):
        return True
    found = words(item)
    return bool(found) and found[0][1] in _NAME_TAGS


def _named_things(enum: Enumeration) -> bool:
    """A run naming single things (events, fairs, parks, sites, projects, places): trivia.

    Every item is a name (汉中油菜花节、安康汉江龙舟节、陕北过大年; 永嘉县、苍南县、江山市), or
    what follows the run says they are single projects or events (…等项目建设, …等重大赛事)
    and most items are names (古贤水利枢纽、蒋家窑则水库、引汉济渭二期、宝鸡峡灌区改造).
    Policy formulations are not names: they hold verbs (关中科技赋能创新升级), and a word all
    items share (海洋清洁能源、海洋新材料) is their topic, not a name.
    """
    from trainer.core.generation.parallel import words

    items = enum.items
    if any(  # (the first item may still carry the lead-in's verb: 成功举办上合组织减贫论坛)
        sum(1 for _, flag in words(item) if flag.startswith("v") and flag != "vn") >= 2
        for item in items[1:]
    ):
        return False
    shared = common_prefix(items)
    if len(shared) >= 2:
        items = [item[len(shared) :] for item in items]
    heads = Counter(item[-2:] for item in items)
    shared_by = len(items) if len(items) <= 3 else len(items) - 1
    if heads.most_common(1)[0][1] >= shared_by and not any(
        _EVENT_OR_VENUE.search(i) for i in items
    ):
        # 杭州都市圈、宁波都市圈、温州都市圈: places as parts of one structure (the head all
        # items share), a formulation of the plan, not single events or sites
        return False
    named = sum(1 for item in items if _named_thing(item))
    if named == len(items) or len(items) >= 4 and named == len(items) - 1:
        return True  # (one name the segmenter mistags, 自贡 as a verb, does not hide the kind)
    joined = "、".join(enum.items)
    at = enum.source.find(joined)
    after = enum.source[at + len(joined) :].removeprefix("等") if at >= 0 else ""
    # said to be projects or events: a name word anywhere (陕煤榆林化学二期) is enough
    loosely = sum(
        1
        for item in items
        if _named_thing(item) or any(flag in _NAME_TAGS for _, flag in words(item))
    )
    return bool(_NAMED_KINDS.match(after)) and 2 * loosely >= len(items)


def _everyday(enum: Enumeration) -> bool:
    """Everyday words given as examples (提供饮水、休息、充电等服务): not a formulation.

    An open run (ending in 等: examples, not a closed set) whose items are each one common
    word of the dictionary (two characters at most) and of different word classes (a noun
    and verbs): ordinary things named in passing. A formulation's items are coined (托育),
    compound (精神卫生) or of one class (道路、制度、旗帜、方向等根本问题).
    """
    if enum.kind != "run":
        return False
    joined = "、".join(enum.items)
    at = enum.source.find(joined)
    if at < 0 or enum.source[at + len(joined) : at + len(joined) + 1] != "等":
        return False
    from trainer.core.generation.parallel import common_word, tag_shape

    if not all(len(item) <= 2 and common_word(item) for item in enum.items):
        return False
    return len({tag_shape(item) for item in enum.items}) > 1


def _place(item: str) -> bool:
    from trainer.core.generation.parallel import words

    found = words(item)
    return len(found) == 1 and found[0][1] in ("ns", "nr", "nt")


def draft_report(doc: Document, *, all_figures: bool = False) -> tuple[list[Draft], Counter[str]]:
    """Every draft question of a document, and how many were dropped for which reason.

    Reasons: ``duplicate`` (the same question twice), ``gives_away`` (the prompt shows the
    answer), ``trivia`` (a list of organisations or places, of names of events, venues,
    sites or projects (汉中油菜花节、…; …等项目建设), or of more than
    :data:`MAX_LIST_ITEMS` items), ``everyday`` (everyday words given as examples),
    ``secondary`` (figures of one sector's detail, unless ``all_figures``: see
    :mod:`~trainer.core.generation.keyfigures`).

    Returns:
        ``(drafts, dropped)``: drafts sorted by their position in the report.
    """
    dropped: Counter[str] = Counter()
    enums = [
        *heading_enumerations(doc),
        *ordinal_enumerations(doc),
        *parallel_enumerations(doc),
        *run_enumerations(doc),
    ]
    unique: list[Enumeration] = []
    seen_items: set[tuple[str, ...]] = set()
    for enum in sorted(enums, key=lambda e: e.position):
        signature = tuple(sorted(enum.items))
        if signature in seen_items:
            dropped["duplicate"] += 1
            continue
        seen_items.add(signature)
        if _trivia(enum):
            dropped["trivia"] += 1
            continue
        if _everyday(enum):
            dropped["everyday"] += 1
            continue
        unique.append(enum)
    _give_context(unique, doc)
    drafts = [
        *_enumeration_drafts(unique),
        *_figure_drafts(find_figures(doc), doc, dropped, all_figures=all_figures),
        *_cloze_drafts(doc),
    ]
    result: list[Draft] = []
    ids: set[str] = set()
    for draft in sorted(drafts, key=lambda d: (d.position, _TYPE_RANK.get(d.type, 9), d.key)):
        if draft.id in ids:
            dropped["duplicate"] += 1
            continue
        if draft.gives_away():
            dropped["gives_away"] += 1
            continue
        ids.add(draft.id)
        result.append(draft)
    kept = _disambiguate(result, dict(doc.sections))
    notes = _notes_sections(doc)
    for draft in kept:
        if draft.section in notes:  # background to the report, not its content: asked last
            draft.value = max(1, draft.value - 4)
    dropped["duplicate"] += len(result) - len(kept)
    if re.search("讲话|致辞|发言", doc.title):
        for draft in kept:  # a speech is 讲话 in the prompts, not 报告
            prompt = draft.fields.get("prompt")
            if isinstance(prompt, str):
                draft.fields["prompt"] = _GENERIC_REPORT.sub("讲话", prompt)
    return kept, dropped


_PERIOD_WORDS = re.compile(r"\d{4}年|今年|去年|年来|过去|一年|五年|十[一二三四五六七八九]五|到20")


def _give_context(enums: list[Enumeration], doc: Document) -> None:
    """A run whose clause opens with it and says little of what it is about (``＿＿等工作迈出
    新步伐``, ``＿＿保持领先``) is asked with its section's topic and period:
    ``（民主法治建设）2025年，“＿＿等工作迈出新步伐”——…``.

    The topic is the first part of the section's heading (up to its comma); the period is the
    one the paragraph speaks of (the heading's year, ``五年来``, a plan), unless the clause
    names one. Headings that are only a period (``2025年工作回顾``) add no topic.
    """
    titles = dict(doc.sections)
    periods: dict[int, list[tuple[int, str]]] | None = None
    for enum in enums:
        if enum.kind != "run" or not enum.context.startswith("＿＿"):
            continue
        said = enum.context.replace("＿＿", "")
        if len(said) >= 14:
            continue
        if periods is None:
            periods = paragraph_periods(doc)
        period = ""
        for offset, found in periods.get(enum.position[0], []):
            if offset <= enum.position[1]:
                period = found
        if period.startswith("按"):  # 按2026年的预期目标: a run is no target
            period = period.removeprefix("按").removesuffix("的预期目标").removesuffix("的目标")
        title = re.sub(
            r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])",
            "",
            titles.get(enum.section or "", ""),
        )
        topic = re.split("[，。；：]", title, maxsplit=1)[0]
        if _PERIOD_WORDS.search(topic) or len(topic) > 16:
            topic = ""  # 2025年工作回顾: a period, not a topic
        scope = doc.scope(enum.section)
        if period and scope and period != scope:
            # 五年来 after the year's last heading: the five years, not that heading's topic
            topic = ""
        where = f"（{topic}）" if topic else ""
        if period and not _PERIOD_WORDS.search(said):
            where += f"{period}，"
        enum.where = where


def _notes_sections(doc: Document) -> set[str]:
    found: set[str] = set()
    for heading in doc.headings:
        if heading.level == 1 and heading.text in NOTES_TITLES:
            found.add(heading.section)
            found.update(child.section for child in heading.children)
    return found


# The phrases where the generator itself names the document (not 报告 quoted from the text).
_GENERIC_REPORT = re.compile(
    r"报告(?=列举|依次讲了|中以|中的顺序|的顺序|的第[一二三四五六七八九十]+个小标题|的标题由"
    r"|的[一二三四五六七八九十]+个小标题)"
    r"|^报告(?=的)"
)


def most_valuable(drafts: list[Draft], count: int) -> list[Draft]:
    """The ``count`` drafts a learner most needs (see :attr:`Draft.value`), in report order.

    Variety counts too: each further question of a type counts for less once the type has
    more than its share (``count`` over the number of types), so that a report rich in
    quoted formulations still gets its lists, headings and figures asked.
    """
    if count >= len(drafts):
        return list(drafts)
    types = {draft.type for draft in drafts}
    share = max(1.0, count / max(1, len(types)))
    by_type: dict[str, list[int]] = {}
    for index in sorted(range(len(drafts)), key=lambda i: (-drafts[i].value, i)):
        by_type.setdefault(drafts[index].type, []).append(index)
    scored: list[tuple[float, int]] = []
    for indexes in by_type.values():
        for turn, index in enumerate(indexes):
            scored.append((drafts[index].value - 3.0 * turn / share, index))
    chosen = sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:count]
    return [drafts[index] for index in sorted(index for _, index in chosen)]


def _disambiguate(drafts: list[Draft], titles: dict[str, str]) -> list[Draft]:
    """Questions of one type with the same prompt get their section named in the prompt.

    ("城镇新增就业多少万人？" asked of last year's results and of this year's targets.)
    When even the sections are the same, only the first question is kept.
    """
    groups: dict[tuple[str, str], list[Draft]] = {}
    for draft in drafts:
        prompt = draft.fields.get("prompt")
        if isinstance(prompt, str):
            groups.setdefault((draft.type, prompt), []).append(draft)
    dropped: set[int] = set()
    for (_, prompt), same in groups.items():
        if len(same) < 2:
            continue
        seen_sections: set[str | None] = set()
        for draft in same:
            if draft.section in seen_sections or not titles.get(draft.section or ""):
                dropped.add(id(draft))
                continue
            seen_sections.add(draft.section)
            title = re.sub(
                r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]",
                "",
                titles[draft.section or ""],
            )
            draft.fields["prompt"] = f"（{title}）{prompt}"
    return [d for d in drafts if id(d) not in dropped]


# --------------------------------------------------------------------------- files


@dataclass
class GenerateResult:
    """What :func:`generate_bank` wrote.

    Attributes:
        output: the bank file.
        counts: questions per type (of the written bank's generated questions).
        total: number of questions written.
        encoding: how the report was decoded.
        copied_report: the cleaned UTF-8 copy written next to the bank, if one was needed.
        merge: what a merge did (None without ``merge``).
        sections: generated questions per type under each top heading (title, counts), in
            report order; the title is empty for text before the first heading.
        dropped: candidates left out, by reason (``duplicate``, ``gives_away``, ``trivia``,
            ``max`` for those beyond ``max_questions``).
    """

    output: Path
    counts: dict[str, int]
    total: int
    encoding: str
    copied_report: Path | None = None
    merge: MergeReport | None = None
    sections: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)


def _relative(target: Path, start: Path) -> str:
    try:
        return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return target.resolve().as_posix()


def generate_bank(
    report_path: Path,
    output: Path,
    *,
    bank_id: str | None = None,
    title: str | None = None,
    merge: Path | None = None,
    cleaned: CleanReport | None = None,
    max_questions: int | None = None,
    all_figures: bool = False,
) -> GenerateResult:
    """Generate a draft bank from a report and write it.

    The bank's ``source`` points at the report itself when cleaning changed only whitespace
    and the report is UTF-8 (``trainer validate --check-sources`` then checks the quotes
    against the file the user has). Otherwise (a GBK file, invisible characters, ASCII
    dashes) the cleaned report is written next to the bank as ``<bank>.report.txt`` in
    UTF-8 and ``source`` points there.

    Args:
        report_path: the report (UTF-8 or GB18030/GBK text).
        output: the bank file to write.
        bank_id: the bank id (default: from the report's file name).
        title: the bank title (default: the report's subtitle, or its file name).
        merge: an existing bank to add the new questions to (its questions are kept).
        cleaned: the cleaned report, if already computed.
        max_questions: keep only this many, the most valuable (see :func:`most_valuable`).
        all_figures: ask the secondary figures too (a detail of one sector's work); by
            default they are left out and counted in ``dropped["secondary"]``.

    Returns:
        What was written.

    Raises:
        ReportError: the report cannot be read as text.
        BankError: the existing bank given to ``merge`` is invalid.
        OSError: the output cannot be written.
    """
    clean = cleaned if cleaned is not None else clean_file(report_path)
    doc = build_document(clean.blocks)
    drafts, dropped = draft_report(doc, all_figures=all_figures)
    if max_questions is not None and len(drafts) > max_questions:
        dropped["max"] = len(drafts) - max_questions
        drafts = most_valuable(drafts, max_questions)
    if not drafts and merge is None:
        raise ReportError("generate.none", path=report_path)
    copied: Path | None = None
    # A bank may only name a report inside its own folder (trainer/core/bank/loader.py), so a
    # report elsewhere is copied next to the bank like a cleaned one.
    from trainer.core.bank.files import report_allowed

    inside = report_allowed(report_path, output.parent)
    if clean.whitespace_only and clean.encoding == "utf-8" and inside:
        source = _relative(report_path, output.parent)
    else:
        copied = output.with_name(output.stem + ".report.txt")
        if copied.resolve() == report_path.resolve():  # never overwrite the user's report
            copied = output.with_name(output.stem + ".report-utf8.txt")
        source = copied.name
    chosen_id = bank_id or default_bank_id(report_path)
    chosen_title = title or doc.title or report_path.stem
    data = bank_document(doc, drafts, chosen_id, chosen_title, source)
    merge_report: MergeReport | None = None
    merged_text: str | None = None
    if merge is not None:
        from trainer.core.bank import load_bank

        load_bank(merge)  # raises BankError with every problem when the bank is invalid
        from trainer.core.bank.yamlread import read_yaml

        existing_text = merge.read_text(encoding="utf-8")
        original, places = read_yaml(existing_text)  # valid: load_bank has just read it
        existing = copy.deepcopy(original)
        if bank_id:
            existing.setdefault("bank", {})["id"] = bank_id
        if title:
            existing.setdefault("bank", {})["title"] = title
        data, merge_report = merge_documents(existing, data, clean.text)
        merged_text = merge_text(existing_text, places, original, data)
        merge_report.rewritten = merged_text is None
    comment = (
        f"Draft bank generated by `trainer generate` from {report_path.name}.\n"
        "Review every question (wording, answers, distractors) before studying it;\n"
        "ids are derived from the content: keep them when you edit a question."
    )
    if copied is not None:
        copied.write_text(clean.text, encoding="utf-8")
    if merged_text is not None:
        output.write_text(merged_text, encoding="utf-8")  # the learner's file, edited
    else:
        output.write_text(dump_bank(data, comment), encoding="utf-8")
    counts: dict[str, int] = {t: 0 for t in QUESTION_TYPES}
    for question in data["questions"]:
        if GENERATED_TAG in (question.get("tags") or []) and question.get("type") in counts:
            counts[question["type"]] += 1
    return GenerateResult(
        output=output,
        counts={t: n for t, n in counts.items() if n},
        total=len(data["questions"]),
        encoding=clean.encoding,
        copied_report=copied,
        merge=merge_report,
        sections=_counts_by_top_heading(doc, drafts),
        dropped={reason: n for reason, n in dropped.items() if n},
    )


def _counts_by_top_heading(doc: Document, drafts: list[Draft]) -> list[tuple[str, dict[str, int]]]:
    top_of: dict[str | None, str] = {None: ""}
    top = ""
    for heading in doc.headings:
        if heading.level == 1:
            top = heading.text.strip("【】")
        top_of[heading.section] = top or heading.text
    counts: dict[str, Counter[str]] = {}
    for draft in sorted(drafts, key=lambda d: d.position):
        counts.setdefault(top_of.get(draft.section, ""), Counter())[draft.type] += 1
    return [
        (title, {kind: found[kind] for kind in QUESTION_TYPES if found[kind]})
        for title, found in counts.items()
    ]
