"""Comparing one wording with another: alignment, homophones, fillers, a verdict.

The alignment runs on *pinyin keys*: every Chinese character is replaced by a code point that
stands for its toneless pinyin, so that rapidfuzz's Levenshtein alignment treats 领导 and 领到
as equal. Equal runs whose characters differ are then reported as homophones; everything else
is a missing, extra or replaced run. pypinyin is imported lazily on first use.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Levenshtein

from trainer.core.grading.normalize import CHINESE_DIGITS, canonical, clean

Verdict = Literal["correct", "close", "partial", "wrong"]
DiffKind = Literal["equal", "missing", "extra", "replaced", "homophone"]

DIFF_KINDS: tuple[str, ...] = ("equal", "missing", "extra", "replaced", "homophone")

VERDICT_RANK: dict[str, int] = {"wrong": 0, "partial": 1, "close": 2, "correct": 3}

# Words whose omission (or addition) does not change the formulation (提法). Longest first so
# that a run such as 必须更加广泛 decomposes greedily.
FILLERS: tuple[str, ...] = tuple(
    sorted(
        {
            "必须",
            "切实",
            "更加",
            "广泛",
            "充分",
            "深入",
            "积极",
            "不断",
            "进一步",
            "大力",
            "努力",
            "认真",
            "扎实",
            "始终",
            "全力",
            "务必",
            "着力",
            "持续",
            "一定要",
            "进一步地",
            "更好",
            "更好地",
            "自觉",
            "主动",
        },
        key=len,
        reverse=True,
    )
)
# Fillers accepted only at the very start of an item (坚持 is content in the middle; 坚定,
# 有效 and 要 are left out on purpose: 坚定“四个自信”, 有效需求, 重要).
PREFIX_FILLERS: tuple[str, ...] = ("坚持", "继续", "要", "着力", "不断")
NUMBERING_WORDS: tuple[str, ...] = tuple(f"{n}是" for n in "一二三四五六七八九十")

# Scores inside each verdict band, chosen so that the bands never overlap:
# correct = 1, close in [0.8, 1), partial in [0.3, 0.8), wrong in [0, 0.3).
CLOSE_FLOOR = 0.8
PARTIAL_CEILING = 0.79
PARTIAL_FLOOR = 0.3
WRONG_CEILING = 0.25
# Minimum share of the expected content (fillers excluded) for a fragment to earn `partial`.
PARTIAL_MIN_COVERAGE = 0.4
# More homophone characters than this share of the content (and more than two) is `partial`.
HOMOPHONE_SHARE_LIMIT = 0.3

_DIGIT_PINYIN = dict(
    zip(
        "0123456789", ("ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu"), strict=True
    )
)
_key_lock = threading.Lock()
_key_codes: dict[str, str] = {}


@dataclass(frozen=True)
class DiffOp:
    """One run of the character diff, expected vs given.

    Attributes:
        kind: ``equal``, ``missing`` (in the expected wording, not given), ``extra`` (given,
            not expected), ``replaced`` (a different wording) or ``homophone`` (same toneless
            pinyin, different characters — a typing slip).
        expected: the expected characters ('' for extra).
        given: the learner's characters ('' for missing).
    """

    kind: DiffKind
    expected: str
    given: str

    def to_dict(self) -> dict[str, str]:
        """The run as plain data."""
        return {"kind": self.kind, "expected": self.expected, "given": self.given}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> DiffOp:
        """The run from :meth:`to_dict` output.

        Raises:
            KeyError, ValueError: the data is not a diff run.
        """
        kind = str(data["kind"])
        if kind not in DIFF_KINDS:
            raise ValueError(f"not a diff kind: {kind!r}")
        return cls(kind, str(data.get("expected", "")), str(data.get("given", "")))  # type: ignore[arg-type]


@dataclass(frozen=True)
class TextMatch:
    """The comparison of one given wording with one expected wording.

    Attributes:
        verdict: correct / close / partial / wrong.
        score: in [0, 1], inside the band of the verdict.
        diff: the character diff of the canonical forms.
        notes: message keys (``grading.note.*``).
        expected: the canonical expected wording compared.
        given: the canonical given wording compared.
    """

    verdict: Verdict
    score: float
    diff: tuple[DiffOp, ...]
    notes: tuple[str, ...]
    expected: str
    given: str

    @property
    def rank(self) -> tuple[int, float]:
        """Sort key: better verdict first, then higher score."""
        return (VERDICT_RANK[self.verdict], self.score)


# --------------------------------------------------------------------------- pinyin


# Combining tone marks (ā á ǎ à); the diaeresis of ü stays, so lü and lu remain apart.
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0304\u030c"))


@lru_cache(maxsize=65_536)
def _char_readings(char: str) -> tuple[str, ...]:
    """The toneless readings of a character, most common first (the character itself when it
    has none). Read straight from pypinyin's character table: a dict lookup, ~100x cheaper
    than pypinyin's converter. The digit 2 reads as 二 and as 两 (2个确立 = 两个确立)."""
    if char == "2":
        return ("er", "liang")
    if char in _DIGIT_PINYIN:
        return (_DIGIT_PINYIN[char],)
    if ord(char) < 0x3400:
        return (char,)
    from pypinyin.pinyin_dict import pinyin_dict

    raw = pinyin_dict.get(ord(char))
    if not raw:
        return (char,)
    found: list[str] = []
    for reading in raw.split(","):
        plain = unicodedata.normalize(
            "NFC", unicodedata.normalize("NFD", reading).translate(_TONE_MARKS)
        )
        if plain and plain not in found:
            found.append(plain)
    return tuple(found) or (char,)


