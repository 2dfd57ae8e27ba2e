// The trainer's dashboard: plain JavaScript, no build step. Every string from the server is put
// into the page with textContent (the el() helper), never as HTML.
"use strict";

const T = {
  home: ["看板", "Dashboard"], print: ["打印", "Print"], logout: ["退出", "Log out"],
  lang: ["English", "中文"], role_admin: ["管理员", "admin"], role_leader: ["组长", "leader"],
  role_member: ["成员", "member"], groups: ["学习小组", "Study groups"],
  group: ["小组", "Group"], members: ["成员数", "Members"], reviews: ["答题数", "Reviews"],
  reviews_7d: ["近 7 天答题", "Reviews (7 days)"], active_7d: ["近 7 天活跃", "Active (7 days)"],
  mastery: ["掌握度", "Mastery"], mastery_now: ["当前掌握", "Mastered now"],
  mastery_deadline: ["截止日预计掌握", "Mastered on deadline"], deadline: ["截止日期", "Deadline"],
  last_active: ["最近学习", "Last active"], name: ["姓名", "Name"], role: ["角色", "Role"],
  points: ["积分", "Points"], days_active: ["学习天数", "Days active"],
  retention: ["记忆保持率", "Retention"], overdue: ["逾期题数", "Overdue"],
  exams: ["考试成绩", "Exams"], rank: ["名次", "Rank"], filter: ["按姓名筛选", "Filter by name"],
  export_csv: ["导出 CSV", "Export CSV"], heatmap: ["每日学习热力图", "Activity per day"],
  sections: ["各部分掌握度", "Mastery per section"], wrong: ["全组最常错的题", "Questions the group gets wrong most"],
  wrong_n: ["错 {n} 次，{p} 人", "wrong {n} times by {p} people"],
  wrong_answers: ["错误答案", "Wrong answers"], trend: ["掌握度变化", "Mastery over time"],
  heatmap_range: ["{from} 至 {to}，每列一周（周一在上），颜色越深答题越多", "{from} to {to}, one column per week (Monday at the top); darker means more reviews"],
  recent_wrong: ["最近答错", "Recent wrong answers"], assignments: ["布置的任务", "Assignments"],
  all_sections: ["全部部分", "all sections"], none: ["暂无", "none yet"],
  only_aggregates: ["你是本组成员：可看到全组汇总和你自己的数据。", "You are a member of this group: you see the group's totals and your own data."],
  points_rule: ["积分规则：每天最多计 {cap} 题，每 {per} 题 1 分——坚持每天学比临考突击得分多。", "Points: at most {cap} reviews count per day, one point per {per} — steady study scores more than cramming."],
  no_groups: ["还没有可查看的学习小组。", "No study groups to show yet."],
  not_found: ["没有找到，或你无权查看。", "Not found, or you may not see it."],
  error: ["加载失败：", "Could not load: "], login: ["登录已过期，请向管理员要新的登录链接。", "Your session has ended; ask the administrator for a new login link."],
  days_left: ["还剩 {n} 天", "{n} days left"], you: ["（你）", " (you)"], score: ["得分", "score"],
  members_table: ["成员进度", "Members' progress"], shown: ["显示 {n} / {m} 人", "showing {n} of {m}"],
  all_roles: ["全部角色", "all roles"],
  new_group: ["新建学习小组", "New study group"], group_name: ["小组名称", "Group name"],
  create: ["新建", "Create"], add_member: ["添加成员", "Add a member"], user_name: ["用户名", "User name"],
  as_leader: ["设为组长", "as leader"], add: ["添加", "Add"], assign: ["布置任务", "Assign"],
  bank_id: ["题库 ID", "Bank id"], sections_opt: ["部分 ID（逗号分隔，可空）", "Section ids (comma-separated, optional)"],
  saved: ["已保存", "Saved"],
  remove_member: ["移出成员", "Remove a member"], unassign: ["撤销任务", "Withdraw an assignment"], remove: ["移除", "Remove"],
  too_small: ["本组不足 3 人：为保护其他成员，只显示你自己的数据。", "This group has fewer than 3 members: to protect the others, you see only your own data."],
};
// Chinese first (the trainer's default); the choice of the button is kept in this browser
let lang = localStorage.getItem("trainer.lang") === "en" ? "en" : "zh";
const tr = (key, vals = {}) => {
  let text = (T[key] || [key, key])[lang === "zh" ? 0 : 1];
  for (const [k, v] of Object.entries(vals)) text = text.replace("{" + k + "}", String(v));
  return text;
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "onclick" || k === "oninput" || k === "onchange") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const pct = (v) => (v === null || v === undefined ? "–" : Math.round(v * 100) + "%");
const when = (ts) => (ts ? new Date(ts * 1000).toLocaleString(lang === "zh" ? "zh-CN" : "en-GB", { dateStyle: "short", timeStyle: "short" }) : "–");
const roleName = (r) => tr("role_" + r);

