import type { Feature } from "../feature.js";
import { searchMigrations } from "./schema.js";

/** Russian full-text search: /search, plain text, /latest, inline mode; its index and CLI. */
export const searchFeature: Feature = {
  name: "search",
  migrations: searchMigrations,
  commands: [
    { command: "search", description: "Поиск по статьям блога", audience: "everyone" },
    { command: "latest", description: "Свежие статьи", audience: "everyone" },
    { command: "synonyms", description: "Связи запросов с постами: список и удаление", audience: "admins" },
  ],
  cli: [
    {
      name: "index",
      usage: "index",
      summary: "обновить поисковый индекс по CONTENT_DIR (инкрементально)",
      run: async (args, deps) => (await import("./cli.js")).indexCommand(args, deps),
    },
    {
      name: "search",
      usage: 'search [--json] [--explain] "<запрос>"',
      summary: "искать посты; --json: массив {slug, title, url, snippet, score}; --explain: как прочитано каждое слово и почему такой ответ",
      postsOnDemand: true,
      run: async (args, deps) => (await import("./cli.js")).searchCommand(args, deps),
    },
  ],
  load: async () => {
    const [{ createSearchFeature }, { createIndexWorker }] = await Promise.all([
      import("./search-feature.js"),
      import("./index-worker.js"),
    ]);
    return {
      composer: (deps) => createSearchFeature(deps),
      workers: (deps) => [createIndexWorker(deps)],
    };
  },
};
