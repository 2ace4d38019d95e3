import { Api, GrammyError, HttpError } from "grammy";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { withoutRetries } from "../telegram/retrying-fetch.js";
import { purgeAbandonedConsultations } from "./abandoned.js";
import { renderLeadCard } from "./lead-card.js";
import { createLeadRepo } from "./lead-repo.js";

/** A claimed notice is not picked again for this long (a crash mid-send retries after it: at-least-once). */
export const NOTICE_LEASE_MS = 60_000;
export const NOTICE_BACKOFF_BASE_MS = 30_000;
export const NOTICE_BACKOFF_MAX_MS = 60 * 60_000;
/** One attempt never blocks the caller longer than this. */
export const NOTICE_SEND_TIMEOUT_MS = 15_000;
export const OUTBOX_INTERVAL_MS = 15_000;
export const OUTBOX_BATCH_SIZE = 50;

export interface DeliveryReport {
  delivered: number;
  failed: number;
}

export interface DeliverOptions {
  /** Only this lead's notices (the attempt made right after «Отправить»). */
  leadId?: number;
  limit?: number;
}

/** 30 s, 1 min, 2 min, … capped at 1 h; Telegram's retry_after wins when it is longer. */
export function noticeRetryDelayMs(attempts: number, retryAfterSeconds?: number): number {
  const exponential = Math.min(NOTICE_BACKOFF_MAX_MS, NOTICE_BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(exponential, (retryAfterSeconds ?? 0) * 1000);
}

interface NoticeRow {
  id: number;
  lead_id: number;
  chat_id: number;
  attempts: number;
}

function statements(db: Db) {
  return {
    due: db.prepare<[number, number], NoticeRow>(
      `SELECT id, lead_id, chat_id, attempts FROM lead_notices
       WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
    ),
    dueForLead: db.prepare<[number, number, number], NoticeRow>(
      `SELECT id, lead_id, chat_id, attempts FROM lead_notices
       WHERE delivered_at IS NULL AND next_attempt_at <= ? AND lead_id = ? ORDER BY id LIMIT ?`,
    ),
    claim: db.prepare<[number, number, number]>(
      `UPDATE lead_notices SET attempts = attempts + 1, next_attempt_at = ?
       WHERE id = ? AND delivered_at IS NULL AND next_attempt_at <= ?`,
    ),
    delivered: db.prepare<[number, number, number]>(
      "UPDATE lead_notices SET delivered_at = ?, message_id = ?, last_error = NULL WHERE id = ?",
    ),
    failed: db.prepare<[number, string, number]>("UPDATE lead_notices SET next_attempt_at = ?, last_error = ? WHERE id = ?"),
    migrated: db.prepare<[number, number, string, number]>(
      "UPDATE OR IGNORE lead_notices SET chat_id = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
    ),
    drop: db.prepare<[number]>("DELETE FROM lead_notices WHERE id = ?"),
  };
}

/**
 * Sends every due admin notice once. Each notice is claimed before the send (so an overlapping run never
 * sends it twice) and marked delivered with its message_id after; a failure schedules the next attempt with
 * exponential backoff. What is pending lives in SQLite, so a restart loses nothing.
 *
 * It calls Telegram through a copy of `api` without the retrying fetch: retries would sleep inside the outbox,
 * which keeps its own durable backoff instead.
 */
export async function deliverPendingNotices(
  api: Api,
  db: Db,
  config: Config,
  clock: Clock,
  log: Logger,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const sql = statements(db);
  const repo = createLeadRepo(db);
  const raw = new Api(api.token, { ...api.options, fetch: withoutRetries(api.options?.fetch) });
  const limit = options.limit ?? OUTBOX_BATCH_SIZE;
  const start = clock.now().getTime();
  const due =
    options.leadId === undefined ? sql.due.all(start, limit) : sql.dueForLead.all(start, options.leadId, limit);
  const report: DeliveryReport = { delivered: 0, failed: 0 };

  for (const notice of due) {
    const now = clock.now().getTime();
    if (sql.claim.run(now + NOTICE_LEASE_MS, notice.id, now).changes !== 1) continue;
    const attempts = notice.attempts + 1;
    const lead = repo.get(notice.lead_id);
    if (!lead) {
      sql.drop.run(notice.id);
      continue;
    }
    const card = renderLeadCard(lead, config.TZ);
    try {
      const message = await raw.sendMessage(
        notice.chat_id,
        card.text,
        { entities: card.entities, reply_markup: card.reply_markup, link_preview_options: card.link_preview_options },
        // grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it uses at runtime.
        AbortSignal.timeout(NOTICE_SEND_TIMEOUT_MS) as unknown as Parameters<Api["sendMessage"]>[3],
      );
      sql.delivered.run(clock.now().getTime(), message.message_id, notice.id);
      report.delivered++;
      log.info({ event: "lead.notice_delivered", leadId: lead.id, noticeId: notice.id, attempts }, "lead notice delivered");
    } catch (err) {
      report.failed++;
      const failedAt = clock.now().getTime();
      if (err instanceof GrammyError) {
        const migrateTo = err.parameters.migrate_to_chat_id;
        if (migrateTo !== undefined) {
          // The leads group became a supergroup: Telegram tells us its new id; retry there right away.
          sql.migrated.run(migrateTo, failedAt, `${err.error_code}: migrated`, notice.id);
        } else {
          const delay = noticeRetryDelayMs(attempts, err.parameters.retry_after);
          sql.failed.run(failedAt + delay, `${err.error_code}: ${err.description}`.slice(0, 300), notice.id);
        }
        log.warn(
          { event: "lead.notice_failed", leadId: lead.id, noticeId: notice.id, attempts, code: err.error_code },
          "lead notice not delivered, will retry",
        );
      } else if (err instanceof HttpError || (err instanceof Error && err.name === "TimeoutError")) {
        sql.failed.run(failedAt + noticeRetryDelayMs(attempts), "network error", notice.id);
        log.warn(
          { event: "lead.notice_failed", leadId: lead.id, noticeId: notice.id, attempts, code: "network" },
          "lead notice not delivered, will retry",
        );
      } else {
        sql.failed.run(failedAt + noticeRetryDelayMs(attempts), "internal error", notice.id);
        throw new Error("lead notice delivery crashed", { cause: err });
      }
    }
  }
  return report;
}

export interface OutboxWorkerOptions {
  intervalMs?: number;
}

/** Callable to stop (`stop()`), or `worker.stop()`; both wait for a running tick to finish. */
export type OutboxWorker = (() => Promise<void>) & { stop(): Promise<void> };

/**
 * Runs the outbox now (a restart delivers what is pending at once) and then every `intervalMs`.
 * Also purges abandoned consultation drafts.
 */
export function startOutboxWorker(
  api: Api,
  db: Db,
  config: Config,
  clock: Clock,
  log: Logger,
  options: OutboxWorkerOptions = {},
): OutboxWorker {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const report = await deliverPendingNotices(api, db, config, clock, log);
        if (report.delivered + report.failed > 0) log.info({ event: "outbox.tick", ...report }, "outbox run");
        const purged = purgeAbandonedConsultations(db, clock.now().getTime());
        if (purged > 0) log.info({ event: "consultation.purged", count: purged }, "abandoned consultation drafts deleted");
      } catch (err) {
        log.error({ event: "outbox.failed", err }, "outbox run failed");
      } finally {
        running = undefined;
      }
    })();
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? OUTBOX_INTERVAL_MS);
  timer.unref();
  const stop = async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
  return Object.assign(stop, { stop });
}
