import { describe, expect, it } from "vitest";
import { InputFile } from "grammy";
import {
  assertTelegramCall,
  checkTelegramCall,
  parseTelegramHtml,
  TelegramRuleViolation,
  utf16Len,
  utf8Len,
} from "../../src/bot-api/telegram-rules.js";

const CHAT = 42;
const html = (text: string, extra: Record<string, unknown> = {}) => ({ chat_id: CHAT, text, parse_mode: "HTML", ...extra });
const plain = (text: string, extra: Record<string, unknown> = {}) => ({ chat_id: CHAT, text, ...extra });
const EMOJI = "😀"; // outside the BMP: 2 UTF-16 units

describe("utf16Len / utf8Len", () => {
  it.each([
    ["abc", 3, 3],
    ["привет", 6, 12],
    [EMOJI, 2, 4],
    ["", 0, 0],
  ])("%j → %i UTF-16 units, %i bytes", (s, units, bytes) => {
    expect(utf16Len(s)).toBe(units);
    expect(utf8Len(s)).toBe(bytes);
  });
});

describe("classic HTML parse mode", () => {
  it.each([
    "<b>жирный</b> и <i>курсив</i>",
    "<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>",
    '<tg-spoiler>x</tg-spoiler> <span class="tg-spoiler">y</span>',
    '<a href="https://butlerspb.ru/blog/post/">пост</a>',
    '<a href="tg://user?id=123">user</a>',
    "<code>x = 1</code>",
    '<pre><code class="language-python">print(1)</code></pre>',
    "<pre>plain pre</pre>",
    "<blockquote>цитата</blockquote>",
    "<blockquote expandable>длинная цитата</blockquote>",
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    '<tg-time unix="1647531900" format="wDT">22:45</tg-time>',
    "1 &lt; 2 &amp;&amp; 3 &gt; 2, &quot;кавычки&quot; &#8212; &#x2014;",
    "<b>bold <i>italic <u>underline <tg-spoiler>spoiler</tg-spoiler></u></i></b>",
    '<b><a href="https://example.com">bold link</a></b>',
    "<blockquote><b>bold</b> <a href=\"https://example.com\">link</a></blockquote>",
    "<b>empty entity ok</b><i></i>",
    "<tg-time unix=1647531900 format=wDT>unquoted values of letters and digits</tg-time>",
  ])("valid: %s", (text) => {
    expect(checkTelegramCall("sendMessage", html(text))).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    [
      "<br>",
      "a<br>b",
      ["text: HTML: unsupported tag <br> at offset 1: Telegram answers 400 (allowed: b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji tg-time; use \\n instead of <br>)"],
    ],
    [
      "<br/>",
      "a<br/>b",
      ["text: HTML: unsupported tag <br> at offset 1: Telegram answers 400 (allowed: b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji tg-time; use \\n instead of <br>)"],
    ],
    [
      "<p>",
      "<p>абзац</p>",
      ["text: HTML: unsupported tag <p> at offset 0: Telegram answers 400 (allowed: b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji tg-time; use \\n instead of <br>)"],
    ],
    [
      "<h1>",
      "<h1>Заголовок</h1>",
      ["text: HTML: unsupported tag <h1> at offset 0: Telegram answers 400 (allowed: b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji tg-time; use \\n instead of <br>)"],
    ],
    ["raw 1 < 2", "1 < 2", ["text: HTML: raw '<' at offset 2 does not start a tag (Telegram answers 400): escape it as &lt;"]],
    ["raw <5", "цена <5 ₽", ["text: HTML: raw '<' at offset 5 does not start a tag (Telegram answers 400): escape it as &lt;"]],
    [
      "overlapping tags",
      "<b><i>x</b></i>",
      [
        "text: HTML: mismatched or overlapping tags: expected </i> but found </b> (Telegram answers 400)",
        "text: HTML: unexpected end tag </i> with no open tag (Telegram answers 400)",
      ],
    ],
    ["unclosed tag", "<b>x", ["text: HTML: unclosed tag <b> (Telegram answers 400)"]],
    ["stray end tag", "x</i>", ["text: HTML: unexpected end tag </i> with no open tag (Telegram answers 400)"]],
    ["unterminated tag", "x <b", ["text: HTML: unclosed tag <b at offset 2"]],
    [
      "&nbsp;",
      "a&nbsp;b",
      ["text: HTML: named entity &nbsp; is not supported by Telegram and is shown literally (use the character itself or &#NNN;)"],
    ],
    [
      "&mdash;",
      "a &mdash; b",
      ["text: HTML: named entity &mdash; is not supported by Telegram and is shown literally (use the character itself or &#NNN;)"],
    ],
    ["raw &", "Q&A", ["text: HTML: raw '&' at offset 1: escape it as &amp;"]],
    ["raw >", "a > b", ["text: HTML: raw '>' at offset 2: escape it as &gt;"]],
    [
      "relative href",
      '<a href="/blog/x/">x</a>',
      ['text: HTML: <a href>: URL "/blog/x/" is not absolute http(s):// or tg:// (Telegram drops or rejects it); Telegram drops the link silently'],
    ],
    [
      "anchor href",
      '<a href="#part">x</a>',
      ['text: HTML: <a href>: URL "#part" is not absolute http(s):// or tg:// (Telegram drops or rejects it); Telegram drops the link silently'],
    ],
    [
      "localhost href",
      '<a href="http://localhost/x">x</a>',
      ['text: HTML: <a href>: URL "http://localhost/x": host "localhost" is not a dotted domain (Telegram drops such links); Telegram drops the link silently'],
    ],
    [
      "javascript: href",
      '<a href="javascript:alert(1)">x</a>',
      ['text: HTML: <a href>: URL "javascript:alert(1)" is not absolute http(s):// or tg:// (Telegram drops or rejects it); Telegram drops the link silently'],
    ],
    [
      "unquoted attribute with '/'",
      "<a href=https://example.com/x>x</a>",
      [`text: HTML: unquoted value "https://example.com/x" of attribute href in <a> may contain only letters, digits, '.' and '-'; quote it`],
    ],
    ["span without class", "<span>x</span>", ['text: HTML: <span> must have class="tg-spoiler" (Telegram answers 400)']],
    [
      "code inside link",
      '<a href="https://example.com"><code>x</code></a>',
      ["entities: code [0, +1] and text_link [0, +1]: text_link may not contain code (Telegram drops one of them)"],
    ],
    [
      "link inside code",
      '<code>see <a href="https://example.com">x</a></code>',
      ["entities: text_link [4, +1] and code [0, +5]: code may not contain text_link (Telegram drops one of them)"],
    ],
    [
      // Bot API "Formatting options": bold, italic, … can contain any other entity "except pre and code".
      "code inside bold",
      "<b><code>bold code</code></b>",
      ["entities: code [0, +9] and bold [0, +9]: bold may not contain code (Telegram drops one of them)"],
    ],
    [
      "formatting inside pre",
      "<pre>a <b>b</b></pre>",
      ["entities: bold [2, +1] and pre [0, +3]: pre may not contain bold (Telegram drops one of them)"],
    ],
    [
      "blockquote in blockquote",
      "<blockquote>a <blockquote>b</blockquote></blockquote>",
      ["entities: blockquote [2, +1] and blockquote [0, +3]: blockquote may not contain blockquote (Telegram drops one of them)"],
    ],
    [
      "language on standalone code",
      '<code class="language-ts">x</code>',
      [`text: HTML: <code class="language-ts">: a language can't be set on a standalone <code> (ignored); wrap it in <pre>`],
    ],
    ["tg-emoji without id", "<tg-emoji>👍</tg-emoji>", ["text: HTML: <tg-emoji> needs a numeric emoji-id attribute"]],
    ["empty after parsing", "<b> </b>", ["text: is empty after parsing and trimming whitespace (Telegram: message text is empty)"]],
  ])("invalid: %s", (_name, text, expected) => {
    expect(checkTelegramCall("sendMessage", html(text))).toEqual(expected);
  });

  it("parses text and entities in UTF-16 units", () => {
    expect(parseTelegramHtml(`${EMOJI} <b>жир</b> &amp; <a href="https://example.com">ссылка</a>`)).toEqual({
      text: `${EMOJI} жир & ссылка`,
      entities: [
        { type: "bold", offset: 3, length: 3 },
        { type: "text_link", offset: 9, length: 6, url: "https://example.com" },
      ],
      problems: [],
    });
  });

  it("reads the pre language from <pre><code class>", () => {
    expect(parseTelegramHtml('<pre><code class="language-ts">let x</code></pre>').entities).toEqual([
      { type: "pre", offset: 0, length: 5, language: "ts" },
    ]);
  });
});

