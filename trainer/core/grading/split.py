"""Cutting an answer typed as one string into items (list, order) or blanks (cloze).

Learners separate list items in many ways: one per line, numbered (1. / 一是 / 第一， / （一）/
①), or with ；；，、 — but items themselves contain 、 and ，(必须坚持围绕中心、服务大局). So the
answer is first cut at *strong* separators (lines, ；。, numbering) into blocks, each block at
*weak* separators (，、 spaces) into fragments, and the matcher then considers every run of
consecutive fragments of a block as a possible item, keeping the assignment that fits best.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from trainer.core.grading.normalize import canonical, canonical_numbers, clean, strip_thousands
from trainer.core.grading.text import pinyin_key, strip_leading_fillers

MAX_ANSWER_CHARS = 10_000
"""A string answer is cut to this many characters before it is split."""
MAX_PARTS = 200
"""At most this many fragments (list items, blanks) are considered."""
MAX_SENTENCE_CHARS = 4_000
"""A typed-out cloze sentence longer than this is not read as the sentence."""
LOOSE_SENTENCE_SHARE = 0.5
"""Share of the text around the blanks that must be typed for a sentence to be read loosely."""
MAX_RUN = 6
"""The longest run of weak-separated fragments tried as one item."""
MIN_ASSIGN_SCORE = 35.0
"""Similarity (0–100, pinyin keys) below which a fragment is not tried against an item."""
DUPLICATE_SCORE = 80.0
MAX_EXTRA_ITEMS = 50
MAX_EXTRA_CHARS = 200

_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# The leading \s{0,4} is bounded on purpose: after a separator, an unbounded \s* rescans a
# long run of line breaks from every position of it (quadratic on 1.1.1.… answers).
_STRONG_MARKERS = (
    re.compile(rf"[（(]\s*{_NUM}\s*[)）]"),
    re.compile(rf"(?:^|(?<=[\n;。!?,、\s]))\s{{0,4}}{_NUM}\s*[.、:)](?!\d)"),
    re.compile(r"(?:^|(?<=[\n;。!?,、\s]))\s{0,4}第[一二三四五六七八九十]{1,3}\s*[,、:]"),
    re.compile(r"(?:^|(?<=[\n;。!?,、\s]))\s{0,4}[一二三四五六七八九十]{1,2}是"),
    re.compile(r"(?:^|(?<=[\n;。!?,、\s]))\s{0,4}(?:首先|其次|再次|最后)\s*[,、:]"),
)
# "答：" or "主要体会有：" before the items: a lead-in, not an item (at most 20 characters, no
# separator inside, so an item such as 围绕中心、服务大局 is never taken for one).
_LEAD_IN = re.compile(r"^\s*[^\n;。,、:]{0,20}:\s*(?=\S)")
_INLINE_NUMBERING = re.compile(r"[二三四五六七八九十]是")
_STRONG_SPLIT = re.compile(r"[\n;。!?|]+")
_WEAK_SPLIT = re.compile(r"[,、\s]+")


@dataclass(frozen=True)
class Fragment:
    """A piece of the answer between separators.

    Attributes:
        text: the learner's text of the piece (numbering removed).
        block: index of the strong block it belongs to.
        key: the pinyin key of its canonical form (what is matched).
        lead_in: the words before a colon at the start (答：, 主要体会有：), not an item
            unless they match one.
    """

    text: str
    block: int
    key: str
    lead_in: bool = False


@dataclass(frozen=True)
class Segment:
    """A run of consecutive fragments ``[start, end)`` of one block, tried as one item."""

    start: int
    end: int
    text: str
    key: str


@dataclass(frozen=True)
class Assignment:
    """The items of an answer matched one-to-one to the expected items.

    Attributes:
        matched: for each expected item, the segment assigned to it or None.
        extra: the learner's text pieces that matched no expected item, in answer order.
        duplicates: how many of ``extra`` repeat an item already matched.
        order: the expected indexes of the matched items in the order the learner wrote them.
    """

    matched: tuple[Segment | None, ...]
    extra: tuple[str, ...]
    duplicates: int
    order: tuple[int, ...]


_WHITESPACE_RUN = re.compile(r"\s{2,}")


def _mark_numbering(text: str) -> str:
    # One whitespace character per run (a line break if the run has one): the markers' \s*
    # would otherwise rescan a long run from every position of it (quadratic time).
    text = _WHITESPACE_RUN.sub(lambda m: "\n" if "\n" in m.group() else " ", text)
    for pattern in _STRONG_MARKERS:
        text = pattern.sub("\n", text)
    if "一是" in text and "二是" in text:
        text = text.replace("一是", "\n")
        text = _INLINE_NUMBERING.sub("\n", text)
    return text


def fragments(answer: str | Sequence[str]) -> list[Fragment]:
    """Cut an answer into fragments.

    Args:
        answer: one string, or one entry per item (each entry is its own block).

    Returns:
        At most :data:`MAX_PARTS` non-empty fragments in answer order.
    """
    found: list[Fragment] = []
    block = 0
    if isinstance(answer, str):
        text = clean(answer, MAX_ANSWER_CHARS)
        lead_in = _LEAD_IN.match(text)
        if lead_in is not None:
            # Kept as a fragment (it may be an item after all) but never counted as extra.
            head = lead_in.group().strip().rstrip(":").strip()
            key = pinyin_key(canonical(head))
            if key:
                found.append(Fragment(head, block, key, lead_in=True))
                block += 1
            text = text[lead_in.end() :]
        entries = [text]
    else:
        entries = [clean(entry, MAX_ANSWER_CHARS // 10) for entry in list(answer)[:MAX_PARTS]]
    for entry in entries:
        for piece in _STRONG_SPLIT.split(_mark_numbering(entry)):
            pieces = [p for p in _WEAK_SPLIT.split(piece) if p]
            added = False
            for text in pieces:
                key = pinyin_key(canonical(text))
                if key:
                    found.append(Fragment(text, block, key))
                    added = True
                if len(found) >= MAX_PARTS:
                    return found
            if added:
                block += 1
    return found


def segments(found: list[Fragment]) -> list[Segment]:
    """Every run of up to :data:`MAX_RUN` consecutive fragments of one block, and every
    whole block."""
    result: list[Segment] = []
    count = len(found)
    for start in range(count):
        for end in range(start + 1, min(count, start + MAX_RUN) + 1):
            if found[end - 1].block != found[start].block:
                break
            result.append(_segment(found, start, end))
    # Whole blocks longer than MAX_RUN fragments (an item with many commas).
    start = 0
    while start < count:
        end = start
        while end < count and found[end].block == found[start].block:
            end += 1
        if end - start > MAX_RUN:
            result.append(_segment(found, start, end))
        start = end
    return result


def _segment(found: list[Fragment], start: int, end: int) -> Segment:
    run = found[start:end]
    return Segment(start, end, "、".join(f.text for f in run), "".join(f.key for f in run))


def assign(answer: str | Sequence[str], expected: Sequence[Sequence[str]]) -> Assignment:
    """Match the learner's items one-to-one to the expected items.

    A greedy best-first assignment over the similarity matrix (rapidfuzz, on pinyin keys):
    the best-scoring (segment, item) pair is taken first, then the next one whose item and
    fragments are still free, and so on. For ≤ 20 items this is as good as an optimal
    assignment in practice and costs far less.

    Args:
        answer: the learner's answer (one string or one entry per item).
        expected: for each expected item, its accepted wordings.

    Returns:
        The assignment; fragments left over are grouped into ``extra`` items.
    """
    expected_keys = [
        [(canonical(alt), pinyin_key(canonical(alt))) for alt in alternatives if canonical(alt)]
        for alternatives in expected
    ]
    found = _split_run_together(fragments(answer), expected_keys)
    candidates = segments(found)
    keys = [c.key for c in candidates]
    pairs: list[tuple[float, int, int, int]] = []
    for item, alternatives in enumerate(expected_keys):
        for _, alt_key in alternatives:
            for _, score, index in process.extract(
                alt_key, keys, scorer=fuzz.ratio, limit=None, score_cutoff=MIN_ASSIGN_SCORE
            ):
                span = candidates[index].end - candidates[index].start
                pairs.append((score, -span, item, index))
    # Best score first; on ties the shorter run, then the earlier item and segment.
    pairs.sort(key=lambda p: (-p[0], p[1], p[2], p[3]))
    matched: list[Segment | None] = [None] * len(expected)
    used = [False] * len(found)
    for _, _, item, index in pairs:
        segment = candidates[index]
        if matched[item] is not None or any(used[segment.start : segment.end]):
            continue
        matched[item] = segment
        for position in range(segment.start, segment.end):
            used[position] = True

    extra, duplicates = _leftovers(found, used, matched, expected)
    placed = sorted(
        (segment.start, item) for item, segment in enumerate(matched) if segment is not None
    )
    return Assignment(tuple(matched), tuple(extra), duplicates, tuple(i for _, i in placed))


def _split_run_together(
    found: list[Fragment], expected_keys: list[list[tuple[str, str]]]
) -> list[Fragment]:
    """Fragments that hold several expected items typed without separators (存史资政团结育人)
    cut where those items occur (by sound), so each can be matched on its own."""
    wordings = [pair for alternatives in expected_keys for pair in alternatives]
    if not wordings or len(found) >= len(expected_keys):
        return found
    # Each wording also without its leading fillers: 围绕中心服务大局 run together with others.
    item_keys = [key for _, key in wordings]
    item_keys += [pinyin_key(strip_leading_fillers(text)) for text, _ in wordings]
    item_keys = [key for key in item_keys if len(key) >= 2]
    if not item_keys:
        return found
    shortest = min(len(key) for key in item_keys)
    result: list[Fragment] = []
    for fragment in found:
        if len(fragment.key) < 2 * shortest or fragment.lead_in:
            result.append(fragment)
            continue
        cuts = _item_boundaries(fragment.key, item_keys)
        if len(cuts) < 2:
            result.append(fragment)
            continue
        text = canonical(fragment.text)
        bounds = sorted({0, len(text), *(b for span in cuts for b in span)})
        for start, end in zip(bounds, bounds[1:], strict=False):
            if end > start:
                result.append(Fragment(text[start:end], fragment.block, fragment.key[start:end]))
    return result[:MAX_PARTS]


def _item_boundaries(key: str, item_keys: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of ``key`` where an expected item occurs, longest items first."""
    spans: list[tuple[int, int]] = []
    taken = [False] * len(key)
    for item_key in sorted(set(item_keys), key=len, reverse=True):
        start = key.find(item_key)
        while start >= 0:
            end = start + len(item_key)
            if not any(taken[start:end]):
                spans.append((start, end))
                for i in range(start, end):
                    taken[i] = True
                break  # each item once: a repeat stays in place to count as a duplicate
            start = key.find(item_key, start + 1)
    return spans


