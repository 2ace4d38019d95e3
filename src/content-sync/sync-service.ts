import cron, { type ScheduledTask } from "node-cron";
import type { HttpRoute, Worker, WorkerDeps } from "../feature.js";
import { downloadImage } from "../publishing/download-image.js";
import type { Db } from "../storage/db.js";
import { contentSyncPaths } from "./content-paths.js";
import { createContentSync, type ContentSync } from "./content-sync.js";
import { createContentHookRoute } from "./hook-route.js";
import { currentSnapshot } from "./snapshots.js";
import { createSyncRunner, type SyncRunner } from "./sync-runner.js";

export interface ContentSyncService {
  sync: ContentSync;
  runner: SyncRunner;
}

// The worker and the hook route are built separately (workers(deps), routes(deps)) but must share one
// runner, or a hook could start a sync beside the cron's. One service per database = per bot process.
const services = new WeakMap<Db, ContentSyncService>();

export function contentSyncServiceFor(deps: WorkerDeps): ContentSyncService {
  let service = services.get(deps.db);
  if (!service) {
    const sync = createContentSync({ ...deps, paths: contentSyncPaths(deps.config), downloadImage });
    const runner = createSyncRunner(
      () => sync.sync(),
      (err) => deps.log.error({ event: "content_sync.crashed", err: sync.redact(String(err)) }),
    );
    service = { sync, runner };
    services.set(deps.db, service);
  }
  return service;
}

/**
 * At start: the very first clone is awaited, so the bot comes up with posts to serve; with a working copy
 * from an earlier run the bot serves that at once and fetches in the background (a slow or unreachable
 * remote must not delay the start). Then a sync on every PUBLISH_CRON tick.
 */
export function createContentSyncWorker(deps: WorkerDeps): Worker {
  const { runner } = contentSyncServiceFor(deps);
  let task: ScheduledTask | undefined;
  return {
    name: "content-sync",
    async start() {
      const first = runner.request();
      if (currentSnapshot(contentSyncPaths(deps.config)) === undefined) await first;
      task = cron.schedule(deps.config.PUBLISH_CRON, () => void runner.request(), { timezone: deps.config.TZ, noOverlap: true });
    },
    async stop() {
      await task?.stop();
      await runner.close();
      services.delete(deps.db); // a bot started again over the same database gets a fresh runner
    },
  };
}

export function createContentSyncRoutes(deps: WorkerDeps): HttpRoute[] {
  const secret = deps.config.CONTENT_HOOK_SECRET;
  if (!secret) return []; // without a secret nobody could be verified: no hook at all
  const { runner } = contentSyncServiceFor(deps);
  return [createContentHookRoute(secret, () => void runner.request())];
}
