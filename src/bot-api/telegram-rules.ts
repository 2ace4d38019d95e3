/**
 * Telegram-rules checker for outgoing Bot API calls.
 *
 * Written from the Bot API documentation (Bot API 10.x as typed in @grammyjs/types, incl. rich.d.ts) and from
 * how the official Bot API server (tdlib, MessageEntity.cpp) parses text — deliberately NOT from our renderer,
 * so it is an independent check. Where Telegram's behaviour is unclear or merely lenient, we are stricter:
 *
 * - parse_mode "MarkdownV2"/"Markdown" is a violation: project policy is HTML or explicit entities only
 *   (MarkdownV2 escaping is easy to get wrong and a single unescaped "." or "-" is a 400).
 * - HTML: a raw `>` or a raw `&` that starts no entity is flagged (the docs say they "must be replaced"; tdlib
 *   tolerates them, but a correct escaper never emits them). Named entities other than &lt; &gt; &amp; &quot;
 *   are flagged: Telegram shows them literally (silent defect). Links Telegram would drop silently (relative,
 *   #anchor, javascript:, localhost) are flagged. A `class` on a standalone <code> is flagged (ignored).
 * - Entity nesting Telegram "repairs" by dropping entities (link inside code, code inside link, formatting inside
 *   code/pre, blockquote inside blockquote, partial overlaps) is flagged.
 * - Length limits are counted in UTF-16 code units (an emoji outside the BMP counts 2), after parsing and after
 *   trimming trailing whitespace (leading whitespace is counted: stricter).
 * - Parameters a method does not know are flagged for the methods the bot uses (Telegram silently ignores them;
 *   e.g. the removed `disable_web_page_preview`).
 * - Rich messages: list items, table rows and nested blocks count toward 500 blocks; each typed RichText object
 *   and each block container adds one nesting level (list items too); text is counted in UTF-16 units.
 *
 * Every violation is a human-readable string "path: problem" (no method prefix). Empty array = OK.
 */

export const TEXT_LIMIT_UTF16 = 4096;
export const CAPTION_LIMIT_UTF16 = 1024;
export const RAW_TEXT_LIMIT_BYTES = 32_768;
export const CALLBACK_DATA_LIMIT_BYTES = 64;
export const CALLBACK_ANSWER_LIMIT_UTF16 = 200;
export const INLINE_RESULTS_LIMIT = 50;
export const INLINE_RESULT_ID_LIMIT_BYTES = 64;
export const INLINE_NEXT_OFFSET_LIMIT_BYTES = 64;
export const KEYBOARD_ROW_LIMIT = 12;
export const KEYBOARD_TOTAL_LIMIT = 300;
export const DEEP_LINK_PAYLOAD_LIMIT = 64;
export const COMMAND_LIMIT = 32;
export const COMMAND_DESCRIPTION_LIMIT = 256;
export const COMMANDS_LIMIT = 100;
export const MEDIA_GROUP_MIN = 2;
export const MEDIA_GROUP_MAX = 10;
export const RICH_TEXT_LIMIT_UTF16 = 32_768;
export const RICH_BLOCKS_LIMIT = 500;
export const RICH_NESTING_LIMIT = 16;
export const RICH_MEDIA_LIMIT = 50;
export const RICH_TABLE_COLUMNS_LIMIT = 20;
export const RICH_BUTTONS_PER_BLOCK_MIN = 1;
export const RICH_BUTTONS_PER_BLOCK_MAX = 8;

export interface CheckOptions {
  /**
   * Skip the "who is the target" checks (chat_id, message_id / inline_message_id, from_chat_id). For payloads
   * that are checked before the sender adds chat_id (e.g. a renderer's output).
   */
  ignoreTarget?: boolean;
}

/** Length in UTF-16 code units — the unit Telegram uses for entity offsets and (strictly) for length limits. */
export function utf16Len(s: string): number {
  return s.length;
}

/** Length in UTF-8 bytes (callback_data, inline result ids, next_offset, raw text limit). */
export function utf8Len(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export class TelegramRuleViolation extends Error {
  constructor(
    readonly method: string,
    readonly violations: string[],
  ) {
    super(`${method}: ${violations.length} Telegram rule violation(s):\n- ${violations.join("\n- ")}`);
    this.name = "TelegramRuleViolation";
  }
}

/** Throws a TelegramRuleViolation listing every violation; returns normally when the call is OK. */
export function assertTelegramCall(method: string, payload: Record<string, unknown>, options?: CheckOptions): void {
  const violations = checkTelegramCall(method, payload, options);
  if (violations.length > 0) throw new TelegramRuleViolation(method, violations);
}

// ————————————————————————————————————————————————————————————————— helpers

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 197)}…` : s;
}

class Report {
  readonly items: string[] = [];
  add(path: string, problem: string): void {
    const line = path ? `${path}: ${problem}` : problem;
    if (!this.items.includes(line)) this.items.push(line);
  }
}

/**
 * grammY's InputFile (anything with toRaw()), or `{ upload: true, … }` — the marker a test fake may put in place of
 * an "attach://<id>" reference after decoding a multipart body.
 */
function isUpload(v: unknown): boolean {
  if (!isObj(v)) return false;
  const ctorName = (v as { constructor?: { name?: string } }).constructor?.name;
  return typeof (v as { toRaw?: unknown }).toRaw === "function" || ctorName === "InputFile" || v.upload === true;
}

const FILE_ID_RE = /^[A-Za-z0-9_-]{8,}$/;
const DEEP_LINK_PAYLOAD_RE = /^[A-Za-z0-9_-]{1,64}$/;
const TELEGRAM_LINK_HOSTS = new Set(["t.me", "telegram.me", "telegram.dog", "www.t.me", "www.telegram.me"]);

interface UrlRules {
  /** tg:// links are accepted (buttons, links, rich messages). */
  allowTg?: boolean;
  /** Only https:// (web_app, login_url). */
  httpsOnly?: boolean;
}

/**
 * Absolute http(s) URL with a dotted host (or an IPv4 literal), or tg://…. Checks the deep-link payload of
 * t.me/<bot>?start=… and tg://resolve?…&start=… (1–64 of A–Z a–z 0–9 _ -). Returns a problem or null.
 */
export function urlProblem(url: unknown, rules: UrlRules = {}): string | null {
  if (typeof url !== "string" || url.length === 0) return "URL must be a non-empty string";
  if (/[\s<>"]/.test(url)) return `URL ${show(url)} contains whitespace or <>" characters`;
  if (/^tg:/i.test(url)) {
    if (!rules.allowTg) return `URL ${show(url)}: tg:// links are not allowed here`;
    if (!/^tg:\/\/[a-z]/i.test(url)) return `URL ${show(url)} is not a valid tg:// link`;
    return deepLinkProblem(url, queryOf(url));
  }
  const allowed = rules.httpsOnly ? "https://" : rules.allowTg ? "http(s):// or tg://" : "http(s)://";
  if (!/^https?:\/\//i.test(url)) return `URL ${show(url)} is not absolute ${allowed} (Telegram drops or rejects it)`;
  if (rules.httpsOnly && !/^https:\/\//i.test(url)) return `URL ${show(url)} must be https://`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `URL ${show(url)} does not parse`;
  }
  const host = parsed.hostname;
  const ipv4 = /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
  if (!ipv4 && !/^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(host)) {
    return `URL ${show(url)}: host ${show(host)} is not a dotted domain (Telegram drops such links)`;
  }
  if (TELEGRAM_LINK_HOSTS.has(host.toLowerCase())) return deepLinkProblem(url, queryOf(url));
  return null;
}

function queryOf(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return "";
  const h = url.indexOf("#", q);
  return url.slice(q + 1, h < 0 ? undefined : h);
}

function deepLinkProblem(url: string, query: string): string | null {
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (key !== "start" && key !== "startgroup" && key !== "startchannel") continue;
    const value = eq < 0 ? "" : pair.slice(eq + 1);
    if (!DEEP_LINK_PAYLOAD_RE.test(value)) {
      return `deep link ${show(url)}: ${key} payload ${show(value)} must be 1-${DEEP_LINK_PAYLOAD_LIMIT} characters of A-Z a-z 0-9 _ -`;
    }
  }
  return null;
}

function checkUrlAt(r: Report, path: string, url: unknown, rules: UrlRules = {}): void {
  const p = urlProblem(url, rules);
  if (p) r.add(path, p);
}

/** Collects every "attach://<id>" reference in a (multipart-decoded) payload: those <id> keys are file parts. */
function collectAttachIds(v: unknown, out: Set<string>): void {
  if (typeof v === "string") {
    if (v.startsWith("attach://")) out.add(v.slice("attach://".length));
  } else if (Array.isArray(v)) {
    for (const x of v) collectAttachIds(x, out);
  } else if (isObj(v) && !isUpload(v)) {
    for (const x of Object.values(v)) collectAttachIds(x, out);
  }
}

interface SourceRules {
  /** InputFile objects / attach:// references are accepted. */
  allowUpload: boolean;
  /** http(s) URLs are accepted. */
  allowUrl: boolean;
  /** Known ids of rich_message.media entries for tg://photo?id=… references; undefined = references not allowed. */
  richMediaIds?: ReadonlySet<string>;
}

/** A file to send: InputFile (upload), attach://id (multipart), a file_id token, or an absolute http(s) URL. */
function checkMediaSource(r: Report, path: string, v: unknown, rules: SourceRules): void {
  if (isUpload(v)) {
    if (!rules.allowUpload) r.add(path, "file uploads are not allowed here (use a file_id)");
    return;
  }
  if (typeof v !== "string" || v === "") {
    r.add(path, "must be an InputFile, a file_id or an absolute http(s) URL");
    return;
  }
  if (v.startsWith("attach://")) {
    if (!rules.allowUpload) r.add(path, "file uploads are not allowed here (use a file_id)");
    else if (!/^attach:\/\/[A-Za-z0-9_-]+$/.test(v)) r.add(path, `malformed attach reference ${show(v)}`);
    return;
  }
  const ref = /^tg:\/\/(photo|video|document|audio)\?id=(.*)$/.exec(v);
  if (ref) {
    if (!rules.richMediaIds) r.add(path, `${show(v)}: tg:// media references are only valid inside a rich message`);
    else if (!rules.richMediaIds.has(ref[2] ?? "")) r.add(path, `${show(v)} references no entry of rich_message.media`);
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) {
    if (!rules.allowUrl) {
      r.add(path, `${show(v)}: URLs are not allowed here (only previously uploaded files)`);
      return;
    }
    checkUrlAt(r, path, v);
    return;
  }
  if (!FILE_ID_RE.test(v)) {
    r.add(path, `${show(v)} is neither a file_id nor an absolute http(s) URL (relative paths and file names are refused)`);
  }
}

function checkTarget(r: Report, path: string, v: unknown, required = true): void {
  if (v === undefined) {
    if (required) r.add(path, "is required");
    return;
  }
  if (isInt(v)) return;
  if (typeof v === "string" && (/^@[A-Za-z][A-Za-z0-9_]{3,}$/.test(v) || /^-?\d+$/.test(v))) return;
  r.add(path, `${show(v)} is not a chat id (integer or @channelusername)`);
}

function checkStringLen(
  r: Report,
  path: string,
  v: unknown,
  min: number,
  max: number,
  unit: "utf16" | "bytes" = "utf16",
): void {
  if (typeof v !== "string") {
    r.add(path, "must be a string");
    return;
  }
  const n = unit === "bytes" ? utf8Len(v) : utf16Len(v);
  const u = unit === "bytes" ? "bytes" : "UTF-16 units";
  if (n < min || n > max) r.add(path, `is ${n} ${u}; must be ${min}-${max}`);
}

// ————————————————————————————————————————————————————————————————— HTML tokenizer (classic + rich)

interface ScannedTag {
  closing: boolean;
  name: string;
  attrs: Map<string, string | true>;
  selfClosing: boolean;
  end: number;
}

type TagScan = { kind: "not-a-tag" } | { kind: "broken"; problem: string; end: number } | { kind: "tag"; tag: ScannedTag; problems: string[] };

