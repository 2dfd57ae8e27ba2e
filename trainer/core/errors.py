"""The core's one error type: a message key with its values, worded by the front ends.

The core never words a message in a language (it does not import ``trainer.i18n``): it raises
:class:`TrainerError` (or a subclass) carrying ``key`` and ``values``; the CLI, the app and the
group server turn it into a sentence with ``trainer.i18n.describe(error)``. ``str(error)`` is an
English fallback for logs and for tests that do not care about the language.
"""

from __future__ import annotations

from typing import Any


class Reason(str):
    """A value that is itself a message: English text, plus ``key`` for its wording.

    Used where an error's value is one of a few known causes (a busy database, a full disk …),
    so that the cause is worded in the learner's language along with the sentence around it.
    """

    key: str

    def __new__(cls, key: str, english: str) -> Reason:
        reason = super().__new__(cls, english)
        reason.key = key
        return reason


class TrainerError(Exception):
    """Something the core cannot do, for a reason the learner can act on.

    Args:
        message: the English text (``str(error)``, ``args[0]``).
        key: the message key the front ends word it by (``None``: only the English text).
        values: the values that fill the message; a :class:`Reason` among them is worded too.
    """

    def __init__(self, message: str, key: str | None = None, /, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""
