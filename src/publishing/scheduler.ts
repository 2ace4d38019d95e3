import cron from "node-cron";
import { notifyAdmins } from "./notify-admins.js";
import { planSchedule } from "./schedule.js";
import { publishPost, type PublishOutcome, type PublisherDeps } from "./publish-post.js";
import { texts } from "./texts.js";

const INITIALIZED_KEY = "schedule.initialized_at";
/** When the last tick began: /status and /metrics show it, so a stalled schedule is visible. */
export const LAST_TICK_META = "schedule.last_tick_at";

/**
 * One tick: reload the posts, bring the log up to date, publish what is due. All state is in
 * SQLite, so a tick after downtime catches up with everything that came due meanwhile.
 */
export async function publishDuePosts(deps: PublisherDeps): Promise<PublishOutcome[]> {
  const { repo, catalog, clock } = deps;
  catalog.reload();
  const now = clock.now();
  repo.setMeta(LAST_TICK_META, now.toISOString());
  const firstRun = repo.getMeta(INITIALIZED_KEY) === undefined;
  const known = new Map(repo.list().map((p) => [p.slug, p]));
  const changes = planSchedule(catalog.posts(), known, now, firstRun);
  repo.record(changes.record, now);
  for (const r of changes.reschedule) repo.reschedule(r.slug, r.dueAt, now);
  if (firstRun) {
    repo.setMeta(INITIALIZED_KEY, now.toISOString());
    const archived = changes.record.filter((r) => r.status === "archived").length;
    deps.log.info({ event: "schedule.archive_recorded", archived });
  }

  const outcomes: PublishOutcome[] = [];
  for (const due of repo.due(now)) {
    if (!catalog.get(due.slug)) continue; // the file was removed: nothing to send
    const outcome = await publishPost(due.slug, deps, "schedule");
    outcomes.push(outcome);
    if (outcome.status === "published" && outcome.fallbacks.length > 0) {
      await notifyAdmins(deps.api, deps.config.ADMIN_IDS, texts.publishedWithFallbacks(outcome.slug, outcome.fallbacks), deps.log);
    } else if (outcome.status === "failed") {
      await notifyAdmins(deps.api, deps.config.ADMIN_IDS, texts.scheduledFailed(outcome.slug, outcome.error, outcome.retryAt), deps.log);
    }
  }
  return outcomes;
}

/** Marks sends cut off by a crash. They are not resent automatically: the channel may already have them. */
export async function recoverInterrupted(deps: PublisherDeps): Promise<string[]> {
  const interrupted = deps.repo.list().filter((p) => p.status === "sending");
  for (const p of interrupted) {
    deps.repo.setStatus(p.slug, "failed", deps.clock.now(), texts.interruptedError);
    await notifyAdmins(deps.api, deps.config.ADMIN_IDS, texts.interrupted(p.slug, p.messageIds.length), deps.log);
  }
  return interrupted.map((p) => p.slug);
}

export interface Scheduler {
  stop(): void;
  /** Resolves when the tick in progress (if any) has finished. */
  idle(): Promise<void>;
}

export function startScheduler(deps: PublisherDeps): Scheduler {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return; // a long catch-up must not overlap the next tick
    busy = true;
    running = publishDuePosts(deps)
      .catch((err) => deps.log.error({ event: "schedule.tick_failed", err: String(err) }))
      .finally(() => (busy = false));
  };
  const task = cron.schedule(deps.config.PUBLISH_CRON, tick, { timezone: deps.config.TZ, noOverlap: true });
  tick(); // catch up at start
  return {
    stop: () => void task.stop(),
    idle: () => running.then(() => undefined),
  };
}
