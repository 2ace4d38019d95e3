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
      summary: "резервная копия базы на ходу (по умолчанию в data/backups/ рядом с базой)",
      args: [{ name: "файл", description: "куда писать копию; папка должна существовать" }],
      help: "Копия «на ходу» согласована на момент снимка. Ручная копия не считается ежедневной: «последняя резервная копия» в /status и метрика backup_last_timestamp_seconds относятся только к ежедневным копиям бота.",
      run: async (input, deps) => (await import("./cli.js")).backupCommand(input, deps),
    },
    {
      name: "restore",
      summary: "восстановить базу из резервной копии (бот должен быть остановлен)",
      args: [{ name: "файл", required: true, description: "резервная копия (например data/backups/bot-20261201T030000Z.db)" }],
      help: [
        "Что делает:",
        "  1. проверяет копию: PRAGMA integrity_check и схему, которую знает эта версия бота;",
        "  2. отказывается, пока бот работает с этой базой (блокировка <DATABASE_PATH>.lock);",
        "  3. кладёт текущую базу рядом: <DATABASE_PATH>.replaced-<время>;",
        "  4. посты, опубликованные по текущей базе, но неизвестные копии, отмечает опубликованными (берёт записи",
        "     из текущей базы) и перечисляет их — бот не отправит их в канал второй раз.",
      ].join("\n"),
      run: async (input, deps) => (await import("./cli.js")).restoreCommand(input, deps),
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
