"""Browse the bank: a searchable, filterable table; open a question; study a selection now."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Select, Static

from trainer.core.qtypes import TYPES
from trainer.core.text_safety import printable_line
from trainer.i18n import t
from trainer.ui.linebreak import CJKText
from trainer.ui.widgets.common import TInput, TSelect
from trainer.ui.widgets.feedback import VERDICT_MARK, VERDICT_STYLE
from trainer.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from trainer.core.bank import Question
    from trainer.ui.app import TrainerApp

_SPACE = re.compile(r"\s+")
SECTION_CELLS = 16
STATES = ("new", "learning", "young", "mature", "due")
MARK_FILTERS = ("flagged", "suspended", "wrong")
"""Filters on what the learner did to a question: 收藏, 暂停, the 错题本."""


def answer_display(question: Any) -> str:
    """The expected answer as a learner would read it, every accepted wording included (its
    question type says what that is: trainer/core/qtypes)."""
    kind = TYPES.get(question.type)
    if kind is None:
        return ""
    shown = kind.full_answer(question)
    text = shown.text or (t(f"app.{shown.key}") if shown.key else "")
    if shown.also:
        text += f"（{t('app.browse.also')}{'；'.join(shown.also)}）"
    return text


def search_text(question: Any) -> str:
    """Everything a search matches: prompt, answer, source, id, tags (no spaces, lower case)."""
    parts = [
        question.id,
        question.prompt,
        answer_display(question),
        question.source,
        " ".join(question.tags),
        question.explanation,
    ]
    return _SPACE.sub("", " ".join(parts)).lower()


def pinyin_keys(text: str) -> tuple[str, str]:
    """``text`` in toneless pinyin and in initials (书香 → ``shuxiang``, ``sx``), lower case,
    without spaces; other characters are kept as they are."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="default")
    initials = [syllable[:1] for syllable in syllables]
    return "".join(syllables).lower(), "".join(initials).lower()


def is_pinyin_query(query: str) -> bool:
    """Latin letters only (and at least two): worth matching against pinyin as well."""
    return len(query) >= 2 and query.isascii() and query.isalpha()


