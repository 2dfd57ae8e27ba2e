"""The app's side of sync: the home screen's sync line, and the background runs at start and at
the end of a session (study never waits for them)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import RunningServer
from tests.server.devices import Device

SIZE = (100, 32)


def _app(data_dir: Path, builtin_bank_path: Path, **options: Any) -> Any:
    from trainer.core.store import Store
    from trainer.ui.app import create_app

    store = Store.open(data_dir / "trainer.sqlite3")
    return create_app(
        bank_path=builtin_bank_path, store=store, cursor_blink=False, warm_up=False, **options
    )


def _text(app: Any, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return str(widget.render()) if widget.display else ""


async def test_home_shows_no_sync_line_until_sync_is_set_up(
    data_dir: Path, builtin_bank_path: Path
) -> None:
    app = _app(data_dir, builtin_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _text(app, "#home-sync") == ""
    app.store.close()


async def test_home_shows_last_sync_and_pending_reviews(
    data_dir: Path, builtin_bank_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trainer.core.store import Store

    (data_dir / "sync.json").write_text(
        json.dumps({"url": "http://127.0.0.1:9", "user": "小王", "profile": "default",
                    "token": "t" * 43, "device_id": 1}),
        encoding="utf-8",
    )  # fmt: skip
    with Store.open(data_dir / "trainer.sqlite3") as store:
        for index in range(3):
            store.record_review(
                "default", bank_id="b", question_id=f"q{index}", rating=3, verdict="correct",
                score=1.0,
            )  # fmt: skip
    started: list[bool] = []
    monkeypatch.setattr(
        "trainer.server.background.start_background_sync", lambda: started.append(True)
    )
    app = _app(data_dir, builtin_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _text(app, "#home-sync") == "同步：从未，待上传 3 条"
        await pilot.pause(1.2)
        assert started == [True]  # the app-start run
    app.store.close()


async def test_a_finished_session_starts_a_background_sync(
    data_dir: Path, builtin_bank_path: Path
) -> None:
    from trainer.ui.screens.study import StudyScreen

    app = _app(data_dir, builtin_bank_path)
    calls: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.sync_in_background = lambda: calls.append("sync")  # type: ignore[method-assign]
        app.start_session("study")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        app.screen.finish()
        await pilot.pause()
        assert calls == ["sync"]
    app.store.close()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_the_app_pushes_at_start_without_waiting(
    server: RunningServer, tmp_path: Path, builtin_bank_path: Path
) -> None:
    from trainer import paths

    device = Device(tmp_path / "laptop", server.url, "小王", server.add_user("小王"))
    device.study(4, 1)
    paths.set_data_dir(device.folder)
    app = _app(device.folder, builtin_bank_path)
    async with app.run_test(size=SIZE) as pilot:
        shown = time.monotonic()
        await pilot.pause()
        assert "待上传 4 条" in _text(app, "#home-sync")
        deadline = shown + 30
        while server.storage.review_count() < 4 and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert server.storage.review_count() == 4
    app.store.close()
