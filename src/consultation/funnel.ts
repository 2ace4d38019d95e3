import type { Db } from "../storage/db.js";
import { ABANDONED_PURGE_AFTER_MS, CONSULTATION_EXPIRY_MS } from "./abandoned.js";
import { FUNNEL_STEPS, type FunnelStep } from "./steps.js";

export type FunnelSource = "command" | "menu" | "deeplink";

/** A started consultation's source as the funnel records it: no user, only how it began. */
export function funnelSource(source: string): { source: FunnelSource; slug: string | null } {
  if (source.startsWith("post:")) return { source: "deeplink", slug: source.slice("post:".length) };
  if (source === "channel") return { source: "deeplink", slug: null };
  return { source: source === "menu" ? "menu" : "command", slug: null };
}

export const FUNNEL_START_KEYS_TTL_MS = 7 * 24 * 60 * 60_000;

/**
 * consult_funnel: one row per started consultation and the furthest step it reached. Every write is
 * idempotent, because the conversation calls them from `conversation.external` and a crash between the
 * write and the saved replay log re-runs them: a start is keyed by its update id, a step only ever moves
 * forward, and submitted/cancelled keep their first time.
 */
export interface FunnelRepo {
  start(input: { startedAt: number; source: string; updateId: number }): number;
  reach(id: number, step: FunnelStep, at: number): void;
  submitted(id: number, at: number): void;
  cancelled(id: number, at: number): void;
  /**
   * Open rows whose client went silent (no step for longer than the drafts are kept) get cancelled_at =
   * the moment the conversation expired: a request abandoned without a word counts as an expiry too.
   */
  expireAbandoned(nowMs: number): number;
}

export function createFunnelRepo(db: Db): FunnelRepo {
  const byUpdate = db.prepare<[number], { funnel_id: number }>("SELECT funnel_id FROM consult_funnel_starts WHERE update_id = ?");
  const insert = db.prepare<[number, string, string | null, string]>(
    "INSERT INTO consult_funnel (started_at, source, slug, last_step) VALUES (?, ?, ?, ?)",
  );
  const insertKey = db.prepare<[number, number, number, number]>(
    "INSERT INTO consult_funnel_starts (update_id, funnel_id, created_at, touched_at) VALUES (?, ?, ?, ?)",
  );
  const touch = db.prepare<[number, number]>("UPDATE consult_funnel_starts SET touched_at = MAX(touched_at, ?) WHERE funnel_id = ?");
  const expire = db.prepare<[number, number]>(
    `UPDATE consult_funnel SET cancelled_at = (SELECT touched_at FROM consult_funnel_starts s WHERE s.funnel_id = consult_funnel.id) + ?
     WHERE submitted_at IS NULL AND cancelled_at IS NULL
       AND id IN (SELECT funnel_id FROM consult_funnel_starts WHERE touched_at < ?)`,
  );
  const pruneKeys = db.prepare<[number]>("DELETE FROM consult_funnel_starts WHERE created_at < ?");
  // The CASE ranks steps by FUNNEL_STEPS, so a field redone from the summary never moves a row back.
  const rank = (column: string) =>
    `CASE ${column} ${FUNNEL_STEPS.map((s, i) => `WHEN '${s}' THEN ${i}`).join(" ")} ELSE -1 END`;
  const advance = db.prepare<[string, number, string]>(
    `UPDATE consult_funnel SET last_step = ? WHERE id = ? AND ${rank("last_step")} < ${rank("?")}`,
  );
  const submit = db.prepare<[number, number]>(
    "UPDATE consult_funnel SET last_step = 'submitted', submitted_at = COALESCE(submitted_at, ?) WHERE id = ?",
  );
  const cancel = db.prepare<[number, number]>(
    "UPDATE consult_funnel SET cancelled_at = COALESCE(cancelled_at, ?) WHERE id = ? AND submitted_at IS NULL",
  );

  const start = db.transaction((input: { startedAt: number; source: string; updateId: number }): number => {
    const existing = byUpdate.get(input.updateId);
    if (existing) return existing.funnel_id;
    pruneKeys.run(input.startedAt - FUNNEL_START_KEYS_TTL_MS);
    const { source, slug } = funnelSource(input.source);
    const id = Number(insert.run(input.startedAt, source, slug, FUNNEL_STEPS[0]).lastInsertRowid);
    insertKey.run(input.updateId, id, input.startedAt, input.startedAt);
    return id;
  });

  return {
    start: (input) => start(input),
    reach: (id, step, at) => {
      advance.run(step, id, step);
      touch.run(at, id);
    },
    submitted: (id, at) => void submit.run(at, id),
    cancelled: (id, at) => void cancel.run(at, id),
    expireAbandoned: (nowMs) => expire.run(CONSULTATION_EXPIRY_MS, nowMs - ABANDONED_PURGE_AFTER_MS).changes,
  };
}
