"""The key bar at the bottom of every screen: the keys of the current screen, in one line.

It shows what Textual's ``Footer`` shows (the screen's active bindings that have ``show``), but
as a single ``Static`` instead of one widget per key, which makes a screen noticeably cheaper to
build (the start-up benchmark counts every millisecond). A click on a key presses it.

Bindings are declared once per class with message keys as descriptions (``app.key.study``);
the bar words them in the language in force each time it draws, so a language switch needs no
rewriting of Textual's binding tables.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from trainer.i18n import t

# Textual's own bindings whose English descriptions the bar words (action -> message key).
_TEXTUAL_ACTIONS = {"dismiss": "app.key.close_list"}


def binding_label(binding: Binding) -> str:
    """A binding's description in the language in force (a message key is worded)."""
    description = binding.description
    if not description:
        return ""
    # Our descriptions are message keys (they contain a dot); Textual's are English words.
    key = description if "." in description else _TEXTUAL_ACTIONS.get(binding.action, description)
    return t(key)


class KeyBar(Static):
    """``key description`` for each key of the current screen; disabled keys are dimmed."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 100%;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        text-style: bold;
    }
    KeyBar > .keybar--disabled {
        color: $text-disabled;
    }
    """

    def __init__(self) -> None:
        super().__init__("", markup=False)
        self._spans: list[tuple[int, int, str]] = []
        self._shown = Text()
        self._pending = False  # a look at the keys is due after the next paint

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        # Drawn now, in the screen's first paint (not in a second one after it); checked again
        # after that paint, when the focus has settled, and redrawn only if the keys differ.
        self.refresh_keys()
        self.call_after_refresh(self.refresh_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # Several changes come at once (each focus change and refresh_bindings in an answer
        # cycle): one look at the keys after the next paint answers them all.
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._refresh_pending)

    def _refresh_pending(self) -> None:
        self._pending = False
        self.refresh_keys()

    def refresh_keys(self) -> None:
        """Render the keys of the screen's active bindings."""
        if not self.is_attached:
            return
        key_style = self.get_component_rich_style("keybar--key", partial=True)
        disabled_style = self.get_component_rich_style("keybar--disabled", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        spans: list[tuple[int, int, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            start = text.cell_len
            text.append(f" {self.app.get_key_display(binding)} ", key_style)
            text.append(f"{binding_label(binding)} ", None if enabled else disabled_style)
            spans.append((start, text.cell_len, binding.key))
        self._spans = spans
        if text == self._shown:
            return  # the same keys: a redraw would only cost time (every answer asks twice)
        self._shown = text
        # One line across the screen, docked: its size never changes, so no relayout.
        self.update(text, layout=False)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return
