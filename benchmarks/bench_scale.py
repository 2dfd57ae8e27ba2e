"""Scale benchmark: a 50,000-question bank and 1,000,000 reviews across 3 profiles.

Measures, side by side with the built-in bank:

* bank load: cold (parse the YAML, write the cache; the median of five fresh processes) and
  cached (:func:`load_bank_cached`, the first load of a fresh process);
* queue build: :func:`trainer.core.scheduling.build_queue` on the store's card rows (the time
  to read the card rows from SQLite is printed separately);
* the statistics screen's figures: :func:`trainer.core.stats.queries.profile_stats`;
* ``trainer stats --json`` as a subprocess (wall time, peak memory);
* peak memory (max RSS) of the measuring process and of the ``trainer stats`` process.

Targets: queue < 100 ms, stats < 500 ms, 50k load < 2 s cold and < 0.3 s cached, memory
< 300 MB. Generation (bank file, history) happens in this process; the measurements run in a
fresh child process so that its peak memory is what a learner's process would use.

Usage::

    python benchmarks/bench_scale.py [--questions 50000] [--reviews 1000000] [--keep DIR]

The last line is ``queue_ms=A stats_ms=B load_cold_s=C load_cached_s=D peak_mb=M`` (figures at
scale).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

PROFILES = ("amy", "bo", "cy")
DAY = 86400.0
SECTIONS = 25
NOW = datetime.now(UTC).replace(microsecond=0)


# --------------------------------------------------------------------------- generation


def write_bank(path: Path, questions: int) -> None:
    """A valid bank of ``questions`` questions of five types in 25 sections."""
    rng = random.Random(7)
    lines = [
        "bank: {id: bench-scale, title: 规模测试题库}",
        "sections:",
        *(f"  - {{id: sec{s:02d}, title: 第{s + 1}部分}}" for s in range(SECTIONS)),
        "questions:",
    ]
    for i in range(questions):
        section = f"sec{i % SECTIONS:02d}"
        kind = i % 5
        word = f"要点{i}号{rng.randrange(10**6)}"
        if kind == 0:
            lines.append(
                f"  - {{id: q{i}, type: short, section: {section}, prompt: 第{i}题问的是什么？, "
                f"answer: {word}, source: 原文第{i}句。}}"
            )
        elif kind == 1:
            lines.append(
                f"  - {{id: q{i}, type: cloze, section: {section}, "
                f'text: "坚持{{{{{word}}}}}，推进{{{{工作{i}}}}}。"}}'
            )
        elif kind == 2:
            lines.append(
                f"  - {{id: q{i}, type: choice, section: {section}, prompt: 第{i}题选哪个？, "
                f"options: [甲{i}, 乙{i}, 丙{i}], answer: B}}"
            )
        elif kind == 3:
            lines.append(
                f"  - {{id: q{i}, type: truefalse, section: {section}, "
                f"statement: 第{i}条说法正确。, answer: true}}"
            )
        else:
            lines.append(
                f"  - {{id: q{i}, type: list, section: {section}, prompt: 列举第{i}题的两项。, "
                f"items: [{word}甲, {word}乙]}}"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).isoformat()


def _card_json(card_id: int, state: int, stability: float, due: float, last: float | None) -> str:
    return (
        f'{{"card_id": {card_id}, "state": {state}, "step": null, "stability": {stability:.4f}, '
        f'"difficulty": 5.0, "due": "{_iso(due)}", '
        f'"last_review": {json.dumps(_iso(last)) if last is not None else "null"}}}'
    )


def fill_store(db: Path, bank_id: str, question_ids: list[str], reviews: int, days: int) -> int:
    """Insert ``reviews`` reviews across the profiles (executemany, one transaction per chunk).

    Each profile studies its questions over ``days`` days with growing intervals (1, 3, 8, …
    days, ×2.5 after a pass, back to 1 after a lapse, 10 % lapses), the way FSRS would space
    them, so that the log has realistic due times, intervals and mature reviews.

    Returns:
        The number of reviews inserted.
    """
    from trainer.core.store import Store

    with Store.open(db) as store:
        for name in PROFILES:
            store.ensure_profile(name)
            store.set_setting("timezone", "Asia/Shanghai", profile=name)
    conn = sqlite3.connect(str(db), isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    pids = {
        name: conn.execute("SELECT id FROM profiles WHERE name = ?", (name,)).fetchone()[0]
        for name in PROFILES
    }
    rng = random.Random(11)
    start = NOW.timestamp() - days * DAY
    per_profile = reviews // len(PROFILES)
    inserted = 0
    review_sql = (
        "INSERT INTO reviews (uid, profile_id, bank_id, question_id, content_hash, reviewed_at, "
        "mode, answer, verdict, score, rating, duration_ms, hint_used, card_before) "
        "VALUES (?, ?, ?, ?, '', ?, 'study', '', ?, ?, ?, ?, 0, ?)"
    )
    card_sql = (
        "INSERT OR REPLACE INTO cards (profile_id, bank_id, question_id, content_hash, card_json, "
        "due, state, step, stability, difficulty, reps, lapses, last_review) "
        "VALUES (?, ?, ?, '', ?, ?, ?, NULL, ?, 5.0, ?, ?, ?)"
    )
    for p_index, name in enumerate(PROFILES):
        pid = pids[name]
        target = per_profile + (reviews - per_profile * len(PROFILES) if p_index == 0 else 0)
        batch: list[tuple] = []
        cards: list[tuple] = []
        done = 0
        q_index = 0
        while done < target:
            qid = question_ids[q_index % len(question_ids)]
            q_index += 1
            t = start + rng.random() * days * DAY * 0.9
            interval = 0.0
            last: float | None = None
            due = t
            reps = lapses = 0
            while t < NOW.timestamp() and done < target:
                lapse = rng.random() < 0.10
                rating = 1 if lapse else (3 if rng.random() < 0.85 else 2)
                verdict = "wrong" if lapse else ("correct" if rating == 3 else "partial")
                before = (
                    _card_json(q_index, 2 if last else 1, max(interval, 0.1), due, last)
                    if last is not None
                    else None
                )
                batch.append(
                    (
                        f"{name}-{done}",
                        pid,
                        bank_id,
                        qid,
                        t,
                        verdict,
                        0.0 if lapse else 1.0,
                        rating,
                        rng.randrange(2000, 20000),
                        before,
                    )
                )
                done += 1
                reps += 1
                if lapse:
                    lapses += 1
                    interval = 1.0
                else:
                    interval = 1.0 if interval == 0 else min(365.0, interval * 2.5 + 1)
                last = t
                due = t + interval * DAY * (0.9 + rng.random() * 0.2)
                # the learner comes back on the due day, sometimes a few days late
                t = due + (rng.random() < 0.2) * rng.random() * 3 * DAY
                if len(batch) >= 50_000:
                    conn.execute("BEGIN")
                    conn.executemany(review_sql, batch)
                    conn.execute("COMMIT")
                    inserted += len(batch)
                    batch.clear()
            if last is not None:
                cards.append(
                    (
                        pid,
                        bank_id,
                        qid,
                        _card_json(q_index, 2, interval, due, last),
                        due,
                        2,
                        interval,
                        reps,
                        lapses,
                        last,
                    )
                )
        conn.execute("BEGIN")
        conn.executemany(review_sql, batch)
        conn.executemany(card_sql, cards)
        conn.execute("COMMIT")
        inserted += len(batch)
    conn.execute("ANALYZE")
    conn.close()
    return inserted


# --------------------------------------------------------------------------- measuring


def fill_store_with(
    code: Path, db: Path, bank_id: str, question_ids: list[str], reviews: int, days: int
) -> None:
    """:func:`fill_store` run by the checkout ``code`` in a child process, so that the store
    has that checkout's schema. Paired benchmarks generate with the base (older) checkout:
    each checkout then works on its own copy and a newer one migrates its copy, while an older
    one could not open a store migrated by a newer one."""
    db.parent.mkdir(parents=True, exist_ok=True)
    ids = db.with_name(db.name + ".ids")
    ids.write_text("\n".join(question_ids), encoding="utf-8")
    command = [sys.executable, str(Path(__file__).resolve()), "--fill", str(db), bank_id]
    command += [str(ids), str(reviews), str(days)]
    env = dict(os.environ, PYTHONPATH=str(code))
    subprocess.run(command, env=env, check=True, cwd=str(code))
    ids.unlink()


def copy_for(data_dir: Path, label: str) -> Path:
    """A copy of a generated data directory for one checkout (made once, then reused)."""
    target = data_dir.with_name(f"{data_dir.name}-{label}")
    if not (target / "trainer.sqlite3").exists():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(data_dir, target)
    return target


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def measure_cold(bank_path: Path, data_dir: Path, label: str) -> dict[str, float]:
    """Run in a fresh process: parse the bank with an empty cache (and write the cache)."""
    os.environ["TRAINER_HOME"] = str(data_dir)
    from trainer import paths

    paths.set_data_dir(data_dir)
    from trainer.core.bank.cache import clear_cache, load_bank_cached

    clear_cache()
    t0 = time.perf_counter()
    bank = load_bank_cached(bank_path)
    load_cold = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"questions": len(bank.questions), "load_cold_s": load_cold, "cold_peak_mb": peak}
    print(json.dumps({"label": label, **result}))
    return result


def measure(bank_path: Path, data_dir: Path, label: str) -> dict[str, float]:
    """Run in a fresh process (after :func:`measure_cold`): cached load, queue, stats."""
    os.environ["TRAINER_HOME"] = str(data_dir)
    from trainer import paths

    paths.set_data_dir(data_dir)
    from trainer.core.bank.cache import load_bank_cached

    cached_runs = []
    bank = None
    for _ in range(3):
        t0 = time.perf_counter()
        bank = load_bank_cached(bank_path)
        cached_runs.append(time.perf_counter() - t0)
    assert bank is not None
    load_cached = cached_runs[0]

    from trainer.core.scheduling import build_queue
    from trainer.core.stats.queries import profile_stats
    from trainer.core.store import Store

    store = Store.open(data_dir / "trainer.sqlite3")
    profile = PROFILES[0]
    now = NOW
    t0 = time.perf_counter()
    cards = store.card_states(profile, bank.id)
    read_cards = time.perf_counter() - t0
    queue_runs = []
    queue: list[str] = []
    for _ in range(3):
        t0 = time.perf_counter()
        queue = build_queue(bank, cards, now)
        queue_runs.append(time.perf_counter() - t0)
    queue_s = statistics.median(queue_runs)

    for stale in paths.cache_dir().glob("stats-*.sqlite3*"):
        stale.unlink()  # the first run below builds the statistics cache from nothing
    stats_runs = []
    figures = None
    for _ in range(5):
        t0 = time.perf_counter()
        figures = profile_stats(store, profile, bank, now)
        stats_runs.append(time.perf_counter() - t0)
    stats_s = statistics.median(stats_runs[1:])
    assert figures is not None
    figures.heatmap()
    figures.series(365)
    store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "questions": len(bank.questions),
        "reviews": figures.reviews_total,
        "load_cached_s": load_cached,
        "read_cards_ms": read_cards * 1000,
        "cards": len(cards),
        "queue_ms": queue_s * 1000,
        "queue_len": len(queue),
        "stats_ms": stats_s * 1000,
        "stats_first_ms": stats_runs[0] * 1000,
        "peak_mb": peak,
    }
    print(json.dumps({"label": label, **result}))
    return result


def run_child(bank_path: Path, data_dir: Path, label: str, mode: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, f"--{mode}", str(bank_path), str(data_dir), label],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


COLD_RUNS = 5


def cold_loads(bank_path: Path, data_dir: Path, label: str) -> dict[str, float]:
    """:func:`measure_cold` in COLD_RUNS fresh processes: the median, fastest and slowest.

    One cold load is a single ~1.5 s measurement on a shared machine, where a neighbour can
    take a core, or the host the memory a fresh process faults in, for a while (single runs
    here ranged 1.4–2.6 s within minutes); the median of five says what a learner waits.
    """
    runs = [run_child(bank_path, data_dir, label, "cold") for _ in range(COLD_RUNS)]
    times = [run["load_cold_s"] for run in runs]
    return {
        "questions": runs[0]["questions"],
        "load_cold_s": statistics.median(times),
        "load_cold_min_s": min(times),
        "load_cold_max_s": max(times),
        "cold_peak_mb": max(run["cold_peak_mb"] for run in runs),
    }


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run a process: its wall time, its own peak RSS in MB (``wait4``) and its stdout.

    Raises:
        SystemExit: the process failed (with the start of its stderr).
    """
    with tempfile.TemporaryFile() as errors:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=errors)
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        if proc.returncode:
            errors.seek(0)
            name = " ".join(command[2:4])
            raise SystemExit(f"{name} failed: {errors.read().decode()[:500]}")
    return elapsed, usage.ru_maxrss / 1024, out.decode("utf-8")


