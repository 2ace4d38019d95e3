import { createConcurrentSink, run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "../bot.js";
import type { Logger } from "../logger.js";
import { createInFlightTracker, type InFlightTracker } from "./in-flight.js";
import type { UpdateInbox } from "./update-inbox.js";

/** Updates handled at once. Bounds memory and Telegram calls; a slow chat holds one slot, not the bot. */
export const UPDATE_CONCURRENCY = 50;

export type AllowedUpdates = ReadonlyArray<Exclude<keyof Update, "update_id">>;

/**
 * Keys an update must be ordered by: its chat (a conversation's replay, the order of a client's answers) and
 * its user (inline queries and callbacks from inline messages have no chat; one person's actions stay in order).
 */
export function sequenceKeys(update: Update): string[] {
  const body = Object.entries(update).find(([k, v]) => k !== "update_id" && typeof v === "object" && v !== null)?.[1] as
    | { chat?: { id: number }; message?: { chat?: { id: number } }; from?: { id: number }; user?: { id: number } }
    | undefined;
  const chat = body?.chat?.id ?? body?.message?.chat?.id;
  const user = body?.from?.id ?? body?.user?.id;
  return [...(chat !== undefined ? [`chat:${chat}`] : []), ...(user !== undefined ? [`user:${user}`] : [])];
}

export function updateType(update: Update): string {
  return Object.keys(update).find((k) => k !== "update_id") ?? "unknown";
}

export interface UpdatePipeline {
  readonly inFlight: InFlightTracker;
  /** Webhook: resolves true once the update has a place in the queue; false once stopping (answer 503, Telegram resends). */
  accept(update: Update): Promise<boolean>;
  /** Long polling through @grammyjs/runner into the same queue; `onPolling` fires when the first getUpdates goes out. */
  startPolling(allowedUpdates: AllowedUpdates, onPolling: () => void): RunnerHandle;
  /** Stop taking updates (polling stops fetching; the webhook answers 503). Handlers in flight keep running. */
  stopTaking(): Promise<void>;
  /** With `held: true`, updates are taken but wait for this before they are handled. */
  release(): void;
  /** Queues the inbox's unfinished updates (a crash cut them off) ahead of anything new; returns how many. */
  replayUnfinished(): number;
}

/**
 * One queue for both modes: @grammyjs/runner's concurrent sink (bounded), `sequentialize` per chat and user,
 * and an in-flight tracker, because the runner's stop() does not wait for the handlers it started.
 */
export function createUpdatePipeline(
  bot: Bot<BotContext>,
  options: {
    log: Logger;
    concurrency?: number;
    inFlight?: InFlightTracker;
    onUpdate?(update: Update): void;
    /** Take updates at once but handle none until release(): start-up recovery runs before any handler. */
    held?: boolean;
    /** Durable record of taken updates: duplicates are skipped, unfinished ones replayed with `replay()`. */
    inbox?: UpdateInbox;
  },
): UpdatePipeline {
  const { log } = options;
  const inFlight = options.inFlight ?? createInFlightTracker();
  const inOrder = sequentialize<Update>(sequenceKeys);
  let release = () => {};
  const gate = options.held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const { inbox } = options;
  const handle = (update: Update): Promise<void> =>
    inFlight.track(inOrder(update, async () => {
      await gate;
      try {
        await bot.handleUpdate(update);
      } finally {
        // A handler that threw is done too (bot.catch logged it): replaying it would only fail again.
        inbox?.done(update.update_id);
      }
    }));
  const consume = (update: Update): Promise<void> => {
    if (inbox && !inbox.take(update)) {
      log.info({ event: "update.duplicate", updateId: update.update_id });
      return Promise.resolve();
    }
    options.onUpdate?.(update);
    return handle(update);
  };
  // bot.catch already logs handler errors inside handleUpdate; this sees only what escapes it.
  const onError = async (err: unknown) => void log.error({ event: "update.unhandled", err });
  const concurrency = options.concurrency ?? UPDATE_CONCURRENCY;
  const sink = createConcurrentSink<Update>({ consume }, onError, { concurrency });
  let runner: RunnerHandle | undefined;
  let taking = true;
  // Webhook requests arrive in parallel; each waits its turn until the queue has room, so no more than
  // `concurrency` updates are ever in it (the runner's own source loop waits the same way).
  let room: Promise<unknown> = Promise.resolve();

  return {
    inFlight,
    async accept(update) {
      const turn = room;
      let next!: () => void;
      room = new Promise<void>((resolve) => (next = resolve));
      await turn;
      if (!taking) {
        next();
        return false;
      }
      void sink.handle([update]).then(next);
      return true;
    },
    startPolling(allowedUpdates, onPolling) {
      let polling = false;
      const adapter: Parameters<typeof run<Update, unknown>>[0] = {
        handleUpdate: consume,
        errorHandler: onError,
        api: {
          getUpdates: (args, signal) => {
            // Ready as soon as the first long poll is out: it may be held for its whole timeout.
            if (!polling) {
              polling = true;
              onPolling();
            }
            return bot.api.getUpdates({ ...args, allowed_updates: allowedUpdates }, signal as Parameters<typeof bot.api.getUpdates>[1]);
          },
        },
      };
      runner = run(adapter, { runner: { fetch: { allowed_updates: allowedUpdates } }, sink: { concurrency } });
      return runner;
    },
    release: () => release(),
    replayUnfinished() {
      const unfinished = inbox?.unfinished() ?? [];
      // Straight to the handlers (their row is in the inbox already); in update order, ahead of new ones.
      for (const update of unfinished) void handle(update);
      return unfinished.length;
    },
    async stopTaking() {
      taking = false;
      if (runner?.isRunning()) await runner.stop();
    },
  };
}