def readings(char: str) -> frozenset[str]:
    """Every toneless pinyin reading of one character (the character itself if it has none)."""
    return frozenset(_char_readings(char))


def _main_reading(char: str) -> str:
    return _char_readings(char)[0]


def _key_char(char: str) -> str:
    reading = _main_reading(char)
    if reading == char and len(char) == 1 and not char.isdigit():
        return char
    code = _key_codes.get(reading)
    if code is None:
        with _key_lock:
            code = _key_codes.get(reading)
            if code is None:
                # Supplementary private use area: never collides with typed text.
                code = chr(0xF0000 + len(_key_codes))
                _key_codes[reading] = code
    return code


@lru_cache(maxsize=8192)
def pinyin_key(text: str) -> str:
    """``text`` with every character replaced by a code for its main toneless reading.

    Two texts with equal keys sound the same (领导/领到). Letters and symbols keep themselves;
    a digit is keyed like its Chinese numeral (4/四).
    """
    return "".join(_key_char(ch) for ch in text)


def is_homophone(expected: str, given: str) -> bool:
    """Whether two equally long runs differ only by characters that share a reading."""
    return len(expected) == len(given) and all(
        a == b or readings(a) & readings(b) for a, b in zip(expected, given, strict=True)
    )


# --------------------------------------------------------------------------- alignment


def align(expected: str, given: str) -> tuple[DiffOp, ...]:
    """The character diff of two canonical texts, homophones marked.

    Args:
        expected: canonical expected wording.
        given: canonical given wording.

    Returns:
        Runs in order of the expected text; adjacent runs of one kind are merged.
    """
    key_e, key_g = pinyin_key(expected), pinyin_key(given)
    runs: list[DiffOp] = []
    for op in Levenshtein.opcodes(key_e, key_g):
        part_e = expected[op.src_start : op.src_end]
        part_g = given[op.dest_start : op.dest_end]
        if op.tag == "equal":
            _split_equal(part_e, part_g, runs)
        elif op.tag == "delete":
            runs.append(DiffOp("missing", part_e, ""))
        elif op.tag == "insert":
            runs.append(DiffOp("extra", "", part_g))
        elif is_homophone(part_e, part_g):
            _split_equal(part_e, part_g, runs)  # a heteronym reading matched
        else:
            runs.append(DiffOp("replaced", part_e, part_g))
    return merge_runs(runs)


