import type { Worker, WorkerDeps } from "../feature.js";
import { downloadImage } from "./download-image.js";
import { createPublicationRepo } from "./publication-repo.js";
import type { PublisherDeps } from "./publish-post.js";
import { recoverInterrupted, startScheduler, type Scheduler } from "./scheduler.js";

/** At start: flag sends a crash cut off (never resent blindly), then tick on PUBLISH_CRON. */
export function createSchedulerWorker(deps: WorkerDeps): Worker {
  const publisher: PublisherDeps = {
    api: deps.api, repo: createPublicationRepo(deps.db), catalog: deps.catalog, config: deps.config, settings: deps.settings,
    clock: deps.clock, log: deps.log, botUsername: deps.botUsername, downloadImage,
  };
  let scheduler: Scheduler | undefined;
  return {
    name: "scheduler",
    async start() {
      await recoverInterrupted(publisher);
      scheduler = startScheduler(publisher);
    },
    async stop() {
      scheduler?.stop();
      await scheduler?.idle();
    },
  };
}
