"""Messages of the command line."""

MESSAGES: dict[str, tuple[str, str]] = {
    "cli.description": (
        "学习训练器：把报告变成题库，在终端里学习、测验、复习。不带子命令时打开学习界面。",
        "trainer: turn a report into a question bank and study, quiz and review it in the "
        "terminal. Without a subcommand it opens the study app.",
    ),
    "cli.opt.data_dir": (
        "数据目录（默认：TRAINER_HOME 或系统用户数据目录）",
        "data directory (default: TRAINER_HOME or the user data directory)",
    ),
    "cli.opt.profile": ("学习者档案名", "learner profile name"),
    "cli.opt.lang": ("界面语言：zh 或 en", "interface language: zh or en"),
    "cli.opt.bank": (
        "题库文件（默认：内置题库）",
        "question bank file (default: the built-in bank)",
    ),
    "cli.validate.help": ("校验题库文件", "validate question bank files"),
    "cli.validate.paths": (
        "题库文件或目录（默认：内置题库）",
        "bank files or folders (default: the built-in banks)",
    ),
    "cli.validate.check_sources": (
        "检查每个 source 引文是否逐字出现在原文中",
        "check that every source quote appears verbatim in the report",
    ),
    "cli.validate.ok": (
        "{path}：题库 {id}「{title}」，{total} 题（{types}），{sections} 个章节",
        "{path}: bank {id} “{title}”, {total} questions ({types}), {sections} sections",
    ),
    "cli.validate.sources_ok": (
        "  引文核对：{n} 条全部出自原文",
        "  sources: all {n} quotes found in the report",
    ),
    "cli.validate.none": ("没有找到题库文件：{path}", "no bank files found: {path}"),
    "cli.error.prefix": ("错误", "error"),
    "cli.interrupted": ("已中断。", "interrupted."),
}

# argparse's own words (looked up through gettext at call time), by their English text.
ARGPARSE_KEYS: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "show program's version number and exit": "cli.argparse.version",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.choice",
    "invalid %(type)s value: %(value)r": "cli.argparse.type",
    "expected one argument": "cli.argparse.one",
    "expected at least one argument": "cli.argparse.at_least_one",
    "expected at most one argument": "cli.argparse.at_most_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "one of the arguments %s is required": "cli.argparse.one_of",
}

MESSAGES.update(
    {
        "cli.argparse.usage": ("用法：", "usage: "),
        "cli.argparse.positionals": ("位置参数", "positional arguments"),
        "cli.argparse.options": ("选项", "options"),
        "cli.argparse.help": ("显示本帮助并退出", "show this help message and exit"),
        "cli.argparse.version": ("显示版本号并退出", "show program's version number and exit"),
        "cli.argparse.error": ("%(prog)s：错误：%(message)s\n", "%(prog)s: error: %(message)s\n"),
        "cli.argparse.argument": (
            "参数 %(argument_name)s：%(message)s",
            "argument %(argument_name)s: %(message)s",
        ),
        "cli.argparse.required": ("缺少必需的参数：%s", "the following arguments are required: %s"),
        "cli.argparse.unrecognized": ("无法识别的参数：%s", "unrecognized arguments: %s"),
        "cli.argparse.choice": (
            "无效的选项：%(value)r（可选：%(choices)s）",
            "invalid choice: %(value)r (choose from %(choices)s)",
        ),
        "cli.argparse.type": ("无效的%(type)s值：%(value)r", "invalid %(type)s value: %(value)r"),
        "cli.argparse.one": ("需要一个值", "expected one argument"),
        "cli.argparse.at_least_one": ("至少需要一个值", "expected at least one argument"),
        "cli.argparse.at_most_one": ("最多只能有一个值", "expected at most one argument"),
        "cli.argparse.ambiguous": (
            "选项 %(option)s 有歧义，可能是：%(matches)s",
            "ambiguous option: %(option)s could match %(matches)s",
        ),
        "cli.argparse.not_allowed": ("不能与参数 %s 同时使用", "not allowed with argument %s"),
        "cli.argparse.one_of": ("参数 %s 中必须给出一个", "one of the arguments %s is required"),
    }
)

