import type { Worker, WorkerDeps } from "../feature.js";
import { indexPosts } from "./index-posts.js";

/**
 * Brings the index up to date (incremental: a warm start re-processes nothing). main.ts starts
 * workers once the bot is taking updates; the build waits one more turn of the event loop so the
 * start itself is not held up, and updates arriving meanwhile wait, none are lost.
 */
export function createIndexWorker(deps: WorkerDeps): Worker {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: "search-index",
    start() {
      timer = setTimeout(() => {
        timer = undefined;
        deps.log.info({ event: "search.indexed", ...indexPosts(deps.db, deps.catalog.posts()) });
      }, 10);
    },
    async stop() {
      clearTimeout(timer);
    },
  };
}
