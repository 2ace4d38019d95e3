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
      usage: "stats [--days N] [--json] [--png file]",
      summary: "поиски, заявки, воронка и посты за N дней (7); --png — график",
      run: async (args, deps) => (await import("./cli.js")).statsCommand(args, deps),
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
