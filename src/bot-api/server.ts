/**
 * A fake Telegram Bot API server on 127.0.0.1 (ephemeral port) for end-to-end tests: the real entry point (or a
 * grammY `Api`) talks to it over HTTP exactly as to api.telegram.org, via `apiRoot`.
 *
 * - `POST|GET /bot<token>/<method>` with JSON, multipart/form-data (grammY sends multipart when an InputFile is
 *   present), urlencoded or query-string parameters. Every call is recorded as `{ method, payload, at, … }` and
 *   checked with `checkTelegramCall`; violations are collected in `violations` (and optionally answered with 400).
 * - Canned results in Bot API shape: getMe, long-polling getUpdates (held until `pushUpdate` or the timeout,
 *   honouring `offset`), send* → Message with incrementing message_id and the right chat, edit* → Message (or
 *   true for inline messages), everything else that only acknowledges → true.
 * - Scripted failures: `failNext` (a Bot API error envelope, e.g. 429 with retry_after) and `dropNextConnection`
 *   (the socket is destroyed: a network error for the client).
 * - `GET /img/<name>.jpg` serves a tiny JPEG, for the "download the photo and upload it" fallback.
 *
 * Timers here are real (it is a real server); keep long-poll timeouts short in tests or push updates.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Message, MessageEntity, Update, UserFromGetMe } from "grammy/types";
import { checkTelegramCall, isKnownBotApiMethod, parseTelegramHtml } from "./telegram-rules.js";

/** A 1×1 baseline JPEG (336 bytes). */
export const TINY_JPEG: Buffer = Buffer.from(
  "/9j/4AAQSkZJRgABAQEAYABgAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/" +
    "wAALCAABAAEBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEI" +
    "I0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ip" +
    "qrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/APn+iiigD//Z",
  "base64",
);

export interface UploadedFile {
  /** Multipart part name (grammY: a random id referenced as "attach://<id>"). */
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
  /** Where the payload references this file, e.g. "photo" or "media[0].media" (undefined if unreferenced). */
  attachedAs?: string;
}

export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export type FakeCallOutcome = "ok" | "failed" | "dropped" | "rejected" | "held";

export interface FakeBotApiCall {
  /** 0-based order of arrival. */
  seq: number;
  method: string;
  token: string;
  payload: Record<string, unknown>;
  /** Uploaded files (multipart only). */
  files: UploadedFile[];
  multipart: boolean;
  /** Arrival time, ms since epoch (real clock: this is a real server). */
  at: number;
  /** Telegram-rules violations of this call (also collected in `FakeBotApi.violations`). */
  violations: string[];
  outcome: FakeCallOutcome;
}

export interface FakeBotApiViolation {
  seq: number;
  method: string;
  payload: Record<string, unknown>;
  violations: string[];
}

export interface FakeBotApiOptions {
  /** Overrides for the getMe result. */
  botInfo?: Partial<UserFromGetMe>;
  /** If set, calls with another token get 401 Unauthorized. */
  token?: string;
  /** Answer calls that violate Telegram's rules with 400 Bad Request, as Telegram would for most of them. */
  rejectViolations?: boolean;
  /** Upper bound for holding a long-polling getUpdates, whatever its `timeout` (default 30 000 ms). */
  maxLongPollMs?: number;
  /** Known chats, by id or @username, returned in Message.chat (defaults are derived from the id). */
  chats?: Record<string, Chat>;
  /** Listen on this port instead of an ephemeral one (a Telegram that comes up where the bot already looks). */
  port?: number;
}

/** May return a Promise: the answer is held until it settles (a slow Telegram). */
export type FakeResponder = (call: FakeBotApiCall) => unknown;

