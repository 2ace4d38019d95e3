import type { Config } from "../config.js";
import type { Db } from "../storage/db.js";
import { createMetaStore } from "../storage/meta.js";

const MIGRATED_META = (chatId: number) => `consultation.chat_migrated:${chatId}`;

/**
 * The chats that get a lead card: LEADS_CHAT_ID (followed to its supergroup once Telegram said it moved,
 * so every later lead does not fail first), else every admin privately.
 */
export function leadNoticeChatIds(db: Db, config: Pick<Config, "LEADS_CHAT_ID" | "ADMIN_IDS">): number[] {
  if (config.LEADS_CHAT_ID === undefined) return [...config.ADMIN_IDS];
  return [migratedChatId(db, config.LEADS_CHAT_ID)];
}

export function migratedChatId(db: Db, chatId: number): number {
  const moved = createMetaStore(db).get(MIGRATED_META(chatId));
  return moved === undefined ? chatId : Number(moved);
}

export function recordChatMigration(db: Db, from: number, to: number): void {
  createMetaStore(db).set(MIGRATED_META(from), String(to));
}
