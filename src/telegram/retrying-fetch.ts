import type { Logger } from "../logger.js";
import { isNotDeliveredNetworkError } from "./delivery-failure.js";

/** Bounded waits: a flood wait longer than this is returned to the caller instead of blocking. */
export const MAX_RETRY_AFTER_SECONDS = 120;
export const MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

export type Fetch = typeof fetch;
type RetryingFetch = Fetch & { withoutRetries: Fetch };
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryOptions {
  sleep?: Sleep;
  /** The channel (CHANNEL_ID): posts to it are retried only where they certainly did not take effect. */
  channelId?: string | (() => string | number | undefined);
}

/** Methods that put a new message into a chat: repeating one that did arrive posts it twice. */
const POSTING_METHOD = /^(send(?!ChatAction)|copyMessage|forwardMessage)/;

/**
 * Retries Bot API requests on 429 (after `retry_after`), 5xx and network errors, at most
 * MAX_ATTEMPTS times. It sits in `client.fetch`, beneath grammY's transformers, on purpose:
 * @grammyjs/conversations records every call's outcome in a transformer and replays the records
 * on each later update, so a retry transformer above it (like @grammyjs/auto-retry) would wait
 * out the recorded 429 again on every replay. Here a conversation records only the final answer.
 *
 * Posts to the channel are different: a second copy there is public and permanent. They are
 * retried only after a 429 or a network error that proves the request never arrived (connection
 * refused, DNS failure); after a 5xx, a timeout or a reset connection the failure goes up to the
 * publisher, which records "outcome unknown" and asks the admins.
 */
export function createRetryingFetch(base: Fetch, log: Logger, options: RetryOptions = {}): RetryingFetch {
  const sleep = options.sleep ?? abortableSleep;
  const retrying = async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]): Promise<Response> => {
    const method = String(input).split("/").pop() ?? "";
    // A multipart upload arrives as a one-shot stream: buffer it so it can be sent again.
    const body = await replayableBody(init?.body);
    const signal = init?.signal ?? undefined;
    const channelId = typeof options.channelId === "function" ? options.channelId() : options.channelId;
    const channelPost = channelId !== undefined && POSTING_METHOD.test(method) && chatIdOf(body) === String(channelId);
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= MAX_ATTEMPTS;
      let res: Response;
      try {
        res = await base(input, { ...init, body });
      } catch (err) {
        if (last || signal?.aborted || (channelPost && !isNotDeliveredNetworkError(err))) throw err;
        log.warn({ event: "telegram.network_error", method, attempt });
        await sleep(backoffMs(attempt), signal);
        continue;
      }
      if (res.status !== 429 && res.status < 500) return res;
      if (channelPost && res.status !== 429) return res;
      const text = await res.text();
      const retryAfter = retryAfterSeconds(text);
      const waitMs = res.status === 429 ? (retryAfter ?? 1) * 1000 : backoffMs(attempt);
      log.warn({ event: "telegram.retry", method, status: res.status, attempt, waitMs });
      if (last || waitMs > MAX_RETRY_AFTER_SECONDS * 1000 || signal?.aborted) {
        return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
      }
      await sleep(waitMs, signal);
    }
  };
  return Object.assign(retrying, { withoutRetries: base });
}

/** The same fetch without the retry loop, for callers with their own retry schedule (the outbox). */
export function withoutRetries(f: Fetch | undefined): Fetch | undefined {
  return (f as Partial<RetryingFetch> | undefined)?.withoutRetries ?? f;
}

/** chat_id of a JSON or multipart (grammY: `name="chat_id"\r\n\r\nVALUE`) request body. */
function chatIdOf(body: RequestInit["body"] | undefined): string | undefined {
  if (typeof body === "string") {
    try {
      const id = (JSON.parse(body) as { chat_id?: unknown }).chat_id;
      return id === undefined ? undefined : String(id);
    } catch {
      return undefined;
    }
  }
  if (body instanceof Uint8Array) {
    return /name="chat_id"\r\n\r\n([^\r]*)\r\n/.exec(Buffer.from(body).toString("latin1"))?.[1];
  }
  return undefined;
}

const backoffMs = (attempt: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));

function retryAfterSeconds(text: string): number | undefined {
  try {
    const value = (JSON.parse(text) as { parameters?: { retry_after?: unknown } }).parameters?.retry_after;
    return typeof value === "number" && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

async function replayableBody(body: RequestInit["body"] | undefined): Promise<RequestInit["body"] | undefined> {
  if (body == null || typeof body === "string" || body instanceof Uint8Array) return body;
  if (typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== "function") return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
