import cron from "node-cron";
import { latePostNotice } from "./notices.js";
import { notifyAdmins } from "./notify-admins.js";
import { planSchedule } from "./schedule.js";
import { publishPost, type PublishOutcome, type PublisherDeps } from "./publish-post.js";
import { plannedParts, unknownOutcomeNotice } from "./resolve-outcome.js";
import { texts } from "./texts.js";
import { LAST_TICK_META } from "../storage/meta.js";

/** Set once the first-run archive is recorded (the content sync checks it too). */
export const INITIALIZED_KEY = "schedule.initialized_at";
/** Set while the admins know CONTENT_DIR is unreadable: they are told once, not every tick. */
const UNREADABLE_KEY = "schedule.content_unreadable";

/** The tick in progress for each catalog: the scheduler and the content sync both tick. */
const ticking = new WeakMap<object, Promise<unknown>>();

/**
 * One tick: reload the posts, bring the log up to date, publish what is due. All state is in
 * SQLite, so a tick after downtime catches up with everything that came due meanwhile. Ticks over
 * one catalog run one after another, so two callers never both ask the admins about the same post.
 */
export function publishDuePosts(deps: PublisherDeps): Promise<PublishOutcome[]> {
  const previous = ticking.get(deps.catalog) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => runTick(deps));
  ticking.set(deps.catalog, run);
  return run;
}

async function runTick(deps: PublisherDeps): Promise<PublishOutcome[]> {
  const { repo, catalog, clock, log } = deps;
  catalog.reload();
  const now = clock.now();
  repo.setMeta(LAST_TICK_META, now.toISOString());
  if (!catalog.readable()) {
    // A folder that cannot be listed is not an empty blog: recording it as one would later flood the archive.
    const reason = catalog.errors()[0]?.reason ?? "папка недоступна";
    log.error({ event: "schedule.content_unreadable", dir: deps.config.CONTENT_DIR, reason });
    if (repo.getMeta(UNREADABLE_KEY) !== "1") {
      const failed = await notifyAdmins(deps.api, deps.settings.adminIds(), texts.contentUnreadable(deps.config.CONTENT_DIR, reason), log);
      if (failed.length < deps.settings.adminIds().length) repo.setMeta(UNREADABLE_KEY, "1");
    }
    return [];
  }
  if (repo.getMeta(UNREADABLE_KEY) === "1") repo.setMeta(UNREADABLE_KEY, "0");

  const firstRun = repo.getMeta(INITIALIZED_KEY) === undefined;
  if (firstRun && catalog.posts().length === 0) {
    // An empty folder on the first start is usually a volume not mounted yet: the archive waits for posts.
    log.warn({ event: "schedule.archive_deferred", dir: deps.config.CONTENT_DIR, reason: "no posts loaded yet" });
    return [];
  }
  const known = new Map(repo.list().map((p) => [p.slug, p]));
  const changes = planSchedule(catalog.posts(), known, now, firstRun);
  repo.record(changes.record, now, firstRun ? { key: INITIALIZED_KEY, value: now.toISOString() } : undefined);
  for (const r of changes.reschedule) repo.reschedule(r.slug, r.dueAt, now);
  if (firstRun) {
    const archived = changes.record.filter((r) => r.status === "archived").length;
    const scheduled = changes.record.length - archived;
    log.info({ event: "schedule.archive_recorded", archived, scheduled });
    if (archived > 0) await notifyAdmins(deps.api, deps.settings.adminIds(), texts.archiveRecorded(archived, scheduled), log);
  }
  await askAboutLatePosts(deps);

  const outcomes: PublishOutcome[] = [];
  const target = deps.settings.postingTarget();
  if (!target.ok) {
    // No channel, or the bot may not post there: due posts wait untried (none marked, none lost) and go out
    // at the tick after a channel is connected again.
    const held = repo.due(now).filter((p) => catalog.get(p.slug)).length;
    if (held > 0) log.warn({ event: "schedule.held", posts: held, reason: target.reason });
    return outcomes;
  }
  for (const due of repo.due(now)) {
    if (!catalog.get(due.slug)) continue; // the file was removed: nothing to send
    const outcome = await publishPost(due.slug, deps, "schedule");
    outcomes.push(outcome);
    if (outcome.status === "published" && outcome.fallbacks.length > 0) {
      await notifyAdmins(deps.api, deps.settings.adminIds(), texts.publishedWithFallbacks(outcome.slug, outcome.fallbacks), log);
    } else if (outcome.status === "failed") {
      await notifyAdmins(deps.api, deps.settings.adminIds(), texts.scheduledFailed(outcome.slug, outcome.error, outcome.retryAt, deps.config.TZ), log);
    } else if (outcome.status === "unknown") {
      const notice = unknownOutcomeNotice(outcome.publication, outcome.error, deps);
      await notifyAdmins(deps.api, deps.settings.adminIds(), notice.text, log, notice.reply_markup);
    }
  }
  return outcomes;
}

