"""Messages of the bank validator (trainer/core/bank: loader.py, sources.py).

Each is shown after ``path:line:`` and says what to fix. YAML key names, ids and values from the
file stay in ASCII quotes in both languages, so they can be searched for in the file as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.core.bank import BankError, Problem

MESSAGES: dict[str, tuple[str, str]] = {
    "bank.problem.question": ("题目 '{id}'：{message}", "question '{id}': {message}"),
    # -- the file itself
    "bank.file.directory": (
        "这是一个目录，不是题库文件（请给出一个 .yaml 文件）",
        "is a directory, not a bank file (give a .yaml file)",
    ),
    "bank.file.missing": ("文件不存在", "no such file"),
    "bank.file.unreadable": ("文件无法读取：{reason}", "cannot be read: {reason}"),
    "bank.file.binary": ("这是二进制文件，不是 YAML 题库", "is a binary file, not a YAML bank"),
    "bank.file.not_utf8": (
        "文件不是 UTF-8 编码（请把文件另存为 UTF-8）",
        "is not UTF-8 text (save the file as UTF-8)",
    ),
    "bank.file.empty": (
        "文件是空的（题库至少要有 'bank' 和 'questions' 两部分）",
        "is empty (a bank needs 'bank' and 'questions')",
    ),
    "bank.file.not_regular": (
        "不是普通文件（题库必须是一个 .yaml 文件，不能是管道、设备或链接到它们的文件）",
        "is not a regular file (a bank must be a .yaml file, not a pipe or a device)",
    ),
    "bank.file.too_big": (
        "文件太大（题库最大 {most} MB；请把题库拆成几个文件）",
        "is too large (a bank may be at most {most} MB; split it into several files)",
    ),
    "bank.file.alias": (
        "题库里不能用 YAML 别名（*名字）和锚点引用；请把内容直接写出来",
        "YAML aliases (*name) are not allowed in a bank; write the content out in full",
    ),
    "bank.file.too_deep": (
        "嵌套太深（最多 {most} 层）；题库只需要 bank、sections、questions 几层",
        "nested too deeply (at most {most} levels); a bank needs only a few",
    ),
    "bank.file.duplicate_key": (
        "键 '{key}' 重复了（第 {first} 行已经写过）；请删掉或合并其中一个",
        "the key '{key}' appears twice (also on line {first}); remove or merge one of them",
    ),
    "bank.text.control": (
        "文字里有控制字符 {char}（终端会把它当作命令执行，例如改剪贴板、清屏）；请删掉它",
        "the text holds the control character {char} (a terminal would obey it: set the "
        "clipboard, clear the screen); remove it",
    ),
    "bank.file.yaml": (
        "YAML 写法有误：{reason}（请检查这一行附近的缩进、冒号、引号和括号）",
        "invalid YAML: {reason}",
    ),
    "bank.file.yaml_bare": (
        "YAML 写法有误（请检查缩进、冒号、引号和括号）",
        "invalid YAML",
    ),
    "bank.top.not_mapping": (
        "文件最外层必须是映射（键: 值），包含 'bank' 和 'questions'",
        "the top level must be a mapping with 'bank' and 'questions'",
    ),
    "bank.top.unknown": (
        "未知的顶层键 '{key}'（顶层只能有 'bank'、'sections'、'questions'）",
        "unknown top-level key '{key}'",
    ),
    "bank.top.unknown_suggest": (
        "未知的顶层键 '{key}'（是不是想写 '{suggestion}'？）",
        "unknown top-level key '{key}' (did you mean '{suggestion}'?)",
    ),
    # -- the header (bank: …)
    "bank.header.missing": (
        "缺少 'bank'（请添加 bank: {id: ..., title: ...}）",
        "missing 'bank' (add bank: {id: ..., title: ...})",
    ),
    "bank.header.not_mapping": (
        "'bank' 必须是映射，包含 'id' 和 'title'",
        "'bank' must be a mapping with 'id' and 'title'",
    ),
    "bank.header.unknown": (
        "'bank' 里有未知的键 '{key}'（请检查拼写，或删掉它）",
        "bank: unknown key '{key}'",
    ),
    "bank.header.unknown_suggest": (
        "'bank' 里有未知的键 '{key}'（是不是想写 '{suggestion}'？）",
        "bank: unknown key '{key}' (did you mean '{suggestion}'?)",
    ),
    "bank.header.id": (
        "'bank' 必须有 'id'，只能用字母、数字和 '-'、'_'、'.'",
        "bank: 'id' is required: letters, digits, '-', '_' or '.'",
    ),
    "bank.header.title": (
        "'bank' 必须有 'title'（不能为空）",
        "bank: 'title' is required (a non-empty string)",
    ),
    "bank.header.source": (
        "'bank' 的 'source' 必须是报告原文的文件路径",
        "bank: 'source' must be a path to the report",
    ),
    "bank.header.reading": (
        "'bank' 的 'reading' 必须是报告阅读版的文件路径",
        "bank: 'reading' must be a path to a readable copy of the report",
    ),
    "bank.header.path_outside": (
        "'bank' 的 '{key}' 必须指向题库所在文件夹（{folder}）里的文件；"
        "请把报告复制到题库旁边，再写它的文件名",
        "bank: '{key}' must name a file inside the bank's folder ({folder}); copy the report "
        "next to the bank and give its name",
    ),
    "bank.header.path_not_file": (
        "'bank' 的 '{key}' 必须是一个普通的文本文件（不能是目录、管道或设备）",
        "bank: '{key}' must name a regular text file (not a folder, a pipe or a device)",
    ),
    "bank.header.path_too_big": (
        "'bank' 的 '{key}' 指向的文件太大（最大 {most} MB）",
        "bank: the file '{key}' names is too large (at most {most} MB)",
    ),
    "bank.header.version": (
        "不支持题库格式版本 {version}（本程序只能读取版本 {supported}，请改写 'version'）",
        "bank: format version {version} is not supported (this trainer reads version {supported})",
    ),
    # -- sections
    "bank.sections.not_list": (
        "'sections' 必须是列表，每项写成 {id, title}",
        "'sections' must be a list of {id, title}",
    ),
    "bank.section.not_mapping": (
        "章节必须写成映射 {id: ..., title: ...}",
        "a section must be a mapping {id: ..., title: ...}",
    ),
    "bank.section.unknown": (
        "章节里有未知的键 '{key}'（章节只有 'id' 和 'title'）",
        "section: unknown key '{key}'",
    ),
    "bank.section.unknown_suggest": (
        "章节里有未知的键 '{key}'（是不是想写 '{suggestion}'？）",
        "section: unknown key '{key}' (did you mean '{suggestion}'?)",
    ),
    "bank.section.id": (
        "章节必须有 'id'，只能用字母、数字和 '-'、'_'、'.'",
        "section: 'id' is required: letters, digits, '-', '_' or '.'",
    ),
    "bank.section.duplicate": (
        "章节 '{id}' 定义了两次（章节的 id 不能重复）",
        "section '{id}' is defined twice (section ids must be unique)",
    ),
    "bank.section.title": ("章节 '{id}' 必须有 'title'", "section '{id}': 'title' is required"),
    # -- the list of questions
    "bank.questions.missing": (
        "缺少 'questions'（题目列表）",
        "missing 'questions' (a list of questions)",
    ),
    "bank.questions.not_list": ("'questions' 必须是列表", "'questions' must be a list"),
    "bank.questions.empty": (
        "'questions' 是空的（请至少添加一道题）",
        "'questions' is empty (add at least one question)",
    ),
    "bank.question.not_mapping": (
        "第 {n} 题必须是映射，包含 'id' 和 'type'",
        "question #{n} must be a mapping with 'id' and 'type'",
    ),
    "bank.question.id": (
        "第 {n} 题必须有 'id'，只能用字母、数字和 '-'、'_'、'.'（现在是 {got}）",
        "question #{n}: 'id' is required: letters, digits, '-', '_' or '.' (got {got})",
    ),
    "bank.question.duplicate": (
        "id 重复（第 {line} 行已经用过）；每道题的 id 必须不同",
        "duplicate id (first used on line {line}); ids must be unique",
    ),
    # -- one question
    "bank.q.type": (
        "'type' 必须是 {types} 之一（现在是 {got}）",
        "'type' must be one of {types} (got {got})",
    ),
    "bank.q.type_suggest": (
        "'type' 必须是 {types} 之一（现在是 {got}，是不是想写 '{suggestion}'？）",
        "'type' must be one of {types} (got {got}) (did you mean '{suggestion}'?)",
    ),
    "bank.q.unknown": ("未知的键 '{key}'（请检查拼写，或删掉它）", "unknown key '{key}'"),
    "bank.q.unknown_suggest": (
        "未知的键 '{key}'（是不是想写 '{suggestion}'？）",
        "unknown key '{key}' (did you mean '{suggestion}'?)",
    ),
    "bank.q.not_for_type": (
        "题型 '{type}' 不用键 '{key}'（请删掉它，或换成合适的题型）",
        "key '{key}' does not apply to type '{type}'",
    ),
    "bank.q.section": (
        "章节 {section} 不存在（已有的章节：{known}）",
        "section {section} does not exist (sections: {known})",
    ),
    "bank.q.section_none": (
        "章节 {section} 不存在（文件里还没有定义任何章节，请先在 'sections' 里添加）",
        "section {section} does not exist (sections: none defined)",
    ),
    "bank.q.tags": ("'tags' 必须是词语列表", "'tags' must be a list of words"),
    "bank.q.required": ("题型 '{type}' 必须有 '{key}'", "'{key}' is required for type '{type}'"),
    "bank.q.text": ("'{key}' 必须是文字", "'{key}' must be text"),
    "bank.q.empty": ("'{key}' 不能为空", "'{key}' must not be empty"),
    "bank.q.list": ("'{key}' 必须是列表", "'{key}' must be a list"),
    "bank.q.list_entries": (
        "'{key}' 里只能是非空的文字（发现 {found}）",
        "'{key}' must contain only non-empty text (found {found})",
    ),
    "bank.q.list_empty": (
        "'{key}' 是空的（至少写 {n} 项）",
        "'{key}' is empty (give at least {n})",
    ),
    "bank.q.list_minimum": (
        "'{key}' 至少要有 {n} 项（现在只有 {found} 项）",
        "'{key}' needs at least {n} entries (found {found})",
    ),
    "bank.q.flag": ("'{key}' 只能是 true 或 false", "'{key}' must be true or false"),
    "bank.q.number": (
        "'{key}' 必须是数字（现在是 {found}）",
        "'{key}' must be a number (found {found})",
    ),
    "bank.q.cloze_empty_blank": (
        "有一个空 '{{}}' 里没写答案：请把答案写在里面，例如 {{两个确立}}",
        "a blank '{{}}' is empty: write the answer inside, e.g. {{两个确立}}",
    ),
    "bank.q.cloze_no_blanks": (
        "填空题的 'text' 里没有空：请把每个答案写成 {open}答案{close}，"
        "有别的说法时写成 {open}答案|另一说法{close}",
        "cloze 'text' has no blanks: mark each answer as {open}answer{close} or "
        "{open}answer|alternative{close}",
    ),
    "bank.q.cloze_unclosed": (
        "填空题的 'text' 里有没闭合的 '{{' 或多余的 '}}'",
        "cloze 'text' has an unclosed '{{' or a stray '}}'",
    ),
    "bank.q.list_item_empty": (
        "有一项是空的（同一项有几种说法时写成 'a|b'）",
        "an item is empty (write 'a|b' for alternatives)",
    ),
    "bank.q.options_count": (
        "'options' 要有 2 到 {most} 个选项（现在有 {found} 个）",
        "'options' needs 2 to {most} entries (found {found})",
    ),
    "bank.q.options_duplicate": (
        "'options' 里有两个相同的选项",
        "'options' has the same option twice",
    ),
    "bank.q.choice_answer": (
        "选择题的 'answer' 要写成一个字母（如 B）或字母列表（如 [A, C]），现在是 {found}",
        "choice 'answer' must be a letter like B or a list like [A, C] (found {found})",
    ),
    "bank.q.choice_outside": (
        "答案 '{letter}' 超出了选项范围（A–{last}）",
        "answer '{letter}' is outside the options (A–{last})",
    ),
    "bank.q.choice_twice": ("答案 '{letter}' 写了两次", "answer '{letter}' is given twice"),
    "bank.q.choice_empty": ("选择题的 'answer' 列表是空的", "choice 'answer' list is empty"),
    "bank.q.truefalse": (
        "判断题的 'answer' 只能是 true 或 false",
        "truefalse 'answer' must be true or false",
    ),
    "bank.q.tolerance": ("'tolerance' 不能是负数", "'tolerance' must not be negative"),
    "bank.q.finite": ("'{key}' 必须是有限的数字", "'{key}' must be a finite number"),
    "bank.q.number_range": (
        "'{key}' 太大了（绝对值最大 {most}）",
        "'{key}' is too large (at most {most} in absolute value)",
    ),
    "bank.q.order_duplicate": (
        "'items' 里有两个相同的项（这样顺序就说不清了）",
        "'items' has the same item twice (the order would be ambiguous)",
    ),
    # -- sources (trainer validate --check-sources)
    "bank.source.unreadable": (
        "读不到报告原文（{where}）；请在题库头部写明 bank.source: path/to/report.txt",
        "the report cannot be read ({where}); add bank.source: path/to/report.txt",
    ),
    "bank.source.unreadable_none": (
        "读不到报告原文（题库头部没有 'source'）；请添加 bank.source: path/to/report.txt",
        "the report cannot be read (no 'source' in the bank header); "
        "add bank.source: path/to/report.txt",
    ),
    "bank.source.missing": (
        "没有 'source' 引文（请从报告原文中摘抄出处）",
        "has no 'source' quote",
    ),
    "bank.source.not_verbatim": (
        "'source' 与报告原文对不上（请逐字复制原文）",
        "'source' is not a verbatim quote of the report (copy it exactly)",
    ),
}


def problem_message(problem: Problem) -> str:
    """What is wrong and how to fix it, in the current language."""
    from trainer.i18n import t

    if not problem.key:
        return problem.text
    return t(problem.key, **dict(problem.values))


def problem_text(problem: Problem) -> str:
    """The whole line: ``path:line: question 'id': what to fix``, in the current language, with
    any control character of the file name or the values shown as a visible escape."""
    from trainer.core.text_safety import printable_line
    from trainer.i18n import t

    message = problem_message(problem)
    if problem.question_id is not None:
        message = t("bank.problem.question", id=problem.question_id, message=message)
    return printable_line(f"{problem.where}: {message}")


def bank_error_text(error: BankError) -> str:
    """Every problem of a bank, one line each, in the current language."""
    return "\n".join(problem_text(problem) for problem in error.problems)
