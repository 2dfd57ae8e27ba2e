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
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer.i18n import t
from trainer.ui.linebreak import CJKText
from trainer.ui.widgets.common import localize_bindings
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
        Binding("h", "passage", "app.read.key.passage"),
    ]

    def __init__(self, question: Question | None = None) -> None:
        super().__init__()
        localize_bindings(self)
        self.question = question
        self.found: dict[int, tuple[int, int]] = {}

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
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#read-body").focus()
        if self.found:
            self.call_after_refresh(self.action_passage)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "passage":
            return bool(self.found)
        return True

    def action_passage(self) -> None:
        if self.found:
            first = min(self.found)
            widget = self.query_one(f"#block-{first}")
            self.query_one("#read-body", VerticalScroll).scroll_to_widget(
                widget, animate=False, top=True
            )

    def action_heading(self, step: int) -> None:
        body = self.query_one("#read-body", VerticalScroll)
        headings = list(body.query(".read-heading"))
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
        self.dismiss()
