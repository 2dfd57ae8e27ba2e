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
