// How Telegram draws a message: text with entities, rich-message blocks, photos, contacts, inline keyboards.
// Pure DOM building; what a click does is the caller's (app.js), through the `act` callbacks.

const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
  return el;
};
export { h };

/** Media a message refers to (file_id or address): the stand serves it, or a placeholder for an address. */
export const mediaUrl = (ref) => `/media?ref=${encodeURIComponent(ref)}`;

function link(href, act) {
  const a = h("a", { href, target: "_blank", rel: "noopener noreferrer" });
  a.addEventListener("click", (e) => {
    if (act.openLink(href)) e.preventDefault();
  });
  return a;
}

function spoiler() {
  const s = h("span", { class: "spoiler", title: "Спойлер: нажмите, чтобы показать" });
  s.addEventListener("click", () => s.classList.add("shown"));
  return s;
}

function expandable() {
  const q = h("blockquote", { class: "expandable", title: "Нажмите, чтобы развернуть" });
  q.addEventListener("click", () => q.classList.toggle("open"));
  return q;
}

function entityElement(e, slice, act) {
  switch (e.type) {
    case "bold": return h("strong");
    case "italic": return h("em");
    case "underline": return h("u");
    case "strikethrough": return h("s");
    case "spoiler": return spoiler();
    case "code": return h("code");
    case "pre": return h("pre", { "data-language": e.language });
    case "blockquote": return h("blockquote");
    case "expandable_blockquote": return expandable();
    case "text_link": return link(e.url, act);
    case "url": return link(/^[a-z]+:\/\//i.test(slice) ? slice : `https://${slice}`, act);
    case "email": return link(`mailto:${slice}`, act);
    case "phone_number": return link(`tel:${slice}`, act);
    case "mention": return link(`https://t.me/${slice.slice(1)}`, act);
    case "text_mention": return h("a", { href: "#", class: "mention" });
    case "bot_command": {
      const s = h("span", { class: "bot-command", title: "Отправить команду" });
      s.addEventListener("click", () => act.command(slice));
      return s;
    }
    case "hashtag":
    case "cashtag": return h("span", { class: "hashtag" });
    default: return h("span", { "data-entity": e.type });
  }
}

const BLOCK_TAGS = new Set(["PRE", "BLOCKQUOTE"]);
const NO_AUTOLINK = new Set(["A", "CODE", "PRE"]);
const AUTO_LINK = /(https?:\/\/[^\s<>"«»]+[^\s<>"«».,;:!?)\]])|(@[A-Za-z][A-Za-z0-9_]{3,31}\b)/g;

/** Plain text as Telegram shows it: addresses and @usernames become links even without an entity. */
function plain(text, act, autolink) {
  if (!autolink) return document.createTextNode(text);
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(AUTO_LINK)) {
    if (m.index > last) frag.append(text.slice(last, m.index));
    const a = link(m[1] ? m[0] : `https://t.me/${m[0].slice(1)}`, act);
    a.textContent = m[0];
    frag.append(a);
    last = m.index + m[0].length;
  }
  if (last < text.length) frag.append(text.slice(last));
  return frag;
}

