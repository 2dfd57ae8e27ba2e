"""Text from a bank, an import file or a client never reaches a terminal as a control sequence.

A bank prompt carrying ``ESC ] 52 ; c ; … BEL`` sets the terminal's clipboard (OSC 52); others
rename the window or clear the screen. Every C0 control (except tab and newline), DEL and every
C1 control (U+0080–U+009F, where 8-bit terminals read CSI and OSC) is such a character. The bank
loader refuses them (:func:`control_characters` says where), and every output of text that came
from outside passes through :func:`printable` first, so a sequence that got in some other way
(an old store, a file name) is shown as a visible ``\\x1b`` instead of being obeyed.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 except \t and \n, DEL, C1. \r is included: a bare carriage return lets a line overwrite
# what was printed before it (a prompt could hide its own start).
CONTROL_PATTERN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def printable(text: str) -> str:
    """``text`` with every control character shown as a visible ``\\xNN`` escape.

    Tab and newline are kept; nothing else a terminal could obey remains.
    """
    if CONTROL_PATTERN.search(text) is None:  # the common case: no copy
        return text
    return CONTROL_PATTERN.sub(_visible, text)


def printable_line(text: str) -> str:
    """``text`` as one line: controls escaped and newlines shown as ``\\n`` (for names and
    values quoted inside a message)."""
    return printable(text).replace("\n", "\\n")


def control_characters(text: str) -> list[int]:
    """The code points of the control characters in ``text`` (empty when it is safe)."""
    return [ord(found) for found in CONTROL_PATTERN.findall(text)]


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character that :func:`printable` would escape."""
    return CONTROL_PATTERN.search(text) is not None


# JSON escapes C0 itself; DEL and C1 pass through ``ensure_ascii=False`` untouched.
_JSON_UNESCAPED_CONTROL = re.compile(r"[\x7f-\x9f]")


def terminal_json(value: Any, indent: int | None = None) -> str:
    """``value`` as JSON that keeps Chinese readable and holds no character a terminal obeys.

    ``json.dumps(..., ensure_ascii=False)`` writes DEL and the C1 controls raw (U+009B is CSI on
    an 8-bit terminal); here they become ``\\u009b`` escapes, which any JSON reader turns back
    into the same string.
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNESCAPED_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
