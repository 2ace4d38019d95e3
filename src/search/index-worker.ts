import type { Worker, WorkerDeps } from "../feature.js";
import { indexPostsGradually } from "./index-posts.js";

/**
 * Brings the index up to date (incremental: a warm start re-processes nothing). main.ts starts
 * workers once the bot is taking updates; the build waits one more turn of the event loop so the
 * start itself is not held up. It runs in batches and yields between them: searches meanwhile are
 * answered from the index as it was (an edited post is swapped inside one transaction), none wait
 * for the whole build.
 */
export function createIndexWorker(deps: WorkerDeps): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopping = false;
  return {
    name: "search-index",
    start() {
      timer = setTimeout(() => {
        timer = undefined;
        running = indexPostsGradually(deps.db, deps.catalog.posts(), { aborted: () => stopping })
          .then((stats) => deps.log.info({ event: "search.indexed", ...stats }))
          .catch((err: unknown) => deps.log.error({ event: "search.index_failed", err: String(err) }));
      }, 10);
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      await running;
    },
  };
}
