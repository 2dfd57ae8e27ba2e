"""Cloze: a sentence with ``{{blanks}}``; each blank holds ``|``-separated accepted wordings."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from trainer.core.bank.model import BLANK_PATTERN, ClozeQuestion, _alternatives, cloze_display
from trainer.core.qtypes.base import (
    FieldReader,
    Hint,
    QuestionType,
    RebuildError,
    ShownAnswer,
    Words,
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
    input_kind = "blanks"
    input_instruction = "app.study.cloze"

    def own_prompt(self, question: ClozeQuestion) -> str | None:
        # the input draws the sentence with its blanks: a prompt that is that sentence (or
        # none) is not repeated above it
        if not question.prompt or question.prompt == cloze_display(question.text):
            return None
        return question.prompt

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
        return grade_cloze(question, answer)

    def expected_text(self, question: ClozeQuestion) -> str:
        return "".join(alts[0] for alts in question.blanks if alts)

    def expected_answer(self, question: ClozeQuestion) -> list[str]:
        return first_alternatives(question.blanks)

    def expected_display(self, question: ClozeQuestion) -> str:
        return "；".join(alts[0] for alts in question.blanks if alts)

    def full_answer(self, question: ClozeQuestion) -> ShownAnswer:
        # the sentence with every accepted wording of each blank in 【】
        blanks = iter(question.blanks)
        return ShownAnswer(
            text=BLANK_PATTERN.sub(
                lambda _m: f"【{'｜'.join(next(blanks, ('',)))}】", question.text
            )
        )

    def answer_strings(self, question: ClozeQuestion) -> list[str]:
        return [alt for alts in question.blanks for alt in alts]

    def hint(self, question: ClozeQuestion) -> Hint:
        if question.hint:
            return Hint(text=question.hint)
        # the first character and length of each part: no wording needed
        return Hint(
            text="；".join(f"{alts[0][:1]}…（{len(alts[0])}）" for alts in question.blanks if alts)
        )

    def guide(self, question: ClozeQuestion, shown: Sequence[str] = ()) -> list[Words]:
        # the sentence with its blanks, unless the prompt is that sentence already
        sentence = cloze_display(question.text)
        lines = [Words(text=sentence)] if sentence != question.prompt else []
        return [*lines, Words(key="study.guide.cloze", values={"n": len(question.blanks)})]

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


# --------------------------------------------------------------------------- grading
# The grading library (trainer.core.grading) is imported on first use: loading a bank must not
# pay for rapidfuzz and pypinyin.


def grade_cloze(question: ClozeQuestion, answer: str | Sequence[str]) -> Grade:
    """Each blank on its own, positionally; score = mean × precision: a wrong blank adds
    nothing, and each candidate left over (``102 120 240余 204余`` for two blanks) costs like
    an extra list item. Words of the sentence around a blank typed into it are not extra."""
    from trainer.core.grading.model import (
        EXTRA_ITEM_WEIGHT,
        Grade,
        PartResult,
        clamp_to_verdict,
        given_text,
        truncation_notes,
    )
    from trainer.core.grading.normalize import canonical
    from trainer.core.grading.parts import (
        capped_by_length,
        combined_verdict,
        credit,
        part_notes,
        part_result,
    )
    from trainer.core.grading.split import split_blanks_and_extra
    from trainer.core.grading.text import best_match

    blanks = question.blanks or tuple(
        tuple(a.strip() for a in m.group(1).split("|") if a.strip()) or ("",)
        for m in BLANK_PATTERN.finditer(question.text)
    )
    literals = [s for s in BLANK_PATTERN.split(question.text)[::2]]
    given, leftover = split_blanks_and_extra(answer, blanks, literals)
    parts: list[PartResult] = []
    for number, (alternatives, piece) in enumerate(zip(blanks, given, strict=True)):
        alternatives = alternatives or ("",)
        index, match = best_match(alternatives, piece, allow_fillers=False)
        if match.verdict != "correct" and len(literals) == len(blanks) + 1:
            trimmed = _without_context(piece, literals[number], literals[number + 1])
            if trimmed != piece:
                index2, match2 = best_match(alternatives, trimmed, allow_fillers=False)
                if match2.rank > match.rank:
                    index, match = index2, match2
        parts.append(part_result(alternatives[index], piece, match))
    extra = len(leftover)
    accepted = sum(1 for p in parts if p.verdict != "wrong")
    precision = accepted / (accepted + EXTRA_ITEM_WEIGHT * extra) if accepted else 0.0
    raw = (sum(credit(p) for p in parts) / len(parts) if parts else 0.0) * precision
    filled = iter(alts[0] if alts else "" for alts in blanks)
    expected_text = BLANK_PATTERN.sub(lambda _m: next(filled), question.text)
    notes = list(part_notes(parts))
    if extra:
        notes.append("grading.note.extra_pieces")
    verdict = combined_verdict(parts, raw, extra)
    verdict, capped = capped_by_length(verdict, canonical(expected_text), answer)
    notes += capped
    return Grade(
        verdict=verdict,
        score=round(clamp_to_verdict(verdict, raw), 4),
        expected_text=expected_text,
        given_text=given_text(answer, " | "),
        parts=tuple(parts),
        extra=tuple(leftover[:50]),
        notes=tuple(notes) + truncation_notes(answer),
    )


def _without_context(piece: str, before: str, after: str) -> str:
    """``piece`` without the words of the sentence just around its blank that the learner
    typed into it too (务实之策 for 献{{务实}}之策)."""
    from trainer.core.grading.normalize import canonical

    text = canonical(piece)
    head, tail = canonical(before), canonical(after)
    for size in range(min(len(tail), 4), 0, -1):
        if len(text) > size and text.endswith(tail[:size]):
            text = text[:-size]
            break
    for size in range(min(len(head), 4), 0, -1):
        if len(text) > size and text.startswith(head[-size:]):
            text = text[size:]
            break
    return text
