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
  return [
    autoRetry({
      maxRetryAttempts: MAX_RETRY_ATTEMPTS,
      maxDelaySeconds: MAX_RETRY_AFTER_SECONDS,
      rethrowInternalServerErrors: false,
      rethrowHttpErrors: false,
    }),
    logFailures(log),
  ];
}

export function installApiTransformers(api: Api, log: Logger): void {
  for (const t of apiTransformers(log)) api.config.use(t);
}

/** Logs the method and Telegram's error code only: payloads may hold personal data. */
function logFailures(log: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (!res.ok) {
      log.warn({ event: "telegram.call_failed", method, code: res.error_code, retryAfter: res.parameters?.retry_after });
    }
    return res;
  };
}