async function api(path) {
  const response = await fetch("/dashboard/api/" + path, { credentials: "same-origin" });
  if (response.status === 401) throw new Error(tr("login"));
  if (response.status === 404) throw new Error(tr("not_found"));
  if (!response.ok) throw new Error(String(response.status));
  return response.json();
}

async function post(path, body) {
  const response = await fetch("/dashboard/api/" + path, {
    method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data[lang] || data.message || String(response.status));
  return data;
}

// a small form: fields [name, label, type]; on submit posts and re-renders the page
function form(id, title, fields, button, submit) {
  const message = el("span", { class: "muted", role: "status" });
  const inputs = fields.map(([name, label, type]) => type === "checkbox"
    ? el("label", {}, el("input", { type: "checkbox", name }), " ", label)
    : el("input", { type: type === "optional" || !type ? "text" : type, name, placeholder: label, "aria-label": label, required: type === "optional" ? null : "" }));
  const node = el("form", { id, class: "tools noprint" }, el("strong", {}, title), inputs, el("button", { type: "submit", class: "button" }, button), message);
  node.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const [name, , type] of fields) {
      const input = node.querySelector(`[name="${name}"]`);
      values[name] = type === "checkbox" ? input.checked : input.value.trim();
    }
    message.className = "muted";
    message.textContent = "…";
    try {
      await submit(values);
      message.textContent = tr("saved");
      delete document.body.dataset.ready;
      route();
    } catch (error) {
      message.className = "bad";
      message.textContent = error.message;
    }
  });
  return node;
}

const charts = [];
function chart(canvas, config) {
  charts.push(new window.Chart(canvas, config));
}

function stat(key, value) {
  return el("div", { class: "stat" }, el("div", { class: "v" }, value), el("div", { class: "k" }, tr(key)));
}

function heatmap(card, days) {
  // a GitHub-style calendar: one column per week, one row per weekday (matrix chart)
  const data = days.map(([iso, n]) => {
    const d = new Date(iso + "T00:00:00Z");
    const monday = new Date(d);
    monday.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    return { x: monday.toISOString().slice(0, 10), y: (d.getUTCDay() + 6) % 7, v: n, d: iso };
  });
  const top = Math.max(1, ...data.map((p) => p.v));
  const weeks = [...new Set(data.map((p) => p.x))];
  const canvas = el("canvas", { role: "img", "aria-label": tr("heatmap") });
  card.append(el("h2", {}, tr("heatmap")), el("div", { class: "chart" }, canvas),
    el("p", { class: "muted" }, tr("heatmap_range", { from: days[0][0], to: days[days.length - 1][0] })));
  chart(canvas, {
    type: "matrix",
    data: { datasets: [{
      data: data.map((p) => ({ x: weeks.indexOf(p.x), y: p.y, v: p.v, d: p.d })),
      backgroundColor: (c) => { const v = c.raw ? c.raw.v : 0; return v ? `rgba(139,26,26,${0.15 + 0.85 * v / top})` : "#eceef2"; },
      width: ({ chart: ch }) => (ch.chartArea || {}).width / weeks.length - 2,
      height: ({ chart: ch }) => (ch.chartArea || {}).height / 7 - 2,
    }] },
    options: {
      maintainAspectRatio: false, animation: false,
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: () => "", label: (c) => `${c.raw.d}: ${c.raw.v}` } } },
      scales: {
        x: { display: true, type: "linear", min: -0.5, max: weeks.length - 0.5, offset: false, ticks: { stepSize: 1, callback: (v) => (weeks[v] && v % 2 === 0 ? weeks[v].slice(5) : "") }, grid: { display: false } },
        y: { display: true, type: "linear", min: -0.5, max: 6.5, reverse: true, offset: false, ticks: { stepSize: 1, callback: (v) => (lang === "zh" ? "一二三四五六日" : "MTWTFSS")[v] || "" }, grid: { display: false } },
      },
    },
  });
}

