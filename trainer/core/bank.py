"""Question banks: the version-1 YAML format, its data model, loading and validation.

A bank file looks like::

    bank: {id: zz-cppcc-14-2023, title: ..., source: ../seeds/report.txt}
    sections: [{id: lessons, title: 五年工作主要体会}]
    questions:
      - {id: five-musts, type: list, section: lessons, prompt: ..., items: [...], source: ...}

Loading never raises anything but :class:`BankError`, whose message lists every problem of the
file at once as ``path:line: question 'id': what to fix`` lines.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

try:  # The C loader is ~10x faster on large banks; fall back when libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FORMAT_VERSION = 1

QuestionType = Literal["short", "cloze", "list", "choice", "truefalse", "number", "order"]
QUESTION_TYPES: tuple[QuestionType, ...] = (
    "short",
    "cloze",
    "list",
    "choice",
    "truefalse",
    "number",
    "order",
)
LETTERS = "ABCDEFGH"
ALTERNATIVE_SEPARATOR = "|"
BLANK_PATTERN = re.compile(r"\{\{(.*?)\}\}")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")

_COMMON_KEYS = {"id", "type", "section", "prompt", "source", "explanation", "hint", "tags"}
_TYPE_KEYS: dict[str, set[str]] = {
    "short": {"answer", "accept"},
    "cloze": {"text"},
    "list": {"items", "ordered"},
    "choice": {"options", "answer"},
    "truefalse": {"statement", "answer"},
    "number": {"answer", "unit", "tolerance", "approx"},
    "order": {"items"},
}
_ALL_QUESTION_KEYS = _COMMON_KEYS.union(*_TYPE_KEYS.values())
_BANK_KEYS = {"id", "title", "source", "description", "version", "language"}
_TOP_KEYS = {"bank", "sections", "questions"}
_SECTION_KEYS = {"id", "title"}


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Section:
    """A part of the report that questions belong to."""

    id: str
    title: str


@dataclass(frozen=True, kw_only=True)
class Question:
    """Fields shared by every question type.

    ``prompt`` is always filled: for cloze it is ``text`` with blanks shown as ``＿＿``, for
    truefalse it is the statement.
    """

    id: str
    type: QuestionType
    prompt: str
    source: str = ""
    section: str | None = None
    explanation: str = ""
    hint: str = ""
    tags: tuple[str, ...] = ()
    line: int = 0
    bank_id: str = ""

    @property
    def content_hash(self) -> str:
        """A short hash of what the learner is asked and what is accepted.

        Returns:
            16 hex digits; changes when the prompt or the expected answer changes, not when
            the explanation, hint, tags or position in the file change.
        """
        payload = {
            k: v
            for k, v in self.to_dict().items()
            if k not in {"explanation", "hint", "tags", "section", "source"}
        }
        raw = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The question as it would be written in a bank file (version 1)."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.section:
            data["section"] = self.section
        data.update(self._type_fields())
        if self.source:
            data["source"] = self.source
        if self.explanation:
            data["explanation"] = self.explanation
        if self.hint:
            data["hint"] = self.hint
        if self.tags:
            data["tags"] = list(self.tags)
        return data

    def _type_fields(self) -> dict[str, Any]:
        return {"prompt": self.prompt}


def _alternatives(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(ALTERNATIVE_SEPARATOR) if part.strip())


@dataclass(frozen=True, kw_only=True)
class ShortQuestion(Question):
    """Free answer: one expected wording plus other accepted wordings."""

    answer: str
    accept: tuple[str, ...] = ()

    @property
    def answers(self) -> tuple[str, ...]:
        """Every accepted wording, the canonical one first."""
        return (self.answer, *self.accept)

    def _type_fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {"prompt": self.prompt, "answer": self.answer}
        if self.accept:
            data["accept"] = list(self.accept)
        return data


@dataclass(frozen=True, kw_only=True)
class ClozeQuestion(Question):
    """A sentence with blanks; ``blanks[i]`` holds the accepted wordings of blank i."""

    text: str
    blanks: tuple[tuple[str, ...], ...] = ()

    def _type_fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.prompt != cloze_display(self.text):
            data["prompt"] = self.prompt
        return data

    @property
    def segments(self) -> list[str | int]:
        """The text split into literal strings and blank indexes, in order."""
        parts: list[str | int] = []
        position = 0
        for index, match in enumerate(BLANK_PATTERN.finditer(self.text)):
            if match.start() > position:
                parts.append(self.text[position : match.start()])
            parts.append(index)
            position = match.end()
        if position < len(self.text):
            parts.append(self.text[position:])
        return parts


@dataclass(frozen=True, kw_only=True)
class ListQuestion(Question):
    """An enumeration; ``items[i]`` holds the accepted wordings of item i."""

    items: tuple[tuple[str, ...], ...]
    ordered: bool = False

    def _type_fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "prompt": self.prompt,
            "items": [ALTERNATIVE_SEPARATOR.join(alts) for alts in self.items],
        }
        if self.ordered:
            data["ordered"] = True
        return data


@dataclass(frozen=True, kw_only=True)
class ChoiceQuestion(Question):
    """Single or multiple choice; ``correct`` holds 0-based option indexes."""

    options: tuple[str, ...]
    correct: tuple[int, ...]
    multiple: bool = False

    @property
    def answer_letters(self) -> str:
        """The correct letters, e.g. ``"AC"``."""
        return "".join(LETTERS[i] for i in self.correct)

    def _type_fields(self) -> dict[str, Any]:
        answer: Any = list(self.answer_letters) if self.multiple else self.answer_letters
        return {"prompt": self.prompt, "options": list(self.options), "answer": answer}


@dataclass(frozen=True, kw_only=True)
class TrueFalseQuestion(Question):
    """A statement that is true or false; ``prompt`` is the statement."""

    answer: bool

    def _type_fields(self) -> dict[str, Any]:
        return {"statement": self.prompt, "answer": self.answer}


@dataclass(frozen=True, kw_only=True)
class NumberQuestion(Question):
    """A figure. ``approx`` means the report says 余/多 (at least, roughly)."""

    answer: float
    unit: str = ""
    tolerance: float = 0.0
    approx: bool = False

    @property
    def answer_text(self) -> str:
        """The answer as the report writes it, e.g. ``100余次`` or ``77.8%``."""
        value = int(self.answer) if float(self.answer).is_integer() else self.answer
        suffix = "余" if self.approx else ""
        return f"{value}{suffix}{self.unit}"

    def _type_fields(self) -> dict[str, Any]:
        value = int(self.answer) if float(self.answer).is_integer() else self.answer
        data: dict[str, Any] = {"prompt": self.prompt, "answer": value}
        if self.unit:
            data["unit"] = self.unit
        if self.tolerance:
            data["tolerance"] = self.tolerance
        if self.approx:
            data["approx"] = True
        return data


@dataclass(frozen=True, kw_only=True)
class OrderQuestion(Question):
    """Items to put in order; ``items`` is the correct order."""

    items: tuple[str, ...]

    def _type_fields(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "items": list(self.items)}


AnyQuestion = (
    ShortQuestion
    | ClozeQuestion
    | ListQuestion
    | ChoiceQuestion
    | TrueFalseQuestion
    | NumberQuestion
    | OrderQuestion
)


@dataclass(frozen=True)
class Bank:
    """A loaded, validated question bank."""

    id: str
    title: str
    path: Path | None
    questions: tuple[AnyQuestion, ...]
    sections: tuple[Section, ...] = ()
    source_path: Path | None = None
    _index: dict[str, AnyQuestion] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self._index:
            self._index.update({q.id: q for q in self.questions})

    def question(self, question_id: str) -> AnyQuestion:
        """The question with this id.

        Raises:
            KeyError: no question has this id.
        """
        return self._index[question_id]

    def get(self, question_id: str) -> AnyQuestion | None:
        """The question with this id, or None."""
        return self._index.get(question_id)

    def section(self, section_id: str | None) -> Section | None:
        """The section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def section_title(self, section_id: str | None) -> str:
        """The title of a section, or an empty string."""
        found = self.section(section_id)
        return found.title if found else ""

    def report_text(self) -> str | None:
        """The raw text of the report this bank quotes, if it has one and it can be read."""
        if self.source_path is None:
            return None
        try:
            return self.source_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def counts_by_type(self) -> dict[str, int]:
        """Number of questions of each type, in the order of QUESTION_TYPES."""
        counts = {t: 0 for t in QUESTION_TYPES}
        for q in self.questions:
            counts[q.type] += 1
        return {t: n for t, n in counts.items() if n}

    def to_dict(self) -> dict[str, Any]:
        """The bank as a version-1 document (for writing YAML)."""
        header: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.source_path is not None and self.path is not None:
            try:
                header["source"] = Path(_relative(self.source_path, self.path.parent)).as_posix()
            except ValueError:
                header["source"] = str(self.source_path)
        data: dict[str, Any] = {"bank": header}
        if self.sections:
            data["sections"] = [{"id": s.id, "title": s.title} for s in self.sections]
        data["questions"] = [q.to_dict() for q in self.questions]
        return data


