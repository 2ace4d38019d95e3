import { createHash, randomUUID } from "node:crypto";
import { Api, GrammyError } from "grammy";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Post } from "../content/post.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { createMetaStore } from "../storage/meta.js";
import { withoutRetries } from "../telegram/retrying-fetch.js";
import { callBitrix24, postLeadWebhook, type CrmCallOutcome, type Fetch } from "./crm-http.js";
import { configuredCrmTargets, targetHost, type CrmTarget } from "./crm-targets.js";
import { bitrix24LeadBody, bitrix24LookupBody, leadWebhookPayload, personalFields, sourcePost } from "./lead-payloads.js";
import { createLeadRepo } from "./lead-repo.js";
import type { Lead } from "./model.js";
import { NOTICE_LEASE_MS, noticeRetryDelayMs, ESCALATE_AFTER_MS } from "./outbox.js";
import { consentCoversCrm, crmFailureReason, crmTargetLabels, crmTexts } from "./texts.js";

/** Bitrix24 allows about 2 requests a second per portal: after QUERY_LIMIT_EXCEEDED the target rests this long. */
export const QUERY_LIMIT_WAIT_MS = 2_000;

/**
 * This process: a Bitrix24 configuration error blocks the target until the settings change or the bot
 * restarts (issue 18 §1), so the block remembers which process set it. A new process is a new id.
 */
const PROCESS_ID = randomUUID();

const failingSinceKey = (t: CrmTarget) => `consultation.crm_failing_since:${t}`;
const escalatedKey = (t: CrmTarget) => `consultation.crm_escalated:${t}`;
const configBlockKey = (t: CrmTarget) => `consultation.crm_config_block:${t}`;
const configAlertKey = (t: CrmTarget) => `consultation.crm_config_alerted:${t}`;

export interface CrmDeliveryDeps {
  db: Db;
  config: Config;
  clock: Clock;
  log: Logger;
  fetch: Fetch;
  /** Alerts to the admins; absent in the offline CLI (the alert then waits for the bot). */
  api?: Api;
  /** Who is told: the effective admins (ADMIN_IDS and those chosen in Telegram), read when an alert goes out. */
  adminIds: () => readonly number[];
  /** The source post's title and page for deep-link leads. */
  findPost?: (slug: string) => Post | undefined;
  timeoutSignal?: (ms: number) => AbortSignal;
  /** After a delivery: the lead cards show the new state. */
  onDelivered?: (leadId: number) => Promise<void>;
}

export interface CrmDeliverOptions {
  leadId?: number;
  target?: CrmTarget;
  limit?: number;
  /** `cli leads --resend`: ignore the configuration block and the backoff. */
  force?: boolean;
}

export type CrmDeliveryReport = Record<CrmTarget, { delivered: number; failed: number }>;

interface DeliveryRow {
  id: number;
  lead_id: number;
  target: CrmTarget;
  attempts: number;
  lookup_first: number;
  created_at: number;
}

