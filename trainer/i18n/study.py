"""Messages of studying: `trainer study --plain`, `trainer profile`, scheduling labels."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # trainer study
    "study.help": (
        "学习：到期复习 + 新题（--plain 为纯文本模式，否则打开学习界面）",
        "study: due reviews + new questions (--plain for plain text, else the app)",
    ),
    "study.opt.plain": (
        "纯文本模式：标准输入/输出，一行一个答案（适合读屏软件、脚本、慢速终端）",
        "plain-text mode on stdin/stdout, one answer per line (screen readers, scripts, slow "
        "terminals)",
    ),
    "study.opt.section": (
        "只学习这个章节（章节 id 或标题，标题写出一部分也可以）",
        "only this section (its id or title, or a unique part of the title)",
    ),
    "study.opt.tag": ("只学习带这个标签的题", "only questions with this tag"),
    "study.opt.new": (
        "今天最多学习多少道新题（默认：设置 new_per_day）",
        "new questions today (default: the new_per_day setting)",
    ),
    "study.opt.exam": (
        "模拟考试：随机抽 N 道题（跨章节，不看复习计划）",
        "exam: N questions drawn across sections regardless of the schedule",
    ),
    "study.opt.exam_time": ("考试限时（秒）", "exam time limit in seconds"),
    "study.opt.review_only": ("只复习到期的题，不学新题", "due reviews only, no new questions"),
    "study.opt.seed": (
        "考试抽题的随机种子（同一种子抽到同一套题）",
        "random seed of the exam draw (the same seed draws the same exam)",
    ),
    "study.opt.question": (
        "只学习这道题（可重复；不论是否到期）",
        "study exactly this question (repeatable; due or not)",
    ),
    "study.opt.no_rating": (
        "不询问评分，直接采用建议评分",
        "do not ask for a rating; keep the suggested one",
    ),
    "study.error.no_bank": (
        "没有找到题库：请用 --bank 指定题库文件",
        "no question bank found: give one with --bank",
    ),
    "study.error.section": (
        "题库中没有章节 '{section}'（可用：{known}）",
        "no section '{section}' in the bank (known: {known})",
    ),
    "study.error.tag": ("题库中没有题目带标签 '{tag}'", "no question in the bank has tag '{tag}'"),
    "study.error.question": ("题库中没有题目 '{id}'", "no question '{id}' in the bank"),
    "study.error.exam_time": (
        "--exam-time 只能和 --exam 一起使用",
        "--exam-time only goes with --exam",
    ),
    "study.error.positive": ("{option} 必须是正整数", "{option} must be a positive number"),
    "study.error.review_exam": (
        "--review-only 不能和 --exam 一起使用",
        "--review-only and --exam cannot be combined",
    ),
    "study.header": (
        "题库：{title}（{bank}）  档案：{profile}",
        "Bank: {title} ({bank})  Profile: {profile}",
    ),
    "study.header.queue": (
        "本次：{total} 题（到期复习 {due}，新题 {new}）",
        "This session: {total} questions ({due} due, {new} new)",
    ),
    "study.header.exam": (
        "模拟考试：{size} 题{limit}",
        "Exam: {size} questions{limit}",
    ),
    "study.header.exam_limit": ("，限时 {minutes}", ", time limit {minutes}"),
    "study.header.instructions": (
        "每行输入一个答案后回车；输入 ? 查看提示；Ctrl+D 结束。",
        "Type one answer per line and press Enter; ? shows a hint; Ctrl+D ends.",
    ),
    "study.empty": (
        "今天没有要学习的题了。",
        "Nothing to study right now.",
    ),
    "study.empty.next": ("下次复习：{when}", "Next review: {when}"),
    "study.question.head": ("【{n}】{section}{kind}（{id}）", "[{n}] {section}{kind} ({id})"),
    "study.question.progress": (
        "（已答 {answered}，剩余 {remaining}，答对 {correct}）",
        "(answered {answered}, remaining {remaining}, correct {correct})",
    ),
    "study.question.time_left": ("剩余时间：{time}", "Time left: {time}"),
    "study.type.short": ("简答", "short answer"),
    "study.type.cloze": ("填空", "fill in the blanks"),
    "study.type.list": ("列举", "list"),
    "study.type.choice": ("选择", "choice"),
    "study.type.truefalse": ("判断", "true or false"),
    "study.type.number": ("数字", "number"),
    "study.type.order": ("排序", "order"),
    "study.guide.short": ("请写出答案。", "Write the answer."),
    "study.guide.cloze": (
        "共 {n} 个空，按顺序填写，用 | 分隔。",
        "{n} blanks: fill them in order, separated by |.",
    ),
    "study.guide.list": (
        "共 {n} 项，用“；”分隔（或输入 \\n）。",
        "{n} items, separated by ； (or a literal \\n).",
    ),
    "study.guide.list_ordered": (
        "共 {n} 项，按原文顺序，用“；”分隔（或输入 \\n）。",
        "{n} items in the report's order, separated by ； (or a literal \\n).",
    ),
    "study.guide.choice": ("单选：输入字母。", "Single choice: type the letter."),
    "study.guide.choice_multiple": (
        "多选：输入所有正确选项的字母，如 AC。",
        "Multiple choice: type every correct letter, e.g. AC.",
    ),
    "study.guide.truefalse": (
        "判断：输入 对 或 错（也可 T/F、1/2）。",
        "True or false: type T or F (or 对/错, 1/2).",
    ),
    "study.guide.number": ("请写出数字{unit}。", "Write the number{unit}."),
    "study.guide.number_unit": ("（单位：{unit}）", " (unit: {unit})"),
    "study.guide.order": (
        "把下列各项按正确顺序排列：输入编号（如 3 1 2），或用“；”分隔的原文。",
        "Put these in the right order: type their numbers (e.g. 3 1 2) or the texts "
        "separated by ；.",
    ),
    "study.prompt.answer": ("> ", "> "),
    "study.hint": ("提示：{hint}", "Hint: {hint}"),
    "study.hint.auto": ("{first}……（{length} 字）", "{first}… ({length} characters)"),
    "study.hint.exam": (
        "考试中没有提示。空行跳过这道题（按答错计分）。",
        "No hints in an exam. An empty line skips the question (it counts as wrong).",
    ),
    "study.hint.none": ("这道题没有提示。", "No hint for this question."),
    "study.hint.used": (
        "（已使用提示：本题评分最高为“困难”）",
        "(hint used: this answer is rated Hard at best)",
    ),
    "study.saved": ("已保存（记录 #{id}）", "saved (review #{id})"),
    "study.explanation": ("解析：{text}", "Explanation: {text}"),
    "study.source": ("原文：{text}", "From the report: {text}"),
    "study.rating.suggested": (
        "建议评分：{rating}；下次复习：{when}",
        "Suggested rating: {rating}; next review: {when}",
    ),
    "study.rating.prompt": (
        "评分 [回车=建议，1 重来 2 困难 3 良好 4 简单]：",
        "Rating [Enter=suggested, 1 again 2 hard 3 good 4 easy]: ",
    ),
    "study.rating.changed": (
        "评分改为：{rating}；下次复习：{when}",
        "Rating changed to {rating}; next review: {when}",
    ),
    "study.rating.invalid": (
        "“{text}”不是 1–4，保留建议评分。",
        "“{text}” is not 1-4; keeping the suggested rating.",
    ),
    "study.rating.1": ("重来", "Again"),
    "study.rating.2": ("困难", "Hard"),
    "study.rating.3": ("良好", "Good"),
    "study.rating.4": ("简单", "Easy"),
    "study.leech": (
        "注意：这道题已遗忘 {lapses} 次（难点题），建议对照原文重点记忆。",
        "Note: forgotten {lapses} times (a leech); study it against the report.",
    ),
    "study.changed": (
        "注意：这道题的内容自上次学习后已修改。",
        "Note: this question changed since you last studied it.",
    ),
    "study.time_up": (
        "时间到！最后这个答案未计入。",
        "Time is up! This last answer was not counted.",
    ),
    "study.summary.title": ("—— 本次小结 ——", "—— Summary ——"),
    "study.summary.answered": (
        "作答 {answered} 题，答对 {correct} 题（{accuracy}），用时 {time}",
        "Answered {answered}, correct {correct} ({accuracy}), time {time}",
    ),
    "study.summary.to_review": ("需要再看的题：{ids}", "Questions to look at again: {ids}"),
    "study.summary.next_due": ("下次复习：{when}", "Next review: {when}"),
    "study.summary.exam": (
        "考试得分：{score} 分（满分 100），{answered}/{size} 题已作答",
        "Exam score: {score} / 100, {answered} of {size} answered",
    ),
    "study.summary.exam_section": (
        "  {section}：{correct}/{total} 正确，得分 {score}",
        "  {section}: {correct}/{total} correct, score {score}",
    ),
    "study.summary.no_section": ("（无章节）", "(no section)"),
    "study.when.now": ("现在", "now"),
    "study.when.minutes": ("{n} 分钟后", "in {n} min"),
    "study.when.hours": ("{n} 小时后", "in {n} h"),
    "study.when.days": ("{date}（{n} 天后）", "{date} (in {n} days)"),
    "study.when.none": ("暂无", "none scheduled"),
    "study.duration.minutes": ("{m} 分 {s} 秒", "{m} min {s} s"),
    "study.duration.seconds": ("{s} 秒", "{s} s"),
    # the study screen (app): sessions that teach and cannot be gamed
    "app.study.key.undo": ("撤销", "Undo"),
    "app.study.key.hand_in": ("交卷", "Hand in"),
    "app.study.key.flag": ("收藏", "Flag"),
    "app.study.key.suspend": ("暂停此题", "Suspend"),
    "app.study.flagged.on": (
        "已收藏（浏览中可筛选“收藏”）",
        "Flagged (filter “flagged” in Browse)",
    ),
    "app.study.flagged.off": ("已取消收藏", "Flag removed"),
    "app.study.suspended.on": (
        "已暂停：这道题不再出现（在浏览中筛选“已暂停”，按 x 恢复）",
        "Suspended: it no longer comes up (Browse → “suspended”, x to restore)",
    ),
    "app.study.suspended.off": ("已恢复：这道题会重新出现", "Restored: it comes up again"),
    "app.home.key.wrong_book": ("错题本", "Mistakes"),
    "app.home.wrong_book": ("错题本 {n} 道", "{n} in the mistake book"),
    "app.home.goal": ("今日目标 {done}/{goal}", "Today's goal {done}/{goal}"),
    "app.home.wrong_book_empty": ("错题本是空的", "The mistake book is empty"),
    "app.detail.key.suspend": ("暂停/恢复", "Suspend/restore"),
    "app.state.flagged": ("收藏", "flagged"),
    "app.state.suspended": ("已暂停", "suspended"),
    "app.state.wrong": ("错题本", "mistakes"),
    "app.study.count.new": ("新 {n}", "new {n}"),
    "app.study.count.learning": ("学习中 {n}", "learning {n}"),
    "app.study.count.review": ("复习 {n}", "review {n}"),
    "app.study.progress_done": (
        "已答 {answered} · 答对 {correct}",
        "answered {answered} · correct {correct}",
    ),
    "app.study.peeked": (
        "已查看原文：本题评分最高为“困难”",
        "You looked at the report: this answer is rated Hard at best",
    ),
    "app.study.undone": ("已撤销上一次作答", "The last answer was taken back"),
    "app.study.esc_again": (
        "答案已保留。再按 Esc 结束学习，按 Tab 回到答题框",
        "Your answer is kept. Esc again ends the session, Tab goes back to the box",
    ),
    "app.exam.esc": (
        "Esc 不会交卷：交卷请按 F10 或 Ctrl+S",
        "Esc does not hand in: press F10 or Ctrl+S to hand in",
    ),
    "app.exam.rules": (
        "考试中没有提示、原文和对错反馈，交卷后一起看。\n"
        "交卷：F10 或 Ctrl+S（先确认）；Esc 不会交卷。\n"
        "空着提交＝跳过（按答错计）；时间到时，已输入的答案照样计分。",
        "No hints, no report and no verdicts until you hand in.\n"
        "Hand in: F10 or Ctrl+S (after a confirmation); Esc never does.\n"
        "Submitting nothing skips a question (it counts as wrong); at time-up, "
        "an answer typed but not submitted still counts.",
    ),
    "app.exam.confirm": ("确定交卷？", "Hand in the exam?"),
    "app.exam.confirm_unanswered_one": (
        "还有 1 道题未作答，未答的题按答错计分。",
        "1 question is still unanswered; it counts as wrong.",
    ),
    "app.exam.confirm_unanswered": (
        "还有 {n} 道题未作答，未答的题按答错计分。",
        "{n} questions are still unanswered; they count as wrong.",
    ),
    "app.exam.hand_in": ("交卷", "Hand in"),
    "app.exam.continue": ("继续答题", "Keep going"),
    "app.interval.under_minute": ("<1分钟", "<1m"),
    "app.interval.minutes": ("{n}分钟", "{n}m"),
    "app.interval.hours": ("{n}小时", "{n}h"),
    "app.interval.days": ("{n}天", "{n}d"),
    "app.interval.months": ("{n}月", "{n}mo"),
    "app.interval.years": ("{n}年", "{n}y"),
    "app.hint.word_after": (
        "「{filler}」之后首字「{first}」，共 {n} 字",
        "after “{filler}” it goes on with “{first}”, {n} characters",
    ),
    "study.answer.no_choice": ("请先选择", "Choose an option first"),
    "study.answer.pinyin": (
        "看起来是拼音，请切换输入法",
        "That looks like pinyin: switch your input method to Chinese",
    ),
    # the exam result: 答题详情
    "app.summary.details": ("答题详情", "Answer details"),
    "app.summary.detail_head": ("{n}．{prompt}", " {n}. {prompt}"),
    "app.summary.detail_verdict": ("（{verdict}）", " ({verdict})"),
    "app.summary.detail_answer": ("你的答案：", "Your answer: "),
    "app.summary.detail_expected": ("正确答案：", "Right answer: "),
    "app.summary.detail_source": ("原文：", "Report: "),
    "app.summary.unanswered": ("未作答", "unanswered"),
    "app.summary.exam_unanswered": (
        "未作答 {n} 道（按答错计分）",
        "{n} unanswered (counted as wrong)",
    ),
    "app.summary.key.review_wrong": ("马上复习错题", "Review the wrong ones now"),
    "app.summary.next_due_now": ("下一次复习：现在就有到期的题", "Next review: some are due now"),
    # plain mode
    "study.header.counts": (
        "本次：{total} 题（新题 {new}，学习中 {learning}，复习 {review}）",
        "This session: {total} questions ({new} new, {learning} learning, {review} review)",
    ),
    "study.question.counts": (
        "（新 {new} · 学习中 {learning} · 复习 {review} · 已答 {answered}）",
        "(new {new} · learning {learning} · review {review} · answered {answered})",
    ),
    "study.question.progress_exam": (
        "（已答 {answered}，剩余 {remaining}）",
        "(answered {answered}, remaining {remaining})",
    ),
    "study.exam.saved": ("已记录。", "Recorded."),
    "study.rating.prompt_undo": (
        "评分 [回车=建议，1 重来 {i1} · 2 困难 {i2} · 3 良好 {i3} · 4 简单 {i4}，u 撤销]：",
        "Rating [Enter=suggested, 1 again {i1} · 2 hard {i2} · 3 good {i3} · 4 easy {i4}, u undo]: ",
    ),
    "study.undone": (
        "已撤销：这次作答已从记录中删除，请重新作答。",
        "Undone: that answer was removed from your history; answer again.",
    ),
    "study.summary.exam_details": ("答题详情：", "Answer details:"),
    "study.summary.exam_detail": (
        "  {n}. [{verdict}] {prompt}\n     你的答案：{answer}\n     正确答案：{expected}",
        "  {n}. [{verdict}] {prompt}\n     your answer: {answer}\n     right answer: {expected}",
    ),
    "study.summary.exam_unanswered": ("未作答", "unanswered"),
    "study.verdict.correct": ("正确", "correct"),
    "study.verdict.close": ("基本正确", "nearly right"),
    "study.verdict.partial": ("部分正确", "partly right"),
    "study.verdict.wrong": ("错误", "wrong"),
    "study.verdict.unanswered": ("未作答", "unanswered"),
    "study.opt.wrong_book": (
        "错题本：只练答错过、还没连续答对两次的题",
        "the mistake book: only questions answered wrong and not yet right twice since",
    ),
    "study.opt.export_wrong_book": (
        "把错题本导出为 CSV 文件（题号、章节、题目、正确答案、原文）",
        "export the mistake book as CSV (id, section, question, right answer, source)",
    ),
    "study.error.wrong_book": (
        "--wrong-book 不能和 --exam 或 --question 一起使用",
        "--wrong-book cannot be combined with --exam or --question",
    ),
    "study.wrong_book.empty": (
        "错题本是空的：没有待巩固的错题。",
        "The mistake book is empty: nothing to go over again.",
    ),
    "study.wrong_book.exported": (
        "已把错题本的 {n} 道题导出到 {path}",
        "Exported the {n} questions of the mistake book to {path}",
    ),
    "study.wrong_book.cannot_write": ("无法写入 {path}：{error}", "cannot write {path}: {error}"),
    "study.wrong_book.col.id": ("题号", "id"),
    "study.wrong_book.col.section": ("章节", "section"),
    "study.wrong_book.col.prompt": ("题目", "question"),
    "study.wrong_book.col.answer": ("正确答案", "right answer"),
    "study.wrong_book.col.source": ("原文", "source"),
    "study.import.where": (
        "记录已导入档案：{profiles}（学习记录文件 {path}）",
        "Records went into profile(s): {profiles} (store {path})",
    ),
    "study.buried": (
        "（{n} 道与今天已答题目同出一句的新题留到明天，以免互相泄露答案）",
        "({n} new questions built on the same sentence as one answered today wait until "
        "tomorrow, so that one does not give the other away)",
    ),
    # store errors (str(StoreError) in the current language)
    "store.error.open": (
        "无法打开学习记录 {path}：{reason}",
        "cannot open the store {path}: {reason}",
    ),
    "store.error.read": (
        "无法读取学习记录 {path}：{reason}",
        "cannot read the store {path}: {reason}",
    ),
    "store.error.write": (
        "无法写入学习记录 {path}：{reason}",
        "cannot write the store {path}: {reason}",
    ),
    "store.error.folder": (
        "无法创建文件夹 {path}：{reason}",
        "cannot create the folder {path}: {reason}",
    ),
    "store.error.closed": ("学习记录 {path} 已关闭", "the store {path} is closed"),
    "store.error.no_profile": ("没有名为“{name}”的档案", "no profile named “{name}”"),
    "store.error.exists": ("名为“{name}”的档案已存在", "a profile named “{name}” already exists"),
    "store.error.name_empty": ("档案名不能为空", "a profile name cannot be empty"),
    "store.error.name_long": ("档案名最多 {n} 个字符", "a profile name is at most {n} characters"),
    "store.error.name_chars": (
        "档案名“{name}”含有控制字符或斜杠",
        "profile name “{name}” contains a control character or slash",
    ),
    "store.error.setting": (
        "设置 {key}：不接受 {value}（允许：{allowed}）",
        "setting {key}: {value} is not allowed (allowed: {allowed})",
    ),
    "store.error.no_review": ("没有编号为 {id} 的学习记录", "no review with id {id}"),
    "store.error.no_exam": ("没有编号为 {id} 的考试", "no exam with id {id}"),
    "store.reason.busy": (
        "另一个进程占用超过 10 秒",
        "another process kept it busy for more than 10 s",
    ),
    "store.reason.not_a_store": (
        "这个文件不是学习记录（不是 SQLite 数据库）",
        "the file is not a trainer store (not an SQLite database)",
    ),
    "store.reason.cannot_open": (
        "无法打开文件（请检查文件夹是否存在、是否可写）",
        "the file cannot be opened (check the folder exists and is writable)",
    ),
    "store.reason.read_only": ("文件或其文件夹是只读的", "the file or its folder is read-only"),
    "store.reason.disk_full": ("磁盘已满", "the disk is full"),
    "store.reason.directory": ("这是一个文件夹", "it is a directory"),
    "store.reason.newer": (
        "它由更新版本的 trainer 写入，请升级 trainer",
        "it was written by a newer trainer; update trainer",
    ),
    # trainer profile
    "profile.help": ("管理学习者档案（列出、创建、改名、删除）", "manage learner profiles"),
    "profile.list.help": ("列出所有档案", "list every profile"),
    "profile.create.help": ("创建档案", "create a profile"),
    "profile.rename.help": ("给档案改名（学习记录随之保留）", "rename a profile (history kept)"),
    "profile.delete.help": ("删除档案及其全部学习记录", "delete a profile and all its history"),
    "profile.default.help": ("设为默认档案", "make a profile the default"),
    "profile.opt.name": ("档案名", "profile name"),
    "profile.opt.old": ("原档案名", "current name"),
    "profile.opt.new": ("新档案名", "new name"),
    "profile.opt.yes": ("不再确认", "do not ask for confirmation"),
    "profile.list.empty": (
        "还没有档案（第一次学习时会自动创建“{name}”）。",
        "No profiles yet (“{name}” is created on first study).",
    ),
    "profile.list.row": (
        "{mark} {name}  复习 {reviews} 次  最近：{last}",
        "{mark} {name}  {reviews} reviews  last: {last}",
    ),
    "profile.list.never": ("从未", "never"),
    "profile.list.legend": ("（* 为默认档案）", "(* marks the default profile)"),
    "profile.created": ("已创建档案“{name}”。", "Created profile “{name}”."),
    "profile.exists": ("档案“{name}”已存在。", "Profile “{name}” already exists."),
    "profile.renamed": ("已把“{old}”改名为“{new}”。", "Renamed “{old}” to “{new}”."),
    "profile.default_set": ("默认档案现在是“{name}”。", "The default profile is now “{name}”."),
    "profile.confirm": (
        "确定删除档案“{name}”及其 {reviews} 条学习记录吗？此操作不可撤销。输入 yes 确认：",
        "Delete profile “{name}” and its {reviews} reviews? This cannot be undone. Type yes "
        "to confirm: ",
    ),
    "profile.cancelled": ("已取消，未删除任何内容。", "Cancelled; nothing was deleted."),
    "profile.deleted": (
        "已删除档案“{name}”（{reviews} 条记录）。",
        "Deleted profile “{name}” ({reviews} reviews).",
    ),
    "profile.not_found": ("没有名为“{name}”的档案", "no profile named “{name}”"),
}


def format_interval(seconds: float) -> str:
    """An interval on a rating key: ``<1分钟``, ``10分钟``, ``3小时``, ``2天``, ``4.5月``."""
    from trainer.i18n import t

    if seconds < 60:
        return t("app.interval.under_minute")
    if seconds < 3600:
        return t("app.interval.minutes", n=round(seconds / 60))
    if seconds < 86400:
        return t("app.interval.hours", n=round(seconds / 3600))
    days = seconds / 86400
    if days < 30:
        return t("app.interval.days", n=round(days))
    if days < 365:
        return t("app.interval.months", n=f"{days / 30:.1f}".rstrip("0").rstrip("."))
    return t("app.interval.years", n=f"{days / 365:.1f}".rstrip("0").rstrip("."))