export interface FakeBotApi {
  /** http://127.0.0.1:PORT — pass as grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly port: number;
  readonly botInfo: UserFromGetMe;
  /** Every call, in order of arrival (failed and dropped ones included). */
  readonly calls: FakeBotApiCall[];
  readonly violations: FakeBotApiViolation[];
  /** Names requested from GET /img/<name>.jpg, in order. */
  readonly imageRequests: string[];
  callsTo(method: string): FakeBotApiCall[];
  /** Queues an update for getUpdates (update_id assigned if missing) and wakes a waiting long poll. */
  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update;
  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): Update[];
  /** The next `times` calls of `method` get this Bot API error (HTTP status = error_code). */
  failNext(method: string, failure: TelegramFailure, times?: number): void;
  /** The next `times` calls of `method` have their connection destroyed without a response. */
  dropNextConnection(method: string, times?: number): void;
  /**
   * The next call of `method` matching `predicate` is processed (a message_id is used up, as if it were
   * posted) but never answered: the moment between Telegram's answer and the bot's log write, for a test
   * to kill the bot in. Resolves with the held call.
   */
  holdNext(method: string, predicate?: (call: FakeBotApiCall) => boolean): Promise<FakeBotApiCall>;
  /** Custom result for every later call of `method` (the returned value becomes `result`). */
  respond(method: string, responder: FakeResponder): void;
  /** GET /img/<name>.jpg answers with this HTTP status instead of the JPEG. */
  failImage(name: string, status?: number): void;
  /** GET /img/<name>.jpg answers with this body and content type instead (no content-length when `chunked`). */
  serveImage(name: string, response: { contentType: string; body: Buffer; chunked?: boolean }): void;
  /** Absolute URL of the test image `<name>.jpg` on this server. */
  imageUrl(name: string): string;
  /** Resolves with the first call of `method` matching `predicate`, already recorded or arriving within timeoutMs. */
  waitForCall(method: string, predicate?: (call: FakeBotApiCall) => boolean, timeoutMs?: number): Promise<FakeBotApiCall>;
  /** Like waitForCall, but only calls arriving after this invocation count. */
  nextCall(method: string, predicate?: (call: FakeBotApiCall) => boolean, timeoutMs?: number): Promise<FakeBotApiCall>;
  /** Forgets calls, violations, scripted failures and responders (not the update queue or message ids). */
  reset(): void;
  /** Answers held long polls with [], closes every connection and stops the server. */
  close(): Promise<void>;
}

/** The bot both test harnesses (in-process and over HTTP) pretend to be. */
export const DEFAULT_BOT_INFO: UserFromGetMe = {
  id: 777,
  is_bot: true,
  first_name: "ButlerSPB",
  username: "butlerspb_test_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** Multipart fields that are always strings, even when they look like numbers or JSON. */
const STRING_FIELDS = new Set([
  "text", "caption", "parse_mode", "callback_query_id", "inline_query_id", "next_offset", "query", "data", "photo",
  "document", "video", "audio", "animation", "voice", "sticker", "video_note", "thumbnail", "cover", "url", "title",
  "description", "short_description", "name", "message_effect_id", "business_connection_id", "inline_message_id",
  "emoji", "file_id", "secret_token", "ip_address", "performer", "question", "action", "language_code", "address",
  "phone_number", "first_name", "last_name", "custom_title", "invite_link", "payload", "currency", "provider_token",
  "start_parameter", "game_short_name", "sticker_set_name", "explanation", "vcard", "custom_emoji_id",
]);

function decodeFieldValue(key: string, value: string): unknown {
  if (STRING_FIELDS.has(key)) return value;
  if (/^-?\d{1,15}$/.test(value)) return Number(value);
  if (value === "true") return true;
  if (value === "false") return false;
  if (value.startsWith("{") || value.startsWith("[")) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** Minimal multipart/form-data parser (what grammY produces: name="…" and filename=… possibly unquoted). */
export function parseMultipart(body: Buffer, contentType: string): { fields: Array<[string, string]>; files: UploadedFile[] } {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new Error("multipart body without boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Array<[string, string]> = [];
  const files: UploadedFile[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break; // closing delimiter
    if (body.subarray(start, start + 2).toString() === "\r\n") start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    let end = next;
    if (body.subarray(end - 2, end).toString() === "\r\n") end -= 2;
    const part = body.subarray(start, end);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString("utf8").split("\r\n");
      const data = part.subarray(headerEnd + 4);
      let name = "";
      let filename: string | undefined;
      let partType = "text/plain";
      for (const h of headers) {
        const colon = h.indexOf(":");
        const hName = h.slice(0, colon).trim().toLowerCase();
        const hValue = h.slice(colon + 1).trim();
        if (hName === "content-disposition") {
          name = /name="([^"]*)"/i.exec(hValue.replace(/filename=("[^"]*"|[^;]*)/i, ""))?.[1] ?? "";
          const f = /filename=(?:"([^"]*)"|([^;]*))/i.exec(hValue);
          if (f) filename = (f[1] ?? f[2] ?? "").trim();
        } else if (hName === "content-type") {
          partType = hValue;
        }
      }
      if (filename !== undefined) files.push({ field: name, filename, contentType: partType, size: data.length, data: Buffer.from(data) });
      else fields.push([name, data.toString("utf8")]);
    }
    pos = next;
  }
  return { fields, files };
}

