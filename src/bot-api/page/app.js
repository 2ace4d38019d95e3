// The page of the embedded Telegram: three chats and the calls panel, live over Server-Sent Events.
import { h, renderMessage } from "./render.js";

const CHATS = ["channel", "reader", "admin"];
const view = {
  bot: { username: "", name: "" },
  cast: null,
  chats: Object.fromEntries(CHATS.map((key) => {
    const section = document.querySelector(`section[data-chat="${key}"]`);
    return [key, { key, id: 0, section, list: section.querySelector('[data-role="messages"]'), els: new Map(), menu: [] }];
  })),
  callsList: document.querySelector('[data-role="calls"]'),
  callsCount: document.querySelector('[data-role="count"]'),
  callEls: new Map(),
  inline: { queryId: "", query: "", results: [] },
};

const post = async (path, body = {}) => {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) toast(data.error ?? `Ошибка ${res.status}`);
  return data;
};

let toastTimer;
function toast(text) {
  const el = document.querySelector(".toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (el.hidden = true), 3500);
}

const chatByTelegramId = (id) => CHATS.map((k) => view.chats[k]).find((c) => c.id === id);

/** What a click inside a message does (links, callback buttons, commands), for the chat it is in. */
function actionsFor(chat, msg) {
  return {
    openLink(href) {
      const start = deepLinkStart(href);
      if (start === undefined) return false;
      selectTab("reader");
      void post("/api/send", { chat: "reader", text: start ? `/start ${start}` : "/start" });
      return true;
    },
    button(btn) {
      if (btn.callback_data !== undefined) {
        const presser = chat.key === "admin" ? "admin" : "reader";
        void post("/api/press", { chat: presser, chatId: chat.id, messageId: msg.message_id, data: btn.callback_data });
      } else if (btn.switch_inline_query_current_chat !== undefined || btn.switch_inline_query !== undefined) {
        const q = btn.switch_inline_query_current_chat ?? btn.switch_inline_query ?? "";
        selectTab("reader");
        const input = inputOf(view.chats.reader);
        input.value = `@${view.bot.username} ${q}`;
        input.focus();
        onInput(view.chats.reader);
      } else if (btn.copy_text) {
        void navigator.clipboard?.writeText(btn.copy_text.text);
        toast("Скопировано");
      } else {
        toast("Эта кнопка в демо не работает");
      }
    },
    command(cmd) {
      if (chat.key === "channel") return;
      void post("/api/send", { chat: chat.key, text: cmd });
    },
  };
}

/** `t.me/<demo bot>?start=<payload>` (or tg://resolve) → the payload ("" for a bare /start); other links → undefined. */
function deepLinkStart(href) {
  let url;
  try { url = new URL(href, location.href); } catch { return undefined; }
  const bot = view.bot.username.toLowerCase();
  if (url.protocol === "tg:" && url.searchParams.get("domain")?.toLowerCase() === bot) return url.searchParams.get("start") ?? "";
  const hosts = ["t.me", "telegram.me", "telegram.dog", "www.t.me"];
  if (!hosts.includes(url.hostname)) return undefined;
  if (url.pathname.replace(/^\/+|\/+$/g, "").toLowerCase() !== bot) return undefined;
  return url.searchParams.get("start") ?? "";
}

function fromOf(msg) {
  return msg.from && msg.from.is_bot === false ? "user" : "bot";
}

function placeEmpty(chat) {
  const empty = chat.list.querySelector(".empty");
  if (chat.els.size === 0 && !empty) {
    const text = chat.key === "channel" ? "Здесь появятся посты канала. Опубликуйте пост командой /publish в чате администратора." : "Чат пуст. Нажмите START или напишите сообщение.";
    chat.list.append(h("div", { class: "empty", text }));
  } else if (chat.els.size > 0 && empty) empty.remove();
  const start = chat.section.querySelector('[data-role="start"]');
  if (start) start.hidden = chat.els.size > 0;
}

function addMessage(chat, msg, fresh) {
  const el = renderMessage(msg, fromOf(msg), actionsFor(chat, msg));
  if (fresh) el.classList.add("fresh");
  const old = chat.els.get(msg.message_id);
  if (old) old.replaceWith(el);
  else chat.list.append(el);
  chat.els.set(msg.message_id, el);
  placeEmpty(chat);
  chat.list.scrollTop = chat.list.scrollHeight;
}

function removeMessages(chat, ids) {
  for (const id of ids) {
    chat.els.get(id)?.remove();
    chat.els.delete(id);
  }
  placeEmpty(chat);
}

const inputOf = (chat) => chat.section.querySelector('input[name="text"]');

function setKeyboard(chat, markup) {
  const box = chat.section.querySelector('[data-role="keyboard"]');
  if (!box) return;
  box.replaceChildren();
  const rows = markup?.keyboard;
  box.hidden = !Array.isArray(rows) || rows.length === 0;
  if (box.hidden) return;
  for (const row of rows) {
    box.append(h("div", { class: "kb-row" }, row.map((b) => {
      const button = typeof b === "string" ? { text: b } : b;
      return h("button", {
        type: "button",
        text: button.text,
        onclick: () => {
          if (button.request_contact) void post("/api/contact", { chat: chat.key });
          else void post("/api/send", { chat: chat.key, text: button.text, fromKeyboard: true });
        },
      });
    })));
  }
}

function setMenu(chat, menu) {
  chat.menu = Array.isArray(menu) ? menu : [];
  const btn = chat.section.querySelector('[data-role="menu-btn"]');
  if (btn) btn.hidden = chat.menu.length === 0;
}

function showSuggest(chat, items) {
  const box = chat.section.querySelector('[data-role="suggest"]');
  if (!box) return;
  box.replaceChildren(...items);
  box.hidden = items.length === 0;
}

function showMenu(chat, filter = "") {
  const items = chat.menu
    .filter((c) => `/${c.command}`.startsWith(filter))
    .map((c) => h("button", { type: "button", onclick: () => {
      showSuggest(chat, []);
      inputOf(chat).value = "";
      void post("/api/send", { chat: chat.key, text: `/${c.command}` });
    } }, h("span", { class: "cmd", text: `/${c.command}` }), h("span", { class: "desc", text: c.description })));
  showSuggest(chat, items);
}

function showInlineResults(results) {
  const chat = view.chats.reader;
  if (results.length === 0) {
    showSuggest(chat, [h("div", { class: "hint", text: "Ничего не найдено" })]);
    return;
  }
  showSuggest(chat, results.map((r) => h("button", { type: "button", onclick: () => {
    showSuggest(chat, []);
    inputOf(chat).value = "";
    void post("/api/inline-choose", { queryId: view.inline.queryId, resultId: r.id });
  } }, h("span", {}, h("div", { class: "result-title", text: r.title ?? r.id }), r.description ? h("div", { class: "desc", text: r.description }) : undefined))));
}

let inlineTimer;
function onInput(chat) {
  const value = inputOf(chat).value;
  const inline = chat.key === "reader" ? new RegExp(`^@${view.bot.username}\\s+(.*)$`, "is").exec(value) : null;
  clearTimeout(inlineTimer);
  if (inline) {
    const query = inline[1].trim();
    showSuggest(chat, [h("div", { class: "hint", text: "Поиск…" })]);
    inlineTimer = setTimeout(async () => {
      const { id } = await post("/api/inline", { query });
      if (id) view.inline = { queryId: id, query, results: [] };
    }, 250);
  } else if (value.startsWith("/") && !value.includes(" ")) showMenu(chat, value);
  else showSuggest(chat, []);
}

function wireComposer(chat) {
  const form = chat.section.querySelector('[data-role="composer"]');
  if (!form) return;
  const input = inputOf(chat);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (chat.key === "reader" && new RegExp(`^@${view.bot.username}\\s`, "i").test(text)) return; // inline mode: choose a result
    input.value = "";
    showSuggest(chat, []);
    void post("/api/send", { chat: chat.key, text });
  });
  input.addEventListener("input", () => onInput(chat));
  chat.section.querySelector('[data-role="start"]').addEventListener("click", () => void post("/api/send", { chat: chat.key, text: "/start" }));
  const menuBtn = chat.section.querySelector('[data-role="menu-btn"]');
  menuBtn.addEventListener("click", () => {
    const box = chat.section.querySelector('[data-role="suggest"]');
    const open = !box.hidden;
    menuBtn.setAttribute("aria-expanded", String(!open));
    if (open) showSuggest(chat, []);
    else showMenu(chat);
  });
}

