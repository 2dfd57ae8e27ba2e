"""The bank file: a version-1 document from drafts, readable YAML, and ``--merge``."""

from __future__ import annotations

import copy
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


def dump_bank(data: dict[str, Any] | list[Any], comment: str = "") -> str:
    """The bank document (or a list of its items) as readable YAML (UTF-8, keys in order)."""
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
    rewritten: bool = False
    """The file had to be written anew (its comments and layout lost): see :func:`merge_text`."""


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


def merge_text(
    existing_text: str, top: Any, existing: dict[str, Any], merged: dict[str, Any]
) -> str | None:
    """The existing bank file's text with the merge applied as edits, or None.

    Rather than writing the merged document anew (which loses the learner's comments and
    layout and turns a small change into a diff of the whole file), the new questions are
    appended to the ``questions`` list, new sections added after the last section, and changed
    header values replaced on their own lines. This works for the usual layout: ``questions``
    last, block lists and a block ``bank`` header. Anything else returns None (the caller
    writes the document anew), and so does any result that does not read back as exactly the
    merged document.

    Args:
        existing_text: the bank file as it is.
        top: the places of its parts (:func:`trainer.core.bank.yamlread.read_yaml`).
        existing: its data (from the same read).
        merged: the document :func:`merge_documents` made from it.

    Returns:
        The new file text, or None.
    """
    from trainer.core.bank.yamlread import Where, child, items_of

    if not isinstance(top, Where) or not top.keys:
        return None
    lines = existing_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key_lines = top.keys  # top-level key → 1-based line
    if max(key_lines, key=key_lines.__getitem__) != "questions":
        return None  # something follows the questions: appending at the end would not do
    edits: list[tuple[int, list[str]]] = []  # (0-based line to insert before, lines)

    # -- questions: appended at the end, indented like the existing items
    old_count = len(existing.get("questions") or [])
    added = merged["questions"][old_count:]
    if added:
        indent = _item_indent(lines, items_of(child(top, "questions")), key_lines["questions"])
        if indent is None:
            return None
        edits.append((len(lines), _indented(dump_bank(added), indent)))

    # -- sections: after the last existing one, or a new list before the questions
    old_sections = existing.get("sections") or []
    new_sections = (merged.get("sections") or [])[len(old_sections) :]
    if new_sections:
        if "sections" in key_lines:
            places = items_of(child(top, "sections"))
            indent = _item_indent(lines, places, key_lines["sections"])
            following = min(n for n in key_lines.values() if n > key_lines["sections"])
            if indent is None:
                return None
            edits.append(
                (_end_of_block(lines, following - 1), _indented(dump_bank(new_sections), indent))
            )
        else:
            block = dump_bank({"sections": new_sections}).splitlines(keepends=True)
            edits.append((key_lines["questions"] - 1, block))

    # -- header: changed values replaced on their lines, new keys added after the last one
    header_place = child(top, "bank")
    old_header, new_header = existing.get("bank") or {}, merged.get("bank") or {}
    changed = {k: v for k, v in new_header.items() if old_header.get(k) != v}
    if changed:
        if not isinstance(header_place, Where) or header_place.line <= key_lines["bank"]:
            return None  # a flow header ({id: …, title: …}) on the key's line
        header_keys = header_place.keys or {}
        replaced: dict[int, str] = {}
        appended: list[str] = []
        indent_text = _leading(lines[header_place.line - 1])
        for key, value in changed.items():
            scalar = _scalar_text(value)
            if scalar is None:
                return None
            if key in header_keys:
                index = header_keys[key] - 1
                match = re.match(
                    rf"^\s*{re.escape(key)}:\s*[^\s#|>&*!{{\[][^#]*(#.*)?$", lines[index]
                )
                if match is None:
                    return None  # a block scalar or a value on the next line
                comment = f"  {match.group(1)}" if match.group(1) else ""
                replaced[index] = f"{_leading(lines[index])}{key}: {scalar}{comment}\n"
            else:
                appended.append(f"{indent_text}{key}: {scalar}\n")
        for index, text in replaced.items():
            lines[index] = text
        if appended:
            following = min(n for n in key_lines.values() if n > key_lines["bank"])
            edits.append((_end_of_block(lines, following - 1), appended))

    for at, block in sorted(edits, key=lambda edit: edit[0], reverse=True):
        lines[at:at] = block
    text = "".join(lines)
    try:
        if yaml.safe_load(text) != merged:
            return None
    except yaml.YAMLError:
        return None
    return text


def _leading(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]


def _item_indent(lines: list[str], places: list[Any] | None, key_line: int) -> str | None:
    """The indentation of a block list's ``-`` (None when the list is not a block list)."""
    if not places:
        return None
    first = places[0]
    line = first if isinstance(first, int) else first.line
    if line <= key_line:
        return None  # a flow list on the key's line
    text = lines[line - 1]
    match = re.match(r"^( *)- ", text)
    return match.group(1) if match else None