_MERGEABLE = ("missing", "extra", "replaced", "homophone")


def display_runs(runs: tuple[DiffOp, ...]) -> tuple[DiffOp, ...]:
    """Runs for showing: a change spread over adjacent missing/extra/replaced runs becomes one
    ``replaced`` run (党→政府 rather than ``{+政+}`` then ``党→府``)."""
    shown: list[DiffOp] = []
    for run in runs:
        last = shown[-1] if shown else None
        if (
            last is not None
            and run.kind in _MERGEABLE
            and last.kind in _MERGEABLE
            and "replaced" in (run.kind, last.kind)
        ):
            shown[-1] = DiffOp("replaced", last.expected + run.expected, last.given + run.given)
        else:
            shown.append(run)
    return tuple(shown)


def _split_equal(part_e: str, part_g: str, runs: list[DiffOp]) -> None:
    for a, b in zip(part_e, part_g, strict=True):
        runs.append(DiffOp("equal" if a == b else "homophone", a, b))


def merge_runs(runs: list[DiffOp]) -> tuple[DiffOp, ...]:
    """Adjacent runs of the same kind joined into one."""
    merged: list[DiffOp] = []
    for run in runs:
        if merged and merged[-1].kind == run.kind:
            last = merged[-1]
            merged[-1] = DiffOp(run.kind, last.expected + run.expected, last.given + run.given)
        else:
            merged.append(run)
    return tuple(merged)


_idiom_lock = threading.Lock()
_idioms: frozenset[str] | None = None


def _idioms_with_fillers() -> frozenset[str]:
    """Fixed expressions (成语, tagged ``i`` in jieba's dictionary) that contain a filler word:
    始终不渝, 持续不断 … Read once, on first need (~0.2 s; :func:`warm_up` does it early)."""
    global _idioms
    if _idioms is None:
        with _idiom_lock:
            if _idioms is None:
                import jieba

                found: set[str] = set()
                with jieba.get_dict_file() as handle:
                    for raw in handle:
                        line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                        fields = line.split()
                        if (
                            len(fields) == 3
                            and fields[2] == "i"
                            and any(f in fields[0] for f in FILLERS + PREFIX_FILLERS)
                        ):
                            found.add(fields[0])
                _idioms = frozenset(found)
    return _idioms


def inside_idiom(text: str, start: int, end: int) -> bool:
    """Whether characters ``[start, end)`` of ``text`` belong to a fixed expression there
    that is longer than them (始终 in 始终不渝): such a word is content, never a filler."""
    idioms = _idioms_with_fillers()
    for length in (4, 5, 6, 7, 8):
        for first in range(max(0, end - length), min(start, len(text) - length) + 1):
            if text[first : first + length] in idioms:
                return True
    return False


def _filler_prefix(text: str, at_start: bool) -> int:
    """How many leading characters of ``text`` are filler words (prefix fillers at the start)."""
    words = FILLERS + NUMBERING_WORDS + (PREFIX_FILLERS if at_start else ())
    position = 0
    while position < len(text):
        word = next((w for w in words if text.startswith(w, position)), None)
        if word is None:
            break
        position += len(word)
    return position


def strip_leading_fillers(text: str) -> str:
    """``text`` without the filler words it starts with (必须坚持围绕中心 → 围绕中心)."""
    return text[_filler_prefix(text, at_start=True) :]


def _filler_only(text: str, at_start: bool) -> bool:
    """Whether ``text`` is made only of filler words (prefix fillers allowed at the start)."""
    return bool(text) and _filler_prefix(text, at_start) == len(text)


# --------------------------------------------------------------------------- verdict


