"""The dashboard's figures: per group, per member, and for the whole organisation.

Mastery of a question is FSRS recall ≥ 90 %: with FSRS-6's forgetting curve
``R(t) = (1 + FACTOR · t / S) ** DECAY`` and ``FACTOR = 0.9 ** (1 / DECAY) - 1``, R(S) = 0.9
exactly, so a question is mastered at time T when ``T - last_review ≤ stability`` (in days) —
a linear test SQL and Python both do cheaply, now and on the deadline. The stability comes from
replaying each learner's synced reviews (cards cached in ``org_cards``, refreshed for the
learners whose ``seq`` moved on since; see :func:`refresh_cards`).

Points (the ranking) reward steady study over cramming: each day counts at most
:data:`DAY_CAP` reviews, one point per :data:`REVIEWS_PER_POINT`, so ten days of 50 reviews
make 100 points and one day of 500 makes 10.

Every function returns plain data; the wording is the page's (zh + en).
"""

from __future__ import annotations

import itertools
import json
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from trainer.server.org import Viewer, group_assignments, parsed_bank
from trainer.server.storage import Storage, Tx

DAY_S = 86400.0
DAY_CAP = 50
REVIEWS_PER_POINT = 5
HEATMAP_DAYS = 84
TREND_DAYS = 60
TOP_WRONG = 10
MIN_AGGREGATE_MEMBERS = 3
"""A member sees their group's totals only when it has at least this many members."""
WRONG_ANSWERS_PER_QUESTION = 5
SCHEDULED_MODES = ("study", "review", "exam", "group")


def local_offset_s() -> int:
    """The server's UTC offset now (days on the dashboard are the office's local days)."""
    return int(time.localtime().tm_gmtoff)


def _day_expr(tx: Tx) -> str:
    if tx.dialect == "postgresql":
        return "CAST(FLOOR((reviewed_at + ?) / 86400.0) AS BIGINT)"
    return "CAST((reviewed_at + ?) / 86400 AS INTEGER)"


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def day_to_iso(day: int) -> str:
    return date.fromordinal(date(1970, 1, 1).toordinal() + day).isoformat()


def deadline_ts(deadline: str, offset_s: int) -> float:
    """The start of the deadline's local day (the exam is on that day)."""
    midnight = datetime.fromisoformat(deadline).replace(tzinfo=UTC).timestamp()
    return midnight - offset_s


# ------------------------------------------------------------------ replayed cards


SCHEDULER_KEYS = (
    "desired_retention", "maximum_interval_days", "learning_steps", "fsrs_fit", "exam_date",
    "exam_target", "timezone",
)  # fmt: skip
"""The synced settings a learner's cards are scheduled with (their devices replay with them)."""


def _user_scheduler(tx: Tx, user_id: int) -> Any:
    """The learner's replay scheduler from the settings their devices synced (their desired
    retention, fitted parameters, exam…), so "overdue" and mastery agree with their app; the
    defaults for whatever was never synced."""
    from trainer.core.store.settings import scheduler_from_synced

    synced: dict[str, Any] = {}
    for key, value in tx.execute(
        f"SELECT key, value FROM settings WHERE user_id = ? AND key IN ({_marks(SCHEDULER_KEYS)})",
        (user_id, *SCHEDULER_KEYS),
    ).fetchall():
        if value is not None:
            try:
                synced[str(key)] = json.loads(value)
            except ValueError:
                continue
    return scheduler_from_synced(synced)


def _scheduler_changed(tx: Tx, user_id: int, since_seq: int) -> bool:
    """Whether a setting the cards are scheduled with changed after ``since_seq``."""
    return (
        tx.execute(
            f"SELECT 1 FROM settings WHERE user_id = ? AND seq > ? AND key IN "
            f"({_marks(SCHEDULER_KEYS)})",
            (user_id, since_seq, *SCHEDULER_KEYS),
        ).fetchone()
        is not None
    )