def trainer_stats_json(bank_path: Path, data_dir: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of ``trainer stats --json`` (cache already warm)."""
    env = {**os.environ, "TRAINER_HOME": str(data_dir)}
    command = [
        sys.executable,
        "-m",
        "trainer",
        "stats",
        "--json",
        "--profile",
        PROFILES[0],
        "--bank",
        str(bank_path),
    ]
    elapsed, peak_mb, out = run_measured(command, env)
    json.loads(out)
    return elapsed, peak_mb


def builtin_bank(tmp: Path) -> Path:
    """The built-in bank, or a small generated one when questions/ is empty."""
    from trainer import paths

    path = paths.default_bank_path()
    if path is not None:
        return path
    fallback = tmp / "small.yaml"
    write_bank(fallback, 250)
    return fallback


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=50_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=730, help="history length in days")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    parser.add_argument(
        "--measure", nargs=3, metavar=("BANK", "DATA_DIR", "LABEL"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--cold", nargs=3, metavar=("BANK", "DATA_DIR", "LABEL"), help=argparse.SUPPRESS
    )
    parser.add_argument("--fill", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fill:  # fill_store_with's child: this process's PYTHONPATH names the checkout
        db, bank_id, ids, reviews, days = args.fill
        names = Path(ids).read_text(encoding="utf-8").split("\n")
        fill_store(Path(db), bank_id, names, int(reviews), int(days))
        return 0
    if args.measure:
        measure(Path(args.measure[0]), Path(args.measure[1]), args.measure[2])
        return 0
    if args.cold:
        measure_cold(Path(args.cold[0]), Path(args.cold[1]), args.cold[2])
        return 0

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from trainer.core.bank import load_bank

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="trainer-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        big_bank = root / "bank-50k.yaml"
        big_dir = root / "data-big"
        small_dir = root / "data-builtin"
        db = big_dir / "trainer.sqlite3"
        t0 = time.perf_counter()
        if not big_bank.exists():
            write_bank(big_bank, args.questions)
        if not db.exists():
            ids = [f"q{i}" for i in range(args.questions)]
            inserted = fill_store(db, "bench-scale", ids, args.reviews, args.days)
            print(
                f"generated {args.questions} questions and {inserted} reviews "
                f"in {time.perf_counter() - t0:.1f} s ({db.stat().st_size / 1e6:.0f} MB store)"
            )
        small_bank = builtin_bank(root)
        small_db = small_dir / "trainer.sqlite3"
        if not small_db.exists():
            small = load_bank(small_bank)
            # the same learner habits on the small bank: ~40 reviews a question over the period
            fill_store(
                small_db,
                small.id,
                [q.id for q in small.questions],
                len(small.questions) * 40 * len(PROFILES),
                args.days,
            )

        big = cold_loads(big_bank, big_dir, "50k")
        big.update(run_child(big_bank, big_dir, "50k", "measure"))
        builtin = cold_loads(small_bank, small_dir, "builtin")
        builtin.update(run_child(small_bank, small_dir, "builtin", "measure"))
        cli_big, cli_big_mb = trainer_stats_json(big_bank, big_dir)
        cli_small, cli_small_mb = trainer_stats_json(small_bank, small_dir)

        rows = [
            ("questions", f"{big['questions']}", f"{builtin['questions']}"),
            ("reviews of the profile", f"{big['reviews']}", f"{builtin['reviews']}"),
            (
                f"bank load, cold (median of {COLD_RUNS})",
                f"{big['load_cold_s']:.3f} s",
                f"{builtin['load_cold_s']:.3f} s",
            ),
            (
                "bank load, cold (fastest-slowest)",
                f"{big['load_cold_min_s']:.2f}-{big['load_cold_max_s']:.2f} s",
                f"{builtin['load_cold_min_s']:.3f}-{builtin['load_cold_max_s']:.3f} s",
            ),
            (
                "bank load, cached",
                f"{big['load_cached_s']:.3f} s",
                f"{builtin['load_cached_s']:.3f} s",
            ),
            (
                "read card rows",
                f"{big['read_cards_ms']:.1f} ms ({big['cards']})",
                f"{builtin['read_cards_ms']:.1f} ms ({builtin['cards']})",
            ),
            ("queue build", f"{big['queue_ms']:.1f} ms", f"{builtin['queue_ms']:.1f} ms"),
            (
                "stats figures, warm cache (median)",
                f"{big['stats_ms']:.1f} ms",
                f"{builtin['stats_ms']:.1f} ms",
            ),
            (
                "stats figures, first run (no cache)",
                f"{big['stats_first_ms']:.1f} ms",
                f"{builtin['stats_first_ms']:.1f} ms",
            ),
            ("`trainer stats --json`", f"{cli_big:.2f} s", f"{cli_small:.2f} s"),
            (
                "peak memory, cached load + queue + stats",
                f"{big['peak_mb']:.0f} MB",
                f"{builtin['peak_mb']:.0f} MB",
            ),
            (
                "peak memory, cold parse",
                f"{big['cold_peak_mb']:.0f} MB",
                f"{builtin['cold_peak_mb']:.0f} MB",
            ),
            ("peak memory, trainer stats", f"{cli_big_mb:.0f} MB", f"{cli_small_mb:.0f} MB"),
        ]
        load = os.getloadavg()
        rows.append(("machine load average (1/5/15 min)", f"{load[0]:.2f}/{load[1]:.2f}", ""))
        width = max(len(r[0]) for r in rows)
        print(f"{'':<{width}}  {'50k bank, 1M reviews':>22}  {'built-in bank':>16}")
        for name, a, b in rows:
            print(f"{name:<{width}}  {a:>22}  {b:>16}")
        targets = [
            ("queue < 100 ms", big["queue_ms"] < 100),
            ("stats < 500 ms", big["stats_ms"] < 500),
            ("load cold < 2 s", big["load_cold_s"] < 2),
            ("load cached < 0.3 s", big["load_cached_s"] < 0.3),
            ("memory < 300 MB", max(big["peak_mb"], big["cold_peak_mb"], cli_big_mb) < 300),
        ]
        print("targets: " + ", ".join(f"{n} {'ok' if ok else 'MISSED'}" for n, ok in targets))
        # The largest of every process measured at scale, the cold parse included.
        peak = max(big["peak_mb"], big["cold_peak_mb"], cli_big_mb)
        print(
            f"queue_ms={big['queue_ms']:.1f} stats_ms={big['stats_ms']:.1f} "
            f"load_cold_s={big['load_cold_s']:.3f} load_cached_s={big['load_cached_s']:.3f} "
            f"peak_mb={peak:.0f}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
