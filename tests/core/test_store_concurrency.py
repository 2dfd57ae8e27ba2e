"""Two processes writing reviews to one store at once: no "database is locked", no lost row.

The duration is ``TRAINER_CONCURRENCY_SECONDS`` (default 2 s: the writers take the lock thousands
of times in that, which shows a starved writer or a lost row as well as 10 s does; set it higher
for a soak). Both processes start on a fresh file, so they also race to create and migrate it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

WRITER = r"""
import json, sys, time
from trainer.core.store import Store

path, name, start_at, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
while time.time() < start_at:
    time.sleep(0.001)
written, errors, reads = 0, [], 0
store = Store.open(path)
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        store.record_review(
            name, bank_id="bank", question_id=f"q{written % 50}", rating=1 + written % 4,
            verdict="correct", score=1.0, answer=f"{name}-{written}", mode="study",
        )
        written += 1
        if written % 10 == 0:  # what `trainer stats` would do meanwhile
            store.card_states(name, "bank")
            reads += sum(1 for _ in store.iter_reviews(name, batch=500))
    except Exception as error:  # noqa: BLE001
        errors.append(f"{type(error).__name__}: {error}")
        if len(errors) > 20:
            break
store.close()
print(json.dumps({"written": written, "errors": errors, "reads": reads}))
"""


def test_two_processes_write_at_once(tmp_path: Path, cli_env: dict[str, str]) -> None:
    seconds = float(os.environ.get("TRAINER_CONCURRENCY_SECONDS", "2"))
    path = tmp_path / "shared.sqlite3"
    start_at = time.time() + 1.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, str(start_at), str(seconds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env,
            text=True,
        )
        for name in ("甲", "乙")
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=seconds + 60)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    print("concurrency:", seconds, "s", [(r["written"], r["reads"]) for r in results])
    for result in results:
        assert result["errors"] == []
        assert result["written"] > 10
    conn = sqlite3.connect(path)
    total, uids = conn.execute("SELECT COUNT(*), COUNT(DISTINCT uid) FROM reviews").fetchone()
    per_profile = dict(
        conn.execute(
            "SELECT p.name, COUNT(*) FROM reviews r JOIN profiles p ON p.id = r.profile_id "
            "GROUP BY p.name"
        ).fetchall()
    )
    conn.close()
    assert total == uids == sum(r["written"] for r in results)
    assert per_profile == {"甲": results[0]["written"], "乙": results[1]["written"]}
