"""Repair report text copied from newspaper pages and PDFs.

Newspaper copies split words with spaces (``书 主 题 98 个``), break lines inside sentences,
leave blank lines where a column ended, and put headings on lines of their own. Cleaning
joins what belongs together and keeps real paragraph and heading breaks.

Cleaning only ever changes *whitespace*, except for a few characters that are never part of
a quote (a byte-order mark, zero-width spaces, ASCII double dashes ``--`` standing for
``——``). :attr:`CleanReport.whitespace_only` says whether that held for a given text, so that
quotes taken from the cleaned text can be checked against the original file.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from trainer.core.errors import TrainerError

BlockKind = Literal["heading", "paragraph"]

# Characters of Chinese running text: ideographs and full-width punctuation.
_CJK = (
    "\u2e80-\u2fff\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff01-\uff5e\u2014\u2026\u201c\u201d\u2018\u2019\u00b7\u2022\u3010\u3011"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")
_SPACE_RUN = re.compile(f"[{_SPACES}]+")
_ASCII_DASHES = re.compile(f"(?<=[{_CJK}])[{_SPACES}]*(?:-{{2,}}|－{{2,}})[{_SPACES}]*(?=[{_CJK}])")
_NUMERIC = set("0123456789.%")
_PARAGRAPH_SPACE = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
_HAN_RUN_SPACE = re.compile(f"(?<=[{_HAN}]{{4}})[{_SPACES}]+(?=[{_HAN}]{{4}})")

TERMINAL = "。！？!?…"
_CLOSERS = "”’」』）)】"
_ANY_PUNCT_END = "。！？!?…；;：:，,、"
_SENTENCE_INSIDE = re.compile("[。！？!?；;]")
MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[，、,]"
    r"|[一二三四五六七八九十]+[是要]|\d+[.、．]|——|【)"
)
_HEADING_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分、，,])"
)
_BRACKET_HEADING = re.compile(r"^【[^【】]{1,40}】$")
MAX_HEADING = 40


class ReportError(TrainerError):
    """The report cannot be read as text (empty, binary, unknown encoding, too long).

    The core does not word messages: ``key`` is a message key of ``trainer.i18n`` (e.g.
    ``generate.error.empty``) and ``values`` fill it in; the CLI words it with
    ``trainer.i18n.describe``.
    """

    def __init__(self, key: str, **values: object) -> None:
        shown = ", ".join(f"{name}={value}" for name, value in values.items())
        super().__init__(f"{key} ({shown})" if shown else key, key, **values)


# Reports run to about 100,000 characters; beyond this generation would take minutes and a
# review would never end, so a longer text is refused with a message saying to split it.
MAX_REPORT_CHARS = 1_000_000


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of the cleaned report.

    Attributes:
        kind: ``heading`` or ``paragraph``.
        text: the cleaned text, on one line.
        level: 1 for top headings (【…】, 一、), 2 for others; 0 for paragraphs.
    """

    kind: BlockKind
    text: str
    level: int = 0


@dataclass(frozen=True)
class CleanReport:
    """The result of cleaning.

    Attributes:
        text: the cleaned report: headings and paragraphs separated by one blank line.
        blocks: the same as a list of blocks.
        whitespace_only: cleaning changed nothing but whitespace.
        encoding: how the file was decoded (``utf-8``, ``gb18030``), empty for text input.
    """

    text: str
    blocks: list[Block] = field(default_factory=list)
    whitespace_only: bool = True
    encoding: str = ""

    @property
    def headings(self) -> list[Block]:
        """The headings, in order."""
        return [b for b in self.blocks if b.kind == "heading"]


# --------------------------------------------------------------------------- decoding


