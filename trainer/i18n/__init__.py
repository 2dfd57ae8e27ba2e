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


def describe(error: BaseException) -> str:
    """An error from the core as one line in the current language.

    A :class:`~trainer.core.errors.TrainerError` is worded by its ``key`` and ``values`` (a
    :class:`~trainer.core.errors.Reason` among the values is worded too); a bank's
    ``BankError`` gives one line per problem; anything else, or a key without a message, falls
    back to ``str(error)``.
    """
    from trainer.core.bank.model import BankError
    from trainer.core.errors import Reason, TrainerError

    if isinstance(error, BankError):
        from trainer.i18n.bank import bank_error_text

        return bank_error_text(error)

    if not isinstance(error, TrainerError) or not error.key:
        return str(error)
    values = {name: _word_value(value, Reason) for name, value in error.values.items()}
    text = t(error.key, **values)
    return text if text != error.key else str(error)


def _word_value(value: object, reason_type: type) -> object:
    # A known cause is worded by its key; an OSError by its errno (the OS words it in English).
    if isinstance(value, reason_type):
        key = getattr(value, "key", "")
        text = t(key) if key else str(value)
        return text if text != key else str(value)
    if isinstance(value, OSError):
        from trainer.i18n.cli import os_reason

        return os_reason(value)
    return value


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
