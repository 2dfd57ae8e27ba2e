"""Choice and truefalse questions whose wrong answers come from the same report.

Nothing is made up: a wrong option is an item of another enumeration or another figure of
the report; a false statement is a true sentence with one figure or one part swapped for a
sibling.
"""

from __future__ import annotations

import math
import re

from trainer.core.bank import LETTERS
from trainer.core.generation.drafts import Draft, stable_hash
from trainer.core.generation.enumerations import Enumeration
from trainer.core.generation.figures import Figure
from trainer.core.generation.parallel import same_kind, shape_kinship
from trainer.core.generation.text import cn_numeral, common_prefix, common_suffix

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _shuffled(values: list[str], seed: str) -> list[str]:
    """A deterministic shuffle: sort by a hash of each value and the seed."""
    return sorted(values, key=lambda v: stable_hash(seed, v))


def odd_one_out(
    enum: Enumeration, others: list[Enumeration], kin: list[Enumeration] | None = None
) -> Draft | None:
    """“Which of these is not among …?”: three items of the list and one from another list.

    The foreign item must be of the same kind as the list's items (降碳、减污、扩绿 are not
    offered 巡视; funds are not offered a talent): an item listed elsewhere in the report
    together with one of this list's items comes first (东盟、西亚、中亚 → 非洲 of 东盟、非洲、
    中东); else an item of a nearby list with the items' head, shape and length
    (:func:`~trainer.core.generation.parallel.same_kind`) whose word structure matches at least
    two of them. Without one, no question: a foreign option of another kind gives the answer
    away.

    Args:
        enum: the enumeration asked about.
        others: enumerations near it (same section first).
        kin: enumerations sharing an item with it, anywhere in the report.

    Returns:
        A choice draft, or None when no foreign item of the same kind exists.
    """
    if enum.kind not in ("ordinal", "run", "quoted") or len(enum.items) < 3:
        return None
    foreign = _foreign_item(enum, others, kin or [])
    if foreign is None:
        return None
    chosen = _shuffled(list(enum.items), enum.source)[:3]
    options = _shuffled([*chosen, foreign], enum.source + "options")
    context = enum.context.strip("“”")
    if len(context.replace("＿＿", "")) < 2:
        return None  # "“”——下列哪一项不在……": nothing would say which list is meant
    prompt = f"“{context}”——下列哪一项不在报告列举的{cn_numeral(len(enum.items))}项之中？"
    return Draft(
        type="choice",
        key="odd|" + "|".join(enum.items) + "|" + foreign,
        fields={"prompt": prompt, "options": options, "answer": LETTERS[options.index(foreign)]},
        source=enum.source,
        section=enum.section,
        position=enum.position,
        answers=[foreign],
    )


def _foreign_item(
    enum: Enumeration, others: list[Enumeration], kin: list[Enumeration]
) -> str | None:
    """An item of another list of the same kind as ``enum``'s items, or None."""
    own = set(enum.items)
    items = list(enum.items)

    distance: dict[str, int] = {}  # paragraphs between the item's list and this one

    def pool_of(sources: list[Enumeration]) -> list[str]:
        for other in sources:
            if other is enum or other.kind not in ("ordinal", "run", "quoted"):
                continue
            for item in other.items:
                if item not in own and not any(item in mine or mine in item for mine in own):
                    gap = abs(other.position[0] - enum.position[0])
                    distance[item] = min(gap, distance.get(item, gap))
        return sorted(distance)

    if enum.kind == "ordinal":
        # 一是…二是… items are whole clauses: another list's clause is of their kind when
        # its length is similar (their words say little about their kind).
        mean = sum(map(len, items)) / len(items)
        head, tail = common_prefix(items), common_suffix(items)
        pool = [
            i
            for i in pool_of([o for o in others if o.kind == "ordinal"])
            if abs(len(i) - mean) <= max(2, mean / 2)
            and (len(head) < 2 or i.startswith(head))  # 聚力在…上取得新突破: so is the odd one
            and (len(tail) < 2 or i.endswith(tail))
        ]
    else:
        pool = [i for i in pool_of(kin) if same_kind(i, items)]
        # Not listed with them anywhere: the items' own pattern must say what their kind is
        # (a shared head 投资引导基金、国资国企基金, a shared lead 大蜀道、大峨眉, the X的Y
        # shape). Plain words (蓝天、碧水、净土; 人才、文化、组织) give no kind a segmenter can
        # see, and an option of another kind (美丽, 资金) gives the answer away: none asked.
        patterned = bool(common_suffix(items) or common_prefix(items)) or all(
            "的" in item for item in items
        )
        if not pool and patterned:
            pool = [
                i
                for i in pool_of(others)
                if same_kind(i, items)
                and (
                    len(common_suffix(items)) >= 2  # a shared head word (监督) is the kind
                    or len(common_prefix(items)) >= 2
                    or shape_kinship(i, items) >= min(2, len(items) - 1)
                )
            ]
    if not pool:
        return None
    mean = sum(map(len, items)) / len(items)
    heads = {item[:2] for item in items}
    tails = {item[-2:] for item in items}

    def likeness(item: str) -> tuple[int, int, float]:
        # An odd option that looks like the others (same lead or ending), from the nearest
        # list (lists close by speak of related things), of a similar length.
        alike = (item[:2] in heads) + (item[-2:] in tails)
        return (-alike, distance.get(item, 0), abs(len(item) - mean))

    best = min(map(likeness, pool))
    # Among the equally alike, a stable pseudo-random pick (hashing only those: fast).
    return min(
        (item for item in pool if likeness(item) == best),
        key=lambda item: stable_hash(enum.source, item),
    )


