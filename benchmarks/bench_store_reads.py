"""What the store's reads cost at scale, against a baseline checkout in the same run.

Uses the data that ``bench_scale.py --keep DIR`` generated (50,000 questions, 1,000,000
reviews). Measures in fresh processes, alternately for this checkout and ``--baseline ROOT`` (an
older checkout, e.g. ``git worktree add /tmp/base <commit>``), the order flipped every pair:

* ``read_cards_ms``: :meth:`Store.card_states` of one profile (36,649 cards);
* ``queue_ms``: reading those cards and :func:`build_queue` (what a learner waits for);
* ``stats_ms``: :func:`profile_stats` with a warm per-day cache;
* ``day_stats_cached_ms`` / ``day_stats_live_ms``: the per-day review sums with and without
  the per-day cache file (what decides whether the cache stays).

Each figure is the median of repeated calls in one process; the summary is the median of the
paired ratios (this checkout / baseline).

Usage::

    python benchmarks/bench_scale.py --keep /tmp/bench-scale      # once: generates the data
    python benchmarks/bench_store_reads.py --data /tmp/bench-scale --baseline /tmp/base --pairs 6

The last line is ``stats_ratio=A read_cards_ratio=B queue_ratio=C cache_speedup=D``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROFILE = "amy"


def _median_ms(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure(data: Path) -> dict[str, float]:
    """In a child process: every figure once (medians of repeated calls)."""
    data_dir = data / "data-big"
    os.environ["TRAINER_HOME"] = str(data_dir)
    from trainer import paths

    paths.set_data_dir(data_dir)
    from trainer.core.bank.cache import load_bank_cached
    from trainer.core.scheduling import build_queue
    from trainer.core.stats.queries import day_stats, profile_stats
    from trainer.core.store import Store

    bank = load_bank_cached(data / "bank-50k.yaml")
    store = Store.open(data_dir / "trainer.sqlite3")
    now = datetime.now(UTC).replace(microsecond=0)
    zone = store.time_zone(PROFILE)
    profile_stats(store, PROFILE, bank, now)  # the per-day cache is warm from here on
    result = {
        "read_cards_ms": _median_ms(lambda: store.card_states(PROFILE, bank.id), 9),
        "queue_ms": _median_ms(
            lambda: build_queue(bank, store.card_states(PROFILE, bank.id), now), 5
        ),
        "stats_ms": _median_ms(lambda: profile_stats(store, PROFILE, bank, now), 9),
        "day_stats_cached_ms": _median_ms(lambda: day_stats(store, PROFILE, zone, now), 9),
        "day_stats_live_ms": _median_ms(
            lambda: day_stats(store, PROFILE, zone, now, use_cache=False), 3
        ),
    }
    store.close()
    return result


def _child(root: Path, data: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(data)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a bench_scale.py --keep folder")
    parser.add_argument("--baseline", type=Path, help="an older checkout to compare with")
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    if args.data is None or not (args.data / "data-big" / "trainer.sqlite3").exists():
        parser.error("--data must be a folder made by: python benchmarks/bench_scale.py --keep DIR")
    sides = {"this": ROOT}
    if args.baseline:
        sides["baseline"] = args.baseline
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
    for pair in range(args.pairs):
        order = list(sides) if pair % 2 == 0 else list(reversed(sides))
        for name in order:
            runs[name].append(_child(sides[name], args.data))
            print(name, json.dumps({k: round(v, 1) for k, v in runs[name][-1].items()}))
    keys = list(runs["this"][0])
    print(
        f"{'median of ' + str(args.pairs) + ' processes':34}" + "".join(f"{n:>12}" for n in sides)
    )
    for key in keys:
        cells = "".join(f"{statistics.median(r[key] for r in runs[n]):12.1f}" for n in sides)
        print(f"{key:34}{cells}")
    ratios = {}
    if args.baseline:
        for key in ("stats_ms", "read_cards_ms", "queue_ms"):
            paired = [t[key] / b[key] for t, b in zip(runs["this"], runs["baseline"], strict=True)]
            ratios[key] = statistics.median(paired)
    live = statistics.median(r["day_stats_live_ms"] for r in runs["this"])
    cached = statistics.median(r["day_stats_cached_ms"] for r in runs["this"])
    print(
        " ".join(f"{key.removesuffix('_ms')}_ratio={value:.2f}" for key, value in ratios.items())
        + f" cache_speedup={live / cached:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
