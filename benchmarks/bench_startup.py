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

With ``--base DIR`` (a checkout of another commit, e.g. ``git worktree add /tmp/base
90acd23``) the same command is also started with ``PYTHONPATH=DIR`` (its own data folder) in
the same rotation — this checkout, the base, the bare app, the order turning every run — and the
median of the paired ratios this checkout / base is reported too.

With ``--store FILE`` (and ``--base``) a third case starts both checkouts on their own copy of
a learner's store (e.g. the one ``bench_scale.py --keep DIR`` leaves: 1,000,000 reviews over
three profiles) on the big bank as ``--profile`` (default amy): a start at scale. The base
must be able to open that store (its schema version).

Usage::

    python benchmarks/bench_startup.py [--runs 9] [--questions 50000] [--settle 0.5] [--base DIR]
        [--store FILE [--profile NAME]]

The last line is ``startup_ratio=R trainer_s=A bare_s=B big_ratio=R2 big_s=C peak_mb=M``
(the goal: R <= 1.4), then with ``--base`` ``base_ratio=… base_s=… base_big_ratio=…
base_big_s=… vs_base=… big_vs_base=… cpu_ratio=… base_cpu_ratio=… big_cpu_ratio=…
base_big_cpu_ratio=… load=…``. The ``cpu`` ratios compare the CPU time each program had used
when it drew its last byte (read from ``/proc``, 10 ms ticks; all threads): on a machine
shared with other work the wall-clock times also measure how long the program waited for a
core, the CPU times much less so.
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
    """Start ``argv`` in a pseudo-terminal; return (seconds to a settled screen, peak RSS MB).

    The CPU time the program had used when it drew its last byte is kept in
    :data:`LAST_CPU` (seconds; from ``/proc``, None where there is none).
    """
    global LAST_CPU
    LAST_CPU = None
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
                LAST_CPU = _cpu_seconds(pid)
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


LAST_CPU: float | None = None
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process (all its threads), from /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime (fields 14 and 15)


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


def rotated(
    commands: list[tuple[list[str], dict[str, str]]], runs: int, settle: float
) -> tuple[list[list[float]], list[float]]:
    """Run each (argv, env) once per round, the order turning every round; (times of each
    command by round, peaks of the first)."""
    times: list[list[float]] = [[] for _ in commands]
    peaks: list[float] = []
    for round_ in range(runs):
        shift = round_ % len(commands)
        for index in [*range(shift, len(commands)), *range(shift)]:
            argv, env = commands[index]
            elapsed, peak = run_in_pty(argv, env, settle)
            times[index].append(elapsed)
            CPU_TIMES.setdefault(index, []).append(LAST_CPU or 0.0)
            if index == 0:
                peaks.append(peak)
    return times, peaks


CPU_TIMES: dict[int, list[float]] = {}
"""By command index of the last :func:`rotated` call: CPU seconds each run had used when it
drew its last byte (less disturbed by other programs' load than the wall-clock times)."""


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
    parser.add_argument("--base", type=Path, help="a checkout to compare against, in the same runs")
    parser.add_argument(
        "--store",
        type=Path,
        help="with --base: also start on a copy of this store (e.g. one bench_scale.py --keep "
        "made: 50,000 questions, 1,000,000 reviews), on the big bank, as --profile",
    )
    parser.add_argument("--profile", default="amy", help="the learner of --store")
    options = parser.parse_args()
    if options.base is not None:
        return main_with_base(options)
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


