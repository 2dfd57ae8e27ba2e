"""Messages of `trainer clean` and `trainer generate`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "generate.clean.help": (
        "清理从报纸或 PDF 复制的报告文本（词间空格、断行、标题）",
        "repair report text copied from newspapers or PDFs (split words, broken lines, headings)",
    ),
    "generate.clean.report": (
        "报告文本文件（UTF-8 或 GB18030/GBK）",
        "the report (UTF-8 or GB18030/GBK text)",
    ),
    "generate.clean.output": (
        "写入此文件（默认：输出到标准输出）",
        "write the cleaned text to this file (default: standard output)",
    ),
    "generate.encoding": ("{path}：按 {encoding} 读取", "{path}: read as {encoding}"),
    "generate.clean.done": (
        "已写出 {path}：{paragraphs} 段，{headings} 个标题",
        "wrote {path}: {paragraphs} paragraphs, {headings} headings",
    ),
    "generate.help": (
        "从报告生成题库草稿（带原文引文）",
        "generate a draft question bank with source quotes from a report",
    ),
    "generate.report": (
        "报告文本文件（UTF-8 或 GB18030/GBK）",
        "the report (UTF-8 or GB18030/GBK text)",
    ),
    "generate.output": (
        "题库文件（默认：与报告同名的 .yaml；与 --merge 一起时为被合并的题库）",
        "bank file to write (default: the report's name with .yaml; with --merge: that bank)",
    ),
    "generate.id": ("题库 id（默认：由文件名生成）", "bank id (default: from the file name)"),
    "generate.title": (
        "题库标题（默认：报告的标题行或文件名）",
        "bank title (default: the report's title line or file name)",
    ),
    "generate.merge": (
        "把新题加入已有题库：同 id 的题（包括手工改过的）保持不变",
        "add the new questions to an existing bank; questions with the same id are left alone",
    ),
    "generate.force": ("覆盖已存在的输出文件", "overwrite an existing output file"),
    "generate.exists": (
        "{path} 已存在：用 --merge {path} 加入新题并保留已有的修改，或用 --force 覆盖",
        "{path} already exists: use --merge {path} to add new questions and keep your edits, "
        "or --force to overwrite it",
    ),
    "generate.same_file": (
        "{path} 是报告本身：请用 -o 指定另一个题库文件名（如 bank.yaml）",
        "{path} is the report itself: give another bank file with -o (e.g. bank.yaml)",
    ),
    "generate.no_merge": (
        "{path}：找不到要合并的题库",
        "{path}: the bank to merge into does not exist",
    ),
    "generate.bad_id": (
        "--id {value!r} 无效：只能用字母、数字、'-'、'_'、'.'，且以字母或数字开头",
        "--id {value!r} is not valid: use letters, digits, '-', '_' or '.', starting with a "
        "letter or digit",
    ),
    "generate.max": (
        "只保留最值得学的 N 题（标题、引号中的提法、一是……、必须/坚持、主要数字优先）",
        "keep only the N questions most worth learning (headings, quoted formulations, 一是…, "
        "必须/坚持 runs and headline figures first)",
    ),
    "generate.all_figures": (
        "也出次要数字的题（某一领域工作的细节数字，如游客人次、盘活用地面积）；默认只出主要指标、"
        "预期目标、五年和累计数字、有名称的工程计划的数字",
        "also ask secondary figures (details of one sector's work, such as visitor numbers or "
        "land brought back into use); by default only headline indicators, the year's targets, "
        "five-year and cumulative figures and those of named programmes are asked",
    ),
    "generate.bad_max": (
        "{value!r} 无效：请给出正整数，如 --max 120",
        "{value!r} is not valid: give a positive whole number, e.g. --max 120",
    ),
    "generate.by_section": ("各部分题数：", "questions per part:"),
    "generate.opening": ("（开头）", "(opening)"),
    "generate.more_sections": (
        "  其余 {count} 个部分共 {total} 题",
        "  {count} more parts: {total} questions",
    ),
    "generate.dropped": ("未收入：{reasons}", "left out: {reasons}"),
    "generate.dropped.sep": ("；", "; "),
    "generate.dropped.duplicate": ("重复 {count} 题", "{count} duplicates"),
    "generate.dropped.gives_away": (
        "题面会泄露答案 {count} 题",
        "{count} whose prompt would show the answer",
    ),
    "generate.dropped.trivia": (
        "不值得背的罗列（机构、地名、活动场馆项目等名称或超过 8 项）{count} 组",
        "{count} lists not worth learning (names of organisations, places, events, venues or projects, or more than 8 items)",
    ),
    "generate.dropped.everyday": (
        "举例的日常词语（如“饮水、休息、充电等”）{count} 组",
        "{count} lists of everyday words given as examples (such as “drinking water, rest, charging”)",
    ),
    "generate.dropped.secondary": (
        "次要数字 {count} 个（某一领域工作的细节；要出题请加 --all-figures）",
        "{count} secondary figures (details of one sector's work; add --all-figures to ask them)",
    ),
    "generate.dropped.max": (
        "超出 --max 的次要题 {count} 题",
        "{count} less important questions beyond --max",
    ),
    "generate.write_failed": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "generate.summary": (
        "已生成 {path}：{total} 题（{types}）",
        "wrote {path}: {total} questions ({types})",
    ),
    "generate.merged": (
        "合并：新增 {added} 题，保留已有 {kept} 题，原文中已找不到 {gone} 题",
        "merge: {added} added, {kept} kept as they were, {gone} no longer in the report",
    ),
    "generate.rewritten": (
        "  题库文件的排版不便逐处修改，已整体重写：其中的注释和原有格式没有保留",
        "  the bank's layout could not be edited in place, so it was written anew: its comments "
        "and formatting were not kept",
    ),
    "generate.gone": (
        "  原文中已找不到（仍保留在题库中，请检查）：{ids}",
        "  no longer in the report (still in the bank, please check): {ids}",
    ),
    "generate.copied": (
        "清理改动了空白以外的字符或原文不是 UTF-8：已写出清理后的 UTF-8 副本 {path}，题库的 source 指向它",
        "cleaning changed more than whitespace or the report is not UTF-8: wrote the cleaned "
        "UTF-8 copy {path}; the bank's source points to it",
    ),
    "generate.next": (
        "这是草稿：请逐题审阅，然后运行 trainer validate --check-sources {path}",
        "this is a draft: review every question, then run trainer validate --check-sources {path}",
    ),
    "generate.none": (
        "{path}：没有找到可以出题的内容（列举、数字或引号中的提法）",
        "{path}: found nothing to ask about (enumerations, figures or quoted formulations)",
    ),
    "generate.error.empty": (
        "{path}：文件是空的（请给出纯文本格式的报告）",
        "{path}: the file is empty (give the report as plain text)",
    ),
    "generate.error.binary": (
        "{path}：是二进制文件，不是文本报告（请把报告另存为 UTF-8 编码的 .txt）",
        "{path}: is a binary file, not a text report (save the report as a UTF-8 .txt file)",
    ),
    "generate.error.encoding": (
        "{path}：既不是 UTF-8 也不是 GB18030/GBK 文本（请另存为 UTF-8 编码的 .txt）",
        "{path}: is neither UTF-8 nor GB18030/GBK text (save it as a UTF-8 .txt file)",
    ),
    "generate.error.directory": (
        "{path}：是目录，不是报告（请给出 .txt 文件）",
        "{path}: is a directory, not a report (give a .txt file)",
    ),
    "generate.error.too_long": (
        "{path}：有 {size} 个字符，超过了 {limit} 个字符的上限（一份报告通常不到 10 万字）：请按部分拆成几个文件分别生成",
        "{path}: {size} characters, more than the limit of {limit} (a report is usually under "
        "100,000): split it into parts and generate each",
    ),
    "generate.error.missing": ("{path}：文件不存在", "{path}: no such file"),
    "generate.error.not_regular": (
        "{path}：不是普通文件（报告必须是一个 .txt 文件，不能是管道或设备）",
        "{path}: is not a regular file (a report must be a .txt file, not a pipe or a device)",
    ),
    "generate.error.too_big": (
        "{path}：文件超过 {most} MB，不像一份报告（请给出报告的 .txt 文件）",
        "{path}: larger than {most} MB, not a report (give the report's .txt file)",
    ),
    "generate.error.unreadable": (
        "{path}：无法读取（{reason}）",
        "{path}: cannot be read ({reason})",
    ),
}
