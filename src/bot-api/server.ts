/**
 * The embedded Telegram Bot API on 127.0.0.1: the bot (the real entry point, or a grammY `Api`) talks to it over
 * HTTP exactly as to api.telegram.org, via `apiRoot`. One fake Telegram for the demo and for every e2e test.
 *
 * - `POST|GET /bot<token>/<method>` with JSON, multipart/form-data, urlencoded or query-string parameters
 *   (request-body.ts). Every call is recorded and checked with `checkTelegramCall`; what Telegram refuses is
 *   refused with Telegram's code and wording (refusal.ts); an unknown method gets 404 «Not Found».
 * - Answers come from the stand's state (state.ts, methods.ts): kept messages for edits and deletions, file_ids
 *   for uploads, menus per scope; long-polling getUpdates holds until `pushUpdate` or the timeout, honouring
 *   `offset`.
 * - Scripted failures for tests (`failNext`, `dropNextConnection`, `holdNext`, `respond`) and the page's
 *   switches (`setSwitches`: sockets destroyed, or 429 with retry_after).
 * - `GET /img/<name>.jpg` serves a tiny JPEG, for the "download the photo and upload it" fallback.
 *
 * Timers here are real (it is a real server); keep long-poll timeouts short in tests or push updates.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Chat, Update, User, UserFromGetMe } from "grammy/types";
import { describeCall } from "./call-summary.js";
import { createMethods, TINY_JPEG } from "./methods.js";
import { refusalFor, TelegramRefusal, type TelegramFailure } from "./refusal.js";
import { decodeBotApiBody, decodeFieldValue, type DecodedBody, type UploadedFile } from "./request-body.js";
import { createStandState, type StandState } from "./state.js";
import { checkTelegramCall, isKnownBotApiMethod } from "./telegram-rules.js";

export { decodeBotApiBody, decodeFetchBody, parseMultipart, type DecodedBody, type UploadedFile } from "./request-body.js";
export { TINY_JPEG } from "./methods.js";
export type { TelegramFailure } from "./refusal.js";

/** What «Лимит 429» answers: long enough to be seen waiting, short enough for a demo. */
const RATE_LIMIT_RETRY_AFTER_S = 5;

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
  /** What the stand answered (undefined while held or dropped). */
  answer?: { ok: true; result: unknown } | ({ ok: false } & TelegramFailure);
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
  /**
   * Answer calls that break Telegram's rules with Telegram's refusal (default true, as Telegram does). Off, the
   * findings are only collected in `violations`.
   */
  rejectViolations?: boolean;
  /** Upper bound for holding a long-polling getUpdates, whatever its `timeout` (default 30 000 ms). */
  maxLongPollMs?: number;
  /** Known chats, by id or @username, returned in Message.chat (defaults are derived from the id). */
  chats?: Record<string, Chat>;
  /** People the stand knows (the demo's reader and admin): their private chats carry their names. */
  users?: User[];
  /** Port on 127.0.0.1 (default: an ephemeral one). */
  port?: number;
  /** Requests that are not Bot API calls (the demo page); answers false to fall through to 404. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

/** The page's switches: Telegram unreachable (sockets destroyed) and flood control (429). */
export interface NetworkSwitches {
  offline: boolean;
  rateLimited: boolean;
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
  /** The stand's chats, messages, files and menus (the demo page reads and drives it). */
  readonly state: StandState;
  readonly switches: NetworkSwitches;
  /** Turns the page's switches on or off; every later call of the bot (getUpdates aside) obeys them. */
  setSwitches(next: Partial<NetworkSwitches>): void;
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

interface PollWaiter {
  call: FakeBotApiCall;
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
  let closed = false;
  const state = createStandState({ botInfo, ...(opts.chats ? { chats: opts.chats } : {}), ...(opts.users ? { users: opts.users } : {}) });
  const answerMethod = createMethods(state);
  const rejectViolations = opts.rejectViolations ?? true;
  const switches: NetworkSwitches = { offline: false, rateLimited: false };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  const ok = (res: ServerResponse, result: unknown): void => send(res, 200, { ok: true, result });
  const fail = (res: ServerResponse, f: TelegramFailure): void =>
    send(res, f.error_code >= 400 && f.error_code < 600 ? f.error_code : 400, { ok: false, ...f });
  /** Answers a recorded call and tells the page what it was answered. */
  const answerOk = (call: FakeBotApiCall, res: ServerResponse, result: unknown): void => {
    call.answer = { ok: true, result };
    announce(call);
    ok(res, result);
  };
  const answerFail = (call: FakeBotApiCall, res: ServerResponse, f: TelegramFailure, outcome: FakeCallOutcome): void => {
    call.outcome = outcome;
    call.answer = { ok: false, ...f };
    announce(call);
    fail(res, f);
  };
  const announce = (call: FakeBotApiCall): void => {
    // Empty long polls are the idle hum of a bot: the page's panel shows only polls that carried updates.
    if (call.method === "getUpdates" && call.answer?.ok && Array.isArray(call.answer.result) && call.answer.result.length === 0) return;
    state.emit({ type: "call", call: describeCall(call) });
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
    answerOk(w.call, w.res, queue.slice(0, w.limit));
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
      answerFail(old.call, old.res, { error_code: 409, description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" }, "failed");
    }
    const timeoutSec = typeof p.timeout === "number" && p.timeout > 0 ? p.timeout : 0;
    if (queue.length > 0 || timeoutSec === 0 || closed) {
      answerOk(call, res, queue.slice(0, limit));
      return;
    }
    const timer = setTimeout(() => {
      if (pollWaiter?.res === res) pollWaiter = undefined;
      answerOk(call, res, []);
    }, Math.min(timeoutSec * 1000, maxLongPollMs));
    timer.unref();
    pollWaiter = { call, res, limit, timer };
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
      return answerFail(call, res, { error_code: 401, description: "Unauthorized" }, "rejected");
    }
    if (method !== "getUpdates" && switches.offline) {
      call.outcome = "dropped";
      announce(call);
      req.socket.destroy();
      return;
    }
    if (method !== "getUpdates" && switches.rateLimited) {
      const wait = RATE_LIMIT_RETRY_AFTER_S;
      return answerFail(call, res, { error_code: 429, description: `Too Many Requests: retry after ${wait}`, parameters: { retry_after: wait } }, "failed");
    }
    const hold = [...holds].find((h) => h.method === method && h.predicate(call));
    if (hold) {
      holds.delete(hold);
      call.outcome = "held";
      state.nextMessageId(); // "posted": the next message in this chat gets the following id
      hold.resolve(call);
      return; // never answered; close() destroys the socket
    }
    const scripted = failures.get(method)?.shift();
    if (scripted === "drop") {
      call.outcome = "dropped";
      announce(call);
      req.socket.destroy();
      return;
    }
    if (scripted) return answerFail(call, res, scripted, "failed");
    // Telegram's answer to a method it does not have.
    if (!isKnownBotApiMethod(method)) return answerFail(call, res, { error_code: 404, description: "Not Found" }, "rejected");
    const refusal = rejectViolations ? refusalFor(problems) : undefined;
    if (refusal) return answerFail(call, res, refusal, "rejected");
    // Like Telegram: inline-query buttons are refused while inline mode is off for the bot (@BotFather /setinline).
    if (!botInfo.supports_inline_queries && /"switch_inline_query/.test(JSON.stringify(payload.reply_markup ?? null))) {
      return answerFail(call, res, { error_code: 400, description: "Bad Request: BUTTON_TYPE_INVALID" }, "rejected");
    }
    const responder = responders.get(method);
    if (responder) return answerOk(call, res, await responder(call));
    if (method === "getUpdates") return handleGetUpdates(call, res);
    try {
      return answerOk(call, res, answerMethod(call));
    } catch (err) {
      if (err instanceof TelegramRefusal) return answerFail(call, res, err.failure, "rejected");
      throw err;
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const img = /^\/img\/([^/]+)\.jpg$/.exec(url.pathname);
    if (img && (req.method === "GET" || req.method === "HEAD")) return handleImage(decodeURIComponent(img[1] ?? ""), res);
    const api = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!api && opts.extraRoutes?.(req, res, url)) return;
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
      if (full.inline_query) state.inlineQueries.set(full.inline_query.id, { queryId: full.inline_query.id, query: full.inline_query.query, results: [] });
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
    state,
    switches,
    setSwitches(next) {
      Object.assign(switches, next);
      state.emit({ type: "switches", ...switches });
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
        answerOk(pollWaiter.call, pollWaiter.res, []);
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
