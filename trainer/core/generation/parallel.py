"""Cut the edges of a run of parallel items by their parallelism.

A run found in running text (``发挥法治固根本、稳预期、利长远``) carries a lead-in on its first
piece and the sentence's continuation on its last (``…利长远的优质项目``). Items of one
enumeration are parallel: about the same length, often the same first or last characters
(审计监督 / 统计监督), the same word structure. The middle items are exact, so the first item is
the suffix of the first piece and the last item the prefix of the last piece that fit the
middle ones best. Candidates are cut at word boundaries from jieba's segmenter; its
part-of-speech tags say where a noun phrase goes on (世界一流人才 | 聚集地建设: not finished) and
compare the word structure of candidates with the middle items.
"""

from __future__ import annotations

import re
import statistics
from functools import lru_cache

from trainer.core.generation.text import common_prefix, common_suffix

# Tags of words that continue a noun phrase: cutting right before one leaves the item unfinished.
_NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "nrfg", "nrt", "i", "l", "an", "j", "s")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` segmented by jieba with part-of-speech tags (cached: runs repeat)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)  # jieba prints its dictionary loading on stderr otherwise
    return tuple((pair.word, pair.flag) for pair in jieba.posseg.cut(text, HMM=False))


def _starts(text: str) -> list[tuple[int, str]]:
    """Word start offsets of ``text`` with the tag of the word starting there."""
    found: list[tuple[int, str]] = []
    offset = 0
    for word, flag in words(text):
        found.append((offset, flag))
        offset += len(word)
    return found


def _inside_noun(text: str, offset: int) -> bool:
    """``offset`` falls one character into a noun (大|运河): no item boundary there.

    (城市|规划 may be cut: a two-character modifier is a word of its own.)
    """
    start = 0
    for word, flag in words(text):
        end = start + len(word)
        if start < offset < end:
            if flag in _PROPER:
                return True  # 港澳|台侨: a name or an abbreviation is never cut
            if flag in ("l", "i") and end - offset == 1:
                # 丝绸之|路: no item starts with a set phrase's last character (the segmenter
                # also joins lead-ins into such phrases: 明确|责任主体, 在|思想上 may be cut)
                return True
            return flag.startswith("n") and offset - start == 1
        start = end
    return False


def _straddles(text: str, offset: int) -> bool:
    """``offset`` falls inside a word the item then runs past (防汛防台|抗旱 cut at 防台,
    信息技术|服务 at 技术): half a word joined to the next is no item (城市|规划 is: the cut
    leaves the last word's end as the item's end)."""
    start = 0
    for word, flag in words(text):
        end = start + len(word)
        if start < offset < end:
            # (a set phrase may hold the lead-in's verb: 明确|责任主体 is cut)
            return end < len(text) and flag.startswith(("n", "t", "b"))
        start = end
    return False


def _leaves_one_char(text: str, offset: int, min_freq: int = 0) -> bool:
    """``offset`` leaves one character of a word on one side (新一|代半导体, 零碳产业|园).

    ``min_freq``: only for words the segmenter's dictionary knows this well (供水管|网 is the
    segmenter's mistake for 供水|管网, not a word to keep whole).
    """
    import jieba

    start = 0
    for word, flag in words(text):
        end = start + len(word)
        if start < offset < end:
            one = end - offset == 1 or offset - start == 1
            # a noun, time word or modifier (在|思想上: a set phrase joining a preposition is cut)
            nominal = flag.startswith(("n", "t", "b", "m"))
            return one and nominal and len(word) >= 3 and jieba.dt.FREQ.get(word, 0) >= min_freq
        start = end
    return False


def _inside_word(text: str, offset: int) -> bool:
    """``offset`` falls inside a verb (实|施) or a modifier (先|进): no item starts there."""
    start = 0
    for word, flag in words(text):
        end = start + len(word)
        if start < offset < end:
            return flag.startswith(("v", "a", "b", "m")) and flag != "vn"
        start = end
    return False


_NOMINAL = ("n", "t", "b", "s", "f", "m", "q", "j", "a")
_PROPER = frozenset(("j", "ns", "nr", "nt", "nz", "nrt", "nrfg"))


# Verbs that lead into runs in reports, which jieba sometimes tags as nouns (深化/j, 全面/n).
_LEAD_VERBS = frozenset(
    [
        "深化",
        "推进",
        "推动",
        "加强",
        "坚持",
        "开展",
        "实施",
        "聚焦",
        "促进",
        "完善",
        "建立",
        "增强",
        "强化",
        "形成",
        "打造",
        "弘扬",
        "统筹",
        "注重",
        "提升",
        "培育",
        "发展",
        "落实",
        "凝聚",
        "丰富",
        "围绕",
        "建设",
        "构建",
        "健全",
        "优化",
        "扩大",
        "保障",
        "加快",
        "巩固",
        "做好",
        "抓好",
        "全面",
        "持续",
        "深入",
        "大力",
        "着力",
        "积极",
        "支持",
        "鼓励",
        "引导",
        "规范",
        "加大",
        "提高",
        "扎实",
    ]  # noqa: SIM905 - a word list is easier to read and extend this way
)


LEAD_VERBS = _LEAD_VERBS  # for the figure finder: the verb leading a list of figures


def _nominal(text: str) -> bool:
    """Nouns and their modifiers only: no verb, preposition or adverb."""
    return all(flag.startswith(_NOMINAL) and word not in _LEAD_VERBS for word, flag in words(text))


def is_nominal(text: str) -> bool:
    """Public name of :func:`_nominal` for the run finder."""
    return _nominal(text)


def _nominal_or_verbal(text: str) -> bool:
    """Nouns, modifiers and verbal nouns only (中国|国际|服务|贸易|交易会)."""
    return all(
        (flag.startswith(_NOMINAL) or flag == "vn") and word not in _LEAD_VERBS
        for word, flag in words(text)
    )


def _trailing_nominal(text: str) -> str:
    """The nouns and modifiers at the end of ``text``, after its last verb, preposition…"""
    found = words(text)
    tail: list[str] = []
    for index in range(len(found) - 1, -1, -1):
        word, flag = found[index]
        # nouns, names, time words, distinguishers, verbal nouns (混合团体) and two-character
        # adjectives (精深加工); not a one-character complement of a verb (打好|蓝天, 做优|三星堆)
        modifier = flag == "vn" or flag == "a" and len(word) >= 2
        # a set phrase ending the words before a noun item names it (丝绸之路|国际博览会)
        phrase = flag == "l" and index == len(found) - 1
        if not (flag.startswith(("n", "t", "b", "j", "s", "f")) or modifier or phrase):
            break
        if word in _LEAD_VERBS or _holds_lead_verb(word):
            break
        if index > 0 and found[index - 1][1] in ("d", "vd") and flag != "vn":
            break  # 持续|整治|金融: after an adverb a word is the verb, whatever its tag
        if len(word) == 1 and flag in ("n", "a") and index > 0 and found[index - 1][1][:1] == "v":
            break
        tail.append(word)
    return "".join(reversed(tail))


def _holds_lead_verb(word: str) -> bool:
    """A word the segmenter joined from a lead verb and more (大力发展, tagged nz)."""
    return len(word) >= 4 and (word[:2] in _LEAD_VERBS or word[-2:] in _LEAD_VERBS)


def _verb_before(text: str) -> bool:
    """``text`` ends with a verb word (完善, 依法严厉打击)."""
    found = words(text) if text else ()
    return bool(found) and (found[-1][1][:1] in ("v", "i", "l") or found[-1][0] in _LEAD_VERBS)


def _own_modifiers(middles: list[str]) -> bool:
    """The middle items are compounds with a modifier of their own (智能终端, 商业航天, 个人极端)
    and no shared head: a modifier right before the first item (高端|医疗器械, 电信|网络诈骗)
    is then that item's own, not context shared by all items (城市|规划、建设、运营: bare
    heads; 省招投标|交易平台、服务平台: a shared head; 公共数据|归集共享、授权运营: verbs)."""
    if len(middles) >= 2 and (common_suffix(middles) or common_prefix(middles)):
        return False
    compounds = 0
    for middle in middles:
        found = words(middle)
        if (
            len(found) >= 2
            and found[0][1].startswith(("n", "b", "t", "j", "s"))
            and _head_class(middle) == "n"
        ):
            compounds += 1
    return 2 * compounds > len(middles)


def _tags(text: str) -> list[str]:
    return [flag[:1] for _, flag in words(text)]


def _shape_bonus(candidate: str, middles: list[str]) -> float:
    """Word structure like the middle items: same first tags and the same number of words."""
    tags = _tags(candidate)
    bonus = 0.0
    for middle in middles[:3]:
        other = _tags(middle)
        if tags[:1] == other[:1]:
            bonus += 0.2
        if len(tags) == len(other):
            bonus += 0.2
    return bonus / min(len(middles), 3)


def _length_penalty(candidate: str, middles: list[str]) -> float:
    lengths = [len(m) for m in middles]
    low, high = min(lengths), max(lengths)
    size = len(candidate)
    distance = low - size if size < low else size - high if size > high else 0
    return 3.0 * distance / statistics.median(lengths)


def _shared(candidate: str, middles: list[str], *, head: bool) -> int:
    pick = common_prefix if head else common_suffix
    return min(len(pick([candidate, m])) for m in middles)


def _verb_start(item: str) -> bool:
    """The item starts with a verb, adjective or adverb (优化|地类…, though a verbal noun to
    jieba, is a lead verb; 生育|假 is not)."""
    word, flag = words(item)[0]
    return word in _LEAD_VERBS or flag[:1] in ("v", "a", "d") and flag != "vn"


def _verb_complement(found: tuple[tuple[str, str], ...]) -> bool:
    """``found`` is a one-character verb and its complement (建|好, 办|好, 抓|实), as jieba
    splits them."""
    return (
        len(found) == 2
        and len(found[0][0]) == 1
        and found[0][1] == "v"
        and found[1][0] in ("好", "成", "强", "优", "实", "牢")
    )


def cut_first(piece: str, middles: list[str]) -> str:
    """The first item: the suffix of the run's first piece that best fits the middle items.

    Args:
        piece: the text from the clause start to the first 、 (``发挥法治固根本``).
        middles: the run's middle items (exact).

    Returns:
        The item (``固根本``); the whole piece when nothing shorter fits better.
    """
    middle_head = common_prefix(middles) if len(middles) >= 2 else ""
    candidates: dict[int, float] = {}
    for start, _ in _starts(piece):
        candidates[start] = 0.0
    # a lead verb the segmenter joined to the item's first character (打|造成|渝主轴…: 打造)
    glued = next((v for v in _LEAD_VERBS if piece.startswith(v) and len(piece) > len(v) + 2), "")
    if glued and len(glued) not in candidates:
        candidates[len(glued)] = 0.0
    for middle in middles:  # a cut inside a word, at the length of a middle item
        start = len(piece) - len(middle)
        if (
            start > 0
            and not _inside_noun(piece, start)
            and not _inside_word(piece, start)
            and not _leaves_one_char(piece, start)
            and not _straddles(piece, start)
        ):
            candidates.setdefault(start, 0.6)
    nominal_run = all(_nominal(m) for m in middles)
    own_modifiers = _own_modifiers(middles)
    best, best_score = piece, float("inf")
    for start, extra in sorted(candidates.items()):
        candidate = piece[start:]
        modifier = _trailing_nominal(piece[:start]) if start else ""
        # a modifier of its own right after the lead-in's verb (完善|高端|医疗器械), not a
        # lead-in the segmenter tags as a noun (细化|经济发展: nothing before it)
        own = (
            own_modifiers
            and _verb_before(piece[: start - len(modifier)])
            # items parallel without it (高质量发展、高品质生活; …先行区) share it as context
            and not common_prefix([candidate, *middles])
            and not common_suffix([candidate, *middles])
        )
        # 钢铁、食品、纺织等产业|高端化、智能化、绿色化: without the noun the first item is
        # exactly of the middles' shape (their length, their shared ending): the noun is the
        # topic of them all
        bare = (
            all(len(words(middle)) == 1 for middle in middles)
            and bool(common_suffix([candidate, *middles]) or common_prefix([candidate, *middles]))
            and _length_penalty(candidate, middles) == 0
        )
        if (
            modifier
            and not bare
            and (
                nominal_run
                or own
                or all(flag[:1] in ("t", "b", "m") for _, flag in words(modifier))
            )
        ):
            # 新一代信息技术、高端装备、新材料 / 加强与港澳台侨界别委员、党外知识分子: the items
            # are noun phrases and the nouns just before the cut modify the first one (the
            # lead-in ends at its verb or preposition): they are part of the item.
            extra += 2.5
        if not candidate.strip("“”"):
            continue
        if candidate.count("“") != candidate.count("”"):
            continue
        # a quoted name opening the item is one modifier, however long (“分类分层分级”协调)
        close = candidate.find("”")
        quoted = (
            candidate.startswith("“")
            and 0 < close < len(candidate) - 1
            and len(candidate) - close - 1 < min(map(len, middles))
        )
        length = _length_penalty(
            candidate[candidate.find("”") + 1 :] if quoted else candidate, middles
        )
        if (
            start
            and not modifier
            and nominal_run
            and _nominal_or_verbal(candidate)
            and words(candidate)[0][1] in _PROPER
            and words(candidate)[-1][1] in _PROPER
        ):
            # 用好|中国国际服务贸易交易会、中关村论坛: a name from a place to an organisation
            # after the lead-in's last verb is the item, however long it is
            length = min(length, 2.0)
        score = extra + length
        score -= 0.8 * min(_shared(candidate, middles, head=True), 2)
        if middle_head and not candidate.startswith(middle_head):
            score += 2.0  # the middle items all start alike (稳就业、稳企业): so does the first
        lead, lead_flag = words(candidate)[0]
        # a verb word of its own (占|道经营: a one-character verb is often part of a compound)
        # before a run of noun phrases (their heads are nouns: not 签约开工、建设纳统)
        before = words(piece[:start]) if start else ()
        # after an adverb a word is the verb whatever its tag (持续|整治 tagged a noun)
        after_adverb = bool(before) and before[-1][1] in ("d", "vd") and lead_flag != "vn"
        verb_lead = lead in _LEAD_VERBS or (
            (lead_flag == "v" or after_adverb)
            and len(lead) >= 2
            and len(candidate) > len(lead)
            and all(_head_class(m) == "n" for m in middles)
        )
        # …unless the middle items start with a verb, adjective or adverb themselves
        # (充分|享有机会: 平等获得资源 keeps its verb; 生育假 is a verbal noun: 延长|婚假)
        # 建好|补充耕地储备库: a verb and its complement (建|好, 办|好) lead in; a verb after
        # them is the first item's modifier
        complement = _verb_complement(before)
        if before and _verb_complement((before[-1], words(candidate)[0])):
            score += 2.0  # 建|好补充…: no item starts with a verb's complement
        elif _verb_complement(words(candidate)[:2]) and not any(
            words(m)[0][1] == "v" for m in middles
        ):
            score += 1.5
        elif (
            (verb_lead or (start == 0 and glued))
            and not complement
            and not any(_verb_start(m) for m in middles)
        ):
            # 加强房地产、地方政府债务, 争创集成电路、新能源汽车, 延长婚假、生育假: a verb leads
            # into a run of nouns (any verb, not only the common lead-ins)
            score += 1.5
        preposition = words(candidate)[0]
        if (
            preposition[1] == "p"
            and len(candidate) - len(preposition[0]) >= 3  # not 用能 (用/能 to the segmenter)
            and not any(words(m)[0][1] == "p" for m in middles)
        ):
            score += 1.5  # 通过|校长书记共研治理, 以|服务业挖潜: a preposition leads in
        lead_words = words(piece[:start]) if start else ()
        if (
            len(lead_words) >= 2
            and len(lead_words[-1][0]) == 1
            and len(lead_words[-2][0]) >= 2
            and lead_words[-1][1][:1] in ("n", "m", "q", "j", "b", "t")
        ):
            # 布局五|区科技创新, 开发多|部门联动审批: a numeral or noun character stranded
            # after a whole word starts the item's first word, it is no end of the lead-in
            score += 2.0
        if (
            start
            and piece[start - 1] == "”"
            and len(candidate) < min(map(len, middles))
            and not any(m.startswith("“") for m in middles)
        ):
            # 用好“分类分层分级”|协调: a quoted name right before a cut leaving an item too
            # short to stand beside the middles (they carry no quote) is the item's own
            score += 2.0
        if _after_ordinal(lead_words):
            # 第六代|移动|通信技术: an ordinal (第X代, 第X届) leads a noun phrase to its head;
            # no item starts inside it
            score += 2.0
        first_word = words(candidate)[0]
        if (
            first_word[1] == "m"
            and re.match("^[一两几多][批些系列个项]", first_word[0])
            and not any(words(m)[0][1] == "m" for m in middles)
        ):
            score += 1.5  # 实施一批|顶尖科技人才: "a batch of" leads into the run
        score -= _shape_bonus(candidate, middles)
        if score < best_score - 1e-9:
            best, best_score = candidate, score
    return best


def _after_ordinal(lead_words: tuple[tuple[str, str], ...]) -> bool:
    """The lead-in ends inside a noun phrase an ordinal opens (…第六代|移动: only nouns,
    verbal nouns and modifiers after 第X)."""
    for word, flag in reversed(lead_words):
        if flag == "m" and word.startswith("第") and len(word) >= 2:
            return True
        if not (flag.startswith(("n", "b", "j")) or flag == "vn"):
            return False
    return False


def cut_last(piece: str, middles: list[str], first: str = "") -> str:
    """The last item: the prefix of the run's last piece that best fits the middle items.

    Args:
        piece: the text from the last 、 to the clause end (``利长远的优质项目``).
        middles: the run's middle items (exact).
        first: the run's first item, when cut: with one middle item it shows the ending the
            items share (首贷、续贷、信用贷|支持力度: not 信用|贷).

    Returns:
        The item (``利长远``).
    """
    middle_tail = common_suffix(middles) if len(middles) >= 2 else ""
    if not middle_tail and len(middles) == 1 and first:
        middle_tail = common_suffix([first, *middles])
    starts = _starts(piece)
    candidates: dict[int, float] = {}
    for following, _ in starts[1:]:
        candidates[following] = 0.0
    candidates[len(piece)] = 0.0
    for middle in middles:
        if (
            len(middle) < len(piece)
            and not _inside_noun(piece, len(middle))
            and not _inside_word(piece, len(middle))
            and not _leaves_one_char(piece, len(middle), 100)
        ):
            candidates.setdefault(len(middle), 0.6)
    tag_at = dict(starts)
    noun_items = all(_head_class(m) == "n" for m in middles)
    best, best_score = piece, float("inf")
    for end, extra in sorted(candidates.items()):
        candidate = piece[:end]
        if not candidate or candidate.count("“") != candidate.count("”"):
            continue
        score = extra + _length_penalty(candidate, middles)
        score -= 0.8 * min(_shared(candidate, middles, head=False), 2)
        if middle_tail and not candidate.endswith(middle_tail):
            score += 2.0
        rest = piece[end:]
        if rest and tag_at.get(end, "x") in _NOUN_TAGS and not rest.startswith(("等", "的")):
            score += 1.5  # a noun follows: the item's noun phrase is not finished
        after_words = words(rest)[:2] if rest and noun_items else ()
        if (
            len(after_words) == 2
            and after_words[0][1] == "d"
            and after_words[1][1] == "v"
            and len(after_words[1][0]) >= 2  # (协同|共进: a one-character verb is a word's end)
        ):
            # noun items, then …创新中心|均实现: an adverb and a verb, the predicate, follow
            score -= 1.5
        score -= _shape_bonus(candidate, middles)
        if score < best_score - 1e-9:
            best, best_score = candidate, score
    return best


# ------------------------------------------------------------------ items of the same kind

# Tag classes of an item's last word (its head): a noun phrase, a verb phrase, an adjective.
_HEAD_CLASSES = {"v": "v", "a": "a", "d": "v", "p": "v"}


def _head_class(text: str) -> str:
    found = words(text)
    if not found:
        return ""
    flag = found[-1][1]
    if flag in ("vn", "an"):
        return "n"  # a verbal or adjectival noun heads a noun phrase (治理, 安全)
    return _HEAD_CLASSES.get(flag[:1], "n")


def _is_name(text: str) -> bool:
    """A place, person or organisation name on its own (成都, 都江堰)."""
    found = words(text)
    return len(found) == 1 and found[0][1] in ("ns", "nr", "nt")


def tag_shape(text: str) -> tuple[str, ...]:
    """The item's word structure: the class of each word (降碳 → v n; names are nouns)."""
    return tuple(flag[:1] if flag[:1] in "vadpcumqr" else "n" for _, flag in words(text))


def same_kind(candidate: str, items: list[str]) -> bool:
    """``candidate`` could stand in a run of ``items``: same head, shape and length band.

    Items of one enumeration are parallel, so an item of the same kind has a length within
    the items' band, the same ``X的Y`` shape, the head the items share (投资引导基金、国资国企
    基金 → …基金: not 科技领军人才), the word class of most items' heads and about as many words.
    """
    if not items or not candidate:
        return False
    lengths = [len(item) for item in items]
    if not max(1, min(lengths) - 1) <= len(candidate) <= max(lengths) + 1:
        return False
    with_of = ["的" in item for item in items]
    if all(with_of) and "的" not in candidate or not any(with_of) and "的" in candidate:
        return False
    shared_head = common_suffix(items) if len(items) >= 2 else ""
    if shared_head and not candidate.endswith(shared_head):
        return False
    if len(items) >= 2:
        shared_lead = common_prefix(items)  # 大蜀道、大峨眉、大九寨: so is an item of their kind
        if shared_lead and not candidate.startswith(shared_lead):
            return False
    names = [_is_name(item) for item in items]
    if 2 * names.count(_is_name(candidate)) < len(names):
        return False  # a place among goods (南充 among 家电、数码), a product among places
    heads = [_head_class(item) for item in items]
    if 2 * heads.count(_head_class(candidate)) < len(heads):
        return False
    counts = [len(words(item)) for item in items]
    return min(counts) - 1 <= len(words(candidate)) <= max(counts) + 1


def shape_kinship(candidate: str, items: list[str]) -> int:
    """How many of ``items`` have exactly the word structure of ``candidate``."""
    shape = tag_shape(candidate)
    return sum(1 for item in items if tag_shape(item) == shape)


_JOINING = ("以及", "和", "及", "与")


def split_joined(piece: str, middles: list[str]) -> tuple[str, str] | None:
    """``通达的门户枢纽和突出的生态本底`` → both halves, when each is an item like the middles.

    A last piece joined by 和/及/以及/与 is two items only when both halves are parallel to
    the middle items (软件和信息服务业, 半导体及集成电路 are one item: a half is too short or
    lacks the items' shape). The conjunction must be a word of its own (参与 is not 与), and
    items that contain a 和 themselves (速度和质量) are pairs, never split.
    """
    if any(joint in middle for middle in middles for joint in _JOINING):
        return None
    offset = 0
    for word, flag in words(piece):
        if word in _JOINING and flag[:1] in ("c", "p") and offset > 0:
            left, right = piece[:offset], piece[offset + len(word) :]
            if same_kind(left, middles) and same_kind(right, middles):
                return left, right
            return None
        offset += len(word)
    return None


def joined_left(piece: str) -> str:
    """The text before the first conjunction word (和/及/以及/与) of ``piece``, or ""."""
    offset = 0
    for word, flag in words(piece):
        if word in _JOINING and flag[:1] in ("c", "p") and offset > 0:
            return piece[:offset]
        offset += len(word)
    return ""


# A word used this often in jieba's dictionary (about 1 in 600,000 of its words) is everyday
# vocabulary (饮水 162, 休息 3825), not a coined term (托育 is not in it at all).
_COMMON_WORD = 100


def common_word(text: str) -> bool:
    """``text`` is one word of the dictionary in everyday use."""
    import jieba

    found = words(text)  # loads the dictionary
    return len(found) == 1 and jieba.dt.FREQ.get(text, 0) >= _COMMON_WORD
