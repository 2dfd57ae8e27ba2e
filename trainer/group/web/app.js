// The players' page of a group session: plain JavaScript, no build step, no CDN.
// It speaks the same versioned protocol as `trainer join` over a WebSocket on the page's own
// host and port. Every text from the server (names, prompts, answers) goes in with
// textContent, never innerHTML. The seat token is kept in localStorage, so reloading the tab
// (what a locked phone does) gets the same seat and score back.
"use strict";

const PROTOCOL_VERSION = 1;
const SEAT_KEY = "trainer-group-seat";
const LANG_KEY = "trainer-group-lang";
// the language button names the other language in that language (an endonym, not a message)
const OTHER_LANGUAGE = { zh: "English", en: "中文" };

let messages = {};
let lang = localStorage.getItem(LANG_KEY) || ((navigator.language || "zh").toLowerCase().startsWith("zh") ? "zh" : "en");
let socket = null;
let seat = loadSeat();
let wanted = false;        // we want to be connected (joined once and not kicked/ended)
let retries = 0;
let question = null;       // the open question message
let deadline = null;       // performance.now() ms when the time is up
let pausedLeft = null;
let lastView = "join";
let lastReveal = null;
let lastEnd = null;
let lobbyCount = 0;

const $ = (id) => document.getElementById(id);

function t(key, values) {
  const pair = messages[key];
  let text = pair ? pair[lang === "en" ? 1 : 0] : key;
  for (const [name, value] of Object.entries(values || {})) {
    text = text.split("{" + name + "}").join(String(value));
  }
  return text;
}

function loadSeat() {
  try {
    const data = JSON.parse(localStorage.getItem(SEAT_KEY) || "null");
    return data && typeof data.token === "string" ? data : null;
  } catch (error) {
    return null;
  }
}

function saveSeat() {
  if (seat) localStorage.setItem(SEAT_KEY, JSON.stringify(seat));
}

function show(view) {
  lastView = view;
  for (const name of ["join", "wait", "question", "reveal", "end"]) {
    $("view-" + name).hidden = name !== view;
  }
}

function status(text) {
  $("status").textContent = text || "";
}

function translateStatic() {
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  document.title = t("group.web.title");
  $("title").textContent = t("group.web.title");
  $("lang").textContent = OTHER_LANGUAGE[lang === "en" ? "en" : "zh"];
  for (const node of document.querySelectorAll("[data-t]")) {
    node.textContent = t(node.getAttribute("data-t"));
  }
}

function rerender() {
  translateStatic();
  if (lastView === "wait") renderWait();
  if (lastView === "question" && question) renderQuestion(question, true);
  if (lastView === "reveal" && lastReveal) renderReveal(lastReveal);
  if (lastView === "end" && lastEnd) renderEnd(lastEnd);
}

// ------------------------------------------------------------------ connection

function connect() {
  const pin = $("pin").value.trim();
  const name = $("name").value.trim();
  if (!/^[0-9]{6}$/.test(pin)) { status(t("group.error.bad_pin")); $("pin").focus(); return; }
  if (!name) { $("name").focus(); return; }
  wanted = true;
  open(pin, name);
}

function open(pin, name) {
  status(t("group.web.connecting"));
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const ws = new WebSocket(scheme + location.host + "/");
  socket = ws;
  ws.onopen = () => {
    const hello = { v: PROTOCOL_VERSION, type: "hello", name: name, pin: pin, client: "web" };
    if (seat && seat.pin === pin && seat.name === name) hello.token = seat.token;
    ws.send(JSON.stringify(hello));
  };
  ws.onmessage = (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch (error) { return; }
    if (!data || data.v !== PROTOCOL_VERSION || typeof data.type !== "string") return;
    handle(data, pin, name);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (!wanted) return;
    retries += 1;
    if (retries > 8) { status(t("group.error.closed")); show("join"); wanted = false; return; }
    status(t("group.web.lost"));
    setTimeout(() => { if (wanted && !socket) open(pin, name); }, Math.min(500 * retries, 4000));
  };
}

function send(data) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(Object.assign({ v: PROTOCOL_VERSION }, data)));
    return true;
  }
  return false;
}