def _replay(
    rows: Iterable[tuple[str, str, float, str]], scheduler: Any = None
) -> dict[tuple[str, str], list[tuple[float, float, float, int, int]]]:
    """Replay reviews ``(bank, question, reviewed_at, rating)`` (sorted by card, time, uid)
    with the learner's scheduler without fuzz (default: the default one); per card the list of
    ``(time, stability, due, recalls, lapses)`` after each review."""
    from fsrs import Rating, State

    from trainer.core import scheduling

    if scheduler is None:
        scheduler = scheduling.make_scheduler(enable_fuzzing=False)
    history: dict[tuple[str, str], list[tuple[float, float, float, int, int]]] = {}
    key: tuple[str, str] | None = None
    card: Any = None
    recalls = lapses = 0
    for bank_id, question_id, at, rating in rows:
        if (bank_id, question_id) != key:
            key, card, recalls, lapses = (bank_id, question_id), None, 0, 0
            history[key] = []
        moment = datetime.fromtimestamp(at, UTC)
        current = card or scheduling.new_card(bank_id, question_id, moment)
        if current.state == State.Review:
            recalls += 1
            lapses += int(rating) == 1
        card, _ = scheduler.review_card(current, Rating(int(rating)), moment)
        history[key].append(
            (at, float(card.stability or 0.0), card.due.timestamp(), recalls, lapses)
        )
    return history


def _user_reviews(
    tx: Tx, user_id: int, since_seq: int | None = None
) -> list[tuple[str, str, float, str]]:
    """A learner's scheduling reviews in replay order; with ``since_seq``, only those of the
    cards that got a review after that change number (their whole history)."""
    modes = _marks(SCHEDULED_MODES)
    only_changed = ""
    params: list[Any] = [user_id, *SCHEDULED_MODES]
    if since_seq is not None:
        only_changed = (
            " AND (bank_id, question_id) IN (SELECT bank_id, question_id FROM reviews "
            "WHERE user_id = ? AND seq > ?)"
        )
        params += [user_id, since_seq]
    return [
        (r[0], r[1], float(r[2]), r[3])
        for r in tx.execute(
            "SELECT bank_id, question_id, reviewed_at, rating FROM reviews "
            f"WHERE user_id = ? AND mode IN ({modes}){only_changed} "
            "ORDER BY bank_id, question_id, reviewed_at, uid",
            params,
        ).fetchall()
    ]


def refresh_cards(storage: Storage, user_ids: Sequence[int]) -> int:
    """Bring ``org_cards`` up to date for these users: replay the cards that got reviews since
    the last refresh (all of them the first time). Returns how many users were replayed."""
    if not user_ids:
        return 0
    stale: list[int] = []
    with storage.transaction(write=False) as tx:
        for start in range(0, len(user_ids), 500):
            chunk = list(user_ids[start : start + 500])
            rows = tx.execute(
                "SELECT u.id FROM users u LEFT JOIN org_card_seq c ON c.user_id = u.id "
                f"WHERE u.id IN ({_marks(chunk)}) AND (c.seq IS NULL OR c.seq <> u.seq)",
                chunk,
            ).fetchall()
            stale.extend(int(r[0]) for r in rows)
    for user_id in stale:
        with storage.transaction() as tx:
            seq = tx.lock_user(user_id)  # a sync of this learner waits; the seq is exact
            cached = tx.execute(
                "SELECT seq FROM org_card_seq WHERE user_id = ?", (user_id,)
            ).fetchone()
            if cached is not None and int(cached[0]) == seq:
                continue
            if cached is not None and _scheduler_changed(tx, user_id, int(cached[0])):
                cached = None  # new retention or parameters: every card moves
                tx.execute("DELETE FROM org_card_seq WHERE user_id = ?", (user_id,))
            if cached is not None:
                rows = _user_reviews(tx, user_id, int(cached[0]))
                # the cards to replace: those with new reviews (a cram answer changes nothing
                # but is harmless to replay)
                changed = {
                    (r[0], r[1])
                    for r in tx.execute(
                        "SELECT DISTINCT bank_id, question_id FROM reviews "
                        "WHERE user_id = ? AND seq > ?",
                        (user_id, int(cached[0])),
                    ).fetchall()
                }
                pairs = sorted(changed)
                for first in range(0, len(pairs), 200):  # one statement per 200 cards
                    some = pairs[first : first + 200]
                    tx.execute(
                        "DELETE FROM org_cards WHERE user_id = ? AND ("
                        + " OR ".join("(bank_id = ? AND question_id = ?)" for _ in some)
                        + ")",
                        (user_id, *(value for pair in some for value in pair)),
                    )
            else:
                rows = _user_reviews(tx, user_id)
                tx.execute("DELETE FROM org_cards WHERE user_id = ?", (user_id,))
            history = _replay(rows, _user_scheduler(tx, user_id))
            tx.executemany(
                "INSERT INTO org_cards (user_id, bank_id, question_id, stability, last_review, "
                "due, recalls, lapses, history) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (user_id, bank_id, question_id, stability, at, due, recalls, lapses,
                     _history_json(states))
                    for (bank_id, question_id), states in history.items()
                    for at, stability, due, recalls, lapses in states[-1:]
                ],
            )  # fmt: skip
            if cached is None:
                tx.execute("INSERT INTO org_card_seq (user_id, seq) VALUES (?, ?)", (user_id, seq))
            else:
                tx.execute("UPDATE org_card_seq SET seq = ? WHERE user_id = ?", (seq, user_id))
    return len(stale)


