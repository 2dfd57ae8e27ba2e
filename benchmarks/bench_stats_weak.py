"""What "answered wrong lately" costs the statistics: paired runs of ``profile_stats`` with the
recent-wrong query and with it stubbed out, on the data ``bench_scale.py --keep DIR`` leaves.

Usage::

    python benchmarks/bench_scale.py --keep /tmp/scale      # once: 50k questions, 1M reviews
    python benchmarks/bench_stats_weak.py /tmp/scale [--rounds 7]

Each round runs both variants one after the other (alternating which goes first), so a busy
machine slows both alike; the medians and the median of the per-round differences are printed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the folder given to bench_scale.py --keep")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    from trainer import paths
    from trainer.core.bank.cache import load_bank_cached
    from trainer.core.stats import queries
    from trainer.core.store import Store

    data_dir = args.root / "data-big"
    paths.set_data_dir(data_dir)
    bank = load_bank_cached(args.root / "bank-50k.yaml")
    store = Store.open(data_dir / "trainer.sqlite3")
    profile = store.list_profiles()[0].name
    # The history ends at the generation time; "now" a day later keeps its last 14 days in view.
    last = store.query("SELECT MAX(reviewed_at) FROM reviews")[0][0]
    now = datetime.fromtimestamp(float(last) + 86_400, UTC)
    real = queries._recently_wrong

    def stub(*_args: object) -> set[str]:
        return set()

    queries.profile_stats(store, profile, bank, now)  # warm the per-day cache and the pages
    wrong = len(real(store, queries.profile_id(store, profile), bank.id, now.timestamp(), 15))
    with_query: list[float] = []
    without: list[float] = []
    for round_number in range(args.rounds):
        order = [(real, with_query), (stub, without)]
        if round_number % 2:
            order.reverse()
        for function, times in order:
            queries._recently_wrong = function  # type: ignore[assignment]
            t0 = time.perf_counter()
            queries.profile_stats(store, profile, bank, now)
            times.append(time.perf_counter() - t0)
    queries._recently_wrong = real
    store.close()
    differences = [a - b for a, b in zip(with_query, without, strict=True)]
    print(f"questions answered wrong lately: {wrong}")
    print(
        f"profile_stats with the recent-wrong query   {statistics.median(with_query) * 1000:7.1f} ms"
    )
    print(
        f"profile_stats without it                    {statistics.median(without) * 1000:7.1f} ms"
    )
    print(
        f"median paired difference                    {statistics.median(differences) * 1000:7.1f} ms"
    )


if __name__ == "__main__":
    main()
