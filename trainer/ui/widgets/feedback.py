"""Feedback on one answer: verdict, score, the expected wording with a character diff.

:class:`FeedbackView` renders a :class:`trainer.core.grading.Grade` for a question: the verdict
in colour, the score, the expected wording against the learner's (missing characters in red,
extra ones struck through, homophones underlined in yellow), the matched and missed items of a
list or cloze, the grader's notes, the explanation and the report sentence it comes from. It is
shared with the group client and never touches the store.

The whole feedback is ONE widget: its lines (:class:`FeedbackLine`, each a text and the style
classes it is drawn with) are drawn one under the other by a single visual, each as a ``Static``
with those classes would draw it (the classes are the widget's component classes, so their
padding and colour come from the stylesheet). Showing another answer's feedback is one update
and one layout of one widget, instead of styling, mounting and laying out a dozen widgets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.geometry import Offset
from textual.selection import Selection
from textual.strip import Strip
from textual.visual import RenderOptions, Visual, visualize
from textual.widget import Widget

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


@dataclass(frozen=True)
class FeedbackLine:
    """One line (a paragraph, wrapped at the widget's width) of the feedback.

    Attributes:
        text: what it says, styled (a :class:`CJKText` is wrapped by the 避头尾 rules).
        classes: its style classes, space-separated, as a ``Static`` of the line would have
            them (``feedback-line feedback-expected``); those that are component classes of
            :class:`FeedbackView` give it its padding and colour from the stylesheet, the others
            say what the line is (``feedback-part -wrong``).
    """

    text: Text | CJKText
    classes: str = "feedback-line"

    def has_class(self, name: str) -> bool:
        return name in self.classes.split()

    @property
    def plain(self) -> str:
        """The line's text without styles."""
        return self.text.plain


LINE_STYLES = frozenset(
    {
        "feedback-verdict",
        "feedback-legend",
        "feedback-explanation",
        "feedback-source",
        "feedback-sentence",
    }
)
"""The line classes the stylesheet styles (``widgets.tcss``): the widget's component classes.
Only these: each is restyled with the widget (at every focus change), and a class the
stylesheet does not style would only cost time. A rule for another line class needs its name
here (``tests/ui/test_feedback_drawn.py`` compares the widget with a ``Static`` per line)."""


class FeedbackView(Widget):
    """The feedback on one graded answer (no keys of its own; it may be scrolled)."""

    DEFAULT_CLASSES = "feedback-view"
    COMPONENT_CLASSES: ClassVar[set[str]] = set(LINE_STYLES)
    DEFAULT_CSS = """
    FeedbackView {
        height: auto;
    }
    """

    def __init__(self, question: Question, grade: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.grade = grade
        self.lines: list[FeedbackLine] = list(self.build_lines())

    def show(self, question: Question, grade: Any) -> None:
        """Show the feedback on another answer in this widget (one repaint and one layout)."""
        self.question = question
        self.grade = grade
        self.lines = list(self.build_lines())
        self.refresh(layout=True)

    def lines_of(self, name: str) -> list[FeedbackLine]:
        """The lines that have the class ``name`` (``feedback-given``)."""
        return [line for line in self.lines if line.has_class(name)]

    @property
    def plain(self) -> str:
        """The feedback's text, a line per line (what a screen reader would read)."""
        return "\n".join(line.plain for line in self.lines)

    def render(self) -> Visual:
        return _LinesVisual(self, tuple(self.lines))

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected with the mouse (rows are the lines' paragraphs, in order)."""
        return selection.extract(self.plain), "\n"

    def build_lines(self) -> Iterator[FeedbackLine]:
        """The lines of the feedback: the verdict, the type's own body, then what every type
        has (the learner's order, extra items, the grader's notes, the legend of the marks, the
        explanation and the source)."""
        q, g = self.question, self.grade
        verdict = str(getattr(g, "verdict", "wrong"))
        yield FeedbackLine(
            verdict_text(verdict, getattr(g, "score", None)), f"feedback-verdict -{verdict}"
        )
        parts = tuple(getattr(g, "parts", ()) or ())
        yield from feedback_body(q).lines(q, g, parts)
        order = tuple(getattr(g, "order", ()) or ())
        if order and parts and verdict != "correct":
            written = " → ".join(str(parts[i].given) for i in order if i < len(parts))
            yield FeedbackLine(
                _labelled(t("grading.feedback.your_order_label"), written),
                "feedback-line feedback-order",
            )
        extra = tuple(getattr(g, "extra", ()) or ())
        if extra:
            body = Text()
            for index, item in enumerate(extra):
                if index:
                    body.append(t("app.feedback.joiner"))
                body.append(str(item), style=STYLE_EXTRA)
            yield FeedbackLine(_labelled(t("app.feedback.extra"), body))
        part_notes = {str(n) for p in parts for n in getattr(p, "notes", ()) or ()}
        notes = [_note_text(n) for n in getattr(g, "notes", ()) or () if str(n) not in part_notes]
        if notes:
            yield FeedbackLine(
                _labelled(t("app.feedback.notes"), join_notes(notes), "italic"),
                "feedback-line feedback-notes",
            )
        if self._has_marks(g, parts):
            yield FeedbackLine(self._legend(), "feedback-legend")
        if q.explanation:
            yield FeedbackLine(
                CJKText(_labelled(t("app.feedback.explanation"), q.explanation)),
                "feedback-line feedback-explanation",
            )
        if q.source:
            yield FeedbackLine(
                CJKText(_labelled(t("app.feedback.source"), q.source, "italic")),
                "feedback-line feedback-source",
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


class _LinesVisual(Visual):
    """The feedback's lines one under the other, each drawn as a ``Static`` with the line's
    classes would draw it: its text wrapped at the width left by its padding, in its style,
    the padding and the rest of the row in its background.

    Text selected with the mouse is highlighted and copied as in a column of ``Static``
    widgets: a selection's rows count the paragraphs of all the lines (:meth:`FeedbackView.
    get_selection`), so each line is given the part of the selection that falls on it and its
    cells say where they are in the whole."""

    def __init__(self, widget: FeedbackView, lines: tuple[FeedbackLine, ...]) -> None:
        self._widget = widget
        self._lines = lines
        self._visuals = [visualize(widget, line.text, markup=False) for line in lines]
        self._rendered: tuple[tuple[int, Selection | None], list[Strip]] | None = None

    def _styles(self, line: FeedbackLine) -> tuple[str, ...]:
        return tuple(name for name in line.classes.split() if name in LINE_STYLES)

    def get_optimal_width(self, rules: Any, container_width: int) -> int:
        widest = 0
        for line, visual in zip(self._lines, self._visuals, strict=True):
            padding = self._widget.get_component_styles(*self._styles(line)).padding
            width = visual.get_optimal_width(rules, container_width) + padding.width
            widest = max(widest, width)
        return widest

    def get_height(self, rules: Any, width: int) -> int:
        # Drawn at that width (as the paint that follows will ask, so it is drawn once).
        widget = self._widget
        return len(Visual.to_strips(widget, self, width, None, widget.visual_style))

    def render_strips(
        self, width: int, height: int | None, style: Any, options: RenderOptions
    ) -> list[Strip]:
        strips = self._strips(width, options)
        return strips if height is None else strips[:height]

    def _strips(self, width: int, options: RenderOptions) -> list[Strip]:
        selection = options.selection
        # Drawn again only when the width or the selection changes.
        if self._rendered is not None and self._rendered[0] == (width, selection):
            return self._rendered[1]
        widget = self._widget
        strips: list[Strip] = []
        paragraph = 0  # the first paragraph of the line, counted over all lines
        for line, visual in zip(self._lines, self._visuals, strict=True):
            names = self._styles(line)
            line_style = widget.get_visual_style(*names)
            top, right, bottom, left = widget.get_component_styles(*names).padding
            background = RichStyle(bgcolor=line_style.rich_style.bgcolor)
            inner = max(1, width - left - right)
            paragraphs = line.plain.count("\n") + 1
            line_options = replace(options, selection=_part_of(selection, paragraph, paragraphs))
            blank = Strip.blank(width, background)
            strips.extend([blank] * top)
            for strip in visual.render_strips(inner, None, line_style, line_options):
                strip = _moved_down(strip, paragraph).adjust_cell_length(inner, background)
                if left or right:
                    strip = Strip.join(
                        [Strip.blank(left, background), strip, Strip.blank(right, background)]
                    )
                strips.append(strip)
            strips.extend([blank] * bottom)
            paragraph += paragraphs
        self._rendered = ((width, selection), strips)
        return strips


def _part_of(selection: Selection | None, first: int, count: int) -> Selection | None:
    """The part of a selection of the whole feedback that falls on paragraphs ``first`` …
    ``first + count - 1``, in that line's own rows (None: nothing of it is selected)."""
    if selection is None:
        return None
    start, end = selection
    if (end is not None and end.y < first) or (start is not None and start.y >= first + count):
        return None
    local_start = None if start is None or start.y < first else Offset(start.x, start.y - first)
    local_end = None if end is None or end.y >= first + count else Offset(end.x, end.y - first)
    return Selection(local_start, local_end)


def _moved_down(strip: Strip, rows: int) -> Strip:
    """The strip with the text offsets its cells carry (where a mouse selection starts and
    ends) moved ``rows`` paragraphs down: from the line's own to the whole feedback's."""
    if not rows:
        return strip
    segments = []
    for segment in strip:
        style = segment.style
        if style is not None and (offset := style.meta.get("offset")) is not None:
            style = style + RichStyle.from_meta({"offset": (offset[0], offset[1] + rows)})
        segments.append(Segment(segment.text, style, segment.control))
    return Strip(segments, strip.cell_length)


# --------------------------------------------------------------------------- per type


class AnswerFeedback:
    """How the answer of one question type is shown under the verdict (one per type, in
    :data:`FEEDBACK_BODIES`). This default shows the expected wording, the learner's as typed
    and the difference between them, each on its own line."""

    def lines(self, q: Question, g: Any, parts: tuple[Any, ...]) -> Iterator[FeedbackLine]:
        expected, diff = self.expected(q, g)
        yield FeedbackLine(
            CJKText(_labelled(t("app.feedback.expected"), expected, "bold")),
            "feedback-line feedback-expected",
        )
        given = str(getattr(g, "given_text", "") or "")
        verdict = getattr(g, "verdict", "")
        if not given.strip():
            yield FeedbackLine(_labelled(t("app.feedback.given"), t("app.feedback.empty"), "dim"))
            return
        # Exactly what was typed; the diff is a line of its own, never merged into it.
        yield FeedbackLine(
            _labelled(t("app.feedback.given"), given), "feedback-line feedback-given"
        )
        if diff and verdict != "correct":
            yield FeedbackLine(
                _labelled(t("grading.feedback.diff_label"), render_diff(diff)),
                "feedback-line feedback-diff",
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

    def lines(self, q: Question, g: Any, parts: tuple[Any, ...]) -> Iterator[FeedbackLine]:
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
            yield FeedbackLine(line, "feedback-line feedback-option")


class PartsFeedback(AnswerFeedback):
    """list and order: how many parts matched, then one line per part (its expected wording,
    the learner's and their difference); a grade without parts is shown whole."""

    count_key = "app.feedback.items"

    def label(self, index: int) -> str:
        return f"{index + 1}."

    def before_parts(self, q: Question, parts: tuple[Any, ...]) -> Iterator[FeedbackLine]:
        yield from ()

    def lines(self, q: Question, g: Any, parts: tuple[Any, ...]) -> Iterator[FeedbackLine]:
        if not parts:
            yield from super().lines(q, g, parts)
            return
        yield from self.before_parts(q, parts)
        matched = sum(1 for p in parts if getattr(p, "verdict", "") in ("correct", "close"))
        yield FeedbackLine(Text(t(self.count_key, matched=matched, total=len(parts))))
        for index, part in enumerate(parts):
            yield FeedbackLine(
                self.part_line(index, part),
                f"feedback-line feedback-part -{str(getattr(part, 'verdict', 'wrong'))}",
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

    def before_parts(self, q: Question, parts: tuple[Any, ...]) -> Iterator[FeedbackLine]:
        if isinstance(q, ClozeQuestion) and q.text:
            yield FeedbackLine(_cloze_sentence(q, parts), "feedback-line feedback-sentence")


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
    "FeedbackLine",
    "FeedbackView",
    "feedback_body",
    "register_feedback",
    "render_diff",
    "verdict_text",
]
