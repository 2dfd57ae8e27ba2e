"""CPU time of two screens of the app, in-process with Pilot, against the base commit.

* ``stats``: opening the statistics screen after a year of daily use (``--reviews`` reviews,
  default 10,000 per profile over 365 days, three profiles, the built-in bank): from pushing
  the screen to the screen settled (charts drawn, the study-group worker done); the first
  opening of the process, the median of five later ones (leaving and opening again), and the
  median of three openings each after one more answer was written while away (the figures
  change: what a learner pays after studying).
* ``answer``: one answer cycle of a study session on the built-in bank: the answer submitted
  (``AnswerSubmitted``, as Enter posts it) → feedback settled → Enter → the next question
  settled. Every cycle answers a different question (distinct inputs; a wrong answer of its
  own for each, so no grading memo is hit); the median of ``--cycles`` cycles. The core's
  share (grading and recording) is measured in the same cycles.

CPU time is ``time.process_time()`` of the whole process (every thread). Runs of this checkout
and of ``--base`` (e.g. ``git worktree add /tmp/base ccac7c3``) alternate, each in a fresh
process; the figures are medians of the paired runs with the median of the per-pair ratios.

Usage::

    python benchmarks/bench_screens.py --base /tmp/base [--runs 5] [--cycles 15]

The last line is ``stats_first_ms=A stats_again_ms=B stats_after_answer_ms=C answer_ms=D
core_ms=E`` (this checkout), then ``base_…`` the same for the base, the paired ratios
``ratio_…`` and ``load=L`` (the machine's 1-minute load average when it ended).
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
KEYS = ("stats_first", "stats_again", "stats_after_answer", "answer", "core")


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
        from types import SimpleNamespace

        from trainer.core.session import record_group_answer

        after_answer = []
        for index in range(3):
            # One more answer while away (a distinct question each time): the figures change.
            question = app.bank.questions[(7 * index + 3) % len(app.bank.questions)]
            verdict = SimpleNamespace(verdict="correct" if index % 2 else "wrong", score=0.0)
            record_group_answer(app.store, "amy", app.bank, question, verdict)
            start = time.process_time()
            app.open_stats()
            await _settle(pilot)
            after_answer.append(time.process_time() - start)
            await pilot.press("escape")
            await _settle(pilot)
    return {
        "stats_first": opens[0],
        "stats_again": statistics.median(opens[1:]),
        "stats_after_answer": statistics.median(after_answer),
    }


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
    totals, cores = [], []
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
            core[0] = 0.0
            start = time.process_time()
            screen.post_message(AnswerSubmitted(_wrong_answer(question, index), False))
            await _settle(pilot)
            await pilot.press("enter")
            await _settle(pilot)
            if index >= 2:  # the first two warm the widgets' code paths up
                totals.append(time.process_time() - start)
                cores.append(core[0])
    return {"answer": statistics.median(totals), "core": statistics.median(cores)}


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


def prepare(root: Path, reviews: int, schema: Path) -> tuple[Path, Path, Path]:
    """The built-in bank, a store with a year of reviews (with the schema of the checkout
    ``schema``: the base one), and an empty one for answering."""
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
        total = reviews * len(bench_scale.PROFILES)
        bench_scale.fill_store_with(schema, db, loaded.id, ids, total, 365)
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
    codes = [("new", ROOT)] + ([("base", args.base.resolve())] if args.base else [])
    _bank, generated, answer_dir = prepare(root, args.reviews, codes[-1][1])
    import bench_scale

    # Each checkout on its own copy of the store (a newer one migrates its copy).
    years = {label: bench_scale.copy_for(generated, label) for label, _ in codes}
    modes = [args.only] if args.only else ["stats", "answer"]
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
    for index in range(args.runs + 1):
        order = codes if index % 2 == 0 else codes[::-1]
        for label, code in order:
            figures: dict[str, float] = {}
            for mode in modes:
                data = years[label] if mode == "stats" else answer_dir / f"{label}-{index}"
                figures.update(run_child(code, mode, "-", data, args.cycles))
            if index:  # the first pair warms the bytecode and page caches up
                runs[label].append(figures)
    keys = [k for k in KEYS if k in runs["new"][0]]
    print(
        f"{'ms of CPU (median of ' + str(args.runs) + ')':<28}" + "".join(f"{k:>20}" for k in keys)
    )
    summary = []
    for label, _ in codes:
        medians = {k: 1000 * statistics.median(r[k] for r in runs[label]) for k in keys}
        print(f"{label:<28}" + "".join(f"{medians[k]:>20.1f}" for k in keys))
        prefix = "" if label == "new" else f"{label}_"
        summary += [f"{prefix}{k}_ms={medians[k]:.1f}" for k in keys]
    if args.base:
        pairs = list(zip(runs["new"], runs["base"], strict=True))
        ratios = {k: statistics.median(n[k] / b[k] for n, b in pairs if b[k] > 0) for k in keys}
        print(f"{'ratio new/base (paired)':<28}" + "".join(f"{ratios[k]:>20.2f}" for k in keys))
        summary += [f"ratio_{k}={ratios[k]:.2f}" for k in keys]
    load = os.getloadavg()
    print(f"machine load average: {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")
    summary.append(f"load={load[0]:.2f}")
    print(" ".join(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
