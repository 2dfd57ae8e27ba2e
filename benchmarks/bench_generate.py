"""How long `trainer generate` takes on 15,000-, 30,000- and 200,000-character reports.

The reports are built from the shipped report and the test fixtures (a speech and a
government work report, tidy and hard-wrapped), each copy varied (figures, names, headings)
so that the generator sees new content rather than duplicates. Each size runs the real
command line (`python -m trainer generate`) in a fresh process, best of three.

A fourth report is 8,000 paragraphs of 一是…二是… (#20: the quadratic generator took 72 s;
generation must stay linear).

Targets: under 2 s for 15,000 characters, under 5 s for 30,000 (a real 2026 provincial
reports from the corpus), under 20 s for 200,000 and for the 8,000 enumerations.

Run: PYTHONPATH=. /work/venv/bin/python benchmarks/bench_generate.py
The last line is ``small_s=A medium_s=B large_s=C ordinals_s=D``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [
    REPO / "seeds" / "zhengzhou-cppcc-14th-standing-committee-report-2023.txt",
    REPO / "tests" / "fixtures" / "reports" / "speech-jiangchuan-cppcc-2024.txt",
    REPO / "tests" / "fixtures" / "reports" / "gov-work-report-jiangchuan-2024.txt",
    REPO / "tests" / "fixtures" / "reports" / "gov-work-report-jiangchuan-2024-messy.txt",
]
CITIES = [
    "郑州",
    "江川",
    "洛水",
    "青岚",
    "临河",
    "东陵",
    "南屏",
    "西岭",
    "北川",
    "中原",
    "汉江",
    "云阳",
    "石门",
    "安平",
    "永宁",
    "丰城",
]
SMALL, MEDIUM, LARGE = 15_000, 30_000, 200_000
CORPUS = REPO / "tests" / "fixtures" / "corpus"
ORDINAL_PARAGRAPHS = 8_000


def ordinals_report() -> str:
    """8,000 paragraphs, each an enumeration 一是…四是 with its own items."""
    return "一、总体要求\n\n" + "\n\n".join(
        f"第{i}项工作要抓好落实，一是加强组织领导{i}，二是完善工作机制{i % 97}，"
        f"三是强化督促检查，四是做好宣传引导{i % 89}。"
        for i in range(ORDINAL_PARAGRAPHS)
    )


def _vary(text: str, copy: int) -> str:
    """A variant of a report: other figures, another city, numbered part headings."""
    if copy == 0:
        return text
    city = CITIES[copy % len(CITIES)]
    text = text.replace("郑州", city).replace("江川", city)
    text = re.sub(r"\d+", lambda m: str(int(m.group(0)) + copy * 7), text)
    return f"【第{copy + 1}部分】\n\n{text}"


def build_report(size: int) -> str:
    """A report of exactly ``size`` characters (cut at a paragraph end where possible)."""
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    parts: list[str] = []
    total = 0
    copy = 0
    while total < size:
        part = _vary(texts[copy % len(texts)], copy)
        parts.append(part)
        total += len(part) + 2
        copy += 1
    report = "\n\n".join(parts)[:size]
    cut = report.rfind("。")
    return report[: cut + 1] if cut > size * 0.9 else report


def run_generate(report: Path, output: Path) -> float:
    """Seconds for one `trainer generate` run (fresh process, interpreter start included)."""
    env = dict(os.environ, TRAINER_HOME=str(output.parent / "home"))
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "generate", str(report), "-o", str(output), "--force"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"trainer generate failed: {result.stderr.strip()}")
    print(f"  {report.name}: {result.stdout.strip().splitlines()[0]}  ({elapsed:.2f} s)")
    return elapsed


def main() -> None:
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = "\n\n".join(  # two real 2026 reports (with their web-page noise)
            (CORPUS / f"{name}-2026-government-work-report.txt").read_text(encoding="utf-8")
            for name in ("sichuan", "zhejiang")
        )
        reports = {
            "small": (build_report(SMALL), 3),
            "medium": (corpus[: corpus.find("。", MEDIUM) + 1], 3),
            "large": (build_report(LARGE), 1),
            "ordinals": (ordinals_report(), 1),
        }
        for name, (text, runs) in reports.items():
            report = tmp / f"report-{name}.txt"
            report.write_text(text, encoding="utf-8")
            print(f"{name}: {len(text)} characters:")
            timings[name] = min(
                run_generate(report, tmp / f"bank-{name}.yaml") for _ in range(runs)
            )
    print("targets: small < 2 s, medium < 5 s, large < 20 s, ordinals < 20 s")
    print(" ".join(f"{name}_s={seconds:.2f}" for name, seconds in timings.items()))


if __name__ == "__main__":
    main()