const CLASSIC_NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };
const RICH_NAMED_ENTITIES: Record<string, string> = {
  ...CLASSIC_NAMED_ENTITIES,
  apos: "'",
  nbsp: "\u00a0",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
};

/** Decodes one entity at src[i] === "&". Returns the decoded text and the index after it, or a problem. */
function decodeEntityAt(
  src: string,
  i: number,
  named: Record<string, string>,
): { text: string; next: number; problem?: string } {
  const m = /^&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/.exec(src.slice(i, i + 40));
  if (!m) return { text: "&", next: i + 1, problem: `raw '&' at offset ${i}: escape it as &amp;` };
  const body = m[1] ?? "";
  const next = i + m[0].length;
  if (body.startsWith("#")) {
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) {
      return { text: m[0], next, problem: `numeric entity ${m[0]} is not a valid code point` };
    }
    return { text: String.fromCodePoint(code), next };
  }
  const decoded = named[body];
  if (decoded === undefined) {
    return {
      text: m[0],
      next,
      problem: `named entity ${m[0]} is not supported by Telegram and is shown literally (use the character itself or &#NNN;)`,
    };
  }
  return { text: decoded, next };
}

function decodeAttr(value: string, named: Record<string, string>, problems: string[]): string {
  let out = "";
  for (let i = 0; i < value.length; ) {
    if (value[i] === "&") {
      const d = decodeEntityAt(value, i, named);
      if (d.problem) problems.push(`in attribute value: ${d.problem}`);
      out += d.text;
      i = d.next;
    } else {
      out += value[i];
      i++;
    }
  }
  return out;
}

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\n" || ch === "\t" || ch === "\r" || ch === "\f";
}

/** Scans a tag starting at src[i] === "<", the way tdlib does (names up to whitespace, '>' or '/'). */
function scanTag(src: string, i: number, named: Record<string, string>): TagScan {
  let j = i + 1;
  const closing = src[j] === "/";
  if (closing) j++;
  const nameStart = j;
  while (j < src.length && !isSpace(src[j]) && src[j] !== ">" && src[j] !== "/") j++;
  const name = src.slice(nameStart, j).toLowerCase();
  if (!/^[a-z][a-z0-9-]*$/.test(name)) return { kind: "not-a-tag" };
  const problems: string[] = [];
  const attrs = new Map<string, string | true>();
  let selfClosing = false;
  if (closing) {
    while (isSpace(src[j])) j++;
    if (src[j] !== ">") return { kind: "broken", problem: `malformed end tag </${name} at offset ${i}`, end: j };
    return { kind: "tag", tag: { closing, name, attrs, selfClosing, end: j + 1 }, problems };
  }
  for (;;) {
    while (isSpace(src[j])) j++;
    if (j >= src.length) return { kind: "broken", problem: `unclosed tag <${name} at offset ${i}`, end: src.length };
    if (src[j] === ">") {
      j++;
      break;
    }
    if (src[j] === "/") {
      if (src[j + 1] === ">") {
        selfClosing = true;
        j += 2;
        break;
      }
      return { kind: "broken", problem: `unexpected '/' inside tag <${name} at offset ${i}`, end: j + 1 };
    }
    const attrStart = j;
    while (j < src.length && !isSpace(src[j]) && src[j] !== "=" && src[j] !== ">" && src[j] !== "/") j++;
    const attrName = src.slice(attrStart, j).toLowerCase();
    if (attrName === "") return { kind: "broken", problem: `malformed attribute in <${name}> at offset ${i}`, end: j + 1 };
    while (isSpace(src[j])) j++;
    if (src[j] !== "=") {
      attrs.set(attrName, true);
      continue;
    }
    j++;
    while (isSpace(src[j])) j++;
    const q = src[j];
    if (q === '"' || q === "'") {
      const close = src.indexOf(q, j + 1);
      if (close < 0) return { kind: "broken", problem: `unclosed attribute value in <${name}> at offset ${i}`, end: src.length };
      attrs.set(attrName, decodeAttr(src.slice(j + 1, close), named, problems));
      j = close + 1;
    } else {
      const valueStart = j;
      while (j < src.length && !isSpace(src[j]) && src[j] !== ">") j++;
      const raw = src.slice(valueStart, j);
      if (!/^[A-Za-z0-9.-]+$/.test(raw)) {
        problems.push(
          `unquoted value ${show(raw)} of attribute ${attrName} in <${name}> may contain only letters, digits, '.' and '-'; quote it`,
        );
      }
      attrs.set(attrName, raw);
    }
  }
  return { kind: "tag", tag: { closing, name, attrs, selfClosing, end: j }, problems };
}

// ————————————————————————————————————————————————————————————————— classic HTML parse mode

export interface ParsedEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface ParsedHtml {
  /** The text as Telegram sees it after parsing (tags removed, entities decoded); not yet trimmed. */
  text: string;
  /** Entities in UTF-16 units, as Telegram would create them (empty ones dropped). */
  entities: ParsedEntity[];
  /** Everything wrong: errors Telegram answers 400 to and silent defects alike. */
  problems: string[];
}

const CLASSIC_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-spoiler",
  "span",
  "tg-emoji",
  "tg-time",
]);

const CLASSIC_TAG_TYPE: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
  "tg-time": "date_time",
  a: "text_link",
};

const DATE_TIME_FORMAT_RE = /^(r|w?[dD]?[tT]?)$/;

interface OpenTag {
  name: string;
  type: string;
  start: number;
  url?: string;
  language?: string;
  customEmojiId?: string;
  /** <code class="language-x"> directly inside <pre>: the pre's language carrier, not an entity of its own. */
  preLanguageCode?: boolean;
  preCodeEnd?: number;
  hadChild?: boolean;
}

/** Parses text in Telegram's classic HTML parse mode, strictly. */
export function parseTelegramHtml(html: string): ParsedHtml {
  const problems: string[] = [];
  const entities: ParsedEntity[] = [];
  const stack: OpenTag[] = [];
  const unsupported = new Set<string>();
  let out = "";
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === "&") {
      const d = decodeEntityAt(html, i, CLASSIC_NAMED_ENTITIES);
      if (d.problem) problems.push(d.problem);
      out += d.text;
      i = d.next;
      continue;
    }
    if (ch === ">") {
      problems.push(`raw '>' at offset ${i}: escape it as &gt;`);
      out += ch;
      i++;
      continue;
    }
    if (ch !== "<") {
      out += ch;
      i++;
      continue;
    }
    const scan = scanTag(html, i, CLASSIC_NAMED_ENTITIES);
    if (scan.kind === "not-a-tag") {
      problems.push(`raw '<' at offset ${i} does not start a tag (Telegram answers 400): escape it as &lt;`);
      out += ch;
      i++;
      continue;
    }
    if (scan.kind === "broken") {
      problems.push(scan.problem);
      i = scan.end;
      continue;
    }
    problems.push(...scan.problems);
    const tag = scan.tag;
    const tagStart = i;
    i = tag.end;
    if (!CLASSIC_TAGS.has(tag.name)) {
      if (unsupported.has(tag.name)) continue;
      unsupported.add(tag.name);
      problems.push(
        `unsupported tag <${tag.closing ? "/" : ""}${tag.name}> at offset ${tagStart}: Telegram answers 400 (allowed: ${[...CLASSIC_TAGS].join(" ")}; use \\n instead of <br>)`,
      );
      continue;
    }
    if (tag.closing) {
      closeClassicTag(tag.name, stack, entities, problems, out.length);
      continue;
    }
    if (tag.selfClosing) {
      problems.push(`self-closing <${tag.name}/> is not supported in Telegram HTML`);
      continue;
    }
    const parent = stack[stack.length - 1];
    stack.push(openClassicTag(tag, parent, out.length, problems));
    if (parent) parent.hadChild = true;
  }
  for (const open of stack.reverse()) problems.push(`unclosed tag <${open.name}> (Telegram answers 400)`);
  return { text: out, entities, problems };
}

function openClassicTag(tag: ScannedTag, parent: OpenTag | undefined, pos: number, problems: string[]): OpenTag {
  const open: OpenTag = { name: tag.name, type: CLASSIC_TAG_TYPE[tag.name] ?? tag.name, start: pos };
  const cls = tag.attrs.get("class");
  switch (tag.name) {
    case "span":
      if (cls !== "tg-spoiler") problems.push(`<span> must have class="tg-spoiler" (Telegram answers 400)`);
      break;
    case "a": {
      const href = tag.attrs.get("href");
      if (typeof href !== "string") {
        problems.push(`<a> without href: the link is dropped`);
      } else {
        const p = urlProblem(href, { allowTg: true });
        if (p) problems.push(`<a href>: ${p}; Telegram drops the link silently`);
        open.url = href;
        if (/^tg:\/\/user\?id=/i.test(href)) open.type = "text_mention";
      }
      break;
    }
    case "code": {
      const atPreStart = parent?.name === "pre" && parent.start === pos && !parent.hadChild;
      if (atPreStart && parent) {
        open.preLanguageCode = true;
        if (cls !== undefined) {
          if (typeof cls === "string" && /^language-[^\s"']+$/.test(cls)) parent.language = cls.slice("language-".length);
          else problems.push(`<code class=${show(cls)}> inside <pre> must be class="language-xxx"`);
        }
      } else if (cls !== undefined) {
        problems.push(`<code class=${show(cls)}>: a language can't be set on a standalone <code> (ignored); wrap it in <pre>`);
      }
      break;
    }
    case "blockquote":
      if (tag.attrs.has("expandable")) open.type = "expandable_blockquote";
      break;
    case "tg-emoji": {
      const id = tag.attrs.get("emoji-id");
      if (typeof id !== "string" || !/^\d+$/.test(id)) problems.push(`<tg-emoji> needs a numeric emoji-id attribute`);
      else open.customEmojiId = id;
      break;
    }
    case "tg-time": {
      const unix = tag.attrs.get("unix");
      if (typeof unix !== "string" || !/^\d+$/.test(unix)) problems.push(`<tg-time> needs a numeric unix attribute`);
      const format = tag.attrs.get("format");
      if (format !== undefined && (typeof format !== "string" || !DATE_TIME_FORMAT_RE.test(format))) {
        problems.push(`<tg-time format=${show(format)}> is not a valid date-time format (r, or w?[dD]?[tT]?)`);
      }
      break;
    }
  }
  return open;
}

function closeClassicTag(name: string, stack: OpenTag[], entities: ParsedEntity[], problems: string[], pos: number): void {
  const top = stack[stack.length - 1];
  if (!top) {
    problems.push(`unexpected end tag </${name}> with no open tag (Telegram answers 400)`);
    return;
  }
  if (top.name !== name) {
    problems.push(`mismatched or overlapping tags: expected </${top.name}> but found </${name}> (Telegram answers 400)`);
    const idx = stack.map((t) => t.name).lastIndexOf(name);
    if (idx < 0) return;
    stack.length = idx + 1; // recover: drop the tags closed implicitly
  }
  const open = stack.pop() as OpenTag;
  const parent = stack[stack.length - 1];
  if (open.preLanguageCode) {
    if (parent) parent.preCodeEnd = pos;
    return;
  }
  if (open.name === "pre" && open.preCodeEnd !== undefined && open.preCodeEnd !== pos) {
    problems.push(`<pre><code class="language-…"> must span the whole <pre>: text after </code> inside <pre>`);
  }
  if (pos === open.start) return; // Telegram drops empty entities
  const e: ParsedEntity = { type: open.type, offset: open.start, length: pos - open.start };
  if (open.url !== undefined) e.url = open.url;
  if (open.language !== undefined) e.language = open.language;
  if (open.customEmojiId !== undefined) e.custom_emoji_id = open.customEmojiId;
  entities.push(e);
}

// ————————————————————————————————————————————————————————————————— entities

const FORMATTING_TYPES = new Set(["bold", "italic", "underline", "strikethrough", "spoiler"]);
const BLOCKQUOTE_TYPES = new Set(["blockquote", "expandable_blockquote"]);
const CODE_TYPES = new Set(["code", "pre"]);
const KNOWN_ENTITY_TYPES = new Set([
  "mention",
  "hashtag",
  "cashtag",
  "bot_command",
  "url",
  "email",
  "phone_number",
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "blockquote",
  "expandable_blockquote",
  "code",
  "pre",
  "text_link",
  "text_mention",
  "custom_emoji",
  "date_time",
]);

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Validates an explicit `entities` / `caption_entities` array against its text. Returns the well-formed ones. */
function checkEntityList(r: Report, path: string, entities: unknown, text: string): ParsedEntity[] {
  if (!Array.isArray(entities)) {
    r.add(path, "must be an array of MessageEntity");
    return [];
  }
  const good: ParsedEntity[] = [];
  entities.forEach((e, idx) => {
    const p = `${path}[${idx}]`;
    if (!isObj(e)) return r.add(p, "must be a MessageEntity object");
    const type = e.type;
    if (typeof type !== "string" || !KNOWN_ENTITY_TYPES.has(type)) return r.add(`${p}.type`, `unknown entity type ${show(type)}`);
    const { offset, length } = e;
    if (!isInt(offset) || offset < 0) return r.add(`${p}.offset`, `must be a non-negative integer (got ${show(offset)})`);
    if (!isInt(length) || length <= 0) return r.add(`${p}.length`, `must be a positive integer (got ${show(length)})`);
    if (offset + length > text.length) {
      return r.add(p, `${type} [${offset}, +${length}] ends at ${offset + length}, beyond the text (${text.length} UTF-16 units)`);
    }
    const end = offset + length;
    if (offset > 0 && isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1))) {
      r.add(p, `${type} starts at ${offset}, inside a surrogate pair`);
    }
    if (end < text.length && isLowSurrogate(text.charCodeAt(end)) && isHighSurrogate(text.charCodeAt(end - 1))) {
      r.add(p, `${type} ends at ${end}, inside a surrogate pair`);
    }
    const ent: ParsedEntity = { type, offset, length };
    switch (type) {
      case "text_link":
        checkUrlAt(r, `${p}.url`, e.url, { allowTg: true });
        if (typeof e.url === "string") ent.url = e.url;
        break;
      case "text_mention":
        if (!isObj(e.user) || !isInt(e.user.id)) r.add(`${p}.user`, "text_mention needs a user with an integer id");
        break;
      case "custom_emoji":
        if (typeof e.custom_emoji_id !== "string" || !/^\d+$/.test(e.custom_emoji_id)) {
          r.add(`${p}.custom_emoji_id`, "custom_emoji needs a numeric custom_emoji_id string");
        }
        break;
      case "pre":
        if (e.language !== undefined && typeof e.language !== "string") r.add(`${p}.language`, "must be a string");
        break;
      case "date_time":
        if (!isInt(e.unix_time)) r.add(`${p}.unix_time`, "date_time needs an integer unix_time");
        if (typeof e.date_time_format !== "string" || !DATE_TIME_FORMAT_RE.test(e.date_time_format)) {
          r.add(`${p}.date_time_format`, `invalid date_time_format ${show(e.date_time_format)}`);
        }
        break;
    }
    good.push(ent);
  });
  return good;
}

