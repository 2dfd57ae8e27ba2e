"""Messages of statistics, history export/import and the Anki export."""

MESSAGES: dict[str, tuple[str, str]] = {
    # Anki export
    "stats.anki.items": ("共 {n} 项", "{n} items"),
    "stats.anki.true": ("对", "true"),
    "stats.anki.false": ("错", "false"),
    "stats.anki.accepted": ("也可答：{answers}", "also accepted: {answers}"),
    "stats.section.other": ("未分章节", "no section"),
}