def parallel_drafts(enum: Enumeration) -> list[Draft]:
    """For 最X的是 runs: one choice per item (options are the sibling bodies), one truefalse."""
    drafts: list[Draft] = []
    lead = enum.lead.rstrip("，,")
    for index, (key, body, sentence) in enumerate(
        zip(enum.keys, enum.items, enum.sentences, strict=True)
    ):
        others = [b for b in enum.items if b != body]
        wrong = sorted(others, key=lambda b: (abs(len(b) - len(body)), stable_hash(body, b)))[:3]
        options = _shuffled([body, *wrong], key + body)
        drafts.append(
            Draft(
                type="choice",
                key=f"parallel|{lead}|{key}|{body}",
                fields={
                    "prompt": f"{lead}，{key}的是什么？",
                    "options": options,
                    "answer": LETTERS[options.index(body)],
                },
                source=sentence.lstrip("—"),
                section=enum.section,
                position=(enum.position[0], enum.position[1] + index),
                answers=[body],
            )
        )
    if len(enum.items) >= 2:
        pick = int(stable_hash(enum.source), 16) % len(enum.items)
        swap = (pick + 1) % len(enum.items)
        statement = f"{lead}，{enum.keys[pick]}的是{enum.items[swap]}。"
        drafts.append(
            Draft(
                type="truefalse",
                key=f"parallel-tf|{statement}",
                fields={"statement": statement, "answer": False},
                source=enum.sentences[pick].lstrip("—"),
                section=enum.section,
                position=(enum.position[0], enum.position[1] + len(enum.items)),
            )
        )
    return drafts


def _figure_label(other: Figure, figure: Figure) -> str:
    """Another figure's number (with its own 余) in the unit of the figure asked about."""
    return f"{other.number_text}{'余' if other.approx else ''}{figure.unit}"


# A share or level (覆盖率达94.5%) and a change (增长6%) are different measures even in one
# unit: a growth rate offered as a coverage (社会治安满意率提升至36.9%) is plainly false.
_CHANGE_BEFORE = re.compile(
    r"(?:增长|下降|提高|降低|减少|增加|改善|提升|增速|增幅|涨幅|降幅|压减|缩短|精简|扩大)"
    r"(?:了|超|约|近|超过)?$"
)


def figure_kind(figure: Figure) -> str:
    """``change`` for a figure of change (增长5%, 提高1.5倍), else ``level``."""
    lead = (figure.asked or figure.before).rstrip("，")
    return "change" if _CHANGE_BEFORE.search(lead) else "level"


