import type { Db } from "../storage/db.js";

export interface WeeklyDelivery {
  week: string;
  adminId: number;
  claimedAt: number;
  sentAt: number | null;
  error: string | null;
}

export interface WeeklyReportRepo {
  /** Admins of `adminIds` that have no row for `week` yet. */
  unclaimed(week: string, adminIds: readonly number[]): number[];
  /** Takes the week for one admin; false if it was already taken (sent, failed or cut off). */
  claim(week: string, adminId: number, now: number): boolean;
  markSent(week: string, adminId: number, now: number): void;
  markFailed(week: string, adminId: number, error: string): void;
  list(): WeeklyDelivery[];
}

/** Meta key: the week the worker first ran in; weeks before it are never caught up. */
export const WEEKLY_SINCE_META = "stats.weekly_report.since";

export function createWeeklyReportRepo(db: Db): WeeklyReportRepo {
  const claimed = db.prepare<[string, number], { n: number }>("SELECT 1 AS n FROM stats_weekly_reports WHERE week = ? AND admin_id = ?");
  const insert = db.prepare<[string, number, number]>(
    "INSERT INTO stats_weekly_reports (week, admin_id, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const sent = db.prepare<[number, string, number]>("UPDATE stats_weekly_reports SET sent_at = ?, error = NULL WHERE week = ? AND admin_id = ?");
  const failed = db.prepare<[string, string, number]>("UPDATE stats_weekly_reports SET error = ? WHERE week = ? AND admin_id = ?");
  const all = db.prepare<[], WeeklyDelivery>(
    `SELECT week, admin_id AS adminId, claimed_at AS claimedAt, sent_at AS sentAt, error
     FROM stats_weekly_reports ORDER BY week, admin_id`,
  );
  return {
    unclaimed: (week, adminIds) => adminIds.filter((id) => claimed.get(week, id) === undefined),
    // A single INSERT is atomic and durable on commit (synchronous=FULL) before any byte goes to Telegram.
    claim: (week, adminId, now) => insert.run(week, adminId, now).changes === 1,
    markSent: (week, adminId, now) => void sent.run(now, week, adminId),
    markFailed: (week, adminId, error) => void failed.run(error, week, adminId),
    list: () => all.all(),
  };
}
