"""What every question type provides: the :class:`QuestionType` base class.

A question type is one object, registered by name in :mod:`trainer.core.qtypes.registry`, that
owns everything the rest of the program needs to know about questions of that type: the YAML
keys it reads and how it validates them, how an answer is graded (its grader lives in the
type's module and calls the library in :mod:`trainer.core.grading`), its expected answer for
display, its hint and plain-mode guide, the order it is shown in, the answer-redacted view sent
to group clients (with the phone page's input kind) and the question rebuilt from it, how a
typed line becomes an answer, and its Anki note. The callers (loader, grader, session, group
protocol, browse, Anki export, plain mode) ask the registry instead of branching on the type.

The core returns data only: no wording here (the front ends word message keys).
"""

from __future__ import annotations

import html
import random
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from trainer.core.bank.model import Question

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade


class RebuildError(ValueError):
    """A public (answer-redacted) view of a question is not valid; the message says which
    field. The group protocol turns it into its own ``bad_field`` error."""


class FieldReader(Protocol):
    """The loader's reader of one question's YAML mapping (see ``bank/loader.py``).

    Every reader records a problem on the right line of the file and returns a harmless value
    (``""``, ``[]``, ``False``, ``None``) when the value is missing or malformed.
    """

    item: Mapping[str, Any]

    def fail(self, at: str | None, message: str, /, **values: object) -> None: ...

    def required(self, key: str) -> None: ...

    def text(self, key: str, *, required: bool = False) -> str: ...

    def text_list(self, key: str, *, required: bool = False, minimum: int = 0) -> list[str]: ...

    def flag(self, key: str) -> bool: ...

    def number(self, key: str, *, required: bool = False) -> float | None: ...


@dataclass(frozen=True)
class TypeInContent:
    """Front text and expected answer of a type-in Anki note (both plain text)."""

    question: str
    answer: str
    accepted: tuple[str, ...] = ()


def _chinese_items(n: int) -> str:
    return f"共 {n} 项"


def _chinese_accepted(answers: str) -> str:
    return f"也可答：{answers}"


@dataclass(frozen=True)
class AnkiWording:
    """The few words the cards carry besides the bank's own text, worded by the front end.

    The core does not know the learner's language; the defaults are Chinese, the language of
    the banks, and ``trainer export-anki`` passes the words of the language in force.
    """

    true: str = "对"
    false: str = "错"
    items: Callable[[int], str] = _chinese_items
    """``items(n)``: the note after a list question's prompt saying how many items it wants."""
    accepted: Callable[[str], str] = _chinese_accepted
    """``accepted(answers)``: the line naming the other accepted wordings."""


def anki_escape(text: str) -> str:
    """Plain text as Anki field HTML (markup escaped, line breaks kept)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


_ITEM_SEPARATOR = re.compile(r"[；;]|\\n")


def split_items(line: str) -> str | list[str]:
    """A typed line of items (``；``, ``;`` or a literal ``\\n`` between them) as a list, or the
    line itself when it holds one item."""
    parts = [part.strip() for part in _ITEM_SEPARATOR.split(line) if part.strip()]
    return parts if len(parts) > 1 else line.strip()


def first_alternatives(groups: Sequence[Sequence[str]]) -> list[str]:
    """The first accepted wording of each blank / item ("" where a group is empty)."""
    return [alternatives[0] if alternatives else "" for alternatives in groups]


@dataclass(frozen=True)
class Presentation:
    """How one question is shown this time.

    Attributes:
        question: the question as the learner sees it (a choice question's options permuted,
            its ``correct`` indexes following them); grade the answer against this one.
        option_order: choice: ``option_order[i]`` is the bank index of the option shown i-th.
        item_order: order: the items in the order they are first shown (never the answer).
    """

    question: Any
    option_order: tuple[int, ...] = ()
    item_order: tuple[str, ...] = ()

    def bank_letters(self, shown_indexes: Sequence[int]) -> str:
        """Shown option positions → the bank letters of those options (their identity)."""
        from trainer.core.bank import LETTERS

        if not self.option_order:
            return "".join(LETTERS[i] for i in sorted(shown_indexes))
        return "".join(LETTERS[i] for i in sorted(self.option_order[j] for j in shown_indexes))


@dataclass(frozen=True)
class Words:
    """Something to show: bank text as it is (``text``), or a message key and its values that
    the front end words (a value that is itself :class:`Words` is worded first)."""

    text: str = ""
    key: str = ""
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Hint(Words):
    """A hint: the bank's hint as it is (``text``), or ``study.hint.auto`` with the first
    character and the length of the answer, or ``study.hint.none``."""


@dataclass(frozen=True)
class ShownAnswer:
    """An expected answer as a front end shows it.

    Attributes:
        text: the answer in the bank's words, shown as it is (markup-free plain text).
        key: else a word the front end supplies from its own catalog, by the key's last part
            (``tf.true`` is ``app.tf.true`` on screen, ``group.tf.true`` on the phone page).
        also: other accepted wordings, which the front end introduces in its language
            ("也接受：").
    """

    text: str = ""
    key: str = ""
    also: tuple[str, ...] = ()


INPUT_KINDS = ("text", "pick", "blanks", "parts", "sequence")
"""How a player answers on the group's phone page (``trainer/group/web/app.js``); the page
knows these kinds, never the question types. The public view of a question
(:meth:`QuestionType.redact`) carries what its kind reads:

