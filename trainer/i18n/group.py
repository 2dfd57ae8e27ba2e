"""Messages of group sessions (one-screen mode, host, join, serve, report)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # errors the server gives (group.error.<code>)
    "group.error.bad_pin": (
        "PIN 不对，请向主持人核对 6 位 PIN。",
        "Wrong PIN: check the 6-digit PIN with the host.",
    ),
    "group.error.name_taken": (
        "这个名字已经有人用了，请换一个名字。",
        "That name is taken: choose another name.",
    ),
    "group.error.bad_name": (
        "名字不能为空，最多 24 个字符。",
        "The name must not be empty and at most 24 characters.",
    ),
    "group.error.full": ("人数已满，无法加入。", "The session is full."),
    "group.error.kicked": ("你已被主持人移出本场。", "The host removed you from this session."),
    "group.error.ended": ("本场已经结束。", "This session has ended."),
    "group.error.unreachable": (
        "连不上 {address}：请检查地址和端口，主持人是否已开始。",
        "Cannot reach {address}: check the address and port, and that the host is running.",
    ),
    "group.error.timeout": ("服务器没有响应。", "The server did not answer."),
    "group.error.closed": ("连接已断开。", "The connection closed."),
    "group.error.protocol": (
        "服务器的回应无法识别（版本不同？）。",
        "Unrecognised reply from the server (different version?).",
    ),
    "group.error.oversized": ("消息太大。", "Message too large."),
    "group.error.malformed": ("消息格式错误。", "Malformed message."),
    "group.error.version": (
        "协议版本不同，请升级训练器。",
        "Different protocol version: update trainer.",
    ),
    "group.error.too_late": ("时间已到，答案未计入。", "Time was up; the answer did not count."),
    "group.error.already_answered": ("这题已经答过了。", "You already answered this question."),
    "group.error.ungradable": (
        "这个答案暂时无法判定，没有记录，请再答一次。",
        "This answer could not be checked and was not recorded; please answer again.",
    ),
    "group.error.not_question": ("现在不在答题时间。", "Not answering time now."),
    "group.error.wrong_index": ("这题已经过去了。", "That question is over."),
    "group.error.no_questions": (
        "没有可出的题（检查 --section 和题库）。",
        "No questions to ask (check --section and the bank).",
    ),
    "group.error.bad_address": (
        "地址不对：{address}（格式 HOST[:PORT]）",
        "Bad address: {address} (format HOST[:PORT])",
    ),
    "group.error.bind": (
        "无法在 {address} 上监听：{reason}",
        "Cannot listen on {address}: {reason}",
    ),
    "group.error.players": (
        "--players 需要 1 到 9 个不同的名字，用逗号分隔。",
        "--players needs 1 to 9 different names separated by commas.",
    ),
    "group.error.no_bank": (
        "没有找到题库，请用 --bank 指定。",
        "No bank found: give one with --bank.",
    ),
    "group.error.pin": ("PIN 必须是 6 位数字。", "The PIN must be 6 digits."),
    # verdicts
    "group.verdict.correct": ("正确", "correct"),
    "group.verdict.close": ("基本正确", "close"),
    "group.verdict.partial": ("部分正确", "partial"),
    "group.verdict.wrong": ("错误", "wrong"),
    "group.verdict.none": ("未作答", "no answer"),
    "group.tf.true": ("对", "true"),
    "group.tf.false": ("错", "false"),
    # CLI
    "group.cli.group.help": (
        "一屏答题（投影）：多名玩家轮流作答",
        "one-screen quiz show (projector) for several players",
    ),
    "group.cli.host.help": (
        "主持联网答题：玩家用 trainer join 或浏览器加入",
        "host a networked quiz: players join with trainer join or a browser",
    ),
    "group.cli.join.help": ("加入联网答题", "join a networked quiz"),
    "group.cli.serve.help": (
        "把加入界面提供给浏览器（textual-serve）",
        "serve the join client to web browsers (textual-serve)",
    ),
    "group.cli.opt.players": (
        "玩家名字，逗号分隔，如 张三,李四,王五",
        "player names separated by commas, e.g. Ann,Bob,Carl",
    ),
    "group.cli.opt.section": (
        "只出这个章节的题（章节编号或标题，或标题中唯一的一段）",
        "only questions of this section (its id or title, or a unique part of the title)",
    ),
    "group.cli.opt.count": ("题数（默认 10）", "number of questions (default 10)"),
    "group.cli.opt.time": ("每题秒数（默认 30）", "seconds per question (default 30)"),
    "group.cli.opt.bind": (
        "监听地址（默认 127.0.0.1，仅本机；0.0.0.0 为整个网络）",
        "address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for the whole network)",
    ),
    "group.cli.opt.port": ("端口", "port"),
    "group.cli.opt.max_players": (
        "最多玩家数（默认 200）",
        "maximum number of players (default 200)",
    ),
    "group.cli.opt.pin": ("6 位 PIN（默认随机）", "6-digit PIN (default random)"),
    "group.cli.opt.address": (
        "主持人地址 HOST[:PORT]（不给则在界面里填写）",
        "host address HOST[:PORT] (asked in the app when missing)",
    ),
    "group.cli.opt.name": ("你的名字", "your name"),
    "group.cli.opt.join_pin": ("本场 PIN", "the session PIN"),
    "group.cli.opt.game": (
        "浏览器玩家默认连接的主持人地址 HOST[:PORT]",
        "host address HOST[:PORT] pre-filled for browser players",
    ),
    "group.cli.opt.seed": ("抽题随机种子", "random seed for picking questions"),
    "group.cli.serve.banner": ("浏览器打开：{urls}", "Open in a browser: {urls}"),
    "group.cli.serve.loopback": (
        "（只在本机可用；让别人加入请用 --bind 0.0.0.0）",
        "(this machine only; use --bind 0.0.0.0 to let others join)",
    ),
    # report
    "group.report.title": ("小组答题报告", "Group session report"),
    "group.report.bank": ("题库", "Bank"),
    "group.report.when": ("时间", "Time"),
    "group.report.counts": (
        "{players} 名玩家，{questions} 道题",
        "{players} players, {questions} questions",
    ),
    "group.report.players": ("玩家", "Players"),
    "group.report.questions": ("题目", "Questions"),
    "group.report.sections": ("最薄弱的章节", "Weakest sections"),
    "group.report.section_line": (
        "平均得分 {score}（{n} 题）",
        "mean score {score} ({n} questions)",
    ),
    "group.report.col.name": ("名字", "Name"),
    "group.report.col.score": ("得分", "Score"),
    "group.report.col.correct": ("答对", "Correct"),
    "group.report.col.avg": ("平均用时", "Avg. time"),
    "group.report.col.question": ("题目", "Question"),
    "group.report.col.rate": ("正确率", "Correct rate"),
    "group.report.col.verdicts": ("判定分布", "Verdicts"),
    "group.report.col.wrong": ("常见错误答案", "Common wrong answers"),
    "group.report.written": ("报告已保存：{path}", "Report saved: {path}"),
    # screens (shared)
    "group.ui.title": ("小组答题", "Group quiz"),
    "group.ui.question_of": ("第 {n}/{total} 题", "Question {n}/{total}"),
    "group.ui.seconds": ("{s} 秒", "{s} s"),
    "group.ui.paused": ("已暂停", "Paused"),
    "group.ui.answer": ("答案", "Answer"),
    "group.ui.explanation": ("解析", "Explanation"),
    "group.ui.source": ("原文", "Source"),
    "group.ui.scoreboard": ("排行榜", "Leaderboard"),
    "group.ui.podium": ("领奖台", "Podium"),
    "group.ui.points": ("{points} 分", "{points} points"),
    "group.ui.streak_bonus": ("连对奖励 +{bonus}", "streak bonus +{bonus}"),
    "group.ui.rank": (
        "第 {rank} 名（共 {players} 人），总分 {score}",
        "Rank {rank} of {players}, total {score}",
    ),
    "group.ui.fastest": (
        "最快答对：{name}（{seconds} 秒）",
        "Fastest correct: {name} ({seconds} s)",
    ),
    "group.ui.no_fastest": ("没有人答对", "Nobody got it right"),
    "group.ui.distribution": ("答题分布", "Answers"),
    "group.ui.answered": ("已作答 {n}/{total}", "Answered {n}/{total}"),
    "group.ui.recorded": (
        "已记入各自的学习档案（小组模式）。",
        "Recorded into each player's profile (group mode).",
    ),
    "group.ui.recorded_one": (
        "你的 {n} 个答案已记入档案「{profile}」。",
        "Your {n} answers were recorded into profile “{profile}”.",
    ),
    "group.ui.record_failed": (
        "无法记入档案：{reason}",
        "Could not record into the profile: {reason}",
    ),
    # one-screen mode
    "group.projector.mark_help": (
        "按数字键标记答对的玩家，t 逐个输入答案，Enter 继续",
        "Number keys mark who was right, t types each answer, Enter goes on",
    ),
    "group.projector.type_for": ("{name} 的答案：", "{name}'s answer:"),
    "group.projector.marked": ("答对", "right"),
    "group.projector.unmarked": ("—", "—"),
    "group.key.reveal": ("揭晓", "Reveal"),
    "group.key.next": ("下一步", "Next"),
    "group.key.pause": ("暂停", "Pause"),
    "group.key.type": ("输入答案", "Type answers"),
    "group.key.end": ("结束", "End"),
    "group.key.start": ("开始", "Start"),
    "group.key.kick": ("移出玩家", "Kick player"),
    "group.key.quit": ("退出", "Quit"),
    # host
    "group.host.join_at": (
        "加入：trainer join {address} --pin {pin}",
        "Join: trainer join {address} --pin {pin}",
    ),
    "group.host.pin": ("PIN", "PIN"),
    "group.host.lobby": ("已加入 {n} 人：{names}", "{n} joined: {names}"),
    "group.host.lobby_empty": (
        "等待玩家加入…（按 s 开始）",
        "Waiting for players… (press s to start)",
    ),
    "group.host.kick_prompt": (
        "要移出的玩家（名字或编号）：",
        "Player to remove (name or number):",
    ),
    "group.host.kicked": ("已移出 {name}", "Removed {name}"),
    "group.host.no_player": ("没有这个玩家：{name}", "No such player: {name}"),
    "group.host.listening": ("正在监听 {address}", "Listening on {address}"),
    # join
    "group.join.address": ("主持人地址（HOST[:PORT]）", "Host address (HOST[:PORT])"),
    "group.join.pin": ("PIN（6 位数字）", "PIN (6 digits)"),
    "group.join.name": ("你的名字", "Your name"),
    "group.join.go": ("加入", "Join"),
    "group.join.connecting": ("正在连接 {address}…", "Connecting to {address}…"),
    "group.join.welcome": (
        "欢迎，{name}！等待主持人开始…",
        "Welcome, {name}! Waiting for the host to start…",
    ),
    "group.join.rejoined": (
        "已重新加入，{name}，当前得分 {score}",
        "Rejoined, {name}; your score is {score}",
    ),
    "group.join.lobby": ("已加入 {n} 人", "{n} players have joined"),
    "group.join.sent": ("答案已提交，等待揭晓…", "Answer sent; waiting for the reveal…"),
    "group.join.refused": ("答案未被接受：{reason}", "Answer not accepted: {reason}"),
    "group.join.your_answer": ("你的答案：{answer}", "Your answer: {answer}"),
    "group.join.waiting_next": ("等待下一题…", "Waiting for the next question…"),
    "group.join.lost": ("连接中断，正在重连…", "Connection lost, reconnecting…"),
    "group.join.final": (
        "本场结束：第 {rank} 名（共 {players} 人），总分 {score}",
        "Game over: rank {rank} of {players}, total {score}",
    ),
    "group.join.kicked": ("你已被主持人移出。", "The host removed you."),
    "group.join.input_hint": ("输入答案后按 Enter 提交", "Type your answer and press Enter"),
    "group.join.parts_hint": (
        "每空/每项一行，或用 ；分隔",
        "one blank/item per line, or separated by ；",
    ),
    # hardening (names, PIN, seats) and the phone page
    "group.error.name_chars": (
        "名字里不能有控制字符或不可见字符。",
        "The name must not contain control or invisible characters.",
    ),
    "group.error.slow_down": (
        "PIN 输错次数太多，请一分钟后再试。",
        "Too many wrong PINs: try again in a minute.",
    ),
    "group.error.locked": (
        "房间已锁定，主持人暂不接受新玩家。",
        "The room is locked: the host is not taking new players.",
    ),
    "group.error.in_use": (
        "这个座位正在另一台设备上使用。",
        "This seat is in use on another device.",
    ),
    "group.error.bad_field": ("消息内容不合规。", "A field of the message is invalid."),
    "group.error.unexpected": ("消息顺序不对。", "Unexpected message."),
    "group.error.crashed": (
        "小组答题意外出错：{error}（详情见 {log}）",
        "The group session failed: {error} (details in {log})",
    ),
    "group.key.lock": ("锁定房间", "Lock room"),
    "group.key.recap": ("逐题回顾", "Recap"),
    "group.host.web": (
        "手机扫码或在浏览器打开：{url}",
        "Scan with a phone or open in a browser: {url}",
    ),
    "group.host.loopback": (
        "现在只有本机能加入。要让同一 Wi-Fi 的人加入，请用 trainer host --bind 0.0.0.0 重新开始。",
        "Only this machine can join now. For people on the same Wi-Fi, restart with "
        "trainer host --bind 0.0.0.0.",
    ),
    "group.host.pin_failures": (
        "PIN 输错 {n} 次（最近来自 {address}）",
        "{n} wrong PINs (last from {address})",
    ),
    "group.host.locked": (
        "房间已锁定：新玩家不能加入，掉线的可以回来（l 解锁）",
        "Room locked: no new players; dropped players can come back (l unlocks)",
    ),
    "group.host.report_live": ("报告随时更新：{path}", "Report kept up to date: {path}"),
    "group.projector.recap_title": ("逐题回顾", "Question by question"),
    "group.projector.recap_line": (
        "第 {n} 题  {prompt}",
        "Q{n}  {prompt}",
    ),
    "group.projector.recap_help": (
        "Enter 回到领奖台，q 退出",
        "Enter returns to the podium, q quits",
    ),
    "group.projector.podium_help": (
        "Enter 查看逐题回顾，q 退出",
        "Enter shows the question-by-question recap, q quits",
    ),
    # the players' web page (trainer/group/web); placeholders are filled in by app.js
    "group.web.title": ("小组答题", "Group quiz"),
    "group.web.pin": ("PIN（6 位数字）", "PIN (6 digits)"),
    "group.web.name": ("你的名字", "Your name"),
    "group.web.join": ("加入", "Join"),
    "group.web.connecting": ("正在连接…", "Connecting…"),
    "group.web.waiting": ("已加入！等待主持人开始…", "You're in! Waiting for the host to start…"),
    "group.web.players": ("已加入 {n} 人", "{n} players have joined"),
    "group.web.question": ("第 {n}/{total} 题", "Question {n}/{total}"),
    "group.web.seconds": ("{s} 秒", "{s} s"),
    "group.web.paused": ("已暂停", "Paused"),
    "group.web.submit": ("提交", "Submit"),
    "group.web.received": ("答案已收到 ✓", "Answer received ✓"),
    "group.web.your_answer": ("你的答案：{answer}", "Your answer: {answer}"),
    "group.web.answer_refused": ("答案未被接受：{reason}", "Answer not accepted: {reason}"),
    "group.web.blank": ("第 {n} 空", "Blank {n}"),
    "group.web.item": ("第 {n} 项", "Item {n}"),
    "group.web.order_help": (
        "按正确顺序依次点选",
        "Tap the items in the right order",
    ),
    "group.web.order_reset": ("重来", "Start over"),
    "group.web.multiple_help": ("可多选，选好后提交", "Pick all that apply, then submit"),
    "group.web.right_answer": ("正确答案", "Right answer"),
    "group.web.source": ("报告原文", "From the report"),
    "group.web.explanation": ("解析", "Explanation"),
    "group.web.points": ("+{points} 分", "+{points} points"),
    "group.web.streak": ("连对奖励 +{bonus}", "Streak bonus +{bonus}"),
    "group.web.rank": (
        "第 {rank} 名（共 {players} 人）· 总分 {score}",
        "Rank {rank} of {players} · total {score}",
    ),
    "group.web.not_asked": (
        "这题在你加入之前已经出过，不计分。",
        "This question was asked before you joined; it does not count.",
    ),
    "group.web.next": ("等待下一题…", "Waiting for the next question…"),
    "group.web.leaderboard": ("排行榜", "Leaderboard"),
    "group.web.final": ("本场结束", "Game over"),
    "group.web.lost": ("连接中断，正在重连…", "Connection lost, reconnecting…"),
    "group.web.kicked": ("你已被主持人移出。", "The host removed you."),
    "group.web.leave": ("退出", "Leave"),
    "group.web.replaced": (
        "你的座位已在另一个页面或设备上打开。",
        "Your seat was opened in another tab or device.",
    ),
    "group.cli.opt.max_sessions": (
        "同时最多几个浏览器（每个浏览器一个进程，默认 8）",
        "most browsers at once (each runs its own process; default 8)",
    ),
    "group.cli.serve.prefer_page": (
        "最多同时 {n} 个浏览器。手机请直接打开 trainer host 显示的网页地址，不需要 trainer serve。",
        "At most {n} browsers at once. Phones should open the web address trainer host shows; "
        "trainer serve is not needed for them.",
    ),
}
