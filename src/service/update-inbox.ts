import type { Update } from "grammy/types";
import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";

/** Handled updates are kept this long, so a copy Telegram sends again is recognised and skipped. */
export const INBOX_KEEP_DONE_MS = 24 * 60 * 60_000;
/** A long uptime prunes as it goes, not only at start. */
const PRUNE_EVERY_TAKES = 1_000;

export interface UpdateInbox {
  /** Records an update before it is handled; false if it was seen already (a duplicate: skip it). */
  take(update: Update): boolean;
  done(updateId: number): void;
  /** Updates taken but never finished (the process died), oldest first. */
  unfinished(): Update[];
  prune(): number;
}

export function createUpdateInbox(db: Db, clock: Clock): UpdateInbox {
  const insert = db.prepare<[number, string, number]>("INSERT OR IGNORE INTO update_inbox (update_id, body, received_at) VALUES (?, ?, ?)");
  const markDone = db.prepare<[number, number]>("UPDATE update_inbox SET done_at = ? WHERE update_id = ?");
  const pending = db.prepare<[], { body: string }>("SELECT body FROM update_inbox WHERE done_at IS NULL ORDER BY update_id");
  const prune = db.prepare<[number]>("DELETE FROM update_inbox WHERE done_at IS NOT NULL AND done_at < ?");
  let takes = 0;
  const pruneOld = () => prune.run(clock.now().getTime() - INBOX_KEEP_DONE_MS).changes;
  return {
    take(update) {
      if (++takes % PRUNE_EVERY_TAKES === 0) pruneOld();
      return insert.run(update.update_id, JSON.stringify(update), clock.now().getTime()).changes === 1;
    },
    done: (id) => void markDone.run(clock.now().getTime(), id),
    unfinished: () => pending.all().map((r) => JSON.parse(r.body) as Update),
    prune: pruneOld,
  };
}