// ——— the calls panel

function callStatus(c) {
  if (c.outcome === "dropped") return { cls: "dropped", label: "нет сети" };
  if (!c.answer) return { cls: "held", label: "без ответа" };
  if (c.answer.ok) return { cls: "ok", label: "200 OK" };
  return { cls: c.outcome === "rejected" ? "refused" : "failed", label: `${c.answer.error_code}` };
}

function renderCall(c) {
  const st = callStatus(c);
  const time = new Date(c.at).toLocaleTimeString("ru-RU");
  const li = h("li", { class: `call ${st.cls}` });
  const details = h("details", {},
    h("summary", {}, h("span", { class: "method", text: c.method }), h("span", { class: "time", text: time }), h("span", { class: "status", text: st.label })),
    h("div", { class: "label", text: "Параметры" }),
    h("pre", { text: JSON.stringify(c.payload, null, 2) + (c.uploads ? `\n\nфайлы: ${JSON.stringify(c.uploads)}` : "") }),
    h("div", { class: "label", text: "Ответ" }),
    h("pre", { text: c.answer ? JSON.stringify(c.answer, null, 2) : st.label }));
  li.append(details);
  if (c.answer && !c.answer.ok) li.append(h("div", { class: "why", text: c.answer.description }));
  else if (c.outcome === "dropped") li.append(h("div", { class: "why", text: "сеть: соединение разорвано, ответа нет" }));
  return li;
}

