"""Messages of organisation-wide progress: `trainer server add-group/add-member/assign/login-link`."""

MESSAGES: dict[str, tuple[str, str]] = {
    "org.add_group.help": ("新建学习小组", "create a study group"),
    "org.add_member.help": (
        "把用户加入学习小组（--leader：设为组长）",
        "add a user to a study group (--leader: as its leader)",
    ),
    "org.assign.help": (
        "给学习小组布置题库（或其中几个部分）和截止日期，成员同步时收到",
        "assign a bank (or some of its sections) to a group with a deadline; members' devices "
        "receive it at sync",
    ),
    "org.login_link.help": (
        "生成一次性链接，打开后登录看板（最后一行是链接）",
        "print a one-time link that opens the dashboard logged in (the last line)",
    ),
    "org.opt.group": ("学习小组名称", "the study group's name"),
    "org.opt.user": ("用户名", "the user's name"),
    "org.opt.leader": ("设为组长（可看本组每位成员）", "as leader (sees each member of the group)"),
    "org.opt.bank": (
        "服务器上的题库 ID（trainer server add-bank）",
        "a bank id on the server (trainer server add-bank)",
    ),
    "org.opt.sections": (
        "只布置这些部分（逗号分隔的部分 ID）",
        "only these sections (ids, comma-separated)",
    ),
    "org.opt.deadline": ("截止日期（考试日），YYYY-MM-DD", "the deadline (exam day), YYYY-MM-DD"),
    "org.opt.url": (
        "服务器对外地址（默认 http://127.0.0.1:8790）",
        "the server's address as members reach it (default http://127.0.0.1:8790)",
    ),
    "org.add_group.created": ("已新建学习小组“{name}”", "created study group “{name}”"),
    "org.add_group.exists": ("学习小组“{name}”已存在", "study group “{name}” already exists"),
    "org.add_member.member": ("{user} 现为“{group}”的成员", "{user} is now a member of “{group}”"),
    "org.add_member.leader": ("{user} 现为“{group}”的组长", "{user} now leads “{group}”"),
    "org.assign.done": (
        "已给“{group}”布置 {bank}（{sections}），截止 {deadline}；成员下次同步时收到",
        "assigned {bank} ({sections}) to “{group}”, due {deadline}; members receive it at "
        "their next sync",
    ),
    "org.assign.all_sections": ("全部部分", "all sections"),
    "org.login_link.done": (
        "{user} 的看板登录链接（一次有效，24 小时内）：",
        "dashboard login link for {user} (works once, within 24 hours):",
    ),
    "org.error.group_name": (
        "学习小组名称须为 1–{limit} 个可打印字符",
        "a group name must be 1-{limit} printable characters",
    ),
    "org.error.no_user": (
        "没有名为“{name}”的用户；先运行 trainer server add-user",
        "no user named “{name}”; run trainer server add-user first",
    ),
    "org.error.no_group": (
        "没有名为“{name}”的学习小组；先运行 trainer server add-group",
        "no study group named “{name}”; run trainer server add-group first",
    ),
    "org.error.deadline": (
        "截止日期“{value}”无效：请写成 YYYY-MM-DD，例如 2026-12-31",
        "deadline “{value}” is not valid: write YYYY-MM-DD, e.g. 2026-12-31",
    ),
    "org.error.sections": (
        "部分列表“{value}”无效：请写部分 ID，用逗号分隔",
        "sections “{value}” are not valid: give section ids separated by commas",
    ),
    "org.error.no_bank": (
        "服务器上没有题库“{bank}”；先运行 trainer server add-bank 文件",
        "the server has no bank “{bank}”; run trainer server add-bank FILE first",
    ),
    "org.error.no_section": (
        "题库“{bank}”中没有这些部分：{sections}",
        "bank “{bank}” has no sections: {sections}",
    ),
    "org.error.not_your_member": (
        "“{name}”不是你所带小组的成员",
        "“{name}” is not in a group you lead",
    ),
    "org.error.url": (
        "地址“{url}”无效：请写成 http://主机:端口 或 https://主机",
        "address “{url}” is not valid: write http://host:port or https://host",
    ),
    # trainer group --record-server
    "org.group.opt.record": (
        "同时把答题记入各位成员在同步服务器上的学习记录（需本机已 trainer sync --setup，且你是他们的组长）",
        "also record the answers into the players' histories on the sync server (this machine "
        "must be set up with trainer sync --setup, and you must lead their group)",
    ),
    "org.group.recorded": (
        "已记入服务器：{players} 人，{n} 条新记录；他们下次同步时收到",
        "recorded on the server: {players} players, {n} new answers; they get them at their "
        "next sync",
    ),
    "org.group.record_failed": (
        "答题已记入本机，但未能记入服务器：{reason}。下次与这些成员用 --record-server 开组时会一并补记",
        "the answers are recorded on this machine but not on the server: {reason}. The next "
        "trainer group --record-server with these players sends them too",
    ),
    # the app's home screen
    "app.home.assignment": (
        "任务（{group}）：{what}，还剩 {days} 天（{deadline}），待掌握 {left}/{total}",
        "Assignment ({group}): {what}, {days} days left (due {deadline}), {left}/{total} to master",
    ),
    "app.home.assignment_today": (
        "任务（{group}）：{what}，今天截止，待掌握 {left}/{total}",
        "Assignment ({group}): {what}, due today, {left}/{total} to master",
    ),
    "app.home.assignment_all": ("全部内容", "the whole bank"),
}