function mayContain(outer: string, inner: string): boolean {
  if (FORMATTING_TYPES.has(inner)) return !CODE_TYPES.has(outer); // formatting inside code/pre is removed
  // "bold, italic, … can contain and can be part of any other entities, except pre and code": code inside
  // italic loses one of the two.
  if (FORMATTING_TYPES.has(outer)) return !CODE_TYPES.has(inner);
  if (BLOCKQUOTE_TYPES.has(outer)) return !BLOCKQUOTE_TYPES.has(inner);
  return false; // links, code, pre, mentions, custom emoji, blockquotes can't sit inside each other
}

/** Nesting rules from "Formatting options": violations are silently "repaired" by Telegram, i.e. lost. */
function checkEntityNesting(r: Report, path: string, entities: ParsedEntity[]): void {
  for (let a = 0; a < entities.length; a++) {
    for (let b = a + 1; b < entities.length; b++) {
      const x = entities[a] as ParsedEntity;
      const y = entities[b] as ParsedEntity;
      const xEnd = x.offset + x.length;
      const yEnd = y.offset + y.length;
      if (x.offset >= yEnd || y.offset >= xEnd) continue;
      const xInY = x.offset >= y.offset && xEnd <= yEnd;
      const yInX = y.offset >= x.offset && yEnd <= xEnd;
      const where = `${x.type} [${x.offset}, +${x.length}] and ${y.type} [${y.offset}, +${y.length}]`;
      if (!xInY && !yInX) {
        r.add(path, `${where} overlap partially (entities must nest)`);
        continue;
      }
      const ok = (yInX && mayContain(x.type, y.type)) || (xInY && mayContain(y.type, x.type));
      if (!ok) r.add(path, `${where}: ${xInY ? y.type : x.type} may not contain ${xInY ? x.type : y.type} (Telegram drops one of them)`);
    }
  }
}

// ————————————————————————————————————————————————————————————————— formatted text (text / caption)

interface TextRules {
  limit: number;
  /** Text must be non-empty after parsing and trimming (messages); captions may be empty. */
  required: boolean;
  textPath: string;
  parseModePath: string;
  entitiesPath: string;
}

function checkFormattedText(r: Report, text: unknown, parseMode: unknown, entities: unknown, rules: TextRules): void {
  if (text === undefined) {
    if (rules.required) r.add(rules.textPath, "is required");
    if (entities !== undefined) r.add(rules.entitiesPath, "given without text");
    return;
  }
  if (typeof text !== "string") {
    r.add(rules.textPath, `must be a string (got ${typeof text})`);
    return;
  }
  const bytes = utf8Len(text);
  if (bytes > RAW_TEXT_LIMIT_BYTES) r.add(rules.textPath, `raw text is ${bytes} bytes; Telegram refuses more than ${RAW_TEXT_LIMIT_BYTES} before parsing`);
  let plain = text;
  let parsedEntities: ParsedEntity[] = [];
  if (parseMode === undefined) {
    if (entities !== undefined) parsedEntities = checkEntityList(r, rules.entitiesPath, entities, text);
  } else if (parseMode === "HTML") {
    if (entities !== undefined) r.add(rules.entitiesPath, "is ignored by Telegram because parse_mode is set; send one or the other");
    const parsed = parseTelegramHtml(text);
    for (const p of parsed.problems) r.add(rules.textPath, `HTML: ${p}`);
    plain = parsed.text;
    parsedEntities = parsed.entities;
  } else if (parseMode === "MarkdownV2" || parseMode === "Markdown") {
    r.add(rules.parseModePath, `${show(parseMode)} is not allowed by project policy: use "HTML" or explicit entities`);
  } else {
    r.add(rules.parseModePath, `unknown parse_mode ${show(parseMode)}`);
  }
  checkEntityNesting(r, rules.entitiesPath, parsedEntities);
  const trimmed = plain.replace(/\s+$/u, "");
  if (rules.required && trimmed.length === 0) {
    r.add(rules.textPath, "is empty after parsing and trimming whitespace (Telegram: message text is empty)");
  }
  const n = utf16Len(trimmed);
  if (n > rules.limit) r.add(rules.textPath, `is ${n} UTF-16 units after parsing (limit ${rules.limit})`);
}

function messageTextRules(prefix = ""): TextRules {
  return {
    limit: TEXT_LIMIT_UTF16,
    required: true,
    textPath: `${prefix}text`,
    parseModePath: `${prefix}parse_mode`,
    entitiesPath: `${prefix}entities`,
  };
}

function captionRules(prefix = ""): TextRules {
  return {
    limit: CAPTION_LIMIT_UTF16,
    required: false,
    textPath: `${prefix}caption`,
    parseModePath: `${prefix}parse_mode`,
    entitiesPath: `${prefix}caption_entities`,
  };
}

function checkCaption(r: Report, obj: Obj, prefix = ""): void {
  checkFormattedText(r, obj.caption, obj.parse_mode, obj.caption_entities, captionRules(prefix));
  if (obj.caption === undefined && obj.parse_mode !== undefined && obj.parse_mode !== "HTML") {
    r.add(`${prefix}parse_mode`, `${show(obj.parse_mode)} is not allowed by project policy: use "HTML" or explicit entities`);
  }
}

function checkLinkPreview(r: Report, path: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) return r.add(path, "must be a LinkPreviewOptions object");
  if (v.url !== undefined && v.url !== "") checkUrlAt(r, `${path}.url`, v.url);
  if (v.prefer_small_media === true && v.prefer_large_media === true) {
    r.add(path, "prefer_small_media and prefer_large_media are mutually exclusive");
  }
}

// ————————————————————————————————————————————————————————————————— keyboards

const INLINE_BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
  "disabled",
] as const;

const REPLY_BUTTON_ACTIONS = [
  "request_users",
  "request_chat",
  "request_contact",
  "request_location",
  "request_poll",
  "request_managed_bot",
  "web_app",
] as const;

const BUTTON_STYLES = new Set(["danger", "success", "primary"]);

interface MarkupContext {
  /** Edit methods and inline results accept only inline keyboards. */
  inlineOnly: boolean;
  /** Target chat id if known (request_* buttons work only in private chats). */
  chatId?: unknown;
}

function checkReplyMarkup(r: Report, path: string, markup: unknown, ctx: MarkupContext): void {
  if (markup === undefined) return;
  if (!isObj(markup)) return r.add(path, "must be a keyboard object");
  if ("inline_keyboard" in markup) return checkInlineKeyboard(r, `${path}.inline_keyboard`, markup.inline_keyboard);
  if (ctx.inlineOnly) return r.add(path, "only an inline keyboard (inline_keyboard) is accepted here");
  if ("keyboard" in markup) return checkReplyKeyboard(r, path, markup, ctx);
  if ("remove_keyboard" in markup) {
    if (markup.remove_keyboard !== true) r.add(`${path}.remove_keyboard`, "must be true");
    return;
  }
  if ("force_reply" in markup) {
    if (markup.force_reply !== true) r.add(`${path}.force_reply`, "must be true");
    if (markup.input_field_placeholder !== undefined) checkStringLen(r, `${path}.input_field_placeholder`, markup.input_field_placeholder, 1, 64);
    return;
  }
  r.add(path, "is not an InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove or ForceReply");
}

function checkInlineKeyboard(r: Report, path: string, rows: unknown): void {
  if (!Array.isArray(rows)) return r.add(path, "must be an array of button rows");
  let total = 0;
  rows.forEach((row, ri) => {
    const rp = `${path}[${ri}]`;
    if (!Array.isArray(row)) return r.add(rp, "must be an array of buttons");
    if (row.length === 0) r.add(rp, "is an empty row");
    if (row.length > KEYBOARD_ROW_LIMIT) r.add(rp, `has ${row.length} buttons (limit ${KEYBOARD_ROW_LIMIT} per row)`);
    total += row.length;
    row.forEach((button, bi) => checkInlineButton(r, `${rp}[${bi}]`, button, ri === 0 && bi === 0));
  });
  if (total > KEYBOARD_TOTAL_LIMIT) r.add(path, `has ${total} buttons (limit ${KEYBOARD_TOTAL_LIMIT})`);
}

function checkInlineButton(r: Report, path: string, b: unknown, isFirst: boolean): void {
  if (!isObj(b)) return r.add(path, "must be an InlineKeyboardButton object");
  if (typeof b.text !== "string" || b.text.trim() === "") r.add(`${path}.text`, "must be non-empty (Telegram drops buttons with empty text)");
  if (b.style !== undefined && (typeof b.style !== "string" || !BUTTON_STYLES.has(b.style))) {
    r.add(`${path}.style`, `must be danger, success or primary (got ${show(b.style)})`);
  }
  const actions = INLINE_BUTTON_ACTIONS.filter((k) => b[k] !== undefined);
  if (actions.length !== 1) {
    r.add(path, `must have exactly one action (${INLINE_BUTTON_ACTIONS.join(", ")}); has ${actions.length === 0 ? "none" : actions.join(" + ")}`);
  }
  for (const action of actions) checkButtonAction(r, path, b, action, isFirst);
}

