"""How long fitting FSRS parameters takes on a real-sized history (``trainer optimize``).

A simulated learner (benchmarks/simulate_scheduler.py, `typical` spread) studies 2000 questions,
20 new a day, for a year under the trainer's default schedule: about 21,000 reviews. The script
times building the optimiser's items from that log and the fit itself (fsrs-rs-python), median
of ``--runs`` runs, and prints the log loss of the default and the fitted parameters.

Run: ``/work/venv/bin/python benchmarks/bench_fit.py``. Last line: ``key=value`` figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import simulate_scheduler as sim  # noqa: E402

from trainer.core.scheduling import fitting  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    seed, weights = sim.learners("typical", 1)[0]
    schedulers: list[sim.FsrsScheduler] = []

    def make() -> sim.FsrsScheduler:
        schedulers.append(sim.FsrsScheduler())
        return schedulers[-1]

    sim.simulate(make, weights, seed, questions=args.questions, new_per_day=20, days=args.days)
    history = [(str(qid), at, rating) for qid, at, rating in schedulers[-1].log]
    item_times, fit_times = [], []
    report = None
    for _ in range(args.runs):
        started = time.perf_counter()
        items = fitting.history_items(history, UTC)
        built = time.perf_counter()
        report = fitting.fit_parameters(items, len(history), 0.0)
        item_times.append(built - started)
        fit_times.append(time.perf_counter() - built)
    assert report is not None
    print(
        f"reviews={len(history)} items={report.items} "
        f"items_s={statistics.median(item_times):.3f} fit_s={statistics.median(fit_times):.3f} "
        f"log_loss_default={report.log_loss_default:.4f} "
        f"log_loss_fitted={report.log_loss_fitted:.4f} adopted={report.adopted}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
