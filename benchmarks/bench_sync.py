"""`trainer server` on PostgreSQL and `trainer sync`, side by side with export + import.

Four measurements against one PostgreSQL (a throwaway cluster this script starts with
``initdb``/``pg_ctl`` unless ``--db URL`` is given) served by ``trainer server --workers 2``:

1. **Load**: ``--learners`` learners each push ``--reviews`` reviews over HTTP (batches of
   2,000, 4 client threads); then a tenth of them push their whole history again. Every review
   must be stored exactly once (the count is checked).
2. **One day's sync**: ``--day-syncs`` syncs, each a random learner pushing one day's 40
   reviews and pulling; p50/p99 of the request latency (4 client threads).
3. **Memory**: the peak RSS (VmHWM) of each server process after 1 and 2.
4. **First sync of a year**: a device with 10,000 reviews in its store runs ``trainer sync``
   (push), a second device of the same learner runs ``trainer sync`` (pull and replay), each a
   process of its own; beside them ``trainer export --format json`` and ``trainer import`` of
   the same history, today's way to move it.

Usage::

    python benchmarks/bench_sync.py [--learners 1000] [--reviews 2000] [--day-syncs 500]

The last line is ``key=value`` pairs: ``learners= reviews_stored= load_s= day_p50_ms=
day_p99_ms= server_rss_mb= first_push_s= first_pull_s= export_s= import_s=``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_scale  # noqa: E402

API = "/api/v1"
BASE_TIME = 1_780_000_000.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_cluster(folder: Path) -> tuple[str, list[str], Path]:
    """A PostgreSQL cluster in ``folder`` (unix socket only): its URL, runuser prefix, bin."""
    import glob
    import pwd

    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if not bins:
        raise SystemExit("no PostgreSQL binaries (apt-get install postgresql) and no --db")
    pg_bin = Path(bins[0])
    run_as: list[str] = []
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(folder, pg.pw_uid, pg.pw_gid)
        run_as, user = ["runuser", "-u", "postgres", "--"], "postgres"
    port = free_port()
    data = folder / "data"
    subprocess.run(
        [*run_as, str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
         "-E", "UTF8"],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
         "-o", f"-p {port} -k {folder} -c listen_addresses='' -c shared_buffers=128MB",
         "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    return f"postgresql://{user}@/postgres?host={folder}&port={port}", run_as, pg_bin


def stop_cluster(cluster: tuple[str, list[str], Path] | None, folder: Path) -> None:
    """Stop a cluster :func:`start_cluster` started in ``folder`` (None: nothing to stop)."""
    if cluster is None:
        return
    _, run_as, pg_bin = cluster
    subprocess.run(
        [*run_as, str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"],
        capture_output=True,
    )  # fmt: skip


def post(url: str, path: str, body: Any, token: str) -> tuple[float, Any]:
    data = json.dumps(body).encode()
    request = urllib.request.Request(
        url + path,
        data=data,
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.loads(response.read())
    return time.perf_counter() - start, answer


def make_reviews(rng: random.Random, count: int, start: float) -> list[dict[str, Any]]:
    out = []
    for index in range(count):
        rating = rng.choice((1, 3, 3, 3, 4))
        out.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "bank_id": "zz-cppcc-14-2023",
                "question_id": f"q{rng.randrange(234)}",
                "content_hash": "",
                "reviewed_at": start + index * 600.0,
                "mode": "study",
                "answer": "全过程人民民主" if rating > 1 else "",
                "verdict": "correct" if rating > 1 else "wrong",
                "score": 1.0 if rating > 1 else 0.0,
                "rating": rating,
                "suggested_rating": None,
                "duration_ms": rng.randint(2000, 30000),
                "hint_used": False,
                "exam_uid": None,
            }
        )
    return out


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def server_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    return [parent, *(int(c) for c in children)]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--reviews", type=int, default=2000)
    parser.add_argument("--day-syncs", type=int, default=500)
    parser.add_argument("--first-sync", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3, help="paired runs of measurement 4")
    parser.add_argument("--db", help="an existing PostgreSQL URL (default: a throwaway cluster)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-sync-", dir="/tmp"))
    cluster = None
    server: subprocess.Popen[str] | None = None
    try:
        if args.db:
            db = args.db
        else:
            cluster = start_cluster(work)
            db = cluster[0]
        server_home = work / "server-home"
        env = {**os.environ, "TRAINER_HOME": str(server_home), "PYTHONIOENCODING": "utf-8"}
        port = free_port()
        # accounts first (the storage API directly; tokens as devices get them)
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from trainer.server.storage import open_storage

        storage = open_storage(db, pool=2)
        tokens = []
        t0 = time.perf_counter()
        for index in range(args.learners):
            _, code = storage.add_user(f"learner{index:05d}")
            device = storage.redeem(f"learner{index:05d}", code, "bench")
            assert device is not None
            tokens.append(device[1])
        accounts_s = time.perf_counter() - t0
        storage.close()
        server = subprocess.Popen(
            [sys.executable, "-m", "trainer", "--lang", "en", "server", "--db", db,
             "--port", str(port), "--workers", "2"],
            env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert server.stdout is not None
        line = server.stdout.readline()
        if "listening on" not in line:
            raise SystemExit(f"server did not start: {line}")
        url = f"http://127.0.0.1:{port}"
        time.sleep(1.0)  # the second process binds too

        # 1. load
        rng = random.Random(17)

        def push_all(index: int) -> int:
            # generated again on each push (same seed, same uids): 2M reviews never sit in memory
            reviews = make_reviews(random.Random(index), args.reviews, BASE_TIME)
            cursor = 0
            for start in range(0, len(reviews), 2000):
                _, answer = post(
                    url, f"{API}/sync", {"cursor": cursor, "reviews": reviews[start : start + 2000]},
                    tokens[index],
                )  # fmt: skip
                cursor = answer["cursor"]
            return cursor

        t0 = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            cursors = list(pool.map(push_all, range(args.learners)))
        load_s = time.perf_counter() - t0
        again = rng.sample(range(args.learners), max(1, args.learners // 10))
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(push_all, again))
        storage = open_storage(db, pool=1)
        stored = storage.review_count()
        storage.close()
        expected = args.learners * args.reviews
        if stored != expected:
            raise SystemExit(f"stored {stored} reviews, expected {expected}")

        # 2. one day's sync
        day_start = BASE_TIME + args.reviews * 600.0 + 86400

        def one_day(step: int) -> float:
            local = random.Random(step)
            index = local.randrange(args.learners)
            reviews = make_reviews(local, 40, day_start + step * 60)
            elapsed, answer = post(
                url, f"{API}/sync", {"cursor": cursors[index], "reviews": reviews}, tokens[index]
            )
            return elapsed

        with ThreadPoolExecutor(4) as pool:
            latencies = list(pool.map(one_day, range(args.day_syncs)))
        p50 = statistics.median(latencies) * 1000
        p99 = percentile(latencies, 0.99) * 1000

        # 3. memory of the server processes
        rss = [rss_mb(pid) for pid in server_pids(server.pid)]
        peak_rss = max(hwm for _, hwm in rss)

        # 4. a year of history (10k reviews): first sync vs export + import
        runs = [
            first_sync_vs_export(work / f"run{run}", db, url, args.first_sync, run)
            for run in range(args.runs)
        ]
        first = {key: statistics.median(r[key] for r in runs) for key in runs[0]}

        print(f"accounts: {args.learners} learners in {accounts_s:.1f} s")
        print(f"load: {expected} reviews over HTTP in {load_s:.1f} s "
              f"({expected / load_s:.0f}/s); re-pushed {len(again)} histories; "
              f"stored {stored} (each once)")  # fmt: skip
        print(f"one day's sync (40 reviews, 4 clients, 2 server processes): "
              f"p50 {p50:.1f} ms, p99 {p99:.1f} ms over {len(latencies)} syncs")  # fmt: skip
        print("server processes RSS/peak MB: "
              + ", ".join(f"{now:.0f}/{hwm:.0f}" for now, hwm in rss))  # fmt: skip
        print(f"first sync of {args.first_sync} reviews (median of {args.runs}): push {first['push_s']:.2f} s "
              f"({first['push_mb']:.0f} MB), pull+replay {first['pull_s']:.2f} s "
              f"({first['pull_mb']:.0f} MB); export {first['export_s']:.2f} s + import "
              f"{first['import_s']:.2f} s")  # fmt: skip
        print(
            f"learners={args.learners} reviews_stored={stored} load_s={load_s:.1f} "
            f"day_p50_ms={p50:.1f} day_p99_ms={p99:.1f} server_rss_mb={peak_rss:.0f} "
            f"first_push_s={first['push_s']:.2f} first_pull_s={first['pull_s']:.2f} "
            f"export_s={first['export_s']:.2f} import_s={first['import_s']:.2f}"
        )
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        stop_cluster(cluster, work)
        shutil.rmtree(work, ignore_errors=True)


def first_sync_vs_export(work: Path, db: str, url: str, count: int, run: int) -> dict[str, float]:
    """A device with ``count`` reviews syncs first; a second device pulls them; and the same
    history through `trainer export` + `trainer import`."""
    from trainer.core.store import Store
    from trainer.server.storage import open_storage

    storage = open_storage(db, pool=1)
    user = f"year{run}"
    _, code_a = storage.add_user(user)
    _, code_b = storage.add_user(user)
    storage.close()
    office, laptop, moved = work / "office", work / "laptop", work / "moved"
    start = datetime(2025, 12, 1, 8, tzinfo=UTC)
    rng = random.Random(5 + run)
    records = []
    for index in range(count):
        rating = rng.choice((1, 3, 3, 3, 4))
        records.append(
            {
                "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "profile": "default",
                "bank_id": "zz-cppcc-14-2023",
                "question_id": f"q{rng.randrange(234)}",
                "reviewed_at": (start + timedelta(minutes=52 * index)).isoformat(),
                "mode": "study",
                "answer": "全过程人民民主",
                "verdict": "correct" if rating > 1 else "wrong",
                "score": 1.0 if rating > 1 else 0.0,
                "rating": rating,
            }
        )
    office.mkdir(parents=True)
    with Store.open(office / "trainer.sqlite3") as store:
        store.import_reviews(records)  # a year studied on this device, never synced
    results: dict[str, float] = {}
    for home, code in ((office, code_a), (laptop, code_b)):
        env = {**os.environ, "TRAINER_HOME": str(home)}
        bench_scale.run_measured(
            [sys.executable, "-m", "trainer", "sync", "--setup", url, "--user", user,
             "--code", code], env,
        )  # fmt: skip
    env_a = {**os.environ, "TRAINER_HOME": str(office)}
    env_b = {**os.environ, "TRAINER_HOME": str(laptop)}
    results["push_s"], results["push_mb"], out = bench_scale.run_measured(
        [sys.executable, "-m", "trainer", "sync", "--json"], env_a
    )
    assert json.loads(out)["pushed"] == count, out
    results["pull_s"], results["pull_mb"], out = bench_scale.run_measured(
        [sys.executable, "-m", "trainer", "sync", "--json"], env_b
    )
    assert json.loads(out)["pulled"] == count, out
    export_file = work / "history.json"
    results["export_s"], _, _ = bench_scale.run_measured(
        [sys.executable, "-m", "trainer", "export", "--format", "json", "-o", str(export_file)],
        env_a,
    )
    results["import_s"], _, _ = bench_scale.run_measured(
        [sys.executable, "-m", "trainer", "import", str(export_file)],
        {**os.environ, "TRAINER_HOME": str(moved)},
    )
    return results


if __name__ == "__main__":
    raise SystemExit(main())
