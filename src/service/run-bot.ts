import { Composer, GrammyError } from "grammy";
import { commandSpecs, conversationsVersion, features, loadFeatures, migrationSets, type LoadedFeatures } from "../app.js";
import { createBot, type BotContext } from "../bot.js";
import type { Clock } from "../clock.js";
import { systemClock } from "../clock.js";
import type { Config } from "../config.js";
import type { HttpRoute, Worker, WorkerDeps } from "../feature.js";
import type { Logger } from "../logger.js";
import { notifyAdmins } from "../publishing/notify-admins.js";
import { openDatabase } from "../storage/db.js";
import { BOT_USERNAME_META, createMetaStore } from "../storage/meta.js";
import { syncCommands } from "../telegram/commands.js";
import { createHealthRoutes } from "./health-routes.js";
import { startHttpServer, type HttpServer } from "./http-server.js";
import { createInFlightTracker } from "./in-flight.js";
import { acquireInstanceLock } from "./instance-lock.js";
import { createLateComposer } from "./late-composer.js";
import { createLazyCatalog } from "./lazy-catalog.js";
import { createServiceMetrics } from "./metrics.js";
import { checkPermissions } from "./permissions.js";
import { requestSent } from "./request-sent.js";
import { resetServiceState, serviceState } from "./runtime-state.js";
import { texts as serviceTexts } from "./texts.js";
import { createUpdateInbox } from "./update-inbox.js";
import { createUpdatePipeline, type AllowedUpdates } from "./update-pipeline.js";
import { createWebhookRoute, webhookPath } from "./webhook.js";
import { EXIT_CONFIG, EXIT_FAILURE } from "./exit-codes.js";
import { describeError } from "../telegram/describe-error.js";

const ALLOWED_UPDATES: AllowedUpdates = ["message", "callback_query", "inline_query"];
/** Handlers in flight get this long to finish after SIGTERM; then the stop goes on regardless. */
const STOP_GRACE_MS = 10_000;
const WEBHOOK_DEFAULT_PORT = 8080;
/** Workers start once the first long poll is on the wire, or after this if it cannot be observed. */
const FIRST_POLL_WAIT_MS = 1_000;

/** A start that cannot go on: the caller prints `message` (Russian, no secret in it) and exits with `exitCode`. */
export class StartError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_CONFIG, options?: ErrorOptions) {
    super(message, options);
    this.name = "StartError";
  }
}

export interface RunBotOptions {
  log: Logger;
  clock?: Clock;
  /** The HTTP client beneath grammY (the demo passes its own; production the global fetch). */
  fetch?: typeof fetch;
}

export interface RunningBot {
  readonly username: string;
  /** Stops taking updates, lets handlers and workers finish, closes the database. Idempotent. */
  stop(reason: string): Promise<void>;
  /** Resolves with the process exit code once the bot has stopped (by `stop` or because polling failed). */
  readonly stopped: Promise<number>;
}

/**
 * The bot's whole lifecycle, shared by `npm start` (main.ts) and `npm run demo`: lock → database → Telegram
 * → updates → workers, and the clean stop in reverse. Throws StartError when the start cannot go on.
 */
