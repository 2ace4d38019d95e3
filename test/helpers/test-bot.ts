import { conversationsVersion } from "../../src/app.js";
import { onTestFinished } from "vitest";
import type { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { createBot, type BotContext, type BotDeps, type FeatureFactory } from "../../src/bot.js";
import type { Clock } from "../../src/clock.js";
import { parseConfig, type Config } from "../../src/config.js";
import { createStaticCatalog, type PostCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { createSettings } from "../../src/settings/settings.js";
import type { Db } from "../../src/storage/db.js";
import { openTestDatabase } from "./db.js";
import { decodeFetchBody, DEFAULT_BOT_INFO } from "../../src/bot-api/server.js";
import { checkTelegramCall } from "../../src/bot-api/telegram-rules.js";
import { ADMIN } from "./updates.js";

export const TEST_TOKEN = "123456:TEST-token-for-tests-only-xxxxxxxxxx";

export const BOT_INFO: UserFromGetMe = DEFAULT_BOT_INFO;

export interface CapturedCall {
  method: string;
  payload: Record<string, unknown>;
}

export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

type Responder = (payload: Record<string, unknown>) => unknown;

export interface FakeClock extends Clock {
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function createFakeClock(start: Date | string = "2026-11-24T10:00:00Z"): FakeClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = new Date(d).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  const parsed = parseConfig({
    BOT_TOKEN: TEST_TOKEN,
    CHANNEL_ID: "@butlerspb_test",
    ADMIN_IDS: String(ADMIN.id),
    DATABASE_PATH: ":memory:",
    LOG_LEVEL: "silent",
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.config;
}

export interface TestBotOptions {
  features: FeatureFactory[];
  config?: Record<string, string>;
  catalog?: PostCatalog;
  /** Reuse a database to simulate a restart of the bot on the same file. */
  db?: Db;
  clock?: FakeClock;
  /** Overrides of the bot's getMe answer (e.g. `supports_inline_queries: false`). */
  botInfo?: Partial<UserFromGetMe>;
}

export interface TestBot {
  bot: Bot<BotContext>;
  deps: BotDeps;
  db: Db;
  clock: FakeClock;
  /** Every outgoing call, from handlers, conversations and background jobs alike. */
  calls: CapturedCall[];
  violations: string[];
  /** The next `times` calls of `method` (after `after` successful ones) fail as Telegram would answer. */
  failNext(method: string, failure: TelegramFailure, times?: number, after?: number): void;
  /**
   * The next `times` calls of `method` fail at the network level (no response), as undici reports it:
   * TypeError("fetch failed") with `cause.code` (default ECONNRESET: the request may have arrived).
   */
  networkErrorNext(method: string, times?: number, code?: string): void;
  respond(method: string, responder: Responder): void;
  /** Calls of one method, in order. */
  sent(method: string): CapturedCall[];
  /** Texts the user saw via sendMessage / editMessageText, in order. */
  texts(): string[];
  reset(): void;
}

/**
 * The bot as in production but with a fake `client.fetch`: every call (conversations included,
 * since they build their Api from the same client options) is recorded, checked against
 * Telegram's rules, and answered with a canned result.
 */
export function createTestBot(options: TestBotOptions): TestBot {
  const config = testConfig(options.config);
  const db = options.db ?? openTestDatabase(":memory:");
  const clock = options.clock ?? createFakeClock();
  const catalog = options.catalog ?? createStaticCatalog([]);
  const deps: BotDeps = { config, db, log: createLogger("silent"), clock, catalog, settings: createSettings(config, db) };

  const calls: CapturedCall[] = [];
  const violations: string[] = [];
  const failures = new Map<string, Array<TelegramFailure | { network: string } | "ok">>();
  const responders = new Map<string, Responder>();
  let messageId = 1;

  const fakeFetch = async (input: unknown, init?: RequestInit): Promise<Response> => {
    const method = String(input).split("/").pop()!;
    const payload = await readPayload(init);
    calls.push({ method, payload });
    const problems = checkTelegramCall(method, payload);
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `${method}: ${p}`));
      return json({ ok: false, error_code: 400, description: `Bad Request: ${problems[0]}` }, 400);
    }
    const queued = failures.get(method);
    const failure = queued?.shift();
    if (failure && typeof failure === "object" && "network" in failure) {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${failure.network}`), { code: failure.network }) });
    }
    if (failure && failure !== "ok") return json({ ok: false, ...failure }, failure.error_code);
    const responder = responders.get(method);
    const result = responder ? responder(payload) : defaultResult(method, payload, messageId++);
    return json({ ok: true, result });
  };

  const bot = createBot(deps, {
    features: options.features,
    conversationsVersion: conversationsVersion(),
    botInfo: { ...BOT_INFO, ...options.botInfo },
    client: { fetch: fakeFetch as typeof fetch },
  });

  try {
    onTestFinished(() => {
      if (violations.length > 0) throw new Error(`Telegram rules violated:\n${violations.join("\n")}`);
    });
  } catch {
    // Created outside a test (e.g. in beforeAll): callers check `violations` themselves.
  }

  const push = (method: string, f: TelegramFailure | { network: string }, times: number, after = 0) => {
    const list = failures.get(method) ?? [];
    for (let i = 0; i < after; i++) list.push("ok");
    for (let i = 0; i < times; i++) list.push(f);
    failures.set(method, list);
  };

  return {
    bot,
    deps,
    db,
    clock,
    calls,
    violations,
    failNext: (method, failure, times = 1, after = 0) => push(method, failure, times, after),
    networkErrorNext: (method, times = 1, code = "ECONNRESET") => push(method, { network: code }, times),
    respond: (method, responder) => void responders.set(method, responder),
    sent: (method) => calls.filter((c) => c.method === method),
    texts: () =>
      calls
        .filter((c) => c.method === "sendMessage" || c.method === "editMessageText")
        .map((c) => String(c.payload.text ?? "")),
    reset: () => void calls.splice(0),
  };
}

/** Telegram answers errors with the HTTP status equal to error_code. */
function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

// Upload bytes stay out of the payload (the rules checker and assertions see the marker only).
const uploadedBytes = new WeakMap<Record<string, unknown>, Buffer>();

/** The bytes of a captured `{ upload: true }` marker. */
export function uploadedFile(marker: unknown): Buffer | undefined {
  return typeof marker === "object" && marker !== null ? uploadedBytes.get(marker as Record<string, unknown>) : undefined;
}

async function readPayload(init?: RequestInit): Promise<Record<string, unknown>> {
  // JSON, or multipart when an InputFile is uploaded; uploads become a visible marker.
  const { payload, files } = await decodeFetchBody(init as Parameters<typeof decodeFetchBody>[0]);
  // A top-level upload (sendPhoto.photo) shows as the marker in its place; a nested one (a rich block's
  // photo.media) keeps its attach:// reference and the marker sits under the part's name, as sent.
  for (const f of files) {
    const marker = { upload: true, name: f.filename, size: f.size };
    uploadedBytes.set(marker, f.data);
    payload[f.attachedAs !== undefined && /^\w+$/.test(f.attachedAs) ? f.attachedAs : f.field] = marker;
  }
  return payload;
}

function defaultResult(method: string, payload: Record<string, unknown>, messageId: number): unknown {
  const chat = { id: Number(payload.chat_id) || 0, type: "private" };
  const date = 1_764_000_000;
  switch (method) {
    case "sendMessage":
    case "sendRichMessage":
    case "sendPhoto":
    case "copyMessage":
      return { message_id: messageId, date, chat, text: payload.text, caption: payload.caption };
    case "editMessageText":
    case "editMessageCaption":
    case "editMessageReplyMarkup":
      return { message_id: Number(payload.message_id), date, chat, text: payload.text };
    case "getMe":
      return BOT_INFO;
    default:
      return true;
  }
}
