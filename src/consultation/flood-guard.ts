/**
 * A per-user sliding-window flood guard over an injected time (tests move a fake clock; no timers).
 * Chosen over @grammyjs/ratelimiter, whose store runs on real timers and Date.now().
 */
export type FloodVerdict = "ok" | "warn" | "drop";

export interface FloodGuard {
  /** Registers one update of `key` at `nowMs`: "warn" the first time over the limit in a window, then "drop". */
  hit(key: number, nowMs: number): FloodVerdict;
}

export interface FloodGuardOptions {
  limit: number;
  windowMs: number;
}

/** 15 updates a minute is far above a person answering questions, far below a script. */
export const FLOOD_LIMIT = 15;
export const FLOOD_WINDOW_MS = 60_000;
const SWEEP_EVERY_KEYS = 10_000;

export function createFloodGuard({ limit, windowMs }: FloodGuardOptions = { limit: FLOOD_LIMIT, windowMs: FLOOD_WINDOW_MS }): FloodGuard {
  const hits = new Map<number, { times: number[]; warnedAt: number | null }>();
  return {
    hit(key, nowMs) {
      if (hits.size > SWEEP_EVERY_KEYS) {
        for (const [k, v] of hits) if ((v.times.at(-1) ?? 0) <= nowMs - windowMs) hits.delete(k);
      }
      const entry = hits.get(key) ?? { times: [], warnedAt: null };
      hits.set(key, entry);
      entry.times = entry.times.filter((t) => t > nowMs - windowMs);
      if (entry.times.length < limit) {
        entry.times.push(nowMs);
        return "ok";
      }
      if (entry.warnedAt === null || entry.warnedAt <= nowMs - windowMs) {
        entry.warnedAt = nowMs;
        return "warn";
      }
      return "drop";
    },
  };
}