- ``text``: one box; ``unit`` (shown beside it), ``numeric`` (the phone's number keyboard);
- ``pick``: a button per entry of ``choices`` (``{"mark": "A", "text": …, "value": "A"}``, or
  ``{"key": "tf.true", "value": "对"}`` worded by the page: drawn as big buttons side by side);
  ``multiple``: several are picked, then sent together (their values joined);
- ``blanks``: the sentence of ``segments`` (strings and ``{"blank": i}``) with a box per blank;
  the prompt is not shown (the sentence is);
- ``parts``: ``count`` boxes, one per item;
- ``sequence``: the ``items`` tapped in order.

The group's shared screens (projector, host) draw the same view under the prompt, by kind.
"""

PART_INPUT_KINDS = frozenset({"blanks", "parts", "sequence"})
"""The input kinds answered part by part (a list of strings, one per blank or item): a line
typed for such a question is split at ``；``/``;`` where no input of its own takes the parts."""


class QuestionType(ABC):
    """One question type. Subclass it in one module, then :func:`registry.register` an instance.

    Class attributes:
        name: the ``type:`` value in a bank file.
        question_class: the frozen dataclass (a :class:`Question` subclass) of its questions.
        keys: the YAML keys this type reads besides the common ones (id, type, section, prompt,
            source, explanation, hint, tags).
        reads_prompt: the loader reads ``prompt`` (required) before :meth:`parse`; a type that
            derives its prompt itself (cloze from its text, truefalse from its statement) sets
            this False and fills ``prompt`` in :meth:`parse`.
        anki_cloze: its Anki note is a cloze note (:meth:`anki_cloze_text`), not a type-in one.
        picked, typed_in_chinese: how the session checks an answer before grading it.
        input_kind: how a player answers it on the group's phone page (:data:`INPUT_KINDS`).
    """

    name: ClassVar[str]
    question_class: ClassVar[type[Question]]
    keys: ClassVar[frozenset[str]]
    reads_prompt: ClassVar[bool] = True
    anki_cloze: ClassVar[bool] = False
    picked: ClassVar[bool] = False
    """Answered by picking (choice, truefalse): an empty answer is "nothing selected"."""
    typed_in_chinese: ClassVar[bool] = True
    """Answered in Chinese words: Latin letters alone mean the input method is off (not for a
    number, nor a picked answer)."""
    input_kind: ClassVar[str] = "text"
    """How a player answers it on the group's phone page: one of :data:`INPUT_KINDS`, whose
    fields :meth:`redact` provides."""
    quick: ClassVar[bool] = True
    """Answered in one go: a 挑战答题 (challenge run) asks it (lists and orderings only when
    the selection has nothing else)."""
    grade_marks: ClassVar[Mapping[str, str]] = {}
    """Marks its grades carry in ``expected_text`` and ``diff`` that the front ends word, by
    message key (true/false: √ is ``grading.true``, 对 or true); one character each."""

    input_placeholder: ClassVar[str] = "app.input.short"
    """The message key of the app's one-line input's placeholder (number: 输入数字…)."""
    input_instruction: ClassVar[str] = ""
    """The message key the app shows in place of the prompt when :meth:`own_prompt` is None
    (the input shows the question itself; cloze: 补全句子), or "" for nothing."""

    def own_prompt(self, question: Any) -> str | None:
        """The prompt to show above the answer input, or None when the input shows the
        question itself and the prompt would only repeat it (a cloze whose prompt is its
        sentence)."""
        return str(question.prompt)

    @property
    def answered_in_parts(self) -> bool:
        """Whether an answer is a list of parts (its :attr:`input_kind` is one of
        :data:`PART_INPUT_KINDS`)."""
        return self.input_kind in PART_INPUT_KINDS

    # -- reading a bank

    @abstractmethod
    def parse(self, fields: FieldReader, common: dict[str, Any]) -> Question:
        """Build a question from its YAML mapping, recording every problem through ``fields``.

        Args:
            fields: the reader of this question's mapping.
            common: the checked common fields (id, type, source, section, …; ``prompt`` too
                when :attr:`reads_prompt`).

        Returns:
            The question (the loader drops it when a problem was recorded).
        """

    # -- checking and showing the answer

    @abstractmethod
    def grade(self, question: Any, answer: str | list[str]) -> Grade:
        """Check one answer (already coerced to a string or a list of strings)."""

    @abstractmethod
    def expected_text(self, question: Any) -> str:
        """The expected answer as one string (for its length and for display)."""

    def expected_length(self, question: Any) -> int:
        """Characters of the expected answer, for the rating suggestion's time allowance."""
        return len(self.expected_text(question))

    @abstractmethod
    def expected_answer(self, question: Any) -> str | list[str]:
        """An answer that :meth:`grade` marks correct (a string, or one entry per part)."""

    def expected_display(self, question: Any) -> str:
        """The right answer as a learner reads it (options by their text, parts by ``；``)."""
        return self.expected_text(question)

    def full_answer(self, question: Any) -> ShownAnswer:
        """The answer with every accepted wording, as the bank browser shows it."""
        return ShownAnswer(text=self.expected_display(question))

    def reveal_answer(self, question: Any) -> ShownAnswer:
        """The answer shown to the players when a group question is revealed (the phone page)."""
        return ShownAnswer(text=self.expected_display(question))

    def board_answer(self, question: Any) -> ShownAnswer:
        """The answer the group's shared screens show at the reveal (projector, host, a
        player's app without a grade): :meth:`expected_display` unless the type says more."""
        return ShownAnswer(text=self.expected_display(question))

    def shown_choices(self, question: Any) -> list[str]:
        """Lines shown under the prompt when the question is looked up in the bank browser
        (a choice question's lettered options), or none."""
        return []

    def stored_answer(self, presentation: Presentation, answer: str | Sequence[str]) -> str | None:
        """The answer as the review log keeps it when the type has a form of its own (a
        choice by the bank letters of the options picked, in whatever order they were shown),
        else None (the session stores the text)."""
        return None

    def readable_answer(self, question: Any, answer: str | Sequence[str]) -> str | None:
        """The answer as an exam's 答题详情 shows it when the type has a form of its own (a
        choice by its options' texts, an order's items joined by →), else None."""
        return None

    def answer_strings(self, question: Any) -> list[str]:
        """Every piece of the expected answer, accepted wordings included (a section title
        holding one of them is not shown before the answer)."""
        return []

    def hint(self, question: Any) -> Hint:
        """The bank's hint, else the first character and length of the expected answer."""
        if question.hint:
            return Hint(text=question.hint)
        text = self.expected_text(question)
        if not text:
            return Hint(key="study.hint.none")
        return Hint(key="study.hint.auto", values={"first": text[:1], "length": len(text)})

    def guide(self, question: Any, shown: Sequence[str] = ()) -> list[Words]:
        """What plain mode prints under the prompt: what is shown to choose from (options,
        the items as numbered on screen, ``shown``) and how to type the answer."""
        return [Words(key="study.guide.short")]

    def sibling_words(self, question: Any) -> list[str]:
        """The words a question shares with its siblings (items, blanks, the answer): two
        questions testing the same words are not shown back to back."""
        return []

    def present(self, question: Any, rng: random.Random) -> Presentation:
        """How the question is shown this time (what must not give the answer away shuffled
        with ``rng``); most types are shown as they are."""
        return Presentation(question)

    def parse_typed(self, question: Any, line: str, shown: Sequence[str] = ()) -> str | list[str]:
        """A line typed in plain mode as :meth:`grade` wants it.

        Args:
            question: the question answered.
            line: the raw input line.
            shown: the items as numbered on screen (order questions).
        """
        return line.strip()

    # -- group sessions

    def redact(self, question: Any, seed: int) -> dict[str, Any]:
        """What a client's input needs besides ``id, type, prompt, section, input``, with
        nothing of the answer (``seed`` shuffles what must not be shown in answer order): the
        fields :meth:`rebuild` reads for the app's clients, and those the phone page reads for
        the :attr:`input_kind`."""
        return {}

    def group_items(self, question: Any, seed: int) -> list[str] | None:
        """Items everyone sees while answering in a group game, in the game's order (order
        questions), or None."""
        return None

    def poll_labels(self, question: Any) -> list[str]:
        """The bars of the reveal's answer histogram (choice letters, 对/错), or none."""
        return []

    def poll_choice(self, question: Any, text: str, verdict: str) -> list[str]:
        """The histogram labels one player's answer picked (``text`` as typed)."""
        return []

    @abstractmethod
    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> Question:
        """The question rebuilt on a client from :meth:`redact`'s view, with empty answers.

        Args:
            common: ``id, prompt, section`` (checked).
            data: the whole public view (hostile: check every field).

        Raises:
            RebuildError: a field is missing or malformed.
        """

    # -- Anki

    def anki_content(self, question: Any, wording: AnkiWording) -> TypeInContent:
        """Front and expected answer of its type-in note."""
        return TypeInContent(question.prompt, self.expected_text(question))

    def anki_cloze_text(self, question: Any) -> str:
        """Its cloze note's text in Anki syntax (only when :attr:`anki_cloze`)."""
        raise NotImplementedError(self.name)

    def anki_card_count(self, question: Any) -> int:
        """How many cards its note makes in Anki."""
        return 1
