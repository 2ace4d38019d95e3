import { cliCommands, migrationSets } from "./app.js";
import type { CliDeps } from "./cli-deps.js";
import { systemClock } from "./clock.js";
import { loadDotEnv, parseConfig } from "./config.js";
import type { PostCatalog } from "./content/catalog.js";
import { createLogger, type Logger } from "./logger.js";
import { createSettings } from "./settings/settings.js";
import { openDatabase } from "./storage/db.js";

const commands = cliCommands();

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length), 4) + 2;
  const lines = commands.map((c) => `  ${c.usage.padEnd(width)} ${c.summary}`);
  return `ButlerSPB bot CLI — те же функции, что у бота, из командной строки.

Использование: npm run --silent cli -- <команда> [параметры]

${lines.join("\n")}
  ${"help".padEnd(width)} эта справка

Настройки берутся из окружения и файла .env (см. .env.example).`;
}

// Commands that never talk to Telegram work without a token configured (the channel is optional anyway).
const OFFLINE_TOKEN = "0000000:offline-cli-has-no-telegram-access";

export async function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out(helpText());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`Неизвестная команда «${name}». Список команд: npm run --silent cli -- help`);
    return 2;
  }
  loadDotEnv();
  const env = { ...process.env };
  const offline = !command.needsTelegram && !env.BOT_TOKEN?.trim();
  if (!command.needsTelegram) {
    env.BOT_TOKEN ||= OFFLINE_TOKEN;
  }
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    err(`Ошибка конфигурации (см. .env.example):\n${parsed.errors.map((e) => `  • ${e}`).join("\n")}`);
    return 2;
  }
  const config = parsed.config;
  // Logs go to stderr so stdout stays clean JSON for scripts.
  let log: Logger | undefined;
  const db = openDatabase(config.DATABASE_PATH, migrationSets());
  // The post parser (gray-matter, js-yaml, zod schemas) is a good part of a CLI start: commands that read
  // posts only sometimes (`search` over an existing index) import it on demand.
  const catalogModule = command.postsOnDemand ? undefined : await import("./content-sync/content-catalog.js");
  let catalog: PostCatalog | undefined;
  const deps: CliDeps = {
    config, db, clock: systemClock, offline, out, err, settings: createSettings(config, db),
    get log() {
      return (log ??= createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, process.stderr));
    },
    get catalog() {
      if (!catalogModule) throw new Error(`cli ${command.name} is postsOnDemand: read posts through deps.loadCatalog()`);
      return (catalog ??= catalogModule.createContentCatalog(config));
    },
    async loadCatalog() {
      // CONTENT_DIR, or the current snapshot of the blog's repository when CONTENT_REPO is set.
      const { createContentCatalog } = catalogModule ?? (await import("./content-sync/content-catalog.js"));
      return (catalog ??= createContentCatalog(config));
    },
  };
  try {
    return await command.run(args, deps);
  } finally {
    db.close();
  }
}

const isEntry = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/cli.ts");
if (isEntry) {
  const code = await runCli(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l));
  process.exitCode = code;
}
