"""Small helpers shared by the app's widgets and screens."""

from __future__ import annotations

from textual.widgets import Input, Select


class TInput(Input):
    """An Input that honours the app's ``cursor_blink_enabled`` flag (off in snapshot tests)."""

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink_enabled", True):
            self.cursor_blink = False


class TSelect(Select):
    """The app's Select (its pop-up's Esc key is worded by the key bar, like every binding)."""
