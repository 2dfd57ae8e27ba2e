"""Feedback on one answer: verdict, score, the expected wording with a character diff.

:class:`FeedbackView` renders a :class:`trainer.core.grading.Grade` for a question: the verdict
in colour, the score, the expected wording against the learner's (missing characters in red,
extra ones struck through, homophones underlined in yellow), the matched and missed items of a
list or cloze, the grader's notes, the explanation and the report sentence it comes from. It is
shared with the group client and never touches the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from trainer.core.bank import LETTERS, ChoiceQuestion, ClozeQuestion, Question
from trainer.i18n import t
from trainer.ui.linebreak import CJKText

VERDICT_STYLE = {
    "correct": "bold green",
    "close": "bold green",
    "partial": "bold yellow",
    "wrong": "bold red",
}
VERDICT_MARK = {"correct": "✓", "close": "≈", "partial": "◐", "wrong": "✗"}

STYLE_MISSING = "bold red underline"
STYLE_EXTRA = "strike dim"
STYLE_HOMOPHONE = "yellow underline"


def verdict_text(verdict: str, score: float | None = None) -> Text:
    """``✓ 正确  得分 100%`` in the verdict's colour."""
    text = Text()
    text.append(
        f"{VERDICT_MARK.get(verdict, '?')} {t(f'app.verdict.{verdict}')}",
        style=VERDICT_STYLE.get(verdict, "bold"),
    )
    if score is not None:
        text.append("   ")
        text.append(t("app.feedback.score", score=round(float(score) * 100)))
    return text


def render_diff(diff: Iterable[Any]) -> Text:
    """The learner's answer aligned with the expected one, as styled text whose markers also
    read without colour (NO_COLOR, a screen reader): ``[-漏写-]`` missing (red, underlined),
    ``{+多写+}`` extra (struck through), ``[-应为-]{+写成+}`` replaced, ``~应为→同音字~`` a
    homophone (yellow)."""
    text = Text()
    for op in diff:
        kind = getattr(op, "kind", "equal")
        expected = getattr(op, "expected", "") or ""
        given = getattr(op, "given", "") or ""
        if kind == "equal":
            text.append(expected or given)
        elif kind == "missing":
            text.append(f"[-{expected}-]", style=STYLE_MISSING)
        elif kind == "extra":
            text.append(f"{{+{given}+}}", style=STYLE_EXTRA)
        elif kind == "homophone":
            text.append(f"~{expected}→{given or expected}~", style=STYLE_HOMOPHONE)
        else:  # replaced
            text.append(f"[-{expected}-]", style=STYLE_MISSING)
            if given:
                text.append(f"{{+{given}+}}", style=STYLE_EXTRA)
    return text


def join_notes(notes: list[str]) -> str:
    """Notes in a row: a note that ends a sentence needs no separator after it."""
    text = ""
    for note in notes:
        note = note.strip()
        if not note:
            continue
        if text:
            text += (
                " "
                if text[-1] in ".!?"
                else ("" if text[-1] in "。！？；" else t("app.feedback.joiner"))
            )
        text += note
    return text


def _labelled(label: str, body: Text | str, style: str = "") -> Text:
    text = Text()
    text.append(label, style="bold")
    if isinstance(body, Text):
        text.append_text(body)
    else:
        text.append(body, style=style)
    return text


def _note_text(note: Any) -> str:
    key = str(note)
    return t(key) if key.startswith(("grading.", "app.")) else key