describe("text lengths (UTF-16 units, after parsing and trimming)", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["4096 Cyrillic letters", plain("я".repeat(4096)), []],
    ["4097 Cyrillic letters", plain("я".repeat(4097)), ["text: is 4097 UTF-16 units after parsing (limit 4096)"]],
    ["2048 emoji = 4096 units", plain(EMOJI.repeat(2048)), []],
    ["2048 emoji + 1 letter = 4097 units", plain(`${EMOJI.repeat(2048)}a`), ["text: is 4097 UTF-16 units after parsing (limit 4096)"]],
    ["trailing spaces and newlines are trimmed", plain(`${"x".repeat(4096)}   \n\n`), []],
    ["markup does not count", html(`<b>${"x".repeat(4096)}</b>`), []],
    ["&amp; counts as one", html("&amp;".repeat(4096)), []],
    ["&amp; over the limit", html("&amp;".repeat(4097)), ["text: is 4097 UTF-16 units after parsing (limit 4096)"]],
    ["empty", plain(""), ["text: is empty after parsing and trimming whitespace (Telegram: message text is empty)"]],
    ["whitespace only", plain(" \n\t "), ["text: is empty after parsing and trimming whitespace (Telegram: message text is empty)"]],
    ["missing", { chat_id: CHAT }, ["text: is required"]],
    [
      "raw text above 32768 bytes",
      html(`<b>${"я".repeat(2000)}</b>${"<i></i>".repeat(4200)}`),
      ["text: raw text is 33407 bytes; Telegram refuses more than 32768 before parsing"],
    ],
  ])("%s", (_name, payload, expected) => {
    expect(checkTelegramCall("sendMessage", payload)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["caption 1024", { chat_id: CHAT, photo: "https://example.com/a.jpg", caption: "я".repeat(1024) }, []],
    [
      "caption 1025",
      { chat_id: CHAT, photo: "https://example.com/a.jpg", caption: "я".repeat(1025) },
      ["caption: is 1025 UTF-16 units after parsing (limit 1024)"],
    ],
    ["caption markup not counted", { chat_id: CHAT, photo: "https://example.com/a.jpg", caption: `<b>${"я".repeat(1024)}</b>`, parse_mode: "HTML" }, []],
    ["empty caption is fine", { chat_id: CHAT, photo: "https://example.com/a.jpg", caption: "" }, []],
  ])("sendPhoto %s", (_name, payload, expected) => {
    expect(checkTelegramCall("sendPhoto", payload)).toEqual(expected);
  });

  it.each(["editMessageCaption", "copyMessage"])("%s caption limit is 1024", (method) => {
    const payload = { chat_id: CHAT, message_id: 5, ...(method === "copyMessage" ? { from_chat_id: CHAT } : {}), caption: "x".repeat(1025) };
    expect(checkTelegramCall(method, payload)).toEqual(["caption: is 1025 UTF-16 units after parsing (limit 1024)"]);
  });

  it("answerCallbackQuery text is at most 200", () => {
    expect(checkTelegramCall("answerCallbackQuery", { callback_query_id: "1", text: "я".repeat(200) })).toEqual([]);
    expect(checkTelegramCall("answerCallbackQuery", { callback_query_id: "1", text: "я".repeat(201) })).toEqual([
      "text: is 201 UTF-16 units; must be 0-200",
    ]);
  });
});

