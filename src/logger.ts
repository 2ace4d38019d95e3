import { createRequire } from "node:module";
import type { DestinationStream, Logger } from "pino";
import { describeError, scrubSecrets, SECRET_MASK } from "./telegram/describe-error.js";

// Loaded on the first createLogger(): a CLI command that logs nothing (a search) never loads pino.
const requirePino = () => (createRequire(import.meta.url)("pino") as typeof import("pino")).pino;

export type { Logger };

const CENSOR = SECRET_MASK;

/**
 * Paths pino replaces before a line is written: the token (as a field, in the config, in request headers)
 * and a client's phone and name, at the top level and one or two objects down (`{ lead: { phone } }`,
 * `{ err: { config: { BOT_TOKEN } } }`).
 */
const REDACTED_KEYS = ["token", "BOT_TOKEN", "phone", "name", "authorization", "cookie", "BITRIX24_WEBHOOK_URL", "LEADS_WEBHOOK_URL", "LEADS_WEBHOOK_SECRET"] as const;
const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]).concat(
  ["headers", "*.headers", "*.*.headers"].flatMap((h) => [`${h}["x-telegram-bot-api-secret-token"]`]),
);

/**
 * JSON logs with stable event names. Callers never pass the token, phones or names in the first place;
 * this is the safety net: `redact` for fields, and a last pass over every written line for a token or
 * a credential (a Bitrix24 webhook code too) inside text (an error message or stack), which no field path can reach. An `err` field goes
 * through the one error formatter: a Russian line, the stack only at debug or trace.
 */
export function createLogger(level = "info", destination?: DestinationStream): Logger {
  const pino = requirePino();
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: { streamWrite: (line) => scrubSecrets(line) },
      serializers: { err: (err: unknown) => serializeError(err, level === "debug" || level === "trace") },
      base: undefined,
    },
    destination,
  );
}

function serializeError(err: unknown, debug: boolean): unknown {
  if (typeof err === "string") return err;
  const code = (err as { error_code?: unknown; code?: unknown } | null)?.error_code ?? (err as { code?: unknown } | null)?.code;
  const [message, ...stack] = describeError(err, { debug }).split("\n");
  return { message, ...(code !== undefined ? { code } : {}), ...(stack.length > 0 ? { stack: stack.join("\n") } : {}) };
}