function addCall(c) {
  const el = renderCall(c);
  const old = view.callEls.get(c.seq);
  if (old) old.replaceWith(el);
  else view.callsList.append(el);
  view.callEls.set(c.seq, el);
  while (view.callEls.size > 300) {
    const [seq, first] = view.callEls.entries().next().value;
    first.remove();
    view.callEls.delete(seq);
  }
  const refused = view.callsList.querySelectorAll(".call.refused").length;
  view.callsCount.textContent = `${view.callEls.size}${refused ? ` · отказов: ${refused}` : ""}`;
  view.callsList.scrollTop = view.callsList.scrollHeight;
}

// ——— events

function applySnapshot(s) {
  view.bot = s.bot;
  view.cast = s.cast;
  for (const key of CHATS) {
    const chat = view.chats[key];
    const data = s.chats[key];
    chat.id = data.id;
    chat.list.replaceChildren();
    chat.els.clear();
    for (const m of data.messages) addMessage(chat, m, false);
    placeEmpty(chat);
    setKeyboard(chat, data.keyboard);
    setMenu(chat, data.menu);
    showSuggest(chat, []);
  }
  view.chats.channel.section.querySelector('[data-role="subtitle"]').textContent = `${s.cast.channel.title} · то, что видят подписчики`;
  view.chats.reader.section.querySelector('[data-role="subtitle"]').textContent = `${s.cast.reader.name} ↔ @${s.bot.username}`;
  view.chats.admin.section.querySelector('[data-role="subtitle"]').textContent = `${s.cast.admin.name} (админ) ↔ @${s.bot.username}`;
  view.callsList.replaceChildren();
  view.callEls.clear();
  for (const c of s.calls) addCall(c);
  applySwitches(s.switches);
}

function applySwitches(sw) {
  document.getElementById("offline").checked = sw.offline;
  document.getElementById("rate-limit").checked = sw.rateLimited;
}

function onEvent(e) {
  const chat = e.chatId !== undefined ? chatByTelegramId(e.chatId) : undefined;
  switch (e.type) {
    case "snapshot": return applySnapshot(e);
    case "message": case "edited": return chat && addMessage(chat, e.message, true);
    case "deleted": return chat && removeMessages(chat, e.messageIds);
    case "keyboard": return chat && setKeyboard(chat, e.keyboard);
    case "menus": setMenu(view.chats.reader, e.menus.reader); setMenu(view.chats.admin, e.menus.admin); return;
    case "inline_results":
      if (e.queryId === view.inline.queryId) {
        view.inline.results = e.results;
        showInlineResults(e.results);
      }
      return;
    case "callback_answer": if (e.text) toast(e.text); return;
    case "call": return addCall(e.call);
    case "switches": return applySwitches(e);
  }
}

// ——— tabs (narrow screens), switches, reset

function selectTab(key) {
  for (const b of document.querySelectorAll(".tabs [role=tab]")) b.setAttribute("aria-selected", String(b.dataset.tab === key));
  for (const s of document.querySelectorAll(".board > section")) s.classList.toggle("active", s.dataset.chat === key);
}
for (const b of document.querySelectorAll(".tabs [role=tab]")) b.addEventListener("click", () => selectTab(b.dataset.tab));
selectTab("channel");

document.getElementById("offline").addEventListener("change", (e) => void post("/api/switches", { offline: e.target.checked }));
document.getElementById("rate-limit").addEventListener("change", (e) => void post("/api/switches", { rateLimited: e.target.checked }));
document.getElementById("reset").addEventListener("click", async (e) => {
  e.target.disabled = true;
  toast("Начинаем заново…");
  await post("/api/reset");
  e.target.disabled = false;
});

for (const key of ["reader", "admin"]) wireComposer(view.chats[key]);
for (const key of CHATS) placeEmpty(view.chats[key]);

const events = new EventSource("/events");
events.onmessage = (m) => onEvent(JSON.parse(m.data));