/** Text + MessageEntity[] (UTF-16 offsets, nested as Telegram nests them) → DOM. */
export function renderEntities(text, entities = [], act) {
  const sorted = [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const build = (start, end, list, autolink) => {
    const frag = document.createDocumentFragment();
    let pos = start;
    let i = 0;
    // A quote or a code block is a block: the line break next to it is its edge, not an empty line.
    const pushText = (from, to, beforeBlock) => {
      let t = text.slice(from, to);
      if (beforeBlock && t.endsWith("\n")) t = t.slice(0, -1);
      if (frag.lastChild && BLOCK_TAGS.has(frag.lastChild.tagName) && t.startsWith("\n")) t = t.slice(1);
      if (t) frag.append(plain(t, act, autolink));
    };
    while (i < list.length) {
      const e = list[i];
      if (e.offset < pos) { i++; continue; }
      const el = entityElement(e, text.slice(e.offset, Math.min(e.offset + e.length, end)), act);
      if (e.offset > pos) pushText(pos, e.offset, BLOCK_TAGS.has(el.tagName));
      const eEnd = Math.min(e.offset + e.length, end);
      const inner = [];
      let j = i + 1;
      while (j < list.length && list[j].offset < eEnd) {
        if (list[j].offset + list[j].length <= eEnd) inner.push(list[j]);
        j++;
      }
      const target = el.tagName === "PRE" ? el.appendChild(h("code")) : el;
      target.append(build(e.offset, eEnd, inner, autolink && !NO_AUTOLINK.has(el.tagName)));
      frag.append(el);
      pos = eEnd;
      i = j;
    }
    if (pos < end) pushText(pos, end, false);
    return frag;
  };
  return build(0, text.length, sorted, true);
}

/** RichText (a string, an array, or a typed object) → DOM. */
export function renderRichText(t, act) {
  if (t === undefined || t === null) return document.createDocumentFragment();
  if (typeof t === "string") return document.createTextNode(t);
  if (Array.isArray(t)) {
    const frag = document.createDocumentFragment();
    for (const x of t) frag.append(renderRichText(x, act));
    return frag;
  }
  const inner = () => renderRichText(t.text, act);
  const wrap = (el) => (el.append(inner()), el);
  switch (t.type) {
    case "bold": return wrap(h("strong"));
    case "italic": return wrap(h("em"));
    case "underline": return wrap(h("u"));
    case "strikethrough": return wrap(h("s"));
    case "spoiler": return wrap(spoiler());
    case "subscript": return wrap(h("sub"));
    case "superscript": return wrap(h("sup"));
    case "marked": return wrap(h("mark"));
    case "code": return wrap(h("code"));
    case "url": return wrap(link(t.url, act));
    case "email_address": return wrap(link(`mailto:${t.email_address}`, act));
    case "phone_number": return wrap(link(`tel:${t.phone_number}`, act));
    case "mention": return wrap(link(`https://t.me/${t.username}`, act));
    case "anchor_link": return wrap(h("a", { href: `#${t.anchor_name}` }));
    case "bot_command": {
      const s = wrap(h("span", { class: "bot-command" }));
      s.addEventListener("click", () => act.command(t.bot_command));
      return s;
    }
    case "custom_emoji": return document.createTextNode(t.alternative_text ?? "");
    case "mathematical_expression": return h("code", { text: t.expression });
    case "button": return renderButton(t.button, act);
    case "anchor":
    case "reference": return t.text !== undefined ? inner() : document.createDocumentFragment();
    default: return t.text !== undefined ? inner() : document.createDocumentFragment();
  }
}

function caption(c, act) {
  if (!c) return undefined;
  return h("figcaption", {}, renderRichText(c.text, act), c.credit ? h("span", { class: "credit" }, " — ", renderRichText(c.credit, act)) : undefined);
}

function mediaBlock(b, act) {
  const field = { photo: "photo", video: "video", animation: "animation", document: "document", audio: "audio", voice_note: "voice_note" }[b.type];
  const media = b[field]?.media;
  const ref = typeof media === "string" ? media.replace(/^tg:\/\/\w+\?id=/, "") : "";
  const body = b.type === "photo" || b.type === "animation" || b.type === "video"
    ? h("img", { src: mediaUrl(ref), alt: b.caption ? "" : "Фото", loading: "lazy" })
    : h("p", { text: `📎 ${b.type}` });
  return h("figure", {}, body, caption(b.caption, act));
}

/** Rich-message blocks → DOM (headings, paragraphs, lists, tables, quotes, media, buttons). */
export function renderBlocks(blocks = [], act) {
  const frag = document.createDocumentFragment();
  for (const b of blocks) frag.append(renderBlock(b, act));
  return frag;
}

function renderBlock(b, act) {
  const rt = (t) => renderRichText(t, act);
  switch (b.type) {
    case "heading": return h(`h${Math.min(6, 2 + (b.size ?? 1))}`, {}, rt(b.text));
    case "paragraph": return h("p", {}, rt(b.text));
    case "footer": return h("p", { class: "footer" }, rt(b.text));
    case "pre": return h("pre", {}, h("code", {}, rt(b.text)));
    case "divider": return h("hr");
    case "list": {
      const ordered = b.items?.some((i) => i.type && i.type !== "•") || b.ordered;
      return h(ordered ? "ol" : "ul", {}, (b.items ?? []).map((i) => h("li", {}, renderBlocks(i.blocks, act))));
    }
    case "blockquote": return h("blockquote", {}, renderBlocks(b.blocks, act), b.credit ? h("footer", {}, "— ", rt(b.credit)) : undefined);
    case "expandable_blockquote": {
      const q = expandable();
      q.append(rt(b.text));
      return q;
    }
    case "pullquote": return h("blockquote", { class: "pullquote" }, rt(b.text));
    case "photo": case "video": case "animation": case "document": case "audio": case "voice_note": return mediaBlock(b, act);
    case "collage": case "slideshow": return h("div", { class: "collage" }, renderBlocks(b.blocks, act), caption(b.caption, act));
    case "table": {
      const rows = (b.cells ?? []).map((row) => h("tr", {}, row.map((c) =>
        h(c.is_header ? "th" : "td", { colspan: c.colspan > 1 ? c.colspan : undefined, rowspan: c.rowspan > 1 ? c.rowspan : undefined, style: `text-align:${c.align ?? "left"}` }, rt(c.text)))));
      return h("table", {}, b.caption ? h("caption", {}, rt(b.caption)) : undefined, h("tbody", {}, rows));
    }
    case "details": return h("details", {}, h("summary", {}, rt(b.summary)), renderBlocks(b.blocks, act));
    case "buttons": return h("div", { class: "ikb-row rich-buttons" }, (b.buttons ?? []).map((btn) => renderButton(btn, act)));
    case "map": return h("p", { text: `🗺 ${b.location?.latitude}, ${b.location?.longitude}` });
    case "anchor": return h("a", { id: b.name });
    default: return document.createDocumentFragment();
  }
}

/** One inline button: a link for URL buttons (new tab, or the deep link into the reader's chat), else a button. */
export function renderButton(btn, act) {
  const text = typeof btn.text === "string" ? btn.text : "";
  if (btn.url) {
    const a = link(btn.url, act);
    a.textContent = text;
    return a;
  }
  const b = h("button", { type: "button" });
  b.append(typeof btn.text === "string" ? btn.text : renderRichText(btn.text, act));
  b.addEventListener("click", () => act.button(btn));
  return b;
}

export function renderInlineKeyboard(markup, act) {
  const rows = markup?.inline_keyboard;
  if (!Array.isArray(rows) || rows.length === 0) return undefined;
  return h("div", { class: "ikb" }, rows.map((row) => h("div", { class: "ikb-row" }, row.map((btn) => renderButton(btn, act)))));
}

const time = (unix) => new Date(unix * 1000).toLocaleTimeString("ru-RU", { hour: "2-digit", minute: "2-digit" });

/** One message → an <article data-from="bot|user">, its buttons inside it. */
export function renderMessage(msg, from, act) {
  const rich = !!msg.rich_message;
  const art = h("article", { class: `msg${rich ? " rich" : ""}`, "data-from": from, "data-message-id": msg.message_id, "aria-label": from === "bot" ? "Сообщение бота" : "Ваше сообщение" });
  if (msg.via_bot) art.append(h("div", { class: "via", text: `через @${msg.via_bot.username}` }));
  if (msg.photo?.length) {
    const big = msg.photo[msg.photo.length - 1];
    art.append(h("div", { class: "photo" }, h("img", { src: mediaUrl(big.file_id), alt: "Фото" })));
  }
  if (rich) art.append(h("div", { class: "rich" }, renderBlocks(msg.rich_message.blocks, act)));
  if (typeof msg.text === "string") art.append(h("div", { class: "text" }, renderEntities(msg.text, msg.entities, act)));
  if (typeof msg.caption === "string") art.append(h("div", { class: "text" }, renderEntities(msg.caption, msg.caption_entities, act)));
  if (msg.contact) {
    const c = msg.contact;
    art.append(h("div", { class: "contact" }, h("span", { class: "avatar", "aria-hidden": "true", text: (c.first_name ?? "?").slice(0, 1) }),
      h("div", {}, h("strong", { text: [c.first_name, c.last_name].filter(Boolean).join(" ") }), h("div", { text: c.phone_number }))));
  }
  if (msg.document) art.append(h("div", { class: "text", text: `📎 ${msg.document.file_name ?? "файл"}` }));
  const kb = renderInlineKeyboard(msg.reply_markup, act);
  if (kb) art.append(kb);
  art.append(h("div", { class: "meta" }, msg.edit_date ? h("span", { class: "edited", text: "изменено" }) : undefined, h("time", { text: time(msg.edit_date ?? msg.date) })));
  return art;
}
