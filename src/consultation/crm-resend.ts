import type { CliDeps } from "../cli-deps.js";
import { deliverPendingCrm, requeueLeadDeliveries } from "./crm-outbox.js";
import { leadDeliveryStates } from "./lead-deliveries.js";
import { configuredCrmTargets, type CrmTarget } from "./crm-targets.js";
import { describeDeliveryState } from "./lead-card.js";
import { createLeadRepo } from "./lead-repo.js";
import { cliTexts, consentCoversCrm, crmTargetLabels } from "./texts.js";

/**
 * `cli leads --resend <id> [--to bitrix24|webhook]`: one attempt now, past the backoff and a configuration
 * block (the admin just fixed the settings). Bitrix24 still looks the lead up first when an earlier answer
 * was lost, and the webhook carries the same Idempotency-Key: a resend never makes a second lead.
 */
export async function resendLead(leadId: number, target: CrmTarget | undefined, deps: CliDeps): Promise<number> {
  const { db, config, clock, log } = deps;
  const lead = createLeadRepo(db).get(leadId);
  if (!lead) {
    deps.out(cliTexts.resendNoLead(leadId));
    return 1;
  }
  const configured = configuredCrmTargets(config);
  if (configured.length === 0) {
    deps.out(cliTexts.resendNoTargets);
    return 1;
  }
  if (target !== undefined && !configured.includes(target)) {
    deps.out(cliTexts.resendNotConfigured(crmTargetLabels[target]));
    return 1;
  }
  if (lead.anonymisedAt !== null) {
    deps.out(cliTexts.resendAnonymised(leadId));
    return 1;
  }
  if (!consentCoversCrm(lead.consentVersion)) {
    deps.out(cliTexts.resendNoConsent(leadId));
    return 1;
  }
  const chosen = target ? [target] : configured;
  requeueLeadDeliveries(db, lead, chosen, clock.now().getTime());
  const catalog = await deps.loadCatalog().catch(() => undefined);
  for (const t of chosen) {
    // The CLI is an I/O edge: Node's own fetch. Admin alerts wait for the running bot (no Telegram here).
    await deliverPendingCrm({ db, config, clock, log, fetch, adminIds: () => deps.settings.adminIds(), findPost: (slug) => catalog?.get(slug) }, { leadId, target: t, force: true });
  }
  const states = leadDeliveryStates(db, leadId).filter((s) => chosen.includes(s.target));
  for (const state of states) deps.out(cliTexts.resendResult(leadId, crmTargetLabels[state.target], describeDeliveryState(state)));
  return states.every((s) => s.deliveredAt !== null) ? 0 : 1;
}
