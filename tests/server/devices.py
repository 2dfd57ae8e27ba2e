"""A test device: a data dir with its own store, registered with the sync server."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from trainer import paths
from trainer.core.store import Store

BANK = "bank-a"
START = datetime(2026, 9, 1, 8, tzinfo=UTC)


class Device:
    """One learner's device (data dir ``folder``), set up with ``trainer sync --setup``."""

    def __init__(self, folder: Path, url: str, user: str, code: str, profile: str = "default"):
        from trainer.server import client

        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.profile = profile
        with self.active():
            self.config = client.setup(url, user, code, profile)

    @contextmanager
    def active(self) -> Iterator[None]:
        paths.set_data_dir(self.folder)
        try:
            yield
        finally:
            paths.set_data_dir(None)

    def store(self) -> Store:
        return Store.open(self.folder / paths.DB_FILENAME)

    def study(self, count: int, seed: int, *, questions: int = 12, day: int = 0) -> list[str]:
        """Record ``count`` answers (fuzz on, like a real session); their uids."""
        rng = random.Random(seed)
        uids = []
        with self.store() as store:
            for index in range(count):
                moment = START + timedelta(days=day, minutes=index * 7 + rng.randint(0, 5))
                rating = rng.choice([1, 3, 3, 3, 4])
                record = store.record_review(
                    self.profile,
                    bank_id=BANK,
                    question_id=f"q{rng.randrange(questions)}",
                    rating=rating,
                    verdict="wrong" if rating == 1 else "correct",
                    score=0.0 if rating == 1 else 1.0,
                    answer=f"答案{seed}-{index}",
                    reviewed_at=moment,
                    mode=rng.choice(["study", "review", "cram"]),
                )
                uids.append(record.uid)
        return uids

    def sync(self, **options: Any) -> Any:
        from trainer.server import client

        options.setdefault("banks", False)
        with self.active(), self.store() as store:
            return client.run_sync(store, self.config, **options)

    def log(self) -> list[tuple[Any, ...]]:
        """Every review with every column a learner sees (and the replayed card before it)."""
        with self.store() as store:
            return sorted(
                (r.uid, r.bank_id, r.question_id, r.reviewed_at, r.mode, r.answer, r.verdict,
                 r.score, r.rating, r.duration_ms, r.hint_used, r.exam_uid,
                 repr(sorted((r.card_before or {}).items())))
                for r in store.iter_reviews(self.profile)
            )  # fmt: skip

    def cards(self) -> list[tuple[Any, ...]]:
        with self.store() as store:
            return sorted(
                (c.bank_id, c.question_id, c.due, c.state, c.step, c.stability, c.difficulty,
                 c.reps, c.lapses, c.last_review)
                for c in store.all_card_states(self.profile)
            )  # fmt: skip

    def cli(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "trainer", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["TRAINER_HOME"] = str(self.folder)
        env["PYTHONIOENCODING"] = "utf-8"
        env.pop("TRAINER_LANG", None)
        return env
