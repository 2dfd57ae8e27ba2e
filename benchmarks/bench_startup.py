"""Start-up time of the study app against a bare Textual app, and its peak memory.

Each measurement is a fresh Python process started by this script. The trainer child builds
the app with ``create_app`` on the built-in bank (or ``--bank``), runs it headless, starts a
study session at once and reports when the first question is on screen; the bare child shows
one Label. The time is measured by this script from the moment it starts the process to the
moment the child reports, so it includes the interpreter's start and every import. The two
kinds of run alternate; the final line compares the fastest run of each kind (the least
disturbed on a busy machine); the medians are printed as well. The peak memory is the trainer
child's maximum resident set after the first question, once the grader has been loaded and has
graded one answer.

Usage::

    python benchmarks/bench_startup.py [--runs 7] [--bank PATH]

The last line is ``startup_ratio=R trainer_s=A bare_s=B peak_mb=M`` (targets: R <= 1.5,
M < 100 with the built-in bank).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRAINER_CHILD = r"""
import resource, sys, time
from trainer.ui.app import create_app

def ready():
    print("READY", time.process_time(), flush=True)
    app.exit()

bank = sys.argv[1] or None
app = create_app(bank_path=bank, autostart="study", on_first_question=ready)
app.run(headless=True, size=(100, 30))
# Peak memory as in real use: the grader loaded (its warm-up) and one answer graded.
from trainer.core.grading import grade, warm_up
warm_up()
grade(app.bank.questions[0], "协商议政")
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""

HOME_CHILD = r"""
import sys, time
from trainer.ui.app import create_app

def ready():
    print("READY", time.process_time(), flush=True)
    app.exit()

app = create_app(bank_path=sys.argv[1] or None, on_first_screen=ready, warm_up=False)
app.run(headless=True, size=(100, 30))
print("MAXRSS 0", flush=True)
"""

BARE_CHILD = r"""
import resource, time
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")

    def on_mount(self):
        self.call_after_refresh(self.ready)

    def ready(self):
        print("READY", time.process_time(), flush=True)
        self.exit()

Bare().run(headless=True, size=(100, 30))
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def run_child(code: str, args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run one child; returns (seconds until it printed READY, its CPU seconds by then, its peak
    RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert process.stdout is not None
    elapsed = None
    cpu = 0.0
    peak_kb = 0.0
    for line in process.stdout:
        if line.startswith("READY") and elapsed is None:
            elapsed = time.perf_counter() - start
            cpu = float(line.split()[1])
        elif line.startswith("MAXRSS"):
            peak_kb = float(line.split()[1])
    _, err = process.communicate(timeout=60)
    if elapsed is None or process.returncode != 0:
        raise SystemExit(f"child failed (exit {process.returncode}):\n{err[-2000:]}")
    return elapsed, cpu, peak_kb / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each app")
    parser.add_argument("--bank", default="", help="bank file (default: the built-in bank)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as home:
        env = dict(os.environ)
        env["TRAINER_HOME"] = home
        env.pop("TRAINER_LANG", None)
        env["TEXTUAL_ANIMATIONS"] = "none"
        # Like an installed package: bytecode is cached (here in a temporary folder, so that
        # the source tree stays clean even where PYTHONDONTWRITEBYTECODE is set).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
        bank = [str(Path(options.bank).resolve()) if options.bank else ""]
        # One run of each first: creates the store and warms the OS file cache.
        first_run, _, _ = run_child(TRAINER_CHILD, bank, env)
        run_child(BARE_CHILD, [], env)
        home_times = [run_child(HOME_CHILD, bank, env)[0] for _ in range(3)]
        trainer_times: list[float] = []
        bare_times: list[float] = []
        trainer_cpu: list[float] = []
        bare_cpu: list[float] = []
        peaks: list[float] = []
        for _ in range(options.runs):
            elapsed, cpu, peak = run_child(TRAINER_CHILD, bank, env)
            trainer_times.append(elapsed)
            trainer_cpu.append(cpu)
            peaks.append(peak)
            elapsed, cpu, _ = run_child(BARE_CHILD, [], env)
            bare_times.append(elapsed)
            bare_cpu.append(cpu)
    # On a busy machine single runs vary by a factor of two; the fastest run of each kind is
    # the least disturbed one, so the final line compares the minimums (medians shown too).
    trainer_s = min(trainer_times)
    bare_s = min(bare_times)
    ratio = trainer_s / bare_s
    median_ratio = statistics.median(trainer_times) / statistics.median(bare_times)
    pair_ratio = statistics.median(a / b for a, b in zip(trainer_times, bare_times, strict=True))
    peak_mb = max(peaks)
    print(f"first run (compiles bytecode, creates the store): {first_run:.3f} s")
    print("trainer, to the first question:", " ".join(f"{t:.3f}" for t in trainer_times))
    print("bare Textual app, one label:   ", " ".join(f"{t:.3f}" for t in bare_times))
    print(
        f"median trainer {statistics.median(trainer_times):.3f} s, "
        f"bare {statistics.median(bare_times):.3f} s, ratio {median_ratio:.2f}; "
        f"median of paired ratios {pair_ratio:.2f}"
    )
    cpu_t, cpu_b = statistics.median(trainer_cpu), statistics.median(bare_cpu)
    print(
        f"CPU time to the first screen (median): trainer {cpu_t:.3f} s, bare {cpu_b:.3f} s, "
        f"ratio {cpu_t / cpu_b:.2f}"
    )
    print(
        f"fastest trainer {trainer_s:.3f} s, bare {bare_s:.3f} s, ratio {ratio:.2f} (target <= 1.5)"
    )
    print(f"home screen (plain `trainer`), median of 3: {statistics.median(home_times):.3f} s")
    print(f"peak memory of the trainer after grading one answer: {peak_mb:.1f} MB (target < 100)")
    print(
        f"startup_ratio={ratio:.2f} trainer_s={trainer_s:.3f} bare_s={bare_s:.3f} "
        f"peak_mb={peak_mb:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