def compare(expected: str, given: str, *, allow_fillers: bool = True) -> TextMatch:
    """Grade one wording against one expected wording.

    Args:
        expected: the expected wording (raw; it is normalised here).
        given: the learner's wording (raw).
        allow_fillers: whether dropped or added filler words (必须, 切实 …) are forgiven; off
            for cloze blanks, whose whole content is what is asked.

    Returns:
        The match. A content character replaced by a different one makes it ``wrong`` however
        long the answer; homophones and fillers only make it ``close``; a piece of the wording
        with nothing wrong in it is ``partial``.
    """
    exp = canonical(expected)
    cleaned = strip_numbering(clean(given), expected)
    match = _compare_canonical(exp, canonical(cleaned), allow_fillers)
    if match.verdict in ("partial", "wrong") and match.given:
        slip = _slip_in_numeral(expected, cleaned, match)
        if slip is not None:
            return slip
    if match.verdict == "wrong" and match.given:
        return _reordered_clauses(expected, cleaned, match, allow_fillers) or match
    return match


def _slip_in_numeral(expected: str, given: str, match: TextMatch) -> TextMatch | None:
    """A homophone typed inside a Chinese numeral (实四届 for 十四届), or None.

    Numbers are compared as values, so 实四 (not a numeral) against 14 is a changed figure.
    Compared as written, it is one sound-alike character. Only a match made of nothing but
    equal and sound-alike characters is taken: 二个 for 二十个 stays a wrong figure rather
    than becoming a partial wording.
    """
    exp, giv = canonical(expected, numbers=False), canonical(given, numbers=False)
    if (exp, giv) == (match.expected, match.given):
        return None  # no numeral was converted: the first comparison said it all
    written = _compare_canonical(exp, giv, allow_fillers=False)
    if written.verdict != "close" or any(
        run.kind not in ("equal", "homophone") for run in written.diff
    ):
        return None
    return written


_CLAUSE_SPLIT = re.compile(r"[,，、;；。\s]+")


def _reordered_clauses(
    expected: str, given: str, match: TextMatch, allow_fillers: bool
) -> TextMatch | None:
    """``partial`` when the learner wrote every clause of the formulation, in another order
    (服务大局、围绕中心 for 围绕中心、服务大局); None otherwise."""
    wanted = [canonical(c) for c in _CLAUSE_SPLIT.split(clean(expected)) if canonical(c)]
    written = [canonical(c) for c in _CLAUSE_SPLIT.split(given) if canonical(c)]
    if len(wanted) < 2 or len(written) != len(wanted) or written == wanted:
        return None
    remaining = list(wanted)
    for clause in written:
        hit = next(
            (
                w
                for w in remaining
                if _compare_canonical(w, clause, allow_fillers).verdict in ("correct", "close")
            ),
            None,
        )
        if hit is None:
            return None
        remaining.remove(hit)
    notes = (*match.notes, "grading.note.clauses_reordered")
    notes = tuple(n for n in notes if n != "grading.note.wording_changed")
    return TextMatch("partial", 0.6, match.diff, notes, match.expected, match.given)


# Pairs that sound the same but are different concepts in political writing.
CONTRASTING_HOMOPHONES: tuple[tuple[str, str], ...] = (
    ("权力", "权利"),
    ("法制", "法治"),
    ("反映", "反应"),
    ("制定", "制订"),
    ("整治", "政治"),
    ("形式", "形势"),
    ("实事", "时事"),
)


def _contrasting(exp: str, giv: str) -> bool:
    for first, second in CONTRASTING_HOMOPHONES:
        for a, b in ((first, second), (second, first)):
            if a != b and a in exp and b in giv and b not in exp:
                return True
    return False


# 答： / 1. / 1、/ (1) / 一是 / 第一， at the start of an answer: numbering, not wording.
_NUMBERING_RE = re.compile(
    r"^\s*(?:答案?\s*[:：]|\d{1,2}\s*[.、:)](?!\d)|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十]{1,2}\s*[,、:])\s*"
)


