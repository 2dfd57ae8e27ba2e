"""The bank as an Anki deck (.apkg), written with genanki.

* cloze questions become Anki cloze notes: blank *i* is ``{{c<i+1>::…}}``, so Anki makes one card
  per blank;
* every other question becomes a "type in the answer" note whose back shows the expected answer,
  the explanation and the report sentence it comes from;
* tags come from the question's section and tags (spaces become ``_``: Anki tags cannot contain
  spaces);
* note GUIDs are derived from the bank id and the question id, and the deck and note-type ids
  are fixed numbers derived from stable names, so exporting again and importing into the same
  Anki collection updates the notes instead of duplicating them.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from trainer.core.bank import AnyQuestion, Bank
from trainer.core.qtypes import AnkiWording, TypeInContent, type_of
from trainer.core.qtypes.cloze import cloze_text

# Each question type makes its own note (trainer/core/qtypes); these names stay importable here.
__all__ = ["AnkiWording", "TypeInContent", "cloze_text", "export_apkg", "type_in_content"]

TYPE_IN_MODEL_NAME = "trainer: type in the answer"
CLOZE_MODEL_NAME = "trainer: cloze"
TYPE_IN_FIELDS = ("Question", "Answer", "Explanation", "Source", "Section", "QuestionId")
CLOZE_FIELDS = ("Text", "Explanation", "Source", "Section", "QuestionId")

_CSS = """.card { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
 font-size: 22px; text-align: left; color: black; background-color: white; line-height: 1.6; }
