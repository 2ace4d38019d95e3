import { createHmac } from "node:crypto";
import { NOT_DELIVERED_CODES, networkErrorCode } from "../telegram/delivery-failure.js";

/**
 * The two HTTP edges of the CRM delivery: Bitrix24's REST (inbound webhook) and the signed webhook.
 * They classify every answer into what the outbox must do next; they never throw for a remote failure,
 * and no outcome carries the address (its path holds Bitrix24's secret code).
 */

export type Fetch = typeof fetch;

/** No CRM may hold a delivery for minutes (issue 18 §1). */
export const CRM_CALL_TIMEOUT_MS = 15_000;

export interface CrmHttpOptions {
  fetch: Fetch;
  /** The per-call deadline; tests pass a signal they abort themselves. */
  timeoutSignal?: (ms: number) => AbortSignal;
}

export type CrmCallOutcome<T> =
  | { kind: "ok"; value: T }
  /** Bitrix24's QUERY_LIMIT_EXCEEDED (503): nothing was done; wait and send again. */
  | { kind: "limit"; code: string; retryAfterMs?: number }
  /** 401/403, INVALID_CREDENTIALS, insufficient_scope…: the settings are wrong; retry after they change. */
  | { kind: "config"; code: string }
  /** A definite refusal: nothing was stored. */
  | { kind: "rejected"; code: string }
  /** Timeout, reset, 5xx: the other side may have stored it. */
  | { kind: "unknown"; code: string }
  /** The request certainly never arrived (connection refused, unknown host). */
  | { kind: "unreachable"; code: string };

const CONFIG_ERRORS = new Set(["INVALID_CREDENTIALS", "insufficient_scope", "NO_AUTH_FOUND", "expired_token", "invalid_token", "WRONG_AUTH_TYPE"]);

function failureOfError(err: unknown): CrmCallOutcome<never> {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return { kind: "unknown", code: "timeout" };
  const code = networkErrorCode(err);
  if (code !== undefined && NOT_DELIVERED_CODES.has(code)) return { kind: "unreachable", code: `network:${code}` };
  return { kind: "unknown", code: `network:${code ?? "error"}` };
}

function retryAfterMs(res: Response): number | undefined {
  const raw = res.headers.get("retry-after");
  const seconds = raw === null ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * One Bitrix24 REST call: POST `<webhook>/<method>.json` with a JSON body. Bitrix24 answers
 * `{"result": …}` or `{"error": "CODE", "error_description": "…"}` with the HTTP status of the error.
 */
export async function callBitrix24(webhookUrl: string, method: string, body: unknown, options: CrmHttpOptions): Promise<CrmCallOutcome<unknown>> {
  const timeout = options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms));
  let res: Response;
  let text: string;
  try {
    res = await options.fetch(`${webhookUrl}${method}.json`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: timeout(CRM_CALL_TIMEOUT_MS),
    });
    text = await res.text();
  } catch (err) {
    return failureOfError(err);
  }
  let parsed: { result?: unknown; error?: unknown } | undefined;
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const error = typeof parsed?.error === "string" ? parsed.error : undefined;
  if (res.status >= 200 && res.status < 300 && parsed && error === undefined && "result" in parsed) return { kind: "ok", value: parsed.result };
  const code = `${res.status}${error ? ` ${error}` : ""}`;
  if (error === "QUERY_LIMIT_EXCEEDED") return { kind: "limit", code, retryAfterMs: retryAfterMs(res) };
  if (res.status === 401 || res.status === 403 || (error !== undefined && CONFIG_ERRORS.has(error))) return { kind: "config", code };
  if (res.status >= 500 || (res.status >= 200 && res.status < 300)) return { kind: "unknown", code };
  return { kind: "rejected", code };
}

/** `X-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body with LEADS_WEBHOOK_SECRET (as GitHub signs). */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/** The signed webhook: any 2xx is delivered; the receiver deduplicates by Idempotency-Key. */
export async function postLeadWebhook(
  url: string,
  secret: string,
  idempotencyKey: string,
  payload: unknown,
  options: CrmHttpOptions,
): Promise<CrmCallOutcome<number>> {
  const timeout = options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms));
  const body = JSON.stringify(payload);
  try {
    const res = await options.fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "butlerspb-bot",
        "x-signature-256": signWebhookBody(body, secret),
        "idempotency-key": idempotencyKey,
      },
      body,
      redirect: "manual",
      signal: timeout(CRM_CALL_TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { kind: "ok", value: res.status };
    return res.status >= 500 ? { kind: "unknown", code: `http:${res.status}` } : { kind: "rejected", code: `http:${res.status}` };
  } catch (err) {
    return failureOfError(err);
  }
}
