import { GrammyError, HttpError } from "grammy";
import { networkErrorCode } from "../telegram/describe-error.js";

/** Pauses between attempts to reach Telegram at start: growing, then every minute (a service outlives an outage). */
export const START_RETRY_DELAYS_S = [2, 5, 10, 30, 60] as const;

export function startRetryDelaySeconds(attempt: number): number {
  return START_RETRY_DELAYS_S[Math.min(attempt, START_RETRY_DELAYS_S.length - 1)]!;
}

export type StartFailure =
  /** Telegram answered and refused the token: retrying cannot help. */
  | { kind: "refused"; code: number }
  /** Not reached (network, DNS, proxy, firewall) or not answering (5xx, 429): worth retrying. */
  | { kind: "unreachable"; code: string }
  | { kind: "other" };

/** Classified by `error_code` and the network error's `code` (undici puts it on `cause`), never by message text. */
export function classifyStartFailure(err: unknown): StartFailure {
  if (err instanceof GrammyError) {
    if (err.error_code === 401 || err.error_code === 404) return { kind: "refused", code: err.error_code };
    if (err.error_code === 429 || err.error_code >= 500) return { kind: "unreachable", code: `HTTP ${err.error_code}` };
    return { kind: "other" };
  }
  if (err instanceof HttpError) return { kind: "unreachable", code: networkErrorCode(err.error) ?? "сетевая ошибка" };
  return { kind: "other" };
}

const HINTS: Record<string, string> = {
  ENOTFOUND: "проверьте сеть или прокси",
  EAI_AGAIN: "проверьте сеть или прокси (DNS не отвечает)",
  ECONNREFUSED: "соединение отклонено — проверьте прокси и брандмауэр",
  ETIMEDOUT: "нет ответа — проверьте сеть, прокси и брандмауэр",
  UND_ERR_CONNECT_TIMEOUT: "нет ответа — проверьте сеть, прокси и брандмауэр",
  ECONNRESET: "соединение сброшено — проверьте прокси и брандмауэр",
};

/** «Нет связи с api.telegram.org (ENOTFOUND): проверьте сеть или прокси; повторю через 30 с». Pure. */
export function unreachableMessage(apiRoot: string, code: string, retryInSeconds: number): string {
  const host = hostOf(apiRoot);
  if (code.startsWith("HTTP ")) return `Telegram (${host}) временно не отвечает (${code}); повторю через ${retryInSeconds} с`;
  return `Нет связи с ${host} (${code}): ${HINTS[code] ?? "проверьте сеть или прокси"}; повторю через ${retryInSeconds} с`;
}

function hostOf(apiRoot: string): string {
  try {
    return new URL(apiRoot).host;
  } catch {
    return apiRoot;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
