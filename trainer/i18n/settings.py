"""Messages of `trainer settings`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "settings.help": (
        "查看或修改设置（目标记忆率、最长间隔、时区等）",
        "show or change settings (retention, maximum interval, time zone …)",
    ),
    "settings.description": (
        "不带参数列出所有设置；给出 KEY 显示一项；给出 KEY VALUE 修改它。"
        "默认作用于当前学习者，--global 作用于所有学习者的默认值。",
        "Without arguments, list every setting; with KEY, show one; with KEY VALUE, change it. "
        "Applies to the current learner; --global sets the default for everyone.",
    ),
    "settings.opt.key": (
        "设置名，如 timezone、maximum_interval_days",
        "setting name, e.g. timezone, maximum_interval_days",
    ),
    "settings.opt.value": ("新值", "new value"),
    "settings.opt.global": ("修改所有学习者的默认值", "change the default for every learner"),
    "settings.opt.unset": ("删除这一项，恢复默认", "remove the setting, back to the default"),
    "settings.unknown": (
        "没有名为 '{key}' 的设置（可用：{keys}）",
        "no setting named '{key}' (known: {keys})",
    ),
    "settings.header": ("设置（{where}）：", "settings ({where}):"),
    "settings.where.global": ("所有学习者的默认值", "default for every learner"),
    "settings.system_zone": ("（系统时区）", "(system zone)"),
}
