"""The table of question types: ``TYPES[name]`` is the :class:`QuestionType` that owns it.

The seven built-in types register themselves when this module is imported; another type
registers with :func:`register` (see docs/architecture.md, "Adding a question type").
"""

from __future__ import annotations

from typing import Any

from trainer.core.bank.model import _COMMON_KEYS
from trainer.core.qtypes.base import QuestionType

TYPES: dict[str, QuestionType] = {}
"""Every registered type by name, in registration order (the built-in seven first)."""

_ALLOWED_KEYS: dict[str, frozenset[str]] = {}
_ALL_KEYS: set[str] = set(_COMMON_KEYS)


def register(kind: QuestionType) -> QuestionType:
    """Add a question type (replacing one of the same name).

    Returns:
        The type, so that a module can write ``TYPE = register(MyType())``.
    """
    TYPES[kind.name] = kind
    _ALLOWED_KEYS[kind.name] = frozenset(_COMMON_KEYS | kind.keys)
    _ALL_KEYS.update(kind.keys)
    return kind


def unregister(name: str) -> None:
    """Remove a type (tests that register one of their own undo it)."""
    TYPES.pop(name, None)
    _ALLOWED_KEYS.pop(name, None)
    _ALL_KEYS.clear()
    _ALL_KEYS.update(_COMMON_KEYS)
    for kind in TYPES.values():
        _ALL_KEYS.update(kind.keys)


def type_of(question: Any) -> QuestionType:
    """The type that owns this question.

    Raises:
        KeyError: its type is not registered.
    """
    return TYPES[question.type]


def allowed_keys(name: str) -> frozenset[str]:
    """The YAML keys a question of this type may have (common ones included)."""
    return _ALLOWED_KEYS[name]


def is_question_key(key: str) -> bool:
    """Whether some registered type reads this YAML key (to say "not for this type")."""
    return key in _ALL_KEYS


def _register_builtins() -> None:
    from trainer.core.qtypes import choice, cloze, number, order, short, truefalse
    from trainer.core.qtypes import list as list_type

    for module in (short, cloze, list_type, choice, truefalse, number, order):
        register(module.TYPE)


_register_builtins()
