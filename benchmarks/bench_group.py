"""Group-session load test: N simulated players (WebSocket clients, no UI) on loopback.

The host (a :class:`~trainer.group.server.GroupServer`, no UI) runs in a child process so
that its peak memory is its own; the players run in this process. Each player answers every
question after a random think time (0–1.5 s), 70 % with the right answer, 30 % wrong, and
waits for the acknowledgement; the host reveals when everyone has answered and goes on by
itself.

Prints answers sent vs recorded (target: none lost), the answer→ack latency (target: p99
under 100 ms) and the host's peak memory, ending with one line::

    players=N answers_sent=A answers_recorded=B p99_ack_ms=C peak_mb=M

Usage: ``python benchmarks/bench_group.py [--players 200] [--questions 10] [--bank PATH]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PIN = "424242"


def make_bank(folder: Path, questions: int) -> Path:
    """A bank of mixed types (short, choice, truefalse, list, cloze, number), ``questions`` long."""
    kinds = [
        "  - {{id: s{i}, type: short, section: a, prompt: 第{i}题 最大的政治成果是什么？, "
        "answer: 两个确立, accept: [确立两个]}}",
        "  - {{id: c{i}, type: choice, section: a, prompt: 第{i}题 专门协商机构是, "
        "options: [人民政协, 人大, 法院, 国务院], answer: A}}",
        "  - {{id: t{i}, type: truefalse, section: b, statement: 第{i}题 人民政协是专门协商机构, "
        "answer: true}}",
        "  - {{id: l{i}, type: list, section: b, prompt: 第{i}题 两大主题, items: [团结, 民主]}}",
        '  - {{id: z{i}, type: cloze, section: b, text: "第{i}题 坚持{{{{团结}}}}和{{{{民主}}}}"}}',
        "  - {{id: n{i}, type: number, section: a, prompt: 第{i}题 委员人数, answer: 2172, "
        "unit: 名}}",
    ]
    lines = [
        "bank: {id: bench-group, title: 压力测试}",
        "sections: [{id: a, title: 甲}, {id: b, title: 乙}]",
        "questions:",
    ]
    lines += [kinds[i % len(kinds)].format(i=i) for i in range(questions)]
    path = folder / "bench-group.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- host (child)


async def host(bank_path: str, players: int, questions: int) -> None:
    """Run the server; print the port, then after the game the host's figures as JSON."""
    from trainer.core.bank import load_bank
    from trainer.group.game import Game
    from trainer.group.server import GroupServer

    bank = load_bank(bank_path)
    game = Game(bank, bank.questions[:questions], time_limit=20, pin=PIN, max_players=players)
    server = GroupServer(game, port=0, auto_next=0.2)
    await server.start()
    print(json.dumps({"port": server.port}), flush=True)
    while len(game.players) < players:
        await asyncio.sleep(0.05)
    server.start_game()
    await server.finished.wait()
    await asyncio.sleep(0.5)  # let the last messages go out
    recorded = sum(
        1 for p in game.players.values() for r in p.answers.values() if r.answer is not None
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "recorded": recorded,
                "peak_mb": peak_mb,
                "dropped": sum(v for k, v in server.stats.items() if k.startswith("dropped_")),
            }
        ),
        flush=True,
    )
    await server.stop()


# --------------------------------------------------------------------------- players


async def play(
    address: str, number: int, answers: dict[str, object], wrong: dict[str, object], seed: int
) -> tuple[int, list[float]]:
    """One simulated player: join, answer every question, return (sent, ack times)."""
    from trainer.group.client import GroupClient

    rng = random.Random(seed)
    client = GroupClient(address, name=f"玩家{number:03d}", pin=PIN)
    for attempt in range(20):
        try:
            await client.connect()
            break
        except Exception:  # noqa: BLE001 - the host may still be starting
            await asyncio.sleep(0.1 * (attempt + 1))
    sent = 0
    while True:
        data = await client.receive(timeout=120)
        if data["type"] == "end":
            break
        if data["type"] != "question" or data.get("answered"):
            continue
        qid = data["question"]["id"]
        await asyncio.sleep(rng.uniform(0.0, 1.5))
        given = answers[qid] if rng.random() < 0.7 else wrong[qid]
        sent += 1
        await client.answer(data["index"], given)  # type: ignore[arg-type]
    await client.close()
    return sent, client.ack_times_ms


async def players_main(address: str, players: int, bank_path: Path) -> tuple[int, list[float]]:
    from trainer.core.bank import load_bank
    from trainer.group.protocol import expected_answer

    bank = load_bank(bank_path)
    answers = {q.id: expected_answer(q) for q in bank.questions}
    wrong: dict[str, object] = {}
    for q in bank.questions:
        right = answers[q.id]
        wrong[q.id] = ["不知道"] * len(right) if isinstance(right, list) else "不知道"
    results = await asyncio.gather(
        *(play(address, i, answers, wrong, seed=i) for i in range(players))
    )
    sent = sum(r[0] for r in results)
    times = [t for r in results for t in r[1]]
    return sent, times


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--bank", default=None, help="a bank file (default: a generated one)")
    parser.add_argument(
        "--host", nargs=3, metavar=("BANK", "PLAYERS", "QUESTIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.host:
        asyncio.run(host(args.host[0], int(args.host[1]), int(args.host[2])))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        bank_path = Path(args.bank) if args.bank else make_bank(Path(folder), args.questions)
        child = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--host",
                str(bank_path),
                str(args.players),
                str(args.questions),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**__import__("os").environ, "TRAINER_HOME": folder},
        )
        assert child.stdout is not None
        port = json.loads(child.stdout.readline())["port"]
        started = time.perf_counter()
        sent, times = asyncio.run(players_main(f"127.0.0.1:{port}", args.players, bank_path))
        elapsed = time.perf_counter() - started
        figures = json.loads(child.stdout.readline())
        child.wait(30)
    p50 = statistics.median(times) if times else float("nan")
    p99 = percentile(times, 0.99)
    print(
        f"players:           {args.players} playing {args.questions} questions in {elapsed:.1f} s"
    )
    print(f"answers sent:      {sent}")
    print(f"answers recorded:  {figures['recorded']}  (lost: {sent - figures['recorded']})")
    print(f"messages dropped:  {figures['dropped']}")
    print(f"answer→ack:        p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(times):.1f} ms")
    print(f"host peak memory:  {figures['peak_mb']:.1f} MB (max RSS)")
    print(
        f"players={args.players} answers_sent={sent} answers_recorded={figures['recorded']} "
        f"p99_ack_ms={p99:.1f} peak_mb={figures['peak_mb']:.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
