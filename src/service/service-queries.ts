import { statSync } from "node:fs";
import type { Db } from "../storage/db.js";
import { createMetaStore, LAST_TICK_META } from "../storage/meta.js";


/** An undelivered lead notice older than this means the outbox cannot reach the admins. */
export const OUTBOX_STUCK_AFTER_MS = 10 * 60_000;

export interface OutboxSummary {
  pending: number;
  stuck: number;
  oldestAgeMs: number | null;
}

/** Read-only figures for /status and /metrics, straight from the tables that own them. */
export function outboxSummary(db: Db, now: Date): OutboxSummary {
  const row = db
    .prepare<[number], { pending: number; stuck: number | null; oldest: number | null }>(
      `SELECT COUNT(*) AS pending, SUM(created_at <= ?) AS stuck, MIN(created_at) AS oldest
       FROM lead_notices WHERE delivered_at IS NULL`,
    )
    .get(now.getTime() - OUTBOX_STUCK_AFTER_MS)!;
  return { pending: row.pending, stuck: row.stuck ?? 0, oldestAgeMs: row.oldest === null ? null : Math.max(0, now.getTime() - row.oldest) };
}

/** Every place a lead goes: the admins' Telegram notice and the CRM targets (issue 18). */
export const LEAD_DELIVERY_TARGETS = ["telegram", "bitrix24", "webhook"] as const;
export type LeadDeliveryTarget = (typeof LEAD_DELIVERY_TARGETS)[number];

/** Per target: not yet delivered, and of those, how many have failed at least once. */
export type LeadDeliverySummary = Record<LeadDeliveryTarget, { pending: number; failed: number }>;

export function leadDeliverySummary(db: Db): LeadDeliverySummary {
  const summary = Object.fromEntries(LEAD_DELIVERY_TARGETS.map((t) => [t, { pending: 0, failed: 0 }])) as LeadDeliverySummary;
  const rows = db
    .prepare<[], { target: LeadDeliveryTarget; pending: number; failed: number | null }>(
      `SELECT 'telegram' AS target, COUNT(*) AS pending, SUM(last_error IS NOT NULL) AS failed FROM lead_notices WHERE delivered_at IS NULL
       UNION ALL
       SELECT target, COUNT(*), SUM(last_error IS NOT NULL) FROM lead_deliveries WHERE delivered_at IS NULL GROUP BY target`,
    )
    .all();
  for (const r of rows) summary[r.target] = { pending: r.pending, failed: r.failed ?? 0 };
  return summary;
}

export function postCounts(db: Db): Record<string, number> {
  const rows = db.prepare<[], { status: string; n: number }>("SELECT status, COUNT(*) AS n FROM publications GROUP BY status").all();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export function nextDuePost(db: Db): { slug: string; dueAt: Date } | undefined {
  const row = db
    .prepare<[], { slug: string; due_at: number }>(
      "SELECT slug, due_at FROM publications WHERE status = 'scheduled' AND due_at IS NOT NULL ORDER BY due_at, slug LIMIT 1",
    )
    .get();
  return row ? { slug: row.slug, dueAt: new Date(row.due_at) } : undefined;
}

export function leadsCount(db: Db): number {
  return db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM leads").get()!.n;
}

function metaDate(db: Db, key: string): Date | undefined {
  const v = createMetaStore(db).get(key);
  return v ? new Date(v) : undefined;
}

export const lastSchedulerTick = (db: Db) => metaDate(db, LAST_TICK_META);
export { lastBackupAt as lastBackup } from "./backup.js";

/** The database with its WAL: what a backup copies and what the disk holds. */
export function databaseBytes(path: string): number {
  let total = 0;
  for (const p of [path, `${path}-wal`]) {
    try {
      total += statSync(p).size;
    } catch {
      // no WAL yet, or an in-memory database
    }
  }
  return total;
}
