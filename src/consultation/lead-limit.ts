import { createHmac, randomBytes } from "node:crypto";
import type { Db } from "../storage/db.js";

export const MAX_LEADS_PER_DAY = 3;
export const LEADS_WINDOW_MS = 24 * 60 * 60_000;

/** The per-install HMAC key in `meta`; created on first use, never leaves the database. */
export const LEAD_LIMIT_SECRET_META = "consultation.lead_limit_secret";

/**
 * The 3-leads-a-day limit, kept apart from the leads so that /forget (which strips the user id from them)
 * cannot reset it. Each submitted lead leaves one (subject, time) row where subject = HMAC-SHA256(user id,
 * secret): it holds no name, phone or id, only lets the bot recognise the same person within the window,
 * and rows are deleted once they are older than the window. Rows rather than a per-day count keep the
 * window sliding (24 h back from now), as before.
 */
export interface LeadLimit {
  /** Leads submitted by the user within the last 24 hours. */
  count(userId: number, nowMs: number): number;
  reached(userId: number, nowMs: number): boolean;
  /** Records one submitted lead (call in the transaction that saves it). */
  record(userId: number, nowMs: number): void;
}

function secret(db: Db): Buffer {
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)").run(LEAD_LIMIT_SECRET_META, randomBytes(32).toString("hex"));
  const row = db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE key = ?").get(LEAD_LIMIT_SECRET_META);
  return Buffer.from(row!.value, "hex");
}

export function createLeadLimit(db: Db): LeadLimit {
  let key: Buffer | undefined;
  const subject = (userId: number) => createHmac("sha256", (key ??= secret(db))).update(String(userId)).digest("hex");
  const count = db.prepare<[string, number], { n: number }>("SELECT COUNT(*) AS n FROM lead_limit_hits WHERE subject = ? AND at > ?");
  const insert = db.prepare<[string, number]>("INSERT INTO lead_limit_hits (subject, at) VALUES (?, ?)");
  const prune = db.prepare<[number]>("DELETE FROM lead_limit_hits WHERE at <= ?");
  const counted = (userId: number, nowMs: number) => count.get(subject(userId), nowMs - LEADS_WINDOW_MS)?.n ?? 0;
  return {
    count: counted,
    reached: (userId, nowMs) => counted(userId, nowMs) >= MAX_LEADS_PER_DAY,
    record: (userId, nowMs) => {
      prune.run(nowMs - LEADS_WINDOW_MS);
      insert.run(subject(userId), nowMs);
    },
  };
}

/** Migration helper: leads of the last 24 hours count towards the limit after the table is created. */
export function backfillLeadLimit(db: Db, nowMs: number): void {
  const limit = createLeadLimit(db);
  const rows = db
    .prepare<[number], { user_id: number; created_at: number }>(
      "SELECT user_id, created_at FROM leads WHERE user_id IS NOT NULL AND created_at > ?",
    )
    .all(nowMs - LEADS_WINDOW_MS);
  for (const row of rows) limit.record(row.user_id, row.created_at);
}
