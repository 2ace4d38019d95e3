import type { Config } from "./config.js";

/**
 * The few variables a short offline CLI command reads (a search over an existing index), checked without zod:
 * loading the full schema costs a search more than the search itself. The same defaults and the same Russian
 * messages as the full schema in config.ts, which takes its constants from here.
 */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const DEFAULT_DATABASE_PATH = "data/bot.db";
export const DEFAULT_TZ = "Europe/Moscow";
export const PUBLISH_FORMATS = ["rich", "teaser", "long"] as const;
export type PublishFormat = (typeof PUBLISH_FORMATS)[number];
export const LOG_LEVEL_ERROR = `ожидается один из уровней: ${LOG_LEVELS.join(", ")}`;
export const TZ_ERROR = "неизвестный часовой пояс (пример: Europe/Moscow)";

export type BasicKey = "DATABASE_PATH" | "LOG_LEVEL" | "TZ";
export const BASIC_KEYS: readonly BasicKey[] = ["DATABASE_PATH", "LOG_LEVEL", "TZ"];

type Check = (raw: string | undefined) => { ok: true; value: unknown } | { ok: false; error: string };

const checks: Record<BasicKey, Check> = {
  DATABASE_PATH: (raw) => ({ ok: true, value: raw?.trim() || DEFAULT_DATABASE_PATH }),
  LOG_LEVEL: (raw) => {
    const value = raw?.trim() || "info";
    return (LOG_LEVELS as readonly string[]).includes(value) ? { ok: true, value } : { ok: false, error: LOG_LEVEL_ERROR };
  },
  TZ: (raw) => {
    const value = raw?.trim() || DEFAULT_TZ;
    return isTimeZone(value) ? { ok: true, value } : { ok: false, error: TZ_ERROR };
  },
};

/** An IANA zone the runtime knows: dates without an offset and every date shown to admins use it. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("ru-RU", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Whether `keys` can be checked here; otherwise the full schema is needed. */
export function isBasicOnly(keys: readonly string[]): keys is readonly BasicKey[] {
  return keys.every((k) => (BASIC_KEYS as readonly string[]).includes(k));
}

export type BasicConfigResult = { ok: true; config: Partial<Config> } | { ok: false; errors: string[] };

/** Validates just `keys` (errors as in parseConfig: «NAME: причина», never the value). */
export function parseBasicConfig(env: Record<string, string | undefined>, keys: readonly BasicKey[]): BasicConfigResult {
  const config: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const key of keys) {
    const r = checks[key](env[key]);
    if (r.ok) config[key] = r.value;
    else errors.push(`${key}: ${r.error}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: config as Partial<Config> };
}
