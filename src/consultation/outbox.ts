import { Api, GrammyError, HttpError } from "grammy";
import type { BotDeps } from "../bot.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { withoutRetries } from "../telegram/retrying-fetch.js";
import { purgeAbandonedConsultations } from "./abandoned.js";
import { createFunnelRepo } from "./funnel.js";
import { leadDeliveryStates } from "./lead-deliveries.js";
import { renderLeadCard } from "./lead-card.js";
import { createLeadRepo } from "./lead-repo.js";
import { recordChatMigration, routeWaitingNotices } from "./notice-recipients.js";
import { adminTexts } from "./texts.js";

/** A claimed notice is not picked again for this long (a crash mid-send retries after it: at-least-once). */
export const NOTICE_LEASE_MS = 60_000;
export const NOTICE_BACKOFF_BASE_MS = 30_000;
export const NOTICE_BACKOFF_MAX_MS = 60 * 60_000;
/** One attempt never blocks the caller longer than this. */
export const NOTICE_SEND_TIMEOUT_MS = 15_000;
export const OUTBOX_INTERVAL_MS = 15_000;
export const OUTBOX_BATCH_SIZE = 50;
/** A leads chat that refused a notice this often, or this long after the lead, is failing: the admins step in. */
export const ESCALATE_AFTER_ATTEMPTS = 3;
export const ESCALATE_AFTER_MS = 15 * 60_000;
/** Set while the leads chat is failing, so the admins are told once per incident, not once per lead. */
export const LEADS_CHAT_INCIDENT_META = "consultation.leads_chat_failing_since";

/** The configuration and the effective recipients (admins, leads chat), read at every run. */
export type OutboxDeps = Pick<BotDeps, "config" | "settings">;

export interface DeliveryReport {
  delivered: number;
  failed: number;
}

export interface DeliverOptions {
  /** Only this lead's notices (the attempt made right after «Отправить»). */
  leadId?: number;
  limit?: number;
  /** The first run of a new process: claims and backoffs left by the previous one are void. */
  releaseLeases?: boolean;
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
  created_at: number;
}

