"""Answer inputs, one per question type, shared by the study app and the group client.

:func:`make_answer_input` returns the widget for a question. Every such widget posts
:class:`AnswerSubmitted` when the learner submits and has :meth:`AnswerWidget.show_hint`. The
widgets only need what a learner sees: the number of cloze blanks and list items, the choice
options and the order items, so they work on questions whose answers were redacted (empty
strings). Their styles are in ``trainer/ui/styles/widgets.tcss`` (:data:`STYLESHEET`).
"""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.styles import Styles
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from trainer.core.bank import (
    LETTERS,
    ChoiceQuestion,
    ClozeQuestion,
    ListQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
)
from trainer.i18n import t
from trainer.ui.widgets.common import TInput

STYLESHEET = Path(__file__).resolve().parent.parent / "styles" / "widgets.tcss"
"""The stylesheet these widgets need; add it to an App's ``CSS_PATH``."""

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_SPACES = re.compile(r"\s+")
_ITEM_SPLIT = re.compile(r"[；;\n]+")


def circled(index: int) -> str:
    """①, ②, … for 0, 1, … (plain numbers after 20)."""
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


class AnswerSubmitted(Message):
    """The learner submitted an answer.

    Attributes:
        answer: one string, or one string per blank / item (in the order shown).
        hint_used: the learner looked at the hint first.
    """

    def __init__(self, answer: str | list[str], hint_used: bool) -> None:
        super().__init__()
        self.answer = answer
        self.hint_used = hint_used


LEADING_FILLERS = ("必须", "坚持", "不断", "进一步", "第")
"""Words many answers start with: a hint that names their first character tells nothing."""


def _filler_of(word: str, shared: str = "") -> str:
    """The leading filler to skip: a known one, or the prefix all the parts share."""
    for filler in LEADING_FILLERS:
        if word.startswith(filler) and len(word) > len(filler):
            return filler
    if shared and word.startswith(shared) and len(word) > len(shared):
        return shared
    return ""


def _word_hint(text: str, shared: str = "") -> str:
    """首字「切」… for an answer; after a leading filler (必须, 第, 坚持, or the prefix every
    item shares) the first character that tells the items apart."""
    word = _SPACES.sub("", text)
    if not word:
        return ""
    filler = _filler_of(word, shared)
    if filler:
        return t("app.hint.word_after", filler=filler, first=word[len(filler)], n=len(word))
    return t("app.hint.word", first=word[0], n=len(word))


def _shared_prefix(words: list[str]) -> str:
    """The prefix every word shares (two or more words), e.g. 聚焦 of 聚焦…/聚焦…."""
    cleaned = [_SPACES.sub("", w) for w in words if w]
    if len(cleaned) < 2:
        return ""
    prefix = cleaned[0]
    for word in cleaned[1:]:
        while prefix and not word.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