describe("entities mode", () => {
  it.each<[string, string, unknown[], string[]]>([
    ["valid bold + link", "Привет, мир", [{ type: "bold", offset: 0, length: 6 }, { type: "text_link", offset: 8, length: 3, url: "https://example.com" }], []],
    ["bold around a link", "abc", [{ type: "bold", offset: 0, length: 3 }, { type: "text_link", offset: 1, length: 1, url: "https://example.com" }], []],
    ["emoji counted as 2", `${EMOJI}x`, [{ type: "bold", offset: 2, length: 1 }], []],
    ["offset beyond the text", "abc", [{ type: "bold", offset: 2, length: 2 }], ["entities[0]: bold [2, +2] ends at 4, beyond the text (3 UTF-16 units)"]],
    ["negative offset", "abc", [{ type: "bold", offset: -1, length: 1 }], ["entities[0].offset: must be a non-negative integer (got -1)"]],
    ["zero length", "abc", [{ type: "italic", offset: 0, length: 0 }], ["entities[0].length: must be a positive integer (got 0)"]],
    ["fractional offset", "abc", [{ type: "bold", offset: 0.5, length: 1 }], ["entities[0].offset: must be a non-negative integer (got 0.5)"]],
    ["unknown type", "abc", [{ type: "marked", offset: 0, length: 1 }], ['entities[0].type: unknown entity type "marked"']],
    ["starts inside a surrogate pair", `a${EMOJI}b`, [{ type: "bold", offset: 2, length: 2 }], ["entities[0]: bold starts at 2, inside a surrogate pair"]],
    ["ends inside a surrogate pair", `a${EMOJI}b`, [{ type: "bold", offset: 0, length: 2 }], ["entities[0]: bold ends at 2, inside a surrogate pair"]],
    [
      "relative text_link",
      "abc",
      [{ type: "text_link", offset: 0, length: 3, url: "/blog/" }],
      ['entities[0].url: URL "/blog/" is not absolute http(s):// or tg:// (Telegram drops or rejects it)'],
    ],
    [
      "partial overlap",
      "abcdef",
      [{ type: "bold", offset: 0, length: 4 }, { type: "italic", offset: 2, length: 4 }],
      ["entities: bold [0, +4] and italic [2, +4] overlap partially (entities must nest)"],
    ],
    [
      "code inside text_link",
      "abcdef",
      [{ type: "text_link", offset: 0, length: 6, url: "https://example.com" }, { type: "code", offset: 1, length: 2 }],
      ["entities: text_link [0, +6] and code [1, +2]: text_link may not contain code (Telegram drops one of them)"],
    ],
    [
      "italic inside code",
      "abcdef",
      [{ type: "code", offset: 0, length: 6 }, { type: "italic", offset: 1, length: 2 }],
      ["entities: code [0, +6] and italic [1, +2]: code may not contain italic (Telegram drops one of them)"],
    ],
  ])("%s", (_name, text, entities, expected) => {
    expect(checkTelegramCall("sendMessage", plain(text, { entities }))).toEqual(expected);
  });

  it("entities together with parse_mode are ignored by Telegram", () => {
    expect(checkTelegramCall("sendMessage", html("<b>x</b>", { entities: [{ type: "bold", offset: 0, length: 1 }] }))).toEqual([
      "entities: is ignored by Telegram because parse_mode is set; send one or the other",
    ]);
  });

  it.each(["MarkdownV2", "Markdown"])("parse_mode %s is refused by project policy", (mode) => {
    expect(checkTelegramCall("sendMessage", plain("*x*", { parse_mode: mode }))).toEqual([
      `parse_mode: "${mode}" is not allowed by project policy: use "HTML" or explicit entities`,
    ]);
  });
});

