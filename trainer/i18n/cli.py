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
    }
)
