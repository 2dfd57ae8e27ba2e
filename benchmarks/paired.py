"""The report of a paired benchmark: this checkout ("new") against ``--base`` (and any other
baseline run in the same rotation), run alternately.

Prints the medians of each label, the median of the per-pair ratios new/base, the machine's
load average, and a last line of ``key=value`` figures (``base_…``, ``ratio_…``, ``load=``).
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Mapping, Sequence


def print_paired(
    runs: Mapping[str, Sequence[Mapping[str, float]]],
    keys: Sequence[str],
    *,
    runs_count: int,
    width: int,
    digits: int,
) -> None:
    """``runs[label]`` holds one dict of seconds per run, in pair order."""
    print(
        f"{'ms of CPU (median of ' + str(runs_count) + ')':<28}"
        + "".join(f"{k:>{width}}" for k in keys)
    )
    summary = []
    for label, figures in runs.items():
        medians = {k: 1000 * statistics.median(r[k] for r in figures) for k in keys}
        print(f"{label:<28}" + "".join(f"{medians[k]:>{width}.{digits}f}" for k in keys))
        prefix = "" if label == "new" else f"{label}_"
        summary += [f"{prefix}{k}_ms={medians[k]:.{digits}f}" for k in keys]
    for label in runs:  # each baseline ("base", and any other one run in the same rotation)
        if label == "new":
            continue
        pairs = list(zip(runs["new"], runs[label], strict=True))
        ratios = {k: statistics.median(n[k] / b[k] for n, b in pairs if b[k] > 0) for k in keys}
        print(
            f"{'ratio new/' + label + ' (paired)':<28}"
            + "".join(f"{ratios[k]:>{width}.2f}" for k in keys)
        )
        prefix = "ratio_" if label == "base" else f"ratio_{label}_"
        summary += [f"{prefix}{k}={ratios[k]:.2f}" for k in keys]
    load = os.getloadavg()
    print(f"machine load average: {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")
    summary.append(f"load={load[0]:.2f}")
    print(" ".join(summary))
