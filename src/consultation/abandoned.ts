import type { Db } from "../storage/db.js";

/** A consultation nobody answered for this long is over (the conversation itself checks on the next update). */
export const CONSULTATION_EXPIRY_MS = 24 * 60 * 60_000;
/** Stored drafts are purged a little later than they expire, so a client mid-answer never loses one early. */
export const ABANDONED_PURGE_AFTER_MS = CONSULTATION_EXPIRY_MS + 60 * 60_000;

/** The conversation's id in the conversations plugin (its storage key inside `conversation_state.value`). */
export const CONSULTATION_CONVERSATION_ID = "consultation";

/**
 * Deletes stored consultation drafts (they hold a name and a phone typed before consent) that were
 * left unfinished: the replay log would otherwise keep personal data of clients who never come back.
 * Returns the number of chats purged.
 */
export function purgeAbandonedConsultations(db: Db, nowMs: number): number {
  return db
    .prepare<[number, string]>(
      `DELETE FROM conversation_state
       WHERE updated_at < ? AND json_valid(value) AND json_type(value, '$.state.' || ?) IS NOT NULL`,
    )
    .run(nowMs - ABANDONED_PURGE_AFTER_MS, CONSULTATION_CONVERSATION_ID).changes;
}
