"""The dashboard's group and organisation pages on PostgreSQL at an organisation's scale.

Loads ``--members`` members in ``--groups`` groups (one leader each) with ``--reviews`` reviews
each over ``--days`` days of a ``--questions``-question bank into a throwaway PostgreSQL cluster
(``initdb``/``pg_ctl``, as bench_sync.py; or ``--db URL``) with COPY, then runs
``trainer server --db URL`` and times, over HTTP with an admin's dashboard session:

1. ``group_cold_s`` — one group's page on a fresh database: its members' cards are replayed
   from their whole histories for the first time (``org_cards`` empty);
2. ``group_synced_s`` — another group's page on the fresh database after each of its members
   synced once (a day's 40 reviews over HTTP): the server replays a member's cards right
   after a sync that stored something (``replay_after_sync_s``: from the last sync's answer
   until every member of the group is replayed, in the background), so the page replays
   nothing itself — the way a fresh organisation's data arrives (by its members' syncs);
   ``cache_build_s`` — then the first organisation page, which replays every other member;
3. ``group_page_s`` — the median of ``--runs`` group pages, a different group each time
   (cards current, as in daily use);
4. ``group_after_sync_s`` — the median of group pages right after each of its members synced
   a day's 40 new reviews (only the cards those reviews touched are replayed);
5. ``org_page_s`` — the median of ``--runs`` organisation pages.

The page's HTML is static; its time is the JSON the page fetches (``/dashboard/api/…``), timed
from request to the last byte. ``--explain FILE`` writes EXPLAIN ANALYZE of the pages' main
queries.

Usage::

    python benchmarks/bench_dashboard.py [--members 1000] [--groups 50] [--reviews 2000]

The last line: ``members= groups= reviews= group_cold_s= group_synced_s= replay_after_sync_s=
cache_build_s= group_page_s= group_after_sync_s= org_page_s=``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_sync import start_cluster, stop_cluster  # noqa: E402

from trainer.server import org  # noqa: E402
from trainer.server.storage import REVIEW_COLUMNS, open_storage  # noqa: E402

BANK_ID = "bench-bank"
SECTIONS = ("s1", "s2", "s3", "s4", "s5")


def bank_yaml(questions: int) -> str:
    lines = [
        f"bank: {{id: {BANK_ID}, title: 基准题库}}",
        "sections: [" + ", ".join(f"{{id: {s}, title: 第{s}部分}}" for s in SECTIONS) + "]",
        "questions:",
    ]
    for i in range(questions):
        lines.append(
            f"  - {{id: q{i}, type: short, section: {SECTIONS[i % len(SECTIONS)]}, "
            f"prompt: '第{i}题？', answer: 答案{i}}}"
        )
    return "\n".join(lines) + "\n"


def load(url: str, args: argparse.Namespace, now: float) -> dict[str, Any]:
    """Users, groups, memberships, assignments, and every review by COPY."""
    import psycopg

    storage = open_storage(url, pool=2)
    storage.put_bank(BANK_ID, bank_yaml(args.questions))
    storage.add_user("bench-admin", role="admin")
    storage.close()
    rng = random.Random(7)
    per_group = args.members // args.groups
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy("COPY users (name, role, created_at, seq) FROM STDIN") as copy:
            for m in range(args.members):
                copy.write_row((f"m{m:05d}", "member", now, args.reviews))
        with cur.copy("COPY org_groups (name, created_at) FROM STDIN") as copy:
            for g in range(args.groups):
                copy.write_row((f"group-{g:03d}", now))
        ids = dict(cur.execute("SELECT name, id FROM users").fetchall())
        gids = dict(cur.execute("SELECT name, id FROM org_groups").fetchall())
        with cur.copy("COPY memberships (group_id, user_id, role, created_at) FROM STDIN") as copy:
            for m in range(args.members):
                g = min(m // per_group, args.groups - 1)
                role = "leader" if m % per_group == 0 else "member"
                copy.write_row((gids[f"group-{g:03d}"], ids[f"m{m:05d}"], role, now))
        deadline = time.strftime("%Y-%m-%d", time.localtime(now + 30 * 86400))
        for gid in gids.values():
            cur.execute(
                "INSERT INTO assignments (group_id, bank_id, sections, deadline, created_at) "
                "VALUES (%s, %s, '[]', %s, %s)",
                (gid, BANK_ID, deadline, now),
            )
        conn.commit()
        started = time.perf_counter()
        columns = ", ".join(REVIEW_COLUMNS)
        with cur.copy(f"COPY reviews ({columns}) FROM STDIN") as copy:
            for m in range(args.members):
                uid = ids[f"m{m:05d}"]
                for row in review_rows(rng, uid, args.reviews, now, args):
                    copy.write_row(row)
        conn.commit()
        load_s = time.perf_counter() - started
        cur.execute("ANALYZE")
        conn.commit()
    return {"load_s": load_s, "groups": gids, "users": ids}


def review_rows(
    rng: random.Random, user_id: int, count: int, now: float, args: argparse.Namespace,
    start_seq: int = 0, prefix: str = "r",
) -> list[tuple[Any, ...]]:  # fmt: skip
    times = sorted(now - rng.random() * args.days * 86400 for _ in range(count))
    rows = []
    for index, at in enumerate(times):
        rating = rng.choice((1, 3, 3, 3, 3, 4))
        rows.append((
            user_id, start_seq + index + 1, None, f"{prefix}{user_id}-{index}", BANK_ID,
            f"q{rng.randrange(args.questions)}", "", at, "study",
            f"错{rng.randrange(4)}" if rating == 1 else "对", "wrong" if rating == 1 else "correct",
            0.0 if rating == 1 else 1.0, rating, None, 4000, 0, None,
        ))  # fmt: skip
    return rows


def sync_group_once(url: str, base: str, group_id: int, args: argparse.Namespace) -> float:
    """Each member of the group registers a device and syncs a day's 40 reviews over HTTP;
    then wait until the server replayed all of them. Returns that wait (seconds)."""
    import json

    import psycopg

    from trainer.server import protocol

    storage = open_storage(url, pool=1)
    with psycopg.connect(url) as conn:
        members = conn.execute(
            "SELECT u.id, u.name, u.seq FROM memberships m JOIN users u ON u.id = m.user_id "
            "WHERE m.group_id = %s",
            (group_id,),
        ).fetchall()

    def post(path: str, body: Any, token: str | None = None) -> Any:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            base + protocol.API + path, json.dumps(body).encode(), headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read())

    rng = random.Random(23)
    for user_id, name, seq in members:
        code = storage.add_user(name)[1]
        token = post("/devices", {"user": name, "code": code, "device": "bench"})["token"]
        rows = review_rows(
            rng, user_id, 40, time.time(), argparse.Namespace(days=1, questions=args.questions),
            start_seq=seq, prefix="first-sync-",
        )  # fmt: skip
        reviews = [
            {**dict(zip(protocol.REVIEW_FIELDS, row[3:], strict=True)), "hint_used": False}
            for row in rows
        ]
        post("/sync", {"cursor": seq, "reviews": reviews}, token)
    storage.close()
    synced = time.perf_counter()
    ids = [m[0] for m in members]
    with psycopg.connect(url, autocommit=True) as conn:
        while conn.execute(
            "SELECT COUNT(*) FROM users u LEFT JOIN org_card_seq c ON c.user_id = u.id "
            "WHERE u.id = ANY(%s) AND (c.seq IS NULL OR c.seq <> u.seq)",
            (ids,),
        ).fetchone()[0]:  # fmt: skip
            if time.perf_counter() - synced > 600:
                raise RuntimeError("the members' cards were not replayed after their syncs")
            time.sleep(0.05)
    return time.perf_counter() - synced


def timed_get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def explain(url: str, path: Path, group_id: int, member_ids: list[int], now: float) -> None:
    import psycopg

    marks = ", ".join(str(int(m)) for m in member_ids)
    queries = {
        "group: reviews per member per day": (
            "SELECT user_id, CAST(FLOOR((reviewed_at + 28800) / 86400.0) AS BIGINT) AS d, "
            f"COUNT(*) FROM reviews WHERE user_id IN ({marks}) GROUP BY user_id, d"
        ),
        "group: most wrong questions": (
            "SELECT bank_id, question_id, COUNT(*) AS n, COUNT(DISTINCT user_id) FROM reviews "
            f"WHERE user_id IN ({marks}) AND verdict = 'wrong' "
            "GROUP BY bank_id, question_id ORDER BY n DESC LIMIT 10"
        ),
        "group: cards": f"SELECT * FROM org_cards WHERE user_id IN ({marks})",
        "org: totals per member": (
            f"SELECT user_id, COUNT(*), MAX(reviewed_at), SUM(CASE WHEN reviewed_at >= {now - 7 * 86400} "
            "THEN 1 ELSE 0 END) FROM reviews GROUP BY user_id"
        ),
        "org: mastered cards": (
            f"SELECT user_id, bank_id, question_id FROM org_cards WHERE ({now} - last_review) "
            "<= stability * 86400.0"
        ),
    }
    with psycopg.connect(url) as conn, path.open("w", encoding="utf-8") as out:
        for title, sql in queries.items():
            out.write(f"-- {title}\n")
            for (line,) in conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql).fetchall():
                out.write(line + "\n")
            out.write("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--reviews", type=int, default=2000, help="reviews per member")
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="an empty PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--explain", type=Path, help="write EXPLAIN ANALYZE of the main queries")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    cluster = None
    server = None
    try:
        if args.db:
            url = args.db
        else:
            cluster = start_cluster(work)
            url = cluster[0]
        now = time.time()
        open_storage(url, pool=1).close()  # the schema
        loaded = load(url, args, now)
        print(f"loaded {args.members * args.reviews} reviews in {loaded['load_s']:.1f} s",
              flush=True)  # fmt: skip
        storage = open_storage(url, pool=2)
        link = org.new_login_link(storage, "bench-admin")
        home = work / "home"
        home.mkdir()
        # the background warmer off: the cold figures are what a page does by itself
        env = dict(os.environ, TRAINER_HOME=str(home), TRAINER_DASHBOARD_WARM="0")
        server = subprocess.Popen(
            [sys.executable, "-m", "trainer", "--lang", "en", "server", "--db", url, "--port", "0"],
            env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert server.stdout is not None
        line = server.stdout.readline()
        base = line.split("listening on ")[1].split()[0]

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a: Any, **k: Any) -> None:
                return None

        try:
            urllib.request.build_opener(NoRedirect).open(f"{base}/dashboard/login?t={link}")
        except urllib.error.HTTPError as answer:
            cookie = answer.headers["Set-Cookie"].split(";")[0]
        gids = sorted(loaded["groups"].values())
        cold = timed_get(f"{base}/dashboard/api/groups/{gids[0]}", cookie)
        print(f"group page, cards never replayed: {cold:.2f} s", flush=True)
        replay_wait = sync_group_once(url, base, gids[1], args)
        print(f"replayed after the group's syncs within {replay_wait:.2f} s", flush=True)
        synced_page = timed_get(f"{base}/dashboard/api/groups/{gids[1]}", cookie)
        print(f"group page after each member synced once: {synced_page:.2f} s", flush=True)
        build = timed_get(f"{base}/dashboard/api/org", cookie)
        print(f"first organisation page (replays every member): {build:.1f} s", flush=True)
        group_times = [
            timed_get(f"{base}/dashboard/api/groups/{gids[1 + i % (len(gids) - 1)]}", cookie)
            for i in range(args.runs)
        ]
        org_times = [timed_get(f"{base}/dashboard/api/org", cookie) for _ in range(args.runs)]
        # each member of a group syncs a day's reviews, then the leader looks
        rng = random.Random(11)
        after = []
        import psycopg

        for i in range(args.runs):
            gid = gids[-1 - i]
            with psycopg.connect(url) as conn:
                members = [r[0] for r in conn.execute(
                    "SELECT user_id FROM memberships WHERE group_id = %s", (gid,)
                ).fetchall()]  # fmt: skip
                with conn.cursor() as cur:
                    columns = ", ".join(REVIEW_COLUMNS)
                    with cur.copy(f"COPY reviews ({columns}) FROM STDIN") as copy:
                        for uid in members:
                            for row in review_rows(
                                rng, uid, 40, time.time(), argparse.Namespace(
                                    days=1, questions=args.questions),
                                start_seq=args.reviews, prefix=f"day{i}-",
                            ):  # fmt: skip
                                copy.write_row(row)
                    cur.execute("UPDATE users SET seq = seq + 40 WHERE id = ANY(%s)", (members,))
                conn.commit()
            after.append(timed_get(f"{base}/dashboard/api/groups/{gid}", cookie))
        if args.explain:
            with psycopg.connect(url) as conn:
                members = [r[0] for r in conn.execute(
                    "SELECT user_id FROM memberships WHERE group_id = %s", (gids[2],)
                ).fetchall()]  # fmt: skip
            explain(url, args.explain, gids[2], members, time.time())
        storage.close()
        total = args.members * args.reviews
        print(
            f"members={args.members} groups={args.groups} reviews={total} "
            f"group_cold_s={cold:.3f} group_synced_s={synced_page:.3f} "
            f"replay_after_sync_s={replay_wait:.2f} cache_build_s={build:.1f} "
            f"group_page_s={statistics.median(group_times):.3f} "
            f"group_after_sync_s={statistics.median(after):.3f} "
            f"org_page_s={statistics.median(org_times):.3f}"
        )
        return 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        stop_cluster(cluster, work)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