def decode_report(raw: bytes, shown: str) -> tuple[str, str]:
    """Decode a report file's bytes.

    Args:
        raw: the file's content.
        shown: the file name used in error messages.

    Returns:
        ``(text, encoding)`` with encoding ``utf-8``, ``gb18030`` or ``utf-16`` (with a BOM).

    Raises:
        ReportError: the file is empty, binary, or neither UTF-8 nor GB18030/GBK.
    """
    if not raw.strip():
        raise ReportError("generate.error.empty", path=shown)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows "Unicode" text: UTF-16 with BOM
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            text = ""
        if text.strip() and _control_share(text[:8192].encode("utf-8", "replace")) <= 0.05:
            return text, "utf-16"
    head = raw[:8192]
    if b"\x00" in head or _control_share(head) > 0.05:
        raise ReportError("generate.error.binary", path=shown)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_share(text[:8192].encode("utf-8", "replace")) > 0.05:
            break
        if not text.strip():
            raise ReportError("generate.error.empty", path=shown)
        return text, "utf-8" if encoding == "utf-8-sig" else "gb18030"
    raise ReportError("generate.error.encoding", path=shown)


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    controls = sum(1 for b in data if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(data)


def read_report(path: str | Path) -> tuple[str, str]:
    """Read and decode a report file.

    Args:
        path: the report.

    Returns:
        ``(text, encoding)``.

    Raises:
        ReportError: missing, unreadable, a directory, not a regular file (a FIFO, a device),
            too large, empty, binary or undecodable.
    """
    from trainer.core.bank.files import MAX_REPORT_BYTES, BankFileRefused, read_regular_file

    file = Path(path)
    if file.is_dir():
        raise ReportError("generate.error.directory", path=path)
    try:
        # opened without blocking and checked on the descriptor, as the bank loader reads: a
        # FIFO would otherwise hang the command, /dev/zero fill the memory
        raw = read_regular_file(file, MAX_REPORT_BYTES)
    except FileNotFoundError:
        raise ReportError("generate.error.missing", path=path) from None
    except IsADirectoryError:
        raise ReportError("generate.error.directory", path=path) from None
    except BankFileRefused as refused:
        if refused.reason == "too_big":
            most = MAX_REPORT_BYTES // (1024 * 1024)
            raise ReportError("generate.error.too_big", path=path, most=most) from None
        raise ReportError("generate.error.not_regular", path=path) from None
    except OSError as error:
        raise ReportError("generate.error.unreadable", path=path, reason=error.strerror) from None
    return decode_report(raw, str(path))


# --------------------------------------------------------------------------- lines


def squeeze(text: str) -> str:
    """The text without whitespace (as quotes are compared)."""
    return re.sub(r"\s+", "", text)


def clean_line(line: str) -> str:
    """Repair one physical line: spaces inside Chinese text, dashes, invisible characters.

    Spaces between Chinese characters, punctuation and digits are removed (``读 书 群 204
    个`` → ``读书群204个``); a space between two runs of at least four Chinese characters in a
    line without sentence punctuation is kept, since titles use it as a separator.

    Args:
        line: one line without its line break.

    Returns:
        The repaired line, stripped.
    """
    line = _INVISIBLE.sub("", line)
    line = _ASCII_DASHES.sub("——", line)
    line = line.strip(_SPACES)
    if not _SENTENCE_INSIDE.search(line) and "，" not in line:
        line = _HAN_RUN_SPACE.sub("\x00", line)
    parts = _SPACE_RUN.split(line)
    chinese = bool(re.search(f"[{_HAN}]", line))
    out = parts[0]
    for part in parts[1:]:
        if not part:
            continue
        left, right = out[-1:] if out else "", part[0]
        numeric = chinese and left in _NUMERIC and right in _NUMERIC
        if numeric or _is_cjk(left) or _is_cjk(right) or left == "\x00" or right == "\x00":
            out += part
        else:
            out += " " + part
    return out.replace("\x00", " ").strip()


def _is_cjk(char: str) -> bool:
    return bool(char) and bool(re.match(f"[{_CJK}]", char))


# --------------------------------------------------------------------------- blocks


@dataclass
class _Line:
    text: str
    blank_before: bool
    blank_after: bool = False
    width: int = 0  # length as printed (before spaces were removed): what a wrap cut at


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def _ends_punct(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _ANY_PUNCT_END


def _heading_shape(text: str) -> bool:
    """Short, no sentence punctuation inside or at the end, no dash in the middle."""
    if _BRACKET_HEADING.match(text):
        return True
    if not text or len(text) > MAX_HEADING or _SENTENCE_INSIDE.search(text):
        return False
    if text[-1] in _ANY_PUNCT_END or text[-1] in "“‘（(":
        return False
    if "——" in text[1:] and not text.startswith("——"):
        return False
    if text[0] in "，、。；：）)”’":
        return False
    if text.startswith("——") and "，" in text:
        return False  # a dash-led sentence broken over lines, not a subtitle
    if "，" in text and len(text.rsplit("，", 1)[1]) < 3:
        return False  # "……，全" ends inside a word
    return bool(re.search(f"[{_HAN}]", text))


def _starts_with_fragment(text: str) -> bool:
    """The line starts with one or two characters and then punctuation: a broken word."""
    match = re.match(f"^[{_HAN}\\d]{{1,2}}[，。、；：！？]", text)
    return match is not None


def _joinable_title(first: str, second: str) -> bool:
    """Two title lines can be one heading "first second" that cleaning would keep as is."""
    joined = f"{first} {second}"
    return clean_line(joined) == joined


def _heading_level(text: str) -> int:
    if _BRACKET_HEADING.match(text) or re.match(r"^[一二三四五六七八九十]+、", text):
        return 1
    return 2


def _typical_width(lines: list[_Line]) -> int:
    lengths = [len(line.text) for line in lines if len(line.text) > 8]
    return int(statistics.median(lengths)) if lengths else 30


def _wrap_width(lines: list[_Line]) -> int:
    """The width a text was hard-wrapped at, or 0 when it was not.

    A text counts as hard-wrapped (a PDF export, a fixed-width copy) when at least half of
    its printed lines are within two characters of the most common length and 30 % have
    exactly that length (newspaper columns of varying width do not count).

    Returns:
        The shortest length of a full line, or 0.
    """
    lengths = [line.width for line in lines]
    if len(lengths) < 10:
        return 0
    width = statistics.multimode(lengths)[0]
    exact = lengths.count(width)
    full = sum(1 for n in lengths if abs(n - width) <= 2)
    wrapped = width >= 8 and exact >= 0.3 * len(lengths) and full >= 0.4 * len(lengths)
    return width - 2 if wrapped else 0


def _join(left: str, right: str) -> str:
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right


# --------------------------------------------------------------------------- web pages

# Lines of a web page's frame, not of the report: toolbars, font-size switches, share buttons.
_PAGE_WORDS = frozenset(
    [
        "下载",
        "打印",
        "全屏",
        "收藏",
        "加大",
        "还原",
        "减小",
        "大",
        "中",
        "小",
        "】",
        "【",
        ">",
        "》",
        "分享",
        "首页",
        "打印本页",
        "关闭窗口",
        "扫一扫在手机打开当前页",
        "相关报道",
        "相关链接",
        "相关附件",
        "相关阅读",
        "相关新闻",
        "责任编辑",
        "编辑",
        "来源",
        "时间",
        "发布时间",
        "字号",
        "字体",
        "默认",
        "返回顶部",
        "关闭",
        "分享到",
    ]  # noqa: SIM905 - a word list is easier to read and extend this way
)
_PAGE_LINE = re.compile(
    r"^(?:【字[号体][:：][^】]*】?|[（(]?来源[:：][^，。]{0,24}[）)]?|(?:责任)?编辑[:：][^，。]{0,12}"
    r"|(?:发布)?时间[:：].{0,24}|\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}时\d{1,2}分|[0-9a-f]{32}[:：]?|[\d/]+[次人]?阅读)$"
)
# A labels on a line of its own whose value is on the next line (来源： / 陕西省人民政府).
_PAGE_LABEL = re.compile(r"^(?:来源|时间|发布时间|责任编辑|编辑|作者)[:：]?$")
# A photo caption: "殷勇同志作政府工作报告。本报记者 戴冰摄", "省长赵刚作政府工作报告".
_CAPTION = re.compile(
    r"^[^，；]{0,30}(?:(?:记者|摄影|通讯员)[^，。；]{0,12}摄|(?<![工合协创])作[^，。；]{0,10}报告)。?$"
)
# Where the page goes on after the report: everything after is links and page chrome.
_PAGE_END = re.compile(
    r"^(?:责任编辑[:：]?.*|扫一扫在手机打开当前页|相关(?:附件|链接|报道|阅读|新闻)[:：>》]*)$"
)


def drop_page_noise(lines: list[str]) -> list[str]:
    """The lines of a report pasted from a web page, without the page around it.

    Toolbars (下载 打印 全屏 收藏 【字号：加大 还原 减小】), breadcrumbs (首页 > …), 来源 and 时间
    lines, photo captions and the links after the report become blank lines; the lines
    before the report's first "各位代表" (title, subtitle, speaker) are each made a block of
    their own so that the title is not run into the first paragraph.

    Args:
        lines: the report's lines, as read.

    Returns:
        As many lines (dropped ones blank, blank lines inserted in the head); a text without
        page noise comes back unchanged.
    """
    cleaned = [clean_line(line) for line in lines]
    kept = list(lines)
    drop = [False] * len(lines)
    for index, line in enumerate(cleaned):
        bare = line.strip("：:")
        if _PAGE_LABEL.match(line):
            drop[index] = True
            following = next((i for i in range(index + 1, len(lines)) if cleaned[i]), None)
            if following is not None and len(cleaned[following]) <= 24:
                drop[following] = True
        elif bare in _PAGE_WORDS or _PAGE_LINE.match(line) or _CAPTION.match(line):
            drop[index] = True
        if line in (">", "》", "&gt;"):  # a breadcrumb: 首页 > 政府信息公开 > …
            for near in (index - 1, index + 1):
                if 0 <= near < len(lines) and len(cleaned[near]) <= 12:
                    drop[near] = True
    body = sum(len(line) for line in cleaned) or 1
    seen = 0
    for index, line in enumerate(cleaned):
        seen += len(line)
        if _PAGE_END.match(line) and seen > 0.8 * body:
            drop[index:] = [True] * (len(lines) - index)
            break
    if not any(drop):
        return kept
    kept = ["" if dropped else line for line, dropped in zip(lines, drop, strict=True)]
    # The head: title, subtitle, dateline and speaker, each a block of its own; a title
    # repeated by the page (once in the frame, once above the text) is kept once.
    opening = next((i for i, line in enumerate(cleaned) if line.startswith("各位代表")), -1)
    if 0 < opening <= 40:
        head: list[str] = []
        shown: set[str] = set()
        for index in range(opening):
            if drop[index] or not cleaned[index]:
                continue
            if cleaned[index] in shown:
                kept[index] = ""
                continue
            shown.add(cleaned[index])
            head.append(kept[index])
            head.append("")
        kept = head + kept[opening:]
    return kept


def build_blocks(text: str) -> list[Block]:
    """Split text into headings and paragraphs, joining lines broken inside sentences.

    Args:
        text: the report, as decoded.

    Returns:
        The blocks in reading order.
    """
    raw_lines = drop_page_noise(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines: list[_Line] = []
    blank = True
    for raw in raw_lines:
        cleaned = clean_line(raw)
        if not cleaned:
            blank = True
            if lines:
                lines[-1].blank_after = True
            continue
        lines.append(_Line(cleaned, blank, width=len(raw.strip())))
        blank = False
    if lines:
        lines[-1].blank_after = True
    width = _typical_width(lines)
    wrap = _wrap_width(lines)

    blocks: list[Block] = []
    current = ""
    previous_closed = True  # the previous line ended a sentence, a heading or the start

    def flush() -> None:
        nonlocal current
        if current:
            # Clean the joined paragraph once more: a space rule may depend on what was on the
            # line before (政协 / % 98), and a second cleaning must find nothing left to do.
            current = clean_line(current)
            current = _ASCII_DASHES.sub("——", current)  # "--" broken over two lines
            subtitle = current.startswith("——") and _heading_shape(current)
            if subtitle:
                blocks.append(Block("heading", current, 2))
            else:  # a space between Chinese characters only separates parts of a title
                blocks.extend(_split_run_in_heading(_PARAGRAPH_SPACE.sub("", current)))
            current = ""

    index = 0
    while index < len(lines):
        line = lines[index]
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        after_heading = not current and bool(blocks) and blocks[-1].kind == "heading"
        # The next line's start as it will read once joined: a line of one or two characters
        # followed by one that starts with punctuation ("政协" / "、…") is a fragment too.
        after = lines[index + 2] if index + 2 < len(lines) else None
        nxt_start = nxt.text if nxt is not None else ""
        if nxt is not None and after is not None and len(nxt.text) <= 2 and not nxt.blank_after:
            nxt_start += after.text[:1]
        heading = _is_heading(
            line, nxt, previous_closed, current, width, wrap, after_heading, nxt_start
        )
        if heading:
            flush()
            title = line.text
            level = _heading_level(title)
            # A title on two lines (聚焦政治引领 / 全面筑牢共同思想基础) or a subtitle (——…).
            while (
                nxt is not None
                and not line.blank_after
                and not _BRACKET_HEADING.match(title)
                and _heading_shape(nxt.text)
                and _joinable_title(title, nxt.text)
                and not _HEADING_MARKER.match(nxt.text)
                and nxt.blank_after
                and not nxt.text.startswith("——")
                and len(title) + len(nxt.text) <= 2 * MAX_HEADING
            ):
                title = f"{title} {nxt.text}"
                index += 1
                line = nxt
                nxt = lines[index + 1] if index + 1 < len(lines) else None
            blocks.append(Block("heading", title, level))
            previous_closed = True
            index += 1
            continue
        soft_wrap = (
            wrap
            and index > 0
            and not line.blank_before
            and lines[index - 1].width >= wrap
            and not MARKER.match(line.text)
        )
        if current and (
            _ends_sentence(current)
            and not soft_wrap
            and not re.match(f"^[{_CLOSERS}，。、；：]", line.text)
            or (_ends_punct(current) and MARKER.match(line.text))
            or (current.endswith("：") and line.blank_before)
            or (_SALUTATION.match(current) is not None)
        ):
            flush()
        current = _join(current, line.text)
        previous_closed = _ends_sentence(current)
        index += 1
    flush()
    return blocks


# "各位代表：", "同志们：" on a line of their own address the audience: not part of the
# paragraph that follows.
_SALUTATION = re.compile(r"^[^，。：]{1,10}[：:]$")

_RUN_IN_HEADING = re.compile(r"^([（(][一二三四五六七八九十]+[）)][^。！？；;（(]{2,40}。)(.*)$")


# The notes printed after a report, by the word that heads them (名词解释1.“两重”：…).
NOTES_TITLES = ("名词解释", "名词注释", "注释", "注解", "附注")
_NOTES_HEADING = re.compile(rf"^({'|'.join(NOTES_TITLES)})[：:]?(\d{{1,2}}[.．、].+)$")


def _split_run_in_heading(paragraph: str) -> list[Block]:
    """``（一）聚焦扩大内需，确保经济平稳运行。紧抓…`` → the heading and its paragraph.

    Reports print the headings of their second level in front of the paragraph they head
    (or as a sentence of their own); kept in the paragraph, an order question would miss
    them (九个小标题 for a report of 十个方面).
    """
    notes = _NOTES_HEADING.match(paragraph)
    if notes is not None:
        # 名词解释1.“两重”：是指…: the notes after the report are a part of their own (their
        # figures are not this year's work), headed by the word that opens them
        return [Block("heading", notes.group(1), 1), Block("paragraph", notes.group(2).strip())]
    match = _RUN_IN_HEADING.match(paragraph)
    if match is None:
        return [Block("paragraph", paragraph)]
    heading, rest = match.group(1), match.group(2).strip()
    if "，" in heading and len(heading.split("，")[-1]) < 3:
        return [Block("paragraph", paragraph)]
    blocks = [Block("heading", heading, 2)]
    if rest:
        blocks.append(Block("paragraph", rest))
    return blocks


def _is_heading(
    line: _Line,
    nxt: _Line | None,
    previous_closed: bool,
    current: str,
    width: int,
    wrap: int,
    after_heading: bool = False,
    nxt_start: str = "",
) -> bool:
    text = line.text
    if _BRACKET_HEADING.match(text):
        return True
    if not _heading_shape(text):
        return False
    marked = _HEADING_MARKER.match(text) is not None
    alone = line.blank_before and (line.blank_after or nxt is None)
    if marked and alone:
        return True  # 一、… on a line of its own, even after an unfinished paragraph
    if not previous_closed:
        return False
    if current and not _ends_sentence(current) and not _ends_punct(current):
        return False
    if (
        nxt is not None
        and _starts_with_fragment(nxt_start or nxt.text)
        and not MARKER.match(nxt.text)
    ):
        return False
    if marked and (line.blank_after or nxt is None or not wrap or line.width < wrap):
        return True
    if (
        text.startswith("——")
        and after_heading
        and (not wrap or line.width < wrap or nxt is None or nxt.width < wrap)
    ):
        return True  # a subtitle right under its title
    if wrap and line.width <= wrap * 0.7 and not current:
        return True  # a short line between full ones in a hard-wrapped text
    standalone = (line.blank_after or nxt is None) and (
        line.blank_before or " " in text or text.startswith("——")
    )
    if standalone:
        return True
    if (
        line.blank_before
        and nxt is not None
        and nxt.text.startswith("——")
        and _heading_shape(nxt.text)
        and nxt.blank_after
    ):
        return True  # a title with its subtitle
    # The first line of a two-line title: short, and the next line is short and standalone.
    return (
        line.blank_before
        and nxt is not None
        and _heading_shape(nxt.text)
        and _joinable_title(text, nxt.text)
        and nxt.blank_after
        and len(text) <= max(12, width // 2)
        and len(nxt.text) <= max(20, width * 2 // 3)
    )


def clean_text(text: str, encoding: str = "") -> CleanReport:
    """Clean a decoded report.

    Args:
        text: the report's text.
        encoding: how it was decoded, recorded in the result.

    Returns:
        The cleaned report with its blocks.
    """
    blocks = build_blocks(text)
    cleaned = "\n\n".join(block.text for block in blocks) + ("\n" if blocks else "")
    whitespace_only = squeeze(cleaned) == squeeze(text.lstrip("\ufeff"))
    return CleanReport(cleaned, blocks, whitespace_only, encoding)


def clean_file(path: str | Path) -> CleanReport:
    """Read, decode and clean a report file.

    Raises:
        ReportError: the file cannot be read as a text report.
    """
    text, encoding = read_report(path)
    if len(text) > MAX_REPORT_CHARS:
        raise ReportError(
            "generate.error.too_long", path=path, size=len(text), limit=MAX_REPORT_CHARS
        )
    return clean_text(text, encoding)
