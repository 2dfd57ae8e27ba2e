"""Players' names and every other text a client sends: valid, bounded, and compared fairly.

A name is shown to a whole room, so it is checked before anyone sees it:

* it must be valid Unicode (no lone surrogates) and at most :data:`MAX_NAME_LENGTH` characters
  once normalised;
* it is NFKC-normalised (full-width ``Ａｌｉｃｅ`` becomes ``Alice``), trimmed, and runs of
  spaces become one space;
* control characters, format characters (zero-width spaces, bidi overrides), private-use and
  unassigned code points are refused, not silently removed, so what the player typed is what
  the room sees.

Two names are *the same name* when their :func:`name_key` is equal: case-folded, Traditional
Chinese folded to Simplified (OpenCC ``t2s``: 張三 = 张三) and common Cyrillic/Greek look-alikes
of Latin letters folded to Latin (Cyrillic ``А`` = Latin ``A``). So nobody can sit next to
``张三`` as ``張三`` and collect the applause.

No Textual, Rich or i18n import here.
"""

from __future__ import annotations

import functools
import unicodedata

MAX_NAME_LENGTH = 24
# raw input longer than this is refused before any normalisation work is done
MAX_RAW_NAME_CHARS = 200

# Unicode categories a name may not contain: controls, format (zero-width, bidi), surrogates,
# private use, unassigned, line/paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
# invisible characters that are not in the categories above
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")

# Cyrillic and Greek letters drawn like Latin ones (after case folding).
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
        "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ʏ": "y",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ζ": "z",
    }
)  # fmt: skip


class InvalidName(ValueError):
    """A name that cannot be used; ``code`` is ``bad_name`` or ``name_chars``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def is_valid_unicode(text: str) -> bool:
    """Whether ``text`` can be encoded as UTF-8 (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_name(raw: str) -> str:
    """The name as it will be shown, or an error saying what is wrong.

    Raises:
        InvalidName: ``bad_name`` (empty, too long, not valid Unicode) or ``name_chars``
            (control or invisible characters).
    """
    if not isinstance(raw, str) or len(raw) > MAX_RAW_NAME_CHARS or not is_valid_unicode(raw):
        raise InvalidName("bad_name")
    text = unicodedata.normalize("NFKC", raw)
    # ordinary white space (tabs, new lines, ideographic space) is collapsed, not refused
    text = " ".join(text.split())
    for char in text:
        if char in _INVISIBLE or unicodedata.category(char) in _REFUSED_CATEGORIES:
            raise InvalidName("name_chars")
    if not text or len(text) > MAX_NAME_LENGTH:
        raise InvalidName("bad_name")
    return text


@functools.lru_cache(maxsize=1)
def _t2s() -> object | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - OpenCC is a declared dependency
        return None
    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The key under which two names count as the same (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    converter = _t2s()
    if converter is not None:
        text = converter.convert(text)  # type: ignore[attr-defined]
    text = text.translate(_LOOKALIKES)
    # strip accents too: "Zoë" and "Zoe" are the same person at a glance
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn"
    )
    return " ".join(text.split())
