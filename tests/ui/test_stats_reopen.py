"""The statistics screen opened again from the home screen: the kept screen shows what a new
one would (after answers given meanwhile too), as a new one opens, and redraws nothing when
nothing changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import Static

from tests.ui.conftest import NOW


def shown(app: Any) -> dict[str, str]:
    """What every box of the statistics screen shows (by box id), line by line with the
    colours, as it is painted at its width (charts as drawn)."""
    from trainer.ui.widgets.stats_box import StatsBox

    texts: dict[str, str] = {}
    for box in app.screen.query(StatsBox):
        width = box.content_size.width
        lines = [
            "".join(f"{segment.text}\x00{segment.style}\x01" for segment in strip)
            for part in box.parts
            for strip in part.lines(box, width, box.style_of(part))
        ]
        texts[box.id] = "\n".join(lines)
    return texts


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def answer(store: Any, question_id: str, minutes_ago: int, right: bool) -> None:
    store.record_review(
        "default",
        bank_id="test-bank",
        question_id=question_id,
        rating=3 if right else 1,
        verdict="correct" if right else "wrong",
        score=1.0 if right else 0.0,
        duration_ms=20_000,
        reviewed_at=NOW - timedelta(minutes=minutes_ago),
    )


@pytest.mark.parametrize("language", ["zh", "en"])
async def test_opened_again_it_shows_what_a_new_screen_shows(
    make_app: Any, store: Any, language: str
) -> None:
    from trainer.i18n import set_language
    from trainer.ui.screens.stats import StatsScreen

    set_language(language)
    answer(store, "q-short", 90, True)
    app = make_app(language=language)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        first = app.screen
        assert isinstance(first, StatsScreen)
        before = shown(app)
        await pilot.press("2")  # the 90-day chart, then down to the group
        await pilot.press("g")
        await settle(pilot)
        assert first.span == 90 and first.query_one("#stats-body").scroll_y > 0
        await pilot.press("escape")
        await settle(pilot)
        # Answers given meanwhile: today's figures, the heatmap, mastery, weak points move.
        answer(store, "q-cloze", 30, False)
        answer(store, "q-choice", 20, True)
        app.open_stats()
        await settle(pilot)
        assert app.screen is first  # the kept screen, brought up to date
        assert first.span == 30 and first.query_one("#stats-body").scroll_y == 0
        await pilot.press("g")  # the study group, brought up to date when shown
        await settle(pilot)
        again = shown(app)
        await pilot.press("escape")
        await settle(pilot)
        app.push_screen(StatsScreen(app.store, app.profile_name, app.bank))
        await settle(pilot)
        assert app.screen is not first
        await pilot.press("g")  # the study group of the new one, shown as on the kept one
        await settle(pilot)
        assert again == shown(app)
        assert "amy" in again["stats-group-box"] or "default" in again["stats-group-box"]
        for box in ("today", "heatmap", "mastery", "weak"):
            box_id = f"stats-{box}-box"
            assert again[box_id] != before[box_id], box  # brought up to date


async def test_opened_again_with_nothing_changed_it_redraws_nothing(
    make_app: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual_plotext.plot import Plot

    answer(store, "q-short", 90, True)
    answer(store, "q-cloze", 30, False)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        await pilot.press("g")  # the study group shown too
        await settle(pilot)
        before = shown(app)
        await pilot.press("escape")
        await settle(pilot)
        from trainer.ui.widgets.stats_box import StatsBox

        drawn: list[str] = []
        set_parts = StatsBox.set_parts
        build = Plot.build

        def counted_set_parts(self: StatsBox, *args: Any, **kwargs: Any) -> None:
            drawn.append(self.id or "")
            set_parts(self, *args, **kwargs)

        def counted_build(self: Plot) -> str:
            drawn.append("chart")
            return build(self)

        monkeypatch.setattr(StatsBox, "set_parts", counted_set_parts)
        monkeypatch.setattr(Plot, "build", counted_build)
        app.open_stats()
        await settle(pilot)
        assert drawn == []  # no box, chart or group table drawn again
        assert shown(app) == before


async def test_back_from_a_screen_over_it_it_stays_as_it_was(make_app: Any, store: Any) -> None:
    from textual.screen import Screen

    answer(store, "q-short", 90, True)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        stats_screen = app.screen
        await pilot.press("2")
        await pilot.press("g")
        await settle(pilot)
        scrolled = stats_screen.query_one("#stats-body").scroll_y
        assert scrolled > 0
        app.push_screen(Screen())  # e.g. help over the statistics
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        assert app.screen is stats_screen
        assert stats_screen.span == 90  # type: ignore[attr-defined]
        assert stats_screen.query_one("#stats-body").scroll_y == scrolled


async def test_after_a_language_switch_it_opens_in_the_new_language(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        chinese = app.screen
        await pilot.press("escape")
        await settle(pilot)
        app.switch_language("en")
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        assert app.screen is not chinese
        assert "Statistics" in str(app.screen.query_one("#stats-title", Static).render())


async def test_refreshed_by_hand_after_opening_again_it_shows_the_group(
    make_app: Any, store: Any
) -> None:
    """``r`` rebuilds the screen: the group box is filled again, even with the same figures."""
    answer(store, "q-short", 90, True)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        group = shown(app)["stats-group-box"]
        assert "default" in group and "正在统计" not in group
        await pilot.press("escape")
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        await pilot.press("r")
        await pilot.press("g")
        await settle(pilot)
        assert shown(app)["stats-group-box"] == group


async def test_opened_again_after_answers_the_group_is_brought_up_to_date_when_shown(
    make_app: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other profiles' figures are not computed again at every opening after studying
    (the group box is below the first screenful), but as soon as the box is shown."""
    from trainer.core.stats import queries

    answer(store, "q-short", 90, True)
    asked: list[int] = []
    group_lines = queries.group_lines

    def counted(*args: Any, **kwargs: Any) -> Any:
        asked.append(1)
        return group_lines(*args, **kwargs)

    monkeypatch.setattr(queries, "group_lines", counted)
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert asked == [1]
        first = shown(app)["stats-group-box"]
        await pilot.press("escape")
        await settle(pilot)
        answer(store, "q-cloze", 30, False)
        app.open_stats()
        await settle(pilot)
        assert asked == [1]  # at the top: the group is not shown, not computed
        await pilot.press("g")
        await settle(pilot)
        assert asked == [1, 1]
        group = shown(app)["stats-group-box"]
        assert group != first  # the new answer counted
        assert "default" in group and "正在统计" not in group


async def test_in_a_tall_terminal_the_group_on_screen_is_brought_up_to_date_at_once(
    make_app: Any, store: Any
) -> None:
    """Where the group box is on the first screenful, opening again shows it up to date."""
    answer(store, "q-short", 90, True)
    app = make_app()
    async with app.run_test(size=(100, 160)) as pilot:
        await settle(pilot)
        app.open_stats()
        await settle(pilot)
        first = shown(app)["stats-group-box"]
        assert "default" in first and "正在统计" not in first  # shown: computed
        await pilot.press("escape")
        await settle(pilot)
        answer(store, "q-cloze", 30, False)
        app.open_stats()
        await settle(pilot)
        group = shown(app)["stats-group-box"]
        assert group != first and "正在统计" not in group
