import { pino, type Logger } from "pino";

export type { Logger };

/**
 * JSON logs with stable event names. Redaction is a safety net: callers never pass
 * the token, phones or names in the first place.
 */
export function createLogger(level = "info", destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ["token", "*.token", "phone", "*.phone", "name", "*.name", "config.BOT_TOKEN"],
        censor: "[скрыто]",
      },
      base: undefined,
    },
    destination,
  );
}

/** Strips a bot token from any text (URLs in fetch errors carry it). */
export function redactToken(text: string): string {
  return text.replace(/\d{5,}:[\w-]{30,}/g, "[token]");
}