function checkButtonAction(r: Report, path: string, b: Obj, action: string, isFirst: boolean): void {
  const v = b[action];
  const p = `${path}.${action}`;
  switch (action) {
    case "url":
      return checkUrlAt(r, p, v, { allowTg: true });
    case "callback_data":
      return checkStringLen(r, p, v, 1, CALLBACK_DATA_LIMIT_BYTES, "bytes");
    case "web_app":
      if (!isObj(v)) return r.add(p, "must be a WebAppInfo object");
      return checkUrlAt(r, `${p}.url`, v.url, { httpsOnly: true });
    case "login_url":
      if (!isObj(v)) return r.add(p, "must be a LoginUrl object");
      return checkUrlAt(r, `${p}.url`, v.url, { httpsOnly: true });
    case "switch_inline_query":
    case "switch_inline_query_current_chat":
      if (typeof v !== "string") r.add(p, "must be a string (may be empty)");
      return;
    case "switch_inline_query_chosen_chat":
    case "disabled":
      if (!isObj(v)) r.add(p, "must be an object");
      return;
    case "copy_text":
      if (!isObj(v)) return r.add(p, "must be a CopyTextButton object");
      return checkStringLen(r, `${p}.text`, v.text, 1, 256);
    case "callback_game":
    case "pay":
      if (!isFirst) r.add(p, "this button must be the first button of the first row");
      return;
  }
}

function checkReplyKeyboard(r: Report, path: string, markup: Obj, ctx: MarkupContext): void {
  const rows = markup.keyboard;
  const kp = `${path}.keyboard`;
  if (!Array.isArray(rows)) return r.add(kp, "must be an array of button rows");
  const privateChat = ctx.chatId === undefined || (isInt(ctx.chatId) && ctx.chatId > 0) || (typeof ctx.chatId === "string" && /^\d+$/.test(ctx.chatId));
  let total = 0;
  rows.forEach((row, ri) => {
    const rp = `${kp}[${ri}]`;
    if (!Array.isArray(row)) return r.add(rp, "must be an array of buttons");
    if (row.length === 0) r.add(rp, "is an empty row");
    if (row.length > KEYBOARD_ROW_LIMIT) r.add(rp, `has ${row.length} buttons (limit ${KEYBOARD_ROW_LIMIT} per row)`);
    total += row.length;
    row.forEach((button, bi) => {
      const bp = `${rp}[${bi}]`;
      if (typeof button === "string") {
        if (button.trim() === "") r.add(bp, "button text must be non-empty");
        return;
      }
      if (!isObj(button)) return r.add(bp, "must be a KeyboardButton object or a string");
      if (typeof button.text !== "string" || button.text.trim() === "") r.add(`${bp}.text`, "must be non-empty");
      if (button.style !== undefined && (typeof button.style !== "string" || !BUTTON_STYLES.has(button.style))) {
        r.add(`${bp}.style`, `must be danger, success or primary (got ${show(button.style)})`);
      }
      const actions = REPLY_BUTTON_ACTIONS.filter((k) => button[k] !== undefined);
      if (actions.length > 1) r.add(bp, `must have at most one request field; has ${actions.join(" + ")}`);
      for (const a of actions) {
        if (!privateChat) r.add(`${bp}.${a}`, "works only in private chats (this chat id is not a user)");
        if ((a === "request_contact" || a === "request_location") && typeof button[a] !== "boolean") r.add(`${bp}.${a}`, "must be a boolean");
        if (a === "web_app") {
          const wa = button.web_app;
          if (!isObj(wa)) r.add(`${bp}.web_app`, "must be a WebAppInfo object");
          else checkUrlAt(r, `${bp}.web_app.url`, wa.url, { httpsOnly: true });
        }
      }
    });
  });
  if (total > KEYBOARD_TOTAL_LIMIT) r.add(kp, `has ${total} buttons (limit ${KEYBOARD_TOTAL_LIMIT})`);
  if (markup.input_field_placeholder !== undefined) checkStringLen(r, `${path}.input_field_placeholder`, markup.input_field_placeholder, 1, 64);
}

// ————————————————————————————————————————————————————————————————— rich messages

const RICH_MEDIA_BLOCKS: Record<string, string> = {
  animation: "animation",
  audio: "audio",
  document: "document",
  photo: "photo",
  video: "video",
  voice_note: "voice_note",
};
const RICH_MEDIA_ENTRY_TYPES = new Set(["animation", "audio", "document", "photo", "video", "voice_note"]);
const SIMPLE_RICH_TEXT_TYPES = new Set([
  "bold",
  "italic",
  "underline",
  "strikethrough",
  "spoiler",
  "subscript",
  "superscript",
  "marked",
  "code",
]);
/** RichText types that carry `text` plus one required string field. */
const FIELD_RICH_TEXT_TYPES: Record<string, string> = {
  email_address: "email_address",
  phone_number: "phone_number",
  bank_card_number: "bank_card_number",
  mention: "username",
  hashtag: "hashtag",
  cashtag: "cashtag",
  bot_command: "bot_command",
};
const RICH_BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "disabled",
] as const;
const ALIGN = new Set(["left", "center", "right"]);
const VALIGN = new Set(["top", "middle", "bottom"]);
const LIST_ITEM_TYPES = new Set(["a", "A", "i", "I", "1"]);

interface RichRules {
  /** sendRichMessageDraft: the "thinking" block is allowed. */
  draft: boolean;
  /** Inline results / inline message edits: only previously uploaded files (file_ids). */
  onlyFileIds: boolean;
}

class RichWalker {
  blocks = 0;
  media = 0;
  textUnits = 0;
  maxDepth = 0;
  deepestPath = "";
  readonly anchors = new Set<string>();
  readonly references = new Set<string>();
  readonly anchorLinks: Array<{ path: string; name: string }> = [];
  readonly referenceLinks: Array<{ path: string; name: string }> = [];
  readonly usedMediaIds = new Set<string>();

  constructor(
    private readonly r: Report,
    private readonly rules: RichRules,
    readonly mediaIds: ReadonlySet<string>,
  ) {}

  private depth(path: string, depth: number): void {
    if (depth > this.maxDepth) {
      this.maxDepth = depth;
      this.deepestPath = path;
    }
  }

  walkBlocks(path: string, blocks: unknown, depth: number, required = true): void {
    if (blocks === undefined && !required) return;
    if (!Array.isArray(blocks)) return this.r.add(path, "must be an array of blocks");
    if (blocks.length === 0 && required) this.r.add(path, "must contain at least one block");
    blocks.forEach((b, i) => this.walkBlock(`${path}[${i}]`, b, depth));
  }

  private requireText(path: string, v: unknown, depth: number): void {
    if (v === undefined) return this.r.add(path, "is required");
    this.walkText(path, v, depth);
  }

  private optionalText(path: string, v: unknown, depth: number): void {
    if (v !== undefined) this.walkText(path, v, depth);
  }

  private caption(path: string, v: unknown, depth: number): void {
    if (v === undefined) return;
    if (!isObj(v)) return this.r.add(path, "must be a RichBlockCaption object ({ text, credit? })");
    this.requireText(`${path}.text`, v.text, depth);
    this.optionalText(`${path}.credit`, v.credit, depth);
  }

  walkBlock(path: string, b: unknown, depth: number): void {
    this.blocks++;
    this.depth(path, depth);
    if (!isObj(b)) return this.r.add(path, "must be a block object");
    const type = b.type;
    const r = this.r;
    const inner = depth + 1;
    switch (type) {
      case "paragraph":
      case "footer":
        return this.requireText(`${path}.text`, b.text, inner);
      case "heading":
        this.requireText(`${path}.text`, b.text, inner);
        if (!isInt(b.size) || b.size < 1 || b.size > 6) r.add(`${path}.size`, `heading size must be an integer 1-6 (got ${show(b.size)})`);
        return;
      case "pre":
        this.requireText(`${path}.text`, b.text, inner);
        if (b.language !== undefined && typeof b.language !== "string") r.add(`${path}.language`, "must be a string");
        return;
      case "divider":
        return;
      case "mathematical_expression":
        if (typeof b.expression !== "string" || b.expression === "") return r.add(`${path}.expression`, "must be a non-empty LaTeX string");
        this.textUnits += utf16Len(b.expression);
        return;
      case "anchor":
        if (typeof b.name !== "string" || b.name === "") return r.add(`${path}.name`, "must be a non-empty string");
        this.anchors.add(b.name);
        return;
      case "list":
        if (!Array.isArray(b.items) || b.items.length === 0) return r.add(`${path}.items`, "must be a non-empty array of list items");
        b.items.forEach((item, i) => this.walkListItem(`${path}.items[${i}]`, item, inner));
        return;
      case "blockquote":
        this.walkBlocks(`${path}.blocks`, b.blocks, inner);
        this.optionalText(`${path}.credit`, b.credit, inner);
        return;
      case "expandable_blockquote":
      case "pullquote":
        this.requireText(`${path}.text`, b.text, inner);
        this.optionalText(`${path}.credit`, b.credit, inner);
        return;
      case "collage":
      case "slideshow":
        this.walkBlocks(`${path}.blocks`, b.blocks, inner);
        if (Array.isArray(b.blocks)) {
          b.blocks.forEach((child, i) => {
            if (isObj(child) && !["photo", "video", "animation"].includes(String(child.type))) {
              r.add(`${path}.blocks[${i}]`, `a ${type} may contain only photo, video or animation blocks (got ${show(child.type)})`);
            }
          });
        }
        this.caption(`${path}.caption`, b.caption, inner);
        return;
      case "table":
        return this.walkTable(path, b, inner);
      case "details":
        this.requireText(`${path}.summary`, b.summary, inner);
        this.walkBlocks(`${path}.blocks`, b.blocks, inner);
        return;
      case "map":
        return this.walkMap(path, b, inner);
      case "animation":
      case "audio":
      case "document":
      case "photo":
      case "video":
      case "voice_note":
        return this.walkMediaBlock(path, b, type, inner);
      case "buttons": {
        const buttons = b.buttons;
        if (!Array.isArray(buttons) || buttons.length < RICH_BUTTONS_PER_BLOCK_MIN || buttons.length > RICH_BUTTONS_PER_BLOCK_MAX) {
          r.add(`${path}.buttons`, `a buttons block needs ${RICH_BUTTONS_PER_BLOCK_MIN}-${RICH_BUTTONS_PER_BLOCK_MAX} buttons (got ${Array.isArray(buttons) ? buttons.length : show(buttons)})`);
        }
        if (Array.isArray(buttons)) buttons.forEach((btn, i) => this.walkButton(`${path}.buttons[${i}]`, btn, inner));
        if (b.align !== undefined && !ALIGN.has(String(b.align))) r.add(`${path}.align`, "must be left, center or right");
        return;
      }
      case "thinking":
        if (!this.rules.draft) r.add(path, `the "thinking" block is allowed only in sendRichMessageDraft`);
        return this.requireText(`${path}.text`, b.text, inner);
      default:
        return r.add(`${path}.type`, `unknown block type ${show(type)}`);
    }
  }

  private walkListItem(path: string, item: unknown, depth: number): void {
    this.blocks++; // list items count toward the 500-block limit
    this.depth(path, depth);
    if (!isObj(item)) return this.r.add(path, "must be a list item object ({ blocks })");
    this.walkBlocks(`${path}.blocks`, item.blocks, depth + 1);
    if (item.has_checkbox !== undefined && item.has_checkbox !== true) this.r.add(`${path}.has_checkbox`, "must be true when set");
    if (item.is_checked !== undefined && item.is_checked !== true) this.r.add(`${path}.is_checked`, "must be true when set");
    if (item.value !== undefined && !isInt(item.value)) this.r.add(`${path}.value`, "must be an integer");
    if (item.type !== undefined && !LIST_ITEM_TYPES.has(String(item.type))) this.r.add(`${path}.type`, `must be one of a A i I 1 (got ${show(item.type)})`);
  }

