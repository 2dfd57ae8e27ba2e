"""The statistics screen on a constructed history, driven with Pilot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Static

from trainer.core.bank import Bank, load_bank
from trainer.core.store import Store
from trainer.i18n import set_language
from trainer.ui.screens.stats import StatsScreen

BANK = """\
bank: {id: ui-demo, title: 界面演示}
sections:
  - {id: s1, title: 第一部分}
  - {id: s2, title: 第二部分}
questions:
  - {id: q1, type: short, section: s1, prompt: 第一问？, answer: 答案一}
  - {id: q2, type: short, section: s1, prompt: 第二问？, answer: 答案二}
  - {id: q3, type: short, section: s2, prompt: 第三问？, answer: 答案三}
  - {id: q4, type: short, section: s2, prompt: 第四问？, answer: 答案四}
"""
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


class StatsApp(App[None]):
    """A minimal app that pushes the statistics screen and records what it returns."""

    def __init__(self, store: Store, profile: str, bank: Bank) -> None:
        super().__init__()
        self.store = store
        self.bank = bank
        self.profile = profile
        self.clock = lambda: NOW
        self.result: Any = "not dismissed"

    def on_mount(self) -> None:
        def done(value: list[str] | None) -> None:
            self.result = value

        self.push_screen(StatsScreen(self.store, self.profile, self.bank), done)


@pytest.fixture
def bank(tmp_path: Path) -> Bank:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


def _review(store: Store, bank: Bank, profile: str, qid: str, when: datetime, ok: bool) -> None:
    store.record_review(
        profile,
        bank_id=bank.id,
        question_id=qid,
        rating=3 if ok else 1,
        verdict="correct" if ok else "wrong",
        score=1.0 if ok else 0.0,
        content_hash=bank.question(qid).content_hash,
        duration_ms=30_000,
        reviewed_at=when,
    )


@pytest.fixture
def store(tmp_path: Path, bank: Bank) -> Store:
    opened = Store.open(tmp_path / "s.sqlite3", enable_fuzzing=False)
    opened.set_setting("timezone", "UTC", profile="amy")
    # Three days in a row: q1 always right, q2 always wrong (a lapse-prone question).
    for back in (2, 1, 0):
        day = NOW - timedelta(days=back, hours=1)
        _review(opened, bank, "amy", "q1", day, True)
        _review(opened, bank, "amy", "q2", day + timedelta(minutes=1), back != 1)
        if back == 2:  # a second Good after the learning step: q2 graduates, then lapses
            _review(opened, bank, "amy", "q2", day + timedelta(minutes=15), True)
    _review(opened, bank, "amy", "q2", NOW - timedelta(minutes=30), False)
    exam = opened.start_exam("amy", bank.id, 2, started_at=NOW - timedelta(days=1))
    opened.finish_exam(
        exam.id or 0,
        0.5,
        {"s1": {"total": 2, "correct": 1, "score": 0.5}},
        finished_at=NOW - timedelta(days=1) + timedelta(minutes=3),
    )
    _review(opened, bank, "bo", "q3", NOW - timedelta(hours=2), True)
    yield opened
    opened.close()


def part_of(app: App[Any], name: str) -> tuple[Any, Any] | None:
    """The box showing the part ``name`` of the statistics screen, and the part (or None)."""
    from trainer.ui.widgets.stats_box import StatsBox

    for box in app.screen.query(StatsBox):
        part = box.part(name)
        if part is not None:
            return box, part
    return None


def text_of(app: App[Any], selector: str) -> str:
    """The text of ``#stats-NAME``: the part NAME of a box (its whole text, unwrapped), or a
    plain widget of the screen."""
    found = part_of(app, selector.removeprefix("#stats-"))
    if found is None:
        content: Any = app.screen.query_one(selector, Static).content
    else:
        box, part = found
        content = part.content(box.content_size.width) if callable(part.content) else part.content
    if hasattr(content, "plain"):
        return str(content.plain)
    if isinstance(content, str):
        return content
    import io

    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


async def test_screen_shows_today_streak_mastery_exams_and_group(store: Store, bank: Bank) -> None:
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        today = text_of(app, "#stats-today")
        assert "今日已答" in today and " 3 " in f" {today} "  # q1, q2, q2 again today
        assert "连续学习" in today and "3 天" in today
        assert "67%" in today  # 2 of 3 correct today
        mastery = text_of(app, "#stats-mastery")
        assert "第一部分" in mastery and "第二部分" in mastery
        exams = text_of(app, "#stats-exams")
        assert "2026-03-09" in exams and "50%" in exams and "第一部分 50%" in exams
        await pilot.press("g")  # the study group, computed when its box is shown
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        group = text_of(app, "#stats-group")
        assert "amy" in group and "bo" in group
        weak = text_of(app, "#stats-weak")
        assert "第二问？" in weak
        heat = text_of(app, "#stats-heatmap")
        assert "共 8 次作答，3 天有学习" in heat


async def test_study_these_now_dismisses_with_the_weak_questions(store: Store, bank: Bank) -> None:
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")  # 90-day chart
        assert app.screen.span == 90  # type: ignore[attr-defined]
        assert "90" in text_of(app, "#stats-span")
        await pilot.press("3")
        assert app.screen.span == 365  # type: ignore[attr-defined]
        await pilot.press("g")
        await pilot.press("s")
        await pilot.pause()
        assert app.result == ["q2"]


async def test_escape_dismisses_with_none_and_english_is_complete(store: Store, bank: Bank) -> None:
    set_language("en")
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = text_of(app, "#stats-today")
        assert "reviewed today" in today and "3 days" in today
        from trainer.ui.widgets.keybar import KeyBar

        keys = str(app.screen.query_one(KeyBar).render())
        assert "back" in keys and "stats.key" not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None


async def test_no_history_and_no_bank_are_handled(tmp_path: Path, bank: Bank) -> None:
    empty = Store.open(tmp_path / "empty.sqlite3")
    try:
        app = StatsApp(empty, "nobody", bank)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "0" in text_of(app, "#stats-today")
            assert "还没有" in text_of(app, "#stats-weak")
            await pilot.press("s")  # nothing to study: stays
            await pilot.pause()
            assert isinstance(app.screen, StatsScreen)
        app = StatsApp(empty, "nobody", None)  # type: ignore[arg-type]
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "没有打开题库" in text_of(app, "#stats-problem")
    finally:
        empty.close()


# ----------------------------------------------------------------------------- everyday polish


def test_count_axes_have_whole_numbers_and_months_name_themselves() -> None:
    from trainer.ui.screens.stats import integer_ticks, month_label

    assert integer_ticks(5) == ([0, 1, 2, 3, 4, 5], ["0", "1", "2", "3", "4", "5"])
    assert integer_ticks(10)[0] == [0, 2, 4, 6, 8, 10]
    assert integer_ticks(37)[0] == [0, 10, 20, 30, 40]
    assert integer_ticks(0)[0] == [0, 1]
    assert month_label("2026-03") == "3月"
    assert month_label("2026-01") == "2026年1月" and month_label("2025-12", first=True) == (
        "2025年12月"
    )
    set_language("en")
    assert month_label("2026-03") == "Mar" and month_label("2026-01") == "Jan 2026"


async def test_empty_charts_say_no_data_instead_of_drawing_a_lone_target(
    tmp_path: Path, bank: Bank
) -> None:
    empty = Store.open(tmp_path / "empty.sqlite3")
    try:
        app = StatsApp(empty, "nobody", bank)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert part_of(app, "retention") is None  # no chart, the note in its place
            retention = text_of(app, "#stats-retention-empty")
            assert "暂无数据" in retention and "90%" in retention
            assert "暂无数据" in text_of(app, "#stats-reviews-empty")
            assert "暂无数据" in text_of(app, "#stats-forecast-empty")
    finally:
        empty.close()


async def test_charts_with_data_are_drawn(store: Store, bank: Bank) -> None:
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert part_of(app, "reviews") is not None
        assert part_of(app, "reviews-empty") is None


async def test_new_questions_answered_wrong_are_weak_points(tmp_path: Path, bank: Bank) -> None:
    # Half right, half wrong, all new today: no lapse, every card just reviewed (recall ≈ 100 %).
    fresh = Store.open(tmp_path / "fresh.sqlite3", enable_fuzzing=False)
    try:
        for index, qid in enumerate(("q1", "q2", "q3", "q4")):
            _review(fresh, bank, "cy", qid, NOW - timedelta(minutes=10 - index), index % 2 == 0)
        app = StatsApp(fresh, "cy", bank)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            weak = text_of(app, "#stats-weak")
            assert "还没有" not in weak
            assert "第二问？" in weak and "第四问？" in weak and "第一问？" not in weak
            assert "最近答错" in weak
            await pilot.press("s")
            await pilot.pause()
        assert sorted(app.result) == ["q2", "q4"]
    finally:
        fresh.close()


async def test_figures_are_explained_and_english_counts_agree(store: Store, bank: Bank) -> None:
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        mastery = text_of(app, "#stats-mastery")
        assert "≥90%:" not in mastery
        assert "已掌握/题数" in mastery and "此刻记得" in mastery
        assert "不含看反馈" in text_of(app, "#stats-time-note")
    set_language("en")
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = text_of(app, "#stats-today")
        assert "answering time today" in today
        # Longest streak 3 days, current 3 days; nothing says "1 days".
        assert "1 days" not in today


async def test_charts_are_drawn_once_per_data_and_follow_a_change(
    store: Store, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the screen again with the same history reuses the drawn charts; a new span
    (other data) draws the chart again."""
    from textual_plotext.plot import Plot

    builds: list[int] = []
    build = Plot.build

    def counted(self: Plot) -> str:
        builds.append(1)
        return build(self)

    monkeypatch.setattr(Plot, "build", counted)
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        first = len(builds)
        assert first > 0
        await pilot.press("escape")
        app.push_screen(StatsScreen(store, "amy", bank))
        await pilot.pause()
        assert len(builds) == first  # the same data: nothing drawn again
        await pilot.press("2")
        await pilot.pause()
        assert len(builds) > first  # 90 days: drawn anew
        assert "90" in text_of(app, "#stats-span")