def refresh_members(storage: Storage, user_ids: Sequence[int]) -> int:
    """:func:`refresh_cards` for those of ``user_ids`` who are in a group (the dashboard shows
    nobody else), right after their sync stored something; how many were replayed."""
    if not user_ids:
        return 0
    with storage.transaction(write=False) as tx:
        ids = list(user_ids)
        members = [
            int(r[0])
            for r in tx.execute(
                f"SELECT DISTINCT user_id FROM memberships WHERE user_id IN ({_marks(ids)})", ids
            ).fetchall()
        ]
    return refresh_cards(storage, sorted(members))


def stale_members(storage: Storage, limit: int) -> list[int]:
    """Up to ``limit`` group members whose cached cards are behind their synced reviews."""
    with storage.transaction(write=False) as tx:
        rows = tx.execute(
            "SELECT DISTINCT u.id FROM users u JOIN memberships m ON m.user_id = u.id "
            "LEFT JOIN org_card_seq c ON c.user_id = u.id "
            "WHERE c.seq IS NULL OR c.seq <> u.seq ORDER BY u.id LIMIT ?",
            (limit,),
        ).fetchall()
    return [int(r[0]) for r in rows]


def _history_json(states: Sequence[tuple[float, float, float, int, int]]) -> str:
    """A card's ``[[time, stability], …]`` after each review, compact."""
    return json.dumps([[round(s[0]), round(s[1], 3)] for s in states], separators=(",", ":"))


def _mark_mastered_days(
    states: Sequence[Sequence[float]], first_day: int, count: int, offset_s: int, changes: list[int]
) -> None:
    """Add one to ``changes`` over each run of days at whose end the card was mastered.

    Day ``k`` ends at ``(first_day + k + 1) · DAY_S - offset_s``; after the review at ``t`` with
    stability ``S`` the card is mastered at each day end ``e`` with ``t ≤ e ≤ t + S`` (days) and
    ``e`` before the next review. A card costs its number of reviews, not the number of days
    (and reviews followed by another before the first day's end cost a comparison).
    """
    first_end = (first_day + 1) * DAY_S - offset_s
    base = first_day + 1
    last = len(states) - 1
    ceil, floor = math.ceil, math.floor
    for index, (at, stability) in enumerate(states):
        if index < last:
            following = states[index + 1][0]
            if following <= first_end:
                continue  # replaced by the next review before the first day ends
            # the last day end before the next review
            high = ceil((following + offset_s) / DAY_S) - base - 1
        else:
            high = count - 1
        low = ceil((at + offset_s) / DAY_S) - base
        high = min(high, count - 1, floor((at + stability * DAY_S + offset_s) / DAY_S) - base)
        if low < 0:
            low = 0
        if low <= high:
            changes[low] += 1
            changes[high + 1] -= 1