function sectionChart(card, sections) {
  const canvas = el("canvas", { role: "img", "aria-label": tr("sections") });
  card.append(el("h2", {}, tr("sections")), el("div", { class: "chart" }, canvas));
  chart(canvas, {
    type: "bar",
    data: {
      labels: sections.map((s) => s.title || s.section || s.bank_id),
      datasets: [
        { label: tr("mastery_now"), data: sections.map((s) => Math.round((s.now || 0) * 100)), backgroundColor: "#8b1a1a" },
        { label: tr("mastery_deadline"), data: sections.map((s) => Math.round((s.deadline || 0) * 100)), backgroundColor: "#d9a441" },
      ],
    },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + "%" } } } },
  });
}

function trendChart(card, trend) {
  const canvas = el("canvas", { role: "img", "aria-label": tr("trend") });
  card.append(el("h2", {}, tr("trend")), el("div", { class: "chart" }, canvas));
  chart(canvas, {
    type: "line",
    data: { labels: trend.map((p) => p[0].slice(5)), datasets: [{ label: tr("mastery"), data: trend.map((p) => (p[1] === null ? null : Math.round(p[1] * 100))), borderColor: "#8b1a1a", pointRadius: 0, fill: false }] },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + "%" } } } },
  });
}

function assignmentsCard(list) {
  const card = el("section", { class: "card" }, el("h2", {}, tr("assignments")));
  if (!list.length) card.append(el("p", { class: "muted" }, tr("none")));
  const today = new Date();
  for (const a of list) {
    const left = Math.ceil((new Date(a.deadline + "T00:00:00") - today) / 86400000);
    card.append(el("p", {}, `${a.bank_id} · ${a.sections.length ? a.sections.join(", ") : tr("all_sections")} · ${tr("deadline")} ${a.deadline} · ${tr("days_left", { n: Math.max(0, left) })}`));
  }
  return card;
}

// ---------------------------------------------------------------- pages

async function orgPage(main, me) {
  const page = await api("org");
  main.append(el("h1", {}, tr("groups")));
  if (me.role === "admin") {
    main.append(el("section", { class: "card" }, form("new-group", tr("new_group"), [["name", tr("group_name")]], tr("create"),
      (v) => post("groups", { name: v.name }))));
  }
  if (!page.groups.length) { main.append(el("p", { class: "card" }, tr("no_groups"))); return; }
  const columns = [["name", "group"], ["members", "members", 1], ["reviews_7d", "reviews_7d", 1], ["active_7d", "active_7d", 1], ["reviews", "reviews", 1], ["mastery_now", "mastery_now", 1], ["deadline", "deadline"], ["last_active", "last_active"]];
  const format = { mastery_now: pct, last_active: when };
  const rows = page.groups.map((g) => ({ ...g }));
  main.append(el("section", { class: "card" }, sortableTable(columns, rows, (g, key) => {
    if (key === "name") return el("a", { href: `#/group/${g.id}` }, g.name);
    return (format[key] || ((v) => (v === null || v === undefined ? "–" : v)))(g[key]);
  }, "org-groups")));
}

function sortableTable(columns, rows, cell, id, state = { key: null, dir: 1 }) {
  const table = el("table", { id });
  const thead = el("thead");
  const tbody = el("tbody");
  const render = () => {
    const sorted = [...rows];
    if (state.key) {
      sorted.sort((a, b) => {
        const x = a[state.key], y = b[state.key];
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        return (x < y ? -1 : 1) * state.dir;
      });
    }
    tbody.replaceChildren(...sorted.map((row, i) => el("tr", { "data-id": row.id }, columns.map(([key, , num]) => el("td", { class: num ? "num" : null }, cell(row, key, i))))));
    thead.replaceChildren(el("tr", {}, columns.map(([key, label, num]) => el("th", { class: num ? "num" : null },
      el("button", { type: "button", "data-sort": key, "aria-sort": state.key === key ? (state.dir > 0 ? "ascending" : "descending") : null,
        onclick: () => { state.dir = state.key === key ? -state.dir : (num ? -1 : 1); state.key = key; render(); } }, tr(label))))));
  };
  render();
  table.append(thead, tbody);
  table.rerender = render;
  return el("div", { class: "scroll" }, table);
}

