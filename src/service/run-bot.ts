import { Api, Composer, GrammyError } from "grammy";
import { commandSpecs, conversationsVersion, features, loadFeatures, migrationSets, type LoadedFeatures } from "../app.js";
import { createBot, type BotContext } from "../bot.js";
import type { Clock } from "../clock.js";
import { systemClock } from "../clock.js";
import type { Config } from "../config.js";
import type { HttpRoute, Worker, WorkerDeps } from "../feature.js";
import type { Logger } from "../logger.js";
import { notifyAdmins } from "../publishing/notify-admins.js";
import { createSettings, type Settings } from "../settings/settings.js";
import { issueOwnerLink } from "../setup/owner-link.js";
import { setupTexts } from "../setup/texts.js";
import { openDatabase } from "../storage/db.js";
import { BOT_USERNAME_META, createMetaStore } from "../storage/meta.js";
import { followAdminMenus, syncCommands } from "../telegram/commands.js";
import { withoutRetries } from "../telegram/retrying-fetch.js";
import { createHealthRoutes } from "./health-routes.js";
import { startHttpServer, type HttpServer } from "./http-server.js";
import { createInFlightTracker } from "./in-flight.js";
import { acquireInstanceLock } from "./instance-lock.js";
import { createLateComposer } from "./late-composer.js";
import { createLazyCatalog } from "./lazy-catalog.js";
import { createServiceMetrics } from "./metrics.js";
import { checkPermissions } from "./permissions.js";
import { requestSent } from "./request-sent.js";
import { classifyStartFailure, pause, startRetryDelaySeconds, unreachableMessage } from "./start-retry.js";
import { resetServiceState, serviceState } from "./runtime-state.js";
import { texts as serviceTexts } from "./texts.js";
import { createUpdateInbox } from "./update-inbox.js";
import { createUpdatePipeline, type AllowedUpdates } from "./update-pipeline.js";
import { createWebhookRoute, webhookPath } from "./webhook.js";
import { EXIT_CONFIG, EXIT_FAILURE } from "./exit-codes.js";
import { describeError } from "../telegram/describe-error.js";

// my_chat_member: the bot added to a channel or group, its rights changed, or removed (the setup flow).
const ALLOWED_UPDATES: AllowedUpdates = ["message", "callback_query", "inline_query", "my_chat_member"];
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
  /** Aborting it (SIGTERM) while Telegram is still being reached ends the start cleanly: StartError with exit code 0. */
  signal?: AbortSignal;
  /** Human lines for whoever watches the console (the owner link, why Telegram is not reached); default stderr. */
  say?: (line: string) => void;
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
  // One per process: its change listeners (menus, scheduler, outbox) hear what the setup flow changes.
  const settings = createSettings(config, db);
  const say = options.say ?? ((line: string) => console.error(line));
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

  const deps = { config, db, log, clock, catalog, settings };
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
  const routes: HttpRoute[] = createHealthRoutes({
    db,
    metrics,
    ready: () => serviceState.ready,
    notReadyReason: () => serviceState.notReadyReason,
    detail: () => channelDetail(settings),
  });
  const port = config.PORT ?? (webhook ? WEBHOOK_DEFAULT_PORT : undefined);
  let server: HttpServer | undefined;
  if (port !== undefined) {
    server = await startHttpServer({ port, routes, log });
    log.info({ event: "http.listening", port: server.port });
  }

  const started: Worker[] = [];
  let menus: ReturnType<typeof followAdminMenus> | undefined;
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
      menus?.stop();
      await menus?.idle();
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
  const giveUp = async (error: StartError): Promise<never> => {
    await server?.close();
    db.close();
    releaseLock();
    throw error;
  };
  // Telegram out of reach at boot (network, DNS, proxy, firewall) is waited out with growing pauses, said once
  // per change of cause; a refused token ends the start at once; a stop signal ends it cleanly.
  let lastCause: string | undefined;
  const probe = new Api(config.BOT_TOKEN, { ...bot.api.options, fetch: withoutRetries(bot.api.options?.fetch) });
  probe.config.use(metrics.callTransformer);
  for (let attempt = 0; ; attempt++) {
    try {
      // getMe without the client's own retries (they would hide the cause for a quarter of a minute); this loop
      // is the retry. grammY types its signal with the abort-controller polyfill; Node's own is used at runtime.
      bot.botInfo = await probe.getMe(options.signal as unknown as Parameters<Api["getMe"]>[0]);
      break;
    } catch (err) {
      if (options.signal?.aborted) return giveUp(new StartError(serviceTexts.stoppedWhileConnecting, 0));
      const failure = classifyStartFailure(err);
      const debug = config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace";
      if (failure.kind === "refused") return giveUp(new StartError(describeError(err, { debug }), EXIT_CONFIG, { cause: err }));
      if (failure.kind === "other") {
        // grammY's errors carry no URL (the token is in it); anything else here is a bug worth its text.
        log.fatal({ event: "bot.start_failed", code: err instanceof GrammyError ? err.error_code : undefined, err });
        return giveUp(new StartError(serviceTexts.startFailed, EXIT_FAILURE, { cause: err }));
      }
      const code = failure.code;
      const seconds = startRetryDelaySeconds(attempt);
      const message = unreachableMessage(config.TELEGRAM_API_ROOT, code, seconds);
      serviceState.notReadyReason = message;
      if (code !== lastCause) {
        say(message);
        log.warn({ event: "telegram.unreachable", code, retryInSeconds: seconds, attempt: attempt + 1 }, message);
        lastCause = code;
      } else {
        log.debug({ event: "telegram.unreachable", code, retryInSeconds: seconds, attempt: attempt + 1 });
      }
      await pause(seconds * 1000, options.signal);
      if (options.signal?.aborted) return giveUp(new StartError(serviceTexts.stoppedWhileConnecting, 0));
    }
  }
  serviceState.notReadyReason = undefined;
  if (lastCause) log.info({ event: "telegram.reachable" }, "Связь с Telegram есть");
  const botUsername = bot.botInfo.username;
  const running: RunningBot = { username: botUsername, stop: (reason) => stop(reason), stopped };
  createMetaStore(db).set(BOT_USERNAME_META, botUsername);
  const workerDeps = { ...deps, api: bot.api, botUsername };
  // Nobody may administer the bot yet: the one-time owner link (a new one every start; the old one stops working).
  const link = issueOwnerLink(db, settings, botUsername, clock.now().getTime());
  if (link) {
    say(setupTexts.ownerLinkConsole(link));
    log.warn({ event: "setup.owner_link", link }, "the bot has no owner yet: open the link in Telegram to claim it");
  }
  // Menus and the permission check run in the background (tracked, so a stop waits for them): neither needs
  // to hold up the first getUpdates, and neither may stop the start.
  void inFlight.track(
    syncCommands(bot.api, settings.adminIds(), commandSpecs(features)).catch((err) => log.warn({ event: "commands.sync_failed", err })),
  );
  menus = followAdminMenus(bot.api, settings, commandSpecs(features), (err) => log.warn({ event: "commands.sync_failed", err }));
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
    const summary = startSummary(settings, serviceState.mode, catalog.posts().length);
    log.info({ event: "bot.summary", ...summary.fields }, summary.text);
  })().catch((err: unknown) => {
    log.fatal({ event: "workers.start_failed", err });
    void stop("workers.start_failed", EXIT_FAILURE);
  });
  return running;
}

