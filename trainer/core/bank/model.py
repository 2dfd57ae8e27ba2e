"""The data model of a question bank (format version 1): sections, questions of seven types,
the bank, and the problems that make a file invalid. No YAML here: see loader.py."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Self

from trainer.core.bank.files import MAX_REPORT_BYTES, read_regular_file
from trainer.core.text_safety import printable

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
_BANK_KEYS = {"id", "title", "source", "reading", "description", "version", "language"}
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

    @classmethod
    def from_checked(cls, **fields: Any) -> Self:
        """Build a question from values the loader has already checked, every field given.

        The frozen dataclass ``__init__`` sets each of the ~13 fields through
        ``object.__setattr__``; filling ``__dict__`` at once (as unpickling does) makes a
        50,000-question bank load ~0.05 s faster. tests/core/test_bank.py checks that loaded
        questions have exactly their class's fields.

        Args:
            fields: every field of the class, by name.

        Returns:
            The question.
        """
        question = object.__new__(cls)
        question.__dict__.update(fields)
        return question

    @property
    def content_hash(self) -> str:
        """A short hash of what the learner is asked and what is accepted.

        Returns:
            16 hex digits; changes when the prompt or the expected answer changes, not when
            the explanation, hint, tags or position in the file change.
        """
        # repr of plain tuples, lists, strings and numbers is stable across runs and about
        # twice as fast as JSON; a 50,000-question bank hashes in ~0.2 s on the cold load.
        fields = self._type_fields()
        raw = repr((self.id, self.type, sorted(fields.items())))
        return hashlib.sha1(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]

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
    reading_path: Path | None = None
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

    def question_ids(self) -> tuple[str, ...]:
        """Every question's id, in the bank's order (from the index: no question is read,
        ~1 ms for 50,000 where walking the questions takes ~20)."""
        return tuple(self._index)

    def section(self, section_id: str | None) -> Section | None:
        """The section with this id, or None."""
        return next((s for s in self.sections if s.id == section_id), None)

    def section_title(self, section_id: str | None) -> str:
        """The title of a section, or an empty string."""
        found = self.section(section_id)
        return found.title if found else ""

    def report_text(self) -> str | None:
        """The raw text of the report this bank quotes, if it has one and it can be read."""
        return _read_text(self.source_path)

    def reading_text(self) -> str | None:
        """The report as a learner reads it: the ``reading`` copy (paragraphs in reading order)
        when the bank names one and it can be read, else the raw report."""
        return _read_text(self.reading_path) or self.report_text()

    def counts_by_type(self) -> dict[str, int]:
        """Number of questions of each type, in the order of QUESTION_TYPES (a registered
        type besides the built-in seven after them)."""
        counts: dict[str, int] = {t: 0 for t in QUESTION_TYPES}
        for q in self.questions:
            counts[q.type] = counts.get(q.type, 0) + 1
        return {t: n for t, n in counts.items() if n}

    def to_dict(self) -> dict[str, Any]:
        """The bank as a version-1 document (for writing YAML)."""
        header: dict[str, Any] = {"id": self.id, "title": self.title}
        for key, target in (("source", self.source_path), ("reading", self.reading_path)):
            if target is not None and self.path is not None:
                try:
                    header[key] = Path(_relative(target, self.path.parent)).as_posix()
                except ValueError:
                    header[key] = str(target)
        data: dict[str, Any] = {"bank": header}
        if self.sections:
            data["sections"] = [{"id": s.id, "title": s.title} for s in self.sections]
        data["questions"] = [q.to_dict() for q in self.questions]
        return data


def _read_text(path: Path | None) -> str | None:
    # Checked again when read: the loader's check was on the file as it was at load time.
    if path is None:
        return None
    try:
        text = read_regular_file(path, MAX_REPORT_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # The report travels with the bank: the Read screen shows it, so a control character in it
    # is shown as a visible escape, never sent to the terminal (a CRLF file stays readable).
    return printable(text.replace("\r\n", "\n").replace("\r", "\n"))


def _relative(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target.resolve(), start.resolve())


def cloze_display(text: str, blank: str = "＿＿＿＿") -> str:
    """The cloze text with each ``{{…}}`` shown as a blank line."""
    return BLANK_PATTERN.sub(blank, text)


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True, init=False)
class Problem:
    """One thing wrong with a bank file.

    A problem keeps a message key of the ``bank`` catalog (trainer/i18n/bank.py) and its values;
    the CLI and the app word it (:func:`trainer.i18n.bank.problem_text`) in the language in
    force when it is shown. A problem made from a plain ``message`` string (no key) keeps that
    text as it is. ``str()`` is a language-free form for logs: ``path:line: key {values}``.
    """

    path: str
    line: int
    text: str
    question_id: str | None
    key: str
    values: tuple[tuple[str, object], ...]

    def __init__(
        self,
        path: str,
        line: int,
        message: str = "",
        question_id: str | None = None,
        *,
        key: str = "",
        values: Mapping[str, object] | Iterable[tuple[str, object]] = (),
    ) -> None:
        pairs = values.items() if isinstance(values, Mapping) else values
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "text", message)
        object.__setattr__(self, "question_id", question_id)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", tuple((str(k), v) for k, v in pairs))

    @property
    def where(self) -> str:
        """``path:line`` (just the path when the problem is about the whole file)."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        what = self.key or self.text
        if self.values:
            what += " " + ", ".join(f"{name}={value!r}" for name, value in self.values)
        if self.question_id is not None:
            return f"{self.where}: question {self.question_id!r}: {what}"
        return f"{self.where}: {what}"


class BankError(Exception):
    """A bank file could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
