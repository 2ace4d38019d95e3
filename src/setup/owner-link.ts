import type { Settings } from "../settings/settings.js";
import type { Db } from "../storage/db.js";
import { createCodeRepo } from "./codes.js";
import { INVITE_PAYLOAD_PREFIX, OWNER_PAYLOAD_PREFIX } from "./texts.js";

export const ownerLink = (botUsername: string, code: string) => `https://t.me/${botUsername}?start=${OWNER_PAYLOAD_PREFIX}${code}`;
export const inviteLink = (botUsername: string, code: string) => `https://t.me/${botUsername}?start=${INVITE_PAYLOAD_PREFIX}${code}`;

/**
 * A fresh owner link while nobody may administer the bot (no admin stored, ADMIN_IDS empty); the previous
 * link stops working. Undefined once the bot is claimed.
 */
export function issueOwnerLink(db: Db, settings: Pick<Settings, "unclaimed">, botUsername: string, now: number): string | undefined {
  if (!settings.unclaimed()) return undefined;
  return ownerLink(botUsername, createCodeRepo(db).issueOwnerCode(now));
}
