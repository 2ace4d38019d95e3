import type { Db } from "../storage/db.js";
import type { CrmTarget } from "./crm-targets.js";
import type { CrmDeliveryState } from "./lead-card.js";

export interface DeliveryState extends CrmDeliveryState {
  attempts: number;
}

/** Each CRM target's state for one lead (the card, /leads, the CLI), read from lead_deliveries. */
export function leadDeliveryStates(db: Db, leadId: number): DeliveryState[] {
  return db
    .prepare<[number], { target: CrmTarget; delivered_at: number | null; external_id: string | null; last_error: string | null; attempts: number }>(
      "SELECT target, delivered_at, external_id, last_error, attempts FROM lead_deliveries WHERE lead_id = ? ORDER BY target",
    )
    .all(leadId)
    .map((r) => ({ target: r.target, deliveredAt: r.delivered_at, externalId: r.external_id, lastError: r.last_error, attempts: r.attempts }));
}

export interface CrmCopy {
  leadId: number;
  state: CrmDeliveryState;
}

/**
 * What the CRM has (or may have: a request whose answer was lost) of a user's leads: /forget cannot reach it,
 * so the admins are told where to delete it by hand. Read before the leads are anonymised.
 */
export function crmCopiesOfUser(db: Db, userId: number): CrmCopy[] {
  return db
    .prepare<[number], { lead_id: number; target: CrmTarget; delivered_at: number | null; external_id: string | null; last_error: string | null }>(
      `SELECT d.lead_id, d.target, d.delivered_at, d.external_id, d.last_error FROM lead_deliveries d JOIN leads l ON l.id = d.lead_id
       WHERE l.user_id = ? AND (d.delivered_at IS NOT NULL OR d.lookup_first = 1 OR d.in_flight_at IS NOT NULL)
       ORDER BY d.lead_id, d.target`,
    )
    .all(userId)
    .map((r) => ({ leadId: r.lead_id, state: { target: r.target, deliveredAt: r.delivered_at, externalId: r.external_id, lastError: r.last_error } }));
}
