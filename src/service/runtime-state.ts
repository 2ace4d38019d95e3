/**
 * What only the running process knows (mode, readiness, the last update), shared by main.ts, the HTTP routes
 * and /status. One per process, like the process itself; tests reset it.
 */
export interface ServiceState {
  mode: "polling" | "webhook";
  startedAt: Date;
  ready: boolean;
  lastUpdateAt: Date | undefined;
  /** Why the bot is not ready yet (Telegram not reached at start), for /readyz. */
  notReadyReason?: string;
}

export const serviceState: ServiceState = { mode: "polling", startedAt: new Date(), ready: false, lastUpdateAt: undefined };

export function resetServiceState(patch: Partial<ServiceState> = {}): void {
  Object.assign(serviceState, { mode: "polling", startedAt: new Date(), ready: false, lastUpdateAt: undefined, notReadyReason: undefined }, patch);
}