def strip_numbering(given: str, expected: str) -> str:
    """``given`` without a leading 1. / 一是 / 第一， that the expected wording does not have.

    Args:
        given: the learner's text (cleaned, punctuation still there).
        expected: the expected wording.

    Returns:
        The given text, its numbering removed (so 一是 is not read as a homophone of 切实).
    """
    match = _NUMBERING_RE.match(given)
    if match is None or canonical(expected).startswith(canonical(match.group())):
        return given
    return given[match.end() :]


@lru_cache(maxsize=4096)
def _compare_canonical(exp: str, giv: str, allow_fillers: bool) -> TextMatch:
    if not giv:
        nothing = (DiffOp("missing", exp, ""),) if exp else ()
        return TextMatch("wrong", 0.0, nothing, ("grading.note.empty",), exp, giv)
    if exp == giv:
        return TextMatch("correct", 1.0, (DiffOp("equal", exp, giv),), (), exp, giv)
    if not exp:
        return TextMatch("wrong", 0.0, (DiffOp("extra", "", giv),), (), exp, giv)

    numeric = _compare_numbers(exp, giv)
    if numeric is not None:
        return numeric
    diff: tuple[DiffOp, ...] = align(exp, giv)
    if _figure_changed(exp, diff):
        # 四届 for 十四届, 二个 for 二十个: a different figure, not a shorter wording.
        equal = sum(len(run.expected) for run in diff if run.kind in ("equal", "homophone"))
        score = round(WRONG_CEILING * equal / max(1, len(exp)), 4)
        shown = display_runs(diff)
        return TextMatch("wrong", score, shown, ("grading.note.number_differs",), exp, giv)
    equal = homophones = filler_missing = filler_extra = missing = replaced = extra = 0
    position = 0  # position in the expected text, to know whether a run is at the start
    notes: list[str] = []
    for run in diff:
        at_start = position == 0
        if run.kind == "equal":
            equal += len(run.expected)
        elif run.kind == "homophone":
            homophones += len(run.expected)
        elif run.kind == "missing":
            forgiven = _filler_prefix(run.expected, at_start) if allow_fillers else 0
            if forgiven and inside_idiom(exp, position, position + forgiven):
                forgiven = 0  # 不渝 for 始终不渝: half a fixed expression, not a dropped filler
            filler_missing += forgiven
            missing += len(run.expected) - forgiven
        elif run.kind == "extra":
            if allow_fillers and _filler_only(run.given, at_start):
                filler_extra += len(run.given)
            else:
                extra += len(run.given)
        elif (
            allow_fillers
            and _filler_only(run.expected, at_start)
            and _filler_only(run.given, at_start)
        ):
            filler_missing += len(run.expected)  # 一是 typed where 必须 was expected
            filler_extra += len(run.given)
        else:
            replaced += len(run.expected)
            extra += max(0, len(run.given) - len(run.expected))
        position += len(run.expected)

    if homophones and _contrasting(exp, giv):
        # 权力/权利, 法制/法治: same sound, different concept — a wrong word, not a slip.
        diff = tuple(
            DiffOp("replaced", run.expected, run.given) if run.kind == "homophone" else run
            for run in diff
        )
        replaced += homophones
        homophones = 0
        notes.append("grading.note.distinct_homophone")
    shown = display_runs(diff)
    content = max(1, len(exp) - filler_missing)
    if homophones:
        slips = [run for run in diff if run.kind == "homophone"]
        if all(_numeral_form(run) for run in slips):
            notes.append("grading.note.numeral_form")  # 4个意识 for 四个意识
        else:
            notes.append("grading.note.homophone")
    if filler_missing:
        notes.append("grading.note.filler_dropped")
    if filler_extra:
        notes.append("grading.note.filler_added")
    covered = (equal + homophones) / content

    if equal == 0 and homophones == 0:
        return TextMatch("wrong", 0.0, shown, tuple(notes), exp, giv)
    if replaced:
        notes.append("grading.note.wording_changed")
        return TextMatch("wrong", round(WRONG_CEILING * covered, 4), shown, tuple(notes), exp, giv)
    if not missing and not extra:
        if homophones > max(2, HOMOPHONE_SHARE_LIMIT * content):
            # Right by sound, but too many wrong characters to call it remembered wording.
            notes.append("grading.note.too_many_homophones")
            return TextMatch("partial", 0.7, shown, tuple(notes), exp, giv)
        # Only typing slips and fillers: accepted.
        penalty = 0.04 * _count_runs(diff, "homophone") + 0.02 * _count_filler_words(diff)
        score = max(CLOSE_FLOOR, round(1.0 - penalty, 4))
        return TextMatch("close", score, shown, tuple(notes), exp, giv)
    if missing and extra:
        # Something left out *and* something else put in: a different wording.
        notes.append("grading.note.wording_changed")
        return TextMatch("wrong", round(WRONG_CEILING * covered, 4), shown, tuple(notes), exp, giv)
    if extra:
        # The whole formulation is there, with words of the learner's own added.
        notes.append("grading.note.words_added")
        share = content / (content + extra)
        score = PARTIAL_FLOOR + (PARTIAL_CEILING - PARTIAL_FLOOR) * share
        return TextMatch("partial", round(score, 4), shown, tuple(notes), exp, giv)
    # Part of the formulation, nothing wrong in it.
    if covered < PARTIAL_MIN_COVERAGE:
        notes.append("grading.note.too_short")
        return TextMatch("wrong", round(WRONG_CEILING * covered, 4), shown, tuple(notes), exp, giv)
    notes.append("grading.note.incomplete")
    score = PARTIAL_FLOOR + (PARTIAL_CEILING - PARTIAL_FLOOR) * covered
    return TextMatch(
        "partial", round(min(score, PARTIAL_CEILING), 4), shown, tuple(notes), exp, giv
    )


