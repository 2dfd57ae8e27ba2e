"""List: an enumeration (``items``, each ``|``-separated wordings; ``ordered`` when the order
counts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import ListQuestion, _alternatives
from trainer.core.qtypes.base import (
    AnkiWording,
    FieldReader,
    Hint,
    QuestionType,
    RebuildError,
    TypeInContent,
    first_alternatives,
    split_items,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade

MAX_PUBLIC_COUNT = 64


def public_count(data: Mapping[str, Any], key: str, limit: int = MAX_PUBLIC_COUNT) -> int:
    """A small count from a client's view of a question.

    Raises:
        RebuildError: it is not an integer from 0 to ``limit``.
    """
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise RebuildError(f"question.{key} must be a small number")
    return value


class ListType(QuestionType):
    name = "list"
    question_class = ListQuestion
    keys = frozenset({"items", "ordered"})

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> ListQuestion:
        items = fields.text_list("items", required=True)
        parsed = tuple(_alternatives(entry) for entry in items)
        if any(not alts for alts in parsed):
            fields.fail("items", "bank.q.list_item_empty")
        return ListQuestion.from_checked(**common, items=parsed, ordered=fields.flag("ordered"))

    def grade(self, question: ListQuestion, answer: str | list[str]) -> Grade:
        from trainer.core.grading.parts import grade_list

        return grade_list(question, answer)

    def expected_text(self, question: ListQuestion) -> str:
        return "".join(alts[0] for alts in question.items if alts)

    def expected_answer(self, question: ListQuestion) -> list[str]:
        return first_alternatives(question.items)

    def expected_display(self, question: ListQuestion) -> str:
        return "；".join(alts[0] for alts in question.items if alts)

    def answer_strings(self, question: ListQuestion) -> list[str]:
        return [alt for alts in question.items for alt in alts]

    def hint(self, question: ListQuestion) -> Hint:
        if question.hint:
            return Hint(text=question.hint)
        # the first character and length of each part: no wording needed
        return Hint(
            text="；".join(f"{alts[0][:1]}…（{len(alts[0])}）" for alts in question.items if alts)
        )

    def parse_typed(
        self, question: ListQuestion, line: str, shown: Sequence[str] = ()
    ) -> str | list[str]:
        return split_items(line)

    def redact(self, question: ListQuestion, seed: int) -> dict[str, Any]:
        return {"count": len(question.items), "ordered": question.ordered}

    def sibling_words(self, question: Any) -> list[str]:
        return list(self.expected_answer(question))

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> ListQuestion:
        count = public_count(data, "count")
        return ListQuestion(
            **common, type="list", items=(("",),) * count, ordered=bool(data.get("ordered"))
        )

    def anki_content(self, question: ListQuestion, wording: AnkiWording) -> TypeInContent:
        answer = "；".join(alternatives[0] for alternatives in question.items)
        front = f"{question.prompt}（{wording.items(len(question.items))}）"
        return TypeInContent(front, answer)


TYPE = ListType()
