import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Settings } from "../settings/settings.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { createLeadLimit } from "./lead-limit.js";
import { createLeadRepo } from "./lead-repo.js";
import { configuredCrmTargets } from "./crm-targets.js";
import { announceLeadSaved } from "./lead-saved.js";
import type { LeadDraft } from "./model.js";
import { leadNoticeChatIds } from "./notice-recipients.js";
import { CONSENT_VERSION, consentCoversCrm } from "./texts.js";

export interface SubmitLeadDeps {
  db: Db;
  config: Config;
  settings: Settings;
  clock: Clock;
  log: Logger;
}

export interface LeadSubmission {
  /** Stable for one conversation: a second tap or a replayed update finds the lead it already saved. */
  submissionKey: string;
  userId: number;
  draft: LeadDraft;
  source: string;
  consentAt: number;
  /** The wording the client agreed to (texts.ts); only a wording naming the CRM lets the lead go there. */
  consentVersion?: string;
  /** The client's @username (without @), if any. */
  telegramUsername?: string | null;
}

export type SubmitResult = { status: "saved"; leadId: number; created: boolean } | { status: "limit" };

/**
 * «Отправить»: the daily limit, then the lead, its outbox rows (one per admin chat and CRM target) and the limit's hit in
 * one transaction, so the lead is committed before the client hears "thank you" and the notice cannot be
 * lost. Idempotent by submission key. Telegram is not involved: the outbox delivers the notices.
 */
export function submitLead(deps: SubmitLeadDeps, input: LeadSubmission): SubmitResult {
  const { db, config, settings, clock, log } = deps;
  const repo = createLeadRepo(db);
  const limit = createLeadLimit(db);
  const result = db.transaction((): SubmitResult => {
    const existing = repo.findBySubmissionKey(input.submissionKey);
    if (existing) return { status: "saved", leadId: existing.id, created: false };
    const nowMs = clock.now().getTime();
    if (limit.reached(input.userId, nowMs)) return { status: "limit" };
    const recipients = leadNoticeChatIds(db, settings);
    const consentVersion = input.consentVersion ?? CONSENT_VERSION;
    // The CRM receives exactly what the client consented to: nothing when the wording did not name it.
    const crmTargets = consentCoversCrm(consentVersion) ? configuredCrmTargets(config) : [];
    const saved = repo.saveLead(
      {
        submissionKey: input.submissionKey,
        userId: input.userId,
        draft: input.draft,
        source: input.source,
        telegramUsername: crmTargets.length > 0 ? (input.telegramUsername ?? null) : null,
        consentVersion,
        consentAt: input.consentAt,
      },
      recipients,
      nowMs,
      crmTargets,
    );
    if (saved.created) limit.record(input.userId, nowMs);
    if (recipients.length === 0) {
      // Kept and thanked; the outbox gives it recipients once someone claims the bot or a leads chat is connected.
      log.warn({ event: "lead.waiting_recipient", leadId: saved.lead.id }, "no admin and no leads chat yet: the notice waits for the owner");
    }
    return { status: "saved", leadId: saved.lead.id, created: saved.created };
  })();
  if (result.status === "saved" && result.created) {
    log.info({ event: "lead.saved", leadId: result.leadId, source: input.source, service: input.draft.service }, "lead saved");
    announceLeadSaved(result.leadId);
  }
  return result;
}
