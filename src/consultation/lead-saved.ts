import { EventEmitter } from "node:events";

/**
 * In-process signal «a lead was just saved»: the outbox worker runs at once instead of at its next tick,
 * so the CRM gets the lead in seconds. A lost signal costs only the wait for the tick: the rows are in SQLite.
 */
const saved = new EventEmitter();

export function announceLeadSaved(leadId: number): void {
  saved.emit("saved", leadId);
}

export function onLeadSaved(listener: (leadId: number) => void): () => void {
  saved.on("saved", listener);
  return () => void saved.off("saved", listener);
}
