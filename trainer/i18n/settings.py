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
        "设置名，如 timezone、maximum_interval_days、exam-date",
        "setting name, e.g. timezone, maximum_interval_days, exam-date",
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
    "settings.exam.set": (
        "考试日期 {day}，还有 {days} 天：从现在起，每道题在考试当天的预计记忆率都保持在 {target} 以上。",
        "exam on {day}, {days} days from today: from now on every question's predicted recall on "
        "that day is kept at {target} or more.",
    ),
    "settings.exam.past": (
        "考试日期 {day} 已过，按平常的方式安排复习。",
        "the exam date {day} has passed: reviews are scheduled as usual.",
    ),
    "settings.exam.none": (
        "没有考试日期，按平常的方式安排复习。",
        "no exam date: reviews are scheduled as usual.",
    ),
    # trainer optimize
    "optimize.help": (
        "按自己的答题记录拟合 FSRS 参数（--reset 恢复默认参数）",
        "fit the FSRS parameters to your own answers (--reset goes back to the defaults)",
    ),
    "optimize.description": (
        "用 fsrs-rs-python 优化器按本学习者的复习记录拟合 FSRS 参数，显示拟合前后的对数损失；"
        "只有拟合后的参数预测得更准才采用，否则保留默认参数。至少需要 400 次复习。"
        "应用每周自动拟合一次。",
        "Fits the FSRS parameters to this learner's review history with the fsrs-rs-python "
        "optimiser and shows the log loss before and after; the fitted parameters are used only "
        "when they predict the answers better, else the defaults stay. Needs 400 reviews or "
        "more. The app refits at most once a week.",
    ),
    "optimize.opt.reset": (
        "删除拟合结果，恢复默认参数",
        "remove the fit and go back to the default parameters",
    ),
    "optimize.no_profile": (
        "没有名为 '{name}' 的学习者（现有：{known}）",
        "no learner named '{name}' (known: {known})",
    ),
    "optimize.missing": (
        "拟合参数需要安装 {package}：pip install {package}",
        "fitting parameters needs {package}: pip install {package}",
    ),
    "optimize.too_few": (
        "{profile} 只有 {reviews} 次复习，至少需要 {needed} 次才能拟合参数；先继续使用默认参数。",
        "{profile} has {reviews} reviews; fitting needs {needed} or more, so the default "
        "parameters stay for now.",
    ),
    "optimize.fitted": (
        "已按 {profile} 的 {reviews} 次复习（{items} 个跨天复习）拟合 FSRS 参数。",
        "fitted FSRS parameters to {profile}'s {reviews} reviews ({items} on a later day).",
    ),
    "optimize.loss_default": (
        "默认参数的对数损失：{loss}",
        "log loss with default parameters: {loss}",
    ),
    "optimize.loss_fitted": (
        "拟合参数的对数损失：{loss}",
        "log loss with fitted parameters:  {loss}",
    ),
    "optimize.adopted": (
        "拟合参数更准，从现在起使用它们（trainer optimize --reset 可恢复默认参数）。",
        "the fitted parameters predict better and are used from now on "
        "(trainer optimize --reset goes back).",
    ),
    "optimize.kept": (
        "拟合参数没有更准，继续使用默认参数。",
        "the fit is not better: the default parameters stay.",
    ),
    "optimize.reset": (
        "{profile} 已恢复默认 FSRS 参数。",
        "{profile} is back on the default FSRS parameters.",
    ),
    "optimize.reset_none": (
        "{profile} 本来就在使用默认 FSRS 参数。",
        "{profile} already uses the default FSRS parameters.",
    ),
    # trainer stats
    "stats.fsrs.default": (
        "FSRS 参数：默认（{reviews} 次复习，满 {needed} 次后拟合）",
        "FSRS parameters: default ({reviews} reviews; fitted from {needed})",
    ),
    "stats.fsrs.fitted": (
        "FSRS 参数：按本人记录拟合（{date}，{reviews} 次复习，对数损失 {before} → {after}）",
        "FSRS parameters: fitted to you ({date}, {reviews} reviews, log loss {before} → {after})",
    ),
    "stats.fsrs.kept": (
        "FSRS 参数：默认（{date} 拟合的参数没有更准：对数损失 {before} → {after}）",
        "FSRS parameters: default (the fit of {date} was not better: log loss {before} → {after})",
    ),
    # the home screen's exam line
    "exam.home.days": ("考试还有 {days} 天（{day}）", "exam in {days} days ({day})"),
    "exam.home.today": ("今天考试（{day}）", "exam today ({day})"),
    "exam.home.unreadable": (
        "考试安排无法读取（{error}），请在设置里重新填写考试日期和目标",
        "the exam plan cannot be read ({error}): set the exam date and target again in Settings",
    ),
    "exam.home.recall": (
        "按现在的记忆，考试当天预计记得 {share}",
        "remembered on the day as things stand: {share}",
    ),
    "exam.home.on_track": ("进度正常", "on track"),
    "exam.home.behind": (
        "还没跟上：{due} 题待复习，{unseen} 题未学",
        "behind: {due} reviews due, {unseen} questions not started",
    ),
    "exam.home.pace": ("（每天需学 {per_day} 道新题）", " ({per_day} new a day needed)"),
    "exam.home.cram": (
        "冲刺：{n} 题考试当天可能记不住，今天先复习它们",
        "final push: {n} questions may be forgotten on the day; review them now",
    ),
}