  private walkTable(path: string, b: Obj, depth: number): void {
    const r = this.r;
    if (!Array.isArray(b.cells) || b.cells.length === 0) return r.add(`${path}.cells`, "must be a non-empty array of rows");
    b.cells.forEach((row, ri) => {
      const rp = `${path}.cells[${ri}]`;
      this.blocks++; // table rows count toward the 500-block limit
      if (!Array.isArray(row)) return r.add(rp, "must be an array of cells");
      let columns = 0;
      row.forEach((cell, ci) => {
        const cp = `${rp}[${ci}]`;
        if (!isObj(cell)) {
          columns++;
          return r.add(cp, "must be a RichBlockTableCell object");
        }
        if (!ALIGN.has(String(cell.align))) r.add(`${cp}.align`, `is required: left, center or right (got ${show(cell.align)})`);
        if (!VALIGN.has(String(cell.valign))) r.add(`${cp}.valign`, `is required: top, middle or bottom (got ${show(cell.valign)})`);
        if (cell.is_header !== undefined && cell.is_header !== true) r.add(`${cp}.is_header`, "must be true when set");
        for (const span of ["colspan", "rowspan"] as const) {
          if (cell[span] !== undefined && (!isInt(cell[span]) || (cell[span] as number) < 1)) r.add(`${cp}.${span}`, "must be a positive integer");
        }
        columns += isInt(cell.colspan) && cell.colspan > 1 ? cell.colspan : 1;
        this.optionalText(`${cp}.text`, cell.text, depth + 1);
      });
      if (columns > RICH_TABLE_COLUMNS_LIMIT) r.add(rp, `has ${columns} columns (limit ${RICH_TABLE_COLUMNS_LIMIT})`);
    });
    this.optionalText(`${path}.caption`, b.caption, depth);
  }

  private walkMap(path: string, b: Obj, depth: number): void {
    const r = this.r;
    const loc = b.location;
    if (!isObj(loc) || typeof loc.latitude !== "number" || typeof loc.longitude !== "number") {
      r.add(`${path}.location`, "must be a Location { latitude, longitude }");
    } else if (Math.abs(loc.latitude) > 90 || Math.abs(loc.longitude) > 180) {
      r.add(`${path}.location`, "latitude/longitude out of range");
    }
    if (!isInt(b.zoom) || b.zoom < 0 || b.zoom > 24) r.add(`${path}.zoom`, "must be an integer 0-24");
    const w = b.width;
    const h = b.height;
    if (!isInt(w) || w < 0 || w > 10_000) r.add(`${path}.width`, "must be an integer 0-10000");
    if (!isInt(h) || h < 0 || h > 10_000) r.add(`${path}.height`, "must be an integer 0-10000");
    if (isInt(w) && isInt(h)) {
      if (w + h > 10_000) r.add(path, "map width + height must not exceed 10000");
      if (Math.min(w, h) > 0 && Math.max(w, h) / Math.min(w, h) > 20) r.add(path, "map width/height ratio must be at most 20");
    }
    this.caption(`${path}.caption`, b.caption, depth);
  }

  private walkMediaBlock(path: string, b: Obj, type: string, depth: number): void {
    this.media++;
    const field = RICH_MEDIA_BLOCKS[type] as string;
    const m = b[field];
    if (!isObj(m)) {
      this.r.add(`${path}.${field}`, `is required: an InputMedia object of type "${type}"`);
    } else {
      if (m.type !== type) this.r.add(`${path}.${field}.type`, `must be "${type}" (got ${show(m.type)})`);
      this.source(`${path}.${field}.media`, m.media);
    }
    this.caption(`${path}.caption`, b.caption, depth);
  }

  source(path: string, v: unknown): void {
    if (typeof v === "string") {
      const ref = /^tg:\/\/(?:photo|video|document|audio)\?id=(.*)$/.exec(v);
      if (ref) this.usedMediaIds.add(ref[1] ?? "");
    }
    checkMediaSource(this.r, path, v, {
      allowUpload: !this.rules.onlyFileIds,
      allowUrl: !this.rules.onlyFileIds,
      richMediaIds: this.mediaIds,
    });
  }

  walkButton(path: string, b: unknown, depth: number): void {
    const r = this.r;
    if (!isObj(b)) return r.add(path, "must be a RichMessageButton object");
    if (b.text === undefined) r.add(`${path}.text`, "is required");
    else {
      this.walkText(`${path}.text`, b.text, depth);
      this.checkButtonText(`${path}.text`, b.text);
      if (plainOfRichText(b.text).trim() === "") r.add(`${path}.text`, "must be non-empty");
    }
    const actions = RICH_BUTTON_ACTIONS.filter((k) => b[k] !== undefined);
    if (actions.length !== 1) {
      r.add(path, `must have exactly one action (${RICH_BUTTON_ACTIONS.join(", ")}); has ${actions.length === 0 ? "none" : actions.join(" + ")}`);
    }
    for (const a of actions) checkButtonAction(r, path, b, a, false);
    if (b.style !== undefined) {
      if (!["danger", "success", "primary", "link"].includes(String(b.style))) r.add(`${path}.style`, "must be danger, success, primary or link");
      else if (b.style === "link" && b.callback_data === undefined) r.add(`${path}.style`, `"link" is allowed only for callback buttons`);
    }
  }

  /** Button text may contain only plain text, custom emoji and date-time. */
  private checkButtonText(path: string, t: unknown): void {
    if (typeof t === "string") return;
    if (Array.isArray(t)) return t.forEach((x, i) => this.checkButtonText(`${path}[${i}]`, x));
    if (isObj(t) && t.type !== "custom_emoji" && t.type !== "date_time") {
      this.r.add(path, `button text may contain only plain text, custom_emoji and date_time (got ${show(t.type)})`);
    }
  }

  walkText(path: string, t: unknown, depth: number): void {
    const r = this.r;
    if (typeof t === "string") {
      this.textUnits += utf16Len(t);
      return;
    }
    if (Array.isArray(t)) {
      t.forEach((x, i) => this.walkText(`${path}[${i}]`, x, depth));
      return;
    }
    if (!isObj(t)) return r.add(path, `must be RichText (a string, an array or a typed object), got ${show(t)}`);
    this.depth(path, depth);
    const type = t.type;
    const inner = depth + 1;
    if (typeof type === "string" && SIMPLE_RICH_TEXT_TYPES.has(type)) return this.requireText(`${path}.text`, t.text, inner);
    if (typeof type === "string" && FIELD_RICH_TEXT_TYPES[type] !== undefined) {
      const field = FIELD_RICH_TEXT_TYPES[type] as string;
      this.requireText(`${path}.text`, t.text, inner);
      if (typeof t[field] !== "string" || t[field] === "") r.add(`${path}.${field}`, "must be a non-empty string");
      return;
    }
    switch (type) {
      case "date_time":
        this.requireText(`${path}.text`, t.text, inner);
        if (!isInt(t.unix_time)) r.add(`${path}.unix_time`, "must be an integer");
        if (typeof t.date_time_format !== "string" || !DATE_TIME_FORMAT_RE.test(t.date_time_format)) {
          r.add(`${path}.date_time_format`, `invalid date_time_format ${show(t.date_time_format)}`);
        }
        return;
      case "text_mention":
        this.requireText(`${path}.text`, t.text, inner);
        if (!isObj(t.user) || !isInt(t.user.id)) r.add(`${path}.user`, "must be a User with an integer id");
        return;
      case "custom_emoji":
        if (typeof t.custom_emoji_id !== "string" || !/^\d+$/.test(t.custom_emoji_id)) r.add(`${path}.custom_emoji_id`, "must be a numeric string");
        if (typeof t.alternative_text !== "string" || t.alternative_text === "") r.add(`${path}.alternative_text`, "must be a non-empty string");
        else this.textUnits += utf16Len(t.alternative_text);
        return;
      case "mathematical_expression":
        if (typeof t.expression !== "string" || t.expression === "") r.add(`${path}.expression`, "must be a non-empty LaTeX string");
        else this.textUnits += utf16Len(t.expression);
        return;
      case "url":
        this.requireText(`${path}.text`, t.text, inner);
        checkUrlAt(r, `${path}.url`, t.url, { allowTg: true });
        return;
      case "button":
        return this.walkButton(`${path}.button`, t.button, inner);
      case "anchor":
        if (typeof t.name !== "string" || t.name === "") r.add(`${path}.name`, "must be a non-empty string");
        else this.anchors.add(t.name);
        return;
      case "anchor_link":
        this.requireText(`${path}.text`, t.text, inner);
        if (typeof t.anchor_name !== "string") r.add(`${path}.anchor_name`, "must be a string (empty = top of the message)");
        else if (t.anchor_name !== "") this.anchorLinks.push({ path: `${path}.anchor_name`, name: t.anchor_name });
        return;
      case "reference":
        this.requireText(`${path}.text`, t.text, inner);
        if (typeof t.name !== "string" || t.name === "") r.add(`${path}.name`, "must be a non-empty string");
        else this.references.add(t.name);
        return;
      case "reference_link":
        this.requireText(`${path}.text`, t.text, inner);
        if (typeof t.reference_name !== "string" || t.reference_name === "") r.add(`${path}.reference_name`, "must be a non-empty string");
        else this.referenceLinks.push({ path: `${path}.reference_name`, name: t.reference_name });
        return;
      default:
        return r.add(`${path}.type`, `unknown RichText type ${show(type)}`);
    }
  }

  finish(path: string): void {
    const r = this.r;
    if (this.blocks > RICH_BLOCKS_LIMIT) r.add(path, `has ${this.blocks} blocks incl. nested blocks, list items and table rows (limit ${RICH_BLOCKS_LIMIT})`);
    if (this.maxDepth > RICH_NESTING_LIMIT) r.add(path, `nesting depth ${this.maxDepth} at ${this.deepestPath} (limit ${RICH_NESTING_LIMIT})`);
    if (this.media > RICH_MEDIA_LIMIT) r.add(path, `has ${this.media} media (limit ${RICH_MEDIA_LIMIT})`);
    if (this.textUnits > RICH_TEXT_LIMIT_UTF16) r.add(path, `has ${this.textUnits} UTF-16 units of text (limit ${RICH_TEXT_LIMIT_UTF16})`);
    for (const l of this.anchorLinks) if (!this.anchors.has(l.name)) r.add(l.path, `links to anchor ${show(l.name)} which does not exist`);
    for (const l of this.referenceLinks) if (!this.references.has(l.name)) r.add(l.path, `links to reference ${show(l.name)} which does not exist`);
  }
}

function plainOfRichText(t: unknown): string {
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.map(plainOfRichText).join("");
  if (isObj(t)) {
    if (t.type === "custom_emoji") return String(t.alternative_text ?? "");
    if (t.type === "mathematical_expression") return String(t.expression ?? "");
    return plainOfRichText(t.text);
  }
  return "";
}

function checkRichMessage(r: Report, path: string, rm: unknown, rules: RichRules): void {
  if (rm === undefined) return r.add(path, "is required");
  if (!isObj(rm)) return r.add(path, "must be an InputRichMessage object");
  const given = (["blocks", "html", "markdown"] as const).filter((k) => rm[k] !== undefined);
  if (given.length !== 1) r.add(path, `exactly one of blocks, html, markdown must be used (got ${given.length === 0 ? "none" : given.join(" + ")})`);
  const mediaIds = new Set<string>();
  const mediaEntries = rm.media;
  if (mediaEntries !== undefined) {
    if (!Array.isArray(mediaEntries)) r.add(`${path}.media`, "must be an array");
    else {
      mediaEntries.forEach((m, i) => {
        const mp = `${path}.media[${i}]`;
        if (!isObj(m)) return r.add(mp, "must be an InputRichMessageMedia object");
        if (typeof m.id !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(m.id)) r.add(`${mp}.id`, "must be 1-64 characters of A-Z a-z 0-9 _ -");
        else if (mediaIds.has(m.id)) r.add(`${mp}.id`, `duplicate media id ${show(m.id)}`);
        else mediaIds.add(m.id);
        const media = m.media;
        if (!isObj(media) || !RICH_MEDIA_ENTRY_TYPES.has(String(media.type))) return r.add(`${mp}.media`, "must be an InputMedia (animation, audio, document, photo, video or voice_note)");
        checkMediaSource(r, `${mp}.media.media`, media.media, { allowUpload: !rules.onlyFileIds, allowUrl: !rules.onlyFileIds });
      });
    }
  }
  for (const flag of ["is_rtl", "skip_entity_detection"] as const) {
    if (rm[flag] !== undefined && typeof rm[flag] !== "boolean") r.add(`${path}.${flag}`, "must be a boolean");
  }
  const walker = new RichWalker(r, rules, mediaIds);
  if (rm.blocks !== undefined) {
    walker.walkBlocks(`${path}.blocks`, rm.blocks, 1);
  } else if (rm.html !== undefined) {
    if (typeof rm.html !== "string" || rm.html.trim() === "") r.add(`${path}.html`, "must be a non-empty string");
    else checkRichHtml(r, `${path}.html`, rm.html, walker, rules);
  } else if (rm.markdown !== undefined) {
    if (typeof rm.markdown !== "string" || rm.markdown.trim() === "") r.add(`${path}.markdown`, "must be a non-empty string");
    else checkRichMarkdown(r, `${path}.markdown`, rm.markdown, walker);
  }
  walker.finish(path);
  if (mediaIds.size > 0) {
    for (const id of mediaIds) if (!walker.usedMediaIds.has(id)) r.add(`${path}.media`, `entry ${show(id)} is never referenced (tg://photo?id=${id})`);
  }
}