.cloze { font-weight: bold; color: #1565c0; }
.nightMode .cloze { color: #90caf9; }
.explanation { margin-top: 1em; }
.source { margin-top: 1em; color: #555; font-size: 18px; border-left: 3px solid #bbb;
 padding-left: .5em; }
.section { color: #888; font-size: 16px; }
"""

_BACK_EXTRA = (
    '{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}'
    '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'
)

_TAG_BAD = re.compile(r"\s+")


def stable_id(*parts: str, bits: int = 31) -> int:
    """A positive integer derived from ``parts`` (same parts, same id, on every machine).

    Args:
        parts: strings to hash.
        bits: size of the id; Anki ids must fit in a signed 64-bit integer, genanki
            recommends ids between 2**30 and 2**31.

    Returns:
        An integer in ``[2**(bits-1), 2**bits)``.
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    value = int.from_bytes(digest[:8], "big")
    low = 1 << (bits - 1)
    return low + value % low


def note_guid(bank_id: str, question_id: str) -> str:
    """The Anki GUID of a question's note: stable across exports, unique per bank + question."""
    import genanki

    return str(genanki.guid_for("trainer", bank_id, question_id))


def anki_tag(raw: str) -> str:
    """``raw`` as a valid Anki tag (no whitespace; empty stays empty)."""
    return _TAG_BAD.sub("_", raw.strip())


def question_tags(question: AnyQuestion) -> list[str]:
    """The Anki tags of a question: its section then its own tags, deduplicated, in order."""
    tags: list[str] = []
    for raw in (question.section or "", *question.tags):
        tag = anki_tag(raw)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _esc(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def type_in_content(question: AnyQuestion, wording: AnkiWording | None = None) -> TypeInContent:
    """What the learner sees and must type for a question with a type-in note (not cloze).

    Args:
        question: any question whose type makes a type-in note.
        wording: the words besides the bank's text (default: Chinese).

    Returns:
        The front (with options or items where the type needs them) and the expected answer.
    """
    return type_of(question).anki_content(question, wording or AnkiWording())


def _models() -> tuple[object, object]:
    import genanki

    type_in = genanki.Model(
        stable_id("trainer", "model", TYPE_IN_MODEL_NAME),
        TYPE_IN_MODEL_NAME,
        fields=[{"name": name} for name in TYPE_IN_FIELDS],
        templates=[
            {
                "name": "Card 1",
                "qfmt": '<div class="section">{{Section}}</div>{{Question}}\n\n{{type:Answer}}',
                "afmt": '<div class="section">{{Section}}</div>{{Question}}\n\n'
                "<hr id=answer>\n\n{{type:Answer}}" + _BACK_EXTRA,
            }
        ],
        css=_CSS,
        sort_field_index=5,
    )
    cloze = genanki.Model(
        stable_id("trainer", "model", CLOZE_MODEL_NAME),
        CLOZE_MODEL_NAME,
        model_type=genanki.Model.CLOZE,
        fields=[{"name": name} for name in CLOZE_FIELDS],
        templates=[
            {
                "name": "Cloze",
                "qfmt": '<div class="section">{{Section}}</div>{{cloze:Text}}',
                "afmt": '<div class="section">{{Section}}</div>{{cloze:Text}}<br>' + _BACK_EXTRA,
            }
        ],
        css=_CSS,
        sort_field_index=4,
    )
    return type_in, cloze


def deck_id(bank_id: str) -> int:
    """The Anki deck id of a bank (stable)."""
    return stable_id("trainer", "deck", bank_id)


@dataclass(frozen=True)
class AnkiExport:
    """What was written: the file, the number of notes and of cards Anki will create."""

    path: Path
    notes: int
    cards: int
    cloze_notes: int

    def to_dict(self) -> dict[str, object]:
        """The figures as plain data."""
        return {
            "path": str(self.path),
            "notes": self.notes,
            "cards": self.cards,
            "cloze_notes": self.cloze_notes,
        }


def build_deck(bank: Bank, wording: AnkiWording | None = None) -> tuple[object, int, int]:
    """The bank as a genanki deck.

    Args:
        bank: a loaded bank.
        wording: the words the cards carry besides the bank's text (default: Chinese).

    Returns:
        ``(deck, cards, cloze_notes)``: the genanki.Deck and how many cards / cloze notes it has.
    """
    import genanki

    words = wording or AnkiWording()
    type_in_model, cloze_model = _models()
    deck = genanki.Deck(deck_id(bank.id), bank.title or bank.id)
    cards = 0
    cloze_notes = 0
    for question in bank.questions:
        section = _esc(bank.section_title(question.section)) if question.section else ""
        explanation = _esc(question.explanation)
        source = _esc(question.source)
        guid = note_guid(bank.id, question.id)
        tags = question_tags(question)
        kind = type_of(question)
        if kind.anki_cloze:
            text = kind.anki_cloze_text(question)
            fields = [text, explanation, source, section, _esc(question.id)]
            note = genanki.Note(model=cloze_model, fields=fields, tags=tags, guid=guid)
            cloze_notes += 1
            cards += kind.anki_card_count(question)
        else:
            content = kind.anki_content(question, words)
            back_extra = explanation
            if content.accepted:
                accepted = words.accepted("；".join(content.accepted))
                back_extra = f"{_esc(accepted)}<br>{explanation}" if explanation else _esc(accepted)
            fields = [
                _esc(content.question),
                _esc(content.answer),
                back_extra,
                source,
                section,
                _esc(question.id),
            ]
            note = genanki.Note(model=type_in_model, fields=fields, tags=tags, guid=guid)
            cards += kind.anki_card_count(question)
        deck.add_note(note)
    return deck, cards, cloze_notes


def export_apkg(
    bank: Bank,
    output: str | Path,
    *,
    timestamp: float | None = None,
    wording: AnkiWording | None = None,
) -> AnkiExport:
    """Write the bank as an Anki package.

    Args:
        bank: a loaded bank.
        output: the .apkg file to write (its folder must exist).
        timestamp: the modification time given to the notes (default: now). Anki updates an
            existing note on import when the package's copy is newer.
        wording: the words the cards carry besides the bank's text (default: Chinese).

    Returns:
        What was written.

    Raises:
        OSError: the file cannot be written.
    """
    import warnings

    import genanki

    deck, cards, cloze_notes = build_deck(bank, wording)
    path = Path(output)
    with warnings.catch_warnings():
        # genanki warns about "<" in fields that it takes for HTML; the fields are escaped.
        warnings.simplefilter("ignore")
        genanki.Package(deck).write_to_file(str(path), timestamp=timestamp)
    return AnkiExport(path=path, notes=len(bank.questions), cards=cards, cloze_notes=cloze_notes)
