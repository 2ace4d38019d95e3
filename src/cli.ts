import { cliCommands, migrationSets } from "./app.js";
import { CLI_PREFIX, commandHelp, EXIT_USAGE, parseCommandLine, usageError, usageLine } from "./cli-args.js";
import type { CliDeps } from "./cli-deps.js";
import { systemClock } from "./clock.js";
import { isBasicOnly, parseBasicConfig } from "./config-basics.js";
import type { Config } from "./config.js";
import { loadDotEnv } from "./dotenv.js";
import type { PostCatalog } from "./content/catalog.js";
import { createLogger, type Logger } from "./logger.js";
import { createSettings, type Settings } from "./settings/settings.js";
import { openDatabase, type Db } from "./storage/db.js";

const commands = cliCommands();

function helpText(): string {
  const usages = commands.map((c) => usageLine(c));
  const width = Math.max(...usages.map((u) => u.length), 4) + 2;
  const lines = commands.map((c, i) => `  ${usages[i]!.padEnd(width)} ${c.summary}`);
  return `ButlerSPB bot CLI — те же функции, что у бота, из командной строки.

Использование: ${CLI_PREFIX} <команда> [параметры]

${lines.join("\n")}
  ${"help".padEnd(width)} эта справка

Справка по команде: ${CLI_PREFIX} <команда> --help
Настройки берутся из окружения и файла .env (см. .env.example и docs/configuration.md).`;
}

// Commands that never talk to Telegram work without a token configured (the channel is optional anyway).
const OFFLINE_TOKEN = "0000000:offline-cli-has-no-telegram-access";

const configErrorText = (errors: string[]) => `Ошибка конфигурации (см. .env.example):\n${errors.map((e) => `  • ${e}`).join("\n")}`;

export async function runCli(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    out(helpText());
    return name ? 0 : EXIT_USAGE;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`Неизвестная команда «${name}». Список команд: ${CLI_PREFIX} help`);
    return EXIT_USAGE;
  }
  const line = parseCommandLine(command, args);
  if (line.kind === "help") {
    out(commandHelp(command));
    return 0;
  }
  if (line.kind === "error") {
    err(usageError(command, line.message));
    return EXIT_USAGE;
  }
  loadDotEnv();
  const env = { ...process.env };
  const offline = !command.needsTelegram && !env.BOT_TOKEN?.trim();
  if (!command.needsTelegram) {
    env.BOT_TOKEN ||= OFFLINE_TOKEN;
  }
  // A short command that declares the few variables it reads skips the full schema (zod): that is most of its start.
  const fullConfig = async () => (await import("./config.js")).parseConfig(env);
  const basic = command.configKeys && isBasicOnly(command.configKeys) ? command.configKeys : undefined;
  const parsed = basic ? parseBasicConfig(env, basic) : await fullConfig();
  if (!parsed.ok) {
    err(configErrorText(parsed.errors));
    return EXIT_USAGE;
  }
  // Reading a variable the command did not declare is a bug in the command, not a missing setting.
  let config = (basic ? declaredOnly(parsed.config, command.name) : parsed.config) as Config;
  // Logs go to stderr so stdout stays clean JSON for scripts.
  let log: Logger | undefined;
  let db: Db;
  try {
    db = openDatabase(config.DATABASE_PATH, migrationSets());
  } catch (e) {
    const { describeError } = await import("./telegram/describe-error.js");
    err(`Не удалось открыть базу ${config.DATABASE_PATH}: ${describeError(e)}`);
    return 1;
  }
  // The post parser (gray-matter, js-yaml, zod schemas) is a good part of a CLI start: commands that read
  // posts only sometimes (`search` over an existing index) import it on demand.
  const catalogModule = command.postsOnDemand ? undefined : await import("./content-sync/content-catalog.js");
  let catalog: PostCatalog | undefined;
  let settings: Settings | undefined;
  const deps: CliDeps = {
    get config() {
      return config;
    },
    get settings() {
      return (settings ??= createSettings(config, db));
    },
    db, clock: systemClock, offline, out, err,
    get log() {
      return (log ??= createLogger(config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL, process.stderr));
    },
    get catalog() {
      if (!catalogModule) throw new Error(`cli ${command.name} is postsOnDemand: read posts through deps.loadCatalog()`);
      return (catalog ??= catalogModule.createContentCatalog(config));
    },
    async loadCatalog() {
      if (!catalog && command.configKeys) {
        // Reading posts needs every variable (SITE_URL, TZ, CONTENT_REPO…): now the whole schema is checked.
        const full = await fullConfig();
        if (!full.ok) throw new CliConfigError(full.errors);
        config = full.config;
      }
      // CONTENT_DIR, or the current snapshot of the blog's repository when CONTENT_REPO is set.
      const { createContentCatalog } = catalogModule ?? (await import("./content-sync/content-catalog.js"));
      return (catalog ??= createContentCatalog(config));
    },
  };
  try {
    return await command.run(line.input, deps);
  } catch (e) {
    if (e instanceof CliConfigError) {
      err(configErrorText(e.errors));
      return EXIT_USAGE;
    }
    // Telegram unreachable or refusing the token, a disk error: one Russian line, never the token or a stack
    // (LOG_LEVEL=debug adds the stack, scrubbed).
    const { describeError } = await import("./telegram/describe-error.js");
    err(describeError(e, { debug: config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace" }));
    return 1;
  } finally {
    db.close();
  }
}

function declaredOnly(partial: object, name: string): object {
  return new Proxy(partial, {
    get(target, key) {
      if (typeof key === "string" && !(key in target)) throw new Error(`cli ${name}: config.${key} is not in its configKeys`);
      return Reflect.get(target, key);
    },
  });
}

class CliConfigError extends Error {
  constructor(readonly errors: string[]) {
    super("configuration");
  }
}

const isEntry = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/cli.ts");
if (isEntry) {
  // A promise nobody awaited (a worker, a stream): still one line, no secret, exit 1.
  process.on("unhandledRejection", async (e) => {
    const { describeError } = await import("./telegram/describe-error.js");
    console.error(describeError(e, { debug: process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace" }));
    process.exitCode = 1;
  });
  const code = await runCli(process.argv.slice(2), (l) => console.log(l), (l) => console.error(l)).catch(async (e: unknown) => {
    // Before a command ran (the database folder unwritable, .env unreadable): still one line, no secret.
    const { describeError } = await import("./telegram/describe-error.js");
    console.error(describeError(e, { debug: process.env.LOG_LEVEL === "debug" || process.env.LOG_LEVEL === "trace" }));
    return 1;
  });
  process.exitCode = code;
}
