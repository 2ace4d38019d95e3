import { cliCommands, migrationSets } from "./app.js";
import type { CliDeps } from "./cli-deps.js";
import { systemClock } from "./clock.js";
import { loadDotEnv, parseConfig } from "./config.js";
import type { PostCatalog } from "./content/catalog.js";
import { createLogger, type Logger } from "./logger.js";
import { openDatabase, type Db } from "./storage/db.js";

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

// Commands that never talk to Telegram work without a token or channel configured.
const OFFLINE_TOKEN = "0000000:offline-cli-has-no-telegram-access";
const OFFLINE_CHANNEL = "@channel_not_set";

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
    env.CHANNEL_ID ||= OFFLINE_CHANNEL;
  }
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    err(`Ошибка конфигурации (см. .env.example):\n${parsed.errors.map((e) => `  • ${e}`).join("\n")}`);
    return 2;
  }
  const config = parsed.config;
  // Logs go to stderr so stdout stays clean JSON for scripts.
  let log: Logger | undefined;
  let db: Db;
  try {
    db = openDatabase(config.DATABASE_PATH, migrationSets());
  } catch (e) {
    err(`Не удалось открыть базу ${config.DATABASE_PATH}: ${errorText(e)}`);
    return 1;
  }
  // The post parser (gray-matter, js-yaml, zod schemas) is a good part of a CLI start: commands that read
  // posts only sometimes (`search` over an existing index) import it on demand.
  const catalogModule = command.postsOnDemand ? undefined : await import("./content-sync/content-catalog.js");
  let catalog: PostCatalog | undefined;
  const deps: CliDeps = {
    config, db, clock: systemClock, offline, out, err,
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
  } catch (e) {
    // No command ends in a stack trace: one line saying what failed. grammY's errors never carry the token
    // (sensitiveLogs is off) and content-sync redacts repository credentials itself.
    err(`Команда ${command.name} не выполнена: ${errorText(e)}`);
    return 1;
  } finally {
    db.close();
  }
}

/** A failure in one line: SQLite's code (SQLITE_BUSY …) or the error's message, without a stack. */
function errorText(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
}

const isEntry = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/cli.ts");
if (isEntry) {
  process.on("unhandledRejection", (e) => {
    console.error(`Ошибка: ${errorText(e)}`);
    process.exitCode = 1;
  });
  const code = await runCli(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l)).catch((e: unknown) => {
    console.error(`Ошибка: ${errorText(e)}`);
    return 1;
  });
  process.exitCode = code;
}