def _end_of_block(lines: list[str], next_key_index: int) -> int:
    """Where to insert after a block that ends before line ``next_key_index`` (0-based):
    after its last content line, before the blank lines and comments that lead to the next key."""
    at = next_key_index
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    return at


def _indented(text: str, indent: str) -> list[str]:
    return [indent + line if line.strip() else line for line in text.splitlines(keepends=True)]


def _scalar_text(value: Any) -> str | None:
    """A scalar as YAML writes it on one line, or None for anything else."""
    if not isinstance(value, str | int | float):  # bool is an int
        return None
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10_000)
    text = text.removesuffix("\n...\n").removesuffix("\n")
    return None if "\n" in text else text


# --------------------------------------------------------------------------- review edits


class BankEditError(Exception):
    """A question could not be edited in place; ``key`` is a message key, ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values


def _question_block(text: str, question_id: str) -> tuple[list[str], int, int, str, Any]:
    """The file's lines, where the question's block starts and ends (0-based), its indent,
    and the file's data."""
    from trainer.core.bank.yamlread import Where, child, items_of, read_yaml

    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    data, top = read_yaml(text)
    questions = data.get("questions") if isinstance(data, dict) else None
    places = items_of(child(top, "questions"))
    if not isinstance(questions, list) or not places or len(places) != len(questions):
        raise BankEditError("review.error.layout")
    index = next(
        (i for i, q in enumerate(questions) if isinstance(q, dict) and q.get("id") == question_id),
        None,
    )
    if index is None:
        raise BankEditError("review.error.gone", id=question_id)

    def line_of(place: Any) -> int:
        return place.line if isinstance(place, Where) else int(place)

    start = line_of(places[index]) - 1
    match = re.match(r"^( *)- ", lines[start]) if start < len(lines) else None
    if match is None:
        raise BankEditError("review.error.layout")
    if index + 1 < len(places):
        end = _end_of_block(lines, line_of(places[index + 1]) - 1)
    else:
        keys = top.keys if isinstance(top, Where) and top.keys else {}
        after = [n for n in keys.values() if n > line_of(places[index])]
        end = _end_of_block(lines, min(after) - 1) if after else len(lines)
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
    return lines, start, end, match.group(1), data


def edit_question(text: str, question_id: str, new: dict[str, Any] | None) -> str:
    """The bank file's text with one question replaced by ``new`` (or removed when None).

    Everything else — the header, comments, the other questions and their layout — stays as
    it is; the comments just above the question are kept too.

    Args:
        text: the bank file's text.
        question_id: the question's id.
        new: the question as it should be written, or None to remove it.

    Returns:
        The new text (it reads back as exactly the intended document).

    Raises:
        BankEditError: the question is not there, or the file's layout cannot be edited in place.
    """
    lines, start, end, indent, data = _question_block(text, question_id)
    expected = copy.deepcopy(data)
    position = next(i for i, q in enumerate(expected["questions"]) if q.get("id") == question_id)
    if new is None:
        del expected["questions"][position]
        block: list[str] = []
    else:
        expected["questions"][position] = new
        block = _indented(dump_bank([new]), indent)
    result = "".join(lines[:start] + block + lines[end:])
    _check(result, expected)
    return result


def retag_question(text: str, question_id: str, old: str, new: str) -> str:
    """The bank file's text with the tag ``old`` of one question replaced by ``new``.

    Only the ``tags`` line changes when it is a one-line list (``tags: [generated]``), so the
    question keeps its layout and comments; otherwise the question is rewritten.

    Raises:
        BankEditError: as :func:`edit_question`.
    """
    lines, start, end, _, data = _question_block(text, question_id)
    question = next(q for q in data["questions"] if q.get("id") == question_id)
    tags = [str(tag) for tag in question.get("tags") or []]
    wanted = [new if tag == old else tag for tag in tags]
    if new not in wanted:
        wanted.append(new)
    expected = copy.deepcopy(data)
    for item in expected["questions"]:
        if item.get("id") == question_id:
            item["tags"] = wanted
    for at in range(start, end):
        match = re.match(r"^(\s*(?:- )?)tags:\s*\[[^\]\n]*\](\s*#.*)?\n$", lines[at])
        if match:
            flow = ", ".join(_scalar_text(tag) or tag for tag in wanted)
            lines[at] = f"{match.group(1)}tags: [{flow}]{match.group(2) or ''}\n"
            result = "".join(lines)
            try:
                _check(result, expected)
                return result
            except BankEditError:
                break
    rewritten = dict(question)
    rewritten["tags"] = wanted
    return edit_question(text, question_id, rewritten)


def _check(text: str, expected: Any) -> None:
    try:
        if yaml.safe_load(text) == expected:
            return
    except yaml.YAMLError:
        pass
    raise BankEditError("review.error.layout")
