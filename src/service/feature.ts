import type { Feature } from "../feature.js";
import { serviceMigrations } from "./schema.js";

/** Running as a service: /status for admins, daily backups, `cli backup`. */
export const serviceFeature: Feature = {
  name: "service",
  migrations: serviceMigrations,
  commands: [{ command: "status", description: "Состояние бота", audience: "admins" }],
  cli: [
    {
      name: "backup",
      usage: "backup [файл]",
      summary: "резервная копия базы на ходу (по умолчанию в data/backups/ рядом с базой)",
      run: async (args, deps) => (await import("./cli.js")).backupCommand(args, deps),
    },
  ],
  load: async () => {
    const [{ createStatusFeature }, { createBackupWorker }] = await Promise.all([import("./status-feature.js"), import("./backup.js")]);
    return {
      composer: (deps) => createStatusFeature(deps),
      workers: (deps) => [
        createBackupWorker({ db: deps.db, databasePath: deps.config.DATABASE_PATH, keep: deps.config.BACKUP_KEEP, clock: deps.clock, log: deps.log }),
      ],
    };
  },
};
