"""Messages of `trainer server`, `trainer sync` and the home screen's sync line."""

MESSAGES: dict[str, tuple[str, str]] = {
    # trainer server
    "server.help": (
        "运行同步服务器，管理成员和题库",
        "run the sync server; manage members and banks",
    ),
    "server.description": (
        "不带 ACTION 时运行同步服务器（默认使用数据目录中的 SQLite，地址 127.0.0.1:8790），"
        "按 Ctrl+C 停止。--db postgresql://… 使用 PostgreSQL。",
        "Without ACTION, run the sync server (default: SQLite in the data dir, "
        "127.0.0.1:8790) until Ctrl+C. --db postgresql://… uses PostgreSQL.",
    ),
    "server.opt.db": (
        "数据库：postgresql://用户@主机/库名，或 SQLite 文件路径（默认数据目录中的 server.sqlite3）",
        "database: postgresql://user@host/db, or an SQLite file (default server.sqlite3 in "
        "the data dir)",
    ),
    "server.opt.bind": ("监听地址（默认 127.0.0.1）", "address to listen on (default 127.0.0.1)"),
    "server.opt.port": (
        "端口（默认 8790；0 表示任选空闲端口）",
        "port (default 8790; 0 picks a free one)",
    ),
    "server.opt.certfile": ("TLS 证书（PEM），启用 HTTPS", "TLS certificate (PEM): serve HTTPS"),
    "server.opt.keyfile": ("TLS 私钥（PEM）", "TLS private key (PEM)"),
    "server.opt.workers": (
        "服务进程数（共用同一端口，默认 1）",
        "number of server processes sharing the port (default 1)",
    ),
    "server.opt.name": ("成员名", "member name"),
    "server.opt.admin": ("设为管理员", "make the member an admin"),
    "server.opt.bank_file": ("题库文件（YAML）", "bank file (YAML)"),
    "server.opt.device": ("只撤销这个设备编号", "revoke only this device id"),
    "server.add_user.help": (
        "添加成员（已存在则为其另一台设备发放邀请码）；最后一个词是一次性邀请码",
        "add a member (or, if it exists, issue a code for another device); the last word is "
        "the one-time code",
    ),
    "server.add_user.created": (
        "已添加成员 {name}。在成员的设备上运行 trainer sync --setup 地址 --user {name} --code "
        "{code}（两周内有效，只能用一次）。\n邀请码 {code}",
        "Added {name}. On the member's device run trainer sync --setup URL --user {name} "
        "--code {code} (valid two weeks, once).\nCode {code}",
    ),
    "server.add_user.again": (
        "成员 {name} 已存在；已为另一台设备发放新的邀请码（两周内有效，只能用一次）。\n邀请码 {code}",
        "{name} exists; a new code for another device (valid two weeks, once).\nCode {code}",
    ),
    "server.add_bank.help": (
        "把题库放到服务器上，成员的设备同步时会下载",
        "put a bank on the server; members' devices download it when they sync",
    ),
    "server.add_bank.done": (
        "题库 {id}（{n} 题）已放到服务器，内容摘要 {hash}",
        "bank {id} ({n} questions) is on the server, content hash {hash}",
    ),
    "server.add_bank.same": (
        "题库 {id}（{n} 题）与服务器上的版本相同，未改动",
        "bank {id} ({n} questions) is unchanged on the server",
    ),
    "server.revoke.help": ("撤销成员设备的令牌", "revoke a member's device tokens"),
    "server.revoke.done": ("已撤销 {name} 的 {n} 台设备", "revoked {n} device(s) of {name}"),
    "server.users.help": ("列出成员", "list members"),
    "server.users.none": (
        "还没有成员。用 trainer server add-user 姓名 添加。",
        "no members yet; add one with trainer server add-user NAME",
    ),
    "server.users.line": (
        "{name}\t{role}\t{reviews} 条记录\t{devices} 台设备",
        "{name}\t{role}\t{reviews} reviews\t{devices} devices",
    ),
    "server.ready": (
        "同步服务器已启动：{url}（{db}，{n} 个进程）。按 Ctrl+C 停止。",
        "sync server listening on {url} ({db}, {n} process(es)). Ctrl+C stops it.",
    ),
    "server.db.sqlite": ("SQLite {path}", "SQLite {path}"),
    "server.db.postgresql": ("PostgreSQL", "PostgreSQL"),
    "server.error.db": (
        "无法打开服务器数据库：{reason}",
        "cannot open the server database: {reason}",
    ),
    "server.error.name": (
        "成员名 '{name}' 不可用：{reason}",
        "member name '{name}' is not allowed: {reason}",
    ),
    "server.error.read": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "server.error.bank_id": (
        "{path}：题库编号 '{id}' 不能用作文件名（只用字母、数字和 _.-）",
        "{path}: bank id '{id}' cannot be a file name (use letters, digits and _.-)",
    ),
    "server.error.no_user": ("没有名为 '{name}' 的成员", "no member named '{name}'"),
    "server.error.workers": ("--workers 须在 1 到 64 之间", "--workers must be 1-64"),
    "server.error.workers_port": (
        "多个进程须共用一个固定端口：请给出 --port",
        "several processes must share a fixed port: give --port",
    ),
    "server.error.tls_pair": ("--keyfile 需要同时给出 --certfile", "--keyfile needs --certfile"),
    "server.error.tls": (
        "无法读取 TLS 证书或私钥：{reason}",
        "cannot load the TLS certificate or key: {reason}",
    ),
    "server.error.bind": (
        "无法在 {host}:{port} 上监听：{reason}",
        "cannot listen on {host}:{port}: {reason}",
    ),
    # trainer sync
    "sync.help": ("在各台设备间同步学习记录", "sync the study history between devices"),
    "sync.description": (
        "先用 --setup 地址 --user 姓名 --code 邀请码 登记本设备；之后 trainer sync 立即同步一次，"
        "--status 显示上次同步时间和待上传的记录数。应用启动时和每次学习结束后也会在后台自动同步。",
        "Register this device once with --setup URL --user NAME --code CODE; then trainer sync "
        "syncs now and --status shows the last sync and the reviews waiting to be pushed. The "
        "app also syncs in the background at start and after each session.",
    ),
    "sync.opt.setup": (
        "同步服务器的地址，如 https://study.example.org",
        "the sync server's URL, e.g. https://study.example.org",
    ),
    "sync.opt.user": ("服务器上的成员名", "member name on the server"),
    "sync.opt.code": ("管理员给的一次性邀请码", "the one-time code from the admin"),
    "sync.opt.cafile": (
        "信任这个 CA 证书（PEM），用于自签名的 HTTPS 服务器",
        "trust this CA certificate (PEM), for a self-signed HTTPS server",
    ),
    "sync.opt.device": ("本设备的名称（默认主机名）", "this device's name (default: host name)"),
    "sync.opt.status": (
        "显示同步状态，不连接服务器",
        "show the sync state without contacting the server",
    ),
    "sync.opt.json": ("以 JSON 输出", "print JSON"),
    "sync.setup.done": (
        "本设备已登记到 {url}（成员 {user}，本机学习者 {profile}）。运行 trainer sync 立即同步。",
        "this device is registered with {url} (member {user}, local learner {profile}). Run "
        "trainer sync to sync now.",
    ),
    "sync.setup.failed": ("登记失败：{reason}", "setup failed: {reason}"),
    "sync.done": (
        "同步完成：上传 {pushed} 条，下载 {pulled} 条记录，{exams} 次考试，{settings} 项设置",
        "synced: {pushed} reviews pushed, {pulled} pulled, {exams} exams, {settings} settings",
    ),
    "sync.bank": ("已更新题库 {id}：{path}", "bank {id} updated: {path}"),
    "sync.failed": (
        "同步失败：{reason}。记录都保存在本机，稍后会自动重试。",
        "sync failed: {reason}. Everything is kept on this device; it retries later.",
    ),
    "sync.status.not_setup": (
        "尚未设置同步。用 trainer sync --setup 地址 --user 姓名 --code 邀请码 登记本设备。",
        "sync is not set up. Register this device with trainer sync --setup URL --user NAME "
        "--code CODE.",
    ),
    "sync.status.server": (
        "同步服务器：{url}（成员 {user}，本机学习者 {profile}）",
        "sync server: {url} (member {user}, local learner {profile})",
    ),
    "sync.status.last": ("上次同步：{when}", "last sync: {when}"),
    "sync.status.never": ("从未", "never"),
    "sync.status.pending": ("待上传：{n} 条记录", "waiting to be pushed: {n} reviews"),
    "sync.status.error": ("上次失败：{reason}", "last failure: {reason}"),
    "sync.home.line": ("同步：{when}，待上传 {n} 条", "sync: {when}, {n} to push"),
    "sync.home.failed": (
        "同步：{when}，待上传 {n} 条（上次失败，稍后重试）",
        "sync: {when}, {n} to push (last try failed; retrying later)",
    ),
    "sync.error.not_setup": (
        "尚未设置同步：先运行 trainer sync --setup 地址 --user 姓名 --code 邀请码",
        "sync is not set up: first run trainer sync --setup URL --user NAME --code CODE",
    ),
    "sync.error.setup_args": (
        "--setup 需要同时给出 --user 和 --code",
        "--setup needs --user and --code",
    ),
    "sync.error.setup_only": (
        "--user 和 --code 只用于 --setup",
        "--user and --code are only for --setup",
    ),
    "sync.error.config": (
        "无法读取同步设置 {path}：{reason}（可重新运行 --setup）",
        "cannot read the sync settings {path}: {reason} (run --setup again)",
    ),
    "sync.error.url": (
        "'{url}' 不是 http:// 或 https:// 地址",
        "'{url}' is not an http:// or https:// URL",
    ),
    "sync.error.cafile": (
        "无法读取 CA 证书 {path}：{reason}",
        "cannot read the CA certificate {path}: {reason}",
    ),
    "sync.error.network": ("连不上 {url}（{reason}）", "cannot reach {url} ({reason})"),
    "sync.error.token": (
        "服务器不认这台设备的令牌（可能已被撤销）：请向管理员要新的邀请码，重新 --setup",
        "the server does not accept this device's token (revoked?): ask the admin for a new "
        "code and run --setup again",
    ),
    "sync.error.rate_limited": (
        "错误尝试太多，服务器暂时拒绝；请一分钟后再试",
        "too many wrong attempts; the server refuses for now, try again in a minute",
    ),
    "sync.error.status": (
        "服务器拒绝了请求（{status}）：{message}",
        "the server refused ({status}): {message}",
    ),
    "sync.error.bad_answer": (
        "服务器的回答无效（{reason}）",
        "the server's answer is not valid ({reason})",
    ),
    "sync.error.bank": (
        "服务器上的题库 {bank} 无效：{reason}",
        "the server's bank {bank} is not valid: {reason}",
    ),
    "sync.error.busy": ("另一个同步正在进行", "another sync is running"),
}