/**
 * Rich Markdown can't be parsed fully here; we check what we can: the text limit (raw length as an upper bound),
 * tg:// media references and link/media URLs.
 */
function checkRichMarkdown(r: Report, path: string, md: string, walker: RichWalker): void {
  walker.textUnits += utf16Len(md);
  for (const m of md.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const isMedia = m[1] === "!";
    const target = m[2] ?? "";
    if (isMedia) {
      if (/^tg:\/\/(emoji|time)\?/.test(target)) continue;
      walker.media++;
      walker.source(path, target);
    } else if (!/^(mailto:|tel:|#)/.test(target)) {
      checkUrlAt(r, path, target, { allowTg: true });
    }
  }
}

// Rich HTML: the tags listed in the "Rich HTML style" section of rich.d.ts; anything else is refused.
const RICH_HTML_TAGS = new Set([
  "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "mark", "sub", "sup", "tg-spoiler",
  "tg-reference", "tg-emoji", "img", "tg-time", "tg-math", "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "footer",
  "hr", "ul", "ol", "li", "input", "br", "blockquote", "cite", "aside", "video", "audio", "tg-document", "figure",
  "figcaption", "tg-map", "tg-collage", "tg-slideshow", "table", "caption", "tr", "th", "td", "details", "summary",
  "tg-math-block", "tg-button", "tg-button-row", "tg-thinking",
]);
const RICH_HTML_VOID = new Set(["br", "hr", "img", "input", "tg-map"]);
const RICH_HTML_BLOCKS = new Set([
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "pre", "footer", "hr", "ul", "ol", "li", "blockquote", "aside", "figure",
  "video", "audio", "tg-document", "tg-map", "tg-collage", "tg-slideshow", "table", "tr", "details", "tg-math-block",
  "tg-button-row",
]);
const RICH_BUTTON_TYPES = new Set([
  "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat", "copy_text", "disabled",
]);

interface RichOpen {
  name: string;
  columns: number;
  buttons: number;
}

function checkRichHtml(r: Report, path: string, html: string, walker: RichWalker, rules: RichRules): void {
  const stack: RichOpen[] = [];
  const hrefAnchors: string[] = [];
  const unsupported = new Set<string>();
  let i = 0;
  const problem = (p: string): void => r.add(path, p);
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === "&") {
      const d = decodeEntityAt(html, i, RICH_NAMED_ENTITIES);
      if (d.problem) problem(d.problem);
      walker.textUnits += utf16Len(d.text);
      i = d.next;
      continue;
    }
    if (ch === ">") {
      problem(`raw '>' at offset ${i}: escape it as &gt;`);
      walker.textUnits++;
      i++;
      continue;
    }
    if (ch !== "<") {
      if (!isSpace(ch)) walker.textUnits++;
      i++;
      continue;
    }
    const scan = scanTag(html, i, RICH_NAMED_ENTITIES);
    if (scan.kind === "not-a-tag") {
      problem(`raw '<' at offset ${i} does not start a tag: escape it as &lt;`);
      i++;
      continue;
    }
    if (scan.kind === "broken") {
      problem(scan.problem);
      i = scan.end;
      continue;
    }
    for (const p of scan.problems) problem(p);
    const tag = scan.tag;
    const tagStart = i;
    i = tag.end;
    if (!RICH_HTML_TAGS.has(tag.name)) {
      if (unsupported.has(tag.name)) continue;
      unsupported.add(tag.name);
      problem(`unsupported rich HTML tag <${tag.closing ? "/" : ""}${tag.name}> (div, span, script, iframe and unknown tags are refused)`);
      continue;
    }
    if (tag.name === "tg-thinking" && !rules.draft) problem("<tg-thinking> is allowed only in sendRichMessageDraft");
    if (tag.closing) {
      if (RICH_HTML_VOID.has(tag.name)) {
        problem(`end tag </${tag.name}> for a void element at offset ${tagStart}`);
        continue;
      }
      const top = stack[stack.length - 1];
      if (!top) {
        problem(`unexpected end tag </${tag.name}>`);
        continue;
      }
      if (top.name !== tag.name) {
        problem(`mismatched or overlapping tags: expected </${top.name}> but found </${tag.name}>`);
        const idx = stack.map((t) => t.name).lastIndexOf(tag.name);
        if (idx < 0) continue;
        stack.length = idx + 1;
      }
      const closed = stack.pop() as RichOpen;
      if (closed.name === "tr" && closed.columns > RICH_TABLE_COLUMNS_LIMIT) problem(`a table row has ${closed.columns} columns (limit ${RICH_TABLE_COLUMNS_LIMIT})`);
      if (closed.name === "tg-button-row" && (closed.buttons < RICH_BUTTONS_PER_BLOCK_MIN || closed.buttons > RICH_BUTTONS_PER_BLOCK_MAX)) {
        problem(`<tg-button-row> needs ${RICH_BUTTONS_PER_BLOCK_MIN}-${RICH_BUTTONS_PER_BLOCK_MAX} buttons (got ${closed.buttons})`);
      }
      continue;
    }
    checkRichHtmlTag(`${path} <${tag.name}> at offset ${tagStart}`, tag, stack, walker, hrefAnchors, problem);
    const depth = stack.length + 1;
    if (depth > walker.maxDepth) {
      walker.maxDepth = depth;
      walker.deepestPath = `${path} <${tag.name}> at offset ${tagStart}`;
    }
    if (RICH_HTML_BLOCKS.has(tag.name)) walker.blocks++;
    if (!RICH_HTML_VOID.has(tag.name) && !tag.selfClosing) stack.push({ name: tag.name, columns: 0, buttons: 0 });
  }
  for (const open of stack.reverse()) problem(`unclosed tag <${open.name}>`);
  for (const name of hrefAnchors) if (!walker.anchors.has(name) && !walker.references.has(name)) problem(`<a href="#${name}"> links to an anchor that does not exist`);
}

