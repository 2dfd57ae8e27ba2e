"""Start-up of the real ``trainer`` command to a settled screen, against a bare Textual app.

What a learner meets: the ``trainer`` command (the installed console script, or ``python -m
trainer`` when there is none) is started in a pseudo-terminal of 80×24, exactly as a shell
would start it, and the clock runs from the moment the process is started until the screen
has *settled*: the last byte the program drew before it stayed quiet for ``--settle`` seconds
(not the first paint, which comes about 0.1 s before the screen is complete). Then Ctrl+Q quits
it and its peak resident memory is read from the kernel (``wait4``).

The baseline, in the same run, is a bare Textual app started the same way: one label and a
footer. The two kinds of run alternate (paired runs), and the figures are medians: the median
of each kind and the median of the per-pair ratios. Both run with bytecode caching on (as an
installed package has it), so unset PYTHONDONTWRITEBYTECODE is not needed by hand.

Cases: the home screen on the built-in bank; the home screen on a bank of ``--questions``
questions (default 50,000; 0 skips it), made by ``bench_scale.write_bank``.

Usage::

    python benchmarks/bench_startup.py [--runs 9] [--questions 50000] [--settle 0.5]

The last line is ``startup_ratio=R trainer_s=A bare_s=B big_ratio=R2 big_s=C peak_mb=M``
(the goal: R <= 1.4).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BARE_APP = r"""
from textual.app import App
from textual.widgets import Footer, Label


class Bare(App):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self):
        yield Label("学习训练器")
        yield Footer()


Bare().run()
"""


def trainer_command() -> list[str]:
    """The real command: the console script beside this Python, else ``python -m trainer``."""
    script = Path(sys.executable).with_name("trainer")
    if script.exists():
        return [str(script)]
    found = shutil.which("trainer")
    return [found] if found else [sys.executable, "-m", "trainer"]


def run_in_pty(
    argv: list[str], env: dict[str, str], settle: float, size: tuple[int, int] = (80, 24)
) -> tuple[float, float]:
    """Start ``argv`` in a pseudo-terminal; return (seconds to a settled screen, peak RSS MB)."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the program
        os.execvpe(argv[0], argv, env)
    columns, rows = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    last_output = None
    received = 0
    deadline = start + 60
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.02)
            now = time.perf_counter()
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                received += len(chunk)
                last_output = now
                _answer_queries(fd, chunk)
            elif last_output is not None and received > 2000 and now - last_output >= settle:
                break
        if last_output is None:
            raise SystemExit(f"{argv[0]} drew nothing")
        os.write(fd, b"\x11")  # Ctrl+Q
        quit_by = time.perf_counter() + 10
        while time.perf_counter() < quit_by:
            finished, status, usage = os.wait4(pid, os.WNOHANG)
            if finished:
                break
            if select.select([fd], [], [], 0.05)[0]:
                with contextlib.suppress(OSError):
                    os.read(fd, 65536)
        else:
            os.kill(pid, 9)
            _, status, usage = os.wait4(pid, 0)
    finally:
        os.close(fd)
    return last_output - start, usage.ru_maxrss / 1024.0


def _answer_queries(fd: int, chunk: bytes) -> None:
    # A terminal answers the cursor-position query; without an answer some programs wait.
    if b"\x1b[6n" in chunk:
        os.write(fd, b"\x1b[1;1R")


def paired(
    first: list[str], second: list[str], env: dict[str, str], runs: int, settle: float
) -> tuple[list[float], list[float], list[float]]:
    """Alternate runs of two commands; (times of first, times of second, peaks of first)."""
    times_a: list[float] = []
    times_b: list[float] = []
    peaks: list[float] = []
    for _ in range(runs):
        elapsed, peak = run_in_pty(first, env, settle)
        times_a.append(elapsed)
        peaks.append(peak)
        times_b.append(run_in_pty(second, env, settle)[0])
    return times_a, times_b, peaks


def summary(label: str, a: list[float], b: list[float]) -> float:
    ratio = statistics.median(x / y for x, y in zip(a, b, strict=True))
    print(
        f"{label}: trainer median {statistics.median(a):.3f} s, bare {statistics.median(b):.3f}"
        f" s; median of paired ratios {ratio:.2f}"
    )
    print("  trainer:", " ".join(f"{t:.3f}" for t in a))
    print("  bare:   ", " ".join(f"{t:.3f}" for t in b))
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="paired runs per case")
    parser.add_argument("--questions", type=int, default=50_000, help="size of the big bank")
    parser.add_argument("--settle", type=float, default=0.5, help="quiet seconds = settled")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as home:
        env = dict(os.environ)
        env["TRAINER_HOME"] = home
        env["TERM"] = "xterm-256color"
        env.pop("TRAINER_LANG", None)
        env["TEXTUAL_ANIMATIONS"] = "none"
        # Like an installed package: bytecode is cached (in a temporary folder, so that the
        # source tree stays clean even where PYTHONDONTWRITEBYTECODE is set).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
        bare_script = Path(home) / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        bare = [sys.executable, str(bare_script)]
        trainer = trainer_command()
        # One run of each first: compiles bytecode, creates the store, warms the file cache.
        run_in_pty(trainer, env, options.settle)
        run_in_pty(bare, env, options.settle)
        a, b, peaks = paired(trainer, bare, env, options.runs, options.settle)
        ratio = summary("home screen, built-in bank", a, b)
        big_ratio = 0.0
        big_s = 0.0
        if options.questions:
            from bench_scale import write_bank

            bank = Path(home) / "big.yaml"
            write_bank(bank, options.questions)
            big = [*trainer, "--bank", str(bank)]
            run_in_pty(big, env, options.settle)  # builds the bank cache, as a first start does
            a_big, b_big, _ = paired(big, bare, env, max(3, options.runs // 2), options.settle)
            big_ratio = summary(f"home screen, {options.questions:,} questions", a_big, b_big)
            big_s = statistics.median(a_big)
    peak = max(peaks)
    print(f"peak memory of trainer at its home screen: {peak:.1f} MB")
    print(
        f"startup_ratio={ratio:.2f} trainer_s={statistics.median(a):.3f} "
        f"bare_s={statistics.median(b):.3f} big_ratio={big_ratio:.2f} big_s={big_s:.3f} "
        f"peak_mb={peak:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
