"""Loading and validating bank files (YAML, format version 1).

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
import gc
import math
import stat
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from trainer.core.bank.files import (
    MAX_BANK_BYTES,
    MAX_NUMBER,
    MAX_REPORT_BYTES,
    BankFileRefused,
    allowed_report_folders,
    read_regular_file,
)
from trainer.core.bank.model import (
    _BANK_KEYS,
    _SECTION_KEYS,
    _TOP_KEYS,
    FORMAT_VERSION,
    ID_PATTERN,
    AnyQuestion,
    Bank,
    BankError,
    Problem,
    Section,
)
from trainer.core.bank.yamlread import (
    Place,
    Where,
    YamlRefused,
    child,
    items_of,
    line_of,
    lines_of,
    read_yaml,
    yaml_module,
)
from trainer.core.text_safety import control_characters


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
        raise BankError([Problem(shown, 0, key="bank.file.directory")])
    try:
        raw = read_regular_file(file, MAX_BANK_BYTES)
    except FileNotFoundError:
        raise BankError([Problem(shown, 0, key="bank.file.missing")]) from None
    except IsADirectoryError:
        raise BankError([Problem(shown, 0, key="bank.file.directory")]) from None
    except BankFileRefused as refused:
        values = {"most": MAX_BANK_BYTES // (1024 * 1024)}
        problem = Problem(shown, 0, key=f"bank.file.{refused.reason}", values=values)
        raise BankError([problem]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise BankError(
            [Problem(shown, 0, key="bank.file.unreadable", values={"reason": reason})]
        ) from None
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
    if len(raw) > MAX_BANK_BYTES:
        values = {"most": MAX_BANK_BYTES // (1024 * 1024)}
        raise BankError([Problem(shown, 0, key="bank.file.too_big", values=values)])
    if isinstance(raw, bytes):
        if b"\x00" in raw[:8192]:
            raise BankError([Problem(shown, 0, key="bank.file.binary")])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise BankError([Problem(shown, line, key="bank.file.not_utf8")]) from None
    else:
        text = raw
    if not text.strip():
        raise BankError([Problem(shown, 0, key="bank.file.empty")])
    with long_lived_allocations():
        try:
            return _read_and_validate(text, shown, base_dir, path, key_lines=False)
        except BankError:
            # Problems are reported on the line of the key at fault: read again with them.
            return _read_and_validate(text, shown, base_dir, path, key_lines=True)


def _read_and_validate(
    text: str, shown: str, base_dir: Path | None, path: Path | None, *, key_lines: bool
) -> Bank:
    yaml = yaml_module()
    try:
        data, place = read_yaml(text, key_lines=key_lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise BankError([_yaml_problem(shown, line, error.problem)]) from None
    except yaml.YAMLError as error:
        raise BankError([_yaml_problem(shown, 0, str(error))]) from None
    except YamlRefused as refused:
        raise BankError(
            [Problem(shown, line, key=key, values=values) for line, key, values in refused.problems]
        ) from None
    except RecursionError:
        raise BankError(
            [Problem(shown, 0, key="bank.file.too_deep", values={"most": 32})]
        ) from None
    if data is None:
        raise BankError([Problem(shown, 0, key="bank.file.empty")])
    validator = _Validator(shown, place, data, base_dir, path)
    # Control characters can only come from escapes in double-quoted scalars ("\e", "\x1b",
    # "\u001b" …) or a carriage return / NEL: a file without them needs no walk.
    if "\\" in text or "\r" in text or "\x85" in text:
        validator.control_characters()
    return validator.build()


# Above this many objects allocated while building a bank (about 7,000 questions), what was
# built is frozen rather than handed back to the collector.
FREEZE_ABOVE = 100_000


@contextmanager
def long_lived_allocations() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bank is built; freeze what a large one left.

    Building a bank allocates ~15 containers per question and none of them are garbage, yet
    every 700 allocations trigger a collection that walks the young ones, and the older
    generations get walked again and again as the heap grows: on a 50,000-question bank that
    is ~30 % of the load. A large bank then lives as long as the program, so it is moved out
    of the collector's sight (``gc.freeze``) instead of being walked by later collections.
    Small banks are left to the collector: freezing also keeps any cyclic garbage that happens
    to be waiting, which a program loading many small banks (the tests) would pile up.
    Reference counting still frees frozen objects, so a dropped bank is not leaked.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_count()[0] > FREEZE_ABOVE:
                gc.freeze()
            gc.enable()


def _yaml_problem(shown: str, line: int, reason: str | None) -> Problem:
    # PyYAML's own reason (in English) is kept as it is: it names what the parser expected.
    if not reason:
        return Problem(shown, line, key="bank.file.yaml_bare")
    return Problem(shown, line, key="bank.file.yaml", values={"reason": reason})


def _suggest(key: str, allowed: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown_key(message: str, key: str, allowed: Iterable[str]) -> tuple[str, dict[str, str]]:
    """The message key and values for an unknown ``key``, with a "did you mean" when one is close.

    ``message`` names a pair of catalog keys: ``message`` and ``message + "_suggest"``.
    """
    suggestion = _suggest(key, allowed)
    if suggestion is None:
        return message, {"key": key}
    return f"{message}_suggest", {"key": key, "suggestion": suggestion}


class _Validator:
    """Walks the data and the places (lines) of its parts side by side."""

    def __init__(
        self,
        shown: str,
        node: Place,
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
        self.types: ModuleType | None = None  # trainer.core.qtypes.registry, set by _questions

    def fail(self, line: int, message: str, qid: str | None = None, /, **values: object) -> None:
        """Record a problem: ``message`` is a key of trainer/i18n/bank.py, ``values`` its fields."""
        self.problems.append(Problem(self.shown, line, question_id=qid, key=message, values=values))

    def control_characters(self) -> None:
        """Record every text of the file that holds a terminal control character (an escape
        sequence could set the clipboard or clear the screen when the text is shown)."""
        stack: list[tuple[Any, Place | None, int]] = [(self.data, self.node, line_of(self.node))]
        while stack:
            value, place, line = stack.pop()
            if isinstance(value, str):
                found = control_characters(value)
                if found:
                    self.fail(line, "bank.text.control", char=f"U+{found[0]:04X}")
            elif isinstance(value, dict):
                key_lines = place.keys or {} if isinstance(place, Where) else {}
                for key, item in value.items():
                    key_line = key_lines.get(str(key), line)
                    stack.append((key, None, key_line))
                    inner = child(place, str(key))
                    stack.append((item, inner, line_of(inner, key_line)))
            elif isinstance(value, list):
                places = items_of(place) or []
                for index, item in enumerate(value):
                    inner = places[index] if index < len(places) else None
                    stack.append((item, inner, line_of(inner, line)))
        if self.problems:
            self.problems.sort(key=lambda problem: problem.line)
            raise BankError(self.problems)

    def build(self) -> Bank:
        if not isinstance(self.data, Mapping):
            self.fail(line_of(self.node), "bank.top.not_mapping")
            raise BankError(self.problems)
        top_line, top_keys = lines_of(self.node)
        for key in self.data:
            if key not in _TOP_KEYS:
                message, values = _unknown_key("bank.top.unknown", str(key), _TOP_KEYS)
                self.fail(top_keys.get(str(key), top_line), message, **values)
        bank_id, title, source_path, reading_path = self._header(top_line)
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
            reading_path=reading_path,
        )

    # -- header

    def _header(self, top_line: int) -> tuple[str, str, Path | None, Path | None]:
        """The bank's id, title, report path and reading-copy path."""
        header = self.data.get("bank")
        node = child(self.node, "bank")
        if header is None:
            self.fail(top_line, "bank.header.missing")
            return "", "", None, None
        line, keys = lines_of(node) if node is not None else (top_line, {})
        if not isinstance(header, Mapping):
            self.fail(line, "bank.header.not_mapping")
            return "", "", None, None
        for key in header:
            if key not in _BANK_KEYS:
                message, values = _unknown_key("bank.header.unknown", str(key), _BANK_KEYS)
                self.fail(keys.get(str(key), line), message, **values)
        bank_id = header.get("id")
        if not isinstance(bank_id, str) or not ID_PATTERN.match(bank_id):
            self.fail(keys.get("id", line), "bank.header.id")
            bank_id = ""
        title = header.get("title")
        if not isinstance(title, str) or not title.strip():
            self.fail(keys.get("title", line), "bank.header.title")
            title = ""
        source_path = self._path(header, keys, line, "source")
        reading_path = self._path(header, keys, line, "reading")
        version = header.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            self.fail(
                keys.get("version", line),
                "bank.header.version",
                version=repr(version),
                supported=FORMAT_VERSION,
            )
        return bank_id, title, source_path, reading_path

    def _path(
        self, header: Mapping[str, Any], keys: dict[str, int], line: int, key: str
    ) -> Path | None:
        # Paths in the header are relative to the bank file.
        value = header.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(keys.get(key, line), f"bank.header.{key}")
            return None
        if self.base_dir is None:
            return None
        at = keys.get(key, line)
        try:
            target = (self.base_dir / value).resolve()
        except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
            self.fail(at, "bank.header.path_outside", key=key, folder=str(self.base_dir.resolve()))
            return None
        if not any(
            target.is_relative_to(folder) for folder in allowed_report_folders(self.base_dir)
        ):
            self.fail(at, "bank.header.path_outside", key=key, folder=str(self.base_dir.resolve()))
            return None
        try:
            info = target.stat()
        except FileNotFoundError:
            return target  # not there yet: check_sources reports a missing report
        except OSError:
            self.fail(at, "bank.header.path_not_file", key=key)
            return None
        if not stat.S_ISREG(info.st_mode):
            self.fail(at, "bank.header.path_not_file", key=key)
            return None
        if info.st_size > MAX_REPORT_BYTES:
            most = MAX_REPORT_BYTES // (1024 * 1024)
            self.fail(at, "bank.header.path_too_big", key=key, most=most)
            return None
        return target

    # -- sections

    def _sections(self) -> list[Section]:
        raw = self.data.get("sections")
        node = child(self.node, "sections")
        places = items_of(node)
        if raw is None:
            return []
        if not isinstance(raw, list) or places is None:
            self.fail(line_of(node), "bank.sections.not_list")
            return []
        sections: list[Section] = []
        seen: set[str] = set()
        for item, item_node in zip(raw, places, strict=True):
            line, keys = lines_of(item_node)
            if not isinstance(item, Mapping):
                self.fail(line, "bank.section.not_mapping")
                continue
            for key in item:
                if key not in _SECTION_KEYS:
                    message, values = _unknown_key("bank.section.unknown", str(key), _SECTION_KEYS)
                    self.fail(keys.get(str(key), line), message, **values)
            sid, title = item.get("id"), item.get("title")
            if not isinstance(sid, str) or not ID_PATTERN.match(sid):
                self.fail(line, "bank.section.id")
                continue
            if sid in seen:
                self.fail(line, "bank.section.duplicate", id=sid)
                continue
            if not isinstance(title, str) or not title.strip():
                self.fail(line, "bank.section.title", id=sid)
                continue
            seen.add(sid)
            sections.append(Section(sid, title.strip()))
        return sections

    # -- questions

    def _questions(self, top_line: int, section_ids: set[str], bank_id: str) -> list[AnyQuestion]:
        # Each type reads its own keys (trainer/core/qtypes). The types' modules import the
        # model, so the registry is imported here, on first use, not with this module.
        from trainer.core.qtypes import registry

        self.types = registry
        raw = self.data.get("questions")
        node = child(self.node, "questions")
        places = items_of(node)
        if raw is None:
            self.fail(top_line, "bank.questions.missing")
            return []
        if not isinstance(raw, list) or places is None:
            self.fail(line_of(node, top_line), "bank.questions.not_list")
            return []
        if not raw:
            self.fail(line_of(node), "bank.questions.empty")
        questions: list[AnyQuestion] = []
        seen: dict[str, int] = {}
        for position, (item, item_node) in enumerate(zip(raw, places, strict=True), start=1):
            line, keys = lines_of(item_node)
            # Both YAML readers give plain dicts (an ABC isinstance costs ~10 % of the loop).
            if not isinstance(item, dict):
                self.fail(line, "bank.question.not_mapping", n=position)
                continue
            qid = item.get("id")
            if isinstance(qid, int) and not isinstance(qid, bool):
                qid = str(qid)
            if not isinstance(qid, str) or not ID_PATTERN.match(qid):
                self.fail(keys.get("id", line), "bank.question.id", n=position, got=repr(qid))
                continue
            if qid in seen:
                self.fail(keys.get("id", line), "bank.question.duplicate", qid, line=seen[qid])
                continue
            seen[qid] = line
            question = _QuestionBuilder(self, qid, item, line, keys, section_ids, bank_id).build()
            if question is not None:
                questions.append(question)
        return questions