class AnswerWidget(Vertical):
    """Base of the per-type inputs: hint line, submit, focus."""

    DEFAULT_CLASSES = "answer-input"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"answer-input--focus-within"}

    def __init__(self, question: Question, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.question = question
        self.hint_used = False
        self.submitted = False
        self._focus_shown = False
        self._pending: list[Awaitable[Any]] = []  # mounts and removals reuse_for started

    # -- to override

    def compose_input(self) -> ComposeResult:
        """The widgets the learner types or selects in."""
        yield from ()

    def collect(self) -> str | list[str]:
        """The answer as it stands."""
        return ""

    def hint_lines(self) -> list[str]:
        """What the hint shows (first character and length of each expected part)."""
        return []

    def focus_first(self) -> None:
        """Put the keyboard focus where the learner starts."""
        self.focus()

    def start_widget(self) -> Widget:
        """Where the learner starts typing or choosing (what :meth:`focus_first` focuses)."""
        return self

    def reuse_for(self, question: Question, **options: Any) -> bool:
        """Ask ``question`` in this widget, as a new widget of this class would, when its shape
        allows (the same type, and as many boxes or rows); False when a new widget is needed.

        Updating the mounted widgets in place is what keeps the answer cycle cheap: composing,
        styling and laying out a new input for every question cost most of its time.
        """
        return False

    async def ready(self) -> None:
        """Wait for the widgets :meth:`reuse_for` mounted or removed to be in place."""
        pending, self._pending = self._pending, []
        for awaitable in pending:
            await awaitable

    def _start_again(self, question: Question) -> None:
        """The state every reused widget starts a question from: no hint, nothing submitted."""
        self.question = question
        self.hint_used = False
        self.submitted = False
        hint = self.query_one("#answer-hint", Static)
        if hint.display:
            hint.update("")
            hint.display = False
        self.call_after_refresh(self.focus_first)

    def has_answer(self) -> bool:
        """Something has been typed or chosen (an order question always has its order)."""
        answer = self.collect()
        if isinstance(answer, str):
            return bool(answer.strip())
        return any(str(part).strip() for part in answer)

    # -- shared

    def compose(self) -> ComposeResult:
        yield from self.compose_input()
        yield Static("", classes="answer-hint", id="answer-hint")

    def on_mount(self) -> None:
        self.query_one("#answer-hint", Static).display = False
        self.call_after_refresh(self.focus_first)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_focus(again=True))

    # The background while the focus is in the answer (the stylesheet's
    # ``.answer-input--focus-within``), set on this widget, and its widgets told that what
    # they are drawn on changed. A CSS ``:focus-within`` rule would restyle every widget inside
    # (matching every rule of the stylesheet against each) at each focus change.

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.show_focus()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.show_focus()

    def on_focus(self, event: events.Focus) -> None:
        self.show_focus()

    def on_blur(self, event: events.Blur) -> None:
        self.show_focus()

    def show_focus(self, *, again: bool = False) -> None:
        """Draw the answer on the focus-within background when the focus is in it (``again``:
        also when it already is, in another theme's colours)."""
        focused = self.has_focus_within
        if focused == self._focus_shown and not (again and focused):
            return
        self._focus_shown = focused
        if focused:
            styles = self.get_component_styles("answer-input--focus-within")
            self.styles.background = styles.background
        else:
            self.styles.background = None
        for widget in self.walk_children(with_self=False):
            # Their colours are kept per own style: a change of their own styles redraws them
            # (an empty merge is one; Textual's restyle of :focus-within does the same).
            widget.styles.merge(Styles())

    def show_hint(self) -> None:
        """Show the hint; the answer then counts as given with help (rating at most Hard)."""
        self.hint_used = True
        lines = [line for line in self.hint_lines() if line]
        if self.question.hint:
            lines.append(self.question.hint)
        if not lines:
            lines.append(t("app.hint.none"))
        hint = self.query_one("#answer-hint", Static)
        text = Text(t("app.hint.title"), style="bold")
        for line in lines:
            text.append("\n  " + line)
        hint.update(text)
        hint.display = True
        # a long list's hint lands below the fold at 80×24: bring it into view
        self.call_after_refresh(hint.scroll_visible, animate=False)

    def submit(self) -> None:
        """Post :class:`AnswerSubmitted` with the current answer (once)."""
        if self.submitted:
            return
        self.submitted = True
        self.post_message(AnswerSubmitted(self.collect(), self.hint_used))


# --------------------------------------------------------------------------- text inputs


