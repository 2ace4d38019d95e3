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