/** One message per late post; kept 'pending' until at least one admin got it, so an outage loses no question. */
async function askAboutLatePosts(deps: PublisherDeps): Promise<void> {
  for (const pub of deps.repo.list()) {
    if (pub.review !== "pending" || pub.status !== "archived") continue;
    const post = deps.catalog.get(pub.slug);
    if (!post) continue;
    const notice = latePostNotice(post, deps.config.TZ);
    const failed = await notifyAdmins(deps.api, deps.settings.adminIds(), notice.text, deps.log, notice.reply_markup);
    if (failed.length < deps.settings.adminIds().length) deps.repo.setReview(pub.slug, "asked", deps.clock.now());
    deps.log.info({ event: "schedule.late_post_held", slug: pub.slug });
  }
}

/**
 * Sends cut off by a crash. They are never resent automatically: the part in flight may be in the
 * channel. The admins are asked which part to continue from.
 */
export async function recoverInterrupted(deps: PublisherDeps): Promise<string[]> {
  const interrupted = deps.repo.list().filter((p) => p.status === "sending");
  for (const p of interrupted) {
    const planned = plannedParts(p, deps);
    const post = deps.catalog.get(p.slug);
    if (post && planned && p.parts.length >= planned.length) {
      // Killed after the last part was recorded: the whole post is in the channel, nothing is in doubt.
      deps.repo.markPublished(p.slug, p.contentHash ?? post.hash, p.format ?? deps.settings.publishFormat().value, p.parts, deps.clock.now());
      deps.log.info({ event: "post.published", slug: p.slug, messages: p.parts.length, trigger: "recovery" });
      await notifyAdmins(deps.api, deps.settings.adminIds(), texts.recoveredComplete(p.slug, p.parts.length), deps.log);
      continue;
    }
    deps.repo.markOutcomeUnknown(p.slug, texts.interruptedError, deps.clock.now());
    deps.log.warn({ event: "post.interrupted", slug: p.slug, recordedParts: p.parts.length });
    const notice = unknownOutcomeNotice(deps.repo.get(p.slug)!, texts.interruptedError, deps);
    await notifyAdmins(deps.api, deps.settings.adminIds(), notice.text, deps.log, notice.reply_markup);
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
      .catch((err) => deps.log.error({ event: "schedule.tick_failed", err }))
      .finally(() => (busy = false));
  };
  const task = cron.schedule(deps.config.PUBLISH_CRON, tick, { timezone: deps.config.TZ, noOverlap: true });
  tick(); // catch up at start
  // A channel connected (or its rights back): held posts go out now, not at the next cron slot. A tick in
  // progress is followed by one more, so the change is never missed.
  const unsubscribe = deps.settings.onChange((change) => {
    if (change !== "channel" || !deps.settings.postingTarget().ok) return;
    if (!busy) return tick();
    void running.then(() => tick());
  });
  return {
    stop: () => {
      unsubscribe();
      task.stop();
    },
    idle: () => running.then(() => undefined),
  };
}