def _trend(
    tx: Tx,
    user_ids: Sequence[int],
    sections: Sequence[dict[str, Any]],
    today: int,
    offset_s: int,
) -> list[list[Any]]:
    """Mastery over the last :data:`TREND_DAYS` days: for each local day, the share of the
    members' assigned questions with recall ≥ 90 % at the end of that day (each card as it was
    after its last review before then)."""
    assigned = {(s["bank_id"], q) for s in sections for q in s["questions"]}
    days = range(today - TREND_DAYS + 1, today + 1)
    ends = [(d + 1) * DAY_S - offset_s for d in days]
    first_day = days[0]
    changes = [0] * (len(ends) + 1)  # a difference array over the days
    for start in range(0, len(user_ids), 500):
        chunk = list(user_ids[start : start + 500])
        for bank_id, qid, raw in tx.execute(
            "SELECT bank_id, question_id, history FROM org_cards "
            f"WHERE user_id IN ({_marks(chunk)})",
            chunk,
        ).fetchall():
            if (bank_id, qid) not in assigned:
                continue
            _mark_mastered_days(json.loads(raw), first_day, len(ends), offset_s, changes)
    counts = list(itertools.accumulate(changes[:-1]))
    total = len(assigned) * len(user_ids)
    return [[day_to_iso(d), counts[i] / total if total else None] for i, d in enumerate(days)]


# ------------------------------------------------------------------ assigned questions