describe("keyboards", () => {
  const withButtons = (rows: unknown[][], method = "sendMessage") =>
    checkTelegramCall(method, { chat_id: CHAT, text: "x", reply_markup: { inline_keyboard: rows } });

  it.each<[string, unknown[][], string[]]>([
    ["32 Cyrillic letters = 64 bytes", [[{ text: "a", callback_data: "я".repeat(32) }]], []],
    [
      "33 Cyrillic letters = 66 bytes",
      [[{ text: "a", callback_data: "я".repeat(33) }]],
      ["reply_markup.inline_keyboard[0][0].callback_data: is 66 bytes; must be 1-64"],
    ],
    ["64 ASCII bytes", [[{ text: "a", callback_data: "s:".padEnd(64, "x") }]], []],
    ["empty callback_data", [[{ text: "a", callback_data: "" }]], ["reply_markup.inline_keyboard[0][0].callback_data: is 0 bytes; must be 1-64"]],
    ["absolute URL", [[{ text: "a", url: "https://butlerspb.ru/blog/" }]], []],
    ["tg:// URL", [[{ text: "a", url: "tg://resolve?domain=butlerspb" }]], []],
    [
      "relative URL",
      [[{ text: "a", url: "/blog/" }]],
      ['reply_markup.inline_keyboard[0][0].url: URL "/blog/" is not absolute http(s):// or tg:// (Telegram drops or rejects it)'],
    ],
    [
      "scheme-less URL",
      [[{ text: "a", url: "butlerspb.ru/blog" }]],
      ['reply_markup.inline_keyboard[0][0].url: URL "butlerspb.ru/blog" is not absolute http(s):// or tg:// (Telegram drops or rejects it)'],
    ],
    [
      "two actions",
      [[{ text: "a", url: "https://example.com", callback_data: "x" }]],
      [
        "reply_markup.inline_keyboard[0][0]: must have exactly one action (url, callback_data, web_app, login_url, switch_inline_query, switch_inline_query_current_chat, switch_inline_query_chosen_chat, copy_text, callback_game, pay, disabled); has url + callback_data",
      ],
    ],
    [
      "no action",
      [[{ text: "a" }]],
      [
        "reply_markup.inline_keyboard[0][0]: must have exactly one action (url, callback_data, web_app, login_url, switch_inline_query, switch_inline_query_current_chat, switch_inline_query_chosen_chat, copy_text, callback_game, pay, disabled); has none",
      ],
    ],
    ["empty text", [[{ text: " ", callback_data: "x" }]], ["reply_markup.inline_keyboard[0][0].text: must be non-empty (Telegram drops buttons with empty text)"]],
    [
      "13 buttons in a row",
      [Array.from({ length: 13 }, (_, i) => ({ text: String(i), callback_data: String(i) }))],
      ["reply_markup.inline_keyboard[0]: has 13 buttons (limit 12 per row)"],
    ],
    [
      "301 buttons",
      Array.from({ length: 26 }, (_, r) => Array.from({ length: r < 25 ? 12 : 1 }, (_, i) => ({ text: "b", callback_data: `${r}:${i}` }))),
      ["reply_markup.inline_keyboard: has 301 buttons (limit 300)"],
    ],
  ])("inline keyboard: %s", (_name, rows, expected) => {
    expect(withButtons(rows)).toEqual(expected);
  });

  it("edit methods accept only inline keyboards", () => {
    const reply = { keyboard: [[{ text: "Поделиться", request_contact: true }]] };
    expect(checkTelegramCall("editMessageText", { chat_id: CHAT, message_id: 1, text: "x", reply_markup: reply })).toEqual([
      "reply_markup: only an inline keyboard (inline_keyboard) is accepted here",
    ]);
    expect(checkTelegramCall("editMessageReplyMarkup", { chat_id: CHAT, message_id: 1, reply_markup: reply })).toEqual([
      "reply_markup: only an inline keyboard (inline_keyboard) is accepted here",
    ]);
  });

  it("reply keyboards with request_contact are fine in private chats, not in groups", () => {
    const reply_markup = { keyboard: [[{ text: "Поделиться номером", request_contact: true }], ["Отмена"]], resize_keyboard: true, one_time_keyboard: true };
    expect(checkTelegramCall("sendMessage", { chat_id: CHAT, text: "x", reply_markup })).toEqual([]);
    expect(checkTelegramCall("sendMessage", { chat_id: -100123, text: "x", reply_markup })).toEqual([
      "reply_markup.keyboard[0][0].request_contact: works only in private chats (this chat id is not a user)",
    ]);
    expect(checkTelegramCall("sendMessage", { chat_id: CHAT, text: "x", reply_markup: { remove_keyboard: true } })).toEqual([]);
  });
});

