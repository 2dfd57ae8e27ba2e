"""`trainer review BANK.yaml`: an author goes through a generated draft bank, one question at a
time, with its source sentence highlighted in the report: keep, drop, edit, or skip.

Every decision is written back to the bank file at once and in place (comments, layout and
the other questions untouched): a kept or edited question's tag ``generated`` becomes
``reviewed``, a dropped one is removed. Quitting half-way and starting again resumes at the
first question still tagged ``generated``. Keyboard only.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, ClassVar

import yaml
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from trainer.core.generation.bankfile import BankEditError, edit_question, retag_question
from trainer.core.generation.drafts import GENERATED_TAG, REVIEWED_TAG
from trainer.i18n import t
from trainer.ui.widgets.keybar import KeyBar

# Fields an author edits; the others (id, type, section, source, tags) are kept as they are.
_FIXED = ("id", "type", "section", "source", "tags")
# How much of the report is shown around the source sentence.
_AROUND = 160


def _tags(question: dict[str, Any]) -> list[str]:
    return [str(tag) for tag in question.get("tags") or []]


def _field_text(value: Any) -> str:
    """A field as the author edits it: text as is, anything else in YAML flow style."""
    if isinstance(value, str):
        return value
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    return dumped.removesuffix("\n...\n").strip()


def _field_value(text: str, original: Any) -> Any:
    if isinstance(original, str):
        return text
    return yaml.safe_load(text) if text.strip() else None


def validate_question(question: dict[str, Any]) -> list[str]:
    """What the bank validator says about one question (empty when it is valid)."""
    from trainer.core.bank import BankError, parse_bank

    document: dict[str, Any] = {"bank": {"id": "review", "title": "review"}}
    if isinstance(question.get("section"), str):  # its section is in the bank, not checked here
        document["sections"] = [{"id": question["section"], "title": question["section"]}]
    document["questions"] = [question]
    try:
        parse_bank(yaml.safe_dump(document, allow_unicode=True), "question")
    except BankError as error:
        from trainer.i18n.bank import problem_message

        return [problem_message(problem) for problem in error.problems]
    except yaml.YAMLError as error:  # pragma: no cover - safe_dump output always parses
        return [str(error)]
    return []


def source_context(report: str | None, source: str) -> Text:
    """The report around ``source`` with the source highlighted (plain text, never markup)."""
    quote = source.strip()
    if not report or not quote or quote not in report:
        return Text(quote, style="bold")
    at = report.index(quote)
    start = max(report.rfind("\n", 0, at) + 1, at - _AROUND)
    end_of_line = report.find("\n", at + len(quote))
    end = min(end_of_line if end_of_line >= 0 else len(report), at + len(quote) + _AROUND)
    shown = Text("…" if start > 0 and report[start - 1] != "\n" else "")
    shown.append(report[start:at])
    shown.append(quote, style="bold reverse")
    shown.append(report[at + len(quote) : end])
    if end < len(report) and report[end] != "\n":
        shown.append("…")
    return shown


def describe(question: dict[str, Any]) -> Text:
    """The question as the author reviews it: every field but the fixed ones."""
    shown = Text()
    for key, value in question.items():
        if key in _FIXED:
            continue
        shown.append(f"{key}: ", style="bold")
        shown.append(_field_text(value))
        shown.append("\n")
    return shown


class EditScreen(ModalScreen[dict[str, Any] | None]):
    """The question's fields in a form, checked by the bank validator as the author types."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "review.key.cancel"),
        Binding("ctrl+s", "save", "review.key.save"),
    ]

    def __init__(self, question: dict[str, Any]) -> None:
        super().__init__()
        self.question = question
        self.fields = [key for key in question if key not in _FIXED]

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-form"):
            yield Static(Text(t("review.edit.title", id=self.question.get("id", ""))))
            for key in self.fields:
                yield Static(Text(key), classes="field-name")
                yield Input(_field_text(self.question[key]), id=f"field-{key}")
            yield Static(Text(""), id="edit-errors")
            yield Static(Text(t("review.edit.hint")), classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#field-{self.fields[0]}", Input).focus()
        self._check()

    def edited(self) -> tuple[dict[str, Any] | None, list[str]]:
        """The question as the form has it, and the validator's problems."""
        question = dict(self.question)
        for key in self.fields:
            text = self.query_one(f"#field-{key}", Input).value
            try:
                question[key] = _field_value(text, self.question[key])
            except yaml.YAMLError:
                return None, [t("review.edit.bad_value", field=key)]
        return question, validate_question(question)

    def _check(self) -> list[str]:
        _, problems = self.edited()
        errors = self.query_one("#edit-errors", Static)
        if problems:
            errors.update(Text("\n".join(problems), style="bold red"))
        else:
            errors.update(Text(t("review.edit.valid"), style="green"))
        return problems

    def on_input_changed(self, _: Input.Changed) -> None:
        self._check()

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        question, problems = self.edited()
        if question is None or problems:
            self._check()
            self.app.bell()
            return
        self.dismiss(question)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(Screen[None]):
    """One draft at a time: keep (k), drop (d), edit (e), next (n), previous (p), quit (q)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "keep", "review.key.keep"),
        Binding("d", "drop", "review.key.drop"),
        Binding("e", "edit", "review.key.edit"),
        Binding("n", "next", "review.key.next"),
        Binding("p", "previous", "review.key.previous"),
        Binding("q", "app.quit", "review.key.quit"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.text = ""
        self.questions: list[dict[str, Any]] = []
        self.report: str | None = None
        self.current = 0

    def compose(self) -> ComposeResult:
        yield Static(Text(""), id="review-progress", classes="screen-title")
        with VerticalScroll(id="review-body"):
            yield Static(Text(""), id="review-question")
            yield Static(Text(t("review.source")), classes="field-name")
            yield Static(Text(""), id="review-source")
        yield Static(Text(""), id="review-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        pending = self.pending()
        self.current = pending[0] if pending else 0
        self.show()

    # ------------------------------------------------------------------ the bank

    def reload(self) -> None:
        from trainer.core.bank import load_bank

        self.text = self.path.read_text(encoding="utf-8")
        data = yaml.safe_load(self.text) or {}
        self.questions = [q for q in data.get("questions") or [] if isinstance(q, dict)]
        if self.report is None:
            try:
                self.report = load_bank(self.path).report_text()
            except Exception:  # noqa: BLE001 - without the report the quote is shown alone
                self.report = None

    def pending(self) -> list[int]:
        """Indexes of the questions still to review."""
        return [i for i, q in enumerate(self.questions) if GENERATED_TAG in _tags(q)]

    def counts(self) -> tuple[int, int]:
        """(reviewed, to review in all) among the generated questions."""
        reviewed = sum(1 for q in self.questions if REVIEWED_TAG in _tags(q))
        return reviewed, reviewed + len(self.pending())

    def write(self, text: str) -> None:
        """Replace the bank file atomically: a crash never leaves half a file."""
        handle, temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=".review-", suffix=".yaml"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    # ------------------------------------------------------------------ showing

    def show(self, status: str = "") -> None:
        reviewed, total = self.counts()
        progress = t("review.progress", path=self.path.name, reviewed=reviewed, total=total)
        self.query_one("#review-progress", Static).update(Text(progress))
        body = self.query_one("#review-question", Static)
        source = self.query_one("#review-source", Static)
        if not self.questions or not self.pending() and self.current >= len(self.questions):
            body.update(Text(t("review.done"), style="bold green"))
            source.update(Text(""))
        else:
            self.current = min(self.current, len(self.questions) - 1)
            question = self.questions[self.current]
            head = Text(f"{self.current + 1}/{len(self.questions)}  ", style="dim")
            head.append(f"{question.get('type', '')}  {question.get('id', '')}", style="bold")
            if REVIEWED_TAG in _tags(question):
                head.append(f"  ✓ {t('review.already')}", style="green")
            head.append("\n")
            head.append_text(describe(question))
            body.update(head)
            source.update(source_context(self.report, str(question.get("source") or "")))
        self.query_one("#review-status", Static).update(Text(status))

    def advance(self) -> None:
        """To the next question still to review (after the current one, then from the top)."""
        pending = self.pending()
        after = [i for i in pending if i > self.current]
        self.current = (after or pending or [len(self.questions)])[0]

    # ------------------------------------------------------------------ actions

    def _current(self) -> dict[str, Any] | None:
        if 0 <= self.current < len(self.questions):
            return self.questions[self.current]
        return None

    def _apply(self, change: str, new: dict[str, Any] | None = None) -> None:
        question = self._current()
        if question is None:
            return
        question_id = str(question.get("id", ""))
        try:
            if change == "keep":
                text = retag_question(self.text, question_id, GENERATED_TAG, REVIEWED_TAG)
            elif change == "drop":
                text = edit_question(self.text, question_id, None)
            else:
                text = edit_question(self.text, question_id, new)
            self.write(text)
        except BankEditError as error:
            self.show(t(error.key, **error.values))
            return
        except OSError as error:
            self.show(t("review.error.write", path=self.path, reason=error.strerror or error))
            return
        self.reload()
        if change == "drop":
            self.current -= 1  # the next question has moved into the dropped one's place
        self.advance()
        self.show(t(f"review.{change}ed", id=question_id))

    def action_keep(self) -> None:
        self._apply("keep")

    def action_drop(self) -> None:
        self._apply("drop")

    def action_edit(self) -> None:
        question = self._current()
        if question is None:
            return

        def saved(edited: dict[str, Any] | None) -> None:
            if edited is None:
                self.show(t("review.edit.cancelled"))
                return
            tags = [REVIEWED_TAG if tag == GENERATED_TAG else tag for tag in _tags(edited)]
            edited["tags"] = tags if REVIEWED_TAG in tags else [*tags, REVIEWED_TAG]
            self._apply("edit", edited)

        self.app.push_screen(EditScreen(dict(question)), saved)

    def action_next(self) -> None:
        if self.questions:
            self.current = (self.current + 1) % len(self.questions)
        self.show()

    def action_previous(self) -> None:
        if self.questions:
            self.current = (self.current - 1) % len(self.questions)
        self.show()


class ReviewApp(App[None]):
    """The review screen as an app of its own (``trainer review``)."""

    CSS = """
    .screen-title { background: $boost; padding: 0 1; text-style: bold; }
    #review-body { height: 1fr; padding: 0 1; }
    #review-question { margin: 1 0; }
    .field-name { color: $text-muted; margin-top: 1; }
    #review-status { height: auto; padding: 0 1; color: $warning; }
    #edit-form { background: $panel; padding: 1 2; height: auto; max-height: 90%; }
    #edit-errors { margin-top: 1; }
    .hint { color: $text-muted; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.title = t("review.title")

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.path))
