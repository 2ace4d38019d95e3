import { GrammyError } from "grammy";
import { commandSpecs, features, loadFeatures, migrationSets } from "./app.js";
import { createBot } from "./bot.js";
import { systemClock } from "./clock.js";
import { loadDotEnv, MISSING_TOKEN_HELP, parseConfig } from "./config.js";
import { createPostCatalog } from "./content/catalog.js";
import type { Worker } from "./feature.js";
import { createLogger } from "./logger.js";
import { openDatabase } from "./storage/db.js";
import { BOT_USERNAME_META, createMetaStore } from "./storage/meta.js";
import { syncCommands } from "./telegram/commands.js";

async function main(): Promise<void> {
  loadDotEnv();
  if (!process.env.BOT_TOKEN?.trim()) {
    console.error(MISSING_TOKEN_HELP);
    process.exit(1);
  }
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(`Ошибка конфигурации (см. .env.example):\n${parsed.errors.map((e) => `  • ${e}`).join("\n")}`);
    process.exit(1);
  }
  const config = parsed.config;
  const log = createLogger(config.LOG_LEVEL);
  const db = openDatabase(config.DATABASE_PATH, migrationSets());
  const catalog = createPostCatalog(config.CONTENT_DIR, config.SITE_URL);
  for (const e of catalog.errors()) log.warn({ event: "post.invalid", file: e.file, reason: e.reason });

  const deps = { config, db, log, clock: systemClock, catalog };
  const loaded = await loadFeatures(features);
  const bot = createBot(deps, { features: loaded.composers });
  log.info({ event: "bot.connecting", apiRoot: config.TELEGRAM_API_ROOT, posts: catalog.posts().length });
  try {
    await bot.init();
  } catch (err) {
    const refused = err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404);
    console.error(refused ? "Telegram не принял BOT_TOKEN: проверьте токен у @BotFather." : `Не удалось связаться с Telegram: ${String(err)}`);
    db.close();
    process.exit(1);
  }
  const botUsername = bot.botInfo.username;
  createMetaStore(db).set(BOT_USERNAME_META, botUsername);
  await syncCommands(bot.api, config.ADMIN_IDS, commandSpecs(features)).catch((err) =>
    log.warn({ event: "commands.sync_failed", err: String(err) }),
  );

  const workers: Worker[] = loaded.workers({ ...deps, api: bot.api, botUsername });
  const started: Worker[] = [];

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: "bot.stopping", signal });
    await bot.stop();
    // Reverse order; each stop waits for its job in flight: a half-written row is worse than a late stop.
    for (const w of [...started].reverse()) {
      await w.stop().catch((err) => log.error({ event: "worker.stop_failed", worker: w.name, err: String(err) }));
    }
    db.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  for (const w of workers) {
    await w.start();
    started.push(w);
  }

  await bot.start({
    allowed_updates: ["message", "callback_query", "inline_query"],
    onStart: (me) => log.info({ event: "bot.started", username: me.username, posts: catalog.posts().length }),
  });
}

await main();
