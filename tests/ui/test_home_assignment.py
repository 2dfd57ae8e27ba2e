"""The home screen with a study group's assignment (Chinese and English; snapshot, fixed clock:
2026-03-02 09:00 in Asia/Shanghai, the deadline 18 days later)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.test_snapshots import LANGUAGES, SIZE, settle
from trainer.server.assignments import SETTING_KEY


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_with_an_assignment(
    snap_compare: Any, make_app: Any, store: Any, language: str
) -> None:
    store.set_setting(
        SETTING_KEY,
        [{"group": "第一学习小组", "bank_id": "test-bank", "sections": ["lessons"],
          "deadline": "2026-03-20"}],
        store.default_profile_name(),
    )  # fmt: skip
    assert snap_compare(make_app(language=language), terminal_size=SIZE, run_before=settle)