function handle(data, pin, name) {
  switch (data.type) {
    case "welcome":
      retries = 0;
      seat = { pin: pin, name: name, token: data.token, shown: data.name };
      saveSeat();
      $("me").textContent = data.name + " · " + data.score;
      status("");
      if (data.phase === "lobby") { show("wait"); renderWait(); }
      break;
    case "refused":
      wanted = false;
      if (data.code === "name_taken" && seat && seat.pin === pin && seat.name === name) {
        // our old token was rotated away or the seat was freed: forget it (unless another
        // tab has saved a newer one meanwhile)
        const stored = loadSeat();
        if (stored && stored.token === seat.token) localStorage.removeItem(SEAT_KEY);
        seat = null;
      }
      status(t("group.error." + data.code, { address: location.host }));
      show("join");
      break;
    case "lobby":
      lobbyCount = data.count || (data.players || []).length;
      show("wait"); renderWait();
      break;
    case "question":
      renderQuestion(data, false);
      break;
    case "ack":
      if (question && data.index === question.index) {
        if (data.accepted) answered(); else status(t("group.web.answer_refused", { reason: t("group.error." + data.reason) }));
      }
      break;
    case "paused":
      if (data.paused) { pausedLeft = data.remaining; }
      else { pausedLeft = null; deadline = performance.now() + 1000 * data.remaining; }
      tick();
      break;
    case "reveal":
      renderReveal(data);
      break;
    case "end":
      wanted = false;
      renderEnd(data);
      break;
    case "kicked":
      wanted = false;
      if (data.reason === "replaced") {  // the same seat opened in another tab or device
        status(t("group.web.replaced"));
        show("join");
        return;
      }
      seat = null; localStorage.removeItem(SEAT_KEY);
      status(t("group.web.kicked"));
      show("join");
      break;
    default:
      break;
  }
}

// ------------------------------------------------------------------ views

function renderWait() {
  $("wait-text").textContent = t("group.web.waiting");
  $("wait-count").textContent = lobbyCount ? t("group.web.players", { n: lobbyCount }) : "";
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function renderQuestion(data, again) {
  const firstTime = !question || question.index !== data.index;
  question = data;
  show("question");
  status("");
  const q = data.question || {};
  $("q-number").textContent = t("group.web.question", { n: data.index + 1, total: data.total });
  $("q-section").textContent = "";
  // a sentence with blanks is its own prompt
  $("q-prompt").textContent = q.input === "blanks" ? "" : (q.prompt || "");
  $("q-prompt").hidden = q.input === "blanks";
  if (!again) {
    pausedLeft = data.paused ? data.remaining : null;
    deadline = performance.now() + 1000 * (typeof data.remaining === "number" ? data.remaining : data.time_limit);
  }
  const box = $("q-input");
  if (data.answered || (question.sent && !firstTime)) {
    box.replaceChildren();
    answered();
    return;
  }
  if (again && box.childElementCount) return;  // keep what was typed (language switch)
  $("q-sent").hidden = true;
  box.replaceChildren(buildInput(q, data.index));
  tick();
  const first = box.querySelector("input, textarea");
  if (first) first.focus();
}

function answered() {
  if (question) question.sent = true;
  $("q-input").replaceChildren();
  const sent = $("q-sent");
  sent.textContent = t("group.web.received");
  if (question && question.mine !== undefined) {
    sent.appendChild(el("div", t("group.web.your_answer", { answer: question.mine }), "muted"));
  }
  sent.hidden = false;
}

function submit(index, answer) {
  if (!question || question.index !== index) return;
  question.mine = Array.isArray(answer) ? answer.join("；") : answer;
  if (!send({ type: "answer", index: index, answer: answer })) status(t("group.web.lost"));
}

// Enter submits, except while an IME is composing (the Enter then commits the characters).
function onEnter(input, action) {
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      action();
    }
  });
}

function textInput(label) {
  const input = el("input");
  input.type = "text";
  input.maxLength = 400;
  input.setAttribute("enterkeyhint", "send");
  input.setAttribute("autocomplete", "off");
  input.setAttribute("autocapitalize", "off");
  if (label) input.setAttribute("aria-label", label);
  return input;
}