class FeedbackView(Vertical):
    """The feedback on one graded answer (no keys of its own; it may be scrolled)."""

    DEFAULT_CLASSES = "feedback-view"

    def __init__(self, question: Question, grade: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.grade = grade

    async def show(self, question: Question, grade: Any) -> None:
        """Show the feedback on another answer in this mounted widget: its lines take the new
        text and classes in order, missing ones are mounted and surplus ones removed. Output
        as a new :class:`FeedbackView` would show it, without composing a dozen widgets anew
        for every answer."""
        self.question = question
        self.grade = grade
        fresh = [line for line in self.compose() if isinstance(line, Static)]
        lines = [child for child in self.children if isinstance(child, Static)]
        for line, new in zip(lines, fresh, strict=False):
            line.update(new.content)
            if line.classes != new.classes:  # a change of classes restyles the line
                line.set_classes(new.classes)
        if len(lines) > len(fresh):
            await self.remove_children(lines[len(fresh) :])
        elif len(fresh) > len(lines):
            await self.mount_all(fresh[len(lines) :])

    def compose(self) -> ComposeResult:
        q, g = self.question, self.grade
        verdict = str(getattr(g, "verdict", "wrong"))
        yield Static(
            verdict_text(verdict, getattr(g, "score", None)),
            classes=f"feedback-verdict -{verdict}",
            id="feedback-verdict",
        )
        parts = tuple(getattr(g, "parts", ()) or ())
        yield from feedback_body(q).lines(q, g, parts)
        order = tuple(getattr(g, "order", ()) or ())
        if order and parts and verdict != "correct":
            written = " → ".join(str(parts[i].given) for i in order if i < len(parts))
            yield Static(
                _labelled(t("grading.feedback.your_order_label"), written),
                classes="feedback-line feedback-order",
            )
        extra = tuple(getattr(g, "extra", ()) or ())
        if extra:
            body = Text()
            for index, item in enumerate(extra):
                if index:
                    body.append(t("app.feedback.joiner"))
                body.append(str(item), style=STYLE_EXTRA)
            yield Static(_labelled(t("app.feedback.extra"), body), classes="feedback-line")
        part_notes = {str(n) for p in parts for n in getattr(p, "notes", ()) or ()}
        notes = [_note_text(n) for n in getattr(g, "notes", ()) or () if str(n) not in part_notes]
        if notes:
            yield Static(
                _labelled(t("app.feedback.notes"), join_notes(notes), "italic"),
                classes="feedback-line feedback-notes",
            )
        if self._has_marks(g, parts):
            yield Static(self._legend(), classes="feedback-legend")
        if q.explanation:
            yield Static(
                CJKText(_labelled(t("app.feedback.explanation"), q.explanation)),
                classes="feedback-line feedback-explanation",
            )
        if q.source:
            yield Static(
                CJKText(_labelled(t("app.feedback.source"), q.source, "italic")),
                classes="feedback-line feedback-source",
            )

    @staticmethod
    def _has_marks(g: Any, parts: tuple[Any, ...]) -> bool:
        diffs = [getattr(g, "diff", ()) or ()]
        diffs += [getattr(p, "diff", ()) or () for p in parts]
        return any(getattr(op, "kind", "equal") != "equal" for d in diffs for op in d) and (
            getattr(g, "verdict", "") != "correct"
        )

    @staticmethod
    def _legend() -> Text:
        text = Text(style="dim")
        text.append(t("app.feedback.legend") + "  ")
        text.append(f"[-{t('app.feedback.legend_missing')}-]", style=STYLE_MISSING)
        text.append("  ")
        text.append(f"{{+{t('app.feedback.legend_extra')}+}}", style=STYLE_EXTRA)
        text.append("  ")
        text.append(f"~{t('app.feedback.legend_homophone')}~", style=STYLE_HOMOPHONE)
        return text


# --------------------------------------------------------------------------- per type


class AnswerFeedback:
    """How the answer of one question type is shown under the verdict (one per type, in
    :data:`FEEDBACK_BODIES`). This default shows the expected wording, the learner's as typed
    and the difference between them, each on its own line."""

    def lines(self, q: Question, g: Any, parts: tuple[Any, ...]) -> Iterator[Static]:
        expected, diff = self.expected(q, g)
        yield Static(
            CJKText(_labelled(t("app.feedback.expected"), expected, "bold")),
            classes="feedback-line feedback-expected",
        )
        given = str(getattr(g, "given_text", "") or "")
        verdict = getattr(g, "verdict", "")
        if not given.strip():
            yield Static(
                _labelled(t("app.feedback.given"), t("app.feedback.empty"), "dim"),
                classes="feedback-line",
            )
            return
        # Exactly what was typed; the diff is a line of its own, never merged into it.
        yield Static(
            _labelled(t("app.feedback.given"), given), classes="feedback-line feedback-given"
        )
        if diff and verdict != "correct":
            yield Static(
                _labelled(t("grading.feedback.diff_label"), render_diff(diff)),
                classes="feedback-line feedback-diff",
            )

    def expected(self, q: Question, g: Any) -> tuple[str, tuple[Any, ...]]:
        """The expected answer as shown, and the character diff to show under it."""
        return str(getattr(g, "expected_text", "") or ""), tuple(getattr(g, "diff", ()) or ())


class TrueFalseFeedback(AnswerFeedback):
    """truefalse: the grade carries √ / ×; the learner reads 对 / 错 (true / false)."""

    def expected(self, q: Question, g: Any) -> tuple[str, tuple[Any, ...]]:
        expected = str(getattr(g, "expected_text", "") or "")
        expected = {"√": t("grading.true"), "×": t("grading.false")}.get(expected, expected)
        return expected, ()  # 对 against 错 says no more than the two lines above


class ChoiceFeedback(AnswerFeedback):
    """choice: every option, the right ones ticked and the learner's wrong picks crossed."""

    def lines(self, q: Question, g: Any, parts: tuple[Any, ...]) -> Iterator[Static]:
        if not isinstance(q, ChoiceQuestion):
            yield from super().lines(q, g, parts)
            return
        from trainer.core.qtypes.choice import chosen_options

        # Read the answer as the grader did: letters, or the options' own texts.
        chosen = chosen_options(q, str(getattr(g, "given_text", "") or "")) or set()
        for index, option in enumerate(q.options):
            right = index in q.correct
            mark = "✓" if right else ("✗" if index in chosen else " ")
            style = "green" if right else ("red strike" if index in chosen else "")
            line = Text()
            line.append(f"{mark} ", style="bold " + ("green" if right else "red"))
            line.append(f"{LETTERS[index]}. {option}", style=style)
            if index in chosen:
                line.append(f"  ← {t('app.feedback.your_choice')}", style="dim")
            yield Static(line, classes="feedback-line feedback-option")


class PartsFeedback(AnswerFeedback):
    """list and order: how many parts matched, then one line per part (its expected wording,
    the learner's and their difference); a grade without parts is shown whole."""

    count_key = "app.feedback.items"

    def label(self, index: int) -> str:
        return f"{index + 1}."

    def before_parts(self, q: Question, parts: tuple[Any, ...]) -> Iterator[Static]:
        yield from ()

    def lines(self, q: Question, g: Any, parts: tuple[Any, ...]) -> Iterator[Static]:
        if not parts:
            yield from super().lines(q, g, parts)
            return
        yield from self.before_parts(q, parts)
        matched = sum(1 for p in parts if getattr(p, "verdict", "") in ("correct", "close"))
        yield Static(t(self.count_key, matched=matched, total=len(parts)), classes="feedback-line")
        for index, part in enumerate(parts):
            yield Static(
                self.part_line(index, part),
                classes=f"feedback-line feedback-part -{str(getattr(part, 'verdict', 'wrong'))}",
            )

    def part_line(self, index: int, part: Any) -> Text:
        verdict = str(getattr(part, "verdict", "wrong"))
        expected = str(getattr(part, "expected", "") or "")
        given = str(getattr(part, "given", "") or "")
        line = Text()
        line.append(f"{self.label(index)} ", style="bold")
        line.append(f"{VERDICT_MARK.get(verdict, '?')} ", style=VERDICT_STYLE.get(verdict, ""))
        line.append(expected, style="bold" if verdict in ("correct", "close") else "")
        diff = tuple(getattr(part, "diff", ()) or ())
        if not given.strip():
            line.append(f"   {t('app.feedback.missed')}", style="red")
        elif verdict != "correct":
            # What was typed for this part, as typed; the diff (of the normalised forms,
            # where 十四 reads 14) apart, after its own label.
            line.append(f"   {t('app.feedback.given_short')}")
            line.append(given)
            if any(getattr(op, "kind", "equal") != "equal" for op in diff):
                line.append(f"   {t('grading.feedback.diff_label')}")
                line.append_text(render_diff(diff))
        # "missed" is already said by the label above; the grader's note would repeat it.
        notes = [
            _note_text(n) for n in getattr(part, "notes", ()) or () if n != "grading.note.missed"
        ]
        if notes:
            joined = join_notes(notes)
            line.append("  " + t("app.feedback.part_notes", notes=joined), style="italic dim")
        return line


class ClozeFeedback(PartsFeedback):
    """cloze: the sentence with each blank filled in (green when right), then the blanks
    labelled ①, ② … as in the question."""

    count_key = "app.feedback.blanks"

    def label(self, index: int) -> str:
        from trainer.ui.widgets.answer_input import circled

        return circled(index)

    def before_parts(self, q: Question, parts: tuple[Any, ...]) -> Iterator[Static]:
        if isinstance(q, ClozeQuestion) and q.text:
            yield Static(_cloze_sentence(q, parts), classes="feedback-line feedback-sentence")


def _cloze_sentence(q: ClozeQuestion, parts: tuple[Any, ...]) -> Text:
    text = Text()
    for segment in q.segments:
        if isinstance(segment, int):
            part = parts[segment] if segment < len(parts) else None
            verdict = str(getattr(part, "verdict", "wrong"))
            expected = str(getattr(part, "expected", "") or "")
            if not expected and segment < len(q.blanks) and q.blanks[segment]:
                expected = q.blanks[segment][0]
            style = "bold green underline" if verdict in ("correct", "close") else STYLE_MISSING
            text.append(expected or "＿＿", style=style)
        else:
            text.append(segment)
    return text


FEEDBACK_BODIES: dict[str, AnswerFeedback] = {
    "cloze": ClozeFeedback(),
    "list": PartsFeedback(),
    "order": PartsFeedback(),
    "choice": ChoiceFeedback(),
    "truefalse": TrueFalseFeedback(),
}
"""How each question type's answer is shown, by type name (the names of
``trainer.core.qtypes.TYPES``); short, number and any type without an entry are shown whole
(:class:`AnswerFeedback`)."""

_WHOLE = AnswerFeedback()


def register_feedback(type_name: str, body: AnswerFeedback) -> None:
    """Give a question type its feedback body (a new type's module calls this)."""
    FEEDBACK_BODIES[type_name] = body


def feedback_body(question: Question) -> AnswerFeedback:
    """How this question's answer is shown under the verdict."""
    return FEEDBACK_BODIES.get(question.type, _WHOLE)


__all__ = [
    "FEEDBACK_BODIES",
    "AnswerFeedback",
    "FeedbackView",
    "feedback_body",
    "register_feedback",
    "render_diff",
    "verdict_text",
]
