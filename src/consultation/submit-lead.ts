import type { Clock } from "../clock.js";
import type { Settings } from "../settings/settings.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { createLeadLimit } from "./lead-limit.js";
import { createLeadRepo } from "./lead-repo.js";
import type { LeadDraft } from "./model.js";
import { leadNoticeChatIds } from "./notice-recipients.js";
import { CONSENT_VERSION } from "./texts.js";

export interface SubmitLeadDeps {
  db: Db;
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
}

export type SubmitResult = { status: "saved"; leadId: number; created: boolean } | { status: "limit" };

/**
 * «Отправить»: the daily limit, then the lead, its outbox rows (one per admin chat) and the limit's hit in
 * one transaction, so the lead is committed before the client hears "thank you" and the notice cannot be
 * lost. Idempotent by submission key. Telegram is not involved: the outbox delivers the notices.
 */
export function submitLead(deps: SubmitLeadDeps, input: LeadSubmission): SubmitResult {
  const { db, settings, clock, log } = deps;
  const repo = createLeadRepo(db);
  const limit = createLeadLimit(db);
  const result = db.transaction((): SubmitResult => {
    const existing = repo.findBySubmissionKey(input.submissionKey);
    if (existing) return { status: "saved", leadId: existing.id, created: false };
    const nowMs = clock.now().getTime();
    if (limit.reached(input.userId, nowMs)) return { status: "limit" };
    const recipients = leadNoticeChatIds(db, settings);
    const saved = repo.saveLead(
      {
        submissionKey: input.submissionKey,
        userId: input.userId,
        draft: input.draft,
        source: input.source,
        consentVersion: CONSENT_VERSION,
        consentAt: input.consentAt,
      },
      recipients,
      nowMs,
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
  }
  return result;
}
