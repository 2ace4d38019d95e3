import type { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "../logger.js";

/** Sends a plain-text notice (optionally with buttons) to every admin privately; returns the ids it could not reach. */
export async function notifyAdmins(
  api: Api,
  adminIds: readonly number[],
  text: string,
  log: Logger,
  replyMarkup?: InlineKeyboardMarkup,
): Promise<number[]> {
  const failed: number[] = [];
  for (const id of adminIds) {
    try {
      await api.sendMessage(id, text, { link_preview_options: { is_disabled: true }, ...(replyMarkup ? { reply_markup: replyMarkup } : {}) });
    } catch (err) {
      failed.push(id);
      log.warn({ event: "admin.notify_failed", adminId: id, err });
    }
  }
  return failed;
}
