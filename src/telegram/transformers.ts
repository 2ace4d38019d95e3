import type { Api, Transformer } from "grammy";
import type { Logger } from "../logger.js";

/**
 * The one list of transformers for every outgoing call, installed on `bot.api` AND inside
 * conversations (@grammyjs/conversations v2 builds a fresh Api for each replay). Retries live
 * lower, in the client's fetch (see retrying-fetch.ts), so that replays never wait again.
 */
export function installApiTransformers(api: Api, log: Logger): void {
  api.config.use(logFailures(log));
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
