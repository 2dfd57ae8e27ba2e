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
    "org.remove_member.help": (
        "把用户移出学习小组（其学习记录保留；组长不再看到他，他的设备下次同步时去掉本组任务）",
        "take a user out of a study group (their history stays; the leaders stop seeing them and "
        "their devices drop the group's assignments at the next sync)",
    ),
    "org.unassign.help": (
        "撤销给学习小组布置的某个题库的任务，成员下次同步时主页不再显示",
        "withdraw a group's assignments of a bank; members' home screens drop them at the next "
        "sync",
    ),
    "org.remove_member.done": (
        "已把 {user} 移出“{group}”（原为{role}）；其学习记录保留",
        "{user} is no longer in “{group}” (was {role}); their history stays",
    ),
    "org.role.member": ("成员", "a member"),
    "org.role.leader": ("组长", "a leader"),
    "org.unassign.done": (
        "已撤销“{group}”的 {bank} 任务（{n} 项）；成员下次同步时去掉",
        "withdrew {n} assignment(s) of {bank} from “{group}”; members drop them at their next sync",
    ),
    "org.error.not_in_group": (
        "{user} 不在“{group}”里",
        "{user} is not in “{group}”",
    ),
    "org.error.leader_removes_leader": (
        "组长不能移除另一位组长“{user}”：请管理员操作",
        "a leader cannot remove another leader (“{user}”): ask an admin",
    ),
    "org.error.no_assignment": (
        "“{group}”没有 {bank} 的任务",
        "“{group}” has no assignment of {bank}",
    ),
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
    # a user name refused by the server (trainer server add-user)
    "org.name.length": ("须为 1–{limit} 个字符", "must be 1–{limit} characters"),
    "org.name.characters": (
        "含有控制字符或斜杠（/ \\）",
        "contains a control character or a slash (/ \\)",
    ),
    # trainer host --record-server / trainer join
    "org.host.opt.record": (
        "同时把加入者的答题记入他们在同步服务器上的学习记录：只记用已登录同步的设备 trainer join、"
        "且在你所带小组里的成员，记到服务器认定的本人名下（需本机已 trainer sync --setup）",
        "also record the answers into the players' histories on the sync server: only players "
        "who join with trainer join on a device signed in to sync and who are in a group you "
        "lead, under the user the server names (this machine must be set up with trainer sync "
        "--setup)",
    ),
    "org.host.not_setup": (
        "--record-server 需要本机先登录同步服务器：trainer sync --setup 地址 --user 你的用户名 --code 邀请码",
        "--record-server needs this machine signed in to the sync server first: trainer sync "
        "--setup URL --user YOUR_NAME --code CODE",
    ),
    "org.host.seat.user": ("（→ 服务器用户 {user}）", " (→ server user {user})"),
    "org.host.seat.pending": ("（服务器身份待确认）", " (server identity being checked)"),
    "org.host.seat.none": (
        "（不记入服务器：未用已登录同步的 trainer join 加入）",
        " (not recorded on the server: did not join with trainer join signed in to sync)",
    ),
    "org.host.seat.not_your_member": (
        "（不记入服务器：不在你带的小组里）",
        " (not recorded on the server: not in a group you lead)",
    ),
    "org.host.seat.invalid": (
        "（不记入服务器：服务器不认这份凭证）",
        " (not recorded on the server: the server does not know this ticket)",
    ),
    "org.host.seat.duplicate": (
        "（不记入服务器：凭证已被另一位玩家使用）",
        " (not recorded on the server: another player uses the same ticket)",
    ),
    "org.host.record_ok": (
        "服务器：已记入 {n} 条（{players} 人），待发 {unsent} 条",
        "server: {n} answers recorded ({players} players), {unsent} waiting",
    ),
    "org.host.record_away": (
        "服务器暂时记不进去（{reason}）：{n} 条答案已保存，稍后补发",
        "cannot record on the server now ({reason}): {n} answers kept, sent later",
    ),
    "org.host.record_done": (
        "已记入服务器：{n} 条答案（{players} 人）；成员下次同步时收到",
        "recorded on the server: {n} answers ({players} players); members get them at their "
        "next sync",
    ),
    "org.host.record_left": (
        "{n} 条答案未能记入服务器（{reason}），已保存在 {path}；下次 trainer sync 或 trainer host --record-server 时补发",
        "{n} answers could not be recorded on the server ({reason}); kept in {path}, sent by the "
        "next trainer sync or trainer host --record-server",
    ),
    "org.join.host_records": (
        "主持人会把你的答题记入服务器上 {user} 的学习记录",
        "the host records your answers into {user}'s history on the server",
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