function submitButton(action) {
  const button = el("button", t("group.web.submit"), "primary");
  button.type = "button";
  button.addEventListener("click", action);
  return button;
}

// The server says how each question is answered (q.input, one of a few kinds) and sends
// what that kind needs; the page knows these kinds, not the question types.
function buildInput(q, index) {
  const wrap = el("div");
  if (q.input === "pick") {
    const choices = Array.isArray(q.choices) ? q.choices.slice(0, 16) : [];
    // choices the page words itself (true / false) are big buttons side by side
    const worded = choices.length > 0 && choices.every((c) => c && typeof c.key === "string");
    const options = el("div", null, worded ? "options tf" : "options");
    const picked = new Set();
    choices.forEach((choice, i) => {
      const value = String(choice.value ?? "");
      const button = el("button", worded ? t("group." + choice.key) : undefined);
      button.type = "button";
      if (!worded) {
        if (choice.mark) button.appendChild(el("span", choice.mark, "letter"));
        button.appendChild(el("span", choice.text ?? ""));
      }
      button.addEventListener("click", () => {
        if (!q.multiple) { submit(index, value); return; }
        if (picked.has(i)) picked.delete(i); else picked.add(i);
        button.classList.toggle("picked", picked.has(i));
      });
      options.appendChild(button);
    });
    wrap.appendChild(options);
    if (q.multiple) {
      wrap.appendChild(el("p", t("group.web.multiple_help"), "muted"));
      wrap.appendChild(submitButton(() => {
        if (picked.size) submit(index, [...picked].sort().map((i) => String(choices[i].value ?? "")).join(""));
      }));
    }
  } else if (q.input === "blanks") {
    const line = el("div", null, "cloze");
    const blanks = [];
    for (const part of q.segments || []) {
      if (typeof part === "string") { line.appendChild(document.createTextNode(part)); continue; }
      const input = textInput(t("group.web.blank", { n: blanks.length + 1 }));
      blanks.push(input);
      line.appendChild(input);
    }
    const go = () => submit(index, blanks.map((b) => b.value.trim()));
    blanks.forEach((input, i) => onEnter(input, () => (i + 1 < blanks.length ? blanks[i + 1].focus() : go())));
    wrap.appendChild(line);
    wrap.appendChild(submitButton(go));
  } else if (q.input === "parts") {
    const parts = el("div", null, "parts");
    const inputs = [];
    for (let i = 0; i < Math.min(q.count || 1, 64); i += 1) {
      const input = textInput(t("group.web.item", { n: i + 1 }));
      input.placeholder = t("group.web.item", { n: i + 1 });
      inputs.push(input);
      parts.appendChild(input);
    }
    const go = () => submit(index, inputs.map((b) => b.value.trim()));
    inputs.forEach((input, i) => onEnter(input, () => (i + 1 < inputs.length ? inputs[i + 1].focus() : go())));
    wrap.appendChild(parts);
    wrap.appendChild(submitButton(go));
  } else if (q.input === "sequence") {
    wrap.appendChild(el("p", t("group.web.order_help"), "muted"));
    const chosen = el("div", null, "chosen");
    const options = el("div", null, "options");
    const order = [];
    const buttons = [];
    (q.items || []).forEach((item) => {
      const button = el("button", item);
      button.type = "button";
      button.addEventListener("click", () => {
        order.push(item);
        button.disabled = true;
        chosen.appendChild(el("span", order.length + ". " + item));
        if (order.length === (q.items || []).length) submit(index, order.slice());
      });
      buttons.push(button);
      options.appendChild(button);
    });
    const reset = el("button", t("group.web.order_reset"), "small");
    reset.type = "button";
    reset.addEventListener("click", () => {
      order.length = 0;
      chosen.replaceChildren();
      buttons.forEach((b) => { b.disabled = false; });
    });
    wrap.appendChild(chosen);
    wrap.appendChild(options);
    wrap.appendChild(reset);
  } else {
    // "text" (and any kind this page does not know): one box, a unit shown next to it
    const input = textInput(q.prompt);
    if (q.numeric) input.setAttribute("inputmode", "decimal");
    const go = () => { if (input.value.trim()) submit(index, input.value.trim()); };
    onEnter(input, go);
    wrap.appendChild(input);
    if (q.unit) wrap.appendChild(el("p", q.unit, "muted"));
    wrap.appendChild(submitButton(go));
  }
  return wrap;
}

