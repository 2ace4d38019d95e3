import { timingSafeEqual } from "node:crypto";
import type { Update } from "grammy/types";
import type { HttpRoute } from "../feature.js";
import type { Logger } from "../logger.js";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

/**
 * POST <path of WEBHOOK_URL>. Telegram echoes the `secret_token` given to setWebhook in a header; anything
 * without it is refused with 401 and never reaches the bot. An accepted update is answered 200 as soon as
 * the update queue has room for it (the same bounded, per-chat sequential queue as polling), not when its
 * handler finishes: a slow handler (a /publish waiting out a 429) never makes Telegram time out and resend.
 * The price, as with polling through @grammyjs/runner: an update accepted and then cut off by a crash (not
 * a clean stop, which drains the queue) is not redelivered.
 */
export function createWebhookRoute(options: { path: string; secret: string; accept(update: Update): Promise<boolean>; log: Logger }): HttpRoute {
  const expected = Buffer.from(options.secret, "utf8");
  return {
    method: "POST",
    path: options.path,
    async handle(req) {
      const given = Buffer.from(req.headers[SECRET_HEADER] ?? "", "utf8");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        options.log.warn({ event: "webhook.refused", reason: given.length === 0 ? "no secret" : "wrong secret" });
        return { status: 401, body: "unauthorized\n" };
      }
      let update: Update;
      try {
        update = JSON.parse(req.body.toString("utf8")) as Update;
      } catch {
        return { status: 400, body: "invalid JSON\n" };
      }
      if (typeof update !== "object" || update === null || !Number.isInteger(update.update_id)) {
        return { status: 400, body: "not an update\n" };
      }
      // While stopping, 503: Telegram keeps the update and sends it again to the next process.
      if (!(await options.accept(update))) return { status: 503, body: "stopping\n" };
      return { status: 200, body: "" };
    },
  };
}

/** The path Telegram will POST to: the path of WEBHOOK_URL ("/" if it has none). */
export function webhookPath(webhookUrl: string): string {
  return new URL(webhookUrl).pathname || "/";
}
