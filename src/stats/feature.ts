import type { Feature } from "../feature.js";
import { statsMigrations } from "./schema.js";

/** What readers look for and which posts bring requests: /stats, the weekly report, `cli stats`. */
export const statsFeature: Feature = {
  name: "stats",
  migrations: statsMigrations,
  commands: [{ command: "stats", description: "Статистика: /stats или /stats 30", audience: "admins" }],
  cli: [
    {
      name: "stats",
      summary: "поиски, заявки, воронка и посты за N дней (7); --png — график",
      options: {
        days: { type: "string", value: "N", description: "за сколько последних дней, 1–366 (по умолчанию 7)" },
        json: { type: "boolean", description: "цифры одним JSON со стабильными ключами" },
        png: { type: "string", value: "файл", description: "записать график в PNG-файл" },
      },
      run: async (input, deps) => (await import("./cli.js")).statsCommand(input, deps),
    },
  ],
  load: async () => {
    const [{ createStatsFeature }, { createWeeklyReportWorker }] = await Promise.all([
      import("./stats-feature.js"),
      import("./weekly-report-worker.js"),
    ]);
    return {
      composer: (deps) => createStatsFeature(deps),
      workers: (deps) => [createWeeklyReportWorker(deps)],
    };
  },
};
