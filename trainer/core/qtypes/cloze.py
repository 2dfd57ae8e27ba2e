"""Cloze: a sentence with ``{{blanks}}``; each blank holds ``|``-separated accepted wordings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import BLANK_PATTERN, ClozeQuestion, _alternatives, cloze_display
from trainer.core.qtypes.base import (
    FieldReader,
    Hint,
    QuestionType,
    RebuildError,
    anki_escape,
    first_alternatives,
)

if TYPE_CHECKING:
    from trainer.core.grading.model import Grade

_BLANK_SEPARATOR = "|｜"


def cloze_text(question: ClozeQuestion) -> str:
    """The cloze sentence in Anki syntax, ``{{c1::答案}}`` for the first blank and so on."""
    pieces: list[str] = []
    for segment in question.segments:
        if isinstance(segment, int):
            alternatives = question.blanks[segment] if segment < len(question.blanks) else ()
            answer = alternatives[0] if alternatives else ""
            # "}}" inside an answer would close the cloze early; "::" would start a hint.
            answer = anki_escape(answer).replace("}}", "} }").replace("::", ": :")
            pieces.append(f"{{{{c{segment + 1}::{answer}}}}}")
        else:
            pieces.append(anki_escape(segment))
    return "".join(pieces)


class ClozeType(QuestionType):
    name = "cloze"
    question_class = ClozeQuestion
    keys = frozenset({"text"})
    reads_prompt = False
    anki_cloze = True

    def parse(self, fields: FieldReader, common: dict[str, Any]) -> ClozeQuestion:
        text = fields.text("text", required=True)
        blanks: list[tuple[str, ...]] = []
        for match in BLANK_PATTERN.finditer(text):
            alternatives = _alternatives(match.group(1))
            if not alternatives:
                fields.fail("text", "bank.q.cloze_empty_blank")
            blanks.append(alternatives)
        if text and not blanks:
            fields.fail("text", "bank.q.cloze_no_blanks", open="{{", close="}}")
        if "{{" in BLANK_PATTERN.sub("", text) or "}}" in BLANK_PATTERN.sub("", text):
            fields.fail("text", "bank.q.cloze_unclosed")
        prompt = fields.text("prompt") or cloze_display(text)
        return ClozeQuestion.from_checked(**common, prompt=prompt, text=text, blanks=tuple(blanks))

    def grade(self, question: ClozeQuestion, answer: str | list[str]) -> Grade:
        from trainer.core.grading.parts import grade_cloze

        return grade_cloze(question, answer)

    def expected_text(self, question: ClozeQuestion) -> str:
        return "".join(alts[0] for alts in question.blanks if alts)

    def expected_answer(self, question: ClozeQuestion) -> list[str]:
        return first_alternatives(question.blanks)

    def expected_display(self, question: ClozeQuestion) -> str:
        return "；".join(alts[0] for alts in question.blanks if alts)

    def answer_strings(self, question: ClozeQuestion) -> list[str]:
        return [alt for alts in question.blanks for alt in alts]

    def hint(self, question: ClozeQuestion) -> Hint:
        if question.hint:
            return Hint(text=question.hint)
        # the first character and length of each part: no wording needed
        return Hint(
            text="；".join(f"{alts[0][:1]}…（{len(alts[0])}）" for alts in question.blanks if alts)
        )

    def parse_typed(self, question: ClozeQuestion, line: str, shown: Any = ()) -> str | list[str]:
        parts = [part.strip() for part in re.split(f"[{_BLANK_SEPARATOR}]", line)]
        return parts if len(parts) > 1 else line.strip()

    def redact(self, question: ClozeQuestion, seed: int) -> dict[str, Any]:
        return {
            "segments": [
                part if isinstance(part, str) else {"blank": part} for part in question.segments
            ]
        }

    def sibling_words(self, question: Any) -> list[str]:
        return list(self.expected_answer(question))

    def rebuild(self, common: dict[str, Any], data: Mapping[str, Any]) -> ClozeQuestion:
        raw = data.get("segments")
        if not isinstance(raw, list) or len(raw) > 256:
            raise RebuildError("question.segments must be a list")
        text_parts: list[str] = []
        blanks = 0
        for part in raw:
            if isinstance(part, str):
                text_parts.append(part.replace("{{", "{ {").replace("}}", "} }"))
            elif isinstance(part, dict):
                text_parts.append("{{}}")
                blanks += 1
            else:
                raise RebuildError("question.segments has a bad part")
        return ClozeQuestion(
            **common, type="cloze", text="".join(text_parts), blanks=(("",),) * blanks
        )

    def anki_cloze_text(self, question: ClozeQuestion) -> str:
        return cloze_text(question)

    def anki_card_count(self, question: ClozeQuestion) -> int:
        return max(1, len(question.blanks))


TYPE = ClozeType()
