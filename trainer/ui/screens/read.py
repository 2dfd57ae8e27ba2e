"""The report, cleaned of its newspaper line breaks and spaces, with a question's passage lit.

Opened from the home screen (the whole report) or from a question (ctrl+o), in which case the
passage the question quotes is highlighted and scrolled to; Esc goes back to the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from trainer.i18n import t
from trainer.ui.linebreak import CJKText
from trainer.ui.widgets.common import TInput
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.core.bank import Bank, Question
    from trainer.ui.app import TrainerApp

_WHITESPACE = re.compile(r"\s+")
_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t\u3000]*\n[ \t\u3000]*"
    r"(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])"
)


@dataclass(frozen=True)
class Block:
    kind: str  # heading | paragraph
    text: str


def clean_blocks(raw: str) -> list[Block]:
    """The report as headings and paragraphs, whitespace repaired."""
    try:
        from trainer.core.generation.clean import clean_text
    except ImportError:  # pragma: no cover - the cleaner is another module
        clean_text = None  # type: ignore[assignment]
    if clean_text is not None:
        report = clean_text(raw)
        return [Block(b.kind, b.text) for b in report.blocks]
    blocks = []
    for para in re.split(r"\n\s*\n", raw):
        text = _CJK_BREAK.sub("", para.strip())
        text = re.sub(
            r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff0-9])|(?<=[0-9]) (?=[\u3400-\u9fff])", "", text
        )
        if text:
            kind = "heading" if text.startswith("【") and text.endswith("】") else "paragraph"
            blocks.append(Block(kind, text))
    return blocks


def report_blocks(app: Any, bank: Bank | None) -> list[Block] | None:
    """The cleaned report of the bank (cached on the app), or None if it cannot be read."""
    cached = getattr(app, "_report_blocks", None)
    if cached is not None and cached[0] is bank:
        return cached[1]
    raw = bank.reading_text() if bank is not None else None
    blocks = clean_blocks(raw) if raw else None
    app._report_blocks = (bank, blocks)
    return blocks


def section_headings(blocks: list[Block]) -> list[int]:
    """The headings worth jumping to (``n``/``p``, the table of contents): the title, and every
    heading that opens a part of the report. Left out: the subtitle lines under the title
    (``助推郑州…``, ``——政协…工作报告摘编``) and a byline after the last paragraph
    (``郑州全媒体记者…``)."""
    paragraphs = [i for i, block in enumerate(blocks) if block.kind == "paragraph"]
    first_text = paragraphs[0] if paragraphs else len(blocks)
    last_text = paragraphs[-1] if paragraphs else -1
    chosen: list[int] = []
    for index, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        if block.text.startswith(("——", "--", "—")):
            continue  # a subtitle or dateline
        if 0 < index < first_text and chosen:
            continue  # the lines under the title, before the report begins
        if index > last_text >= 0:
            continue  # a byline at the end
        chosen.append(index)
    return chosen


def find_all(blocks: list[Block], query: str) -> list[tuple[int, int, int]]:
    """Every (block, start, end) where ``query`` occurs, case-insensitively, in reading order."""
    needle = query.strip().lower()
    if not needle:
        return []
    found = []
    for index, block in enumerate(blocks):
        text = block.text.lower()
        start = text.find(needle)
        while start >= 0:
            found.append((index, start, start + len(needle)))
            start = text.find(needle, start + len(needle))
    return found


def locate(blocks: list[Block], quote: str) -> dict[int, tuple[int, int]]:
    """Where ``quote`` is, whitespace-insensitively: block index -> (start, end) char range."""
    target = _WHITESPACE.sub("", quote)
    if not target:
        return {}
    positions: list[tuple[int, int]] = []  # (block, char index) of every non-space char
    chars: list[str] = []
    for b, block in enumerate(blocks):
        for i, char in enumerate(block.text):
            if not char.isspace():
                positions.append((b, i))
                chars.append(char)
    start = "".join(chars).find(target)
    if start < 0:
        return {}
    found: dict[int, tuple[int, int]] = {}
    for b, i in positions[start : start + len(target)]:
        first, last = found.get(b, (i, i + 1))
        found[b] = (min(first, i), max(last, i + 1))
    return found


class ReadScreen(Screen[None]):
    """阅读原文: the whole report, by section."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "app.read.key.back"),
        Binding("n", "heading(1)", "app.read.key.next"),
        Binding("p", "heading(-1)", "app.read.key.previous"),
        Binding("t", "contents", "app.read.key.contents"),
        Binding("slash", "search", "app.read.key.search"),
        Binding("h", "passage", "app.read.key.passage"),
    ]

    def __init__(self, question: Question | None = None) -> None:
        super().__init__()
        self.question = question
        self.found: dict[int, tuple[int, int]] = {}
        self.blocks: list[Block] = []
        self.matches: list[tuple[int, int, int]] = []
        self.match_index = -1

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        bank = self.trainer.bank
        title = Text(t("app.read.title"), style="bold")
        if bank is not None:
            title.append("  ·  " + bank.title, style="")
        yield Static(title, classes="screen-title")
        blocks = report_blocks(self.app, bank)
        self.blocks = blocks or []
        with VerticalScroll(id="read-body", can_focus=True):
            if not blocks:
                yield Static(t("app.read.missing"), classes="study-message -error")
            else:
                if self.question is not None and self.question.source:
                    self.found = locate(blocks, self.question.source)
                    if not self.found:
                        yield Static(t("app.read.not_found"), classes="read-note")
                for index, block in enumerate(blocks):
                    text = Text(block.text)
                    if index in self.found:
                        start, end = self.found[index]
                        text.stylize("bold reverse", start, end)
                    classes = "read-heading" if block.kind == "heading" else "read-paragraph"
                    if index in self.found:
                        classes += " -passage"
                    yield Static(CJKText(text), classes=classes, id=f"block-{index}")
        with Horizontal(id="read-search-bar"):
            yield TInput(placeholder=t("app.read.search"), id="read-search", compact=True)
            yield Static("", id="read-search-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#read-search-bar").display = False
        self.query_one("#read-body").focus()
        if self.found:
            self.call_after_refresh(self.action_passage)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "passage":
            return bool(self.found)
        if action in ("heading", "contents", "search"):
            return bool(self.blocks) and not isinstance(self.focused, Input)
        return True

    # ------------------------------------------------------------------ text of a block

    def _block_text(self, index: int) -> Text:
        """A block with the question's passage and the search matches lit."""
        block = self.blocks[index]
        text = Text(block.text)
        if index in self.found:
            start, end = self.found[index]
            text.stylize("bold reverse", start, end)
        for number, (b, start, end) in enumerate(self.matches):
            if b == index:
                current = number == self.match_index
                text.stylize(
                    "bold black on yellow" if current else "black on dark_khaki", start, end
                )
        return text

    def _redraw(self, indexes: set[int]) -> None:
        for index in indexes:
            if 0 <= index < len(self.blocks):
                self.query_one(f"#block-{index}", Static).update(CJKText(self._block_text(index)))

    def _scroll_to_block(self, index: int) -> None:
        widget = self.query_one(f"#block-{index}")
        self.query_one("#read-body", VerticalScroll).scroll_to_widget(
            widget, animate=False, top=True
        )

    # ------------------------------------------------------------------ contents

    def action_contents(self) -> None:
        """目录: the report's headings; Enter jumps to one."""
        headings = [(i, self.blocks[i].text) for i in section_headings(self.blocks)]
        if not headings:
            return

        def jump(index: int | None) -> None:
            if index is not None:
                self._scroll_to_block(index)
                self.query_one("#read-body").focus()

        self.app.push_screen(ContentsScreen(headings, self._current_heading()), jump)

    def _current_heading(self) -> int | None:
        body = self.query_one("#read-body", VerticalScroll)
        current = None
        for index in section_headings(self.blocks):
            if self.query_one(f"#block-{index}").virtual_region.y <= body.scroll_y + 0.5:
                current = index
        return current

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        self.query_one("#read-search-bar").display = True
        self.query_one("#read-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "read-search":
            return
        before = {b for b, _, _ in self.matches}
        self.matches = find_all(self.blocks, event.value)
        self.match_index = -1
        self._redraw(before | {b for b, _, _ in self.matches})
        self._update_search_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "read-search":
            return
        event.stop()
        self.next_match()

    def next_match(self) -> None:
        """Scroll to the next occurrence (after the last one, the first again)."""
        if not self.matches:
            self._update_search_status()
            return
        previous = self.match_index
        self.match_index = (self.match_index + 1) % len(self.matches)
        old_block = self.matches[previous][0] if previous >= 0 else None
        new_block = self.matches[self.match_index][0]
        self._redraw({new_block} | ({old_block} if old_block is not None else set()))
        self.query_one(f"#block-{new_block}").scroll_visible(animate=False, top=True)
        self._update_search_status()

    def _update_search_status(self) -> None:
        value = self.query_one("#read-search", Input).value.strip()
        status = self.query_one("#read-search-status", Static)
        if not value:
            status.update("")
        elif not self.matches:
            status.update(Text(t("app.read.search_none"), style="yellow"))
        else:
            status.update(
                t(
                    "app.read.search_count",
                    current=max(1, self.match_index + 1) if self.match_index >= 0 else 0,
                    n=len(self.matches),
                )
            )

    def action_passage(self) -> None:
        if self.found:
            first = min(self.found)
            widget = self.query_one(f"#block-{first}")
            self.query_one("#read-body", VerticalScroll).scroll_to_widget(
                widget, animate=False, top=True
            )

    def action_heading(self, step: int) -> None:
        body = self.query_one("#read-body", VerticalScroll)
        headings = [self.query_one(f"#block-{i}") for i in section_headings(self.blocks)]
        if not headings:
            return
        y = body.scroll_y
        tops = [h.virtual_region.y for h in headings]
        if step > 0:
            targets = [top for top in tops if top > y + 0.5]
            target = targets[0] if targets else tops[-1]
        else:
            targets = [top for top in tops if top < y - 0.5]
            target = targets[-1] if targets else 0
        body.scroll_to(y=target, animate=False)

    def action_back(self) -> None:
        search = self.query_one("#read-search", Input)
        if self.focused is search:
            # Esc in the search box closes it (the matches stay lit until it is emptied).
            self.query_one("#read-search-bar").display = bool(search.value)
            self.query_one("#read-body").focus()
            return
        self.dismiss()


class ContentsScreen(ModalScreen[int | None]):
    """目录: the report's headings; Enter jumps to one, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,t", "close", "app.key.close"),
    ]

    def __init__(self, headings: list[tuple[int, str]], current: int | None) -> None:
        super().__init__()
        self.headings = headings
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="read-contents", classes="dialog"):
            yield Static(Text(t("app.read.contents"), style="bold"), classes="box-title")
            yield OptionList(
                *[Option(Text(title), id=str(index)) for index, title in self.headings],
                id="read-contents-list",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one("#read-contents-list", OptionList)
        options.focus()
        indexes = [index for index, _ in self.headings]
        if self.current in indexes:
            options.highlighted = indexes.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(str(event.option.id)))

    def action_close(self) -> None:
        self.dismiss(None)
