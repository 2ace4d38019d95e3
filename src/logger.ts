import { createRequire } from "node:module";
import type { DestinationStream, Logger } from "pino";

// Loaded on the first createLogger(): a CLI command that logs nothing (a search) never loads pino.
const requirePino = () => (createRequire(import.meta.url)("pino") as typeof import("pino")).pino;

export type { Logger };

const CENSOR = "[скрыто]";

/**
 * Paths pino replaces before a line is written: the token (as a field, in the config, in request headers)
 * and a client's phone and name, at the top level and one or two objects down (`{ lead: { phone } }`,
 * `{ err: { config: { BOT_TOKEN } } }`).
 */
const REDACTED_KEYS = ["token", "BOT_TOKEN", "phone", "name", "authorization", "cookie", "BITRIX24_WEBHOOK_URL", "LEADS_WEBHOOK_URL", "LEADS_WEBHOOK_SECRET"] as const;
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]).concat(
  ["headers", "*.headers", "*.*.headers"].flatMap((h) => [`${h}["x-telegram-bot-api-secret-token"]`]),
);

/** A bot token anywhere in a string: fetch errors and stack traces carry the API URL `…/bot<token>/…`. */
const BOT_TOKEN_RE = /\d{5,}:[\w-]{30,}/g;

/** Bitrix24's inbound webhook code in a URL (`…/rest/<user id>/<code>/…`): a secret like the token. */
const BITRIX24_CODE_RE = /(\/rest\/\d+\/)[A-Za-z0-9_.-]+/g;

/**
 * JSON logs with stable event names. Callers never pass the token, phones or names in the first place;
 * this is the safety net: `redact` for fields, and a last pass over every written line for a token or a
 * Bitrix24 webhook code inside text (an error message or stack), which no field path can reach.
 */
export function createLogger(level = "info", destination?: DestinationStream): Logger {
  const pino = requirePino();
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: { streamWrite: (line) => line.replace(BOT_TOKEN_RE, CENSOR).replace(BITRIX24_CODE_RE, `$1${CENSOR}`) },
      base: undefined,
    },
    destination,
  );
}
