import type { Worker, WorkerDeps } from "../feature.js";
import { deliverPendingCrm, recoverInFlightDeliveries } from "./crm-outbox.js";
import { configuredCrmTargets } from "./crm-targets.js";
import { refreshLeadCards } from "./lead-admin.js";
import { onLeadSaved } from "./lead-saved.js";
import { startOutboxWorker, type OutboxWorker } from "./outbox.js";

/**
 * Delivers pending lead notices and CRM deliveries at start (a restart sends what was pending) and then
 * periodically; a freshly saved lead wakes it at once. This is the I/O edge: Node's fetch is passed in here.
 */
export function createOutboxWorker(deps: WorkerDeps): Worker {
  let outbox: OutboxWorker | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    name: "lead-outbox",
    start() {
      const crm = configuredCrmTargets(deps.config).length > 0;
      if (crm) recoverInFlightDeliveries(deps.db, deps.clock.now().getTime());
      outbox = startOutboxWorker(deps.api, deps.db, deps, deps.clock, deps.log, {
        crm: crm
          ? () =>
              deliverPendingCrm({
                ...deps,
                fetch,
                adminIds: () => deps.settings.adminIds(),
                findPost: (slug) => deps.catalog.get(slug),
                onDelivered: (leadId) => refreshLeadCards(deps.api, deps, leadId),
              })
          : undefined,
      });
      unsubscribe = onLeadSaved(() => outbox?.wake());
    },
    async stop() {
      unsubscribe?.();
      await outbox?.stop();
    },
  };
}
