"""The small Textual app that hosts one group screen (projector, host or join).

``trainer group``, ``trainer host`` and ``trainer join`` each run a :class:`GroupApp` with
one screen; the tests drive the same app with ``App.run_test()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from trainer.i18n import t

STYLES = Path(__file__).resolve().parent / "styles"


def _css_paths() -> list[str | PurePath]:
    paths: list[str | PurePath] = [STYLES / "group.tcss"]
    widgets = STYLES / "widgets.tcss"
    if widgets.exists():
        paths.append(widgets)
    return paths


class GroupApp(App[int]):
    """An app showing one group screen.

    Args:
        make_screen: builds the screen once the app runs.
        cursor_blink: off in tests.
    """

    TITLE = "学习训练器"
    CSS_PATH: ClassVar[str | PurePath | list[str | PurePath] | None] = _css_paths()
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "group.key.quit", priority=True, show=False),
    ]

    def __init__(
        self,
        make_screen: Callable[[], Screen],
        *,
        cursor_blink: bool = True,
        log_path: Path | None = None,
    ) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.cursor_blink_enabled = cursor_blink
        self.title = t("group.ui.title")
        self.log_path = log_path
        self.crash: str | None = None

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: the whole traceback goes to the log, the terminal gets one line
        naming the log, and the process exits with 1 (the report is already on disk up to the
        last reveal). Without a log (tests) Textual's own handling is kept."""
        if self.log_path is None:
            super()._handle_exception(error)
            return
        logging.getLogger("trainer.group").error("unexpected error", exc_info=error)
        self.crash = t(
            "group.error.crashed", error=f"{type(error).__name__}: {error}"[:200], log=self.log_path
        )
        self.exit(None, 1)

    def on_mount(self) -> None:
        self.push_screen(self.make_screen())
