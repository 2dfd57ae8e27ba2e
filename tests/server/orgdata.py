"""Organisation test data: a bank with sections, groups, members and their synced reviews,
written straight into the server's storage (shared by the dashboard tests and the benchmark)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from trainer.server import org
from trainer.server.storage import REVIEW_COLUMNS, Storage

BANK_ID = "org-bank"
SECTIONS = ("lessons", "tasks", "party")


def bank_yaml(questions: int = 30) -> str:
    lines = [
        f"bank: {{id: {BANK_ID}, title: 组织测试题库}}",
        "sections: [{id: lessons, title: 五年工作主要体会}, {id: tasks, title: 今后工作任务}, "
        "{id: party, title: 自身建设}]",
        "questions:",
    ]
    for i in range(questions):
        section = SECTIONS[i % len(SECTIONS)]
        lines.append(
            f"  - {{id: q{i}, type: short, section: {section}, prompt: '第{i}题：全过程人民民主的"
            f"要求是什么？', answer: 答案{i}}}"
        )
    return "\n".join(lines) + "\n"


@dataclass
class Org:
    groups: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)


def review_rows(
    user_id: int,
    rng: random.Random,
    count: int,
    now: float,
    *,
    questions: int,
    days: int,
    start_seq: int = 0,
    prefix: str = "r",
) -> list[tuple[object, ...]]:
    """``count`` reviews over the last ``days`` days, ordered by time (REVIEW_COLUMNS order)."""
    times = sorted(now - rng.random() * days * 86400 for _ in range(count))
    rows = []
    for index, at in enumerate(times):
        rating = rng.choice((1, 3, 3, 3, 4))
        answer = f"错答{rng.randrange(3)}" if rating == 1 else f"答案{index}"
        values = {
            "uid": f"{prefix}{user_id}-{index}", "bank_id": BANK_ID,
            "question_id": f"q{rng.randrange(questions)}", "content_hash": "",
            "reviewed_at": at, "mode": "study", "answer": answer,
            "verdict": "wrong" if rating == 1 else "correct", "score": 0.0 if rating == 1 else 1.0,
            "rating": rating, "suggested_rating": None, "duration_ms": 3000, "hint_used": 0,
            "exam_uid": None,
        }  # fmt: skip
        rows.append(
            (user_id, start_seq + index + 1, None, *(values[c] for c in REVIEW_COLUMNS[3:]))
        )
    return rows


def seed(
    storage: Storage,
    layout: dict[str, Sequence[str]],
    *,
    leaders: dict[str, str] | None = None,
    admins: Sequence[str] = (),
    reviews_per_member: int = 60,
    questions: int = 30,
    days: int = 30,
    now: float,
    seed_value: int = 1,
) -> Org:
    """Groups (name → member names), with leaders (group → name) and reviews for each member."""
    rng = random.Random(seed_value)
    storage.put_bank(BANK_ID, bank_yaml(questions))
    result = Org()
    for name in admins:
        storage.add_user(name, role="admin")
    for group, members in layout.items():
        _, gid = org.add_group(storage, group)
        result.groups[group] = gid
        for name in members:
            storage.add_user(name)
            org.add_member(storage, group, name, leader=(leaders or {}).get(group) == name)
        org.assign(storage, group, BANK_ID, [], "2030-01-01")
    with storage.transaction(write=False) as tx:
        for user_id, name in tx.execute("SELECT id, name FROM users").fetchall():
            result.users[str(name)] = int(user_id)
    for name, user_id in sorted(result.users.items()):
        if name in admins:
            continue
        rows = review_rows(user_id, rng, reviews_per_member, now, questions=questions, days=days)
        with storage.transaction() as tx:
            tx.insert_new_reviews(rows)
            tx.execute("UPDATE users SET seq = ? WHERE id = ?", (len(rows), user_id))
    return result
