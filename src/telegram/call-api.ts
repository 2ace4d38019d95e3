import type { Api } from "grammy";

/**
 * Calls a Bot API method by name with a prepared payload. Renderers produce `{method, payload}`
 * pairs (the same ones `cli preview --json` prints), so this is the only place that executes them.
 */
export function callApi<T = unknown>(api: Api, method: string, payload: Record<string, unknown>): Promise<T> {
  const fn = (api.raw as unknown as Record<string, (p: Record<string, unknown>) => Promise<T>>)[method];
  if (!fn) throw new Error(`unknown Bot API method ${method}`);
  return fn(payload);
}