# ----------------------------------------------------------------------------- drawn lazily


async def test_the_study_group_is_computed_when_its_box_is_shown_without_moving_the_screen(
    store: Store, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other profiles' figures are computed when the learner scrolls to the group (``g``),
    not at every opening; the table takes the room kept for it (the screen does not jump)."""
    from trainer.core.stats import queries

    asked: list[int] = []
    group_lines = queries.group_lines

    def counted(*args: Any, **kwargs: Any) -> Any:
        asked.append(1)
        return group_lines(*args, **kwargs)

    monkeypatch.setattr(queries, "group_lines", counted)
    app = StatsApp(store, "amy", bank)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert asked == []  # the group box is below the first screenful
        assert "正在统计" in text_of(app, "#stats-group")
        box = app.screen.query_one("#stats-group-box")
        height = box.size.height
        await pilot.press("g")
        for _ in range(3):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert asked == [1]
        group = text_of(app, "#stats-group")
        assert "amy" in group and "bo" in group and "正在统计" not in group
        assert box.size.height == height
        await pilot.press("escape")


async def test_a_bank_title_in_the_group_heading_is_text_not_markup(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK.replace("title: 界面演示", "title: '界面[/]演示[b]'"), encoding="utf-8")
    marked = load_bank(path)
    opened = Store.open(tmp_path / "s.sqlite3")
    try:
        app = StatsApp(opened, "amy", marked)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("g")
            await pilot.pause()
            assert "界面[/]演示[b]" in text_of(app, "#stats-group-heading")
    finally:
        opened.close()


def test_a_chart_is_drawn_as_textual_plotext_draws_it() -> None:
    """The charts are drawn without a PlotextPlot widget each: the same text and colours."""
    from textual.app import App, ComposeResult
    from textual_plotext import PlotextPlot

    from trainer.ui.widgets.stats_chart import HEIGHT, chart_part

    def draw(plt: Any) -> None:
        plt.bar([1, 2, 3, 4], [3, 0, 7, 2], color="green")
        plt.plot([1, 3, 4], [50.0, 80.0, 100.0], yside="right", color="cyan", marker="dot")
        plt.xticks([1.0, 3.0], ["03-01", "03-03"])

    class Plain(App[None]):
        def compose(self) -> ComposeResult:
            yield PlotextPlot()

    async def both() -> tuple[Any, Any]:
        app = Plain()
        # wider than the 80 columns plotext takes a headless terminal for
        async with app.run_test(size=(110, HEIGHT)) as pilot:
            await pilot.pause()
            plot = app.query_one(PlotextPlot)
            plot.plt.clear_data()  # as the screen drew into its PlotextPlot before
            plot.plt.clear_figure()
            draw(plot.plt)
            reference = plot.render()
            variables = app.theme_variables
            part = chart_part(
                "test", ("key",), draw, lambda: (variables["surface"], variables["foreground"])
            )
            assert callable(part.content)
            return reference, part.content(plot.size.width)

    import asyncio

    reference, drawn = asyncio.run(both())
    assert drawn.plain == reference.plain
    assert drawn.spans == reference.spans


def test_the_room_kept_for_the_group_table_is_its_height() -> None:
    """Where no cell wraps, the height worked out from the cells' widths is the drawn one."""
    import io

    from rich.console import Console

    from trainer.core.stats import ProfileLine
    from trainer.ui.screens.stats import _table_height

    lines = [
        ProfileLine("amy", 10000, 812, 365, 36293, 50000, 0.912),
        ProfileLine("一个很长的中文档案名字", 3, 0, 0, 0, 50000, None),
    ]
    screen = StatsScreen(None, "amy", None)
    screen.group = lines
    checked = 0
    for language in ("zh", "en"):
        set_language(language)
        for width in range(30, 130, 7):
            predicted = _table_height(lines, width)
            console = Console(width=width, file=io.StringIO())
            drawn = len(console.render_lines(screen._group_table(), console.options))
            if predicted is not None:
                assert predicted == drawn, (language, width)
                checked += 1
    assert checked > 10
