import cron, { type ScheduledTask } from "node-cron";
import type { Worker, WorkerDeps } from "../feature.js";
import { createMetaStore } from "../storage/meta.js";
import { weekOf } from "./period.js";
import { sendWeeklyReport } from "./weekly-report.js";
import { WEEKLY_SINCE_META } from "./weekly-report-repo.js";

const MINUTE_MS = 60_000;

/**
 * Did the schedule have a slot between the start of this week (Monday 00:00 in TZ) and `now`?
 * Walks back minute by minute (at most 10 080 steps) with node-cron's own matcher, so any
 * REPORT_CRON expression is judged exactly as the scheduler would run it.
 */
export function slotPassedThisWeek(task: Pick<ScheduledTask, "match">, now: Date, tz: string): boolean {
  const week = weekOf(now, tz);
  for (let t = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS; weekOf(new Date(t), tz) === week; t -= MINUTE_MS) {
    if (task.match(new Date(t))) return true;
  }
  return false;
}

/**
 * The weekly report on REPORT_CRON (in TZ). At start it also catches up a slot missed this week while
 * the bot was down, except in the very first week the bot runs (a fresh install does not greet the admins
 * with a report at its first start). Who already got this week's report is in SQLite, so restarts never
 * send it twice.
 */
export function createWeeklyReportWorker(deps: WorkerDeps): Worker {
  let task: ScheduledTask | undefined;
  let running: Promise<void> | undefined;

  const run = (): Promise<void> => {
    running ??= sendWeeklyReport(deps)
      .then(() => undefined)
      .catch((err) => deps.log.error({ event: "stats.weekly_tick_failed", err }, "weekly report tick failed"))
      .finally(() => (running = undefined));
    return running;
  };

  return {
    name: "stats-weekly-report",
    start() {
      const expr = deps.config.REPORT_CRON;
      // Admins and the on/off switch are asked at every run: both change from Telegram.
      if (expr === "") return;
      task = cron.schedule(expr, () => run(), { timezone: deps.config.TZ, noOverlap: true, name: "stats-weekly-report" });
      const now = deps.clock.now();
      const week = weekOf(now, deps.config.TZ);
      const meta = createMetaStore(deps.db);
      const since = meta.get(WEEKLY_SINCE_META);
      if (since === undefined) meta.set(WEEKLY_SINCE_META, week);
      else if (since < week && slotPassedThisWeek(task, now, deps.config.TZ)) void run();
    },
    async stop() {
      await task?.stop();
      task = undefined;
      await running;
    },
  };
}