def _relative(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target.resolve(), start.resolve())


def cloze_display(text: str, blank: str = "＿＿＿＿") -> str:
    """The cloze text with each ``{{…}}`` shown as a blank line."""
    return BLANK_PATTERN.sub(blank, text)


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank file."""

    path: str
    line: int
    message: str
    question_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.question_id is not None:
            return f"{where}: question '{self.question_id}': {self.message}"
        return f"{where}: {self.message}"


class BankError(Exception):
    """A bank file could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# --------------------------------------------------------------------------- loading


def load_bank(path: str | Path) -> Bank:
    """Load and validate one bank file.

    Args:
        path: a YAML file in the version-1 format.

    Returns:
        The validated bank.

    Raises:
        BankError: anything is wrong; the message lists every problem, one per line.
    """
    file = Path(path)
    shown = str(path)
    if file.is_dir():
        raise BankError([Problem(shown, 0, "is a directory, not a bank file (give a .yaml file)")])
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise BankError([Problem(shown, 0, "no such file")]) from None
    except OSError as error:
        raise BankError([Problem(shown, 0, f"cannot be read: {error.strerror}")]) from None
    return parse_bank(raw, shown, base_dir=file.parent, path=file)


def parse_bank(
    raw: bytes | str, shown: str, *, base_dir: Path | None = None, path: Path | None = None
) -> Bank:
    """Parse and validate bank text.

    Args:
        raw: the file's bytes (UTF-8) or text.
        shown: the name used in error messages.
        base_dir: directory against which ``bank.source`` is resolved.
        path: the bank's file, if it has one.

    Returns:
        The validated bank.

    Raises:
        BankError: anything is wrong.
    """
    if isinstance(raw, bytes):
        if b"\x00" in raw[:8192]:
            raise BankError([Problem(shown, 0, "is a binary file, not a YAML bank")])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise BankError(
                [Problem(shown, line, "is not UTF-8 text (save the file as UTF-8)")]
            ) from None
    else:
        text = raw
    if not text.strip():
        raise BankError([Problem(shown, 0, "is empty (a bank needs 'bank' and 'questions')")])
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                raise BankError(
                    [Problem(shown, 0, "is empty (a bank needs 'bank' and 'questions')")]
                )
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        reason = error.problem or "invalid YAML"
        raise BankError([Problem(shown, line, f"invalid YAML: {reason}")]) from None
    except yaml.YAMLError as error:
        raise BankError([Problem(shown, 0, f"invalid YAML: {error}")]) from None
    return _Validator(shown, node, data, base_dir, path).build()


