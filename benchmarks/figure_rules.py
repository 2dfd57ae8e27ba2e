"""How many figures of a report each rule of the default bank keeps (and how many it leaves out).

For each report: the figures found, counted by the reason they are asked (the report's
opening and summary paragraphs, the year's targets, five-year figures, main indicators,
comparisons with the nation, whole-province totals, running totals, named programmes) or
left out as secondary (see trainer/core/generation/keyfigures.py), and the figure questions
(number questions, figure choices and true/false statements) of the default bank and of
``--all-figures``.

Run: PYTHONPATH=. /work/venv/bin/python benchmarks/figure_rules.py [REPORT.txt …]
(default: the four development reports of the corpus and the shipped report).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from trainer.core.generation.clean import clean_file
from trainer.core.generation.drafts import Draft
from trainer.core.generation.figures import find_figures
from trainer.core.generation.generate import (
    _figure_period,
    draft_questions,
    paragraph_periods,
)
from trainer.core.generation.keyfigures import key_figure_reasons
from trainer.core.generation.text import build_document

REPO = Path(__file__).resolve().parents[1]
DEVELOPMENT = [
    *(
        REPO / "tests" / "fixtures" / "corpus" / f"{name}-2026-government-work-report.txt"
        for name in ("beijing", "shaanxi", "zhejiang", "sichuan")
    ),
    REPO / "seeds" / "zhengzhou-cppcc-14th-standing-committee-report-2023.txt",
]


def _figure_question(draft: Draft) -> bool:
    return draft.type == "number" or draft.key.startswith(("figure-choice|", "figure-tf|"))


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:]] or DEVELOPMENT
    for path in paths:
        doc = build_document(clean_file(path).blocks)
        figures = find_figures(doc)
        periods = paragraph_periods(doc)
        reasons = Counter(
            key_figure_reasons(figures, doc, [_figure_period(f, periods) for f in figures])
        )
        default = sum(map(_figure_question, draft_questions(doc)))
        every = sum(map(_figure_question, draft_questions(doc, all_figures=True)))
        rules = " ".join(f"{reason}={count}" for reason, count in reasons.most_common())
        print(f"{path.name}: {len(figures)} figures: {rules}")
        print(f"  figure questions: default {default}, --all-figures {every}")


if __name__ == "__main__":
    main()
