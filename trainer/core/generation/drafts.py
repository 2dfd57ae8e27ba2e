"""Draft questions: what the generators produce before ids are assigned and the bank written."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

GENERATED_TAG = "generated"
REVIEWED_TAG = "reviewed"  # `trainer review` puts it in place of GENERATED_TAG


def stable_hash(*parts: object, size: int = 10) -> str:
    """A short hex digest of the parts (deterministic across runs and machines)."""
    raw = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:size]


@dataclass
class Draft:
    """One generated question.

    Attributes:
        type: the question type (version-1 names).
        key: what the question is about; the id is derived from it, so rewording a prompt
            keeps the id.
        fields: the type's fields in the order they are written (``prompt``, ``items`` …).
        source: a verbatim quote of the report.
        section: the section id, if any.
        position: where in the report the quote is (paragraph index, offset), for ordering.
        answers: the texts a learner must produce; a prompt must not contain them.
    """

    type: str
    key: str
    fields: dict[str, Any]
    source: str
    section: str | None
    position: tuple[int, int] = (0, 0)
    answers: list[str] = field(default_factory=list)
    # What a learner must know, 1–10: headings and quoted formulations first, then 一是…,
    # 必须/坚持 runs and headline figures, other runs and figures last (``--max`` keeps the top).
    value: int = 5

    @property
    def id(self) -> str:
        """The stable id: type and a hash of the content key."""
        return f"{self.type}-{stable_hash(self.type, self.key)}"

    def to_dict(self) -> dict[str, Any]:
        """The question as written in the bank file."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.section:
            data["section"] = self.section
        data.update(self.fields)
        data["source"] = self.source
        data["tags"] = [GENERATED_TAG]
        return data

    def gives_away(self) -> bool:
        """True when the visible text contains one of the answers."""
        shown = " ".join(
            str(self.fields.get(k, "")) for k in ("prompt", "statement") if k in self.fields
        )
        if self.type == "cloze":
            shown = re.sub(r"\{\{.*?\}\}", "", str(self.fields.get("text", "")))
        if self.type == "number" or self.key.startswith("figure-choice|"):
            # 6 is not given away by 2026年: a number shows only where no digit touches it
            # (nor is a figure offered among options: 2% of 按2026年的预期目标…)
            return any(
                re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d.])", shown)
                for answer in self.answers
                if answer
            )
        # a one-character item (人 of “人、货、场、链”) shows only as a word of its own, not
        # inside another word (消费场景 does not give 场 away)
        return any(
            answer in shown
            if len(answer) > 1
            else re.search(rf"(?<![\u4e00-\u9fff]){re.escape(answer)}(?![\u4e00-\u9fff])", shown)
            for answer in self.answers
            if answer
        )
