"""Precision and recall of `trainer generate` on the teacher's labelled set.

The labels (tests/fixtures/generation_labels.yaml) were written from the six corpus reports
(tests/fixtures/corpus/) before the generator was tuned: a teacher's item cuts for
enumerations and the subject, unit and period of figures.

Enumerations
    asked: a labelled enumeration the generator asks (a list or order question whose quote
        overlaps the label's and whose items overlap at least two of the teacher's).
    exact: such a question has exactly the teacher's items (one accepted form of each).
    recall = labels asked with exact items / labels; exact rate = exact questions / questions
    asked about labelled enumerations (the goal: at least 90 %).
Figures
    a number question (or a choice among figures) matches a label when it asks the same number
    from an overlapping quote in the label's paragraph.
    correct: its unit is the label's, its prompt names the subject and the period
    (y2025: 2025年/过去一年/一年来/全年; five-years: 五年来/过去五年/十四五; target: 今年/2026年/目标).
    precision = correct / matched questions (a question about a figure labelled ask: false —
    a threshold, a rank, a date — counts as wrong); recall = labels asked correctly / labels
    to ask.

The default bank leaves secondary figures out (a detail of one sector's work: see
trainer/core/generation/keyfigures.py), so some labelled figures are not asked by design; the
line before the last gives precision and recall of the figures found with ``--all-figures``.

Run: PYTHONPATH=. /work/venv/bin/python benchmarks/bench_generation_labels.py [-v]
The last line is ``enum_exact_rate=… enum_recall=… figure_precision=… figure_recall=…``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

from trainer.core.bank import LETTERS
from trainer.core.generation.clean import clean_file
from trainer.core.generation.drafts import Draft
from trainer.core.generation.generate import draft_questions
from trainer.core.generation.text import build_document

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "fixtures" / "generation_labels.yaml"
CORPUS = REPO / "tests" / "fixtures" / "corpus"
PERIOD_WORDS = {
    "y2025": ("2025年", "过去一年", "一年来", "全年", "去年"),
    "five-years": ("五年来", "过去五年", "十四五", "五年"),
    "target": ("今年", "2026年", "目标"),
}


def _overlap(a: str, b: str) -> bool:
    a, b = a.replace("\n", ""), b.replace("\n", "")
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(8, len(a), len(b))


def _alternatives(item: str) -> set[str]:
    return {part for part in item.split("|") if part}


def _items(draft: Draft) -> list[set[str]]:
    return [_alternatives(str(item)) for item in draft.fields.get("items", [])]


def _touches(label_items: list[str], draft: Draft) -> bool:
    shown = [alt for alts in _items(draft) for alt in alts]
    hits = sum(1 for item in label_items if any(item in s or s in item for s in shown))
    return hits >= 2


def _exact(label_items: list[str], draft: Draft) -> bool:
    items = _items(draft)
    if len(items) != len(label_items):
        return False
    remaining = list(items)
    for item in label_items:
        found = next((alts for alts in remaining if item in alts), None)
        if found is None:
            return False
        remaining.remove(found)
    return True


def _norm_unit(unit: str) -> str:
    return unit.replace("％", "%")


def _figure_value(draft: Draft) -> float | None:
    """The number a figure question asks for (a number question or a choice among figures)."""
    if draft.type == "number":
        return float(draft.fields["answer"])
    if draft.type == "choice" and draft.key.startswith("figure-choice|"):
        return float(draft.answers[0])
    return None


def _figure_unit(draft: Draft) -> str:
    if draft.type == "number":
        return _norm_unit(str(draft.fields.get("unit", "")))
    option = str(draft.fields["options"][LETTERS.index(draft.fields["answer"])])
    return _norm_unit(option[len(draft.answers[0]) :].lstrip("余多"))


@dataclass
class Scores:
    labels: int = 0
    asked: int = 0
    exact_labels: int = 0
    questions: int = 0
    exact_questions: int = 0
    figure_labels: int = 0
    figure_correct_labels: int = 0
    figure_questions: int = 0
    figure_correct_questions: int = 0


def evaluate(verbose: bool = False, all_figures: bool = False) -> Scores:
    data: dict[str, Any] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    drafts_by_doc: dict[str, list[Draft]] = {}
    paragraphs_by_doc: dict[str, list[str]] = {}
    for key, name in data["documents"].items():
        doc = build_document(clean_file(CORPUS / name).blocks)
        drafts_by_doc[key] = draft_questions(doc, all_figures=all_figures)
        paragraphs_by_doc[key] = [p.text for p in doc.paragraphs]
    scores = Scores()
    for label in data["enumerations"]:
        scores.labels += 1
        drafts = [
            d
            for d in drafts_by_doc[label["doc"]]
            if d.type in ("list", "order")
            and _overlap(label["source"], d.source)
            and _touches(label["items"], d)
        ]
        if not drafts:
            if verbose:
                print(f"MISSED  {label['doc']} {label['source'][:40]} {label['items']}")
            continue
        scores.asked += 1
        exact = [d for d in drafts if _exact(label["items"], d)]
        scores.questions += len(drafts)
        scores.exact_questions += len(exact)
        if exact:
            scores.exact_labels += 1
        if verbose:
            for draft in drafts:
                if draft not in exact:
                    print(f"WRONG   {label['doc']} {label['items']} <- {draft.fields['items']}")
    for label in data["figures"]:
        wanted = label.get("ask", True)
        scores.figure_labels += 1 if wanted else 0
        value = float(label["number"])
        # The figure's paragraph: the first with the quote (and the words given in "near",
        # for a quote the report repeats in another period).
        paragraph = next(
            (
                index
                for index, text in enumerate(paragraphs_by_doc[label["doc"]])
                if label["source"] in text and label.get("near", "") in text
            ),
            -1,
        )
        drafts = [
            d
            for d in drafts_by_doc[label["doc"]]
            if _figure_value(d) == value
            and d.position[0] == paragraph
            and _overlap(label["source"], d.source)
        ]
        good = 0
        for draft in drafts:
            prompt = str(draft.fields.get("prompt", ""))
            ok = wanted
            problems: list[str] = []
            if _figure_unit(draft) != _norm_unit(label["unit"]):
                ok, problems = False, [*problems, f"unit {draft.fields.get('unit')}"]
            if label["subject"] not in prompt:
                ok, problems = False, [*problems, "subject"]
            period = label["period"]
            if period in PERIOD_WORDS and not any(w in prompt for w in PERIOD_WORDS[period]):
                ok, problems = False, [*problems, f"period {period}"]
            if not wanted:
                problems.append("not to be asked")
            scores.figure_questions += 1
            if ok:
                good += 1
                scores.figure_correct_questions += 1
            elif verbose:
                print(f"FIGURE  {label['doc']} {label['source']}: {prompt} ({', '.join(problems)})")
        if wanted and good:
            scores.figure_correct_labels += 1
        elif wanted and verbose and not drafts:
            print(f"NOFIG   {label['doc']} {label['source']}")
    return scores


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def main() -> None:
    scores = evaluate(verbose="-v" in sys.argv)
    exact_rate = _rate(scores.exact_questions, scores.questions)
    enum_recall = _rate(scores.exact_labels, scores.labels)
    fig_precision = _rate(scores.figure_correct_questions, scores.figure_questions)
    fig_recall = _rate(scores.figure_correct_labels, scores.figure_labels)
    print(
        f"enumerations: {scores.labels} labelled, {scores.asked} asked, "
        f"{scores.exact_labels} with the teacher's items; "
        f"{scores.exact_questions}/{scores.questions} questions exact"
    )
    print(
        f"figures: {scores.figure_labels} to ask, {scores.figure_correct_labels} asked correctly; "
        f"{scores.figure_correct_questions}/{scores.figure_questions} matched questions correct"
    )
    every = evaluate(all_figures=True)  # the figures found, secondary ones included
    print(
        "with --all-figures: "
        f"figure_precision={_rate(every.figure_correct_questions, every.figure_questions):.2f} "
        f"figure_recall={_rate(every.figure_correct_labels, every.figure_labels):.2f}"
    )
    print(
        f"enum_exact_rate={exact_rate:.2f} enum_recall={enum_recall:.2f} "
        f"figure_precision={fig_precision:.2f} figure_recall={fig_recall:.2f}"
    )


if __name__ == "__main__":
    main()