// The right answer as the server words it (text), or a word of the page's catalog (key).
function rightAnswer(shown) {
  if (!shown) return "";
  if (shown.text) return String(shown.text);
  return shown.key ? t("group." + shown.key) : "";
}

function leaderboard(list, rows) {
  list.replaceChildren();
  for (const row of rows || []) {
    const item = el("li", row.name + " · " + row.score);
    item.value = row.rank;
    if (seat && row.name === seat.shown) item.className = "me";
    list.appendChild(item);
  }
}

function renderReveal(data) {
  lastReveal = data;
  question = null;
  deadline = null;
  show("reveal");
  status("");
  const result = data.result || {};
  const full = (data.question || {}).data || {};
  const verdict = result.asked === false ? "none" : String(result.verdict || "none");
  $("r-verdict").textContent = result.asked === false ? t("group.web.not_asked") : t("group.verdict." + verdict);
  $("r-verdict").className = "verdict " + verdict;
  let points = t("group.web.points", { points: result.points || 0 });
  if (result.streak_bonus) points += "  " + t("group.web.streak", { bonus: result.streak_bonus });
  $("r-points").textContent = points;
  $("r-rank").textContent = t("group.web.rank", { rank: result.rank || 0, players: result.players || 0, score: result.total_score || 0 });
  $("r-answer").textContent = rightAnswer((data.question || {}).answer);
  const mine = result.answer;
  $("r-yours").textContent = mine === null || mine === undefined ? "" : t("group.web.your_answer", { answer: Array.isArray(mine) ? mine.join("；") : mine });
  $("r-source").textContent = full.source || "";
  $("r-source-title").hidden = !full.source;
  $("r-explanation").textContent = full.explanation || "";
  $("r-explanation-title").hidden = !full.explanation;
  leaderboard($("r-board"), data.leaderboard);
  if (seat) $("me").textContent = seat.shown + " · " + (result.total_score || 0);
}

function renderEnd(data) {
  lastEnd = data;
  question = null;
  deadline = null;
  show("end");
  $("e-rank").textContent = t("group.web.rank", { rank: data.rank || 0, players: data.players || 0, score: data.score || 0 });
  leaderboard($("e-board"), data.leaderboard);
}

function tick() {
  const clock = $("q-clock");
  if (lastView !== "question" || deadline === null) { clock.textContent = ""; return; }
  const left = pausedLeft !== null ? pausedLeft : Math.max(0, (deadline - performance.now()) / 1000);
  clock.textContent = pausedLeft !== null ? t("group.web.paused") : t("group.web.seconds", { s: Math.ceil(left) });
}

// ------------------------------------------------------------------ start

async function start() {
  try {
    const response = await fetch("/messages.json", { cache: "no-store" });
    messages = await response.json();
  } catch (error) {
    messages = {};
  }
  translateStatic();
  const fromLink = new URLSearchParams(location.hash.slice(1)).get("pin");
  if (fromLink && /^[0-9]{6}$/.test(fromLink)) $("pin").value = fromLink;
  if (seat) {
    if (!$("pin").value) $("pin").value = seat.pin;
    $("name").value = seat.name;
  }
  $("join-form").addEventListener("submit", (event) => { event.preventDefault(); connect(); });
  $("lang").addEventListener("click", () => {
    lang = lang === "en" ? "zh" : "en";
    localStorage.setItem(LANG_KEY, lang);
    rerender();
  });
  setInterval(tick, 250);
  document.body.dataset.ready = "1";
  // back after a reload (a locked phone, a refreshed tab): rejoin the same seat at once
  if (seat && seat.pin === $("pin").value) {
    wanted = true;
    open(seat.pin, seat.name);
  } else {
    ($("pin").value ? $("name") : $("pin")).focus();
  }
}

start();
