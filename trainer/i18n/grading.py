"""Messages of answer checking (verdicts, feedback lines, notes)."""

MESSAGES: dict[str, tuple[str, str]] = {
    "grading.verdict.correct": ("正确", "correct"),
    "grading.verdict.close": ("基本正确", "close"),
    "grading.verdict.partial": ("部分正确", "partly right"),
    "grading.verdict.wrong": ("错误", "wrong"),
    "grading.true": ("对", "true"),
    "grading.false": ("错", "false"),
    "grading.feedback.verdict": (
        "判定：{verdict}（得分 {score}）",
        "Verdict: {verdict} (score {score})",
    ),
    "grading.feedback.expected": ("参考答案：{text}", "Expected: {text}"),
    "grading.feedback.given": ("你的答案：{text}", "Your answer: {text}"),
    "grading.feedback.diff": (
        "差异：{text}　（[-漏写-] {{+多写+}} ~应为→同音字~）",
        "Diff: {text}   ([-missing-] {{+extra+}} ~expected→homophone~)",
    ),
    "grading.feedback.parts": ("逐项：", "Item by item:"),
    "grading.feedback.your_order": ("你的顺序：{text}", "Your order: {text}"),
    "grading.feedback.your_order_label": ("你的顺序：", "Your order: "),
    "grading.feedback.diff_label": ("差异：", "Difference: "),
    "grading.error.ungradable": (
        "这个答案暂时无法判分，没有记录，请再答一次。",
        "This answer could not be checked. Nothing was recorded: please answer again.",
    ),
    "grading.error.ungradable_cli": (
        "无法判分（题目 {id}）：{reason}。这是判分程序的问题，请报告。",
        "Could not check the answer to {id}: {reason}. This is a fault of the checker; please "
        "report it.",
    ),
    "grading.feedback.part": (
        "  {mark} {n}. {text} — {verdict}",
        "  {mark} {n}. {text} — {verdict}",
    ),
    "grading.feedback.part_missed": ("（未答出）", " (not given)"),
    "grading.feedback.extra": ("多余的内容：{items}", "Not expected: {items}"),
    "grading.note.empty": ("没有作答。", "No answer was given."),
    "grading.note.homophone": (
        "有同音字输入错误（拼音相同），按基本正确计。",
        "A homophone slip (same pinyin) was accepted as close.",
    ),
    "grading.note.too_many_homophones": (
        "读音对，但写错的同音字太多，不能算记住了原文提法。",
        "It sounds right, but too many characters are homophones to count as the wording.",
    ),
    "grading.note.filler_dropped": (
        "省略了“必须”“切实”“坚持”等修饰词或序号，不影响判定，但原文提法更完整。",
        "Filler words such as “必须”, “切实” or “坚持” were left out: accepted, but the "
        "original wording is fuller.",
    ),
    "grading.note.filler_added": (
        "多写了“必须”“切实”等修饰词或序号，不影响判定。",
        "Filler words such as “必须” or “切实” were added: accepted.",
    ),
    "grading.note.wording_changed": (
        "关键用词与原文提法不同，按错误计（提法要准确）。",
        "A key word differs from the original formulation, so it counts as wrong.",
    ),
    "grading.note.distinct_homophone": (
        "同音但含义不同的词（如“权力/权利”“法制/法治”），不按输入错误处理。",
        "A word that sounds the same but means something else (such as “权力/权利” or "
        "“法制/法治”) is not a typing slip.",
    ),
    "grading.note.clauses_reordered": (
        "各分句都写对了，但顺序与原文不同。",
        "Every clause is there, but not in the original order.",
    ),
    "grading.note.words_added": (
        "提法完整，但加入了原文没有的字词。",
        "The formulation is all there, but with words the original does not have.",
    ),
    "grading.note.incomplete": (
        "只答出了提法的一部分。",
        "Only part of the formulation was given.",
    ),
    "grading.note.too_short": (
        "答出的内容太少，不足以认定记住了这一提法。",
        "Too little of the formulation was given to count.",
    ),
    "grading.note.alternative": (
        "与可接受的另一种表述一致。",
        "Matches another accepted wording.",
    ),
    "grading.note.missed": ("这一项没有答出。", "This item was not given."),
    "grading.note.extra_items": (
        "写了不在答案中的内容，按多写扣分。",
        "Items that are not in the answer were given; they lower the score.",
    ),
    "grading.note.duplicate": (
        "有重复的条目，只计一次。",
        "An item was given more than once; it counts once.",
    ),
    "grading.note.order_wrong": (
        "部分条目顺序与原文不同。",
        "Some items are not in the original order.",
    ),
    "grading.note.misplaced": ("位置不对。", "In the wrong position."),
    "grading.note.truncated": (
        "答案过长，只检查了前面的部分。",
        "The answer is very long; only its beginning was checked.",
    ),
    "grading.note.unrecognized": (
        "没有识别出选项或判断（可写 A/B/C、对/错、√/×、T/F 等）。",
        "No choice or true/false could be read (write A/B/C, 对/错, √/×, T/F …).",
    ),
    "grading.note.wrong_option": (
        "选了错误的选项。",
        "A wrong option was chosen.",
    ),
    "grading.note.options_missing": (
        "少选了正确选项（多选题须全部选对）。",
        "Some right options are missing (multiple choice needs all of them).",
    ),
    "grading.note.no_number": ("答案中没有数字。", "The answer contains no number."),
    "grading.note.number_differs": (
        "数字与原文不同，数字必须准确。",
        "The number differs from the report; figures must be exact.",
    ),
    "grading.note.within_tolerance": (
        "数字在允许误差之内。",
        "The number is within the allowed tolerance.",
    ),
    "grading.note.approx_missing": (
        "原文是约数（“余”“多”），答案没有体现。",
        "The report gives an approximate figure (余/多); the answer does not say so.",
    ),
    "grading.note.approx_differs": (
        "约数说反了：“近”“不到”是不足这个数，“余”“多”“超过”是多于这个数。",
        "The approximation points the wrong way: “近”/“不到” means fewer, “余”/“多”/“超过” means "
        "more.",
    ),
    "grading.note.approx_added": (
        "原文是确数，答案加了“余”“近”等约数词，按基本正确计。",
        "The report gives an exact figure; the answer made it approximate (余, 近 …): close.",
    ),
    "grading.note.hedged": (
        "写了几个不同的数，只能算部分答对；写出一堆数字不得分。",
        "Several different figures were given: a hedge is only partly right, a list of "
        "figures earns nothing.",
    ),
    "grading.note.numeral_form": (
        "数字写法不同（如“4个意识”与“四个意识”），提法里应按原文写汉字，按基本正确计。",
        "A numeral written another way (4个意识 for 四个意识): in a set phrase write it as "
        "the report does; accepted as close.",
    ),
    "grading.note.too_long": (
        "答案比要求的长得多（像是把候选内容都写上了），最多算部分正确。",
        "The answer is many times longer than asked for (a hedge or a paste): at most partly "
        "right.",
    ),
    "grading.note.extra_pieces": (
        "填空处写了多余的候选答案，按多写扣分。",
        "More candidates were written than there are blanks; the extra ones cost.",
    ),
    "grading.note.unit_omitted": (
        "省略了单位，可以接受。",
        "The unit was left out: accepted.",
    ),
    "grading.cli.help": ("检查答案（单个或批量）", "check answers (one, or a batch from stdin)"),
    "grading.cli.description": (
        "按题库判定答案。给出 --id 和 --answer 判定一个答案；不给 --id 时从标准输入逐行读取 JSON："
        '{"id": "...", "answer": "..." 或 ["...", ...]}，每行输出一个 JSON 结果。',
        "Grade answers against a bank. With --id and --answer, grade one answer; without --id, "
        'read JSON lines from stdin ({"id": "...", "answer": "..." or ["...", ...]}) and write '
        "one JSON result per line.",
    ),
    "grading.cli.id": ("题目 id", "question id"),
    "grading.cli.answer": (
        "答案；重复使用表示逐空/逐项作答",
        "the answer; repeat it to give one entry per blank or item",
    ),
    "grading.cli.json": ("以 JSON 输出结果", "print the result as JSON"),
    "grading.cli.no_bank": (
        "没有找到题库：请用 --bank 指定题库文件",
        "no question bank found: give one with --bank",
    ),
    "grading.cli.bank_missing": ("题库文件不存在：{path}", "bank file not found: {path}"),
    "grading.cli.no_answer": ("请用 --answer 给出答案", "give the answer with --answer"),
    "grading.cli.answer_without_id": (
        "--answer 需要与 --id 一起使用（不带 --id 时从标准输入读取 JSON 行）",
        "--answer needs --id (without --id, JSON lines are read from stdin)",
    ),
    "grading.cli.unknown_id": (
        "题库 {bank} 中没有题目 '{id}'",
        "no question '{id}' in bank {bank}",
    ),
    "grading.cli.bad_json": ("不是有效的 JSON：{error}", "not valid JSON: {error}"),
    "grading.cli.not_object": (
        '每行应是一个 JSON 对象：{"id": ..., "answer": ...}',
        'each line must be a JSON object: {"id": ..., "answer": ...}',
    ),
    "grading.cli.missing_id": ('缺少 "id"（应为字符串）', 'missing "id" (a string)'),
    "grading.cli.bad_answer": (
        '"answer" 应为字符串或字符串列表',
        '"answer" must be a string or a list of strings',
    ),
    "grading.cli.line_too_long": (
        "这一行超过 {limit} 个字符，未处理",
        "this line is longer than {limit} characters and was skipped",
    ),
}