describe("deep links", () => {
  it.each<[string, string[]]>([
    ["https://t.me/butlerspb_bot?start=consult", []],
    ["https://t.me/butlerspb_bot?start=consult_kak-vybrat-dvoretskogo", []],
    [`https://t.me/butlerspb_bot?start=${"a".repeat(64)}`, []],
    [
      `https://t.me/butlerspb_bot?start=${"a".repeat(65)}`,
      [`reply_markup.inline_keyboard[0][0].url: deep link "https://t.me/butlerspb_bot?start=${"a".repeat(65)}": start payload "${"a".repeat(65)}" must be 1-64 characters of A-Z a-z 0-9 _ -`],
    ],
    [
      "https://t.me/butlerspb_bot?start=consult.post",
      ['reply_markup.inline_keyboard[0][0].url: deep link "https://t.me/butlerspb_bot?start=consult.post": start payload "consult.post" must be 1-64 characters of A-Z a-z 0-9 _ -'],
    ],
    [
      "https://t.me/butlerspb_bot?start=",
      ['reply_markup.inline_keyboard[0][0].url: deep link "https://t.me/butlerspb_bot?start=": start payload "" must be 1-64 characters of A-Z a-z 0-9 _ -'],
    ],
    [
      "https://t.me/butlerspb_bot?start=%D0%BF",
      ['reply_markup.inline_keyboard[0][0].url: deep link "https://t.me/butlerspb_bot?start=%D0%BF": start payload "%D0%BF" must be 1-64 characters of A-Z a-z 0-9 _ -'],
    ],
    [
      "tg://resolve?domain=butlerspb_bot&start=a+b",
      ['reply_markup.inline_keyboard[0][0].url: deep link "tg://resolve?domain=butlerspb_bot&start=a+b": start payload "a+b" must be 1-64 characters of A-Z a-z 0-9 _ -'],
    ],
  ])("%s", (url, expected) => {
    expect(checkTelegramCall("sendMessage", plain("x", { reply_markup: { inline_keyboard: [[{ text: "go", url }]] } }))).toEqual(expected);
  });

  it("checks deep links inside HTML links too", () => {
    expect(checkTelegramCall("sendMessage", html('<a href="https://t.me/butlerspb_bot?start=a.b">go</a>'))).toEqual([
      'text: HTML: <a href>: deep link "https://t.me/butlerspb_bot?start=a.b": start payload "a.b" must be 1-64 characters of A-Z a-z 0-9 _ -; Telegram drops the link silently',
    ]);
  });
});

describe("media sources and link previews", () => {
  it.each<[string, unknown, string[]]>([
    ["absolute URL", "https://butlerspb.ru/images/a.jpg", []],
    ["fake-server URL on 127.0.0.1", "http://127.0.0.1:5555/img/a.jpg", []],
    ["file_id", "AgACAgIAAxkBAAIBQ2ZfakeFileId_-", []],
    ["attach:// (multipart upload)", "attach://k3j2h1g4", []],
    ["InputFile", new InputFile(Buffer.from([0xff, 0xd8]), "a.jpg"), []],
    ["decoded-upload marker { upload: true }", { upload: true, name: "a.jpg", size: 2 }, []],
    ["some other object", { url: "https://example.com/a.jpg" }, ["photo: must be an InputFile, a file_id or an absolute http(s) URL"]],
    ["relative path", "/images/a.jpg", ['photo: "/images/a.jpg" is neither a file_id nor an absolute http(s) URL (relative paths and file names are refused)']],
    ["file name", "a.jpg", ['photo: "a.jpg" is neither a file_id nor an absolute http(s) URL (relative paths and file names are refused)']],
    ["with spaces", "my photo", ['photo: "my photo" is neither a file_id nor an absolute http(s) URL (relative paths and file names are refused)']],
    ["ftp URL", "ftp://example.com/a.jpg", ['photo: URL "ftp://example.com/a.jpg" is not absolute http(s):// (Telegram drops or rejects it)']],
    ["missing", undefined, ["photo: is required"]],
  ])("sendPhoto photo: %s", (_name, photo, expected) => {
    expect(checkTelegramCall("sendPhoto", { chat_id: CHAT, photo })).toEqual(expected);
  });

  it("link_preview_options.url must be absolute", () => {
    expect(checkTelegramCall("sendMessage", plain("x", { link_preview_options: { url: "https://butlerspb.ru/blog/x/", prefer_large_media: true } }))).toEqual([]);
    expect(checkTelegramCall("sendMessage", plain("x", { link_preview_options: { url: "/blog/x/" } }))).toEqual([
      'link_preview_options.url: URL "/blog/x/" is not absolute http(s):// (Telegram drops or rejects it)',
    ]);
  });

  it("sendMediaGroup: 2-10 items, captions checked", () => {
    const item = (caption: string) => ({ type: "photo", media: "https://example.com/a.jpg", caption });
    expect(checkTelegramCall("sendMediaGroup", { chat_id: CHAT, media: [item("a"), item("b")] })).toEqual([]);
    expect(checkTelegramCall("sendMediaGroup", { chat_id: CHAT, media: [item("x".repeat(1025))] })).toEqual([
      "media: must include 2-10 items (got 1)",
      "media[0].caption: is 1025 UTF-16 units after parsing (limit 1024)",
    ]);
  });
});

