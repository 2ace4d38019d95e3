import type { Settings } from "../settings/settings.js";
import type { Db } from "../storage/db.js";
import { createMetaStore } from "../storage/meta.js";

const MIGRATED_META = (chatId: number) => `consultation.chat_migrated:${chatId}`;

export type RecipientSettings = Pick<Settings, "leadsChat" | "adminIds" | "retiredLeadsChats">;

/**
 * The chats that get a lead card: the leads chat (LEADS_CHAT_ID or the one connected in Telegram, followed
 * to its supergroup once Telegram said it moved, so every later lead does not fail first), else every admin
 * privately. Empty while the bot has neither: the lead then waits (routeWaitingNotices).
 */
export function leadNoticeChatIds(db: Db, settings: RecipientSettings): number[] {
  const leads = settings.leadsChat();
  if (leads === undefined) return settings.adminIds();
  return [migratedChatId(db, Number(leads.id))];
}

/**
 * Recipient resolution at delivery time, in one transaction: a lead saved while nobody could get it (no
 * admin, no leads chat) gets its notices now, and an undelivered notice for a leads chat that was let go
 * (disconnected, the bot removed) moves to the current recipients. Nothing is dropped while there
 * is nobody: it waits. Returns how many notices were created.
 */
export function routeWaitingNotices(db: Db, settings: RecipientSettings, now: number): number {
  const recipients = leadNoticeChatIds(db, settings);
  if (recipients.length === 0) return 0;
  const leadsChat = settings.leadsChat() === undefined ? undefined : recipients[0];
  const add = db.prepare<[number, number, number, number]>(
    `INSERT INTO lead_notices (lead_id, chat_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (lead_id, chat_id) DO NOTHING`,
  );
  const orphans = db.prepare<[], { id: number }>(
    `SELECT id FROM leads l WHERE anonymised_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM lead_notices n WHERE n.lead_id = l.id)`,
  );
  const stale = db.prepare<[number], { id: number; lead_id: number }>(
    "SELECT id, lead_id FROM lead_notices WHERE delivered_at IS NULL AND chat_id = ?",
  );
  const retired = new Set(settings.retiredLeadsChats().flatMap((id) => [id, migratedChatId(db, id)]));
  const drop = db.prepare<[number]>("DELETE FROM lead_notices WHERE id = ?");
  return db.transaction(() => {
    let created = 0;
    for (const lead of orphans.all()) for (const chat of recipients) created += add.run(lead.id, chat, now, now).changes;
    for (const chatId of retired) {
      if (chatId === leadsChat) continue;
      for (const notice of stale.all(chatId)) {
        for (const chat of recipients) created += add.run(notice.lead_id, chat, now, now).changes;
        drop.run(notice.id);
      }
    }
    return created;
  })();
}

export function migratedChatId(db: Db, chatId: number): number {
  const moved = createMetaStore(db).get(MIGRATED_META(chatId));
  return moved === undefined ? chatId : Number(moved);
}

export function recordChatMigration(db: Db, from: number, to: number): void {
  createMetaStore(db).set(MIGRATED_META(from), String(to));
}
