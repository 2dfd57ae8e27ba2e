"""Quoted formulations (“两个确立”, “三标” …) as cloze questions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.core.generation.text import CLAUSE_BREAKS, Document, sentences, top_level_splits

_QUOTED = re.compile(r"“([^“”]{2,12})”")
MAX_WINDOW = 70


@dataclass
class Formulation:
    """A sentence window with the quoted terms to blank out.

    Attributes:
        window: verbatim text (one or more clauses of a sentence).
        terms: the quoted terms inside it, in order.
        section: section id.
        position: (paragraph index, offset).
    """

    window: str
    terms: list[str]
    section: str | None
    position: tuple[int, int]

    def cloze_text(self) -> str:
        """The window with every term as a blank ``{{term}}``."""
        text = self.window
        out = ""
        for term in self.terms:
            at = text.find(f"“{term}”")
            out += text[: at + 1] + "{{" + term + "}}" + "”"
            text = text[at + len(term) + 2 :]
        return out + text


def _eligible(term: str) -> bool:
    if "、" in term and term.count("、") >= 2:
        return False  # a run: asked as a list
    if re.fullmatch(r"[\d.%]+", term) or "（" in term:
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", term))


def find_formulations(doc: Document) -> list[Formulation]:
    """Quoted terms with the clauses around them; a term is asked once (its first use)."""
    seen: set[str] = set()
    found: list[Formulation] = []
    for paragraph in doc.paragraphs:
        offset = 0
        for sentence in sentences(paragraph.text):
            base = paragraph.text.find(sentence, offset)
            offset = base + len(sentence)
            spans = top_level_splits(sentence, CLAUSE_BREAKS)
            groups: list[tuple[int, int, list[str]]] = []
            for match in _QUOTED.finditer(sentence):
                term = match.group(1)
                if not _eligible(term) or term in seen:
                    continue
                seen.add(term)
                start = next((s for s, e in spans if s <= match.start() <= e), 0)
                end = next((e for s, e in spans if s <= match.end() - 1 <= e), len(sentence))
                if (
                    groups
                    and start <= groups[-1][1] + 1
                    and end - groups[-1][0] <= 50
                    and len(groups[-1][2]) < 4
                ):
                    groups[-1] = (groups[-1][0], max(end, groups[-1][1]), [*groups[-1][2], term])
                else:
                    groups.append((start, end, [term]))
            for start, end, terms in groups:
                window = sentence[start:end]
                shown = window
                for term in terms:
                    shown = shown.replace(f"“{term}”", "", 1)
                if len(shown) < 8:
                    previous = [s for s, e in spans if e < start]
                    following = [e for s, e in spans if s > end]
                    if previous:
                        start = previous[-1]
                    elif following:
                        end = following[0]
                    window = sentence[start:end]
                if len(window) > MAX_WINDOW + 20:
                    continue
                found.append(
                    Formulation(window, terms, paragraph.section, (paragraph.index, base + start))
                )
    return found