_DIGIT_VALUE = {
    **{str(d): d for d in range(10)},
    **dict(zip(CHINESE_DIGITS, (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)),
}
_NUMBER_RUN_RE = re.compile(r"\d+(?:\.\d+)?")


def _figure_changed(exp: str, diff: tuple[DiffOp, ...]) -> bool:
    """Whether a number of the expected wording is there only in part, or with digits added.

    A number the answer leaves out entirely is missing content (the answer may still be a
    partial one); a number with some of its digits kept and others dropped, changed or added
    (四届 for 十四届: 14 → 4) is a different figure. A digit counts as kept when the answer
    has it in either notation (4 or 四).
    """
    if not any(ch.isdigit() for ch in exp):
        return False
    kept = [False] * len(exp)
    inserted_at: dict[int, str] = {}  # expected position → digits the answer added there
    position = 0
    for run in diff:
        if run.kind == "equal":
            kept[position : position + len(run.expected)] = [True] * len(run.expected)
        elif run.kind == "homophone":
            for offset, (want, got) in enumerate(zip(run.expected, run.given, strict=False)):
                value = _DIGIT_VALUE.get(want)
                kept[position + offset] = value is None or value == _DIGIT_VALUE.get(got)
        elif run.kind == "extra" and any(ch in _DIGIT_VALUE for ch in run.given):
            inserted_at[position] = run.given
        position += len(run.expected)
    for number in _NUMBER_RUN_RE.finditer(exp):
        span = kept[number.start() : number.end()]
        touched = any(at in inserted_at for at in range(number.start(), number.end() + 1))
        if any(span) and (not all(span) or touched):
            return True
    return False


_NUMERIC_RE = re.compile(
    r"^(约|近|超过|超|逾|将近|大约|不到)?(\d+(?:\.\d+)?)(余|多|左右|以上)?(%?)$"
)
_GIVEN_FIGURE_RE = re.compile(
    r"^(约|近|超过|超|逾|将近|接近|大约|不到|不足)?(\d+(?:\.\d+)?)(余|多|左右|以上|上下)?(%?)"
    r"([^\W\d]{0,3})$"
)
_APPROX_KIND = {
    "约": "about", "大约": "about", "左右": "about", "上下": "about",
    "近": "less", "将近": "less", "接近": "less", "不到": "less", "不足": "less",
    "超过": "more", "超": "more", "逾": "more", "余": "more", "多": "more", "以上": "more",
}  # fmt: skip


def _compare_numbers(exp: str, giv: str) -> TextMatch | None:
    """A figure compared as a number (a cloze blank ``77.8%``, ``100余``), or None when the
    expected wording is not a figure.

    A measure word typed into the blank (``102个``, ``240余次``) is not a different figure;
    the approximator must say the same thing (``近100`` is fewer, ``100余`` more).
    """
    from trainer.core.grading.normalize import single_numerals

    expected = _NUMERIC_RE.match(exp)
    if expected is None:
        return None
    given = _GIVEN_FIGURE_RE.match(single_numerals(giv))
    diff: tuple[DiffOp, ...] = (
        (DiffOp("equal", exp, giv),) if exp == giv else (DiffOp("replaced", exp, giv),)
    )
    if given is None or Decimal(given.group(2)) != Decimal(expected.group(2)):
        return TextMatch("wrong", 0.0, diff, ("grading.note.number_differs",), exp, giv)
    notes: list[str] = []
    if expected.group(4) and not given.group(4):
        notes.append("grading.note.unit_omitted")
    expected_kind = _APPROX_KIND.get(expected.group(1) or expected.group(3) or "", "")
    given_kind = _APPROX_KIND.get(given.group(1) or given.group(3) or "", "")
    if expected_kind and given_kind and "about" not in (expected_kind, given_kind):
        if expected_kind != given_kind:
            return TextMatch("wrong", 0.0, diff, ("grading.note.approx_differs",), exp, giv)
    elif expected_kind and not given_kind:
        notes.append("grading.note.approx_missing")
    elif given_kind and not expected_kind:
        notes.append("grading.note.approx_added")
    if notes:
        return TextMatch("close", 0.9, diff, tuple(notes), exp, giv)
    if (expected.group(1), expected.group(3)) == (given.group(1), given.group(3)):
        # Only a measure word added (or nothing at all): the same figure.
        return TextMatch("correct", 1.0, (DiffOp("equal", exp, exp),), (), exp, giv)
    return TextMatch("close", 0.95, diff, (), exp, giv)  # 100多 for 100余: same figure


def _numeral_form(run: DiffOp) -> bool:
    """Whether a homophone run only writes numerals another way (4 for 四, 2 for 两)."""
    return all(
        a == b or (a.isdigit() != b.isdigit() and a in _DIGIT_VALUE and b in _DIGIT_VALUE)
        for a, b in zip(run.expected, run.given, strict=False)
    )


def _count_runs(diff: tuple[DiffOp, ...], kind: str) -> int:
    return sum(1 for run in diff if run.kind == kind)


def _count_filler_words(diff: tuple[DiffOp, ...]) -> int:
    return sum(1 for run in diff if run.kind in ("missing", "extra"))


def best_match(
    alternatives: tuple[str, ...] | list[str], given: str, *, allow_fillers: bool = True
) -> tuple[int, TextMatch]:
    """The best match of ``given`` over several accepted wordings.

    Returns:
        The index of the best alternative and its match (the first one on ties).
    """
    best_index, best = 0, compare(alternatives[0], given, allow_fillers=allow_fillers)
    for index, alternative in enumerate(alternatives[1:], start=1):
        match = compare(alternative, given, allow_fillers=allow_fillers)
        if match.rank > best.rank:
            best_index, best = index, match
    return best_index, best


def warm_up() -> None:
    """Import pypinyin and fill its dictionaries, read the fixed expressions (~0.5 s); safe
    to call from a thread."""
    pinyin_key("领导枢纽意识")
    _idioms_with_fillers()