async function groupPage(main, id, me) {
  const page = await api(`groups/${id}`);
  const agg = page.aggregate;
  main.append(el("h1", {}, `${tr("group")} · ${page.name}`));
  if (!page.full) main.append(el("p", { class: "card" }, tr(agg.hidden ? "too_small" : "only_aggregates")));
  main.append(el("div", { class: "stats card" },
    stat("members", agg.members), stat("reviews", agg.reviews), stat("active_7d", agg.active_7d),
    stat("mastery_now", pct(agg.mastery_now)), stat("mastery_deadline", pct(agg.mastery_deadline))));
  const tasks = assignmentsCard(page.assignments);
  if (page.full) {
    tasks.append(form("assign", tr("assign"), [["bank_id", tr("bank_id")], ["sections", tr("sections_opt"), "optional"], ["deadline", tr("deadline"), "date"]], tr("assign"),
      (v) => post(`groups/${id}/assignments`, v)));
    tasks.append(form("unassign", tr("unassign"), [["bank_id", tr("bank_id")]], tr("remove"),
      (v) => post(`groups/${id}/assignments/remove`, v)));
    tasks.append(form("remove-member", tr("remove_member"), [["user", tr("user_name")]], tr("remove"),
      (v) => post(`groups/${id}/members/remove`, v)));
  }
  if (me.role === "admin") {
    tasks.append(form("add-member", tr("add_member"), [["user", tr("user_name")], ["leader", tr("as_leader"), "checkbox"]], tr("add"),
      (v) => post(`groups/${id}/members`, v)));
  }
  main.append(tasks);

  const table = el("section", { class: "card" }, el("h2", {}, tr("members_table")));
  const tools = el("div", { class: "tools" });
  const filter = el("input", { type: "search", id: "filter", placeholder: tr("filter"), "aria-label": tr("filter") });
  const roleSelect = el("select", { id: "role-filter", "aria-label": tr("role") },
    el("option", { value: "" }, tr("all_roles")), el("option", { value: "member" }, tr("role_member")), el("option", { value: "leader" }, tr("role_leader")));
  const shown = el("span", { class: "muted", id: "shown" });
  tools.append(filter, roleSelect, shown);
  if (page.full) tools.append(el("a", { class: "button", id: "export", href: `/dashboard/api/groups/${id}/export.csv`, download: `group-${id}.csv` }, tr("export_csv")));
  table.append(tools);
  const ranked = page.members.map((m, i) => ({ ...m, rank: i + 1, name_l: m.name.toLowerCase() }));
  const columns = [["rank", "rank", 1], ["name", "name"], ["role", "role"], ["points", "points", 1], ["reviews", "reviews", 1], ["days_active", "days_active", 1],
    ["retention", "retention", 1], ["mastery_now", "mastery_now", 1], ["mastery_deadline", "mastery_deadline", 1], ["overdue", "overdue", 1], ["last_active", "last_active"], ["exams", "exams"]];
  const visible = [...ranked];
  const holder = sortableTable(columns, visible, (m, key) => {
    if (key === "name") return el("a", { href: `#/member/${m.id}` }, m.name);
    if (key === "role") return roleName(m.role);
    if (["retention", "mastery_now", "mastery_deadline"].includes(key)) return pct(m[key]);
    if (key === "last_active") return when(m.last_active);
    if (key === "exams") return m.exams.map((e) => pct(e.score)).join(" ") || "–";
    return m[key];
  }, "members");
  const apply = () => {
    const q = filter.value.trim().toLowerCase();
    visible.splice(0, visible.length, ...ranked.filter((m) => (!q || m.name_l.includes(q)) && (!roleSelect.value || m.role === roleSelect.value)));
    shown.textContent = tr("shown", { n: visible.length, m: ranked.length });
    holder.querySelector("table").rerender();
  };
  filter.addEventListener("input", apply);
  roleSelect.addEventListener("change", apply);
  table.append(holder, el("p", { class: "muted" }, tr("points_rule", { cap: page.day_cap, per: page.reviews_per_point })));
  main.append(table);
  apply();

  const charts = el("section", { class: "card" });
  main.append(charts);
  heatmap(charts, page.heatmap);
  if (agg.sections.length) {
    sectionChart(charts, agg.sections);
    trendChart(charts, page.trend);
  }

  const wrong = el("section", { class: "card", id: "wrong" }, el("h2", {}, tr("wrong")));
  if (!page.wrong.length) wrong.append(el("p", { class: "muted" }, tr("none")));
  for (const w of page.wrong) {
    const item = el("div", { class: "wrongq" },
      el("div", {}, el("strong", {}, w.prompt || `${w.bank_id} / ${w.question_id}`)),
      el("div", { class: "muted" }, `${w.bank_id} / ${w.question_id} · ${tr("wrong_n", { n: w.wrong, p: w.people })}`));
    if (w.answers.length) item.append(el("ul", { class: "answers" }, w.answers.map((a) => el("li", {}, `${a.answer || "（空）"} × ${a.count}`))));
    wrong.append(item);
  }
  main.append(wrong);
}

