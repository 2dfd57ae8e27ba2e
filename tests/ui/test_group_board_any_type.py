"""The group's shared screens draw any registered question type from what its home says: the
eighth test type (``pair``, defined in tests/core/test_eighth_question_type.py with no edit
elsewhere) is shown on the projector with the count of its parts under the prompt (its input
kind is ``parts``, as on the phone page), a line the host types for a player (``2022；二十大``)
is graded by its home as two parts, and the reveal shows its answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_eighth_question_type import BANK, PairType
from tests.ui.conftest import ManualClock, text_of
from trainer.core.bank import load_bank
from trainer.core.qtypes import register, unregister
from trainer.core.store import Store
from trainer.ui.group_app import GroupApp
from trainer.ui.screens.group_projector import ProjectorScreen


@pytest.fixture
def pair_type() -> Iterator[PairType]:
    kind = PairType()
    register(kind)
    yield kind
    unregister("pair")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store.sqlite3", enable_fuzzing=False)
    yield opened
    opened.close()


def _bank(tmp_path: Path) -> Any:
    path = tmp_path / "bank.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_bank(path)


async def test_the_projector_shows_and_grades_a_type_it_was_never_told_about(
    tmp_path: Path, pair_type: PairType, store: Store
) -> None:
    bank = _bank(tmp_path)
    screen = ProjectorScreen(
        bank, [bank.question("p1")], ["张三", "李四"], store=store, clock=ManualClock()
    )
    app = GroupApp(lambda: screen, cursor_blink=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # the prompt, then how many parts are wanted (what the phone page draws as 2 boxes)
        assert text_of(app, "#group-question") == "哪一年召开了哪次大会？\n（2）"
        await pilot.press("t")
        for typed in ("2022；二十大", "2022;十九大"):
            screen.query_one("#group-type").value = typed
            await pilot.press("enter")
        assert pair_type.graded == [["2022", "二十大"], ["2022", "十九大"]]
        assert [player.answers[0].verdict for player in screen.seats] == ["correct", "partial"]
        await pilot.press("enter")  # reveal
        assert "2022；二十大" in text_of(app, "#group-answer")
        await pilot.press("enter", "enter")  # scoreboard, podium: the answers are recorded
        assert screen.stage == "podium"
        await pilot.press("q")
    assert [r.verdict for r in store.iter_reviews("张三")] == ["correct"]
