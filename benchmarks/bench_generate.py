"""How long `trainer generate` takes on a 15,000- and a 200,000-character report.

The reports are built from the shipped report and the test fixtures (a speech and a
government work report, tidy and hard-wrapped), each copy varied (figures, names, headings)
so that the generator sees new content rather than duplicates. Each size runs the real
command line (`python -m trainer generate`) in a fresh process, best of three.

Targets: under 2 s for 15,000 characters, under 20 s for 200,000.

Run: /work/venv/bin/python benchmarks/bench_generate.py
The last line is ``small_s=A large_s=B``.
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
SMALL, LARGE = 15_000, 200_000


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
    print(f"  {report.name}: {result.stdout.strip()}  ({elapsed:.2f} s)")
    return elapsed


def main() -> None:
    timings: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for size in (SMALL, LARGE):
            report = tmp / f"report-{size}.txt"
            report.write_text(build_report(size), encoding="utf-8")
            chars = len(report.read_text(encoding="utf-8"))
            print(f"{chars} characters:")
            timings[size] = min(run_generate(report, tmp / f"bank-{size}.yaml") for _ in range(3))
    print("targets: small < 2 s, large < 20 s")
    print(f"small_s={timings[SMALL]:.2f} large_s={timings[LARGE]:.2f}")


if __name__ == "__main__":
    main()