async function memberPage(main, id) {
  const m = await api(`members/${id}`);
  main.append(el("h1", {}, m.name));
  main.append(el("div", { class: "stats card" },
    stat("points", m.points), stat("reviews", m.reviews), stat("days_active", m.days_active), stat("retention", pct(m.retention)),
    stat("mastery_now", pct(m.mastery_now)), stat("mastery_deadline", pct(m.mastery_deadline)), stat("overdue", m.overdue), stat("last_active", when(m.last_active))));
  main.append(assignmentsCard(m.assignments));
  const charts = el("section", { class: "card" });
  main.append(charts);
  heatmap(charts, m.heatmap);
  if (m.mastery.length) sectionChart(charts, m.mastery);
  trendChart(charts, m.trend);
  const exams = el("section", { class: "card" }, el("h2", {}, tr("exams")));
  if (!m.exams.length) exams.append(el("p", { class: "muted" }, tr("none")));
  for (const e of m.exams) exams.append(el("p", {}, `${when(e.finished_at)} · ${e.bank_id} · ${tr("score")} ${pct(e.score)}`));
  main.append(exams);
  const wrong = el("section", { class: "card" }, el("h2", {}, tr("recent_wrong")));
  if (!m.wrong.length) wrong.append(el("p", { class: "muted" }, tr("none")));
  for (const w of m.wrong) {
    wrong.append(el("div", { class: "wrongq" }, el("div", {}, el("strong", {}, w.prompt || `${w.bank_id} / ${w.question_id}`)),
      el("div", { class: "muted" }, `${when(w.reviewed_at)} · ✗ ${w.answer}`)));
  }
  main.append(wrong);
}

// ---------------------------------------------------------------- frame

async function route() {
  const main = document.getElementById("main");
  while (charts.length) charts.pop().destroy();
  main.replaceChildren();
  document.documentElement.lang = lang === "zh" ? "zh" : "en";
  document.getElementById("home").textContent = tr("home");
  document.getElementById("print").textContent = tr("print");
  document.getElementById("logout").textContent = tr("logout");
  document.getElementById("lang").textContent = tr("lang");
  const hash = location.hash.replace(/^#\/?/, "");
  const [kind, id] = hash.split("/");
  try {
    const me = await api("me");
    document.getElementById("who").textContent = `${me.name} · ${roleName(me.role)}`;
    if (kind === "group" && /^\d+$/.test(id)) await groupPage(main, id, me);
    else if (kind === "member" && /^\d+$/.test(id)) await memberPage(main, id);
    else await orgPage(main, me);
    document.body.dataset.ready = hash || "org";
  } catch (error) {
    main.replaceChildren(el("p", { class: "card bad", id: "error" }, tr("error") + error.message));
    document.body.dataset.ready = "error";
  }
}

window.addEventListener("DOMContentLoaded", () => {
  if (window.Chart && window.Chart.defaults) window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  document.getElementById("lang").addEventListener("click", () => { lang = lang === "zh" ? "en" : "zh"; localStorage.setItem("trainer.lang", lang); delete document.body.dataset.ready; route(); });
  document.getElementById("print").addEventListener("click", () => window.print());
  document.getElementById("logout").addEventListener("click", async () => {
    await fetch("/dashboard/logout", { method: "POST", credentials: "same-origin" });
    location.reload();
  });
  window.addEventListener("hashchange", () => { delete document.body.dataset.ready; route(); });
  route();
});
