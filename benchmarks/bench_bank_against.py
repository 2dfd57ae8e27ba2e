"""The cold load of a 50,000-question bank by this checkout against another checkout of trainer.

Used to check that the hostile-file checks (duplicate keys, aliases, control characters, paths,
number bounds, the bounded read) cost nothing measurable::

    git archive <commit> | tar -x -C /tmp/base
    python benchmarks/bench_bank_against.py --baseline /tmp/base [--runs 9] [--questions 50000]

Each run is a pair of fresh processes (baseline, then this checkout) loading the same file with
``load_bank`` (no cache); prints both medians and the median of the per-pair ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHILD = (
    "import sys, time\n"
    "from trainer.core.bank import load_bank\n"
    "t = time.perf_counter(); load_bank(sys.argv[1]); print(time.perf_counter() - t)\n"
)


def _time(checkout: Path, bank: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(bank)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another trainer checkout")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--questions", type=int, default=50_000)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_scale import write_bank

    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank.yaml"
        write_bank(bank, args.questions)
        pairs = [(_time(args.baseline, bank), _time(HERE.parent, bank)) for _ in range(args.runs)]
    base = statistics.median(b for b, _ in pairs)
    this = statistics.median(t for _, t in pairs)
    ratio = statistics.median(t / b for b, t in pairs)
    print(
        f"questions={args.questions} runs={args.runs} baseline_s={base:.3f} this_s={this:.3f} "
        f"ratio={ratio:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
