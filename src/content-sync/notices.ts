import { GrammyError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Clock } from "../clock.js";
import type { Settings } from "../settings/settings.js";
import type { Logger } from "../logger.js";
import type { IncidentKind, Notice, SyncStateRepo } from "./sync-state-repo.js";
import { syncTexts } from "./texts.js";

/** Callback data of «Обновить в канале»: the notice id, never the slug (slugs can exceed 64 bytes). */
export const UPDATE_CALLBACK_PREFIX = "cs:u:";
export const updateCallbackData = (noticeId: number) => `${UPDATE_CALLBACK_PREFIX}${noticeId}`;
export const parseUpdateCallback = (data: string): number | undefined => {
  const m = /^cs:u:(\d{1,15})$/.exec(data);
  return m ? Number(m[1]) : undefined;
};

/** Pure: the admin message for a queued notice. */
export function renderNotice(n: Notice): { text: string; reply_markup?: InlineKeyboardMarkup } {
  switch (n.kind) {
    case "changed":
      return {
        text: syncTexts.changed(n.slug ?? "", n.file ?? ""),
        reply_markup: { inline_keyboard: [[{ text: syncTexts.updateButton, callback_data: updateCallbackData(n.id) }]] },
      };
    case "removed":
      return { text: syncTexts.removed(n.slug ?? "", n.file ?? "") };
    case "invalid":
      return { text: syncTexts.invalid(n.file ?? "", n.detail ?? "") };
    case "archived":
      return { text: syncTexts.archived(Number(n.detail ?? 0)) };
    case "incident":
      return { text: syncTexts.incident((n.file ?? "unreachable") as IncidentKind, n.detail ?? "") };
    case "recloned":
      return { text: syncTexts.recloned(n.detail ?? "") };
    case "recovered":
      return { text: syncTexts.recovered(n.detail ?? "") };
  }
}

export interface NoticeDeps {
  api: Api;
  state: SyncStateRepo;
  settings: Pick<Settings, "adminIds">;
  log: Logger;
  clock: Clock;
}

/**
 * Sends the queued notices to every admin, in order. A notice that reached no admin at all (Telegram
 * down) stays queued for the next sync; one that reached some admins is done (no duplicates for them).
 */
export async function deliverPendingNotices(deps: NoticeDeps): Promise<number> {
  let sent = 0;
  for (const notice of deps.state.pendingNotices()) {
    const { text, reply_markup } = renderNotice(notice);
    const adminIds = deps.settings.adminIds();
    // Nobody to tell yet (the bot not claimed): the notice waits for the first admin.
    if (adminIds.length === 0) break;
    let delivered = false;
    for (const adminId of adminIds) {
      try {
        await deps.api.sendMessage(adminId, text, { link_preview_options: { is_disabled: true }, ...(reply_markup ? { reply_markup } : {}) });
        delivered = true;
      } catch (err) {
        deps.log.warn({ event: "content_sync.notice_failed", adminId, kind: notice.kind, err });
        // 400/403 (the admin blocked the bot, never started it): retrying cannot help, so it counts as
        // handled. Network errors, 429 and 5xx (already retried by the client) leave it queued.
        if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) delivered = true;
      }
    }
    if (!delivered) continue;
    deps.state.markSent(notice.id, deps.clock.now());
    sent++;
  }
  return sent;
}