def _node_lines(node: yaml.Node) -> tuple[int, dict[str, int]]:
    """The node's line and, for a mapping, the line of each key (1-based)."""
    keys: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            keys[str(key_node.value)] = key_node.start_mark.line + 1
    return node.start_mark.line + 1, keys


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    return None


def _suggest(key: str, allowed: Iterable[str]) -> str:
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class _Validator:
    """Walks the composed YAML nodes and the constructed data side by side."""

    def __init__(
        self,
        shown: str,
        node: yaml.Node,
        data: Any,
        base_dir: Path | None,
        path: Path | None,
    ) -> None:
        self.shown = shown
        self.node = node
        self.data = data
        self.base_dir = base_dir
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, line: int, message: str, qid: str | None = None) -> None:
        self.problems.append(Problem(self.shown, line, message, qid))

    def build(self) -> Bank:
        if not isinstance(self.data, Mapping):
            self.fail(
                self.node.start_mark.line + 1,
                "the top level must be a mapping with 'bank' and 'questions'",
            )
            raise BankError(self.problems)
        top_line, top_keys = _node_lines(self.node)
        for key in self.data:
            if key not in _TOP_KEYS:
                self.fail(
                    top_keys.get(str(key), top_line),
                    f"unknown top-level key '{key}'{_suggest(str(key), _TOP_KEYS)}",
                )
        bank_id, title, source_path = self._header(top_line)
        sections = self._sections()
        section_ids = {s.id for s in sections}
        questions = self._questions(top_line, section_ids, bank_id)
        if self.problems:
            raise BankError(self.problems)
        return Bank(
            id=bank_id,
            title=title,
            path=self.path,
            questions=tuple(questions),
            sections=tuple(sections),
            source_path=source_path,
        )

    # -- header

    def _header(self, top_line: int) -> tuple[str, str, Path | None]:
        header = self.data.get("bank")
        node = _child(self.node, "bank")
        if header is None:
            self.fail(top_line, "missing 'bank' (add bank: {id: ..., title: ...})")
            return "", "", None
        line, keys = _node_lines(node) if node is not None else (top_line, {})
        if not isinstance(header, Mapping):
            self.fail(line, "'bank' must be a mapping with 'id' and 'title'")
            return "", "", None
        for key in header:
            if key not in _BANK_KEYS:
                self.fail(
                    keys.get(str(key), line),
                    f"bank: unknown key '{key}'{_suggest(str(key), _BANK_KEYS)}",
                )
        bank_id = header.get("id")
        if not isinstance(bank_id, str) or not ID_PATTERN.match(bank_id):
            self.fail(
                keys.get("id", line), "bank: 'id' is required: letters, digits, '-', '_' or '.'"
            )
            bank_id = ""
        title = header.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail(keys.get("title", line), "bank: 'title' is required (a non-empty string)")
            title = ""
        source_path: Path | None = None
        source = header.get("source")
        if source is not None:
            if not isinstance(source, str) or not source.strip():
                self.fail(keys.get("source", line), "bank: 'source' must be a path to the report")
            elif self.base_dir is not None:
                source_path = (self.base_dir / source).resolve()
        version = header.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            self.fail(
                keys.get("version", line),
                f"bank: format version {version!r} is not supported (this trainer reads version {FORMAT_VERSION})",
            )
        return bank_id, title, source_path

    # -- sections

    def _sections(self) -> list[Section]:
        raw = self.data.get("sections")
        node = _child(self.node, "sections")
        if raw is None:
            return []
        if not isinstance(raw, list) or not isinstance(node, yaml.SequenceNode):
            self.fail(
                node.start_mark.line + 1 if node else 0, "'sections' must be a list of {id, title}"
            )
            return []
        sections: list[Section] = []
        seen: set[str] = set()
        for item, item_node in zip(raw, node.value, strict=True):
            line, keys = _node_lines(item_node)
            if not isinstance(item, Mapping):
                self.fail(line, "a section must be a mapping {id: ..., title: ...}")
                continue
            for key in item:
                if key not in _SECTION_KEYS:
                    self.fail(
                        keys.get(str(key), line),
                        f"section: unknown key '{key}'{_suggest(str(key), _SECTION_KEYS)}",
                    )
            sid, title = item.get("id"), item.get("title")
            if not isinstance(sid, str) or not ID_PATTERN.match(sid):
                self.fail(line, "section: 'id' is required: letters, digits, '-', '_' or '.'")
                continue
            if sid in seen:
                self.fail(line, f"section '{sid}' is defined twice (section ids must be unique)")
                continue
            if not isinstance(title, str) or not title.strip():
                self.fail(line, f"section '{sid}': 'title' is required")
                continue
            seen.add(sid)
            sections.append(Section(sid, title.strip()))
        return sections

    # -- questions

    def _questions(self, top_line: int, section_ids: set[str], bank_id: str) -> list[AnyQuestion]:
        raw = self.data.get("questions")
        node = _child(self.node, "questions")
        if raw is None:
            self.fail(top_line, "missing 'questions' (a list of questions)")
            return []
        if not isinstance(raw, list) or not isinstance(node, yaml.SequenceNode):
            self.fail(node.start_mark.line + 1 if node else top_line, "'questions' must be a list")
            return []
        if not raw:
            self.fail(node.start_mark.line + 1, "'questions' is empty (add at least one question)")
        questions: list[AnyQuestion] = []
        seen: dict[str, int] = {}
        for position, (item, item_node) in enumerate(zip(raw, node.value, strict=True), start=1):
            line, keys = _node_lines(item_node)
            if not isinstance(item, Mapping):
                self.fail(line, f"question #{position} must be a mapping with 'id' and 'type'")
                continue
            qid = item.get("id")
            if isinstance(qid, int) and not isinstance(qid, bool):
                qid = str(qid)
            if not isinstance(qid, str) or not ID_PATTERN.match(qid):
                self.fail(
                    keys.get("id", line),
                    f"question #{position}: 'id' is required: letters, digits, '-', '_' or '.' (got {qid!r})",
                )
                continue
            if qid in seen:
                self.fail(
                    keys.get("id", line),
                    f"duplicate id (first used on line {seen[qid]}); ids must be unique",
                    qid,
                )
                continue
            seen[qid] = line
            question = _QuestionBuilder(self, qid, item, line, keys, section_ids, bank_id).build()
            if question is not None:
                questions.append(question)
        return questions


