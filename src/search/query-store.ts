import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";
import { MAX_QUERY_CHARS } from "./query-builder.js";

/** How long «Ещё»/«Назад» keep working under an old results message. */
export const SEARCH_QUERY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface StoredQuery {
  id: number;
  userId: number | undefined;
  text: string;
  createdAt: Date;
}

/**
 * Queries behind paging buttons: the button carries the id, the text stays here. The user id is
 * kept (for at most SEARCH_QUERY_TTL_MS) so that only the reader who searched can page: in a group,
 * another member's tap would otherwise rewrite the asker's message. `/forget` removes it all.
 */
export interface SearchQueryStore {
  save(userId: number | undefined, text: string): number;
  get(id: number): StoredQuery | undefined;
}

export function createSearchQueryStore(db: Db, clock: Clock): SearchQueryStore {
  const insert = db.prepare<[number | null, string, number]>(
    "INSERT INTO search_queries (user_id, text, created_at) VALUES (?, ?, ?)",
  );
  const prune = db.prepare<[number]>("DELETE FROM search_queries WHERE created_at < ?");
  const select = db.prepare<[number, number], { id: number; user_id: number | null; text: string; created_at: number }>(
    "SELECT id, user_id, text, created_at FROM search_queries WHERE id = ? AND created_at >= ?",
  );
  const save = db.transaction((userId: number | undefined, text: string): number => {
    const now = clock.now().getTime();
    prune.run(now - SEARCH_QUERY_TTL_MS);
    return Number(insert.run(userId ?? null, text.slice(0, MAX_QUERY_CHARS), now).lastInsertRowid);
  });
  return {
    save: (userId, text) => save(userId, text),
    get: (id) => {
      const row = select.get(id, clock.now().getTime() - SEARCH_QUERY_TTL_MS);
      if (!row) return undefined;
      return { id: row.id, userId: row.user_id ?? undefined, text: row.text, createdAt: new Date(row.created_at) };
    },
  };
}

/** `/forget`: removes every stored query of the reader (the «Ещё» buttons under them then say the search expired). */
export function deleteUserSearchHistory(db: Db, userId: number): number {
  return db.prepare<[number]>("DELETE FROM search_queries WHERE user_id = ?").run(userId).changes;
}
