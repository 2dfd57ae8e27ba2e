"""Headings as enumerations: sibling headings in order, titles made of parallel phrases."""

from __future__ import annotations

import re

from trainer.core.generation.enumerations import _NUM, Enumeration
from trainer.core.generation.text import Document, Heading, cn_numeral, common_prefix


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
        items = [re.sub(rf"^(?:{_NUM}、|[（(]{_NUM}[）)])", "", h.text).rstrip("。") for h in kept]
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