function statements(db: Db) {
  return {
    due: db.prepare<[string, number, number], DeliveryRow>(
      `SELECT id, lead_id, target, attempts, lookup_first, created_at FROM lead_deliveries
       WHERE target = ? AND delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
    ),
    dueForLead: db.prepare<[string, number, number], DeliveryRow>(
      `SELECT id, lead_id, target, attempts, lookup_first, created_at FROM lead_deliveries
       WHERE target = ? AND delivered_at IS NULL AND next_attempt_at <= ? AND lead_id = ? ORDER BY id`,
    ),
    claim: db.prepare<[number, number, number, number]>(
      `UPDATE lead_deliveries SET attempts = attempts + 1, next_attempt_at = ?, in_flight_at = ?
       WHERE id = ? AND delivered_at IS NULL AND next_attempt_at <= ?`,
    ),
    mayBeStored: db.prepare<[number]>("UPDATE lead_deliveries SET lookup_first = 1 WHERE id = ?"),
    delivered: db.prepare<[number, string | null, number]>(
      `UPDATE lead_deliveries SET delivered_at = ?, external_id = ?, last_error = NULL, in_flight_at = NULL, lookup_first = 0
       WHERE id = ?`,
    ),
    failed: db.prepare<[number, string, number, number]>(
      "UPDATE lead_deliveries SET next_attempt_at = ?, last_error = ?, in_flight_at = NULL, lookup_first = ? WHERE id = ?",
    ),
    drop: db.prepare<[number]>("DELETE FROM lead_deliveries WHERE id = ?"),
    dropMeta: db.prepare<[string]>("DELETE FROM meta WHERE key = ?"),
    dueNow: db.prepare<[number, string]>(
      "UPDATE lead_deliveries SET next_attempt_at = ? WHERE target = ? AND delivered_at IS NULL AND in_flight_at IS NULL",
    ),
    pending: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM lead_deliveries WHERE target = ? AND delivered_at IS NULL"),
    recoverInFlight: db.prepare<[number]>(
      "UPDATE lead_deliveries SET next_attempt_at = ?, in_flight_at = NULL WHERE in_flight_at IS NOT NULL AND delivered_at IS NULL",
    ),
    requeue: db.prepare<[number, number, string | null, string | null]>(
      `UPDATE lead_deliveries SET next_attempt_at = ? WHERE lead_id = ? AND delivered_at IS NULL AND (? IS NULL OR target = ?)`,
    ),
    addRow: db.prepare<[number, string, number, number]>(
      `INSERT INTO lead_deliveries (lead_id, target, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (lead_id, target) DO NOTHING`,
    ),
  };
}

/**
 * A crash (kill -9) leaves rows claimed by an attempt that never finished: at start (one process per
 * database, see the instance lock) they are due at once; Bitrix24 rows look the lead up first.
 */
export function recoverInFlightDeliveries(db: Db, now: number): number {
  return statements(db).recoverInFlight.run(now).changes;
}

/**
 * `cli leads --resend`: makes the lead's undelivered rows due now; a configured target that has no row yet
 * (the lead came before it was set up) gets one when the client's consent named the CRM.
 */
export function requeueLeadDeliveries(db: Db, lead: Lead, targets: readonly CrmTarget[], now: number): void {
  const sql = statements(db);
  db.transaction(() => {
    for (const target of targets) {
      sql.addRow.run(lead.id, target, now, now);
      sql.requeue.run(now, lead.id, target, target);
    }
  })();
}

/** A stable fingerprint of a target's settings (never the settings themselves: they hold secrets). */
function settingsFingerprint(config: Config, target: CrmTarget): string {
  const raw = target === "bitrix24" ? config.BITRIX24_WEBHOOK_URL : `${config.LEADS_WEBHOOK_URL}\n${config.LEADS_WEBHOOK_SECRET}`;
  return createHash("sha256").update(raw ?? "").digest("hex").slice(0, 16);
}

/** Whether a configuration error of this process and these settings blocks the target. */
export function isBlockedByConfig(db: Db, config: Config, target: CrmTarget): boolean {
  return createMetaStore(db).get(configBlockKey(target)) === `${settingsFingerprint(config, target)}|${PROCESS_ID}`;
}

type Attempt = { outcome: CrmCallOutcome<string | null>; mayBeStored: boolean };

/**
 * Sends every due CRM delivery once per target (Bitrix24, the signed webhook), like the admin notices:
 * claimed before the call, recorded after; a failure backs off (30 s doubling to 1 h, QUERY_LIMIT_EXCEEDED
 * a short wait). A target that fails stops its own run (the rest wait their turn); the other target goes on.
 *
 * Never twice: before `crm.lead.add` the row is marked «may be stored», so after a timeout, a reset, a 5xx or
 * a crash the next attempt asks `crm.lead.list` (ORIGINATOR_ID + ORIGIN_ID) first and takes the found id.
 * The webhook carries Idempotency-Key = the lead's id: the receiver deduplicates.
 */
export async function deliverPendingCrm(deps: CrmDeliveryDeps, options: CrmDeliverOptions = {}): Promise<CrmDeliveryReport> {
  const { db, config, clock, log } = deps;
  const sql = statements(db);
  const meta = createMetaStore(db);
  const repo = createLeadRepo(db);
  const report: CrmDeliveryReport = { bitrix24: { delivered: 0, failed: 0 }, webhook: { delivered: 0, failed: 0 } };
  const http = { fetch: deps.fetch, timeoutSignal: deps.timeoutSignal };
  const now = () => clock.now().getTime();
  const targets = configuredCrmTargets(config).filter((t) => options.target === undefined || t === options.target);

  const send = async (row: DeliveryRow, lead: Lead): Promise<Attempt> => {
    const post = sourcePost(lead.source, (slug) => deps.findPost?.(slug), config.SITE_URL);
    if (row.target === "webhook") {
      const outcome = await postLeadWebhook(config.LEADS_WEBHOOK_URL!, config.LEADS_WEBHOOK_SECRET!, lead.publicId, leadWebhookPayload(lead, post), http);
      return { outcome: outcome.kind === "ok" ? { kind: "ok", value: null } : outcome, mayBeStored: false };
    }
    const url = config.BITRIX24_WEBHOOK_URL!;
    if (row.lookup_first === 1) {
      const found = await callBitrix24(url, "crm.lead.list", bitrix24LookupBody(lead), http);
      if (found.kind !== "ok") return { outcome: found, mayBeStored: true };
      const first = Array.isArray(found.value) ? (found.value[0] as { ID?: unknown } | undefined) : undefined;
      if (first?.ID !== undefined && first.ID !== null) {
        log.info({ event: "lead.crm_found", leadId: lead.id, target: row.target }, "lead found in Bitrix24 after an unknown outcome: not added again");
        return { outcome: { kind: "ok", value: String(first.ID) }, mayBeStored: false };
      }
    }
    // Committed before the request leaves: a crash from here on makes the next attempt look first.
    sql.mayBeStored.run(row.id);
    const added = await callBitrix24(url, "crm.lead.add", bitrix24LeadBody(lead, post), http);
    if (added.kind === "ok") {
      // Bitrix24 answers the new lead's id; anything else leaves the outcome open: look it up next time.
      if (/^[1-9]\d*$/.test(String(added.value))) return { outcome: { kind: "ok", value: String(added.value) }, mayBeStored: false };
      return { outcome: { kind: "unknown", code: "200 unexpected result" }, mayBeStored: true };
    }
    return { outcome: added, mayBeStored: added.kind === "unknown" };
  };

  const alertAdmins = async (text: string) => {
    if (!deps.api) return;
    const raw = new Api(deps.api.token, { ...deps.api.options, fetch: withoutRetries(deps.api.options?.fetch) });
    for (const adminId of deps.adminIds()) {
      try {
        await raw.sendMessage(adminId, text, { link_preview_options: { is_disabled: true } });
      } catch (err) {
        log.warn({ event: "lead.crm_alert_failed", code: err instanceof GrammyError ? err.error_code : "network" }, "CRM alert not sent");
      }
    }
  };

  /** Returns false when the target should not be tried again in this run. */
  const deliver = async (row: DeliveryRow): Promise<boolean> => {
    const at = now();
    if (sql.claim.run(at + NOTICE_LEASE_MS, at, row.id, options.force ? Number.MAX_SAFE_INTEGER : at).changes !== 1) return true;
    const attempts = row.attempts + 1;
    const lead = repo.get(row.lead_id);
    // Only what the client consented to: a lead without the CRM consent, or anonymised by /forget, never goes.
    if (!lead || !personalFields(lead) || !consentCoversCrm(lead.consentVersion)) {
      sql.drop.run(row.id);
      return true;
    }
    const { target } = row;
    const { outcome, mayBeStored } = await send(row, lead);
    const doneAt = now();
    if (outcome.kind === "ok") {
      sql.delivered.run(doneAt, outcome.value, row.id);
      report[target].delivered++;
      log.info({ event: "lead.crm_delivered", leadId: lead.id, target, externalId: outcome.value, attempts }, "lead delivered to the CRM");
      const wasFailing = meta.get(failingSinceKey(target)) !== undefined;
      db.transaction(() => {
        for (const key of [failingSinceKey(target), escalatedKey(target), configAlertKey(target), configBlockKey(target)]) sql.dropMeta.run(key);
      })();
      if (wasFailing) log.info({ event: "lead.crm_recovered", target, host: targetHost(config, target) }, "CRM target accepts leads again");
      await deps.onDelivered?.(lead.id).catch((err: unknown) => log.warn({ event: "lead.card_refresh_failed", leadId: lead.id, err: String(err) }));
      return true;
    }
    report[target].failed++;
    const lastError = `${outcome.kind}:${outcome.code}`;
    const delay =
      outcome.kind === "limit" ? Math.max(QUERY_LIMIT_WAIT_MS, outcome.retryAfterMs ?? 0) : noticeRetryDelayMs(attempts);
    sql.failed.run(doneAt + delay, lastError, mayBeStored ? 1 : 0, row.id);
    log.warn(
      { event: "lead.crm_failed", leadId: lead.id, target, host: targetHost(config, target), kind: outcome.kind, code: outcome.code, attempts },
      "lead not delivered to the CRM, will retry",
    );
    if (outcome.kind === "config") {
      await blockForConfig(target, outcome.code);
      return false;
    }
    if (meta.get(failingSinceKey(target)) === undefined) meta.set(failingSinceKey(target), String(doneAt));
    await escalateIfStuck(target, doneAt, crmFailureReason(target, lastError));
    // A target that is down or limiting is not asked again in this run; the other target goes on.
    return outcome.kind === "rejected";
  };

  /** 401/403 or INVALID_CREDENTIALS / insufficient_scope: told once in words; retried after a restart or new settings. */
  const blockForConfig = async (target: CrmTarget, code: string) => {
    const fingerprint = settingsFingerprint(config, target);
    meta.set(configBlockKey(target), `${fingerprint}|${PROCESS_ID}`);
    if (meta.get(configAlertKey(target)) === fingerprint) return;
    meta.set(configAlertKey(target), fingerprint);
    log.error({ event: "lead.crm_config_error", target, host: targetHost(config, target), code }, "the CRM refuses the configured address");
    await alertAdmins(crmTexts.bitrix24Config(targetHost(config, target), code));
  };

  /**
   * A block set by another process or for other settings: this is the first run after a restart or a change
   * of settings, so everything the block held back is due now instead of at the end of its backoff.
   */
  const releaseConfigBlock = (target: CrmTarget) => {
    if (meta.get(configBlockKey(target)) === undefined) return;
    db.transaction(() => {
      sql.dueNow.run(now(), target);
      sql.dropMeta.run(configBlockKey(target));
    })();
    log.info({ event: "lead.crm_config_retry", target, host: targetHost(config, target) }, "settings changed or restarted: retrying the CRM");
  };

  /** Failing for 15 minutes: the admins hear it once per incident, as with a stuck leads chat. */
  const escalateIfStuck = async (target: CrmTarget, at: number, reason: string) => {
    const since = Number(meta.get(failingSinceKey(target)) ?? at);
    if (at - since < ESCALATE_AFTER_MS || meta.get(escalatedKey(target)) !== undefined) return;
    meta.set(escalatedKey(target), String(at));
    log.warn({ event: "lead.crm_failing", target, host: targetHost(config, target) }, "CRM target failing for 15 minutes: admins told");
    const pending = sql.pending.get(target)?.n ?? 0;
    await alertAdmins(crmTexts.stuck(crmTargetLabels[target], targetHost(config, target), reason, Math.floor((at - since) / 60_000), pending));
  };

  // Targets run side by side: Bitrix24 timing out never delays the webhook.
  await Promise.all(
    targets.map(async (target) => {
      if (!options.force && isBlockedByConfig(db, config, target)) return;
      releaseConfigBlock(target);
      const dueAt = options.force ? Number.MAX_SAFE_INTEGER : now();
      const rows =
        options.leadId === undefined ? sql.due.all(target, dueAt, options.limit ?? 50) : sql.dueForLead.all(target, dueAt, options.leadId);
      for (const row of rows) if (!(await deliver(row))) break;
    }),
  );
  return report;
}