def _leftovers(
    found: list[Fragment],
    used: list[bool],
    matched: list[Segment | None],
    expected: Sequence[Sequence[str]],
) -> tuple[list[str], int]:
    extra: list[str] = []
    duplicates = 0
    matched_keys = [
        pinyin_key(canonical(alt))
        for item, segment in enumerate(matched)
        if segment is not None
        for alt in expected[item]
    ]
    index = 0
    while index < len(found):
        if used[index]:
            index += 1
            continue
        # Each left-over fragment is one extra, whatever separates it from the next (、，
        # spaces as much as ；or a new line): five invented items cost five times.
        end = index + 1
        segment = _segment(found, index, end)
        if all(f.lead_in for f in found[index:end]):
            index = end
            continue
        if len(extra) < MAX_EXTRA_ITEMS:
            extra.append(segment.text[:MAX_EXTRA_CHARS])
        if matched_keys:
            best = process.extractOne(segment.key, matched_keys, scorer=fuzz.ratio)
            if best is not None and best[1] >= DUPLICATE_SCORE:
                duplicates += 1
        index = end
    return extra, duplicates


def split_blanks(
    answer: str | Sequence[str], blanks: Sequence[Sequence[str]], literals: Sequence[str] = ()
) -> list[str]:
    """The learner's text for each blank (see :func:`split_blanks_and_extra`)."""
    return split_blanks_and_extra(answer, blanks, literals)[0]


