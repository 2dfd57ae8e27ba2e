"""The bank file: a version-1 document from drafts, readable YAML, and ``--merge``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.core.bank import squeeze
from trainer.core.generation.drafts import Draft
from trainer.core.generation.text import Document

# --------------------------------------------------------------------------- bank


def default_bank_id(report: Path) -> str:
    """A bank id from the report's file name (ASCII letters, digits and '-')."""
    stem = report.stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    if not re.search(r"[a-z]", slug):
        from pypinyin import Style, lazy_pinyin

        letters = "".join(
            p[0] for p in lazy_pinyin(report.stem, style=Style.NORMAL, errors="ignore") if p
        )
        slug = re.sub(r"[^a-z0-9]+", "-", (letters + "-" + slug).lower()).strip("-")
    return slug or "generated-bank"


def bank_document(
    doc: Document, drafts: list[Draft], bank_id: str, title: str, source: str | None
) -> dict[str, Any]:
    """The bank as a version-1 document (a dict ready for YAML)."""
    header: dict[str, Any] = {"id": bank_id, "title": title}
    if source:
        header["source"] = source
    used = {d.section for d in drafts}
    data: dict[str, Any] = {"bank": header}
    sections = [{"id": sid, "title": stitle} for sid, stitle in doc.sections if sid in used]
    if sections:
        data["sections"] = sections
    data["questions"] = [d.to_dict() for d in drafts]
    return data


try:  # libyaml's emitter is several times faster on large banks
    _BaseDumper: type[yaml.SafeDumper] = yaml.CSafeDumper  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseDumper = yaml.SafeDumper


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    pass


def _flow_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, str) and len(v) <= 12 for v in data) and sum(map(len, data)) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _flow_list)


def dump_bank(data: dict[str, Any], comment: str = "") -> str:
    """The bank document as readable YAML (UTF-8 text, keys in writing order)."""
    body = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2
    )
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    return header + body


# --------------------------------------------------------------------------- merge


@dataclass
class MergeReport:
    """What ``--merge`` did.

    Attributes:
        added: ids of new questions.
        kept: ids of questions that were already in the bank (left as they were).
        gone: ids of existing questions whose source quote is no longer in the report.
    """

    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)


def merge_documents(
    existing: dict[str, Any], new: dict[str, Any], report_text: str
) -> tuple[dict[str, Any], MergeReport]:
    """Add the new document's questions to an existing bank; leave existing questions alone.

    Args:
        existing: the existing bank as loaded from YAML (hand edits included).
        new: the freshly generated bank document.
        report_text: the report the new document was generated from.

    Returns:
        The merged document and what was added, kept and gone.
    """
    report = MergeReport()
    old_questions = list(existing.get("questions") or [])
    old_ids = {str(q.get("id")) for q in old_questions if isinstance(q, dict)}
    haystack = squeeze(report_text)
    for question in old_questions:
        if not isinstance(question, dict):
            continue
        report.kept.append(str(question.get("id")))
        source = question.get("source")
        if isinstance(source, str) and source.strip() and squeeze(source) not in haystack:
            report.gone.append(str(question.get("id")))
    added = [q for q in new["questions"] if q["id"] not in old_ids]
    report.added = [q["id"] for q in added]
    header = dict(existing.get("bank") or {})
    for key, value in new["bank"].items():
        if key == "source" or key not in header:
            header[key] = value
    sections = list(existing.get("sections") or [])
    known = {s.get("id") for s in sections if isinstance(s, dict)}
    needed = {q.get("section") for q in added}
    for section in new.get("sections", []):
        if section["id"] not in known and section["id"] in needed:
            sections.append(section)
    merged: dict[str, Any] = {"bank": header}
    if sections:
        merged["sections"] = sections
    merged["questions"] = [*old_questions, *added]
    return merged, report
