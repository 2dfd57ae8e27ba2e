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

``--attack`` measures the host under attack instead, side by side in one run:

* an honest player's answer→ack latency on questions without and with 8 flooding
  connections (alternating questions, so both conditions share the same host and moment);
  the flooders reconnect whenever the host cuts them off, as an attacker would;
* the host's memory (current and peak RSS) before and after clients that never read their
  socket sit in the room while other clients keep joining and leaving.
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
from typing import Any

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
        qid = data["question"]["prompt"]  # the id on the wire is an opaque per-game handle
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
    answers = {q.prompt: expected_answer(q) for q in bank.questions}
    wrong: dict[str, object] = {}
    for q in bank.questions:
        right = answers[q.prompt]
        wrong[q.prompt] = ["不知道"] * len(right) if isinstance(right, list) else "不知道"
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


# --------------------------------------------------------------------------- attacks


def rss_mb() -> float:
    """The current resident memory of this process (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


async def attack_host(bank_path: str) -> None:
    """The host under attack: a server driven by commands on stdin (start, stats, quit)."""
    from trainer.cli.group import _log_to_file
    from trainer.core.bank import load_bank
    from trainer.group.game import Game
    from trainer.group.server import GroupServer

    _log_to_file("host")  # as `trainer host` does: a rotated file, not the terminal
    bank = load_bank(bank_path)
    game = Game(bank, bank.questions, time_limit=2, pin=PIN, max_players=400)
    server = GroupServer(game, port=0, auto_next=0.3)
    await server.start()
    print(json.dumps({"port": server.port}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        command = (await loop.run_in_executor(None, sys.stdin.readline)).strip()
        if command == "start":
            server.start_game()
            print("{}", flush=True)
        elif command == "stats":
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            stats = dict(server.stats)
            print(json.dumps({"rss_mb": rss_mb(), "peak_mb": peak, "stats": stats}), flush=True)
        else:
            break
    await server.stop()


async def flooder(address: str, number: int, stop: asyncio.Event, active: asyncio.Event) -> int:
    """Join and send answers as fast as the socket takes them; rejoin when cut off."""
    from websockets.asyncio.client import connect

    frame = json.dumps({"v": 1, "type": "answer", "index": 0, "answer": "刷" * 500})
    sent = 0
    attempt = 0
    while not stop.is_set():
        await active.wait()
        attempt += 1
        try:
            async with connect(f"ws://{address}/", compression=None) as connection:
                hello = {"v": 1, "type": "hello", "name": f"刷{number}-{attempt}", "pin": PIN}
                await connection.send(json.dumps(hello))
                while not stop.is_set() and active.is_set():
                    await connection.send(frame)
                    sent += 1
                    if sent % 50 == 0:
                        await asyncio.sleep(0)
        except Exception:  # noqa: BLE001 - cut off by the host: come back
            await asyncio.sleep(0.01)
    return sent


async def attack_latency(address: str, questions: int, send: Any) -> dict[str, list[float]]:
    """Honest answer latency on alternate questions without / with 8 flooders."""
    from trainer.group.client import GroupClient

    stop, active = asyncio.Event(), asyncio.Event()
    honest = GroupClient(address, name="老实人", pin=PIN)
    await honest.connect()
    floods = [asyncio.ensure_future(flooder(address, n, stop, active)) for n in range(8)]
    await send("start")
    latency: dict[str, list[float]] = {"quiet": [], "flood": []}
    for _ in range(questions):
        data = await honest.receive("question", timeout=30)
        flooding = data["index"] % 2 == 1
        if flooding:
            active.set()
        await asyncio.sleep(0.4)  # both conditions answer at the same point of the question
        started = time.perf_counter()
        await honest.answer(data["index"], "两个确立")
        latency["flood" if flooding else "quiet"].append((time.perf_counter() - started) * 1000)
        active.clear()
    stop.set()
    active.set()
    frames = await asyncio.gather(*floods, return_exceptions=True)
    await honest.close()
    latency["frames"] = [float(sum(f for f in frames if isinstance(f, int)))]
    return latency


async def attack_memory(address: str, stalled: int, seconds: float, stats: Any) -> dict[str, Any]:
    """Clients that never read sit in the room while others keep joining and leaving."""
    from websockets.asyncio.client import connect

    before = await stats()
    silent = []
    for number in range(stalled):
        connection = await connect(
            f"ws://{address}/", max_queue=1, compression=None, ping_interval=None
        )
        hello = {"v": 1, "type": "hello", "name": f"不读{number}", "pin": PIN}
        await connection.send(json.dumps(hello))
        silent.append(connection)
    deadline = time.monotonic() + seconds
    churned = 0

    async def churn(worker: int) -> None:
        nonlocal churned
        while time.monotonic() < deadline:
            try:
                async with connect(f"ws://{address}/", compression=None) as connection:
                    name = f"过客{worker}-{churned}-" + "长" * 12
                    await connection.send(
                        json.dumps({"v": 1, "type": "hello", "name": name[:24], "pin": PIN})
                    )
                    await connection.recv()
                    churned += 1
            except Exception:  # noqa: BLE001 - refused or cut: go on
                await asyncio.sleep(0.01)

    await asyncio.gather(*(churn(n) for n in range(20)))
    after = await stats()
    for connection in silent:
        connection.transport.abort()
    return {"before": before, "after": after, "churned": churned}


def run_attack(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as folder:
        bank_path = make_bank(Path(folder), args.questions)
        child = subprocess.Popen(
            [sys.executable, __file__, "--attack-host", str(bank_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**__import__("os").environ, "TRAINER_HOME": folder},
        )
        assert child.stdin is not None and child.stdout is not None
        port = json.loads(child.stdout.readline())["port"]
        address = f"127.0.0.1:{port}"

        async def send(command: str) -> Any:
            assert child.stdin is not None and child.stdout is not None
            child.stdin.write(command + "\n")
            child.stdin.flush()
            line = await asyncio.get_running_loop().run_in_executor(None, child.stdout.readline)
            return json.loads(line)

        async def both() -> tuple[dict[str, list[float]], dict[str, Any]]:
            memory = await attack_memory(address, args.stalled, args.seconds, lambda: send("stats"))
            latency = await attack_latency(address, args.questions, send)
            memory["final"] = await send("stats")
            return latency, memory

        latency, memory = asyncio.run(both())
        log_bytes = sum(f.stat().st_size for f in Path(folder).glob("group-host.log*"))
        child.stdin.write("quit\n")
        child.stdin.flush()
        child.wait(30)
    quiet, flood = latency["quiet"], latency["flood"]
    before, after = memory["before"], memory["after"]
    print(
        f"honest answer→ack, no flood:      median {statistics.median(quiet):.1f} ms, max {max(quiet):.1f} ms ({len(quiet)} answers)"
    )
    print(
        f"honest answer→ack, 8 flooders:    median {statistics.median(flood):.1f} ms, max {max(flood):.1f} ms ({len(flood)} answers)"
    )
    print(f"host memory before the attack:    {before['rss_mb']:.1f} MB")
    print(
        f"host memory after {args.stalled} non-reading clients and {memory['churned']} joins/leaves "
        f"in {args.seconds:.0f} s: {after['rss_mb']:.1f} MB (peak {after['peak_mb']:.1f} MB)"
    )
    cut = memory["final"]["stats"]
    print(
        f"flood frames sent: {latency['frames'][0]:.0f}, dropped by the host: {cut.get('dropped_rate', 0)}"
    )
    print(f"host cut off: {cut.get('cut_slow', 0)} non-reading, {cut.get('cut_flood', 0)} flooding")
    print(f"host log after both attacks: {log_bytes / 1024:.0f} KB")
    print(
        f"quiet_ms={statistics.median(quiet):.1f} flood_ms={statistics.median(flood):.1f} "
        f"rss_mb={after['rss_mb']:.1f} peak_mb={after['peak_mb']:.1f}"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attack", action="store_true", help="measure the host under attack")
    parser.add_argument("--stalled", type=int, default=100, help="--attack: non-reading clients")
    parser.add_argument("--seconds", type=float, default=15.0, help="--attack: churn time")
    parser.add_argument("--attack-host", metavar="BANK", help=argparse.SUPPRESS)
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--bank", default=None, help="a bank file (default: a generated one)")
    parser.add_argument(
        "--host", nargs=3, metavar=("BANK", "PLAYERS", "QUESTIONS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.attack_host:
        asyncio.run(attack_host(args.attack_host))
        return 0
    if args.attack:
        return run_attack(args)
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