def split_blanks_and_extra(
    answer: str | Sequence[str], blanks: Sequence[Sequence[str]], literals: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """The learner's text for each blank of a cloze, in order.

    Args:
        answer: one string (blanks separated by ``|``, spaces, 、 or ，, or the whole sentence
            with the blanks filled in) or one entry per blank.
        blanks: the accepted wordings of each blank.
        literals: the cloze text around the blanks (``len(blanks) + 1`` pieces) — used to read
            a fully typed-out sentence.

    Returns:
        Exactly ``len(blanks)`` strings ('' for a blank left empty), and the pieces of the
        answer that went into no blank (extra candidates: a hedge costs).
    """
    count = len(blanks)
    if not isinstance(answer, str):
        entries = [clean(entry) for entry in list(answer)[:MAX_PARTS]]
        extra = [entry for entry in entries[count:] if canonical(entry)]
        return (entries + [""] * count)[:count], extra
    text = clean(answer, MAX_ANSWER_CHARS)
    if count == 0:
        return [], [text] if canonical(text) else []
    filled = _read_sentence(text, literals, count)
    if filled is None:
        filled = _read_sentence_loosely(text, literals, blanks)
    if filled is not None:
        return filled, []
    if count == 1:
        return [text], []
    if "|" in text:
        pieces = [p.strip() for p in text.split("|")]
        if len(pieces) == count:
            return pieces, []
    for splitter in (_STRONG_SPLIT, re.compile(r"[\n;。!?|,、\s]+")):
        pieces = [p for p in splitter.split(text) if canonical(p)]
        if len(pieces) == count:
            return pieces, []
    pieces = [p for p in re.split(r"[\n;。!?|,、\s]+", text) if canonical(p)][:MAX_PARTS]
    if len(pieces) < count:
        # Fills typed without separators (全面领导围绕中心): cut where the blanks' wordings occur.
        blank_keys = [
            [(canonical(a), pinyin_key(canonical(a))) for a in alts if canonical(a)]
            for alts in blanks
        ]
        split = _split_run_together(
            [Fragment(p, 0, pinyin_key(canonical(p))) for p in pieces], blank_keys
        )
        pieces = [fragment.text for fragment in split]
        if len(pieces) == count:
            return pieces, []
    return _align_blanks(pieces, blanks)


def _read_sentence(text: str, literals: Sequence[str], count: int) -> list[str] | None:
    """The blanks of a cloze sentence typed out in full, or None when ``text`` is not it.

    The text around the blanks is looked for in order (leftmost match, linear time — no
    backtracking regex), first with punctuation kept as a separator mark so that blanks
    separated only by 、 can be told apart, then without punctuation at all.
    """
    if len(literals) != count + 1 or len(text) > MAX_SENTENCE_CHARS:
        return None
    for form in (_with_separators, canonical):
        anchors = [form(piece) for piece in literals]
        typed = form(text)
        if form is _with_separators:
            typed = typed.strip(",")
            anchors[0], anchors[-1] = anchors[0].lstrip(","), anchors[-1].rstrip(",")
        if len(anchors[0]) + len(anchors[-1]) + sum(map(len, anchors[1:-1])) < 2:
            return None  # nothing to recognise the sentence by
        if any(not anchor for anchor in anchors[1:-1]):
            continue  # two blanks side by side: cannot tell where one ends
        filled = _between(typed, anchors)
        if filled is not None:
            return filled
    return None


def _read_sentence_loosely(
    text: str, literals: Sequence[str], blanks: Sequence[Sequence[str]]
) -> list[str] | None:
    """The blanks of a typed-out sentence that has slips in the text around the blanks too
    (市位 for 市委): the typed text is aligned with the expected sentence (pinyin keys,
    rapidfuzz opcodes) and each blank takes what lines up with it. Used only when at least
    half of the text around the blanks is there, so a bare list of fills never reads as one."""
    if len(literals) != len(blanks) + 1 or len(text) > MAX_SENTENCE_CHARS:
        return None
    pieces: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for index, literal in enumerate(literals):
        piece = canonical(literal)
        pieces.append(piece)
        position += len(piece)
        if index < len(blanks):
            fill = canonical(blanks[index][0]) if blanks[index] else ""
            spans.append((position, position + len(fill)))
            pieces.append(fill)
            position += len(fill)
    expected = "".join(pieces)
    literal_chars = len(expected) - sum(end - start for start, end in spans)
    typed = canonical(text, MAX_SENTENCE_CHARS)
    if literal_chars < 4 or not typed:
        return None
    to_typed = [0] * (len(expected) + 1)
    inserted_at: dict[int, int] = {}
    in_blank = [False] * len(expected)
    for start, end in spans:
        for i in range(start, end):
            in_blank[i] = True
    literal_kept = 0
    for op in Levenshtein.opcodes(pinyin_key(expected), pinyin_key(typed)):
        source = op.src_end - op.src_start
        target = op.dest_end - op.dest_start
        if op.tag == "insert":
            inserted_at.setdefault(op.src_start, op.dest_start)
            continue
        for k in range(source):
            to_typed[op.src_start + k] = op.dest_start + (k * target // source if target else 0)
            if op.tag == "equal" and not in_blank[op.src_start + k]:
                literal_kept += 1
    to_typed[len(expected)] = len(typed)
    if literal_kept < LOOSE_SENTENCE_SHARE * literal_chars:
        return None
    return [typed[inserted_at.get(start, to_typed[start]) : to_typed[end]] for start, end in spans]


def _between(typed: str, anchors: list[str]) -> list[str] | None:
    if not typed.startswith(anchors[0]) or not typed.endswith(anchors[-1]):
        return None
    position, limit = len(anchors[0]), len(typed) - len(anchors[-1])
    if limit < position:
        return None
    filled: list[str] = []
    for anchor in anchors[1:-1]:
        found = typed.find(anchor, position, limit)
        if found < 0:
            return None
        filled.append(typed[position:found])
        position = found + len(anchor)
    filled.append(typed[position:limit])
    return filled


def _with_separators(text: str) -> str:
    """Text without whitespace, quotes and brackets, every run of other punctuation one ``,``."""
    out: list[str] = []
    for ch in canonical_numbers(strip_thousands(clean(text, MAX_SENTENCE_CHARS)).casefold()):
        if ch.isspace():
            continue
        category = unicodedata.category(ch)
        if category in ("Pi", "Pf", "Ps", "Pe"):
            continue
        if category[0] == "P" and ch not in "%.":
            if not out or out[-1] != ",":
                out.append(",")
            continue
        out.append(ch)
    return "".join(out)


def _align_blanks(
    pieces: list[str], blanks: Sequence[Sequence[str]]
) -> tuple[list[str], list[str]]:
    """Pieces placed into blanks in order, each blank taking a run of pieces or none,
    maximising the total similarity (a small dynamic programme over ≤ 200 × 20 cells);
    also the pieces that went into no blank."""
    count = len(blanks)
    keys = [pinyin_key(canonical(p)) for p in pieces]
    alt_keys = [[pinyin_key(canonical(a)) for a in alts] for alts in blanks]
    size = len(pieces)
    neg = float("-inf")
    # best[i][j]: best total using the first i pieces for the first j blanks.
    best = [[neg] * (count + 1) for _ in range(size + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (count + 1) for _ in range(size + 1)]
    best[0][0] = 0.0
    for i in range(size + 1):
        for j in range(count + 1):
            here = best[i][j]
            if here == neg:
                continue
            if i < size and here > best[i + 1][j]:  # piece i is extra
                best[i + 1][j], back[i + 1][j] = here, (i, j)
            if j < count:
                if here > best[i][j + 1]:  # blank j left empty
                    best[i][j + 1], back[i][j + 1] = here, (i, j)
                for end in range(i + 1, min(size, i + 3) + 1):
                    joined = "".join(keys[i:end])
                    score = max(fuzz.ratio(joined, alt) for alt in alt_keys[j]) / 100
                    if here + score > best[end][j + 1]:
                        best[end][j + 1], back[end][j + 1] = here + score, (i, j)
    result = [""] * count
    unused = [True] * size
    i, j = size, count
    while back[i][j] is not None:
        pi, pj = back[i][j]  # type: ignore[misc]
        if pj == j - 1 and pi < i:
            result[pj] = "".join(pieces[pi:i])
            unused[pi:i] = [False] * (i - pi)
        i, j = pi, pj
    return result, [piece for piece, left in zip(pieces, unused, strict=True) if left]
