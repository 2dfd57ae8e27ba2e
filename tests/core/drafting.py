"""Drafts of a snippet of report text, for the generation tests."""

from __future__ import annotations

from trainer.core.generation.clean import clean_text
from trainer.core.generation.drafts import Draft
from trainer.core.generation.generate import draft_questions
from trainer.core.generation.text import build_document


def drafts_of(text: str) -> list[Draft]:
    """Every draft question of ``text`` cleaned and read as a report."""
    return draft_questions(build_document(clean_text(text).blocks))


def list_items(text: str) -> list[list[str]]:
    """The items of each list question of ``text`` (without their accepted variants)."""
    return [
        [str(item).split("|")[0] for item in d.fields["items"]]
        for d in drafts_of(text)
        if d.type == "list"
    ]
