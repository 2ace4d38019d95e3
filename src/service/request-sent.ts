import { subscribe, unsubscribe } from "node:diagnostics_channel";

/**
 * Resolves once fetch (undici) has written a request whose path ends with `/<method>`, or after `timeoutMs`.
 * Work that blocks the event loop (reading every post) waits for this, so it never holds back the request
 * that makes the bot reachable.
 */
export function requestSent(method: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const onSent = (message: unknown) => {
      const path = (message as { request?: { path?: string } }).request?.path ?? "";
      if (path.split("?")[0]!.endsWith(`/${method}`)) done();
    };
    const timer = setTimeout(done, timeoutMs);
    subscribe("undici:request:bodySent", onSent);
    function done() {
      clearTimeout(timer);
      unsubscribe("undici:request:bodySent", onSent);
      resolve();
    }
  });
}