def fit_middle(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells in the middle (``头部…尾部``), so that rows which differ
    only at their end (a list of 聚焦… titles, "…正确的是"/"…错误的是") stay told apart."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    tail_cells = max(2, width // 3)
    head_cells = width - tail_cells - 1
    tail = ""
    for char in reversed(text):
        if cell_len(char + tail) > tail_cells:
            break
        tail = char + tail
    head = set_cell_size(text, head_cells).rstrip()
    if cell_len(head) + 1 + cell_len(tail) < width and head_cells > 0:
        head = set_cell_size(text, width - 1 - cell_len(tail)).rstrip()
    return head + "…" + tail


def short_section(title: str) -> str:
    """A section title's first clause (``聚焦政治引领 全面筑牢…`` → ``聚焦政治引领``)."""
    return re.split(r"[，,\s　]", title.strip(), maxsplit=1)[0] or title


class BrowseScreen(Screen[None]):
    """浏览题库."""

    RETURN_HERE = True
    """A session started here (ctrl+s, s) comes back here, search, filters and marks kept."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "app.browse.key.search"),
        Binding("space", "mark", "app.browse.key.mark"),
        Binding("ctrl+s", "study", "app.browse.key.study"),
        Binding("escape", "back", "app.key.back"),
        Binding("tab", "tab", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.marked: set[str] = set()
        self.shown: list[str] = []
        self.cards: dict[str, Any] = {}
        self._texts: dict[str, str] = {}
        self.marks: dict[str, frozenset[str]] = {}  # flagged / suspended / wrong → ids
        self._pinyin: dict[str, tuple[str, str]] = {}

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        bank = self.trainer.bank
        yield Static(Text(t("app.browse.title"), style="bold"), classes="screen-title")
        yield TInput(placeholder=t("app.browse.search"), id="browse-search", compact=True)
        sections = [(s.title, s.id) for s in bank.sections] if bank else []
        tags = sorted({tag for q in bank.questions for tag in q.tags}) if bank else []
        with Horizontal(id="browse-filters"):
            yield TSelect(
                sections, prompt=t("app.browse.all_sections"), id="filter-section", compact=True
            )
            yield TSelect(
                [(t(f"app.type.{k}"), k) for k in TYPES],
                prompt=t("app.browse.all_types"),
                id="filter-type",
                compact=True,
            )
            yield TSelect(
                [(t(f"app.state.{k}"), k) for k in (*STATES, *MARK_FILTERS)],
                prompt=t("app.browse.all_states"),
                id="filter-state",
                compact=True,
            )
            yield TSelect(
                [(tag, tag) for tag in tags],
                prompt=t("app.browse.all_tags"),
                id="filter-tag",
                compact=True,
            )
        yield DataTable(id="browse-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="browse-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load_cards()
        # Pinyin of every question (~0.25 s for the built-in bank) before the first search.
        self.run_worker(self._warm_pinyin, thread=True, exclusive=True, group="browse-pinyin")
        self.load_marks()
        table = self.query_one("#browse-table", DataTable)
        table.add_column(" ", key="mark", width=1)
        from rich.cells import cell_len

        type_width = max(cell_len(t(f"app.type.{k}")) for k in TYPES)
        table.add_column(t("app.browse.col.type"), key="type", width=type_width)
        table.add_column(t("app.browse.col.section"), key="section", width=SECTION_CELLS)
        self.prompt_width = max(16, self.app.size.width - 1 - type_width - SECTION_CELLS - 8 - 14)
        table.add_column(t("app.browse.col.prompt"), key="prompt", width=self.prompt_width)
        table.add_column(t("app.browse.col.state"), key="state", width=8)
        self.refresh_table()
        table.focus()

    def load_marks(self) -> None:
        """The learner's 收藏, suspended questions and 错题本 (for the filters)."""
        from trainer.core.store.marks import marked, wrong_book

        app = self.trainer
        if app.store is None or app.bank is None:
            return
        try:
            self.marks = {
                "flagged": marked(app.store, app.profile_name, app.bank.id, "flagged"),
                "suspended": marked(app.store, app.profile_name, app.bank.id, "suspended"),
                "wrong": frozenset(wrong_book(app.store, app.profile_name, app.bank.id)),
            }
        except Exception:  # noqa: BLE001 - the table still works without them
            self.marks = {}

    def _passes_state(self, question: Question, state: Any) -> bool:
        if not state:
            return True
        if state in MARK_FILTERS:
            return question.id in self.marks.get(str(state), frozenset())
        if state == "due":
            return self._is_due(question)
        return bool(self.state_of(question) == state)

    def _load_cards(self) -> None:
        app = self.trainer
        if app.store is not None and app.bank is not None:
            try:
                self.cards = dict(app.store.card_states(app.profile_name, app.bank.id))
            except Exception:  # noqa: BLE001 - the table still works without states
                self.cards = {}

    def on_screen_resume(self) -> None:
        # Back from a session started here: new states, the same search, filters and marks.
        if not self.is_mounted or not self.query("#browse-table"):
            return
        table = self.query_one("#browse-table", DataTable)
        row = table.cursor_row
        self._load_cards()
        self.load_marks()
        self.refresh_table()
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))

    def action_tab(self) -> None:
        """From the search box, Tab goes to the results first (the filters come after)."""
        if self.focused is self.query_one("#browse-search", Input):
            self.query_one("#browse-table", DataTable).focus()
        else:
            self.focus_next()

    def _warm_pinyin(self) -> None:
        bank = self.trainer.bank
        for question in list(bank.questions) if bank else []:
            if question.id not in self._pinyin:
                text = self._texts.get(question.id) or search_text(question)
                self._pinyin[question.id] = pinyin_keys(text)

    def _matches(self, question: Question, query: str) -> bool:
        text = self._texts.get(question.id)
        if text is None:
            text = self._texts[question.id] = search_text(question)
        if query in text:
            return True
        if not is_pinyin_query(query):
            return False
        keys = self._pinyin.get(question.id)
        if keys is None:
            keys = self._pinyin[question.id] = pinyin_keys(text)
        return query in keys[0] or query in keys[1]

    def state_of(self, question: Question) -> str:
        from trainer.core.stats import card_class

        return card_class(self.cards.get(question.id))

    def _is_due(self, question: Question) -> bool:
        card = self.cards.get(question.id)
        return card is not None and card.due <= self.trainer.clock().timestamp()

    def filtered(self) -> list[Question]:
        bank = self.trainer.bank
        if bank is None:
            return []
        query = _SPACE.sub("", self.query_one("#browse-search", Input).value).lower()
        selects = {
            name: self.query_one(f"#filter-{name}", Select)
            for name in ("section", "type", "state", "tag")
        }
        values = {k: (None if v.is_blank() else v.value) for k, v in selects.items()}
        chosen: list[Question] = []
        for question in bank.questions:
            if values["section"] and question.section != values["section"]:
                continue
            if values["type"] and question.type != values["type"]:
                continue
            if values["tag"] and values["tag"] not in question.tags:
                continue
            if not self._passes_state(question, values["state"]):
                continue
            if query and not self._matches(question, query):
                continue
            chosen.append(question)
        return chosen

    def refresh_table(self) -> None:
        bank = self.trainer.bank
        table = self.query_one("#browse-table", DataTable)
        table.clear()
        questions = self.filtered()
        self.shown = [q.id for q in questions]
        for question in questions:
            state = self.state_of(question)
            state_text = Text(t(f"app.state.{state}"))
            if self._is_due(question):
                state_text = Text(t("app.state.due"), style="yellow")
            table.add_row(
                "●" if question.id in self.marked else " ",
                t(f"app.type.{question.type}"),
                fit_middle(
                    short_section(bank.section_title(question.section) if bank else ""),
                    SECTION_CELLS,
                ),
                Text(
                    fit_middle(_SPACE.sub(" ", question.prompt), self.prompt_width),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                state_text,
                key=question.id,
            )
        self.refresh_status()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "browse-search":
            self.refresh_table()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "browse-search":
            self.query_one("#browse-table", DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.refresh_table()

    def _cursor_id(self) -> str | None:
        table = self.query_one("#browse-table", DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        qid = str(event.row_key.value)
        bank = self.trainer.bank
        question = bank.get(qid) if bank else None
        if question is not None:
            self.app.push_screen(QuestionDetailScreen(question), self._after_detail)

    def _after_detail(self, result: str | None) -> None:
        self.load_marks()  # the detail screen may have flagged or suspended it
        self.refresh_table()
        if result:
            self.trainer.start_session("study", question_ids=[result])

    def action_search(self) -> None:
        self.query_one("#browse-search", Input).focus()

    def action_mark(self) -> None:
        qid = self._cursor_id()
        if qid is None:
            return
        self.marked ^= {qid}
        table = self.query_one("#browse-table", DataTable)
        row = table.cursor_row
        table.update_cell(qid, "mark", "●" if qid in self.marked else " ")
        if row + 1 < len(self.shown):
            table.move_cursor(row=row + 1)
        self.refresh_status()

    def refresh_status(self) -> None:
        bank = self.trainer.bank
        status = self.query_one("#browse-status", Static)
        if not self.shown:
            status.update(Text(t("app.browse.none"), style="bold yellow"))
            return
        status.update(
            t(
                "app.browse.status",
                shown=len(self.shown),
                total=len(bank.questions) if bank else 0,
                marked=len(self.marked),
            )
        )

    def action_study(self) -> None:
        ids = [qid for qid in self.shown if qid in self.marked] or list(self.shown)
        if ids:
            self.trainer.start_session("study", question_ids=ids)

    def action_back(self) -> None:
        self.dismiss()


class QuestionDetailScreen(ModalScreen[str | None]):
    """One question: its answer, source, explanation and this profile's history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "app.key.back"),
        Binding("s", "study", "app.browse.key.study_one"),
        Binding("o", "passage", "app.study.key.passage"),
        Binding("m", "mark('flagged')", "app.study.key.flag"),
        Binding("x", "mark('suspended')", "app.detail.key.suspend"),
    ]

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.question = question

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        q = self.question
        bank = self.trainer.bank
        with VerticalScroll(id="detail-box", classes="dialog", can_focus=True):
            head = Text()
            head.append(t(f"app.type.{q.type}"), style="bold reverse")
            head.append(f"  {bank.section_title(q.section) if bank else ''}  ", style="italic")
            head.append(q.id, style="dim")
            yield Static(head)
            yield Static(CJKText(q.prompt), classes="detail-prompt")
            choices = TYPES[q.type].shown_choices(q) if q.type in TYPES else []
            if choices:
                yield Static(Text("\n".join(choices)))
            answer = answer_display(q)
            if "\n" in answer:
                answer = "\n" + answer
            yield Static(
                CJKText(_line("app.detail.answer", answer, "bold green")), classes="detail-line"
            )
            if q.explanation:
                yield Static(
                    CJKText(_line("app.feedback.explanation", q.explanation)),
                    classes="detail-line",
                )
            if q.source:
                yield Static(
                    CJKText(_line("app.feedback.source", q.source, "italic")),
                    classes="detail-line",
                )
            if q.tags:
                yield Static(_line("app.detail.tags", "、".join(q.tags)), classes="detail-line")
            yield Static(Text(t("app.detail.history"), style="bold"), classes="box-title")
            yield Static(self._history(), id="detail-history")
        yield KeyBar()

    def _history(self) -> Text:
        app = self.trainer
        text = Text()
        if app.store is None or app.bank is None:
            return text.append(t("app.detail.no_history"), style="dim")
        try:
            reviews = [
                r
                for r in app.store.iter_reviews(app.profile_name, bank_id=app.bank.id)
                if r.question_id == self.question.id
            ]
        except Exception:  # noqa: BLE001
            reviews = []
        if not reviews:
            return text.append(t("app.detail.no_history"), style="dim")
        zone = app.zone()
        for record in reviews[-20:]:
            when = record.reviewed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            text.append(f"{when}  ")
            text.append(
                f"{VERDICT_MARK.get(record.verdict, '?')} {t('app.verdict.' + record.verdict)}",
                style=VERDICT_STYLE.get(record.verdict, ""),
            )
            text.append(f"  {round(record.score * 100)}%  ")
            text.append(t(f"app.rating.{_RATING_NAMES.get(record.rating, 'good')}"))
            text.append(
                f"  {t('app.study.mode.' + record.mode) if record.mode in _MODES else record.mode}",
                style="dim",
            )
            if record.answer:
                # stored text (an import, an old store): shown as typed, controls escaped
                text.append(f"  「{printable_line(record.answer[:40])}」", style="dim")
            text.append("\n")
        return text

    def on_mount(self) -> None:
        self.query_one("#detail-box").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_study(self) -> None:
        self.dismiss(self.question.id)

    def action_passage(self) -> None:
        from trainer.ui.screens.read import ReadScreen

        self.app.push_screen(ReadScreen(question=self.question))

    def action_mark(self, mark: str) -> None:
        """m: 收藏 / take it off; x: suspend / restore."""
        from trainer.core.store.marks import marked, set_mark

        app = self.trainer
        if app.store is None or app.bank is None:
            return
        qid = self.question.id
        on = qid not in marked(app.store, app.profile_name, app.bank.id, mark)
        set_mark(app.store, app.profile_name, app.bank.id, qid, mark, on)
        self.notify(t(f"app.study.{mark}.{'on' if on else 'off'}"))


_RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
_MODES = ("study", "review", "exam", "group", "challenge")


def _line(key: str, body: str, style: str = "") -> Text:
    text = Text()
    text.append(t(key), style="bold")
    text.append(body, style=style)
    return text
