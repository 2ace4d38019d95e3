import type { Feature } from "../feature.js";
import { contentSyncMigrations } from "./schema.js";

/**
 * Posts from the blog's own git repository (CONTENT_REPO): clone/fetch on start, on PUBLISH_CRON and on a
 * push hook; atomic snapshots the catalog reads; admin notices for changed, removed and broken posts.
 * Listed before publishing so its first sync (the archive) runs before the scheduler's first tick.
 */
export const contentSyncFeature: Feature = {
  name: "content-sync",
  migrations: contentSyncMigrations,
  cli: [
    {
      name: "sync",
      summary: "забрать посты из CONTENT_REPO: что изменилось и что сделает бот (--dry-run: ничего не менять)",
      options: {
        "dry-run": { type: "boolean", description: "только показать изменения: ничего не переключать, не публиковать, не писать админам" },
        json: { type: "boolean", description: "отчёт одним JSON" },
      },
      run: async (input, deps) => (await import("./cli.js")).syncCommand(input, deps),
    },
  ],
  load: async () => {
    const [{ createContentSyncFeature }, service] = await Promise.all([import("./content-sync-feature.js"), import("./sync-service.js")]);
    return {
      composer: (deps) => createContentSyncFeature(deps),
      // Without CONTENT_REPO the feature is inert: CONTENT_DIR works as before.
      workers: (deps) => (deps.config.CONTENT_REPO ? [service.createContentSyncWorker(deps)] : []),
      routes: (deps) => (deps.config.CONTENT_REPO ? service.createContentSyncRoutes(deps) : []),
    };
  },
};