def assigned_sections(
    storage: Storage,
    assignments: Sequence[dict[str, Any]],
    banks: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The assigned questions per section: ``[{bank_id, section, title, deadline,
    questions: [ids]}]`` (a bank missing from the server gives nothing). ``banks`` keeps the
    banks read, for a caller that asks for many groups."""
    from trainer.core.bank import BankError

    out: list[dict[str, Any]] = []
    read = {} if banks is None else banks
    for assignment in assignments:
        if assignment["bank_id"] not in read:
            read[assignment["bank_id"]] = storage.bank(assignment["bank_id"])
        bank = read[assignment["bank_id"]]
        if bank is None:
            continue
        try:
            parsed = parsed_bank(bank["content_hash"], bank["content"])
        except BankError:
            continue
        titles = {s.id: s.title for s in parsed.sections}
        wanted = set(assignment["sections"]) or None
        by_section: dict[str, list[str]] = defaultdict(list)
        for question in parsed.questions:
            section = question.section or ""
            if wanted is None or section in wanted:
                by_section[section].append(question.id)
        for section, ids in by_section.items():
            out.append({
                "bank_id": assignment["bank_id"], "section": section,
                "title": titles.get(section, section), "deadline": assignment["deadline"],
                "questions": ids,
            })  # fmt: skip
    return out


def _mastery(
    cards: dict[tuple[str, str], tuple[float, float]],
    sections: Sequence[dict[str, Any]],
    now: float,
    offset_s: int,
) -> list[dict[str, Any]]:
    """Per assigned section: the share of its questions mastered now and on the deadline."""
    result = []
    for section in sections:
        at_deadline = deadline_ts(section["deadline"], offset_s)
        now_n = later_n = 0
        for qid in section["questions"]:
            card = cards.get((section["bank_id"], qid))
            if card is None:
                continue
            stability, last = card
            now_n += (now - last) / DAY_S <= stability
            later_n += (at_deadline - last) / DAY_S <= stability
        total = len(section["questions"]) or 1
        result.append({
            "bank_id": section["bank_id"], "section": section["section"],
            "title": section["title"], "now": now_n / total, "deadline": later_n / total,
        })  # fmt: skip
    return result


# ------------------------------------------------------------------ pages


def _members(tx: Tx, group_id: int) -> list[tuple[int, str, str]]:
    return [
        (int(r[0]), str(r[1]), str(r[2]))
        for r in tx.execute(
            "SELECT u.id, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id "
            "WHERE m.group_id = ? ORDER BY u.name",
            (group_id,),
        ).fetchall()
    ]


def _daily(tx: Tx, user_ids: Sequence[int], offset_s: int) -> dict[int, dict[int, int]]:
    """Reviews per user per local day."""
    out: dict[int, dict[int, int]] = defaultdict(dict)
    day = _day_expr(tx)
    for start in range(0, len(user_ids), 500):
        chunk = list(user_ids[start : start + 500])
        for user_id, d, n in tx.execute(
            f"SELECT user_id, {day} AS d, COUNT(*) FROM reviews "
            f"WHERE user_id IN ({_marks(chunk)}) GROUP BY user_id, d",
            (offset_s, *chunk),
        ).fetchall():
            out[int(user_id)][int(d)] = int(n)
    return out


def points(days: dict[int, int]) -> int:
    return sum(min(n, DAY_CAP) for n in days.values()) // REVIEWS_PER_POINT


def _member_rows(
    tx: Tx,
    user_ids: Sequence[int],
    sections: Sequence[dict[str, Any]],
    now: float,
    offset_s: int,
) -> dict[int, dict[str, Any]]:
    daily = _daily(tx, user_ids, offset_s)
    rows: dict[int, dict[str, Any]] = {}
    marks = _marks(user_ids)
    last_active = dict(
        tx.execute(
            f"SELECT user_id, MAX(reviewed_at) FROM reviews WHERE user_id IN ({marks}) "
            "GROUP BY user_id",
            list(user_ids),
        ).fetchall()
    )
    cards: dict[int, dict[tuple[str, str], tuple[float, float]]] = defaultdict(dict)
    overdue: dict[int, int] = defaultdict(int)
    recalls: dict[int, int] = defaultdict(int)
    lapses: dict[int, int] = defaultdict(int)
    for user_id, bank_id, qid, stability, last, due, rec, lap in tx.execute(
        "SELECT user_id, bank_id, question_id, stability, last_review, due, recalls, lapses "
        f"FROM org_cards WHERE user_id IN ({marks})",
        list(user_ids),
    ).fetchall():
        cards[user_id][(bank_id, qid)] = (float(stability or 0.0), float(last or 0.0))
        overdue[user_id] += (due or 0) < now
        recalls[user_id] += int(rec)
        lapses[user_id] += int(lap)
    exams: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for user_id, bank_id, finished, score, size in tx.execute(
        "SELECT user_id, bank_id, finished_at, score, size FROM exams "
        f"WHERE user_id IN ({marks}) AND finished_at IS NOT NULL ORDER BY finished_at",
        list(user_ids),
    ).fetchall():
        exams[int(user_id)].append(
            {"bank_id": bank_id, "finished_at": finished, "score": score, "size": size}
        )
    for user_id in user_ids:
        days = daily.get(user_id, {})
        mastery = _mastery(cards.get(user_id, {}), sections, now, offset_s)
        rows[user_id] = {
            "reviews": sum(days.values()),
            "days_active": len(days),
            "last_active": last_active.get(user_id),
            "retention": (1 - lapses[user_id] / recalls[user_id]) if recalls[user_id] else None,
            "overdue": overdue[user_id],
            "points": points(days),
            "mastery": mastery,
            "mastery_now": _mean([m["now"] for m in mastery]),
            "mastery_deadline": _mean([m["deadline"] for m in mastery]),
            "exams": exams.get(user_id, [])[-5:],
            "days": days,
        }
    return rows


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _wrong_questions(tx: Tx, user_ids: Sequence[int], with_answers: bool) -> list[dict[str, Any]]:
    """The questions the group answers wrong most, with the wrong answers given (leaders)."""
    if not user_ids:
        return []
    marks = _marks(user_ids)
    top = tx.execute(
        "SELECT bank_id, question_id, COUNT(*) AS n, COUNT(DISTINCT user_id) FROM reviews "
        f"WHERE user_id IN ({marks}) AND verdict = 'wrong' "
        "GROUP BY bank_id, question_id ORDER BY n DESC, bank_id, question_id LIMIT ?",
        (*user_ids, TOP_WRONG),
    ).fetchall()
    answers: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    if with_answers and top:
        # the wrong answers to those questions, in one query; the most given first
        pairs = " OR ".join("(bank_id = ? AND question_id = ?)" for _ in top)
        for bank_id, qid, answer, count in tx.execute(
            "SELECT bank_id, question_id, answer, COUNT(*) AS c FROM reviews "
            f"WHERE user_id IN ({marks}) AND verdict = 'wrong' AND ({pairs}) "
            "GROUP BY bank_id, question_id, answer ORDER BY c DESC, answer",
            (*user_ids, *(value for row in top for value in (row[0], row[1]))),
        ).fetchall():
            given = answers[(bank_id, qid)]
            if len(given) < WRONG_ANSWERS_PER_QUESTION:
                given.append({"answer": answer, "count": int(count)})
    return [
        {
            "bank_id": bank_id, "question_id": qid, "wrong": int(n), "people": int(people),
            "answers": answers.get((bank_id, qid), []),
        }
        for bank_id, qid, n, people in top
    ]  # fmt: skip


def _prompts(storage: Storage, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    from trainer.core.bank import BankError

    prompts: dict[tuple[str, str], str] = {}
    for bank_id in {k[0] for k in keys}:
        bank = storage.bank(bank_id)
        if bank is None:
            continue
        try:
            parsed = parsed_bank(bank["content_hash"], bank["content"])
        except BankError:
            continue
        for question in parsed.questions:
            prompts[(bank_id, question.id)] = question.prompt
    return prompts


def _heatmap(days_of_members: Iterable[dict[int, int]], today: int) -> list[list[Any]]:
    totals: dict[int, int] = defaultdict(int)
    for days in days_of_members:
        for d, n in days.items():
            totals[d] += n
    return [[day_to_iso(d), totals.get(d, 0)] for d in range(today - HEATMAP_DAYS + 1, today + 1)]


def group_page(
    storage: Storage, viewer: Viewer, group_id: int, *, now: float | None = None
) -> dict[str, Any] | None:
    """A group's page as ``viewer`` may see it; None when the group does not exist.

    Leaders of the group and admins get every member's row and the wrong answers given;
    members get the group's aggregates and their own row only.
    """
    moment = time.time() if now is None else now
    offset = local_offset_s()
    with storage.transaction(write=False) as tx:
        row = tx.execute("SELECT name FROM org_groups WHERE id = ?", (group_id,)).fetchone()
        if row is None:
            return None
        members = _members(tx, group_id)
        assignments = group_assignments(tx, group_id)
    ids = [m[0] for m in members]
    refresh_cards(storage, ids)
    sections = assigned_sections(storage, assignments)
    full = viewer.can_see_group_members(group_id)
    today = int((moment + offset) // DAY_S)
    with storage.transaction(write=False) as tx:
        rows = _member_rows(tx, ids, sections, moment, offset) if ids else {}
        wrong = _wrong_questions(tx, ids, with_answers=full)
        trend = _trend(tx, ids, sections, today, offset)
    prompts = _prompts(storage, [(w["bank_id"], w["question_id"]) for w in wrong])
    for item in wrong:
        item["prompt"] = prompts.get((item["bank_id"], item["question_id"]), "")
    member_list = []
    for user_id, name, role in members:
        if not full and user_id != viewer.user_id:
            continue
        data = dict(rows[user_id])
        data.pop("days")
        member_list.append({"id": user_id, "name": name, "role": role, **data})
    member_list.sort(key=lambda m: (-m["points"], m["name"]))
    all_rows = list(rows.values())
    aggregate = {
        "members": len(ids),
        "reviews": sum(r["reviews"] for r in all_rows),
        "active_7d": sum(
            1 for r in all_rows if r["last_active"] and r["last_active"] >= moment - 7 * DAY_S
        ),
        "points_mean": _mean([r["points"] for r in all_rows]),
        "mastery_now": _mean([r["mastery_now"] for r in all_rows if r["mastery_now"] is not None]),
        "mastery_deadline": _mean(
            [r["mastery_deadline"] for r in all_rows if r["mastery_deadline"] is not None]
        ),
        "sections": [
            {
                "bank_id": s["bank_id"], "section": s["section"], "title": s["title"],
                "now": _mean([r["mastery"][i]["now"] for r in all_rows]),
                "deadline": _mean([r["mastery"][i]["deadline"] for r in all_rows]),
            }
            for i, s in enumerate(sections)
        ],
    }  # fmt: skip
    heatmap = _heatmap((r["days"] for r in all_rows), today)
    if not full and len(ids) < MIN_AGGREGATE_MEMBERS:
        # in a group of two, the group's totals minus one's own are the other member's figures
        aggregate = {"members": len(ids), "hidden": True, "sections": []}
        wrong, trend = [], []
        heatmap = _heatmap([], today)
    return {
        "id": group_id,
        "name": row[0],
        "full": full,
        "assignments": assignments,
        "aggregate": aggregate,
        "members": member_list,
        "wrong": wrong,
        "heatmap": heatmap,
        "trend": trend,
        "day_cap": DAY_CAP,
        "reviews_per_point": REVIEWS_PER_POINT,
    }


def org_page(storage: Storage, viewer: Viewer, *, now: float | None = None) -> dict[str, Any]:
    """Every group ``viewer`` may see, with its aggregates (admins: all groups)."""
    moment = time.time() if now is None else now
    with storage.transaction(write=False) as tx:
        groups = tx.execute("SELECT id, name FROM org_groups ORDER BY name").fetchall()
        visible = [(int(g[0]), str(g[1])) for g in groups if viewer.can_see_group(int(g[0]))]
        members: dict[int, list[int]] = defaultdict(list)
        for gid, uid in tx.execute("SELECT group_id, user_id FROM memberships").fetchall():
            members[int(gid)].append(int(uid))
        assignments = {gid: group_assignments(tx, gid) for gid, _ in visible}
    user_ids = sorted({u for gid, _ in visible for u in members[gid]})
    refresh_cards(storage, user_ids)
    week_ago = moment - 7 * DAY_S
    totals: dict[int, tuple[int, float | None, int]] = {}
    mastered: dict[int, set[tuple[str, str]]] = defaultdict(set)
    with storage.transaction(write=False) as tx:
        for start in range(0, len(user_ids), 500):
            chunk = user_ids[start : start + 500]
            marks = _marks(chunk)
            for uid, n, last, recent in tx.execute(
                "SELECT user_id, COUNT(*), MAX(reviewed_at), "
                "SUM(CASE WHEN reviewed_at >= ? THEN 1 ELSE 0 END) FROM reviews "
                f"WHERE user_id IN ({marks}) GROUP BY user_id",
                (week_ago, *chunk),
            ).fetchall():
                totals[int(uid)] = (int(n), last, int(recent or 0))
            for uid, bank_id, qid in tx.execute(
                "SELECT user_id, bank_id, question_id FROM org_cards "
                f"WHERE user_id IN ({marks}) AND (? - last_review) <= stability * 86400.0",
                (*chunk, moment),
            ).fetchall():
                mastered[int(uid)].add((bank_id, qid))
    out = []
    banks: dict[str, Any] = {}
    for gid, name in visible:
        ids = members[gid]
        sections = assigned_sections(storage, assignments[gid], banks)
        assigned = {(s["bank_id"], q) for s in sections for q in s["questions"]}
        shares = [len(mastered[u] & assigned) / len(assigned) for u in ids] if assigned else []
        lasts = [float(last) for u in ids if (last := totals.get(u, (0, None, 0))[1]) is not None]
        out.append({
            "id": gid, "name": name, "members": len(ids),
            "reviews": sum(totals.get(u, (0, None, 0))[0] for u in ids),
            "reviews_7d": sum(totals.get(u, (0, None, 0))[2] for u in ids),
            "active_7d": sum(1 for u in ids if totals.get(u, (0, None, 0))[2] > 0),
            "mastery_now": _mean(shares), "last_active": max(lasts) if lasts else None,
            "deadline": min((a["deadline"] for a in assignments[gid]), default=None),
            "detail": viewer.can_see_group_members(gid),
        })  # fmt: skip
        if not out[-1]["detail"] and len(ids) < MIN_AGGREGATE_MEMBERS:
            for key in ("reviews", "reviews_7d", "active_7d", "mastery_now", "last_active"):
                out[-1][key] = None
    return {"groups": out, "viewer": {"name": viewer.name, "role": viewer.role}}


def member_page(
    storage: Storage, viewer: Viewer, user_id: int, *, now: float | None = None
) -> dict[str, Any] | None:
    """One learner's page (the caller checked ``viewer.can_see_user``); None if no such user."""
    moment = time.time() if now is None else now
    offset = local_offset_s()
    with storage.transaction(write=False) as tx:
        row = tx.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
        if row is None:
            return None
        gids = [
            int(r[0])
            for r in tx.execute(
                "SELECT group_id FROM memberships WHERE user_id = ?", (user_id,)
            ).fetchall()
        ]
        assignments = [a for gid in gids for a in group_assignments(tx, gid)]
    refresh_cards(storage, [user_id])
    sections = assigned_sections(storage, assignments)
    today = int((moment + offset) // DAY_S)
    with storage.transaction(write=False) as tx:
        data = _member_rows(tx, [user_id], sections, moment, offset)[user_id]
        trend = _trend(tx, [user_id], sections, today, offset)
        recent_wrong = [
            {"bank_id": r[0], "question_id": r[1], "answer": r[2], "reviewed_at": r[3]}
            for r in tx.execute(
                "SELECT bank_id, question_id, answer, reviewed_at FROM reviews "
                "WHERE user_id = ? AND verdict = 'wrong' ORDER BY reviewed_at DESC LIMIT 20",
                (user_id,),
            ).fetchall()
        ]
    prompts = _prompts(storage, [(w["bank_id"], w["question_id"]) for w in recent_wrong])
    for item in recent_wrong:
        item["prompt"] = prompts.get((item["bank_id"], item["question_id"]), "")
    days = data.pop("days")
    return {
        "id": user_id,
        "name": row[0],
        **data,
        "heatmap": _heatmap([days], today),
        "trend": trend,
        "wrong": recent_wrong,
        "assignments": assignments,
        "groups": gids,
    }


def group_csv_rows(page: dict[str, Any]) -> list[list[Any]]:
    """The group page's member table as CSV rows (header first; cells not yet neutralised)."""
    sections = page["aggregate"]["sections"]
    header = ["rank", "name", "role", "points", "reviews", "days_active", "retention",
              "overdue", "last_active", "mastery_now", "mastery_deadline"]  # fmt: skip
    header += [f"{s['bank_id']}/{s['section'] or '-'} now" for s in sections]
    header += [f"{s['bank_id']}/{s['section'] or '-'} deadline" for s in sections]
    header += ["exams"]
    out: list[list[Any]] = [header]
    for rank, m in enumerate(page["members"], start=1):
        last = (
            datetime.fromtimestamp(m["last_active"], UTC).strftime("%Y-%m-%d %H:%M")
            if m["last_active"]
            else ""
        )
        out.append(
            [rank, m["name"], m["role"], m["points"], m["reviews"], m["days_active"],
             _pct(m["retention"]), m["overdue"], last, _pct(m["mastery_now"]),
             _pct(m["mastery_deadline"])]
            + [_pct(x["now"]) for x in m["mastery"]]
            + [_pct(x["deadline"]) for x in m["mastery"]]
            + [json.dumps([e["score"] for e in m["exams"]])]
        )  # fmt: skip
    return out


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"
