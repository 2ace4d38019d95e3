import { GrammyError, HttpError, type Api } from "grammy";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Settings } from "../settings/settings.js";
import type { Db } from "../storage/db.js";
import { previousWeek, shortDay, weekOf } from "./period.js";
import { buildStatsReport, sendStatsReport } from "./stats-report.js";
import { statsTexts } from "./texts.js";
import { createWeeklyReportRepo } from "./weekly-report-repo.js";

export interface WeeklyReportDeps {
  api: Api;
  db: Db;
  config: Config;
  settings: Settings;
  clock: Clock;
  log: Logger;
}

export interface WeeklyReportOutcome {
  /** The Monday (in TZ) of the week the report belongs to. */
  week: string;
  sent: number[];
  failed: number[];
}

/**
 * Sends last week's report to every admin who has not had this week's yet.
 *
 * Delivery is at most once per admin per week: the admin's row is committed before the send. If the
 * process dies during the send, the row stays without `sent_at` and that admin gets no second copy
 * this week (Telegram may already have delivered the photo; a duplicate weekly report is worse than a
 * missing one, which `/stats 7` replaces). Transient failures (429, 5xx, network) are retried inside the
 * send by the bot's retrying fetch; a final failure is logged and recorded in `error`.
 */
export async function sendWeeklyReport(deps: WeeklyReportDeps): Promise<WeeklyReportOutcome> {
  const { db, config, clock, log } = deps;
  const repo = createWeeklyReportRepo(db);
  const now = clock.now();
  const week = weekOf(now, config.TZ);
  const outcome: WeeklyReportOutcome = { week, sent: [], failed: [] };
  // Switched off in /settings: nothing is claimed, so switching it back on sends this week's.
  if (!deps.settings.weeklyReport().on) return outcome;
  const pending = repo.unclaimed(week, deps.settings.adminIds());
  if (pending.length === 0) return outcome;

  const period = previousWeek(now, config.TZ);
  const report = await buildStatsReport(db, period, log, statsTexts.weeklyTitle(shortDay(period.from), shortDay(period.to)));
  for (const adminId of pending) {
    if (!repo.claim(week, adminId, clock.now().getTime())) continue;
    try {
      await sendStatsReport(deps.api, adminId, report, log);
      repo.markSent(week, adminId, clock.now().getTime());
      outcome.sent.push(adminId);
    } catch (err) {
      const code = err instanceof GrammyError ? `telegram ${err.error_code}` : err instanceof HttpError ? "network" : "error";
      repo.markFailed(week, adminId, code);
      outcome.failed.push(adminId);
      log.warn({ event: "stats.weekly_failed", adminId, week, error: code }, "weekly report not delivered");
    }
  }
  log.info({ event: "stats.weekly_sent", week, sent: outcome.sent.length, failed: outcome.failed.length }, "weekly report");
  return outcome;
}
