import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import type { Transformer } from "grammy";
import type { Update } from "grammy/types";
import type { Clock } from "../clock.js";
import type { Db } from "../storage/db.js";
import { LEAD_DELIVERY_TARGETS, lastBackup, lastSchedulerTick, leadDeliverySummary, leadsCount, outboxSummary, postCounts } from "./service-queries.js";
import { updateType } from "./update-pipeline.js";

type Fetch = typeof fetch;

export interface ServiceMetrics {
  readonly registry: Registry;
  countUpdate(update: Update): void;
  /** Final outcome of every call made through an Api it is installed on (after retries). */
  readonly callTransformer: Transformer;
  /** Beneath the retrying fetch: sees every HTTP attempt, so it counts 429s and retries. */
  countingFetch(base: Fetch): Fetch;
  render(): Promise<{ contentType: string; body: string }>;
}

const seconds = (d: Date | undefined) => (d ? d.getTime() / 1000 : 0);

/**
 * Prometheus metrics. Counters live in the process; what the database already knows (outbox, leads, posts,
 * last tick, last backup) is read from it at scrape time, so the figures survive restarts and never drift.
 */
export function createServiceMetrics(options: { db: Db; clock: Clock; inFlight?: () => number; ready?: () => boolean }): ServiceMetrics {
  const { db, clock } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let lastUpdateAt: Date | undefined;

  const updates = new Counter({ name: "bot_updates_total", help: "Updates received, by type", labelNames: ["type"], registers: [registry] });
  const calls = new Counter({
    name: "telegram_calls_total",
    help: "Bot API calls by method and final outcome (ok, error_<code>, network_error)",
    labelNames: ["method", "outcome"],
    registers: [registry],
  });
  const floodWaits = new Counter({ name: "telegram_flood_waits_total", help: "429 answers from Telegram, by method", labelNames: ["method"], registers: [registry] });
  const retries = new Counter({ name: "telegram_retries_total", help: "Bot API requests sent again after a 429, 5xx or network error", labelNames: ["method"], registers: [registry] });
  const gauge = (name: string, help: string, collect: (g: Gauge) => void, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry], collect() { collect(this); } });

  gauge("bot_ready", "1 once getMe answered and polling or the webhook is up", (g) => g.set(options.ready?.() ? 1 : 0));
  gauge("bot_updates_in_flight", "Update handlers running now", (g) => g.set(options.inFlight?.() ?? 0));
  gauge("bot_last_update_timestamp_seconds", "When the last update arrived (0 = none since start)", (g) => g.set(seconds(lastUpdateAt)));
  gauge("outbox_pending", "Lead notices not yet delivered to the admins", (g) => g.set(outboxSummary(db, clock.now()).pending));
  gauge("outbox_stuck", "Lead notices undelivered for over 10 minutes", (g) => g.set(outboxSummary(db, clock.now()).stuck));
  gauge("outbox_oldest_age_seconds", "Age of the oldest undelivered lead notice (0 = none)", (g) =>
    g.set((outboxSummary(db, clock.now()).oldestAgeMs ?? 0) / 1000));
  gauge("leads", "Consultation requests stored", (g) => g.set(leadsCount(db)));
  gauge("lead_deliveries_pending", "Lead deliveries not yet done, by target (telegram, bitrix24, webhook)", (g) => {
    const summary = leadDeliverySummary(db);
    for (const target of LEAD_DELIVERY_TARGETS) g.set({ target }, summary[target].pending);
  }, ["target"]);
  gauge("lead_deliveries_failed", "Lead deliveries not yet done that failed at least once, by target", (g) => {
    const summary = leadDeliverySummary(db);
    for (const target of LEAD_DELIVERY_TARGETS) g.set({ target }, summary[target].failed);
  }, ["target"]);
  gauge("posts", "Posts in the publication log, by status (published, failed, scheduled, …)", (g) => {
    g.reset();
    const counts = postCounts(db);
    for (const status of ["published", "failed", "scheduled", "sending", "archived", "unpublished"]) g.set({ status }, counts[status] ?? 0);
  }, ["status"]);
  gauge("scheduler_last_tick_timestamp_seconds", "When the publishing schedule last ticked (0 = never)", (g) => g.set(seconds(lastSchedulerTick(db))));
  gauge("backup_last_timestamp_seconds", "When the last backup was made (0 = never)", (g) => g.set(seconds(lastBackup(db))));

  const seenSignals = new WeakSet<object>();
  return {
    registry,
    countUpdate(update) {
      lastUpdateAt = clock.now();
      updates.inc({ type: updateType(update) });
    },
    callTransformer: async (prev, method, payload, signal) => {
      try {
        const res = await prev(method, payload, signal);
        calls.inc({ method, outcome: res.ok ? "ok" : `error_${res.error_code}` });
        return res;
      } catch (err) {
        calls.inc({ method, outcome: "network_error" });
        throw err;
      }
    },
    countingFetch(base) {
      return (async (input, init) => {
        const method = String(input).split("/").pop() ?? "unknown";
        // grammY gives each call its own AbortSignal and the retrying fetch reuses it on every attempt.
        const signal = init?.signal;
        if (signal) {
          if (seenSignals.has(signal)) retries.inc({ method });
          else seenSignals.add(signal);
        }
        const res = await base(input, init);
        if (res.status === 429) floodWaits.inc({ method });
        return res;
      }) as Fetch;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