function checkRichHtmlTag(
  where: string,
  tag: ScannedTag,
  stack: RichOpen[],
  walker: RichWalker,
  hrefAnchors: string[],
  problem: (p: string) => void,
): void {
  const attr = (n: string): string | true | undefined => tag.attrs.get(n);
  const str = (n: string): string | undefined => {
    const v = attr(n);
    return typeof v === "string" ? v : undefined;
  };
  switch (tag.name) {
    case "a": {
      const href = str("href");
      const name = str("name");
      if (name !== undefined) walker.anchors.add(name);
      if (href === undefined) {
        if (name === undefined) problem("<a> needs href or name");
      } else if (href.startsWith("#")) {
        if (href.length > 1) hrefAnchors.push(href.slice(1));
      } else if (!/^(mailto:|tel:)/i.test(href)) {
        const p = urlProblem(href, { allowTg: true });
        if (p) problem(`<a href>: ${p}`);
      }
      return;
    }
    case "tg-reference": {
      const name = str("name");
      if (!name) problem("<tg-reference> needs a name attribute");
      else walker.references.add(name);
      return;
    }
    case "tg-emoji":
      if (!/^\d+$/.test(str("emoji-id") ?? "")) problem("<tg-emoji> needs a numeric emoji-id attribute");
      return;
    case "tg-time": {
      if (!/^\d+$/.test(str("unix") ?? "")) problem("<tg-time> needs a numeric unix attribute");
      const f = str("format");
      if (f !== undefined && !DATE_TIME_FORMAT_RE.test(f)) problem(`<tg-time format=${show(f)}> is not a valid date-time format`);
      return;
    }
    case "img":
    case "video":
    case "audio":
    case "tg-document": {
      const src = str("src");
      if (src === undefined) return problem(`<${tag.name}> needs a src attribute`);
      if (tag.name === "img" && src.startsWith("tg://emoji?id=")) {
        const alt = str("alt");
        if (!alt) problem("<img src=\"tg://emoji?id=…\"> needs an alt emoji");
        else walker.textUnits += utf16Len(alt);
        return;
      }
      walker.media++;
      if (/^tg:\/\//.test(src)) walker.source(where, src);
      else {
        const p = urlProblem(src);
        if (p) problem(`<${tag.name} src>: ${p} (media blocks support only absolute http(s) URLs)`);
      }
      return;
    }
    case "td":
    case "th": {
      const row = [...stack].reverse().find((t) => t.name === "tr");
      if (!row) problem(`<${tag.name}> outside <tr>`);
      else {
        const span = Number(str("colspan") ?? "1");
        row.columns += Number.isInteger(span) && span > 1 ? span : 1;
      }
      const align = str("align");
      if (align !== undefined && !ALIGN.has(align)) problem(`<${tag.name} align=${show(align)}> must be left, center or right`);
      const valign = str("valign");
      if (valign !== undefined && !VALIGN.has(valign)) problem(`<${tag.name} valign=${show(valign)}> must be top, middle or bottom`);
      return;
    }
    case "tg-button": {
      const row = stack[stack.length - 1];
      if (row?.name === "tg-button-row") row.buttons++;
      const type = str("type");
      if (type === undefined || !RICH_BUTTON_TYPES.has(type)) return problem(`<tg-button type=${show(type)}> is not a known button type`);
      if (type === "url") {
        const p = urlProblem(str("url"), { allowTg: true });
        if (p) problem(`<tg-button url>: ${p}`);
      } else if (type === "web_app" || type === "login_url") {
        const p = urlProblem(str("url"), { httpsOnly: true });
        if (p) problem(`<tg-button url>: ${p}`);
      } else if (type === "callback_data") {
        const data = str("data") ?? "";
        const n = utf8Len(data);
        if (n < 1 || n > CALLBACK_DATA_LIMIT_BYTES) problem(`<tg-button data>: callback data is ${n} bytes; must be 1-${CALLBACK_DATA_LIMIT_BYTES}`);
      }
      const style = str("style");
      if (style !== undefined && !["danger", "success", "primary", "link"].includes(style)) problem(`<tg-button style=${show(style)}> is not a known style`);
      return;
    }
    case "tg-button-row": {
      const align = str("align");
      if (align !== undefined && !ALIGN.has(align)) problem(`<tg-button-row align=${show(align)}> must be left, center or right`);
      return;
    }
  }
}

// ————————————————————————————————————————————————————————————————— inline mode

const INLINE_RESULT_TYPES = new Set([
  "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location", "venue", "contact", "game", "sticker",
]);

function checkInputMessageContent(r: Report, path: string, imc: unknown): void {
  if (!isObj(imc)) return r.add(path, "must be an InputMessageContent object");
  if (imc.message_text !== undefined) {
    checkFormattedText(r, imc.message_text, imc.parse_mode, imc.entities, {
      limit: TEXT_LIMIT_UTF16,
      required: true,
      textPath: `${path}.message_text`,
      parseModePath: `${path}.parse_mode`,
      entitiesPath: `${path}.entities`,
    });
    checkLinkPreview(r, `${path}.link_preview_options`, imc.link_preview_options);
    return;
  }
  if (imc.rich_message !== undefined) return checkRichMessage(r, `${path}.rich_message`, imc.rich_message, { draft: false, onlyFileIds: true });
  if (typeof imc.latitude === "number" && typeof imc.longitude === "number") return;
  if (typeof imc.phone_number === "string" && typeof imc.first_name === "string") return;
  if (typeof imc.title === "string" && typeof imc.payload === "string" && typeof imc.currency === "string") return;
  r.add(path, "is not a known InputMessageContent (message_text, rich_message, location, venue, contact or invoice)");
}

function checkInlineResult(r: Report, path: string, res: Obj): void {
  const type = String(res.type);
  const need = (field: string): void => {
    if (typeof res[field] !== "string" || res[field] === "") r.add(`${path}.${field}`, `is required for ${type} results`);
  };
  const needUrl = (field: string): void => {
    if (res[field] === undefined) r.add(`${path}.${field}`, `is required for ${type} results`);
    else checkUrlAt(r, `${path}.${field}`, res[field]);
  };
  const cached = (field: string): boolean => res[`${field}_file_id`] !== undefined;
  switch (type) {
    case "article":
      need("title");
      if (res.input_message_content === undefined) r.add(`${path}.input_message_content`, "is required for article results");
      if (res.url !== undefined && res.url !== "") checkUrlAt(r, `${path}.url`, res.url);
      break;
    case "photo":
      if (!cached("photo")) {
        needUrl("photo_url");
        needUrl("thumbnail_url");
      }
      break;
    case "gif":
    case "mpeg4_gif":
      if (!cached(type)) {
        needUrl(`${type}_url`);
        needUrl("thumbnail_url");
      }
      break;
    case "video":
      need("title");
      if (!cached("video")) {
        needUrl("video_url");
        needUrl("thumbnail_url");
        need("mime_type");
      }
      break;
    case "audio":
    case "voice":
      if (!cached(type)) {
        needUrl(`${type}_url`);
        need("title");
      } else if (type === "voice") need("title");
      break;
    case "document":
      need("title");
      if (!cached("document")) {
        needUrl("document_url");
        need("mime_type");
      }
      break;
    case "location":
    case "venue":
      need("title");
      if (typeof res.latitude !== "number" || typeof res.longitude !== "number") r.add(path, `${type} results need latitude and longitude`);
      if (type === "venue") need("address");
      break;
    case "contact":
      need("phone_number");
      need("first_name");
      break;
    case "game":
      need("game_short_name");
      break;
    case "sticker":
      need("sticker_file_id");
      break;
  }
  if (res.thumbnail_url !== undefined && !["photo", "gif", "mpeg4_gif", "video"].includes(type)) checkUrlAt(r, `${path}.thumbnail_url`, res.thumbnail_url);
  if (res.caption !== undefined || res.caption_entities !== undefined) checkCaption(r, res, `${path}.`);
  if (res.input_message_content !== undefined) checkInputMessageContent(r, `${path}.input_message_content`, res.input_message_content);
  checkReplyMarkup(r, `${path}.reply_markup`, res.reply_markup, { inlineOnly: true });
}

// ————————————————————————————————————————————————————————————————— methods

/** Parameters of the methods the bot uses (from @grammyjs/types methods.d.ts); anything else is ignored by Telegram. */
const METHOD_PARAMS: Record<string, readonly string[]> = {
  sendMessage: ["business_connection_id", "chat_id", "message_thread_id", "direct_messages_topic_id", "ephemeral_message_parameters", "text", "parse_mode", "entities", "link_preview_options", "disable_notification", "protect_content", "allow_paid_broadcast", "suggested_post_parameters", "message_effect_id", "reply_parameters", "reply_markup", "reply_to_message_id"],
  editMessageText: ["business_connection_id", "chat_id", "message_id", "inline_message_id", "text", "parse_mode", "entities", "link_preview_options", "rich_message", "reply_markup"],
  sendPhoto: ["business_connection_id", "chat_id", "message_thread_id", "direct_messages_topic_id", "ephemeral_message_parameters", "photo", "caption", "parse_mode", "caption_entities", "show_caption_above_media", "has_spoiler", "disable_notification", "protect_content", "allow_paid_broadcast", "suggested_post_parameters", "message_effect_id", "reply_parameters", "reply_markup", "reply_to_message_id"],
  sendDocument: ["business_connection_id", "chat_id", "message_thread_id", "direct_messages_topic_id", "ephemeral_message_parameters", "document", "thumbnail", "caption", "parse_mode", "caption_entities", "disable_content_type_detection", "disable_notification", "protect_content", "allow_paid_broadcast", "suggested_post_parameters", "message_effect_id", "reply_parameters", "reply_markup", "reply_to_message_id"],
  editMessageCaption: ["business_connection_id", "chat_id", "message_id", "inline_message_id", "caption", "parse_mode", "caption_entities", "show_caption_above_media", "reply_markup"],
  copyMessage: ["chat_id", "message_thread_id", "direct_messages_topic_id", "from_chat_id", "message_id", "video_start_timestamp", "caption", "parse_mode", "caption_entities", "show_caption_above_media", "disable_notification", "protect_content", "allow_paid_broadcast", "message_effect_id", "suggested_post_parameters", "reply_parameters", "reply_markup", "reply_to_message_id"],
  sendMediaGroup: ["business_connection_id", "chat_id", "message_thread_id", "direct_messages_topic_id", "media", "disable_notification", "protect_content", "allow_paid_broadcast", "message_effect_id", "reply_parameters", "reply_to_message_id"],
  sendRichMessage: ["business_connection_id", "chat_id", "message_thread_id", "direct_messages_topic_id", "ephemeral_message_parameters", "rich_message", "disable_notification", "protect_content", "allow_paid_broadcast", "message_effect_id", "suggested_post_parameters", "reply_parameters", "reply_markup"],
  sendRichMessageDraft: ["chat_id", "message_thread_id", "draft_id", "rich_message", "can_stop", "keep_on_stop"],
  answerCallbackQuery: ["callback_query_id", "text", "show_alert", "url", "cache_time"],
  answerInlineQuery: ["inline_query_id", "results", "cache_time", "is_personal", "next_offset", "button"],
  setMyCommands: ["commands", "scope", "language_code"],
  deleteMyCommands: ["scope", "language_code"],
  getMyCommands: ["scope", "language_code"],
  setMyDescription: ["description", "language_code"],
  setMyShortDescription: ["short_description", "language_code"],
  setMyName: ["name", "language_code"],
  editMessageReplyMarkup: ["business_connection_id", "chat_id", "message_id", "inline_message_id", "reply_markup"],
  deleteMessage: ["chat_id", "message_id"],
  deleteMessages: ["chat_id", "message_ids"],
  sendChatAction: ["business_connection_id", "chat_id", "message_thread_id", "action"],
  getUpdates: ["offset", "limit", "timeout", "allowed_updates"],
  deleteWebhook: ["drop_pending_updates"],
  getMe: [],
  getWebhookInfo: [],
  logOut: [],
  close: [],
};

/** Every Bot API 10 method (from @grammyjs/types methods.d.ts): a typo in a method name is a 404. */
const KNOWN_METHODS = new Set(
  (
    "addStickerToSet answerCallbackQuery answerChatJoinRequestQuery answerGuestQuery answerInlineQuery answerPreCheckoutQuery " +
    "answerShippingQuery answerWebAppQuery approveChatJoinRequest approveSuggestedPost banChatMember banChatSenderChat " +
    "closeForumTopic closeGeneralForumTopic convertGiftToStars copyMessage copyMessages createChatInviteLink " +
    "createChatSubscriptionInviteLink createForumTopic createInvoiceLink createNewStickerSet declineChatJoinRequest " +
    "declineSuggestedPost deleteAllMessageReactions deleteBusinessMessages deleteChatPhoto deleteChatStickerSet " +
    "deleteEphemeralMessage deleteForumTopic deleteMessage deleteMessageReaction deleteMessages deleteMyCommands " +
    "deleteStickerFromSet deleteStickerSet deleteStory deleteWebhook editChatInviteLink editChatSubscriptionInviteLink " +
    "editEphemeralMessageCaption editEphemeralMessageMedia editEphemeralMessageReplyMarkup editEphemeralMessageText " +
    "editForumTopic editGeneralForumTopic editMessageCaption editMessageChecklist editMessageLiveLocation editMessageMedia " +
    "editMessageReplyMarkup editMessageText editStory editUserStarSubscription exportChatInviteLink forwardMessage " +
    "forwardMessages getBusinessAccountGifts getBusinessAccountStarBalance getBusinessConnection getChat " +
    "getChatAdministrators getChatGifts getChatMember getChatMemberCount getChatMenuButton getCustomEmojiStickers getFile " +
    "getGameHighScores getManagedBotAccessSettings getManagedBotToken getMyCommands getMyDefaultAdministratorRights " +
    "getMyDescription getMyName getMyShortDescription getStarTransactions getStickerSet getUpdates getUserChatBoosts " +
    "getUserGifts getUserPersonalChatMessages getUserProfileAudios getUserProfilePhotos giftPremiumSubscription " +
    "hideGeneralForumTopic leaveChat pinChatMessage postStory promoteChatMember readBusinessMessage refundStarPayment " +
    "removeBusinessAccountProfilePhoto removeChatVerification removeUserVerification reopenForumTopic " +
    "reopenGeneralForumTopic replaceManagedBotToken replaceStickerInSet repostStory restrictChatMember " +
    "revokeChatInviteLink savePreparedInlineMessage savePreparedKeyboardButton sendAnimation sendAudio sendChatAction " +
    "sendChatJoinRequestWebApp sendChecklist sendContact sendDice sendDocument sendGame sendGift sendInvoice " +
    "sendLivePhoto sendLocation sendMediaGroup sendMessage sendMessageDraft sendPaidMedia sendPhoto sendPoll " +
    "sendRichMessage sendRichMessageDraft sendSticker sendVenue sendVideo sendVideoNote sendVoice " +
    "setBusinessAccountBio setBusinessAccountGiftSettings setBusinessAccountName setBusinessAccountProfilePhoto " +
    "setBusinessAccountUsername setChatAdministratorCustomTitle setChatDescription setChatMemberTag setChatMenuButton " +
    "setChatPermissions setChatPhoto setChatStickerSet setChatTitle setCustomEmojiStickerSetThumbnail setGameScore " +
    "setManagedBotAccessSettings setMessageReaction setMyCommands setMyDefaultAdministratorRights setMyDescription " +
    "setMyName setMyProfilePhoto setMyShortDescription setPassportDataErrors setStickerEmojiList setStickerKeywords " +
    "setStickerMaskPosition setStickerPositionInSet setStickerSetThumbnail setStickerSetTitle setUserEmojiStatus " +
    "setWebhook stopMessageLiveLocation stopPoll transferBusinessAccountStars transferGift unbanChatMember " +
    "unbanChatSenderChat unhideGeneralForumTopic unpinAllChatMessages unpinAllForumTopicMessages " +
    "unpinAllGeneralForumTopicMessages unpinChatMessage upgradeGift uploadStickerFile verifyChat verifyUser " +
    "getWebhookInfo getMe logOut close getForumTopicIconStickers removeMyProfilePhoto getMyStarBalance getAvailableGifts"
  ).split(" "),
);

/** True for every method of Bot API 10 (as typed in @grammyjs/types). */
export function isKnownBotApiMethod(method: string): boolean {
  return KNOWN_METHODS.has(method);
}

const CHAT_ACTIONS = new Set([
  "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
  "choose_sticker", "find_location", "record_video_note", "upload_video_note",
]);

type MethodChecker = (r: Report, p: Obj, o: CheckOptions) => void;

function checkEditTarget(r: Report, p: Obj, o: CheckOptions): void {
  if (o.ignoreTarget) return;
  const inline = p.inline_message_id !== undefined;
  const byChat = p.chat_id !== undefined || p.message_id !== undefined;
  if (inline && byChat) r.add("inline_message_id", "use either inline_message_id or chat_id + message_id, not both");
  else if (inline) {
    if (typeof p.inline_message_id !== "string" || p.inline_message_id === "") r.add("inline_message_id", "must be a non-empty string");
  } else {
    checkTarget(r, "chat_id", p.chat_id);
    if (!isInt(p.message_id)) r.add("message_id", "is required (integer) unless inline_message_id is given");
  }
}

function checkSendTarget(r: Report, p: Obj, o: CheckOptions): void {
  if (!o.ignoreTarget) checkTarget(r, "chat_id", p.chat_id);
}

const CHECKERS: Record<string, MethodChecker> = {
  sendMessage(r, p, o) {
    checkSendTarget(r, p, o);
    checkFormattedText(r, p.text, p.parse_mode, p.entities, messageTextRules());
    checkLinkPreview(r, "link_preview_options", p.link_preview_options);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: false, chatId: p.chat_id });
  },
  editMessageText(r, p, o) {
    checkEditTarget(r, p, o);
    if (p.text !== undefined && p.rich_message !== undefined) r.add("", "editMessageText takes either text or rich_message, not both");
    if (p.rich_message !== undefined) {
      if (p.parse_mode !== undefined || p.entities !== undefined) r.add("rich_message", "parse_mode/entities are ignored with rich_message");
      checkRichMessage(r, "rich_message", p.rich_message, { draft: false, onlyFileIds: p.inline_message_id !== undefined });
    } else {
      checkFormattedText(r, p.text, p.parse_mode, p.entities, messageTextRules());
    }
    checkLinkPreview(r, "link_preview_options", p.link_preview_options);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: true });
  },
  sendPhoto(r, p, o) {
    checkSendTarget(r, p, o);
    if (p.photo === undefined) r.add("photo", "is required");
    else checkMediaSource(r, "photo", p.photo, { allowUpload: true, allowUrl: true });
    checkCaption(r, p);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: false, chatId: p.chat_id });
  },
  sendDocument(r, p, o) {
    checkSendTarget(r, p, o);
    if (p.document === undefined) r.add("document", "is required");
    else checkMediaSource(r, "document", p.document, { allowUpload: true, allowUrl: true });
    if (p.thumbnail !== undefined && !isUpload(p.thumbnail) && !(typeof p.thumbnail === "string" && p.thumbnail.startsWith("attach://"))) {
      r.add("thumbnail", "must be an uploaded InputFile (a URL or file_id is not accepted for thumbnails)");
    }
    checkCaption(r, p);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: false, chatId: p.chat_id });
  },
  editMessageCaption(r, p, o) {
    checkEditTarget(r, p, o);
    checkCaption(r, p);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: true });
  },
  copyMessage(r, p, o) {
    if (!o.ignoreTarget) {
      checkTarget(r, "chat_id", p.chat_id);
      checkTarget(r, "from_chat_id", p.from_chat_id);
      if (!isInt(p.message_id)) r.add("message_id", "is required (integer)");
    }
    checkCaption(r, p);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: false, chatId: p.chat_id });
  },
  sendMediaGroup(r, p, o) {
    checkSendTarget(r, p, o);
    const media = p.media;
    if (!Array.isArray(media)) return r.add("media", "must be an array of 2-10 InputMedia");
    if (media.length < MEDIA_GROUP_MIN || media.length > MEDIA_GROUP_MAX) r.add("media", `must include ${MEDIA_GROUP_MIN}-${MEDIA_GROUP_MAX} items (got ${media.length})`);
    const kinds = new Set<string>();
    media.forEach((m, i) => {
      const mp = `media[${i}]`;
      if (!isObj(m)) return r.add(mp, "must be an InputMedia object");
      const t = String(m.type);
      if (!["photo", "video", "live_photo", "audio", "document"].includes(t)) return r.add(`${mp}.type`, `${show(m.type)} can't be in a media group`);
      kinds.add(t === "audio" ? "audio" : t === "document" ? "document" : "visual");
      checkMediaSource(r, `${mp}.media`, m.media, { allowUpload: true, allowUrl: true });
      checkCaption(r, m, `${mp}.`);
    });
    if (kinds.size > 1) r.add("media", "audio and documents can be grouped only with their own kind (photos/videos separately)");
    if (p.reply_markup !== undefined) r.add("reply_markup", "sendMediaGroup does not accept reply_markup (ignored)");
  },
  sendRichMessage(r, p, o) {
    checkSendTarget(r, p, o);
    checkRichMessage(r, "rich_message", p.rich_message, { draft: false, onlyFileIds: false });
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: false, chatId: p.chat_id });
  },
  sendRichMessageDraft(r, p, o) {
    checkSendTarget(r, p, o);
    checkRichMessage(r, "rich_message", p.rich_message, { draft: true, onlyFileIds: true });
  },
  answerCallbackQuery(r, p) {
    if (typeof p.callback_query_id !== "string" || p.callback_query_id === "") r.add("callback_query_id", "is required");
    if (p.text !== undefined) checkStringLen(r, "text", p.text, 0, CALLBACK_ANSWER_LIMIT_UTF16);
    if (p.url !== undefined) checkUrlAt(r, "url", p.url, { allowTg: true });
    if (p.cache_time !== undefined && (!isInt(p.cache_time) || p.cache_time < 0)) r.add("cache_time", "must be a non-negative integer");
  },
  answerInlineQuery(r, p) {
    if (typeof p.inline_query_id !== "string" || p.inline_query_id === "") r.add("inline_query_id", "is required");
    const results = p.results;
    if (!Array.isArray(results)) r.add("results", "must be an array");
    else {
      if (results.length > INLINE_RESULTS_LIMIT) r.add("results", `has ${results.length} results (limit ${INLINE_RESULTS_LIMIT})`);
      const ids = new Set<string>();
      results.forEach((res, i) => {
        const rp = `results[${i}]`;
        if (!isObj(res)) return r.add(rp, "must be an InlineQueryResult object");
        if (typeof res.type !== "string" || !INLINE_RESULT_TYPES.has(res.type)) return r.add(`${rp}.type`, `unknown inline result type ${show(res.type)}`);
        if (typeof res.id !== "string") r.add(`${rp}.id`, "must be a string");
        else {
          const n = utf8Len(res.id);
          if (n < 1 || n > INLINE_RESULT_ID_LIMIT_BYTES) r.add(`${rp}.id`, `is ${n} bytes; must be 1-${INLINE_RESULT_ID_LIMIT_BYTES}`);
          if (ids.has(res.id)) r.add(`${rp}.id`, `duplicate result id ${show(res.id)}`);
          ids.add(res.id);
        }
        checkInlineResult(r, rp, res);
      });
    }
    if (p.next_offset !== undefined) checkStringLen(r, "next_offset", p.next_offset, 0, INLINE_NEXT_OFFSET_LIMIT_BYTES, "bytes");
    if (p.cache_time !== undefined && (!isInt(p.cache_time) || p.cache_time < 0)) r.add("cache_time", "must be a non-negative integer");
    const button = p.button;
    if (button !== undefined) {
      if (!isObj(button)) r.add("button", "must be an InlineQueryResultsButton object");
      else {
        if (typeof button.text !== "string" || button.text.trim() === "") r.add("button.text", "must be non-empty");
        const actions = ["web_app", "start_parameter"].filter((k) => button[k] !== undefined);
        if (actions.length !== 1) r.add("button", "must have exactly one of web_app, start_parameter");
        if (button.start_parameter !== undefined && (typeof button.start_parameter !== "string" || !DEEP_LINK_PAYLOAD_RE.test(button.start_parameter))) {
          r.add("button.start_parameter", "must be 1-64 characters of A-Z a-z 0-9 _ -");
        }
        if (isObj(button.web_app)) checkUrlAt(r, "button.web_app.url", button.web_app.url, { httpsOnly: true });
      }
    }
  },
  setMyCommands(r, p) {
    const commands = p.commands;
    if (!Array.isArray(commands)) return r.add("commands", "must be an array of BotCommand");
    if (commands.length > COMMANDS_LIMIT) r.add("commands", `has ${commands.length} commands (limit ${COMMANDS_LIMIT})`);
    const seen = new Set<string>();
    commands.forEach((c, i) => {
      const cp = `commands[${i}]`;
      if (!isObj(c)) return r.add(cp, "must be a BotCommand object");
      if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) {
        r.add(`${cp}.command`, `${show(c.command)} must be 1-${COMMAND_LIMIT} characters of a-z 0-9 _ (no leading slash)`);
      } else if (seen.has(c.command)) r.add(`${cp}.command`, `duplicate command ${show(c.command)}`);
      else seen.add(c.command);
      checkStringLen(r, `${cp}.description`, c.description, 1, COMMAND_DESCRIPTION_LIMIT);
    });
    checkLanguageCode(r, p.language_code);
  },
  deleteMyCommands(r, p) {
    checkLanguageCode(r, p.language_code);
  },
  setMyDescription(r, p) {
    if (p.description !== undefined) checkStringLen(r, "description", p.description, 0, 512);
    checkLanguageCode(r, p.language_code);
  },
  setMyShortDescription(r, p) {
    if (p.short_description !== undefined) checkStringLen(r, "short_description", p.short_description, 0, 120);
    checkLanguageCode(r, p.language_code);
  },
  setMyName(r, p) {
    if (p.name !== undefined) checkStringLen(r, "name", p.name, 0, 64);
    checkLanguageCode(r, p.language_code);
  },
  editMessageReplyMarkup(r, p, o) {
    checkEditTarget(r, p, o);
    checkReplyMarkup(r, "reply_markup", p.reply_markup, { inlineOnly: true });
  },
  deleteMessage(r, p, o) {
    if (o.ignoreTarget) return;
    checkTarget(r, "chat_id", p.chat_id);
    if (!isInt(p.message_id)) r.add("message_id", "is required (integer)");
  },
  deleteMessages(r, p, o) {
    if (!o.ignoreTarget) checkTarget(r, "chat_id", p.chat_id);
    if (!Array.isArray(p.message_ids) || p.message_ids.length < 1 || p.message_ids.length > 100 || !p.message_ids.every(isInt)) {
      r.add("message_ids", "must be 1-100 integer message ids");
    }
  },
  sendChatAction(r, p, o) {
    checkSendTarget(r, p, o);
    if (typeof p.action !== "string" || !CHAT_ACTIONS.has(p.action)) r.add("action", `unknown chat action ${show(p.action)}`);
  },
  getUpdates(r, p) {
    if (p.limit !== undefined && (!isInt(p.limit) || p.limit < 1 || p.limit > 100)) r.add("limit", "must be an integer 1-100");
    if (p.timeout !== undefined && (!isInt(p.timeout) || p.timeout < 0)) r.add("timeout", "must be a non-negative integer");
    if (p.offset !== undefined && !isInt(p.offset)) r.add("offset", "must be an integer");
  },
};

