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