/** Tells the log and the admins what the bot may not do in the channel and the leads chat. */
async function reportPermissions(deps: WorkerDeps, botId: number): Promise<void> {
  const { api, settings, log, clock } = deps;
  const channel = settings.channel();
  const leads = settings.leadsChat();
  const checks = await checkPermissions(api, { botId, channelId: channel?.id, leadsChatId: leads === undefined ? undefined : Number(leads.id) });
  for (const c of checks) {
    if (c.ok === true) log.info({ event: "permissions.ok", target: c.target });
    else if (c.ok === false) log.warn({ event: "permissions.missing", target: c.target, chat: String(c.chat), missing: c.missing });
    else log.warn({ event: "permissions.unchecked", target: c.target, reason: c.reason });
    // The channel's state as found now: rights given back while the bot was down release the held posts,
    // rights lost hold them (nothing is even tried).
    if (c.target === "channel" && c.ok === true) settings.setChannelBlocked(undefined, clock.now().getTime());
    if (c.target === "channel" && c.ok === false && c.blocking) {
      settings.setChannelBlocked(serviceTexts.channelBlocked(channel?.title ?? String(c.chat), c.missing), clock.now().getTime());
    }
  }
  const notice = serviceTexts.permissionsMissing(checks);
  if (notice) await notifyAdmins(api, settings.adminIds(), notice, log);
}

/** `/readyz` detail: why posts are not going out, when they are not. */
function channelDetail(settings: Settings): string | undefined {
  const target = settings.postingTarget();
  return target.ok ? undefined : `channel: ${target.reason}`;
}

/** What the bot will do, in one log line: mode, channel, leads chat, admins, posts. */
export function startSummary(settings: Settings, mode: string, posts: number): { text: string; fields: Record<string, unknown> } {
  const channel = settings.channel();
  const leads = settings.leadsChat();
  const blocked = channel ? settings.channelBlocked() : undefined;
  const channelText = channel ? `${channel.title ? `«${channel.title}»` : channel.id}${blocked ? ` (публикация остановлена: ${blocked})` : ""}` : "канал не подключён";
  const leadsText = leads ? (leads.title ? `«${leads.title}»` : String(leads.id)) : "в личные сообщения администраторам";
  const admins = settings.adminIds().length;
  return {
    text: `Режим: ${mode}; канал: ${channelText}; заявки: ${leadsText}; администраторов: ${admins}; постов найдено: ${posts}`,
    fields: { mode, channel: channelText, leadsChat: leadsText, admins, posts },
  };
}
