import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";
import { foldCase } from "./normalize.js";

/**
 * What readers look for, for /stats: the normalised query, its number of results, the surface and
 * the time. Nothing else: no user id, no chat, no raw text, so `/forget` has nothing to remove here.
 */

export type SearchSurface = "command" | "text" | "inline";

export const SEARCH_LOG_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
/** A logged query is read up to here: /stats shows queries, not pasted letters. */
export const LOGGED_QUERY_MAX_CHARS = 200;

/** Pure: folded as the index folds (lower case, ё→е, marks dropped), control characters and runs of spaces squeezed. */
export function normalizeLoggedQuery(text: string): string {
  return Array.from(foldCase(text).replace(/[\p{C}\s]+/gu, " ").trim())
    .slice(0, LOGGED_QUERY_MAX_CHARS)
    .join("")
    .trimEnd();
}

export interface SearchLog {
  record(query: string, results: number, surface: SearchSurface): void;
}

export function createSearchLog(db: Db, clock: Clock): SearchLog {
  const insert = db.prepare<[string, number, SearchSurface, number]>(
    "INSERT INTO search_log (query, results, surface, created_at) VALUES (?, ?, ?, ?)",
  );
  // An index range on created_at: usually finds nothing to delete, so pruning on every write is cheap.
  const prune = db.prepare<[number]>("DELETE FROM search_log WHERE created_at < ?");
  const write = db.transaction((query: string, results: number, surface: SearchSurface) => {
    const now = clock.now().getTime();
    prune.run(now - SEARCH_LOG_RETENTION_MS);
    insert.run(query, results, surface, now);
  });
  return {
    record(query, results, surface) {
      const normalized = normalizeLoggedQuery(query);
      if (normalized.length > 0) write(normalized, results, surface);
    },
  };
}

/** Inline queries of one reader closer together than this are one typing burst. */
export const INLINE_BURST_MS = 3_000;
/** Readers whose burst is held at once; beyond it the oldest are written out. */
const MAX_PENDING_BURSTS = 10_000;

/**
 * Telegram sends an inline query for every keystroke («у», «уб», «убо», …). Only the query a reader
 * settled on is logged: each one waits until the reader's next one; if the next extends or shortens
 * it within INLINE_BURST_MS it replaces it, else it is written. Bursts left waiting are written
 * once INLINE_BURST_MS has passed, on the next call of `seen` or `flush` (no timers). The user id
 * is only a key in memory; it never reaches the database. A burst pending when the process stops
 * is lost: at most the last few seconds of typing.
 */
export interface InlineBurstLog {
  seen(userId: number, query: string, results: number): void;
  /** Writes out the bursts that are over (all of them with `all`). */
  flush(all?: boolean): void;
}

export function createInlineBurstLog(log: SearchLog, clock: Clock): InlineBurstLog {
  const pending = new Map<number, { query: string; results: number; at: number }>();
  const write = (userId: number) => {
    const p = pending.get(userId);
    if (!p) return;
    pending.delete(userId);
    log.record(p.query, p.results, "inline");
  };
  const flush = (all = false) => {
    const now = clock.now().getTime();
    // Map order is insertion order and every update re-inserts: the oldest bursts come first.
    for (const [userId, p] of pending) {
      if (!all && now - p.at < INLINE_BURST_MS) break;
      write(userId);
    }
  };
  return {
    seen(userId, query, results) {
      flush();
      const normalized = normalizeLoggedQuery(query);
      if (normalized.length === 0) return;
      const previous = pending.get(userId);
      if (previous && !(normalized.startsWith(previous.query) || previous.query.startsWith(normalized))) write(userId);
      pending.delete(userId);
      pending.set(userId, { query: normalized, results, at: clock.now().getTime() });
      if (pending.size > MAX_PENDING_BURSTS) write(pending.keys().next().value!);
    },
    flush,
  };
}
