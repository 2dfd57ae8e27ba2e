"""CPU time of two screens of the app, in-process with Pilot, against the base commit.

* ``stats``: opening the statistics screen after a year of daily use (``--reviews`` reviews,
  default 10,000 per profile over 365 days, three profiles, the built-in bank): from pushing
  the screen to the screen settled (charts drawn, the study-group worker done); the first
  opening of the process and the median of five later ones (leaving and opening again).
* ``answer``: one answer cycle of a study session on the built-in bank: the answer submitted
  (``AnswerSubmitted``, as Enter posts it) → feedback settled → Enter → the next question
  settled. Every cycle answers a different question (distinct inputs; a wrong answer of its
  own for each, so no grading memo is hit); the median of ``--cycles`` cycles. The core's
  share (grading and recording) is measured in the same cycles, and so is ``settle``: what
  the benchmark's own waiting (two settles of Pilot, which visits every widget at each pause)
  costs on the same screen with nothing to do, part of ``answer`` but not of what a learner
  pays.

CPU time is ``time.process_time()`` of the whole process (every thread). Runs of this checkout
and of ``--base`` (e.g. ``git worktree add /tmp/base ccac7c3``) alternate, each in a fresh
process; the figures are medians of the paired runs with the median of the per-pair ratios.

Usage::

    python benchmarks/bench_screens.py --base /tmp/base [--runs 5] [--cycles 15]

The last line is ``stats_first_ms=A stats_again_ms=B answer_ms=C core_ms=D settle_ms=E`` (this
checkout), then the same for the base with a ``base_`` prefix.
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
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KEYS = ("stats_first", "stats_again", "answer", "core", "settle")


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _stats(bank: Path | None, data_dir: Path) -> dict[str, float]:
    from trainer.ui.app import create_app

    app = create_app(bank_path=bank, data_dir=data_dir, profile="amy", warm_up=False)
    opens = []
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot)
        if app.bank is None or app.store is None:
            raise SystemExit(f"no bank or store: {app.bank_problem or app.store_problem}")
        for _ in range(6):
            start = time.process_time()
            app.open_stats()
            await _settle(pilot)
            opens.append(time.process_time() - start)
            await pilot.press("escape")
            await _settle(pilot)
    return {"stats_first": opens[0], "stats_again": statistics.median(opens[1:])}


def _wrong_answer(question: Any, index: int) -> str | list[str]:
    kind = question.type
    if kind == "choice":
        return question.options[index % len(question.options)]
    if kind == "truefalse":
        return "对" if index % 2 else "错"
    if kind == "number":
        return str(100000 + index)
    if kind == "cloze":
        return [f"错词{index}"] * max(1, len(question.blanks))
    if kind == "list":
        return [f"错项{index}", f"另一项{index}"]
    if kind == "order":
        return list(reversed(question.items))
    return f"一个错的答案第{index}号"


async def _answers(bank: Path | None, data_dir: Path, cycles: int) -> dict[str, float]:
    from trainer.core import session as session_module
    from trainer.ui.app import create_app
    from trainer.ui.widgets.answer_input import AnswerSubmitted

    core = [0.0]
    submit = session_module.StudySession.submit

    def timed_submit(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return submit(self, *args, **kwargs)
        finally:
            core[0] += time.process_time() - start

    session_module.StudySession.submit = timed_submit  # type: ignore[method-assign]
    app = create_app(
        bank_path=bank,
        data_dir=data_dir,
        profile="answer-bench",
        warm_up=False,
        autostart="study",
        session_options={"new_limit": 1000, "seed": 7},
    )
    totals, cores, settles = [], [], []
    async with app.run_test(size=(100, 40)) as pilot:
        from trainer.core.grading import warm_up

        warm_up()  # the grader's imports, as the app does in the background after start
        await _settle(pilot)
        screen = app.screen
        if not hasattr(screen, "session"):
            raise SystemExit(f"no study session: {app.bank_problem or app.store_problem}")
        for index in range(cycles + 2):
            question = screen.session.current  # type: ignore[attr-defined]
            if question is None:
                break
            # What the benchmark's own waiting costs on this screen with nothing to do (two
            # settles, as in a cycle): Pilot visits every widget at each pause.
            start = time.process_time()
            await _settle(pilot)
            await _settle(pilot)
            idle = time.process_time() - start
            core[0] = 0.0
            start = time.process_time()
            screen.post_message(AnswerSubmitted(_wrong_answer(question, index), False))
            await _settle(pilot)
            await pilot.press("enter")
            await _settle(pilot)
            if index >= 2:  # the first two warm the widgets' code paths up
                totals.append(time.process_time() - start)
                cores.append(core[0])
                settles.append(idle)
    return {
        "answer": statistics.median(totals),
        "core": statistics.median(cores),
        "settle": statistics.median(settles),
    }


def child(mode: str, bank_arg: str, data_dir: Path, cycles: int) -> None:
    # "-": the checkout's own built-in bank (a checkout rejects another's bank path).
    bank = None if bank_arg == "-" else Path(bank_arg)
    if mode == "stats":
        figures = asyncio.run(_stats(bank, data_dir))
    else:
        figures = asyncio.run(_answers(bank, data_dir, cycles))
    print(json.dumps(figures))


def run_child(code: Path, mode: str, bank: Path, data_dir: Path, cycles: int) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(code), TRAINER_HOME=str(data_dir), CI="")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, str(HERE / "bench_screens.py"), "--child", mode, str(bank)]
    command += [str(data_dir), "--cycles", str(cycles)]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=code)
    if out.returncode != 0:
        raise SystemExit(f"child failed ({code}, {mode}):\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def prepare(root: Path, reviews: int) -> tuple[Path, Path, Path]:
    """The built-in bank, a store with a year of reviews, and an empty one for answering."""
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, str(ROOT))
    import bench_scale

    from trainer.core.bank import load_bank

    bank = bench_scale.builtin_bank(root)
    year = root / "data-year"
    db = year / "trainer.sqlite3"
    if not db.exists():
        loaded = load_bank(bank)
        ids = [q.id for q in loaded.questions]
        bench_scale.fill_store(db, loaded.id, ids, reviews * len(bench_scale.PROFILES), 365)
    return bank, year, root / "data-answer"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, help="checkout to compare against")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cycles", type=int, default=15)
    parser.add_argument("--reviews", type=int, default=10_000, help="reviews per profile")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument("--only", choices=("stats", "answer"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]), args.cycles)
        return 0
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="trainer-screens-"))
    root.mkdir(parents=True, exist_ok=True)
    _bank, year, answer_dir = prepare(root, args.reviews)
    codes = [("new", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
    modes = [args.only] if args.only else ["stats", "answer"]
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
    for index in range(args.runs + 1):
        order = codes if index % 2 == 0 else codes[::-1]
        for label, code in order:
            figures: dict[str, float] = {}
            for mode in modes:
                data = year if mode == "stats" else answer_dir / f"{label}-{index}"
                figures.update(run_child(code, mode, "-", data, args.cycles))
            if index:  # the first pair warms the bytecode and page caches up
                runs[label].append(figures)
    keys = [k for k in KEYS if all(k in r for label, _ in codes for r in runs[label])]
    print(
        f"{'ms of CPU (median of ' + str(args.runs) + ')':<28}" + "".join(f"{k:>13}" for k in keys)
    )
    summary = []
    for label, _ in codes:
        medians = {k: 1000 * statistics.median(r[k] for r in runs[label]) for k in keys}
        print(f"{label:<28}" + "".join(f"{medians[k]:>13.1f}" for k in keys))
        prefix = "" if label == "new" else f"{label}_"
        summary += [f"{prefix}{k}_ms={medians[k]:.1f}" for k in keys]
    if args.base:
        pairs = list(zip(runs["new"], runs["base"], strict=True))
        ratios = {k: statistics.median(n[k] / b[k] for n, b in pairs if b[k] > 0) for k in keys}
        print(f"{'ratio new/base (paired)':<28}" + "".join(f"{ratios[k]:>13.2f}" for k in keys))
    load = os.getloadavg()
    print(f"machine load average: {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")
    print(" ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
