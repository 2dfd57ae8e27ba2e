"""Messages of `trainer review` (the review screen for generated draft banks)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "review.help": (
        "逐题审阅生成的题库草稿：保留、删除或修改，结果直接写回题库文件",
        "review a generated draft bank question by question: keep, drop or edit, written back "
        "to the bank file",
    ),
    "review.bank": (
        "要审阅的题库文件（trainer generate 生成）",
        "the bank to review (from trainer generate)",
    ),
    "review.title": ("审阅题库草稿", "Review a draft bank"),
    "review.progress": (
        "审阅 {path}：已审阅 {reviewed}/{total}",
        "Reviewing {path}: {reviewed}/{total} reviewed",
    ),
    "review.source": ("原文（高亮处为出处）：", "In the report (the source highlighted):"),
    "review.already": ("已审阅", "reviewed"),
    "review.done": (
        "全部审阅完毕。按 q 退出，然后运行 trainer validate --check-sources 检查题库。",
        "Everything is reviewed. Press q to quit, then run trainer validate --check-sources.",
    ),
    "review.keeped": ("已保留 {id}（标为 reviewed）", "kept {id} (tagged reviewed)"),
    "review.droped": ("已删除 {id}", "dropped {id}"),
    "review.edited": ("已修改并保留 {id}", "edited and kept {id}"),
    "review.key.keep": ("保留", "keep"),
    "review.key.drop": ("删除", "drop"),
    "review.key.edit": ("修改", "edit"),
    "review.key.next": ("下一题", "next"),
    "review.key.previous": ("上一题", "previous"),
    "review.key.quit": ("退出", "quit"),
    "review.key.save": ("保存", "save"),
    "review.key.cancel": ("取消", "cancel"),
    "review.edit.title": ("修改 {id}", "Edit {id}"),
    "review.edit.hint": (
        "Tab 切换字段；列表写成 [甲, 乙, 丙]；Enter 或 Ctrl+S 保存，Esc 取消",
        "Tab moves between fields; write lists as [a, b, c]; Enter or Ctrl+S saves, Esc cancels",
    ),
    "review.edit.valid": ("✓ 题目有效", "✓ the question is valid"),
    "review.edit.bad_value": (
        "{field}：不是有效的值（列表写成 [甲, 乙, 丙]）",
        "{field}: not a valid value (write a list as [a, b, c])",
    ),
    "review.edit.cancelled": ("未修改", "not changed"),
    "review.error.gone": (
        "题目 {id} 已不在题库文件中（文件被别处改过？）",
        "question {id} is no longer in the bank file (was it changed elsewhere?)",
    ),
    "review.error.layout": (
        "题库文件的排版无法逐题修改（questions 须是块状列表）：请用编辑器修改",
        "the bank file's layout cannot be edited question by question (questions must be a block "
        "list): edit it in an editor",
    ),
    "review.error.write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "review.error.none": (
        "{path}：没有待审阅的生成题（标签 generated）",
        "{path}: no generated questions to review (tag generated)",
    ),
    "review.error.missing": ("{path}：文件不存在", "{path}: no such file"),
}
