/** What replaces a secret in any printed or logged text. */
export const SECRET_MASK = "[скрыто]";

/** A bot token anywhere in a string: grammY's and fetch's errors carry the API URL `…/bot<token>/…`. */
const BOT_TOKEN_RE = /\d{5,}:[\w-]{20,}/g;
/** `https://user:password@host` (a repository credential in CONTENT_REPO, a proxy URL). */
const URL_CREDENTIALS_RE = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;
/** Bitrix24's inbound webhook code in a URL (`…/rest/<user id>/<code>/…`): a secret like the token. */
const BITRIX24_CODE_RE = /(\/rest\/\d+\/)[A-Za-z0-9_.-]+/g;
/** Variables whose values are secrets (the token, webhook and hook secrets, CRM codes, passwords, keys). */
const SECRET_NAME_RE = /TOKEN|SECRET|PASSWORD|PASSWD|CRM|API_KEY|PRIVATE_KEY/i;
const MIN_SECRET_CHARS = 8;

/** Values of secret variables in `env`, plus the secret half of the bot token (`123:ABC` → `ABC`). */
export function secretsOf(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value || value.length < MIN_SECRET_CHARS || !SECRET_NAME_RE.test(name)) continue;
    out.push(value);
    const half = value.split(":")[1];
    if (half && half.length >= MIN_SECRET_CHARS) out.push(half);
  }
  return out;
}

/**
 * Removes every secret from a text that is about to be printed or logged: bot tokens by shape, credentials
 * inside URLs, and the values of the secret variables of the environment (read at call time, so errors
 * raised before the configuration was parsed are covered too).
 */
export function scrubSecrets(text: string, env: Record<string, string | undefined> = process.env): string {
  let out = text
    .replace(BOT_TOKEN_RE, SECRET_MASK)
    .replace(URL_CREDENTIALS_RE, `$1${SECRET_MASK}@`)
    .replace(BITRIX24_CODE_RE, `$1${SECRET_MASK}`);
  // Longest first: a token's secret half must not be masked before the whole token is.
  for (const secret of secretsOf(env).sort((a, b) => b.length - a.length)) out = out.split(secret).join(SECRET_MASK);
  return out;
}

/** Russian words for the network errors an operator meets; the code itself is always shown too. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: "соединение отклонено (сервер не слушает этот адрес)",
  ENOTFOUND: "адрес не найден (DNS)",
  EAI_AGAIN: "DNS не ответил",
  ETIMEDOUT: "нет ответа (таймаут)",
  UND_ERR_CONNECT_TIMEOUT: "нет ответа (таймаут соединения)",
  ECONNRESET: "соединение оборвалось",
  EHOSTUNREACH: "узел недоступен",
  ENETUNREACH: "сеть недоступна",
  CERT_HAS_EXPIRED: "сертификат сервера просрочен",
  DEPTH_ZERO_SELF_SIGNED_CERT: "самоподписанный сертификат сервера",
};

/** The system error code somewhere down the cause chain (`err.code`, `err.error.code`, `err.cause.code`). */
export function networkErrorCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur !== null && typeof cur === "object" && !seen.has(cur)) {
    seen.add(cur);
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    const e = cur as { error?: unknown; cause?: unknown };
    cur = e.error ?? e.cause;
  }
  return undefined;
}

export interface DescribeErrorOptions {
  /** LOG_LEVEL=debug or trace: the stack (scrubbed) follows the one-line message. */
  debug?: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * The one formatter for every error the CLI and the bot print or log: one Russian line with the cause
 * (refused token, Telegram's own description, the network error code), never the token, a repository
 * credential or a webhook secret, and a stack trace only when asked for (LOG_LEVEL=debug).
 * Telegram failures are told apart by `error_code` and the network error code, never by message text.
 */
export function describeError(err: unknown, options: DescribeErrorOptions = {}): string {
  const env = options.env ?? process.env;
  const line = scrubSecrets(oneLine(err), env).replace(/\s*\n\s*/g, " ");
  if (!options.debug) return line;
  return `${line}\n${scrubSecrets(stackOf(err), env)}`;
}

interface TelegramRefusal {
  error_code: number;
  description: string;
  method: string;
  parameters: { retry_after?: number };
}

/**
 * grammY's GrammyError, told by its fields rather than `instanceof`: this module stays free of grammY, so a
 * CLI command that fails early (or the logger) does not load the whole client to describe the failure.
 */
function isTelegramRefusal(err: unknown): err is TelegramRefusal {
  const e = err as Partial<TelegramRefusal> | null;
  return typeof e === "object" && e !== null && typeof e.error_code === "number" && typeof e.description === "string";
}

/** grammY's HttpError: the request never got an answer; the thrown fetch error is in `.error`. */
function isHttpError(err: unknown): err is Error & { error: unknown } {
  return err instanceof Error && err.name === "HttpError" && "error" in err;
}

function oneLine(err: unknown): string {
  if (isTelegramRefusal(err)) {
    const where = `метод ${err.method}`;
    if (err.error_code === 401 || err.error_code === 404) {
      return `Telegram не принял BOT_TOKEN (${err.error_code}: ${err.description}, ${where}): проверьте токен у @BotFather.`;
    }
    if (err.error_code === 429) {
      const wait = err.parameters?.retry_after;
      return `Telegram просит подождать${wait !== undefined ? ` ${wait} с` : ""} (429: ${err.description}, ${where}).`;
    }
    return `Telegram отказал (${err.error_code}: ${err.description}, ${where}).`;
  }
  if (isHttpError(err)) {
    const method = /'([^']+)'/.exec(err.message)?.[1];
    const code = networkErrorCode(err.error);
    const reason = code ? `${NETWORK_REASONS[code] ?? "сетевая ошибка"}, ${code}` : "сетевая ошибка";
    return `Не удалось связаться с Telegram${method ? ` (метод ${method})` : ""}: ${reason}. Проверьте сеть и TELEGRAM_API_ROOT.`;
  }
  const code = networkErrorCode(err);
  if (code && NETWORK_REASONS[code]) return `Сетевая ошибка: ${NETWORK_REASONS[code]}, ${code}.`;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (причина: ${err.cause.message})` : "";
    return `Ошибка: ${err.message}${cause}${code ? ` [${code}]` : ""}`;
  }
  return `Ошибка: ${String(err)}`;
}

function stackOf(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur instanceof Error && !seen.has(cur)) {
    seen.add(cur);
    parts.push(cur.stack ?? `${cur.name}: ${cur.message}`);
    const next: unknown = (cur as { error?: unknown }).error ?? cur.cause;
    cur = next;
  }
  return parts.length > 0 ? parts.join("\ncaused by: ") : String(err);
}