def sibling_figures(
    figure: Figure,
    figures: list[Figure],
    count: int,
    avoid: str = "",
    max_ratio: float | None = None,
) -> list[Figure]:
    """Other figures of the report near this one, one per value.

    Only figures with the same unit and of the same kind (a change, or a level); the same
    余/多 first, then a similar size, then nearest in the text.

    Args:
        figure: the figure asked about.
        figures: every figure of the report.
        count: how many values are wanted.
        avoid: text whose numbers must not be used (the statement or the prompt around the
            figure: an option shown in the stem gives nothing to choose).
        max_ratio: only values within this factor of the figure's (a false statement of
            another scale, 5853.9亿元 for 67665亿元, is plainly false).
    """
    unit = figure.unit.replace("％", "%")
    kind = figure_kind(figure)
    seen = {figure.value}
    avoided = set(_NUMBER.findall(avoid))
    candidates = [
        f
        for f in figures
        if f.value > 0
        and f.unit.replace("％", "%") == unit  # 9356.7 亿元 is never offered as 平方公里
        and f.number_text not in avoided
        and figure_kind(f) == kind
        and (
            max_ratio is None
            or figure.value <= 0
            or 1 / max_ratio <= f.value / figure.value <= max_ratio
        )
        and (not figure.approx or f.value >= 10)
        # 12个专业群 is never offered 4.7个 (per thousand people): a whole count gets whole
        # counts, unless a magnitude (万个) or a share (%) makes fractions natural
        and (
            unit in ("%", "‰")
            or figure.unit[:1] in ("万", "亿", "千")
            or float(f.value).is_integer() == float(figure.value).is_integer()
        )
    ]
    ranked = sorted(
        candidates,
        key=lambda f: (
            f.unit != figure.unit,
            f.approx != figure.approx,
            round(abs(math.log10(f.value) - math.log10(max(figure.value, 1e-9)))),
            abs(f.position[0] - figure.position[0]),
            abs(f.position[1] - figure.position[1]),
            f.value,
        ),
    )
    chosen: list[Figure] = []
    for other in ranked:
        if other.value not in seen:
            seen.add(other.value)
            chosen.append(other)
        if len(chosen) == count:
            break
    return chosen


def figure_choice(figure: Figure, prompt: str, figures: list[Figure]) -> Draft | None:
    """A choice among this figure and three neighbouring figures of the report.

    The wrong options are of the same unit and kind, within a factor of five of the figure
    and never a number the prompt shows (新建绿道137公里、累计达到多少公里？ offers no 137).
    """
    siblings = sibling_figures(figure, figures, 3, avoid=prompt, max_ratio=5)
    if len(siblings) < 3:
        return None
    ordered = sorted([figure, *siblings], key=lambda f: f.value)
    options = [_figure_label(f, figure) for f in ordered]
    return Draft(
        type="choice",
        key=f"figure-choice|{figure.span}|{figure.value}",
        fields={
            "prompt": prompt,
            "options": options,
            "answer": LETTERS[ordered.index(figure)],
        },
        source=figure.span,
        section=figure.section,
        position=figure.position,
        answers=[figure.number_text],
    )


def figure_truefalse(figure: Figure, figures: list[Figure], scope: str = "") -> Draft | None:
    """The figure's clause as a statement, true as written or false with a sibling figure.

    Args:
        figure: the figure.
        figures: figures near it (the sibling comes from them).
        scope: the time the section speaks of (``2024年``), put before the statement.
    """
    if figure.asked:
        return None  # one figure of a 分别 pair: no statement of it alone is a quote
    truth = int(stable_hash(figure.span, "tf"), 16) % 2 == 0
    statement = figure.span
    if not truth:
        siblings = sibling_figures(figure, figures, 1, avoid=figure.span, max_ratio=2)
        if not siblings:
            return None
        statement = figure.before + _figure_label(siblings[0], figure) + figure.after
    statement = statement.rstrip("，,；;") + "。"
    if scope:  # 2025年，其中企业…: 其中 refers to a clause the statement does not show
        statement = re.sub("^(?:其中|同时|此外|另外)，?", "", statement)
    if scope and not re.search(r"\d{4}年|今年|去年|年来|过去|年内|全年|当年|五年", figure.before):
        statement = f"{scope}，{statement}"
    elif statement.startswith("全年") and re.fullmatch(r"\d{4}年", scope):
        statement = scope + statement  # 2025年全年…: the whole of which year
    return Draft(
        type="truefalse",
        key=f"figure-tf|{statement}",
        fields={"statement": statement, "answer": truth},
        source=figure.span,
        section=figure.section,
        position=figure.position,
    )


def mentions_number(text: str, number: str) -> bool:
    """The text contains the number on its own (not as part of a longer number)."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text) is not None
