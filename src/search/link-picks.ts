import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";

/** How long an admin's «which post?» picker waits for their words. */
export const LINK_PICK_TTL_MS = 30 * 60 * 1000;

/**
 * The picker an admin has open: which query they are linking. One per admin, replaced by the next
 * «Связать с постом», removed once a post is picked or the picker is cancelled. In SQLite so a restart
 * between the tap and the admin's words loses nothing.
 */
export interface LinkPickStore {
  open(adminId: number, query: string): void;
  /** The query being linked, if the picker is open and fresh. */
  current(adminId: number): string | undefined;
  close(adminId: number): void;
}

export function createLinkPickStore(db: Db, clock: Clock): LinkPickStore {
  const upsert = db.prepare<[number, string, number]>(
    `INSERT INTO search_link_picks (admin_id, query, created_at) VALUES (?, ?, ?)
     ON CONFLICT (admin_id) DO UPDATE SET query = excluded.query, created_at = excluded.created_at`,
  );
  const select = db.prepare<[number, number], { query: string }>(
    "SELECT query FROM search_link_picks WHERE admin_id = ? AND created_at >= ?",
  );
  const del = db.prepare<[number]>("DELETE FROM search_link_picks WHERE admin_id = ?");
  return {
    open: (adminId, query) => void upsert.run(adminId, query, clock.now().getTime()),
    current: (adminId) => select.get(adminId, clock.now().getTime() - LINK_PICK_TTL_MS)?.query,
    close: (adminId) => void del.run(adminId),
  };
}