class TextAnswer(AnswerWidget):
    """short and number questions: one input line; Enter submits."""

    def compose_input(self) -> ComposeResult:
        from trainer.core.qtypes import type_of

        placeholder = t(type_of(self.question).input_placeholder)
        yield TInput(placeholder=placeholder, id="answer-text", classes="answer-line")

    def focus_first(self) -> None:
        self.query_one("#answer-text", Input).focus()

    def start_widget(self) -> Widget:
        return self.query_one("#answer-text", Input)

    def collect(self) -> str:
        return self.query_one("#answer-text", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def reuse_for(self, question: Question, **options: Any) -> bool:
        if options or answer_input_class(question) is not type(self):
            return False
        from trainer.core.qtypes import type_of

        box = self.query_one("#answer-text", Input)
        box.clear()
        box.placeholder = t(type_of(question).input_placeholder)  # short and number differ
        self._start_again(question)
        return True

    def hint_lines(self) -> list[str]:
        q = self.question
        if isinstance(q, ShortQuestion):
            return [_word_hint(q.answer)]
        if isinstance(q, NumberQuestion):
            text = q.answer_text if (q.answer or q.unit) else ""
            return [_word_hint(text)]
        return []


class _MultiInputAnswer(AnswerWidget):
    """Several input boxes: Enter moves to the next one, on the last it submits.

    Enter and Tab are priority bindings, so the App moves the focus while it handles the key,
    before it hands on the keys that follow (the boxes never see Enter). Through the boxes' own
    Submitted message the move came later, and keys that arrived at once (a fast typist, an IME committing a phrase and
    Enter, a browser connection delivering a burst) all went into the box being left.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "advance", show=False, priority=True),
        Binding("tab", "move(1)", show=False, priority=True),
        Binding("shift+tab", "move(-1)", show=False, priority=True),
    ]

    def boxes(self) -> list[Input]:
        return list(self.query(".answer-box").results(Input))

    def focus_first(self) -> None:
        boxes = self.boxes()
        if boxes:
            boxes[0].focus()

    def start_widget(self) -> Widget:
        boxes = self.boxes()
        return boxes[0] if boxes else self

    def _focused_input(self) -> Input:
        """The focused input inside this answer (SkipAction when the focus is elsewhere)."""
        focused = self.screen.focused
        if not isinstance(focused, Input) or focused not in self.query(Input):
            raise SkipAction()
        return focused

    def action_advance(self) -> None:
        self.advance_from(self._focused_input())

    def action_move(self, step: int) -> None:
        boxes = self.boxes()
        focused = self._focused_input()
        inputs = [*boxes, *(i for i in self.query(Input) if i not in boxes)]
        index = inputs.index(focused) + step
        if not 0 <= index < len(inputs):
            raise SkipAction()  # past the last (first) box: the screen's own Tab order
        self.screen.set_focus(inputs[index])

    def advance_from(self, box: Input) -> None:
        """Enter in ``box``: on to the next box while some are empty, else submit."""
        boxes = self.boxes()
        if box in boxes:
            index = boxes.index(box)
            if index + 1 < len(boxes) and not self._all_filled(boxes):
                # Screen.set_focus, not Widget.focus(): the latter is deferred.
                self.screen.set_focus(boxes[index + 1])
                return
        self.submit_after(box)

    def submit_after(self, box: Input) -> None:
        """Submit once ``box`` has taken the keys already sent to it (they wait in its queue
        when they came in a burst with this Enter)."""
        box.call_later(self.submit)

    @staticmethod
    def _all_filled(boxes: list[Input]) -> bool:
        return all(box.value.strip() for box in boxes)


class ClozeAnswer(_MultiInputAnswer):
    """cloze: the sentence with an input box in place of each blank (Tab/Enter move on).

    The sentence is laid out in rows of the available width once, when the widget is built.
    Each box is as wide as its blank's expected answer (the longest accepted wording, plus
    room for the cursor), so a long answer is seen whole while it is typed; the blank's length
    is no secret (the hint tells it too). A box shows an underline when not focused.
    """

    BOX_WIDTH = 12
    MIN_BOX = 6

    def compose_input(self) -> ComposeResult:
        q = self.question
        assert isinstance(q, ClozeQuestion)
        width = max(24, min(self.app.size.width or 80, 120) - 8)
        for row in self._rows(q, width):
            with Horizontal(classes="cloze-row"):
                for part in row:
                    if isinstance(part, int):
                        box_width = self._box_width(q, part, width)
                        # the underscores are the blank's visible underline until typed over
                        box = TInput(
                            placeholder=circled(part) + "_" * max(0, box_width - 2),
                            classes="answer-box cloze-box",
                            id=f"blank-{part}",
                            compact=True,
                        )
                        box.styles.width = box_width
                        yield box
                    else:
                        yield Static(part, classes="cloze-segment", markup=False)

    def _rows(self, q: ClozeQuestion, width: int) -> list[list[str | int]]:
        """The segments flowed into rows of at most ``width`` cells (text split anywhere)."""
        from rich.cells import cell_len

        rows: list[list[str | int]] = [[]]
        used = 0
        for part in q.segments:
            if isinstance(part, int):
                box = self._box_width(q, part, width)
                if used + box > width and rows[-1]:
                    rows.append([])
                    used = 0
                rows[-1].append(part)
                used += box
                continue
            text = part.replace("\n", " ")
            while text:
                room = width - used
                cut = 0
                cells = 0
                while cut < len(text) and cells + cell_len(text[cut]) <= room:
                    cells += cell_len(text[cut])
                    cut += 1
                if cut == 0:
                    rows.append([])
                    used = 0
                    continue
                rows[-1].append(text[:cut])
                used += cells
                text = text[cut:]
                if text:
                    rows.append([])
                    used = 0
        return [row for row in rows if row]

    def _box_width(self, q: ClozeQuestion, index: int, width: int) -> int:
        """Cells of blank ``index``'s box: its longest accepted wording (a redacted question
        has none: the fixed width), bounded by the row."""
        from rich.cells import cell_len

        alternatives = q.blanks[index] if index < len(q.blanks) else ()
        longest = max((cell_len(a) for a in alternatives if a), default=0)
        if not longest:
            return min(self.BOX_WIDTH, width)
        return max(self.MIN_BOX, min(longest + 2, width))

    def collect(self) -> list[str]:
        return [box.value for box in self.boxes()]

    def hint_lines(self) -> list[str]:
        q = self.question
        assert isinstance(q, ClozeQuestion)
        lines = []
        shared = _shared_prefix([alts[0] for alts in q.blanks if alts])
        for index, alternatives in enumerate(q.blanks):
            hint = _word_hint(alternatives[0] if alternatives else "", shared)
            if hint:
                lines.append(f"{circled(index)} {hint}")
        return lines


class ItemInput(TInput):
    """A list item box; pasting several lines into it spreads them over the boxes."""

    class MultiPaste(Message):
        def __init__(self, box: ItemInput, lines: list[str]) -> None:
            super().__init__()
            self.box = box
            self.lines = lines

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()
            event.stop()
            self.post_message(self.MultiPaste(self, lines))


class PasteInput(TInput):
    """The free-form box: a pasted multi-line list is kept, its lines joined by ；."""

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.prevent_default()
            event.stop()
            self.insert_text_at_cursor("；".join(lines))


class ListAnswer(_MultiInputAnswer):
    """list: one box per expected item, plus one box to paste or type the whole list."""

    def compose_input(self) -> ComposeResult:
        q = self.question
        assert isinstance(q, ListQuestion)
        yield Static(self._note(q), classes="answer-note", id="answer-note")
        for index in range(len(q.items)):
            yield self._item_row(index)
        with Horizontal(classes="answer-row"):
            yield Label("≡", classes="answer-label")
            yield PasteInput(placeholder=t("app.input.paste"), id="item-paste", compact=True)

    @staticmethod
    def _note(question: ListQuestion) -> str:
        key = "app.input.list_ordered" if question.ordered else "app.input.list_count"
        return t(key, n=len(question.items))

    @staticmethod
    def _item_row(index: int) -> Horizontal:
        return Horizontal(
            Label(f"{index + 1}.", classes="answer-label"),
            ItemInput(
                placeholder=t("app.input.item", n=index + 1),
                classes="answer-box",
                id=f"item-{index}",
                compact=True,
            ),
            classes="answer-row",
        )

    def reuse_for(self, question: Question, **options: Any) -> bool:
        """Any list question: the rows of the items it has not are removed, those it needs
        more are added (above the paste box); the rest is cleared."""
        if options or not isinstance(question, ListQuestion):
            return False
        boxes = self.boxes()
        count = len(question.items)
        if count < len(boxes):
            rows = [box.parent for box in boxes[count:] if isinstance(box.parent, Widget)]
            self._pending.append(self.remove_children(rows))
        elif count > len(boxes):
            paste_row = self.query_one("#item-paste", Input).parent
            new_rows = [self._item_row(index) for index in range(len(boxes), count)]
            if isinstance(paste_row, Widget):
                self._pending.append(self.mount_all(new_rows, before=paste_row))
        self.query_one("#answer-note", Static).update(self._note(question))
        for box in self.query(Input):
            box.clear()
        self._start_again(question)
        return True

    def on_item_input_multi_paste(self, event: ItemInput.MultiPaste) -> None:
        boxes = self.boxes()
        start = boxes.index(event.box) if event.box in boxes else 0
        lines = list(event.lines)
        for box in boxes[start:]:
            if not lines:
                break
            box.value = lines.pop(0)
        if lines:
            paste = self.query_one("#item-paste", Input)
            paste.value = "；".join(filter(None, [paste.value, *lines]))

    def advance_from(self, box: Input) -> None:
        if box.id == "item-paste":
            self.submit_after(box)
            return
        super().advance_from(box)

    def collect(self) -> str | list[str]:
        q = self.question
        assert isinstance(q, ListQuestion)
        paste = self.query_one("#item-paste", Input).value.strip()
        boxes = [box.value.strip() for box in self.boxes()]
        if not any(boxes):
            return paste
        items: list[str] = []
        for value in boxes:  # "a；b" typed into one box is two items
            parts = [part.strip() for part in _ITEM_SPLIT.split(value) if part.strip()]
            if parts:
                items.extend(parts)
            elif q.ordered:
                items.append("")
        if paste:
            items.extend(part.strip() for part in _ITEM_SPLIT.split(paste) if part.strip())
        return items

    def hint_lines(self) -> list[str]:
        q = self.question
        assert isinstance(q, ListQuestion)
        lines = []
        shared = _shared_prefix([alts[0] for alts in q.items if alts])
        for index, alternatives in enumerate(q.items):
            hint = _word_hint(alternatives[0] if alternatives else "", shared)
            if hint:
                lines.append(f"{index + 1}. {hint}")
        return lines


# --------------------------------------------------------------------------- pick from a list


class OptionRow(Static):
    """One option line; a click on it posts :class:`OptionRow.Clicked`."""

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, text: str, index: int, **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self.index))


class _PickAnswer(AnswerWidget, can_focus=True):
    """A focusable list of rows with a cursor (↑/↓) and a selection."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", show=False),
        Binding("down", "cursor(1)", show=False),
        Binding("space", "toggle_cursor", "app.key.toggle", show=False),
        Binding("enter", "submit", "app.key.submit"),
    ]

    def __init__(self, question: Question, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.cursor = 0
        self.selected: set[int] = set()

    def labels(self) -> list[str]:
        return []

    def compose_input(self) -> ComposeResult:
        yield Static(self.instructions(), classes="answer-note", id="answer-note")
        for index, label in enumerate(self.labels()):
            yield self._option_row(index, label)

    @staticmethod
    def _option_row(index: int, label: str) -> OptionRow:
        return OptionRow(label, index, classes="option-row", id=f"option-{index}")

    def instructions(self) -> str:
        return ""

    def reuse_for(self, question: Question, **options: Any) -> bool:
        """A question of the same type: the rows it has not are removed, those it needs more
        are added (above the hint line); nothing selected, the cursor on the first."""
        if question.type != self.question.type or options:
            return False
        rows = self.rows()
        self.question = question
        labels = self.labels()
        if len(labels) < len(rows):
            self._pending.append(self.remove_children(rows[len(labels) :]))
        elif len(labels) > len(rows):
            new_rows = [self._option_row(i, label) for i, label in enumerate(labels)][len(rows) :]
            hint = self.query_one("#answer-hint", Static)
            self._pending.append(self.mount_all(new_rows, before=hint))
        self.cursor = 0
        self.selected = set()
        self.query_one("#answer-note", Static).update(self.instructions())
        self.refresh_rows()
        self._start_again(question)
        return True

    def rows(self) -> list[OptionRow]:
        return list(self.query(OptionRow).results(OptionRow))

    def on_mount(self) -> None:
        super().on_mount()
        self.refresh_rows()

    def marks(self) -> tuple[str, str]:
        """The (chosen, not chosen) marks in front of each row."""
        return ("■", "□") if self.multiple() else ("●", "○")

    def refresh_rows(self) -> None:
        chosen, unchosen = self.marks()
        for row, label in zip(self.rows(), self.labels(), strict=False):
            row.update(f"{chosen if row.index in self.selected else unchosen} {label}")
            row.set_class(row.index in self.selected, "-selected")
            row.set_class(row.index == self.cursor and self.has_focus, "-cursor")

    def focus_first(self) -> None:
        self.focus()
        self.call_after_refresh(self.refresh_rows)

    def on_focus(self, event: events.Focus) -> None:
        self.refresh_rows()  # (Textual calls AnswerWidget's handler too)

    def on_blur(self, event: events.Blur) -> None:
        self.refresh_rows()

    def action_cursor(self, step: int) -> None:
        count = len(self.rows())
        if count:
            self.cursor = (self.cursor + step) % count
            self.refresh_rows()
            self.query_one(f"#option-{self.cursor}").scroll_visible(animate=False)

    def toggle(self, index: int) -> None:
        if index < 0 or index >= len(self.rows()):
            return
        self.cursor = index
        if self.multiple():
            self.selected ^= {index}
        else:
            self.selected = {index}
        self.refresh_rows()

    def multiple(self) -> bool:
        return False

    def action_toggle_cursor(self) -> None:
        self.toggle(self.cursor)

    def action_submit(self) -> None:
        self.submit()

    def on_option_row_clicked(self, event: OptionRow.Clicked) -> None:
        event.stop()
        self.focus()
        self.toggle(event.index)


class ChoiceAnswer(_PickAnswer):
    """choice: options with letters; A–H toggle, Enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(letter.lower(), f"pick({index})", show=False)
        for index, letter in enumerate(LETTERS)
    ]

    def labels(self) -> list[str]:
        q = self.question
        assert isinstance(q, ChoiceQuestion)
        return [f"{LETTERS[i]}. {option}" for i, option in enumerate(q.options)]

    def multiple(self) -> bool:
        q = self.question
        return isinstance(q, ChoiceQuestion) and q.multiple

    def instructions(self) -> str:
        n = len(self.labels())
        last = LETTERS[max(n - 1, 0)]
        key = "app.input.choice_multiple" if self.multiple() else "app.input.choice_single"
        return t(key, last=last)

    def action_pick(self, index: int) -> None:
        self.toggle(index)

    def collect(self) -> str:
        return "".join(LETTERS[i] for i in sorted(self.selected))

    def hint_lines(self) -> list[str]:
        q = self.question
        if isinstance(q, ChoiceQuestion) and q.multiple and q.correct:
            return [t("app.hint.choice_count", n=len(q.correct))]
        return []


class TrueFalseAnswer(_PickAnswer):
    """truefalse: 1/T/Y or 对 for true, 2/F/N or 错 for false; Enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1,t,y", "pick(0)", "app.key.true"),
        Binding("2,f,n", "pick(1)", "app.key.false"),
    ]

    def labels(self) -> list[str]:
        return [f"1. {t('app.tf.true')}", f"2. {t('app.tf.false')}"]

    def instructions(self) -> str:
        return t("app.input.truefalse")

    def action_pick(self, index: int) -> None:
        self.toggle(index)

    def on_key(self, event: events.Key) -> None:
        if event.character in ("对", "√", "是"):
            event.stop()
            self.toggle(0)
        elif event.character in ("错", "×", "否"):
            event.stop()
            self.toggle(1)

    def collect(self) -> str:
        if not self.selected:
            return ""
        return "对" if 0 in self.selected else "错"