class _QuestionBuilder:
    def __init__(
        self,
        validator: _Validator,
        qid: str,
        item: Mapping[str, Any],
        line: int,
        keys: dict[str, int],
        section_ids: set[str],
        bank_id: str,
    ) -> None:
        self.v = validator
        self.qid = qid
        self.item = item
        self.line = line
        self.keys = keys
        self.section_ids = section_ids
        self.bank_id = bank_id
        self.ok = True

    def fail(self, key: str | None, message: str) -> None:
        self.ok = False
        self.v.fail(self.keys.get(key, self.line) if key else self.line, message, self.qid)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.item.get(key)
        if value is None:
            if required:
                self.fail(None, f"'{key}' is required for type '{self.item.get('type')}'")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"'{key}' must be text")
            return ""
        value = str(value).strip()
        if required and not value:
            self.fail(key, f"'{key}' must not be empty")
        return value

    def text_list(self, key: str, *, required: bool = False, minimum: int = 0) -> list[str]:
        value = self.item.get(key)
        if value is None:
            if required:
                self.fail(None, f"'{key}' is required for type '{self.item.get('type')}'")
            return []
        if not isinstance(value, list):
            self.fail(key, f"'{key}' must be a list")
            return []
        result: list[str] = []
        for entry in value:
            if (
                isinstance(entry, bool)
                or not isinstance(entry, str | int | float)
                or not str(entry).strip()
            ):
                self.fail(key, f"'{key}' must contain only non-empty text (found {entry!r})")
                return []
            result.append(str(entry).strip())
        if required and not result:
            self.fail(key, f"'{key}' is empty (give at least {max(minimum, 1)})")
        elif len(result) < minimum:
            self.fail(key, f"'{key}' needs at least {minimum} entries (found {len(result)})")
        return result

    def flag(self, key: str) -> bool:
        value = self.item.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, f"'{key}' must be true or false")
            return False
        return value

    def number(self, key: str, *, required: bool = False) -> float | None:
        value = self.item.get(key)
        if value is None:
            if required:
                self.fail(None, f"'{key}' is required for type 'number'")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                try:
                    return float(value.replace(",", "").rstrip("%"))
                except ValueError:
                    pass
            self.fail(key, f"'{key}' must be a number (found {value!r})")
            return None
        return float(value)

    def build(self) -> AnyQuestion | None:
        item = self.item
        qtype = item.get("type")
        if qtype not in QUESTION_TYPES:
            hint = _suggest(str(qtype), QUESTION_TYPES) if qtype else ""
            self.fail(
                "type", f"'type' must be one of {', '.join(QUESTION_TYPES)} (got {qtype!r}){hint}"
            )
            return None
        allowed = _COMMON_KEYS | _TYPE_KEYS[qtype]
        for key in item:
            if key not in allowed:
                skey = str(key)
                if skey in _ALL_QUESTION_KEYS:
                    self.fail(skey, f"key '{skey}' does not apply to type '{qtype}'")
                else:
                    self.fail(skey, f"unknown key '{skey}'{_suggest(skey, allowed)}")
        section = item.get("section")
        if section is not None and (
            not isinstance(section, str) or section not in self.section_ids
        ):
            known = ", ".join(sorted(self.section_ids)) or "none defined"
            self.fail("section", f"section {section!r} does not exist (sections: {known})")
        tags_raw = item.get("tags", [])
        tags: tuple[str, ...] = ()
        if isinstance(tags_raw, str):
            tags = (tags_raw,)
        elif isinstance(tags_raw, list) and all(isinstance(t, str | int) for t in tags_raw):
            tags = tuple(str(t) for t in tags_raw)
        else:
            self.fail("tags", "'tags' must be a list of words")
        common: dict[str, Any] = {
            "id": self.qid,
            "type": qtype,
            "source": self.text("source"),
            "section": section if isinstance(section, str) else None,
            "explanation": self.text("explanation"),
            "hint": self.text("hint"),
            "tags": tags,
            "line": self.line,
            "bank_id": self.bank_id,
        }
        if qtype == "cloze":
            question = self._cloze(common)
        elif qtype == "truefalse":
            question = self._truefalse(common)
        else:
            common["prompt"] = self.text("prompt", required=True)
            question = getattr(self, f"_{qtype}")(common)
        return question if self.ok else None

    def _short(self, common: dict[str, Any]) -> ShortQuestion:
        return ShortQuestion(
            **common,
            answer=self.text("answer", required=True),
            accept=tuple(self.text_list("accept")),
        )

    def _cloze(self, common: dict[str, Any]) -> ClozeQuestion:
        text = self.text("text", required=True)
        blanks: list[tuple[str, ...]] = []
        for match in BLANK_PATTERN.finditer(text):
            alternatives = _alternatives(match.group(1))
            if not alternatives:
                self.fail(
                    "text", "a blank '{{}}' is empty: write the answer inside, e.g. {{两个确立}}"
                )
            blanks.append(alternatives)
        if text and not blanks:
            self.fail(
                "text",
                "cloze 'text' has no blanks: mark each answer as {{answer}} or {{answer|alternative}}",
            )
        if "{{" in BLANK_PATTERN.sub("", text) or "}}" in BLANK_PATTERN.sub("", text):
            self.fail("text", "cloze 'text' has an unclosed '{{' or a stray '}}'")
        prompt = self.text("prompt") or cloze_display(text)
        return ClozeQuestion(**common, prompt=prompt, text=text, blanks=tuple(blanks))

    def _list(self, common: dict[str, Any]) -> ListQuestion:
        items = self.text_list("items", required=True)
        parsed = tuple(_alternatives(entry) for entry in items)
        if any(not alts for alts in parsed):
            self.fail("items", "an item is empty (write 'a|b' for alternatives)")
        return ListQuestion(**common, items=parsed, ordered=self.flag("ordered"))

    def _choice(self, common: dict[str, Any]) -> ChoiceQuestion:
        options = self.text_list("options", required=True)
        if options and not 2 <= len(options) <= len(LETTERS):
            self.fail(
                "options", f"'options' needs 2 to {len(LETTERS)} entries (found {len(options)})"
            )
        if len(set(options)) != len(options):
            self.fail("options", "'options' has the same option twice")
        raw = self.item.get("answer")
        multiple = isinstance(raw, list)
        letters = raw if isinstance(raw, list) else [raw]
        correct: list[int] = []
        valid = LETTERS[: len(options)]
        for letter in letters:
            if (
                not isinstance(letter, str)
                or len(letter.strip()) != 1
                or letter.strip().upper() not in LETTERS
            ):
                self.fail(
                    "answer",
                    f"choice 'answer' must be a letter like B or a list like [A, C] (found {letter!r})",
                )
                break
            index = LETTERS.index(letter.strip().upper())
            if letter.strip().upper() not in valid:
                self.fail(
                    "answer",
                    f"answer '{letter}' is outside the options (A–{valid[-1] if valid else 'A'})",
                )
                break
            if index in correct:
                self.fail("answer", f"answer '{letter}' is given twice")
                break
            correct.append(index)
        if raw is None:
            self.fail(None, "'answer' is required for type 'choice'")
        elif multiple and not raw:
            self.fail("answer", "choice 'answer' list is empty")
        return ChoiceQuestion(
            **common, options=tuple(options), correct=tuple(sorted(correct)), multiple=multiple
        )

    def _truefalse(self, common: dict[str, Any]) -> TrueFalseQuestion:
        statement = self.text("statement", required=True)
        answer = self.item.get("answer")
        if not isinstance(answer, bool):
            self.fail(
                "answer" if answer is not None else None, "truefalse 'answer' must be true or false"
            )
            answer = False
        prompt = statement
        return TrueFalseQuestion(**common, prompt=prompt, answer=answer)

    def _number(self, common: dict[str, Any]) -> NumberQuestion:
        answer = self.number("answer", required=True)
        tolerance = self.number("tolerance") or 0.0
        if tolerance < 0:
            self.fail("tolerance", "'tolerance' must not be negative")
        if answer is not None and answer != answer:  # NaN
            self.fail("answer", "'answer' must be a finite number")
        return NumberQuestion(
            **common,
            answer=answer if answer is not None else 0.0,
            unit=self.text("unit"),
            tolerance=tolerance,
            approx=self.flag("approx"),
        )

    def _order(self, common: dict[str, Any]) -> OrderQuestion:
        items = self.text_list("items", required=True, minimum=2)
        if len(set(items)) != len(items):
            self.fail("items", "'items' has the same item twice (the order would be ambiguous)")
        return OrderQuestion(**common, items=tuple(items))


# --------------------------------------------------------------------------- sources


_WHITESPACE = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Text without any whitespace (incl. full-width spaces): how quotes are matched."""
    return _WHITESPACE.sub("", text)


def check_sources(bank: Bank, report: str | None = None) -> list[Problem]:
    """Check that every question's ``source`` appears verbatim in the bank's report.

    Args:
        bank: the bank to check.
        report: the report's text; read from ``bank.source_path`` when omitted.

    Returns:
        One problem per question whose quote is missing or not found (empty when all match).
    """
    shown = str(bank.path) if bank.path else bank.id
    if report is None:
        report = bank.report_text()
    if report is None:
        where = bank.source_path if bank.source_path else "no 'source' in the bank header"
        return [
            Problem(
                shown,
                0,
                f"the report cannot be read ({where}); add bank.source: path/to/report.txt",
            )
        ]
    haystack = squeeze(report)
    problems: list[Problem] = []
    for q in bank.questions:
        if not q.source:
            problems.append(Problem(shown, q.line, "has no 'source' quote", q.id))
        elif squeeze(q.source) not in haystack:
            problems.append(
                Problem(
                    shown,
                    q.line,
                    "'source' is not a verbatim quote of the report (copy it exactly)",
                    q.id,
                )
            )
    return problems