def _environment(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["TRAINER_HOME"] = home
    env["TERM"] = "xterm-256color"
    env.pop("TRAINER_LANG", None)
    env["TEXTUAL_ANIMATIONS"] = "none"
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as an installed package has it
    env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
    return env


def main_with_base(options: argparse.Namespace) -> int:
    """This checkout, the base and the bare app in one rotation (see the module's docstring)."""
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as home:
        env = _environment(str(Path(home) / "new"))
        base_env = _environment(str(Path(home) / "base"))
        base_env["PYTHONPATH"] = str(options.base.resolve())
        bare_script = Path(home) / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        bare = [sys.executable, str(bare_script)]
        trainer = trainer_command()
        figures: dict[str, float] = {}
        cases: list[tuple[str, list[str]]] = [("", [])]
        if options.questions:
            from bench_scale import write_bank

            bank = Path(home) / "big.yaml"
            write_bank(bank, options.questions)
            cases.append(("big_", ["--bank", str(bank)]))
            if options.store is not None:
                cases.append(("store_", ["--bank", str(bank), "--profile", options.profile]))
        for prefix, extra in cases:
            if prefix == "store_":  # each checkout gets its own copy of the learner's store
                for command_env in (env, base_env):
                    data = Path(command_env["TRAINER_HOME"])
                    for old in data.glob("trainer.sqlite3*"):
                        old.unlink()
                    shutil.copyfile(options.store, data / "trainer.sqlite3")
            commands = [([*trainer, *extra], env), ([*trainer, *extra], base_env), (bare, env)]
            for argv, command_env in commands:  # bytecode, the store, the bank cache, file cache
                run_in_pty(argv, command_env, options.settle)
            runs = options.runs if not prefix else max(3, options.runs // 2)
            CPU_TIMES.clear()
            (new, base, bare_times), peaks = rotated(commands, runs, options.settle)
            cpu_new, cpu_base, cpu_bare = (CPU_TIMES[index] for index in range(3))
            label = {
                "": "built-in bank",
                "big_": f"{options.questions:,} questions",
                "store_": f"{options.questions:,} questions, the store {options.store}",
            }[prefix]
            figures[prefix + "ratio"] = summary(
                f"home screen, {label}, this checkout", new, bare_times
            )
            figures[prefix + "s"] = statistics.median(new)
            figures[prefix + "bare_s"] = statistics.median(bare_times)
            figures["base_" + prefix + "ratio"] = summary(
                f"home screen, {label}, base", base, bare_times
            )
            figures["base_" + prefix + "s"] = statistics.median(base)
            figures[prefix + "vs_base"] = statistics.median(
                x / y for x, y in zip(new, base, strict=True)
            )
            print(
                f"  this checkout / base, median of paired ratios: {figures[prefix + 'vs_base']:.2f}"
            )
            if all(cpu_new + cpu_base + cpu_bare):
                figures[prefix + "cpu_ratio"] = statistics.median(
                    x / y for x, y in zip(cpu_new, cpu_bare, strict=True)
                )
                figures["base_" + prefix + "cpu_ratio"] = statistics.median(
                    x / y for x, y in zip(cpu_base, cpu_bare, strict=True)
                )
                print(
                    f"  CPU time to the settled screen (medians): this checkout "
                    f"{statistics.median(cpu_new):.3f} s, base {statistics.median(cpu_base):.3f}"
                    f" s, bare {statistics.median(cpu_bare):.3f} s; paired ratios to bare: "
                    f"{figures[prefix + 'cpu_ratio']:.2f} and "
                    f"{figures['base_' + prefix + 'cpu_ratio']:.2f}"
                )
            if not prefix:
                figures["peak_mb"] = max(peaks)
    load = os.getloadavg()
    print(f"machine load average: {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}")
    print(
        f"startup_ratio={figures['ratio']:.2f} trainer_s={figures['s']:.3f} "
        f"bare_s={figures['bare_s']:.3f} "
        f"big_ratio={figures.get('big_ratio', 0):.2f} big_s={figures.get('big_s', 0):.3f} "
        f"peak_mb={figures['peak_mb']:.1f} base_ratio={figures['base_ratio']:.2f} "
        f"base_s={figures['base_s']:.3f} base_big_ratio={figures.get('base_big_ratio', 0):.2f} "
        f"base_big_s={figures.get('base_big_s', 0):.3f} vs_base={figures['vs_base']:.2f} "
        f"big_vs_base={figures.get('big_vs_base', 0):.2f} "
        f"cpu_ratio={figures.get('cpu_ratio', 0):.2f} "
        f"base_cpu_ratio={figures.get('base_cpu_ratio', 0):.2f} "
        f"big_cpu_ratio={figures.get('big_cpu_ratio', 0):.2f} "
        f"base_big_cpu_ratio={figures.get('base_big_cpu_ratio', 0):.2f} "
        + (
            f"store_s={figures['store_s']:.3f} base_store_s={figures['base_store_s']:.3f} "
            f"store_vs_base={figures['store_vs_base']:.2f} "
            if "store_s" in figures
            else ""
        )
        + f"load={load[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