class OrderAnswer(_PickAnswer):
    """order: the items shuffled; ↑/↓ choose, u/d or ctrl+↑/↓ move it, Enter submits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u,ctrl+up,shift+up", "move(-1)", "app.key.move_up"),
        Binding("d,ctrl+down,shift+down", "move(1)", "app.key.move_down"),
    ]

    def __init__(
        self, question: Question, *, order: list[str] | None = None, **kwargs: Any
    ) -> None:
        """``order``: the items in the order to start from (the session shuffles them per
        learner and review); without it, a shuffle seeded by the question id."""
        super().__init__(question, **kwargs)
        self.touched = False
        self.order = self._first_order(question, order)

    @staticmethod
    def _first_order(question: Question, order: list[str] | None) -> list[str]:
        assert isinstance(question, OrderQuestion)
        items = list(question.items)
        if order is not None and sorted(order) == sorted(items):
            return list(order)
        shuffled = items[:]
        random.Random(question.id).shuffle(shuffled)
        if shuffled == items and len(items) > 1:
            shuffled = shuffled[1:] + shuffled[:1]
        return shuffled

    def reuse_for(self, question: Question, **options: Any) -> bool:
        order: list[str] | None = options.pop("order", None)
        if options or not isinstance(question, OrderQuestion):
            return False
        self.touched = False
        self.order = self._first_order(question, order)
        return super().reuse_for(question)

    def labels(self) -> list[str]:
        return [f"{index + 1}. {item}" for index, item in enumerate(self.order)]

    def instructions(self) -> str:
        return t("app.input.order")

    def marks(self) -> tuple[str, str]:
        return ("▶", " ")

    def refresh_rows(self) -> None:
        self.selected = {self.cursor} if self.has_focus else set()
        super().refresh_rows()

    def toggle(self, index: int) -> None:
        self.cursor = index
        self.refresh_rows()

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = (
                self.order[target],
                self.order[self.cursor],
            )
            self.touched = True
            self.cursor = target
            self.refresh_rows()

    def collect(self) -> list[str]:
        # The shuffled order as shown is not the learner's answer: untouched, it is no answer
        # (order questions give credit for every run in the right order, so the shuffle
        # itself would otherwise earn some).
        return list(self.order) if self.touched else []

    def has_answer(self) -> bool:
        """Only once the learner has moved an item: the shuffled start is nobody's answer
        (at an exam's time-up an untouched order question stays unanswered)."""
        return self.touched

    def hint_lines(self) -> list[str]:
        q = self.question
        if isinstance(q, OrderQuestion) and q.items and q.items[0]:
            return [t("app.hint.order_first", first=q.items[0])]
        return []


# --------------------------------------------------------------------------- factory


ANSWER_INPUTS: dict[str, type[AnswerWidget]] = {
    "short": TextAnswer,
    "number": TextAnswer,
    "cloze": ClozeAnswer,
    "list": ListAnswer,
    "choice": ChoiceAnswer,
    "truefalse": TrueFalseAnswer,
    "order": OrderAnswer,
}
"""The input widget of each question type, by type name (the same names as
``trainer.core.qtypes.TYPES``); a type without one gets a one-line :class:`TextAnswer`."""


def register_answer_input(type_name: str, widget: type[AnswerWidget]) -> None:
    """Give a question type its input widget (a new type's module calls this)."""
    ANSWER_INPUTS[type_name] = widget


def answer_input_class(question: Question) -> type[AnswerWidget]:
    """The input widget class of this question's type."""
    return ANSWER_INPUTS.get(question.type, TextAnswer)


def make_answer_input(question: Question, **kwargs: Any) -> AnswerWidget:
    """The input widget for this question's type.

    Args:
        question: any question (answers may be redacted).
        kwargs: passed to the widget (``id``, ``classes``).

    Returns:
        A widget that posts :class:`AnswerSubmitted` and has ``show_hint()``.
    """
    return answer_input_class(question)(question, **kwargs)


__all__ = [
    "ANSWER_INPUTS",
    "STYLESHEET",
    "AnswerSubmitted",
    "AnswerWidget",
    "ChoiceAnswer",
    "ClozeAnswer",
    "ListAnswer",
    "OrderAnswer",
    "TextAnswer",
    "TrueFalseAnswer",
    "answer_input_class",
    "make_answer_input",
    "register_answer_input",
]
