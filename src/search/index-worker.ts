import type { Worker, WorkerDeps } from "../feature.js";
import { indexPosts } from "./search-index.js";

/** If the bot never asks Telegram for updates (webhook set up elsewhere), index after this anyway. */
const INDEX_FALLBACK_DELAY_MS = 2_000;

/**
 * Brings the index up to date (incremental: a warm start re-processes nothing) once the bot is
 * taking updates, so a cold start with many posts is connected first; updates arriving meanwhile wait.
 */
export function createIndexWorker(deps: WorkerDeps): Worker {
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  const build = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    deps.log.info({ event: "search.indexed", ...indexPosts(deps.db, deps.catalog.posts()) });
  };
  return {
    name: "search-index",
    start() {
      deps.api.config.use((prev, method, payload, signal) => {
        if (!done && (method === "getUpdates" || method === "setWebhook")) setTimeout(build, 10);
        return prev(method, payload, signal);
      });
      timer = setTimeout(build, INDEX_FALLBACK_DELAY_MS);
      timer.unref();
    },
    async stop() {
      done = true;
      clearTimeout(timer);
    },
  };
}
