"""Small text helpers for generation: sentences, clauses, Chinese numerals, the document model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trainer.core.generation.clean import Block

CN_DIGITS = "一二三四五六七八九十"
_OPEN = "“‘《（(【「『"
_CLOSE = "”’》）)】」』"
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
CLAUSE_BREAKS = "，；：。！？,;:!?"


def cn_number(word: str) -> int:
    """The value of a small Chinese numeral (一 … 九十九).

    Args:
        word: e.g. ``七`` or ``十二``.

    Returns:
        The value, or 0 when ``word`` is not a numeral.
    """
    if not word or any(c not in CN_DIGITS for c in word):
        return 0
    if word == "十":
        return 10
    if "十" in word:
        tens, _, ones = word.partition("十")
        return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (
            CN_DIGITS.index(ones) + 1 if ones else 0
        )
    return CN_DIGITS.index(word) + 1 if len(word) == 1 else 0


def cn_numeral(value: int) -> str:
    """A small number written in Chinese (1 → 一, 12 → 十二)."""
    if value <= 0:
        return str(value)
    if value <= 10:
        return "一二三四五六七八九十"[value - 1]
    if value < 20:
        return "十" + cn_numeral(value - 10)
    if value < 100:
        tens, ones = divmod(value, 10)
        return cn_numeral(tens) + "十" + (cn_numeral(ones) if ones else "")
    return str(value)


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences, keeping their final punctuation."""
    return [s for s in (m.group(0).strip() for m in _SENTENCE.finditer(text)) if s]