function findAttachments(v: unknown, path: string, out: Map<string, string>): void {
  if (typeof v === "string") {
    if (v.startsWith("attach://")) out.set(v.slice("attach://".length), path);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => findAttachments(x, `${path}[${i}]`, out));
  } else if (typeof v === "object" && v !== null) {
    for (const [k, x] of Object.entries(v)) findAttachments(x, path ? `${path}.${k}` : k, out);
  }
}

export interface DecodedBody {
  payload: Record<string, unknown>;
  files: UploadedFile[];
  multipart: boolean;
}

/** Decodes a Bot API request body (JSON, multipart or urlencoded) into a payload, as Telegram reads it. */
export function decodeBotApiBody(body: Buffer, contentType: string | undefined): DecodedBody {
  const ct = (contentType ?? "").toLowerCase();
  if (body.length === 0) return { payload: {}, files: [], multipart: false };
  if (ct.startsWith("multipart/form-data")) {
    const { fields, files } = parseMultipart(body, contentType ?? "");
    const payload: Record<string, unknown> = {};
    for (const [k, v] of fields) payload[k] = decodeFieldValue(k, v);
    const refs = new Map<string, string>();
    findAttachments(payload, "", refs);
    for (const f of files) {
      const at = refs.get(f.field);
      if (at !== undefined) f.attachedAs = at;
    }
    return { payload, files, multipart: true };
  }
  if (ct.startsWith("application/x-www-form-urlencoded")) {
    const payload: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) payload[k] = decodeFieldValue(k, v);
    return { payload, files: [], multipart: false };
  }
  const parsed = JSON.parse(body.toString("utf8")) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("JSON body is not an object");
  return { payload: parsed as Record<string, unknown>, files: [], multipart: false };
}

/**
 * Reads the body grammY hands to `client.fetch` (a JSON string, or a multipart stream when an InputFile is
 * present) and decodes it. For in-process fakes: undici's `Response.formData()` can't parse grammY's multipart
 * (its `filename=` is unquoted), this can.
 */
export async function decodeFetchBody(init?: { body?: unknown; headers?: unknown }): Promise<DecodedBody> {
  const body = init?.body;
  const contentType = new Headers((init?.headers ?? {}) as ConstructorParameters<typeof Headers>[0]).get("content-type") ?? undefined;
  if (body == null) return { payload: {}, files: [], multipart: false };
  if (typeof body === "string") return decodeBotApiBody(Buffer.from(body, "utf8"), contentType ?? "application/json");
  if (body instanceof Uint8Array) return decodeBotApiBody(Buffer.from(body), contentType);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return decodeBotApiBody(Buffer.concat(chunks), contentType);
}

interface PollWaiter {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
}

