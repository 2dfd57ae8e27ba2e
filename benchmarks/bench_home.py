"""The home screen at scale: CPU time to show it, in-process, against the base commit.

A bank of ``--questions`` questions (default 50,000) and ``--reviews`` reviews (default
1,000,000, three profiles) is generated once (``bench_scale``'s generator; ``--keep DIR``
reuses it). Each measured run is a fresh process that starts the app with Pilot
(``App.run_test``) on that bank and store and measures the CPU time of the process (all
threads) for:

* ``open``: from the app's start to the home screen settled (bank loaded from its cache,
  figures computed, every pending refresh and worker done);
* ``return``: leaving the home screen for another one and coming back (what the learner pays
  after each session), median of five returns with no change in between;
* ``after_answer``: the same after one review was written (the figures must change).

Runs of the code under test (this checkout) and of ``--base`` (another checkout, e.g. a
``git worktree`` of the base commit) alternate, and the figures are medians of the paired
runs, with the median of the per-pair ratios.

Usage::

    git worktree add /tmp/base ccac7c3
    python benchmarks/bench_home.py --base /tmp/base [--runs 5] [--keep DIR]

The last line is ``open_ms=A return_ms=B after_answer_ms=C base_open_ms=… base_return_ms=…
base_after_answer_ms=… ratio_open=… ratio_return=… ratio_after_answer=… load=L`` (the paired
ratios, and the machine's 1-minute load average when it ended).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _settle(pilot: object) -> object:
    async def settle() -> None:
        app = pilot.app  # type: ignore[attr-defined]
        for _ in range(3):
            await pilot.pause()  # type: ignore[attr-defined]
            await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]

    return settle()


async def _measure(bank: Path, data_dir: Path, profile: str) -> dict[str, float]:
    from textual.screen import Screen

    from trainer.ui.app import create_app

    class Away(Screen[None]):
        pass

    result: dict[str, float] = {}
    start = time.process_time()
    app = create_app(bank_path=bank, data_dir=data_dir, profile=profile, warm_up=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        result["open"] = time.process_time() - start
        returns = []
        for _ in range(5):
            app.push_screen(Away())
            await _settle(pilot)
            start = time.process_time()
            app.pop_screen()
            await _settle(pilot)
            returns.append(time.process_time() - start)
        result["return"] = statistics.median(returns)
        # One review written while away: the figures must be recomputed.
        bank_obj = app.bank
        assert bank_obj is not None
        app.push_screen(Away())
        await _settle(pilot)
        from types import SimpleNamespace

        question = bank_obj.questions[len(bank_obj.questions) // 2]
        from trainer.core.session import record_group_answer

        record_group_answer(
            app.store, profile, bank_obj, question, SimpleNamespace(verdict="correct", score=1.0)
        )
        start = time.process_time()
        app.pop_screen()
        await _settle(pilot)
        result["after_answer"] = time.process_time() - start
    return result


def child(bank: Path, data_dir: Path, profile: str) -> None:
    figures = asyncio.run(_measure(bank, data_dir, profile))
    print(json.dumps(figures))


def run_child(code: Path, bank: Path, data_dir: Path, profile: str) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(code), TRAINER_HOME=str(data_dir), CI="")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, str(HERE / "bench_home.py"), "--child", str(bank), str(data_dir), profile],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=str(code),
    )
    if out.returncode != 0:
        raise SystemExit(f"child failed ({code}):\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def generate(root: Path, questions: int, reviews: int, schema: Path) -> tuple[Path, Path]:
    """The bank and the store (with the schema of the checkout ``schema``: the base one)."""
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    import bench_scale

    bank = root / "bank-50k.yaml"
    data_dir = root / "data-big"
    if not bank.exists():
        bench_scale.write_bank(bank, questions)
    db = data_dir / "trainer.sqlite3"
    if not db.exists():
        ids = [f"q{i}" for i in range(questions)]
        bench_scale.fill_store_with(schema, db, "bench-scale", ids, reviews, 730)
    return bank, data_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=False, help="checkout to compare against")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=50_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.child[2])
        return 0
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="trainer-home-"))
    root.mkdir(parents=True, exist_ok=True)
    codes = [("new", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
    bank, generated = generate(root, args.questions, args.reviews, codes[-1][1])
    import bench_scale

    # Each checkout on its own copy of the store (a newer one migrates its copy).
    data = {label: bench_scale.copy_for(generated, label) for label, _ in codes}
    profile = "amy"
    for label, code in codes:  # warm-up: bank cache, bytecode, page cache
        run_child(code, bank, data[label], profile)
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
    for index in range(args.runs):
        order = codes if index % 2 == 0 else codes[::-1]
        for label, code in order:
            runs[label].append(run_child(code, bank, data[label], profile))
    keys = ("open", "return", "after_answer")
    print(
        f"{'ms of CPU (median of ' + str(args.runs) + ')':<28}" + "".join(f"{k:>14}" for k in keys)
    )
    summary = []
    for label, _ in codes:
        medians = {k: 1000 * statistics.median(r[k] for r in runs[label]) for k in keys}
        print(f"{label:<28}" + "".join(f"{medians[k]:>14.0f}" for k in keys))
        prefix = "" if label == "new" else f"{label}_"
        summary += [f"{prefix}{k}_ms={medians[k]:.0f}" for k in keys]
    if args.base:
        ratios = {
            k: statistics.median(
                n[k] / b[k] for n, b in zip(runs["new"], runs["base"], strict=True) if b[k] > 0
            )
            for k in keys
        }
        print(f"{'ratio new/base (paired)':<28}" + "".join(f"{ratios[k]:>14.2f}" for k in keys))
        summary += [f"ratio_{k}={ratios[k]:.2f}" for k in keys]
    load = os.getloadavg()
    print(f"machine load average: {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")
    summary.append(f"load={load[0]:.2f}")
    print(" ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