describe("other methods", () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ["getMe", {}, []],
    ["getUpdates", { offset: 10, timeout: 30, allowed_updates: ["message"] }, []],
    ["deleteWebhook", { drop_pending_updates: false }, []],
    ["deleteMessage", { chat_id: CHAT, message_id: 7 }, []],
    ["deleteMessage", { chat_id: CHAT }, ["message_id: is required (integer)"]],
    ["sendChatAction", { chat_id: CHAT, action: "typing" }, []],
    ["sendChatAction", { chat_id: CHAT, action: "thinking" }, ['action: unknown chat action "thinking"']],
    ["answerCallbackQuery", { callback_query_id: "9", text: "Готово" }, []],
    ["answerCallbackQuery", { callback_query_id: "9", url: "https://t.me/butlerspb_bot?start=consult" }, []],
    ["editMessageText", { inline_message_id: "abc", text: "x" }, []],
    ["editMessageText", { chat_id: CHAT, text: "x" }, ["message_id: is required (integer) unless inline_message_id is given"]],
    ["editMessageText", { chat_id: CHAT, message_id: 1 }, ["text: is required"]],
    ["sendMessage", { text: "x" }, ["chat_id: is required"]],
    ["sendMessage", { chat_id: "@butlerspb_channel", text: "x" }, []],
    [
      "sendMessage",
      { chat_id: CHAT, text: "x", disable_web_page_preview: true },
      ["disable_web_page_preview: is not a parameter of sendMessage; Telegram ignores it silently (removed from the Bot API: use link_preview_options.is_disabled)"],
    ],
    ["sendMesage", { chat_id: CHAT, text: "x" }, ['unknown Bot API method "sendMesage" (Telegram answers 404)']],
    [
      "setMyCommands",
      { commands: [{ command: "start", description: "Начать" }, { command: "search", description: "Поиск по блогу" }] },
      [],
    ],
    [
      "setMyCommands",
      { commands: [{ command: "/Start", description: "" }, { command: "a".repeat(33), description: "x".repeat(257) }] },
      [
        'commands[0].command: "/Start" must be 1-32 characters of a-z 0-9 _ (no leading slash)',
        "commands[0].description: is 0 UTF-16 units; must be 1-256",
        `commands[1].command: "${"a".repeat(33)}" must be 1-32 characters of a-z 0-9 _ (no leading slash)`,
        "commands[1].description: is 257 UTF-16 units; must be 1-256",
      ],
    ],
  ])("%s %j", (method, payload, expected) => {
    expect(checkTelegramCall(method, payload)).toEqual(expected);
  });

  it("ignoreTarget skips chat_id / message_id checks (renderer output)", () => {
    expect(checkTelegramCall("sendMessage", { text: "x" }, { ignoreTarget: true })).toEqual([]);
  });

  it("multipart payloads: attach:// file parts are not unknown parameters", () => {
    expect(checkTelegramCall("sendPhoto", { chat_id: CHAT, photo: "attach://f1x2y3", f1x2y3: { upload: true } })).toEqual([]);
  });

  it("assertTelegramCall throws with every violation", () => {
    expect(() => assertTelegramCall("sendMessage", { chat_id: CHAT, text: "x" })).not.toThrow();
    let error: unknown;
    try {
      assertTelegramCall("sendMessage", html("<p>1 < 2</p>"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TelegramRuleViolation);
    expect((error as TelegramRuleViolation).violations).toHaveLength(2);
    expect((error as Error).message).toMatch(/^sendMessage: 2 Telegram rule violation\(s\):\n- text: HTML: unsupported tag <p>/);
  });
});

describe("answerInlineQuery", () => {
  const article = (id: string, extra: Record<string, unknown> = {}) => ({
    type: "article",
    id,
    title: "Как выбрать дворецкого",
    input_message_content: { message_text: '<b>Как выбрать</b> <a href="https://butlerspb.ru/blog/x/">читать</a>', parse_mode: "HTML" },
    url: "https://butlerspb.ru/blog/x/",
    thumbnail_url: "https://butlerspb.ru/images/x.jpg",
    ...extra,
  });
  const answer = (results: unknown[], extra: Record<string, unknown> = {}) =>
    checkTelegramCall("answerInlineQuery", { inline_query_id: "q1", results, cache_time: 0, ...extra });

  it.each<[string, unknown[], Record<string, unknown>, string[]]>([
    ["50 valid articles", Array.from({ length: 50 }, (_, i) => article(`p${i}`)), { next_offset: "50" }, []],
    ["51 results", Array.from({ length: 51 }, (_, i) => article(`p${i}`)), {}, ["results: has 51 results (limit 50)"]],
    ["duplicate ids", [article("a"), article("a")], {}, ['results[1].id: duplicate result id "a"']],
    ["id of 64 bytes", [article("я".repeat(32))], {}, []],
    ["id of 65 bytes", [article("x".repeat(65))], {}, ["results[0].id: is 65 bytes; must be 1-64"]],
    ["empty id", [article("")], {}, ["results[0].id: is 0 bytes; must be 1-64"]],
    ["article without title", [article("a", { title: undefined })], {}, ["results[0].title: is required for article results"]],
    [
      "article without input_message_content",
      [article("a", { input_message_content: undefined })],
      {},
      ["results[0].input_message_content: is required for article results"],
    ],
    [
      "message_text with <br>",
      [article("a", { input_message_content: { message_text: "a<br>b", parse_mode: "HTML" } })],
      {},
      [
        "results[0].input_message_content.message_text: HTML: unsupported tag <br> at offset 1: Telegram answers 400 (allowed: b strong i em u ins s strike del a code pre blockquote tg-spoiler span tg-emoji tg-time; use \\n instead of <br>)",
      ],
    ],
    [
      "message_text too long",
      [article("a", { input_message_content: { message_text: "x".repeat(4097) } })],
      {},
      ["results[0].input_message_content.message_text: is 4097 UTF-16 units after parsing (limit 4096)"],
    ],
    [
      "relative thumbnail_url",
      [article("a", { thumbnail_url: "/images/x.jpg" })],
      {},
      ['results[0].thumbnail_url: URL "/images/x.jpg" is not absolute http(s):// (Telegram drops or rejects it)'],
    ],
    ["next_offset of 65 bytes", [article("a")], { next_offset: "x".repeat(65) }, ["next_offset: is 65 bytes; must be 0-64"]],
    ["button with start_parameter", [], { button: { text: "Открыть бота", start_parameter: "inline_help" } }, []],
    [
      "button with bad start_parameter",
      [],
      { button: { text: "Открыть бота", start_parameter: "inline help" } },
      ["button.start_parameter: must be 1-64 characters of A-Z a-z 0-9 _ -"],
    ],
    [
      "reply keyboard on a result",
      [article("a", { reply_markup: { keyboard: [["x"]] } })],
      {},
      ["results[0].reply_markup: only an inline keyboard (inline_keyboard) is accepted here"],
    ],
  ])("%s", (_name, results, extra, expected) => {
    expect(answer(results, extra)).toEqual(expected);
  });
});

