"""Messages in Chinese (the default) and English.

Each area of the program keeps its messages in a module of this package
(``trainer/i18n/<area>.py``) as ``MESSAGES = {"key": ("中文", "English")}``; keys are prefixed
by the area (``app.``, ``grading.``, ``cli.`` …). A test checks that every key has both.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
ENV_LANG = "TRAINER_LANG"

_language: Language = "zh"
_catalog: dict[str, tuple[str, str]] | None = None


def _load() -> dict[str, tuple[str, str]]:
    global _catalog
    if _catalog is None:
        merged: dict[str, tuple[str, str]] = {}
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            merged.update(getattr(module, "MESSAGES", {}))
        _catalog = merged
    return _catalog


def catalog() -> dict[str, tuple[str, str]]:
    """Every message key with its (Chinese, English) texts."""
    return dict(_load())


def set_language(language: str | None) -> Language:
    """Switch the language of all messages; unknown values fall back to Chinese.

    Returns:
        The language now in force.
    """
    global _language
    _language = "en" if (language or "").lower().startswith("en") else "zh"
    return _language


def get_language() -> Language:
    """The language now in force."""
    return _language


def language_from_env() -> Language | None:
    """The language asked for by ``TRAINER_LANG``, if any."""
    value = os.environ.get(ENV_LANG)
    return set_language(value) if value else None


def t(key: str, language: str | None = None, /, **values: object) -> str:
    """The message ``key`` in the current (or given) language, formatted with ``values``.

    An unknown key is returned as it is, so a missing message shows up instead of crashing.
    """
    texts = _load().get(key)
    if texts is None:
        return key
    lang = language or _language
    text = texts[1] if lang == "en" else texts[0]
    return text.format(**values) if values else text


def tn(key: str, n: int, /, **values: object) -> str:
    """:func:`t` for a count: the key ``key + ".one"`` when ``n == 1`` and it exists.

    Chinese needs no plural; English does ("1 day", "2 days"), so only the English text of
    the ``.one`` variant differs.
    """
    return t(plural_key(key, n), n=n, **values)


def plural_key(key: str, n: int) -> str:
    """``key + ".one"`` when ``n == 1`` and such a message exists, else ``key``."""
    one = key + ".one"
    return one if n == 1 and one in _load() else key
