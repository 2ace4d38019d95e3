import { autoRetry } from "@grammyjs/auto-retry";
import type { Api, Transformer } from "grammy";
import type { Logger } from "../logger.js";

/** Bounded waits: a flood wait longer than this is reported instead of blocking the bot. */
export const MAX_RETRY_AFTER_SECONDS = 120;
export const MAX_RETRY_ATTEMPTS = 5;

/**
 * The one list of transformers for every outgoing call. Installed on `bot.api` AND inside
 * conversations, because @grammyjs/conversations v2 builds a fresh Api for each replay.
 */
export function apiTransformers(log: Logger): Transformer[] {
  // grammY calls the last installed transformer first: logging sits inside the retries, so every
  // failed attempt is logged, not only the last one.
  return [
    logFailures(log),
    autoRetry({
      maxRetryAttempts: MAX_RETRY_ATTEMPTS,
      maxDelaySeconds: MAX_RETRY_AFTER_SECONDS,
      rethrowInternalServerErrors: false,
      rethrowHttpErrors: false,
    }),
  ];
}

export function installApiTransformers(api: Api, log: Logger): void {
  for (const t of apiTransformers(log)) api.config.use(t);
}

/** Logs the method and Telegram's error code only: payloads may hold personal data. */
function logFailures(log: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    let res: Awaited<ReturnType<typeof prev>>;
    try {
      res = await prev(method, payload, signal);
    } catch (err) {
      // Network failures surface as HttpError with a message that never includes the token.
      log.warn({ event: "telegram.network_error", method, message: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    if (!res.ok) {
      log.warn({ event: "telegram.call_failed", method, code: res.error_code, retryAfter: res.parameters?.retry_after });
    }
    return res;
  };
}