interface CallWaiter {
  method: string;
  predicate: (call: FakeBotApiCall) => boolean;
  resolve: (call: FakeBotApiCall) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export async function startFakeBotApi(opts: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const botInfo: UserFromGetMe = { ...DEFAULT_BOT_INFO, ...opts.botInfo } as UserFromGetMe;
  const maxLongPollMs = opts.maxLongPollMs ?? 30_000;
  const calls: FakeBotApiCall[] = [];
  const violations: FakeBotApiViolation[] = [];
  const imageRequests: string[] = [];
  const failures = new Map<string, Array<TelegramFailure | "drop">>();
  const holds = new Set<{ method: string; predicate: (call: FakeBotApiCall) => boolean; resolve: (call: FakeBotApiCall) => void }>();
  const responders = new Map<string, FakeResponder>();
  const imageFailures = new Map<string, number>();
  const imageBodies = new Map<string, { contentType: string; body: Buffer; chunked?: boolean }>();
  const queue: Update[] = [];
  const callWaiters = new Set<CallWaiter>();
  let pollWaiter: PollWaiter | undefined;
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let nextFileId = 1;
  let commands: unknown[] = [];
  const descriptions: Record<string, string> = {};
  let closed = false;

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const ok = (res: ServerResponse, result: unknown): void => send(res, 200, { ok: true, result });
  const fail = (res: ServerResponse, f: TelegramFailure): void =>
    send(res, f.error_code >= 400 && f.error_code < 600 ? f.error_code : 400, { ok: false, ...f });

  const now = (): number => Math.floor(Date.now() / 1000);

  const chatFor = (chatId: unknown): Chat => {
    const known = opts.chats?.[String(chatId)];
    if (known) return known;
    if (typeof chatId === "string" && chatId.startsWith("@")) {
      const username = chatId.slice(1);
      let h = 0;
      for (const ch of username) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_000;
      return { id: -1_000_000_000_000 - h, type: "channel", title: username, username } as Chat;
    }
    const id = Number(chatId);
    if (!Number.isFinite(id)) return { id: 0, type: "private", first_name: "Unknown" } as Chat;
    if (id > 0) return { id, type: "private", first_name: "User" } as Chat;
    if (id <= -1_000_000_000_000) return { id, type: "supergroup", title: "Supergroup" } as Chat;
    return { id, type: "group", title: "Group" } as Chat;
  };

  const botUser = { id: botInfo.id, is_bot: true as const, first_name: botInfo.first_name, username: botInfo.username };

  const baseMessage = (payload: Record<string, unknown>, messageId?: number): Record<string, unknown> => {
    const chat = chatFor(payload.chat_id);
    const msg: Record<string, unknown> = { message_id: messageId ?? nextMessageId++, date: now(), chat };
    if (chat.type === "channel") msg.sender_chat = chat;
    else msg.from = botUser;
    const markup = payload.reply_markup;
    if (typeof markup === "object" && markup !== null && "inline_keyboard" in markup) msg.reply_markup = markup;
    return msg;
  };

  const formatted = (text: unknown, parseMode: unknown, entities: unknown): { text: string; entities?: MessageEntity[] } => {
    const raw = typeof text === "string" ? text : String(text ?? "");
    if (parseMode === "HTML") {
      const parsed = parseTelegramHtml(raw);
      const out = parsed.text.replace(/\s+$/u, "");
      const ents = parsed.entities.filter((e) => e.offset < out.length) as MessageEntity[];
      return ents.length > 0 ? { text: out, entities: ents } : { text: out };
    }
    if (Array.isArray(entities) && entities.length > 0) return { text: raw, entities: entities as MessageEntity[] };
    return { text: raw };
  };

  const fileObject = (kind: string): Record<string, unknown> => {
    const n = nextFileId++;
    return { file_id: `fake-${kind}-file-id-${n}`, file_unique_id: `fake-unique-${n}`, file_size: TINY_JPEG.length };
  };

  const withCaption = (msg: Record<string, unknown>, p: Record<string, unknown>): Record<string, unknown> => {
    if (p.caption !== undefined && p.caption !== "") {
      const f = formatted(p.caption, p.parse_mode, p.caption_entities);
      msg.caption = f.text;
      if (f.entities) msg.caption_entities = f.entities;
    }
    return msg;
  };

  const mediaMessage = (type: string, p: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> => {
    switch (type) {
      case "photo":
        base.photo = [
          { ...fileObject("photo-s"), width: 90, height: 90 },
          { ...fileObject("photo"), width: 1280, height: 720 },
        ];
        break;
      case "document":
        base.document = { ...fileObject("document"), file_name: "document.dat", mime_type: "application/octet-stream" };
        break;
      case "video":
        base.video = { ...fileObject("video"), width: 1280, height: 720, duration: 1 };
        break;
      case "audio":
        base.audio = { ...fileObject("audio"), duration: 1 };
        break;
      default:
        base[type] = fileObject(type);
    }
    return withCaption(base, p);
  };

  const defaultResult = (call: FakeBotApiCall): unknown => {
    const p = call.payload;
    const m = call.method;
    switch (m) {
      case "getMe":
        return botInfo;
      case "getChatMember":
        // The bot as a full channel/group admin, so the start-up permission check is quiet by default.
        return {
          status: "administrator", user: { id: Number(p.user_id), is_bot: true, first_name: botInfo.first_name }, can_be_edited: false,
          is_anonymous: false, can_manage_chat: true, can_delete_messages: true, can_manage_video_chats: false, can_restrict_members: false,
          can_promote_members: false, can_change_info: false, can_invite_users: true, can_post_stories: false, can_edit_stories: false,
          can_delete_stories: false, can_post_messages: true, can_edit_messages: true,
        };
      case "sendMessage": {
        const msg = baseMessage(p);
        const f = formatted(p.text, p.parse_mode, p.entities);
        msg.text = f.text;
        if (f.entities) msg.entities = f.entities;
        if (p.link_preview_options !== undefined) msg.link_preview_options = p.link_preview_options;
        return msg;
      }
      case "sendRichMessage": {
        const msg = baseMessage(p);
        const rm = (p.rich_message ?? {}) as Record<string, unknown>;
        msg.rich_message = { blocks: Array.isArray(rm.blocks) ? rm.blocks : [], ...(rm.is_rtl ? { is_rtl: true } : {}) };
        return msg;
      }
      case "sendPhoto":
      case "sendDocument":
      case "sendVideo":
      case "sendAudio":
      case "sendAnimation":
      case "sendVoice":
        return mediaMessage(m.slice(4).toLowerCase(), p, baseMessage(p));
      case "sendMediaGroup": {
        const groupId = String(nextMessageId);
        const media = Array.isArray(p.media) ? (p.media as Array<Record<string, unknown>>) : [];
        return media.map((item) => ({ ...mediaMessage(String(item.type), item, baseMessage(p)), media_group_id: groupId }));
      }
      case "sendChatAction":
        return true;
      case "copyMessage":
        return { message_id: nextMessageId++ };
      case "copyMessages":
      case "forwardMessages":
        return (Array.isArray(p.message_ids) ? p.message_ids : []).map(() => ({ message_id: nextMessageId++ }));
      case "editMessageText": {
        if (p.inline_message_id !== undefined) return true;
        const msg = baseMessage(p, Number(p.message_id));
        msg.edit_date = now();
        if (p.rich_message !== undefined) {
          const rm = p.rich_message as Record<string, unknown>;
          msg.rich_message = { blocks: Array.isArray(rm.blocks) ? rm.blocks : [] };
        } else {
          const f = formatted(p.text, p.parse_mode, p.entities);
          msg.text = f.text;
          if (f.entities) msg.entities = f.entities;
        }
        return msg;
      }
      case "editMessageCaption":
      case "editMessageMedia":
      case "editMessageReplyMarkup":
      case "editMessageLiveLocation":
      case "stopMessageLiveLocation": {
        if (p.inline_message_id !== undefined) return true;
        const msg = baseMessage(p, Number(p.message_id));
        msg.edit_date = now();
        return m === "editMessageCaption" ? withCaption(msg, p) : msg;
      }
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: queue.length };
      case "setMyCommands":
        commands = Array.isArray(p.commands) ? p.commands : [];
        return true;
      case "deleteMyCommands":
        commands = [];
        return true;
      case "getMyCommands":
        return commands;
      case "setMyDescription":
      case "setMyShortDescription":
      case "setMyName": {
        const key = m === "setMyDescription" ? "description" : m === "setMyShortDescription" ? "short_description" : "name";
        descriptions[key] = String(p[key] ?? "");
        return true;
      }
      case "getMyDescription":
        return { description: descriptions.description ?? "" };
      case "getMyShortDescription":
        return { short_description: descriptions.short_description ?? "" };
      case "getMyName":
        return { name: descriptions.name ?? botInfo.first_name };
      case "getChat":
        return { ...chatFor(p.chat_id), accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false } };
      case "getChatMember":
        return { status: "member", user: { id: Number(p.user_id), is_bot: false, first_name: "User" } };
      case "getChatAdministrators":
        return [];
      case "getChatMemberCount":
        return 1;
      case "getFile": {
        const fileId = String(p.file_id ?? "");
        return { file_id: fileId, file_unique_id: `u-${fileId}`, file_size: TINY_JPEG.length, file_path: `photos/${fileId}.jpg` };
      }
      case "getUserProfilePhotos":
        return { total_count: 0, photos: [] };
      case "createChatInviteLink":
        return { invite_link: "https://t.me/+fakeInviteLink", creator: botUser, creates_join_request: false, is_primary: false, is_revoked: false };
      case "exportChatInviteLink":
        return "https://t.me/+fakeInviteLink";
    }
    if (/^(send|forward)/.test(m)) return baseMessage(p);
    return true;
  };

