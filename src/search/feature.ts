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
      summary: "обновить поисковый индекс по CONTENT_DIR (инкрементально)",
      options: { json: { type: "boolean", description: "итог одной строкой JSON: added, updated, removed, unchanged, loadErrors, ms" } },
      run: async (input, deps) => (await import("./cli.js")).indexCommand(input, deps),
    },
    {
      name: "search",
      summary: "искать посты; --json: массив {slug, title, url, snippet, score}; --explain: как прочитано каждое слово и почему такой ответ",
      options: {
        json: { type: "boolean", description: "результат массивом JSON {slug, title, url, snippet, score}, лучшие первыми" },
        explain: { type: "boolean", description: "как прочитано каждое слово (точно, основа, однокоренное, исправление, раскладка, транслит, неизвестно), его вес и решение; с --json — одним объектом" },
        limit: { type: "string", value: "N", description: "сколько результатов показать, 1–100 (по умолчанию 10)" },
      },
      args: [{ name: "запрос", required: true, rest: true, description: "слова запроса; запрос, начинающийся с -, пишите после --" }],
      postsOnDemand: true,
      // A search over an existing index reads only the database: the full configuration is checked only
      // when the index is empty and the posts have to be read.
      configKeys: ["DATABASE_PATH", "LOG_LEVEL"],
      run: async (input, deps) => (await import("./cli.js")).searchCommand(input, deps),
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
