"""How often the checker agrees with a teacher's labels on answers it was never tuned to.

Reads tests/fixtures/grading_heldout.yaml (answers to the built-in bank, labelled by hand
before the checker was changed) and prints the agreement, by question type, and how many
answers the teacher marked ``wrong`` the checker accepted (``correct``/``close``).

Run::

    PYTHONPATH=. /work/venv/bin/python benchmarks/grading_agreement.py [--show]

``--show`` lists every disagreement (teacher vs checker). The last line is
``agreement=X% n=N wrong_accepted=K``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.core.bank import load_bank  # noqa: E402 - after the path tweak
from trainer.core.grading import grade  # noqa: E402

HELDOUT = ROOT / "tests" / "fixtures" / "grading_heldout.yaml"
BANK = ROOT / "questions" / "zz-cppcc-14-2023.yaml"


def measure(show: bool = False) -> tuple[float, int, int]:
    """Grade every labelled answer; print the figures.

    Returns:
        (agreement in %, number of answers, wrong answers accepted).
    """
    bank = load_bank(BANK)
    by_id = {q.id: q for q in bank.questions}
    answers = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))["answers"]
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong_accepted = 0
    for row in answers:
        question = by_id[row["id"]]
        result = grade(question, str(row["answer"]))
        total[question.type] += 1
        if result.verdict == row["verdict"]:
            agree[question.type] += 1
        elif show:
            print(
                f"{row['id']:<40} {row['answer'][:40]!r:<44} teacher={row['verdict']:<8}"
                f" checker={result.verdict} ({result.score:.2f})"
            )
        if row["verdict"] == "wrong" and result.remembered:
            wrong_accepted += 1
    for kind in sorted(total):
        print(
            f"{kind:<10} {agree[kind]:>4}/{total[kind]:<4} {100 * agree[kind] / total[kind]:5.1f}%"
        )
    n = sum(total.values())
    percent = 100 * sum(agree.values()) / n
    print(f"agreement={percent:.1f}% n={n} wrong_accepted={wrong_accepted}")
    return percent, n, wrong_accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    measure(parser.parse_args().show)


if __name__ == "__main__":
    main()