  const recordCall = (call: FakeBotApiCall): void => {
    calls.push(call);
    for (const w of [...callWaiters]) {
      if (w.method === call.method && w.predicate(call)) {
        callWaiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(call);
      }
    }
  };

  const confirmUpTo = (offset: unknown): void => {
    if (typeof offset !== "number" || !Number.isInteger(offset) || offset === 0) return;
    if (offset > 0) {
      while (queue.length > 0 && (queue[0] as Update).update_id < offset) queue.shift();
    } else {
      queue.splice(0, Math.max(0, queue.length + offset)); // negative: keep the last -offset updates
    }
  };

  const answerPoll = (): void => {
    const w = pollWaiter;
    if (!w || queue.length === 0) return;
    pollWaiter = undefined;
    clearTimeout(w.timer);
    ok(w.res, queue.slice(0, w.limit));
  };

  const handleGetUpdates = (call: FakeBotApiCall, res: ServerResponse): void => {
    const p = call.payload;
    confirmUpTo(p.offset);
    const limit = typeof p.limit === "number" && p.limit >= 1 && p.limit <= 100 ? p.limit : 100;
    // Telegram allows one getUpdates at a time: an older held request is terminated with 409.
    if (pollWaiter) {
      const old = pollWaiter;
      pollWaiter = undefined;
      clearTimeout(old.timer);
      fail(old.res, { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" });
    }
    const timeoutSec = typeof p.timeout === "number" && p.timeout > 0 ? p.timeout : 0;
    if (queue.length > 0 || timeoutSec === 0 || closed) {
      ok(res, queue.slice(0, limit));
      return;
    }
    const timer = setTimeout(() => {
      if (pollWaiter?.res === res) pollWaiter = undefined;
      ok(res, []);
    }, Math.min(timeoutSec * 1000, maxLongPollMs));
    timer.unref();
    pollWaiter = { res, limit, timer };
    res.on("close", () => {
      if (pollWaiter?.res === res) {
        clearTimeout(pollWaiter.timer);
        pollWaiter = undefined;
      }
    });
  };

  const handleImage = (name: string, res: ServerResponse): void => {
    imageRequests.push(name);
    const status = imageFailures.get(name);
    if (status !== undefined) {
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(`image ${name} unavailable`);
      return;
    }
    const custom = imageBodies.get(name);
    if (custom) {
      res.writeHead(200, { "content-type": custom.contentType, ...(custom.chunked ? {} : { "content-length": custom.body.length }) });
      res.end(custom.body);
      return;
    }
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": TINY_JPEG.length });
    res.end(TINY_JPEG);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, token: string, method: string, url: URL): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let decoded: DecodedBody;
    try {
      decoded = decodeBotApiBody(Buffer.concat(chunks), req.headers["content-type"]);
    } catch (err) {
      send(res, 400, { ok: false, error_code: 400, description: `Bad Request: can't parse request body: ${(err as Error).message}` });
      return;
    }
    const payload: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) payload[k] = decodeFieldValue(k, v);
    Object.assign(payload, decoded.payload);
    const problems = checkTelegramCall(method, payload);
    const call: FakeBotApiCall = {
      seq: calls.length,
      method,
      token,
      payload,
      files: decoded.files,
      multipart: decoded.multipart,
      at: Date.now(),
      violations: problems,
      outcome: "ok",
    };
    if (problems.length > 0) violations.push({ seq: call.seq, method, payload, violations: problems });
    recordCall(call);

    if (opts.token !== undefined && token !== opts.token) {
      call.outcome = "rejected";
      return fail(res, { error_code: 401, description: "Unauthorized" });
    }
    const hold = [...holds].find((h) => h.method === method && h.predicate(call));
    if (hold) {
      holds.delete(hold);
      call.outcome = "held";
      nextMessageId++; // "posted": the next message in this chat gets the following id
      hold.resolve(call);
      return; // never answered; close() destroys the socket
    }
    const scripted = failures.get(method)?.shift();
    if (scripted === "drop") {
      call.outcome = "dropped";
      req.socket.destroy();
      return;
    }
    if (scripted) {
      call.outcome = "failed";
      return fail(res, scripted);
    }
    if (!isKnownBotApiMethod(method)) {
      call.outcome = "rejected";
      return fail(res, { error_code: 404, description: "Not Found: method not found" });
    }
    if (opts.rejectViolations && problems.length > 0) {
      call.outcome = "rejected";
      return fail(res, { error_code: 400, description: `Bad Request: ${problems[0]}` });
    }
    // Like Telegram: inline-query buttons are refused while inline mode is off for the bot (@BotFather /setinline).
    if (!botInfo.supports_inline_queries && /"switch_inline_query/.test(JSON.stringify(payload.reply_markup ?? null))) {
      call.outcome = "rejected";
      return fail(res, { error_code: 400, description: "Bad Request: BUTTON_TYPE_INVALID" });
    }
    const responder = responders.get(method);
    if (responder) return ok(res, await responder(call));
    if (method === "getUpdates") return handleGetUpdates(call, res);
    return ok(res, defaultResult(call));
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const img = /^\/img\/([^/]+)\.jpg$/.exec(url.pathname);
    if (img && (req.method === "GET" || req.method === "HEAD")) return handleImage(decodeURIComponent(img[1] ?? ""), res);
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!api) {
      send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    handleApi(req, res, decodeURIComponent(api[1] ?? ""), api[2] ?? "", url).catch((err: unknown) => {
      send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(err)}` });
    });
  });
  server.keepAliveTimeout = 1_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const apiRoot = `http://127.0.0.1:${port}`;

  const waitFor = (
    method: string,
    predicate: (call: FakeBotApiCall) => boolean,
    timeoutMs: number,
    includeRecorded: boolean,
  ): Promise<FakeBotApiCall> => {
    if (includeRecorded) {
      const found = calls.find((c) => c.method === method && predicate(c));
      if (found) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        callWaiters.delete(waiter);
        const seen = calls.map((c) => c.method).join(", ") || "none";
        reject(new Error(`fake Bot API: no matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`));
      }, timeoutMs);
      const waiter: CallWaiter = { method, predicate, resolve, reject, timer };
      callWaiters.add(waiter);
    });
  };

  return {
    apiRoot,
    port,
    botInfo,
    calls,
    violations,
    imageRequests,
    callsTo: (method) => calls.filter((c) => c.method === method),
    pushUpdate(update) {
      const id = update.update_id ?? nextUpdateId;
      nextUpdateId = Math.max(nextUpdateId, id + 1);
      const full = { ...update, update_id: id } as Update;
      queue.push(full);
      answerPoll();
      return full;
    },
    pendingUpdates: () => [...queue],
    failNext(method, failure, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      failures.set(method, list);
    },
    dropNextConnection(method, times = 1) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push("drop");
      failures.set(method, list);
    },
    respond: (method, responder) => void responders.set(method, responder),
    holdNext: (method, predicate = () => true) => new Promise((resolve) => void holds.add({ method, predicate, resolve })),
    failImage: (name, status = 404) => void imageFailures.set(name, status),
    serveImage: (name, response) => void imageBodies.set(name, response),
    imageUrl: (name) => `${apiRoot}/img/${encodeURIComponent(name)}.jpg`,
    waitForCall: (method, predicate = () => true, timeoutMs = 5_000) => waitFor(method, predicate, timeoutMs, true),
    nextCall: (method, predicate = () => true, timeoutMs = 5_000) => waitFor(method, predicate, timeoutMs, false),
    reset() {
      calls.splice(0);
      violations.splice(0);
      imageRequests.splice(0);
      failures.clear();
      responders.clear();
      imageFailures.clear();
      imageBodies.clear();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (pollWaiter) {
        clearTimeout(pollWaiter.timer);
        ok(pollWaiter.res, []);
        pollWaiter = undefined;
      }
      for (const w of callWaiters) {
        clearTimeout(w.timer);
        w.reject(new Error(`fake Bot API closed while waiting for ${w.method}`));
      }
      callWaiters.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}
