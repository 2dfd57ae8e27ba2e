"""Small helpers shared by the app's widgets and screens."""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.dom import DOMNode
from textual.widgets import Input, Select

from trainer.i18n import t


class TInput(Input):
    """An Input that honours the app's ``cursor_blink_enabled`` flag (off in snapshot tests)."""

    def on_mount(self) -> None:
        if not getattr(self.app, "cursor_blink_enabled", True):
            self.cursor_blink = False


class TSelect(Select):  # type: ignore[type-arg]
    """A Select whose pop-up shows its key (Esc closes the list) in the UI language."""

    def on_mount(self) -> None:
        from textual.widgets._select import SelectOverlay

        for overlay in self.query(SelectOverlay):
            bindings_map = overlay._bindings
            for key, bindings in bindings_map.key_to_bindings.items():
                bindings_map.key_to_bindings[key] = [
                    dataclasses.replace(b, description=t("app.key.close_list"))
                    if b.action == "dismiss"
                    else b
                    for b in bindings
                ]


def localize_bindings(node: DOMNode) -> None:
    """Translate the descriptions of ``node``'s bindings, written as ``app.*`` message keys.

    Bindings are declared once per class with message keys as descriptions; each instance shows
    them in the language in force when it is created (or when this is called again).
    """
    originals: dict[str, Any] | None = getattr(node, "_trainer_binding_keys", None)
    bindings_map = node._bindings
    if originals is None:
        originals = {
            key: [b.description for b in bindings]
            for key, bindings in bindings_map.key_to_bindings.items()
        }
        node._trainer_binding_keys = originals  # type: ignore[attr-defined]
    for key, bindings in bindings_map.key_to_bindings.items():
        descriptions = originals.get(key, [])
        bindings_map.key_to_bindings[key] = [
            dataclasses.replace(b, description=t(d)) if d and d.startswith("app.") else b
            for b, d in zip(bindings, descriptions, strict=False)
        ]