function checkLanguageCode(r: Report, v: unknown): void {
  if (v === undefined || v === "") return;
  if (typeof v !== "string" || !/^[a-z]{2}$/.test(v)) r.add("language_code", `${show(v)} must be a two-letter ISO 639-1 code or empty`);
}

/**
 * Checks one outgoing Bot API call against Telegram's documented rules. Returns human-readable violations
 * ("path: problem"), empty when the call is OK. `payload` is what grammY sends (JSON object, or a multipart body
 * decoded back into fields, where uploads appear as "attach://<id>" strings and their file parts under <id>).
 */
export function checkTelegramCall(method: string, payload: Record<string, unknown>, options: CheckOptions = {}): string[] {
  const r = new Report();
  if (!KNOWN_METHODS.has(method)) {
    r.add("", `unknown Bot API method ${show(method)} (Telegram answers 404)`);
    return r.items;
  }
  if (!isObj(payload)) {
    r.add("", "payload must be an object");
    return r.items;
  }
  const allowed = METHOD_PARAMS[method];
  if (allowed) {
    const attachIds = new Set<string>();
    collectAttachIds(payload, attachIds);
    for (const [key, value] of Object.entries(payload)) {
      if (value === undefined || allowed.includes(key) || attachIds.has(key)) continue;
      const hint = key === "disable_web_page_preview" ? " (removed from the Bot API: use link_preview_options.is_disabled)" : "";
      r.add(key, `is not a parameter of ${method}; Telegram ignores it silently${hint}`);
    }
  }
  const checker = CHECKERS[method];
  if (checker) checker(r, payload, options);
  else if (payload.reply_markup !== undefined) {
    checkReplyMarkup(r, "reply_markup", payload.reply_markup, { inlineOnly: method.startsWith("edit") || method === "stopPoll", chatId: payload.chat_id });
  }
  return r.items;
}
