"""Text and number normalisation for Chinese answers.

Both the expected wording and the learner's answer go through the same functions, so that
only differences a fair examiner would care about remain:

* :func:`clean` — NFKC (full-width → half-width), circled numbers, control characters removed,
  input cut to a bounded length;
* :func:`canonical` — :func:`clean`, then thousands separators dropped, case folded, numbers
  written one way (``四千一百`` = ``4,100`` = ``4100``; ``百分之七十七点八`` = ``77.8%``;
  ``4.1万`` = ``41000``), then whitespace and punctuation (Chinese and ASCII, quotes) removed;
* :func:`parse_number` — the first number of an answer, with its approximation markers.

cn2an is imported lazily (it costs ~0.2 s), the first time a Chinese numeral must be read.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

MAX_TEXT_CHARS = 2_000
"""Longest text compared as one part; longer input is cut so grading time stays bounded."""

MAX_EXPONENT = 60
"""Numbers beyond 10^60 are not read as numbers."""
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE_UNITS = "十百千万亿"
_CN_NUMERAL = CHINESE_DIGITS + CHINESE_UNITS
# A Chinese numeral span, optionally with a decimal part (七十七点八) and a percent prefix.
_CN_NUMBER_RE = re.compile(rf"(百分之)?([{_CN_NUMERAL}]+(?:点[{CHINESE_DIGITS}]+)?)")
# An Arabic number followed by Chinese units (4.1万, 41百, 4千1百): read by cn2an "smart".
_MIXED_NUMBER_RE = re.compile(rf"\d+(?:\.\d+)?[{CHINESE_UNITS}][\d{_CN_NUMERAL}]*")
_PERCENT_PREFIX_RE = re.compile(r"百分之(\d+(?:\.\d+)?)")
_THOUSANDS_RE = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
# Control, format, surrogate and private-use characters (Unicode categories Cc, Cf, Cs, Co),
# tab and newline excepted: one regex pass instead of a per-character category lookup.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff"
    "\ue000-\uf8ff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_CIRCLED_RE = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u24f5-\u24fe\u2776-\u277f]")
# Words made of numeral characters that are not numbers (千万不要, 万一).
_NOT_NUMBERS = frozenset({"千万", "万一", "一一", "万万", "千千万万", "一二"})
_KEEP_SYMBOLS = frozenset("%+")
_DROP_SYMBOLS = frozenset("|~<>=")


@dataclass(frozen=True)
class NumberReading:
    """A number read from an answer.

    Attributes:
        value: the number (percent values are kept as written: 77.8% → 77.8).
        percent: the number was written as a percentage.
        approx: 余/多/约/左右 … appeared next to it.
        unit: the text that followed the number (e.g. ``次``, ``个``), possibly empty.
        negative: a minus sign preceded it.
    """

    value: Decimal
    percent: bool = False
    approx: bool = False
    unit: str = ""
    negative: bool = False
    approx_kind: str = ""
    """``more`` (余, 多, 超过), ``less`` (近, 不到), ``about`` (约, 左右) or ``""``."""

    def to_dict(self) -> dict[str, Any]:
        """The reading as plain JSON-compatible data."""
        return {
            "value": str(self.value),
            "percent": self.percent,
            "approx": self.approx,
            "unit": self.unit,
            "negative": self.negative,
            "approx_kind": self.approx_kind,
        }


def clean(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """NFKC-normalise text, drop control characters and cut it to ``limit`` characters.

    Args:
        text: any string (non-strings are converted with ``str``).
        limit: the longest result; the input is cut *before* normalising so that a huge
            answer costs no more than a long one.

    Returns:
        The cleaned text. Circled numbers (①) become ``1.`` so they still read as numbering;
        a backslash-n (how a line break is typed on a one-line prompt) becomes a line break.
    """
    if not isinstance(text, str):
        text = str(text)
    text = text[: limit * 2]
    if "\\n" in text:
        text = text.replace("\\n", "\n")  # a newline typed as \n on a one-line prompt
    text = _CIRCLED_RE.sub(lambda m: f"\n{_circled_value(m.group())}.", text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL_RE.sub(" ", text)
    if _EMOJI_RE.search(text):
        text = _EMOJI_RE.sub("", text)
    return to_simplified(text[:limit])


# Emoji and pictographs (a trailing 😀 or 👍 is no part of an answer); the check marks and
# crosses of true/false answers (✓ ✔ ✗ ✘ ☑ ☒ √ ×) are outside these ranges or excepted.
_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\U0001fc00-\U0001fffd\u2600-\u2610\u2613-\u2712\u2715\u2716"
    "\u2719-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\u200d\u20e3]"
)
_CJK_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_opencc_lock = threading.Lock()
_opencc_converter: Any = None


def to_simplified(text: str) -> str:
    """Traditional characters written as simplified ones (落實黨的領導 → 落实党的领导).

    OpenCC's ``t2s`` table is loaded on first use (about 10 ms), so importing this module
    stays cheap; text without Chinese characters is returned as is.
    """
    if not _CJK_RE.search(text):
        return text
    global _opencc_converter
    converter = _opencc_converter
    if converter is None:
        with _opencc_lock:
            if _opencc_converter is None:
                import opencc

                _opencc_converter = opencc.OpenCC("t2s")
            converter = _opencc_converter
    return str(converter.convert(text))


def _circled_value(char: str) -> str:
    value = unicodedata.numeric(char, 0)
    return str(int(value)) if value else ""


def strip_thousands(text: str) -> str:
    """Drop thousands separators between digits (``4,100`` → ``4100``)."""
    return _THOUSANDS_RE.sub("", text)


def canonical(text: str, limit: int = MAX_TEXT_CHARS, *, numbers: bool = True) -> str:
    """The form in which two wordings are compared.

    Args:
        text: an expected wording or the learner's answer.
        limit: the longest input considered.
        numbers: write numbers in one notation; off, Chinese numerals stay as written (to
            see a typing slip inside one, such as 实四届 for 十四届).

    Returns:
        Text without whitespace, punctuation or case, with every number in one notation.
        Both sides of a comparison go through this, so words such as 统一 or 一带一路 stay
        unchanged on both sides (single numeral characters are never converted).
    """
    return _canonical_cached(clean(text, limit), numbers)


@lru_cache(maxsize=4096)
def _canonical_cached(cleaned: str, numbers: bool = True) -> str:
    text = strip_thousands(cleaned).casefold()
    text = "".join(ch for ch in text if not ch.isspace())
    if numbers:
        text = ordinal_numerals(canonical_numbers(text))
    return _drop_punctuation(text)


def _drop_punctuation(text: str) -> str:
    out: list[str] = []
    last = len(text) - 1
    for index, ch in enumerate(text):
        category = unicodedata.category(ch)
        if ch in _KEEP_SYMBOLS:
            out.append(ch)
        elif ch == ".":
            # A decimal point stays, a full stop goes.
            if 0 < index < last and text[index - 1].isdigit() and text[index + 1].isdigit():
                out.append(ch)
        elif category[0] in "PZC" or category == "Sk" or ch in _DROP_SYMBOLS:
            if 0 < index < last and text[index - 1].isdigit() and text[index + 1].isdigit():
                out.append(",")  # 1、5 must not become 15
            continue
        else:
            out.append(ch)  # letters, digits, and symbols that carry meaning (√ ×)
    return "".join(out)


def canonical_numbers(text: str) -> str:
    """Write every number of ``text`` in Arabic digits.

    Chinese numerals are converted only when they are unambiguously a number: two characters
    or more containing a unit (十百千万亿), a zero or a decimal point, or after 百分之.

    Args:
        text: text without whitespace or thousands separators.

    Returns:
        The text with numbers rewritten (``百分之七十七点八`` → ``77.8%``, ``4.1万`` → ``41000``,
        ``41百`` → ``4100``).
    """
    if any(ch in _CN_NUMERAL for ch in text):
        text = _CN_NUMBER_RE.sub(_replace_chinese_number, text)
    if any(ch.isdigit() for ch in text):
        if any(ch in CHINESE_UNITS for ch in text):
            text = _MIXED_NUMBER_RE.sub(_replace_mixed_number, text)
        if "百分之" in text:
            text = _PERCENT_PREFIX_RE.sub(r"\1%", text)
    return text


def _replace_chinese_number(match: re.Match[str]) -> str:
    percent, span = match.group(1), match.group(2)
    if not _looks_like_number(span, bool(percent)):
        return match.group(0)
    value = chinese_to_decimal(span)
    if value is None:
        return match.group(0)
    return f"{format_decimal(value)}%" if percent else format_decimal(value)


def _looks_like_number(span: str, after_percent: bool) -> bool:
    if after_percent:
        return True
    if len(span) < 2 or span in _NOT_NUMBERS:
        return False
    return any(ch in "十百千万亿零〇点" for ch in span)


def _replace_mixed_number(match: re.Match[str]) -> str:
    text = match.group()
    value = chinese_to_decimal(text)
    if value is None:
        # cn2an cannot read stacked units (4.1万亿): multiply them out.
        scaled = _SCALED_RE.match(text)
        if scaled is None:
            return text
        value = Decimal(scaled.group(1))
        for unit in scaled.group(2):
            value *= _UNIT_VALUES[unit]
    return format_decimal(value)


_SCALED_RE = re.compile(rf"^(\d+(?:\.\d+)?)([{CHINESE_UNITS}]+)$")
_UNIT_VALUES = {
    "十": Decimal(10),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
}


@lru_cache(maxsize=2048)
def chinese_to_decimal(span: str) -> Decimal | None:
    """The value of a Chinese numeral (``四千一百`` → 4100, ``七十七点八`` → 77.8).

    Returns:
        The value, or None when cn2an cannot read it.
    """
    try:
        import cn2an

        value = cn2an.cn2an(span, "smart")
        return Decimal(str(value))
    except Exception:  # noqa: BLE001 - cn2an raises ValueError and others on odd input
        return None


def format_decimal(value: Decimal) -> str:
    """A number written without exponent or trailing zeros (``4100``, ``77.8``)."""
    if not value.is_finite():
        return str(value)
    if abs(value.adjusted()) > 30:
        return str(value.normalize())
    text = format(value.normalize(), "f")
    return text


_NUMBER_TOKEN_RE = re.compile(r"(-|−|负)?(\d+(?:\.\d+)?(?:e[+-]?\d+)?)(%|‰)?")
_UNIT_RE = re.compile(r"[^\W\d]{0,4}|%")
# Approximators, by what they say about the true figure: 余/多/超过 "more than", 近/不到
# "fewer than", 约/左右 "about". 近100 and 100余 are different figures of speech for
# different facts, so the direction is kept (see grade_number).
APPROX_BEFORE: tuple[tuple[str, str], ...] = (
    ("将近", "less"),
    ("接近", "less"),
    ("不到", "less"),
    ("不足", "less"),
    ("超过", "more"),
    ("大约", "about"),
    ("近", "less"),
    ("超", "more"),
    ("逾", "more"),
    ("约", "about"),
)
APPROX_AFTER: tuple[tuple[str, str], ...] = (
    ("左右", "about"),
    ("上下", "about"),
    ("以上", "more"),
    ("以下", "less"),
    ("余", "more"),
    ("多", "more"),
    ("来", "about"),
    ("几", "about"),
)
# A single numeral character that is a figure: followed by a measure word or an
# approximator, or standing alone (三日, 五次, 七篇, 两次, 百年, 十). Multi-character numerals
# (十四, 二十四) are read by canonical_numbers; single ones there would turn 统一 into 统1.
MEASURE_WORDS = "日号天次个篇件条项年周岁届月场班名人家所位倍期批"
_SINGLE_NUMERAL_VALUES = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "百": 100, "千": 1000,
}  # fmt: skip
_SINGLE_NUMERAL_RE = re.compile(
    rf"(?<![\d{_CN_NUMERAL}点])([{''.join(_SINGLE_NUMERAL_VALUES)}])"
    rf"(?=[{MEASURE_WORDS}余多来])"
)


# In a wording, a single numeral is a count or an ordinal when 第 comes before it or a
# measure word after it (第一次 = 第1次, 三日 = 3日); before 个 or a noun it is part of a set
# phrase (两个确立, 四个意识, 一枢纽) whose digits are only close (see text.py).
_ORDINAL_RE = re.compile(
    rf"(?:(?<=第)|(?<![\d{_CN_NUMERAL}点]))([{''.join(_SINGLE_NUMERAL_VALUES)}])"
    rf"(?=[{MEASURE_WORDS.replace('个', '')}])"
)


def ordinal_numerals(text: str) -> str:
    """Single numerals that count or order written as digits (第一次 → 第1次, 三日 → 3日);
    those of set phrases (两个确立, 一带一路, 统一) are left as they are."""
    if not any(ch in _SINGLE_NUMERAL_VALUES for ch in text):
        return text
    return _ORDINAL_RE.sub(lambda m: str(_SINGLE_NUMERAL_VALUES[m.group(1)]), text)


def single_numerals(text: str) -> str:
    """Single numeral characters that stand for a figure written as digits (三日 → 3日,
    两次 → 2次, 百年 → 100年, a lone 十 → 10); other characters (统一, 一带一路) unchanged."""
    if not any(ch in _SINGLE_NUMERAL_VALUES for ch in text):
        return text
    if text in _SINGLE_NUMERAL_VALUES:
        return str(_SINGLE_NUMERAL_VALUES[text])
    return _SINGLE_NUMERAL_RE.sub(lambda m: str(_SINGLE_NUMERAL_VALUES[m.group(1)]), text)


_SPACES_RE = re.compile(r"\s+")


def _between_digits(text: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    return start > 0 and end < len(text) and text[start - 1].isdigit() and text[end].isdigit()


def parse_numbers(text: str, limit: int = 20) -> list[NumberReading]:
    """Every number of an answer, in order (at most ``limit``).

    Args:
        text: what the learner typed, e.g. ``100余次``, ``约四千一百人``, ``77.8％``, ``-4100``,
            ``2021年开行2002班``, ``三日``, ``近100次``.
        limit: the most numbers read.

    Returns:
        The readings; NaN and infinities are not numbers. A reading's unit is the word right
        after it (``次``, ``件``, at most four characters), without approximators.
    """
    cleaned = strip_thousands(clean(text, 200)).casefold()
    # Spaces between figures separate them (5 8 24 is three numbers, not 5824); elsewhere
    # they mean nothing (4 100 is rare, and 四千 一百 rarer).
    cleaned = _SPACES_RE.sub(lambda m: ";" if _between_digits(cleaned, m) else "", cleaned)
    converted = single_numerals(canonical_numbers(cleaned))
    readings: list[NumberReading] = []
    for match in _NUMBER_TOKEN_RE.finditer(converted):
        try:
            value = Decimal(match.group(2))
        except InvalidOperation:
            continue
        if not value.is_finite() or abs(value.adjusted()) > MAX_EXPONENT:
            continue  # 1e99999999 is no figure of a report, and would overflow arithmetic
        start = match.start(2) if match.group(1) else match.start()
        before = converted[max(0, start - 2) : start]
        after = converted[match.end() : match.end() + 12]
        kind = next((k for word, k in APPROX_BEFORE if before.endswith(word)), "")
        for word, after_kind in APPROX_AFTER:
            if after.startswith(word):
                kind = kind or after_kind
                after = after[len(word) :]
                break
        unit_match = _UNIT_RE.match(after)
        unit = unit_match.group() if unit_match else ""
        for word, after_kind in APPROX_AFTER:
            if word in unit:
                # 100次左右: the approximator follows the unit.
                kind = kind or after_kind
                unit = unit.split(word)[0]
        readings.append(
            NumberReading(
                value=value,
                percent=match.group(3) == "%" or before.endswith("百分之"),
                approx=bool(kind),
                unit=unit,
                negative=match.group(1) is not None,
                approx_kind=kind,
            )
        )
        if len(readings) >= limit:
            break
    return readings


def parse_number(text: str) -> NumberReading | None:
    """The first number of an answer (see :func:`parse_numbers`), or None."""
    found = parse_numbers(text, limit=1)
    return found[0] if found else None


def warm_up() -> None:
    """Import cn2an and fill its caches (it takes ~0.2 s); safe to call from any thread."""
    chinese_to_decimal("四千一百")