# -- import: rows that cannot be imported (trainer/core/export.py) and output files
MESSAGES.update(
    {
        "history.rows_wrong": (
            "{path}：有 {n} 行无法导入，所以什么都没有导入。请改正这些行后再导入：{rows}{more}",
            "{path}: {n} rows cannot be imported, so nothing was imported. "
            "Correct these rows and import again: {rows}{more}",
        ),
        "history.error.missing": ("{path}：文件不存在", "{path}: no such file"),
        "history.error.directory": (
            "{path} 是一个目录，不是导出的学习记录文件",
            "{path}: is a directory, not a history file",
        ),
        "history.error.unreadable": (
            "{path}：无法读取（{reason}）",
            "{path}: cannot be read: {reason}",
        ),
        "history.error.not_text": (
            "{path}：不是文本文件（应为 UTF-8 编码的 CSV 或 JSON）",
            "{path}: not a text file (expected CSV or JSON in UTF-8)",
        ),
        "history.error.json": (
            "{path}:{line}：JSON 写法有误（{reason}）",
            "{path}:{line}: not valid JSON ({reason})",
        ),
        "history.error.not_history": (
            "{path}：不是 trainer 导出的学习记录（请用 trainer export 导出的文件）",
            "{path}: not a trainer history (use a file written by trainer export)",
        ),
        "history.error.review_not_object": (
            "{path}：每条记录都必须是 JSON 对象",
            "{path}: every review must be a JSON object",
        ),
        "history.error.columns": (
            "{path}：不是 trainer 导出的 CSV（缺少这些列：{columns}）",
            "{path}: not a trainer history CSV (missing columns: {columns})",
        ),
        "history.error.line_not_utf8": (
            "{path}:{line}：不是 UTF-8 文本（请把文件另存为 UTF-8）",
            "{path}:{line}: not UTF-8 text (save the file as UTF-8)",
        ),
        "history.error.line_csv": (
            "{path}:{line}：CSV 写法有误（{reason}）",
            "{path}:{line}: {reason}",
        ),
        "history.error.newer": (
            "{path}：记录格式版本 {version} 比这个 trainer 新；请先升级 trainer",
            "{path}: history format version {version} is newer than this trainer reads; "
            "update trainer",
        ),
        "history.error.not_regular": (
            "{path}：不是普通文件（不能是管道或设备）",
            "{path}: not a regular file (not a pipe or a device)",
        ),
        "history.error.too_big": (
            "{path}：文件太大，无法整体读取（最大 {most} MB）；请用 trainer export 重新导出，或导出为 CSV",
            "{path}: too large to read whole (at most {most} MB); export it again with "
            "trainer export, or as CSV",
        ),
        "history.more": ("（另有 {n} 行）", " (and {n} more)"),
        "history.where.line": ("第 {n} 行", "line {n}"),
        "history.where.review": ("第 {n} 条记录", "review #{n}"),
        "history.where.exam": ("第 {n} 场考试", "exam #{n}"),
        "history.field.malformed": ("格式不对（{reason}）", "malformed ({reason})"),
        "history.field.not_object": (
            "不是一条记录（应为 JSON 对象）",
            "not a record (a JSON object)",
        ),
        "history.field.ids": (
            "缺少 bank_id 或 question_id",
            "bank_id or question_id is empty",
        ),
        "history.field.too_long": (
            "'{field}' 太长（最多 {most} 个字符）",
            "'{field}' is too long (at most {most} characters)",
        ),
        "history.field.profile": (
            "档案名 {value} 不可用（不能为空、不能有控制字符或斜杠，最多 40 个字）",
            "the profile name {value} is not allowed (not empty, no control characters or "
            "slashes, at most 40 characters)",
        ),
        "history.field.time": (
            "'{field}' 的时间 {value} 不在 {low} 到 {high} 之间",
            "'{field}' {value} is not between {low} and {high}",
        ),
        "history.field.range": (
            "'{field}' 的值 {value} 不在 {low} 到 {high} 之间",
            "'{field}' {value} is not between {low} and {high}",
        ),
        "history.field.choice": (
            "'{field}' 的值 '{value}' 无法识别",
            "'{field}' has an unknown value '{value}'",
        ),
        "history.field.control": (
            "'{field}' 里有控制字符",
            "'{field}' holds a control character",
        ),
        "history.field.sections": (
            "'sections' 必须把每个章节对应到 total、answered、correct（非负整数）和 score（0 到 1）",
            "'sections' must map each section to total, answered, correct (counts of 0 or more) "
            "and score (0 to 1)",
        ),
        "history.field.card": (
            "'card_before' 必须是 JSON 对象",
            "'card_before' must be a JSON object",
        ),
    }
)


def history_error_text(error: Exception) -> str:
    """An import error (trainer.core.export.HistoryError) as one line in the current language;
    any text from the file is shown with its control characters escaped."""
    from trainer.core.text_safety import printable_line
    from trainer.i18n import get_language, t

    key = getattr(error, "key", "")
    values = dict(getattr(error, "values", {}))
    if not key:
        return printable_line(str(error))
    if key != "history.rows_wrong":
        return printable_line(t(key, **values))
    rows = "；" if get_language() == "zh" else "; "
    listed = rows.join(
        t(f"history.where.{kind}", n=number)
        + (": " if get_language() == "en" else "：")
        + t(problem, **problem_values)
        for kind, number, problem, problem_values in values["rows"]
    )
    more = t("history.more", n=values["more"]) if values["more"] else ""
    return printable_line(
        t("history.rows_wrong", path=values["path"], n=values["n"], rows=listed, more=more)
    )


