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
from trainer.core.generation.text import cn_numeral

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def _shuffled(values: list[str], seed: str) -> list[str]:
    """A deterministic shuffle: sort by a hash of each value and the seed."""
    return sorted(values, key=lambda v: stable_hash(seed, v))


def odd_one_out(enum: Enumeration, others: list[Enumeration]) -> Draft | None:
    """“Which of these is not among …?”: three items of the list and one from another list.

    Args:
        enum: the enumeration asked about.
        others: every enumeration of the report (the foreign item comes from one of them).

    Returns:
        A choice draft, or None when no foreign item of similar shape exists.
    """
    if enum.kind not in ("ordinal", "run", "quoted") or len(enum.items) < 3:
        return None
    own = set(enum.items)
    mean = sum(map(len, enum.items)) / len(enum.items)
    pool = sorted(
        {
            item
            for other in others
            if other is not enum and other.kind in ("ordinal", "run", "quoted")
            for item in other.items
            if item not in own
            and not any(item in mine or mine in item for mine in own)
            and abs(len(item) - mean) <= max(2, mean / 2)
        }
    )
    if not pool:
        return None
    heads = {item[:2] for item in enum.items}
    tails = {item[-2:] for item in enum.items}

    def likeness(item: str) -> tuple[int, float]:
        # An odd option that looks like the others (same lead or ending, similar length).
        alike = (item[:2] in heads) + (item[-2:] in tails)
        return (-alike, abs(len(item) - mean))

    best = min(map(likeness, pool))
    # Among the equally alike, a stable pseudo-random pick (hashing only those: fast).
    foreign = min(
        (item for item in pool if likeness(item) == best),
        key=lambda item: stable_hash(enum.source, item),
    )
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


def sibling_figures(
    figure: Figure, figures: list[Figure], count: int, avoid: str = ""
) -> list[Figure]:
    """Other figures of the report near this one, one per value.

    Only figures with the same unit; the same 余/多 first, then a similar size, then
    nearest in the text.

    Args:
        figure: the figure asked about.
        figures: every figure of the report.
        count: how many values are wanted.
        avoid: text whose numbers must not be used (the statement around the figure).
    """
    unit = figure.unit.replace("％", "%")
    seen = {figure.value}
    avoided = set(_NUMBER.findall(avoid))
    candidates = [
        f
        for f in figures
        if f.value > 0
        and f.unit.replace("％", "%") == unit  # 9356.7 亿元 is never offered as 平方公里
        and f.number_text not in avoided
        and (not figure.approx or f.value >= 10)
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
    """A choice among this figure and three neighbouring figures of the report."""
    siblings = sibling_figures(figure, figures, 3)
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
        siblings = sibling_figures(figure, figures, 1, avoid=figure.span)
        if not siblings:
            return None
        statement = figure.before + _figure_label(siblings[0], figure) + figure.after
    statement = statement.rstrip("，,；;") + "。"
    if scope and not re.search(r"\d{4}年|今年|去年|年来|过去|年内|全年|当年", figure.before):
        statement = f"{scope}，{statement}"
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