def top_level_splits(text: str, separators: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between separators that are outside quotes and brackets.

    Args:
        text: the text to split.
        separators: characters that separate pieces.

    Returns:
        ``(start, end)`` spans; the separators themselves are not included.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


def common_prefix(texts: list[str]) -> str:
    """The longest prefix all texts share."""
    if not texts:
        return ""
    first = min(texts)
    last = max(texts)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


def common_suffix(texts: list[str]) -> str:
    """The longest suffix all texts share."""
    return common_prefix([t[::-1] for t in texts])[::-1]


@dataclass
class Paragraph:
    """A paragraph of the report with the section it belongs to."""

    text: str
    section: str | None
    index: int


@dataclass
class Heading:
    """A heading with its section id and level."""

    text: str
    section: str
    level: int
    index: int
    children: list[Heading] = field(default_factory=list)
    paragraphs: int = 0


@dataclass
class Document:
    """The cleaned report as headings and paragraphs, ready for generation."""

    paragraphs: list[Paragraph]
    headings: list[Heading]
    sections: list[tuple[str, str]]  # (id, title) in order
    title: str = ""

    @property
    def text(self) -> str:
        """All paragraphs, one per line."""
        return "\n".join(p.text for p in self.paragraphs)

    def scope(self, section: str | None) -> str:
        """The time a section speaks of, from its heading or its top heading.

        ``【过去五年工作回顾】`` → ``五年来``, ``一、2023年工作回顾`` → ``2023年``,
        ``今年工作建议`` → ``今年``; empty when the headings name no time.
        """
        for heading in self.headings:
            if heading.section == section or any(c.section == section for c in heading.children):
                found = _scope_of(heading.text)
                if found and (heading.section == section or heading.level == 1):
                    return found
        return ""


# A paragraph or sentence that opens with its period: the figures in it (and in the
# paragraphs after it, until another period or section) belong to that period.
_PERIOD_OPENINGS = re.compile(
    r"^(?:各位代表[！!，,]?)?(?:(?P<plan>“十[一二三四五六七八九]五”(?:时期|期间|的五年)?)"
    r"|(?P<five>过去五年|五年来|这五年|近五年)"
    r"|(?P<year>过去一年|一年来|去年|(?:19|20)\d{2}年(?![\d度底末初])))"
)
_TARGETS = re.compile(r"预期目标|主要目标")


def opening_period(text: str) -> tuple[str, str]:
    """The period a paragraph or sentence opens with, as ``(kind, words)``.

    ``五年来，我们…`` → ``("five", "五年来")``; ``“十四五”时期，…`` → ``("five", "“十四五”时期")``;
    ``过去一年，…`` → ``("year", "过去一年")``; a sentence naming the targets (预期目标) →
    ``("target", "")``; ``("", "")`` otherwise.
    """
    match = _PERIOD_OPENINGS.match(text)
    if match:
        if match.group("plan"):
            return "five", match.group("plan")
        if match.group("five"):
            return "five", match.group("five")
        return "year", match.group("year")
    if _TARGETS.search(text[:40]):
        return "target", ""
    return "", ""


_PAST_YEARS = re.compile(r"过去([一二三四五六七八九十\d]{1,2})年")
_YEAR = re.compile(r"((?:19|20)\d{2})年")


def _scope_of(title: str) -> str:
    if match := _PAST_YEARS.search(title):
        return "过去一年" if match.group(1) == "一" else f"{match.group(1)}年来"
    plan = re.search("“十[一二三四五六七八九]五”", title)
    if plan and not _YEAR.search(title[: plan.start()]):
        return f"{plan.group(0)}时期"
    if match := _YEAR.search(title):
        return f"{match.group(1)}年"
    return "今年" if "今年" in title else ""


def section_id(title: str, taken: set[str]) -> str:
    """A stable ASCII id for a section title (pinyin initials), unique among ``taken``."""
    from pypinyin import Style, lazy_pinyin

    core = re.sub(r"^[【（(]?[一二三四五六七八九十\d]+[、）)．.]|[【】]", "", title)
    letters = "".join(
        part[0]
        for part in lazy_pinyin(core, style=Style.NORMAL, errors="ignore")
        if part and part[0].isascii() and part[0].isalnum()
    ).lower()[:12]
    base = f"s-{letters or 'part'}"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def build_document(blocks: list[Block]) -> Document:
    """Group blocks into sections: each heading starts one.

    Paragraphs before the first heading belong to the first top heading that has no text of
    its own (newspaper pages often print a column above its heading); otherwise to no section.

    Args:
        blocks: the cleaned report's blocks.

    Returns:
        The document.
    """
    taken: set[str] = set()
    headings: list[Heading] = []
    paragraphs: list[Paragraph] = []
    current: Heading | None = None
    parent: Heading | None = None
    for position, block in enumerate(blocks):
        if block.kind == "heading" and _DATELINE.match(block.text):
            continue  # （2024年1月12日）: a dateline, not a part of the report
        if block.kind == "heading":
            heading = Heading(block.text, section_id(block.text, taken), block.level, position)
            headings.append(heading)
            if block.level == 1:
                parent = heading
            elif parent is not None:
                parent.children.append(heading)
            current = heading
        else:
            if current is not None:
                current.paragraphs += 1
            paragraphs.append(Paragraph(block.text, current.section if current else None, 0))
    lead_owner = next(
        (h for h in headings if h.level == 1 and h.paragraphs == 0 and not h.children), None
    )
    if lead_owner is not None:
        for paragraph in paragraphs:
            if paragraph.section is not None:
                break
            paragraph.section = lead_owner.section
            lead_owner.paragraphs += 1
    for index, paragraph in enumerate(paragraphs):
        paragraph.index = index
    sections = [(h.section, _title(h.text)) for h in headings]
    return Document(paragraphs, headings, sections, _document_title(blocks))


_DATELINE = re.compile(r"^[（(]?\d{4}年\d{1,2}月(?:\d{1,2}日)?[）)]?$")
_TITLE_WORDS = re.compile("报告|讲话|说明|决议|决定|纲要|意见|通知|公报|致辞|发言")


def _document_title(blocks: list[Block]) -> str:
    """The report's title: its opening heading, or a ——subtitle that names the document."""
    subtitles = [
        b.text.lstrip("—") for b in blocks if b.kind == "heading" and b.text.startswith("——")
    ]
    named = next((s for s in subtitles if _TITLE_WORDS.search(s)), "")
    first = blocks[0] if blocks else None
    opening = (
        first.text
        if first is not None and first.kind == "heading" and not first.text.startswith(("【", "——"))
        else ""
    )
    if opening and (_TITLE_WORDS.search(opening) or not named):
        return opening
    return named or (subtitles[0] if subtitles else "")


def _title(text: str) -> str:
    return text.strip("【】")
