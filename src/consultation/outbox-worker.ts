import type { Worker, WorkerDeps } from "../feature.js";
import { startOutboxWorker, type OutboxWorker } from "./outbox.js";

/** Delivers pending lead notices at start (a restart sends what was pending) and then periodically. */
export function createOutboxWorker(deps: WorkerDeps): Worker {
  let outbox: OutboxWorker | undefined;
  return {
    name: "lead-outbox",
    start() {
      outbox = startOutboxWorker(deps.api, deps.db, deps, deps.clock, deps.log);
    },
    async stop() {
      await outbox?.stop();
    },
  };
}
