"""The cyclic garbage collector while the app starts (issue #16: start-up).

Starting the app creates a few hundred thousand objects that live until it ends — the modules
of Textual and of the trainer, the stylesheets, the first screen, the bank (50,000 questions
at scale) — and almost no garbage. Python's collector does not know that: it walks them again
and again while they are created (one full collection alone took 65 ms of a 0.4 s start on
the built-in bank, about 95 ms in all). So ``trainer`` pauses the collector before it imports
the app and resumes it once the first screen is on display, after moving everything created
so far out of its way (``gc.freeze()``: frozen objects are still freed by reference counting,
only never examined for cycles again).

Nothing here imports Textual: :func:`pause_for_start_up` runs before the app is imported.
"""

from __future__ import annotations

import gc

_paused: list[bool] = []
"""Non-empty while :func:`pause_for_start_up` holds the collector (it was enabled before)."""


def pause_for_start_up() -> None:
    """Stop automatic collections until :func:`resume_after_start_up` (idempotent; nothing
    happens when the collector is already off)."""
    if gc.isenabled() and not _paused:
        gc.disable()
        _paused.append(True)


def resume_after_start_up() -> None:
    """Freeze what start-up created and turn the collector back on, if
    :func:`pause_for_start_up` turned it off (otherwise nothing: tests that build many apps in
    one process never freeze their garbage)."""
    if _paused:
        _paused.clear()
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether start-up still holds the collector."""
    return bool(_paused)