describe("rich messages", () => {
  const p = (text: unknown) => ({ type: "paragraph", text });
  const rich = (rich_message: Record<string, unknown>) => checkTelegramCall("sendRichMessage", { chat_id: CHAT, rich_message });
  /** n levels: (n - 1) nested blockquotes around a paragraph. */
  const nest = (n: number): Record<string, unknown> => (n === 1 ? p("deep") : { type: "blockquote", blocks: [nest(n - 1)] });
  const cell = (text: string) => ({ text, align: "left", valign: "top" });
  const photo = (media: string) => ({ type: "photo", photo: { type: "photo", media } });

  it("a typical post in blocks is valid", () => {
    expect(
      rich({
        blocks: [
          { type: "heading", size: 1, text: "Как выбрать дворецкого" },
          photo("https://butlerspb.ru/images/cover.jpg"),
          p(["Текст с ", { type: "bold", text: "жирным" }, " и ", { type: "url", text: "ссылкой", url: "https://butlerspb.ru/" }, "."]),
          { type: "list", items: [{ blocks: [p("один")] }, { blocks: [p("два")], has_checkbox: true, is_checked: true }] },
          { type: "table", cells: [[{ ...cell("A"), is_header: true }, cell("B")], [cell("1"), { ...cell("2"), colspan: 1 }]], caption: "Таблица" },
          { type: "pre", text: "const x = 1;", language: "ts" },
          { type: "blockquote", blocks: [p("цитата")], credit: "Автор" },
          { type: "details", summary: "Подробнее", blocks: [p("скрыто")] },
          { type: "anchor", name: "end" },
          p({ type: "anchor_link", text: "в конец", anchor_name: "end" }),
          { type: "divider" },
          {
            type: "buttons",
            buttons: [
              { text: "Консультация", url: "https://t.me/butlerspb_bot?start=consult" },
              { text: "Ещё", callback_data: "s:more:1", style: "link" },
            ],
          },
          { type: "footer", text: "ButlerSPB" },
        ],
      }),
    ).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ["500 blocks", { blocks: Array.from({ length: 500 }, () => p("x")) }, []],
    ["501 blocks", { blocks: Array.from({ length: 501 }, () => p("x")) }, ["rich_message: has 501 blocks incl. nested blocks, list items and table rows (limit 500)"]],
    [
      "list items count as blocks (1 + 250 items + 250 paragraphs)",
      { blocks: [{ type: "list", items: Array.from({ length: 250 }, () => ({ blocks: [p("x")] })) }] },
      ["rich_message: has 501 blocks incl. nested blocks, list items and table rows (limit 500)"],
    ],
    ["nesting 16", { blocks: [nest(16)] }, []],
    [
      "nesting 17",
      { blocks: [nest(17)] },
      [`rich_message: nesting depth 17 at rich_message.blocks[0]${".blocks[0]".repeat(16)} (limit 16)`],
    ],
    [
      "table cell missing align/valign",
      { blocks: [{ type: "table", cells: [[{ text: "x" }]] }] },
      [
        "rich_message.blocks[0].cells[0][0].align: is required: left, center or right (got undefined)",
        "rich_message.blocks[0].cells[0][0].valign: is required: top, middle or bottom (got undefined)",
      ],
    ],
    [
      "21 table columns",
      { blocks: [{ type: "table", cells: [Array.from({ length: 21 }, () => cell("x"))] }] },
      ["rich_message.blocks[0].cells[0]: has 21 columns (limit 20)"],
    ],
    ["heading size 7", { blocks: [{ type: "heading", size: 7, text: "x" }] }, ["rich_message.blocks[0].size: heading size must be an integer 1-6 (got 7)"]],
    ["unknown block type", { blocks: [{ type: "html", text: "x" }] }, ['rich_message.blocks[0].type: unknown block type "html"']],
    ["unknown RichText type", { blocks: [p({ type: "link", text: "x" })] }, ['rich_message.blocks[0].text.type: unknown RichText type "link"']],
    ["paragraph without text", { blocks: [{ type: "paragraph" }] }, ["rich_message.blocks[0].text: is required"]],
    [
      "relative url in RichText",
      { blocks: [p({ type: "url", text: "x", url: "/blog/" })] },
      ['rich_message.blocks[0].text.url: URL "/blog/" is not absolute http(s):// or tg:// (Telegram drops or rejects it)'],
    ],
    [
      "buttons block with 9 buttons",
      { blocks: [{ type: "buttons", buttons: Array.from({ length: 9 }, (_, i) => ({ text: "b", callback_data: `b${i}` })) }] },
      ["rich_message.blocks[0].buttons: a buttons block needs 1-8 buttons (got 9)"],
    ],
    ["buttons block with 0 buttons", { blocks: [{ type: "buttons", buttons: [] }] }, ["rich_message.blocks[0].buttons: a buttons block needs 1-8 buttons (got 0)"]],
    [
      "51 media",
      { blocks: Array.from({ length: 51 }, (_, i) => photo(`https://example.com/${i}.jpg`)) },
      ["rich_message: has 51 media (limit 50)"],
    ],
    [
      "text above 32768",
      { blocks: [p("я".repeat(20_000)), p("я".repeat(12_769))] },
      ["rich_message: has 32769 UTF-16 units of text (limit 32768)"],
    ],
    [
      "relative media URL",
      { blocks: [photo("/images/a.jpg")] },
      ['rich_message.blocks[0].photo.media: "/images/a.jpg" is neither a file_id nor an absolute http(s) URL (relative paths and file names are refused)'],
    ],
    [
      "tg://photo reference without a media entry",
      { blocks: [photo("tg://photo?id=cover")] },
      ['rich_message.blocks[0].photo.media: "tg://photo?id=cover" references no entry of rich_message.media'],
    ],
    [
      "tg://photo reference to a media entry",
      { blocks: [photo("tg://photo?id=cover")], media: [{ id: "cover", media: { type: "photo", media: "https://example.com/c.jpg" } }] },
      [],
    ],
    [
      "both blocks and html",
      { blocks: [p("x")], html: "<p>x</p>" },
      ["rich_message: exactly one of blocks, html, markdown must be used (got blocks + html)"],
    ],
    ["none of blocks/html/markdown", {}, ["rich_message: exactly one of blocks, html, markdown must be used (got none)"]],
    ["thinking block outside drafts", { blocks: [{ type: "thinking", text: "…" }] }, ['rich_message.blocks[0]: the "thinking" block is allowed only in sendRichMessageDraft']],
    [
      "anchor_link to a missing anchor",
      { blocks: [p({ type: "anchor_link", text: "x", anchor_name: "nowhere" })] },
      ['rich_message.blocks[0].text.anchor_name: links to anchor "nowhere" which does not exist'],
    ],
  ])("blocks: %s", (_name, message, expected) => {
    expect(rich(message)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    [
      "a typical post",
      '<h1>Заголовок</h1><p>Текст<br>с <b>жирным</b> и <a href="https://butlerspb.ru/">ссылкой</a>&nbsp;— &mdash;</p>' +
        '<figure><img src="https://butlerspb.ru/a.jpg"/><figcaption>Фото</figcaption></figure>' +
        '<ul><li>один</li><li>два</li></ul><table><tr><th>A</th><th>B</th></tr><tr><td align="left">1</td><td>2</td></tr></table>' +
        '<tg-button-row><tg-button type="url" url="https://t.me/butlerspb_bot?start=consult">Консультация</tg-button></tg-button-row><hr/>',
      [],
    ],
    ["<div>", "<div>x</div>", ["rich_message.html: unsupported rich HTML tag <div> (div, span, script, iframe and unknown tags are refused)"]],
    ["<script>", "<p>x</p><script>alert(1)</script>", ["rich_message.html: unsupported rich HTML tag <script> (div, span, script, iframe and unknown tags are refused)"]],
    ["<iframe>", '<iframe src="https://example.com"></iframe>', ["rich_message.html: unsupported rich HTML tag <iframe> (div, span, script, iframe and unknown tags are refused)"]],
    ["unclosed <p>", "<p>x", ["rich_message.html: unclosed tag <p>"]],
    ["raw <", "<p>1 < 2</p>", ["rich_message.html: raw '<' at offset 5 does not start a tag: escape it as &lt;"]],
    [
      "relative img src",
      '<img src="/images/a.jpg"/>',
      ['rich_message.html: <img src>: URL "/images/a.jpg" is not absolute http(s):// (Telegram drops or rejects it) (media blocks support only absolute http(s) URLs)'],
    ],
    ["href to a missing anchor", '<p><a href="#nope">x</a></p>', ['rich_message.html: <a href="#nope"> links to an anchor that does not exist']],
    ["href to an anchor", '<a name="end"></a><p><a href="#end">x</a></p>', []],
    [
      "21 columns",
      `<table><tr>${"<td>x</td>".repeat(21)}</tr></table>`,
      ["rich_message.html: a table row has 21 columns (limit 20)"],
    ],
    [
      "unsupported named entity",
      "<p>&copy;</p>",
      ["rich_message.html: named entity &copy; is not supported by Telegram and is shown literally (use the character itself or &#NNN;)"],
    ],
  ])("html: %s", (_name, source, expected) => {
    expect(rich({ html: source })).toEqual(expected);
  });

  it("editMessageText accepts rich_message (and not together with text)", () => {
    expect(checkTelegramCall("editMessageText", { chat_id: CHAT, message_id: 3, rich_message: { blocks: [p("x")] } })).toEqual([]);
    expect(checkTelegramCall("editMessageText", { chat_id: CHAT, message_id: 3, text: "x", rich_message: { blocks: [p("x")] } })).toEqual([
      "editMessageText takes either text or rich_message, not both",
    ]);
  });

  it("inline rich messages may use only previously uploaded files", () => {
    expect(
      checkTelegramCall("editMessageText", { inline_message_id: "i1", rich_message: { blocks: [photo("https://example.com/a.jpg")] } }),
    ).toEqual(['rich_message.blocks[0].photo.media: "https://example.com/a.jpg": URLs are not allowed here (only previously uploaded files)']);
  });
});