class _QuestionBuilder:
    """Builds one question from its mapping, recording every problem on the right line."""

    __slots__ = ("v", "qid", "item", "line", "keys", "section_ids", "bank_id", "ok")

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

    def fail(self, at: str | None, message: str, /, **values: object) -> None:
        """Record a problem on the line of the YAML key ``at`` (the question's line if None)."""
        self.ok = False
        line = self.keys.get(at, self.line) if at else self.line
        self.v.fail(line, message, self.qid, **values)

    def required(self, key: str) -> None:
        self.fail(None, "bank.q.required", key=key, type=str(self.item.get("type")))

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.item.get(key)
        if value.__class__ is str:  # the common case, first: this runs ~5 times a question
            value = value.strip()
            if required and not value:
                self.fail(key, "bank.q.empty", key=key)
            return value
        if value is None:
            if required:
                self.required(key)
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, "bank.q.text", key=key)
            return ""
        value = str(value).strip()
        if required and not value:
            self.fail(key, "bank.q.empty", key=key)
        return value

    def text_list(self, key: str, *, required: bool = False, minimum: int = 0) -> list[str]:
        value = self.item.get(key)
        if value is None:
            if required:
                self.required(key)
            return []
        if not isinstance(value, list):
            self.fail(key, "bank.q.list", key=key)
            return []
        result: list[str] = []
        for entry in value:
            if (
                isinstance(entry, bool)
                or not isinstance(entry, str | int | float)
                or not str(entry).strip()
            ):
                self.fail(key, "bank.q.list_entries", key=key, found=repr(entry))
                return []
            result.append(str(entry).strip())
        if required and not result:
            self.fail(key, "bank.q.list_empty", key=key, n=max(minimum, 1))
        elif len(result) < minimum:
            self.fail(key, "bank.q.list_minimum", key=key, n=minimum, found=len(result))
        return result

    def flag(self, key: str) -> bool:
        value = self.item.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, "bank.q.flag", key=key)
            return False
        return value

    def number(self, key: str, *, required: bool = False) -> float | None:
        value = self.item.get(key)
        if value is None:
            if required:
                self.required(key)
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            if isinstance(value, str):
                try:
                    value = float(value.replace(",", "").rstrip("%"))
                except ValueError:
                    value = None
            if value is None:
                self.fail(key, "bank.q.number", key=key, found=repr(self.item.get(key))[:40])
                return None
        # A huge integer cannot even become a float (OverflowError); inf and NaN cannot be
        # compared with what a learner types.
        if isinstance(value, float) and not math.isfinite(value):
            self.fail(key, "bank.q.finite", key=key)
            return None
        if abs(value) > MAX_NUMBER:
            self.fail(key, "bank.q.number_range", key=key, most="10^15")
            return None
        return float(value)

    def build(self) -> AnyQuestion | None:
        item = self.item
        qtype = item.get("type")
        types = self.v.types
        assert types is not None
        kind = types.TYPES.get(qtype) if isinstance(qtype, str) else None
        if kind is None:
            names = tuple(types.TYPES)
            suggestion = _suggest(str(qtype), names) if qtype else None
            values = {"types": ", ".join(names), "got": repr(qtype)}
            if suggestion is None:
                self.fail("type", "bank.q.type", **values)
            else:
                self.fail("type", "bank.q.type_suggest", suggestion=suggestion, **values)
            return None
        allowed = types.allowed_keys(qtype)
        unknown = [] if allowed.issuperset(item) else [k for k in item if k not in allowed]
        for key in unknown:
            skey = str(key)
            if types.is_question_key(skey):
                self.fail(skey, "bank.q.not_for_type", key=skey, type=qtype)
            else:
                message, values = _unknown_key("bank.q.unknown", skey, allowed)
                self.fail(skey, message, **values)
        section = item.get("section")
        if section is not None and (
            not isinstance(section, str) or section not in self.section_ids
        ):
            if self.section_ids:
                known = ", ".join(sorted(self.section_ids))
                self.fail("section", "bank.q.section", section=repr(section), known=known)
            else:
                self.fail("section", "bank.q.section_none", section=repr(section))
        tags_raw = item.get("tags")
        tags: tuple[str, ...] = ()
        if tags_raw is None:
            pass
        elif isinstance(tags_raw, str):
            tags = (tags_raw,)
        elif isinstance(tags_raw, list) and all(isinstance(t, str | int) for t in tags_raw):
            tags = tuple(str(t) for t in tags_raw)
        else:
            self.fail("tags", "bank.q.tags")
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
        if kind.reads_prompt:
            common["prompt"] = self.text("prompt", required=True)
        question = kind.parse(self, common)
        return question if self.ok else None