MESSAGES.update(
    {
        "cli.app.crashed": (
            "trainer：界面遇到意外错误而退出（已答的题都已保存）；详情写在 {log}（请把它附在问题报告里）",
            "trainer: the app stopped on an unexpected error (answers given are saved). Details "
            "are in {log} (please attach it to a bug report)",
        ),
        "cli.opt.force": (
            "输出文件已存在时覆盖它（学习记录和正在使用的题库永远不会被覆盖）",
            "replace an existing output file (the store and a bank in use are never replaced)",
        ),
        "output.is_dir": (
            "{path} 是一个目录；请给出要写入的文件名",
            "{path} is a folder; give the name of the file to write",
        ),
        "output.no_folder": (
            "{path} 所在的文件夹 {folder} 不存在；请先创建它",
            "the folder {folder} of {path} does not exist; create it first",
        ),
        "output.protected": (
            "{path} 是你的学习记录、正在使用的题库或本命令读取的文件，不能被覆盖；请换一个文件名",
            "{path} is your store, the bank in use or this command's input and is never "
            "written over; choose another file name",
        ),
        "output.exists": (
            "{path} 已存在；请换一个文件名，或加 --force 覆盖它",
            "{path} already exists; choose another name, or add --force to replace it",
        ),
    }
)

# ---- everyday polish (issue 21): the plain-mode summary, the CLI's language and errors
MESSAGES.update(
    {
        "cli.summary.answers": (
            "{questions} 道题，作答 {answered} 次，答对 {correct} 次（{accuracy}），用时 {time}",
            "{answered} answers to {questions} questions, {correct} right ({accuracy}), "
            "time {time}",
        ),
        "cli.summary.to_review": ("需要再看的题（{n}）：", "To look at again ({n}):"),
        "cli.list.separator": ("、", ", "),
        "cli.help.default": ("（默认：{value}）", " (default: {value})"),
        "cli.profile.confirm": (
            "确定删除档案“{name}”及其 {reviews} 条学习记录吗？此操作不可撤销。"
            "输入 {words} 之一确认，其他输入都会取消：",
            "Delete profile “{name}” and its {reviews} reviews? This cannot be undone. "
            "Type one of {words} to confirm; anything else cancels: ",
        ),
        "cli.section.ambiguous": (
            "“{section}”对应多个章节：{matches}；请写得更完整，或用章节 id",
            "'{section}' matches several sections: {matches}; write more of it, or use the id",
        ),
    }
)

MESSAGES.update(
    {
        "cli.os.not_found": ("文件或目录不存在", "no such file or folder"),
        "cli.os.exists": ("已经存在（而且不是目录）", "already exists (and is not a folder)"),
        "cli.os.permission": ("没有权限", "permission denied"),
        "cli.os.is_dir": ("这是一个目录", "it is a folder"),
        "cli.os.not_dir": ("路径中有一段不是目录", "a part of the path is not a folder"),
        "cli.os.no_space": ("磁盘空间不足", "no space left on the disk"),
        "cli.os.read_only": ("文件系统只读", "the file system is read-only"),
        "cli.os.name_too_long": ("文件名太长", "the file name is too long"),
        "cli.os.refused": (
            "连接被拒绝（对方没有在监听）",
            "connection refused (nothing listening)",
        ),
        "cli.os.address_in_use": ("端口已被占用", "the port is already in use"),
        "cli.os.other": ("系统错误 {code}：{text}", "system error {code}: {text}"),
    }
)


def os_reason(error: BaseException) -> str:
    """Why an OSError happened, in the UI language (the OS's strerror is always English).

    Errors without an errno (or not OSErrors) keep their own text.
    """
    import errno

    keys = {
        errno.ENOENT: "cli.os.not_found",
        errno.EEXIST: "cli.os.exists",
        errno.EACCES: "cli.os.permission",
        errno.EPERM: "cli.os.permission",
        errno.EISDIR: "cli.os.is_dir",
        errno.ENOTDIR: "cli.os.not_dir",
        errno.ENOSPC: "cli.os.no_space",
        errno.EROFS: "cli.os.read_only",
        errno.ENAMETOOLONG: "cli.os.name_too_long",
        errno.ECONNREFUSED: "cli.os.refused",
        errno.EADDRINUSE: "cli.os.address_in_use",
    }
    from trainer.i18n import t

    code = getattr(error, "errno", None)
    if isinstance(code, int) and code in keys:
        return t(keys[code])
    text = getattr(error, "strerror", None) or str(error)
    if isinstance(code, int):
        return t("cli.os.other", code=code, text=text)
    return text