function statements(db: Db) {
  return {
    due: db.prepare<[number, number], NoticeRow>(
      `SELECT id, lead_id, chat_id, attempts, created_at FROM lead_notices
       WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
    ),
    dueForLead: db.prepare<[number, number, number], NoticeRow>(
      `SELECT id, lead_id, chat_id, attempts, created_at FROM lead_notices
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
      "UPDATE lead_notices SET chat_id = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
    ),
    hasNotice: db.prepare<[number, number], { id: number }>("SELECT id FROM lead_notices WHERE lead_id = ? AND chat_id = ?"),
    addNotice: db.prepare<[number, number, number, number]>(
      `INSERT INTO lead_notices (lead_id, chat_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (lead_id, chat_id) DO NOTHING`,
    ),
    incident: db.prepare<[string], { n: number }>("SELECT 1 AS n FROM meta WHERE key = ?"),
    openIncident: db.prepare<[string, string]>("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)"),
    closeIncident: db.prepare<[string]>("DELETE FROM meta WHERE key = ?"),
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
  deps: OutboxDeps,
  clock: Clock,
  log: Logger,
  options: DeliverOptions = {},
): Promise<DeliveryReport> {
  const { config, settings } = deps;
  const sql = statements(db);
  // One process per database (the instance lock): a notice claimed by a process that died mid-send would
  // otherwise wait out its lease (or a backoff from before the restart), so a restart tries everything pending now.
  if (options.releaseLeases) db.prepare("UPDATE lead_notices SET next_attempt_at = ? WHERE delivered_at IS NULL AND next_attempt_at > ?").run(clock.now().getTime(), clock.now().getTime());
  const routed = routeWaitingNotices(db, settings, clock.now().getTime());
  if (routed > 0) log.info({ event: "lead.notices_routed", count: routed }, "waiting lead notices got their recipients");
  const repo = createLeadRepo(db);
  const raw = new Api(api.token, { ...api.options, fetch: withoutRetries(api.options?.fetch) });
  const limit = options.limit ?? OUTBOX_BATCH_SIZE;
  const dueNow = (leadId?: number) => {
    const now = clock.now().getTime();
    return leadId === undefined ? sql.due.all(now, limit) : sql.dueForLead.all(now, leadId, limit);
  };
  const report: DeliveryReport = { delivered: 0, failed: 0 };
  /** Leads whose leads-chat notice was just copied to the admins: their copies go out in this same run. */
  const escalated = new Set<number>();

  const deliver = async (notice: NoticeRow) => {
    const now = clock.now().getTime();
    if (sql.claim.run(now + NOTICE_LEASE_MS, notice.id, now).changes !== 1) return;
    const attempts = notice.attempts + 1;
    const lead = repo.get(notice.lead_id);
    if (!lead) {
      sql.drop.run(notice.id);
      return;
    }
    const card = renderLeadCard(lead, config.TZ, leadDeliveryStates(db, lead.id));
    // Groups have negative ids, users positive: a failing group is the leads chat.
    const leadsChat = notice.chat_id < 0;
    const sendCard = (withButtons: boolean) =>
      raw.sendMessage(
        notice.chat_id,
        card.text,
        { entities: card.entities, link_preview_options: card.link_preview_options, ...(withButtons ? { reply_markup: card.reply_markup } : {}) },
        // grammY types its signal with the abort-controller polyfill; Node's own AbortSignal is what it uses at runtime.
        AbortSignal.timeout(NOTICE_SEND_TIMEOUT_MS) as unknown as Parameters<Api["sendMessage"]>[3],
      );
    try {
      let message: Awaited<ReturnType<typeof sendCard>>;
      try {
        message = await sendCard(true);
      } catch (err) {
        // A 400 for the card with its buttons (not a group upgrade): the lead matters more than the status
        // buttons, so the card goes once more without them (statuses stay available through /leads). A 400
        // about the chat itself fails again and is handled below like any refusal.
        if (!(err instanceof GrammyError) || err.error_code !== 400 || err.parameters.migrate_to_chat_id !== undefined || !card.reply_markup) throw err;
        log.warn({ event: "lead.card_buttons_refused", leadId: lead.id, noticeId: notice.id, code: err.error_code }, "lead card sent without buttons");
        message = await sendCard(false);
      }
      sql.delivered.run(clock.now().getTime(), message.message_id, notice.id);
      report.delivered++;
      log.info({ event: "lead.notice_delivered", leadId: lead.id, noticeId: notice.id, attempts }, "lead notice delivered");
      if (leadsChat && sql.closeIncident.run(LEADS_CHAT_INCIDENT_META).changes > 0) {
        log.info({ event: "lead.chat_recovered", chatId: notice.chat_id }, "the leads chat accepts notices again");
      }
      return;
    } catch (err) {
      report.failed++;
      const failedAt = clock.now().getTime();
      let code: number | "network";
      if (err instanceof GrammyError) {
        code = err.error_code;
        const migrateTo = err.parameters.migrate_to_chat_id;
        if (migrateTo !== undefined) {
          followMigration(db, notice, migrateTo, failedAt, `${err.error_code}: migrated`);
        } else {
          const delay = noticeRetryDelayMs(attempts, err.parameters.retry_after);
          sql.failed.run(failedAt + delay, `${err.error_code}: ${err.description}`.slice(0, 300), notice.id);
        }
      } else if (err instanceof HttpError || (err instanceof Error && err.name === "TimeoutError")) {
        code = "network";
        sql.failed.run(failedAt + noticeRetryDelayMs(attempts), "network error", notice.id);
      } else {
        sql.failed.run(failedAt + noticeRetryDelayMs(attempts), "internal error", notice.id);
        throw new Error("lead notice delivery crashed", { cause: err });
      }
      log.warn({ event: "lead.notice_failed", leadId: lead.id, noticeId: notice.id, attempts, code }, "lead notice not delivered, will retry");
      const migrated = err instanceof GrammyError && err.parameters.migrate_to_chat_id !== undefined;
      // While an incident is open the chat is known to fail: later leads are copied at their first failure.
      const stuck =
        attempts >= ESCALATE_AFTER_ATTEMPTS ||
        failedAt - notice.created_at >= ESCALATE_AFTER_MS ||
        sql.incident.get(LEADS_CHAT_INCIDENT_META) !== undefined;
      if (leadsChat && stuck && !migrated) await escalate(notice, failedAt, code);
    }
  };

  /**
   * The leads chat keeps failing (wrong LEADS_CHAT_ID, the bot removed from the group…): the card also goes
   * to every admin privately (the leads chat is still retried), and the admins hear once per incident why.
   */
  const escalate = async (notice: NoticeRow, at: number, code: number | "network") => {
    const opened = db.transaction(() => {
      for (const adminId of settings.adminIds()) sql.addNotice.run(notice.lead_id, adminId, at, at);
      return sql.openIncident.run(LEADS_CHAT_INCIDENT_META, String(at)).changes > 0;
    })();
    escalated.add(notice.lead_id);
    if (!opened) return;
    log.warn({ event: "lead.chat_failing", chatId: notice.chat_id, code }, "leads chat is failing: notices go to the admins privately");
    const text = adminTexts.leadsChatFailing(notice.chat_id, code === "network" ? adminTexts.networkError : adminTexts.telegramCode(code));
    for (const adminId of settings.adminIds()) {
      try {
        await raw.sendMessage(adminId, text);
      } catch (alertErr) {
        // The cards themselves are in the outbox; a lost alert is only a lost explanation.
        log.warn({ event: "lead.chat_alert_failed", code: alertErr instanceof GrammyError ? alertErr.error_code : "network" }, "alert not sent");
      }
    }
  };

  for (const notice of dueNow(options.leadId)) await deliver(notice);
  for (const leadId of escalated) for (const notice of dueNow(leadId)) await deliver(notice);
  return report;
}

/**
 * The leads group became a supergroup: Telegram names the new id. The notice moves there (retried right
 * away), and later leads go there directly. If the lead already has a notice for the new chat, this one is
 * dropped instead (UNIQUE(lead_id, chat_id)): updating it would fail, and it would be retried forever.
 */
function followMigration(db: Db, notice: NoticeRow, to: number, at: number, error: string): void {
  const sql = statements(db);
  db.transaction(() => {
    if (sql.hasNotice.get(notice.lead_id, to)) sql.drop.run(notice.id);
    else sql.migrated.run(to, at, error, notice.id);
    recordChatMigration(db, notice.chat_id, to);
  })();
}

export interface OutboxWorkerOptions {
  intervalMs?: number;
  /** The CRM deliveries (crm-outbox.ts), run beside the notices in every tick; neither waits for nor stops the other. */
  crm?: () => Promise<unknown>;
}

/** Callable to stop (`stop()`), or `worker.stop()`; both wait for a running tick to finish. `wake()` runs a tick now. */
export type OutboxWorker = (() => Promise<void>) & { stop(): Promise<void>; wake(): void };

/**
 * Runs the outbox now (a restart delivers what is pending at once) and then every `intervalMs`.
 * Also purges abandoned consultation drafts.
 */
export function startOutboxWorker(
  api: Api,
  db: Db,
  deps: OutboxDeps,
  clock: Clock,
  log: Logger,
  options: OutboxWorkerOptions = {},
): OutboxWorker {
  let firstRun = true;
  let running: Promise<void> | undefined;
  let stopped = false;
  /** A recipient appeared, or a lead was saved, during a run: one more run follows it. */
  let again = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      // Side by side: a Telegram that times out never holds the CRM back, nor the CRM the admins' cards.
      const notices = (async () => {
        try {
          const report = await deliverPendingNotices(api, db, deps, clock, log, { releaseLeases: firstRun });
          firstRun = false;
          if (report.delivered + report.failed > 0) log.info({ event: "outbox.tick", ...report }, "outbox run");
        } catch (err) {
          log.error({ event: "outbox.failed", err }, "outbox run failed");
        }
      })();
      const crm = (async () => {
        try {
          await options.crm?.();
        } catch (err) {
          log.error({ event: "outbox.crm_failed", err }, "CRM delivery run failed");
        }
      })();
      await Promise.all([notices, crm]);
      try {
        const purged = purgeAbandonedConsultations(db, clock.now().getTime());
        const expired = createFunnelRepo(db).expireAbandoned(clock.now().getTime());
        if (expired > 0) log.info({ event: "consultation.funnel_expired", count: expired }, "abandoned requests recorded as expired");
        if (purged > 0) log.info({ event: "consultation.purged", count: purged }, "abandoned consultation drafts deleted");
      } catch (err) {
        log.error({ event: "outbox.failed", err }, "outbox run failed");
      } finally {
        running = undefined;
        // A lead saved while this run was going: its rows may have been read before they existed.
        if (again) {
          again = false;
          tick();
        }
      }
    })();
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? OUTBOX_INTERVAL_MS);
  timer.unref();
  // A new admin or leads chat: notices that waited for a recipient go out now, not at the next interval.
  const unsubscribe = deps.settings.onChange((change) => {
    if (change !== "admins" && change !== "leads") return;
    if (running) again = true;
    else tick();
  });
  const stop = async () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    await running;
  };
  const wake = () => {
    if (running) again = true;
    else tick();
  };
  return Object.assign(stop, { stop, wake });
}
