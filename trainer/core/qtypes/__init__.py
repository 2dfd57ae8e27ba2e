"""Question types, one module each, and the registry that the rest of the program asks.

- base.py: :class:`QuestionType`, what a type provides (parse, grade, expected answer, hint,
  guide, presentation, redacted view, input kind and rebuild for group clients, typed-line
  parsing, Anki note);
- registry.py: ``TYPES``, :func:`register`, :func:`type_of`;
- short.py, cloze.py, list.py, choice.py, truefalse.py, number.py, order.py: the seven types,
  each with its grader.
"""

from trainer.core.qtypes.base import (
    INPUT_KINDS,
    AnkiWording,
    FieldReader,
    Hint,
    QuestionType,
    RebuildError,
    ShownAnswer,
    TypeInContent,
    Words,
)
from trainer.core.qtypes.registry import TYPES, register, type_of, unregister

__all__ = [
    "INPUT_KINDS",
    "TYPES",
    "AnkiWording",
    "FieldReader",
    "Hint",
    "QuestionType",
    "RebuildError",
    "ShownAnswer",
    "TypeInContent",
    "Words",
    "register",
    "type_of",
    "unregister",
]
