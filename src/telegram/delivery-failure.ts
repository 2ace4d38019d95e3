import { GrammyError, HttpError } from "grammy";

/**
 * Network errors after which the request certainly never reached Telegram: nothing to duplicate.
 * Everything else (a timeout, ECONNRESET, "socket hang up", an abort) may have been processed.
 */
export const NOT_DELIVERED_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** The `code` of a network error, looking through `cause` chains (undici: TypeError("fetch failed", { cause })). */
export function networkErrorCode(err: unknown): string | undefined {
  let current: unknown = err instanceof HttpError ? err.error : err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A network failure that certainly did not take effect: safe to send the same message again. */
export function isNotDeliveredNetworkError(err: unknown): boolean {
  const code = networkErrorCode(err);
  return code !== undefined && NOT_DELIVERED_CODES.has(code);
}

/**
 * After this failure of a send, Telegram may or may not have posted the message: a 5xx answer, or a
 * network error other than the certain ones above. A 4xx (429 included) is a refusal: nothing was posted.
 */
export function isAmbiguousFailure(err: unknown): boolean {
  if (err instanceof GrammyError) return err.error_code >= 500;
  if (err instanceof HttpError) return !isNotDeliveredNetworkError(err);
  return false;
}
