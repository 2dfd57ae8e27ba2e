"""Fixtures of the study-app tests: a small bank with every question type, a temporary store,
a fixed clock, and an app factory with the cursor blink off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

REPORT = """\
【五年工作主要体会】

一是必须切实加强党的全面领
导。二是必须坚持围绕中心、服
务大局。三是必须践行全过程人
民民主。

【今年工作建议】

市县两级政协共发布读书主题98个，建立微信读书群204个。
要坚持党的领导，坚持团结和民主两大主题。
政协是专门协商机构，是国家治理体系的重要组成部分。
"""

BANK = """\
bank: {id: test-bank, title: 测试题库, source: report.txt}
sections:
  - {id: lessons, title: 五年工作主要体会}
  - {id: proposals, title: 今年工作建议}
questions:
  - id: q-short
    type: short
    section: lessons
    prompt: 五年工作主要体会的第一条是什么？
    answer: 必须切实加强党的全面领导
    source: 一是必须切实加强党的全面领导。
    explanation: 第一条讲党的领导。
  - id: q-cloze
    type: cloze
    section: lessons
    text: 必须坚持围绕{{中心}}、服务{{大局}}
    source: 二是必须坚持围绕中心、服务大局。
  - id: q-list
    type: list
    section: lessons
    prompt: 列出五年工作主要体会的前三条。
    items: [必须切实加强党的全面领导, 必须坚持围绕中心、服务大局, 必须践行全过程人民民主]
    source: 一是必须切实加强党的全面领导。二是必须坚持围绕中心、服务大局。三是必须践行全过程人民民主。
  - id: q-choice
    type: choice
    section: proposals
    prompt: 政协是什么机构？
    options: [专门协商机构, 权力机关, 行政机关, 审判机关]
    answer: A
    source: 政协是专门协商机构
  - id: q-truefalse
    type: truefalse
    section: proposals
    statement: 团结和民主是政协的两大主题。
    answer: true
    source: 坚持团结和民主两大主题
  - id: q-number
    type: number
    section: proposals
    prompt: 市县两级政协共发布读书主题多少个？
    answer: 98
    unit: 个
    source: 市县两级政协共发布读书主题98个
  - id: q-order
    type: order
    section: lessons
    prompt: 按报告中的顺序排列。
    items: [加强党的全面领导, 围绕中心、服务大局, 践行全过程人民民主]
    source: 一是必须切实加强党的全面领导。二是必须坚持围绕中心、服务大局。三是必须践行全过程人民民主。
"""

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 in Asia/Shanghai


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """A bank of seven questions, one of each type, with its report next to it."""
    (tmp_path / "report.txt").write_text(REPORT, encoding="utf-8")
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


@pytest.fixture
def clock() -> Any:
    from trainer.core.clock import FixedClock

    return FixedClock(NOW)


@pytest.fixture
def store(data_dir: Path) -> Iterator[Any]:
    """The temporary data directory's store, fixed to Asia/Shanghai, without interval fuzz."""
    from trainer.core.store import Store

    opened = Store.open(data_dir / "trainer.sqlite3", enable_fuzzing=False)
    opened.set_setting("timezone", "Asia/Shanghai")
    yield opened
    opened.close()


@pytest.fixture
def make_app(bank_path: Path, clock: Any, store: Any) -> Callable[..., Any]:
    """Build the app on the small bank with a fixed clock and no cursor blink."""
    from trainer.ui.app import create_app

    def build(**overrides: Any) -> Any:
        options: dict[str, Any] = {
            "bank_path": bank_path,
            "clock": clock,
            "store": store,
            "cursor_blink": False,
            "warm_up": False,
        }
        options.update(overrides)
        return create_app(**options)

    return build


def screen_text(app: Any) -> str:
    """Every Static/Label/Input text and feedback line currently on the screen, joined (for
    assertions)."""
    from textual.widgets import Input, Static

    from trainer.ui.widgets.feedback import FeedbackView

    parts: list[str] = []
    screen = app.screen
    for widget in screen.query("*"):
        # A widget inside a hidden one is not on the screen either (the study screen keeps
        # its input and feedback mounted, hidden, between questions).
        node = widget
        while node is not None and node is not screen and node.display:
            node = node.parent
        if node is not screen:
            continue
        if isinstance(widget, Input):
            parts.append(widget.value)
        elif isinstance(widget, FeedbackView):  # one widget draws all its lines
            parts.append(widget.plain)
        elif isinstance(widget, Static):
            content = widget.content
            parts.append(content.plain if hasattr(content, "plain") else str(content))
    return "\n".join(parts)


# -- shared by the group screens' tests (projector, host, join)


class ManualClock:
    """A clock the test moves by hand (seconds, as ``time.monotonic`` gives them)."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


async def until(pilot: Any, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Let the app run until ``predicate()`` holds; fail after ``timeout`` wall-clock seconds
    (generous: on a loaded 2-core CI machine a reconnect takes seconds)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not reached")


def rendered(app: Any, selector: str) -> str:
    """The text of every Static that ``selector`` matches on the current screen."""
    from textual.widgets import Static

    return " ".join(str(w.render()) for w in app.screen.query(selector).results(Static))


def text_of(app: Any, selector: str) -> str:
    """The text of the one Static that ``selector`` names on the current screen."""
    from textual.widgets import Static

    return str(app.screen.query_one(selector, Static).render())
