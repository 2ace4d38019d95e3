import { GrammyError } from "grammy";
import { productionFeatures } from "./app.js";
import { createBot } from "./bot.js";
import { systemClock } from "./clock.js";
import { loadDotEnv, MISSING_TOKEN_HELP, parseConfig } from "./config.js";
import { createPostCatalog } from "./content/catalog.js";
import { createLogger } from "./logger.js";
import { startOutboxWorker } from "./consultation/outbox.js";
import { downloadImage } from "./publishing/download-image.js";
import { BOT_USERNAME_META, createPublicationRepo } from "./publishing/publication-repo.js";
import { recoverInterrupted, startScheduler } from "./publishing/scheduler.js";
import { indexPosts } from "./search/search-index.js";
import { openDatabase } from "./storage/db.js";
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
  const db = openDatabase(config.DATABASE_PATH);
  const catalog = createPostCatalog(config.CONTENT_DIR, config.SITE_URL);
  for (const e of catalog.errors()) log.warn({ event: "post.invalid", file: e.file, reason: e.reason });

  const clock = systemClock;
  const deps = { config, db, log, clock, catalog };
  const bot = createBot(deps, { features: productionFeatures });
  log.info({ event: "bot.connecting", apiRoot: config.TELEGRAM_API_ROOT, posts: catalog.posts().length });
  try {
    await bot.init();
  } catch (err) {
    const refused = err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404);
    console.error(refused ? "Telegram не принял BOT_TOKEN: проверьте токен у @BotFather." : `Не удалось связаться с Telegram: ${String(err)}`);
    db.close();
    process.exit(1);
  }
  const repo = createPublicationRepo(db);
  repo.setMeta(BOT_USERNAME_META, bot.botInfo.username);
  await syncCommands(bot.api, config.ADMIN_IDS).catch((err) => log.warn({ event: "commands.sync_failed", err: String(err) }));

  const publisher = { api: bot.api, repo, catalog, config, clock, log, botUsername: bot.botInfo.username, downloadImage };
  await recoverInterrupted(publisher);
  const scheduler = startScheduler(publisher);
  const outbox = startOutboxWorker(bot.api, db, config, clock, log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: "bot.stopping", signal });
    scheduler.stop();
    await bot.stop();
    // Running ticks finish before the database closes: a half-written row is worse than a late stop.
    await Promise.all([outbox.stop(), scheduler.idle()]);
    db.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  // Polling first, then the search index (incremental: a warm start re-processes nothing). On a
  // cold start with many posts this takes a moment; updates arriving meanwhile wait, none are lost.
  let indexScheduled = false;
  bot.api.config.use((prev, method, payload, signal) => {
    if (method === "getUpdates" && !indexScheduled) {
      indexScheduled = true;
      setTimeout(() => log.info({ event: "search.indexed", ...indexPosts(db, catalog.posts()) }), 10);
    }
    return prev(method, payload, signal);
  });

  await bot.start({
    allowed_updates: ["message", "callback_query", "inline_query"],
    onStart: (me) => log.info({ event: "bot.started", username: me.username, posts: catalog.posts().length }),
  });
}

await main();