export async function runBot(config: Config, options: RunBotOptions): Promise<RunningBot> {
  const { log } = options;
  const clock = options.clock ?? systemClock;

  // Before the database is opened: a second process must change nothing.
  const lock = config.DATABASE_PATH === ":memory:" ? undefined : acquireInstanceLock(config.DATABASE_PATH);
  if (lock && !lock.ok) {
    throw new StartError(
      `Другой экземпляр бота уже работает с базой ${config.DATABASE_PATH}${lock.holder ? ` (${lock.holder})` : ""}. ` +
        "Остановите его или укажите другой DATABASE_PATH.",
    );
  }
  const releaseLock = () => (lock?.ok ? lock.release() : undefined);

  const db = openDatabase(config.DATABASE_PATH, migrationSets());
  const catalog = createLazyCatalog();
  // Provided once the first getUpdates is out, with the features: handlers wait until both are there.
  let loading: Promise<LoadedFeatures> | undefined;
  const loadRuntime = () =>
    (loading ??= (async () => {
      // CONTENT_DIR, or the current snapshot of the blog's repository when CONTENT_REPO is set.
      const [{ createContentCatalog }, loaded] = await Promise.all([import("../content-sync/content-catalog.js"), loadFeatures(features)]);
      catalog.provide(() => createContentCatalog(config));
      const composer = new Composer<BotContext>();
      for (const make of loaded.composers) composer.use(make(deps));
      late.fill(composer);
      return loaded;
    })());

  const webhook = config.WEBHOOK_URL !== undefined && config.WEBHOOK_SECRET !== undefined
    ? { url: config.WEBHOOK_URL, secret: config.WEBHOOK_SECRET }
    : undefined;
  resetServiceState({ mode: webhook ? "webhook" : "polling", startedAt: clock.now() });

  const deps = { config, db, log, clock, catalog };
  const late = createLateComposer<BotContext>();
  const inFlight = createInFlightTracker();
  const inbox = createUpdateInbox(db, clock);
  const metrics = createServiceMetrics({ db, clock, ready: () => serviceState.ready, inFlight: inFlight.size });
  const bot = createBot(deps, {
    features: [() => late.composer],
    conversationsVersion: conversationsVersion(features),
    client: { fetch: metrics.countingFetch(options.fetch ?? fetch) },
  });
  bot.api.config.use(metrics.callTransformer);
  const pipeline = createUpdatePipeline(bot, {
    log,
    inFlight,
    held: true,
    inbox,
    onUpdate: (update) => {
      serviceState.lastUpdateAt = clock.now();
      metrics.countUpdate(update);
    },
  });

  // The HTTP server comes up first, so /healthz answers (and /readyz says 503) while Telegram is reached.
  const routes: HttpRoute[] = createHealthRoutes({ db, metrics, ready: () => serviceState.ready });
  const port = config.PORT ?? (webhook ? WEBHOOK_DEFAULT_PORT : undefined);
  let server: HttpServer | undefined;
  if (port !== undefined) {
    server = await startHttpServer({ port, routes, log });
    log.info({ event: "http.listening", port: server.port });
  }

  const started: Worker[] = [];
  let stopping: Promise<void> | undefined;
  let settle!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (settle = resolve));
  const stop = (reason: string, code = 0): Promise<void> =>
    (stopping ??= (async () => {
      serviceState.ready = false;
      log.info({ event: "bot.stopping", signal: reason, inFlight: pipeline.inFlight.size() });
      await pipeline.stopTaking().catch((err) => log.warn({ event: "polling.stop_failed", err }));
      // Stopped before the workers were up: what was already taken is still answered (the webhook said 200).
      await loadRuntime();
      pipeline.release();
      // The runner's stop() does not wait for handlers: a reply in progress still reaches its user.
      if (!(await pipeline.inFlight.drain(STOP_GRACE_MS))) {
        log.warn({ event: "bot.stop_timeout", inFlight: pipeline.inFlight.size(), graceMs: STOP_GRACE_MS });
      }
      // Reverse order; each stop waits for its job in flight: a half-written row is worse than a late stop.
      for (const w of [...started].reverse()) {
        await w.stop().catch((err) => log.error({ event: "worker.stop_failed", worker: w.name, err }));
      }
      await server?.close();
      db.close();
      releaseLock();
      log.info({ event: "bot.stopped", signal: reason });
      settle(code);
    })());

  log.info({ event: "bot.connecting", apiRoot: config.TELEGRAM_API_ROOT, mode: serviceState.mode });
  try {
    await bot.init();
  } catch (err) {
    await server?.close();
    db.close();
    releaseLock();
    const refused = err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404);
    const debug = config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace";
    throw new StartError(describeError(err, { debug }), refused ? EXIT_CONFIG : EXIT_FAILURE, { cause: err });
  }
  const botUsername = bot.botInfo.username;
  const running: RunningBot = { username: botUsername, stop: (reason) => stop(reason), stopped };
  createMetaStore(db).set(BOT_USERNAME_META, botUsername);
  const workerDeps = { ...deps, api: bot.api, botUsername };
  // Menus and the permission check run in the background (tracked, so a stop waits for them): neither needs
  // to hold up the first getUpdates, and neither may stop the start.
  void inFlight.track(
    syncCommands(bot.api, config.ADMIN_IDS, commandSpecs(features)).catch((err) => log.warn({ event: "commands.sync_failed", err })),
  );
  void inFlight.track(reportPermissions(workerDeps, bot.botInfo.id));

  // Updates a crash cut off are queued first, in order; they are handled, like everything else, after the workers start.
  const replayed = pipeline.replayUnfinished();
  if (replayed > 0) log.warn({ event: "updates.replayed", count: replayed });
  log.info({ event: "updates.pruned", count: inbox.prune() });

  // Taking updates first, then the workers, then handling: the workers' start reads every post (the
  // scheduler's catch-up tick) and would otherwise hold back the request that makes the bot reachable, and
  // their start-up recovery (a send cut off by a crash) must run before any handler sees the same post.
  if (webhook) {
    const path = webhookPath(webhook.url);
    routes.push(createWebhookRoute({ path, secret: webhook.secret, accept: (u) => pipeline.accept(u), log }));
    await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    serviceState.ready = true;
    log.info({ event: "bot.started", mode: "webhook", path, port, username: botUsername });
  } else {
    // getUpdates is refused (409) while a webhook is set, e.g. after running in webhook mode.
    await bot.api.deleteWebhook();
    const firstPoll = requestSent("getUpdates", FIRST_POLL_WAIT_MS);
    const runner = pipeline.startPolling(ALLOWED_UPDATES, () => {
      serviceState.ready = true;
      log.info({ event: "bot.started", mode: "polling", username: botUsername });
    });
    runner.task()?.catch((err: unknown) => {
      log.fatal({ event: "polling.failed", code: err instanceof GrammyError ? err.error_code : undefined, err });
      // A token revoked while running: the same «fix the configuration» as at start.
      const refused = err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404);
      void stop("polling.failed", refused ? EXIT_CONFIG : EXIT_FAILURE);
    });
    await firstPoll;
  }

  // Workers start in the background of the caller: a stop that arrives meanwhile waits for the ones started.
  void (async () => {
    const loaded = await loadRuntime();
    routes.push(...loaded.routes(workerDeps));
    for (const w of loaded.workers(workerDeps)) {
      if (stopping) return;
      await w.start();
      started.push(w);
    }
    pipeline.release();
    for (const e of catalog.errors()) log.warn({ event: "post.invalid", file: e.file, reason: e.reason });
    log.info({ event: "workers.started", workers: started.map((w) => w.name), posts: catalog.posts().length });
  })().catch((err: unknown) => {
    log.fatal({ event: "workers.start_failed", err });
    void stop("workers.start_failed", EXIT_FAILURE);
  });
  return running;
}

/** Tells the log and the admins what the bot may not do in the channel and the leads chat. */
async function reportPermissions(deps: WorkerDeps, botId: number): Promise<void> {
  const { api, config, log } = deps;
  const checks = await checkPermissions(api, { botId, channelId: config.CHANNEL_ID, leadsChatId: config.LEADS_CHAT_ID });
  for (const c of checks) {
    if (c.ok === true) log.info({ event: "permissions.ok", target: c.target });
    else if (c.ok === false) log.warn({ event: "permissions.missing", target: c.target, chat: String(c.chat), missing: c.missing });
    else log.warn({ event: "permissions.unchecked", target: c.target, reason: c.reason });
  }
  const notice = serviceTexts.permissionsMissing(checks);
  if (notice) await notifyAdmins(api, config.ADMIN_IDS, notice, log);
}
