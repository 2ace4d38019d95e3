import type { Config } from "../config.js";

/** The systems besides Telegram that receive every lead (issue 18); each is a delivery row of its own. */
export const CRM_TARGETS = ["bitrix24", "webhook"] as const;
export type CrmTarget = (typeof CRM_TARGETS)[number];

export function isCrmTarget(value: string): value is CrmTarget {
  return (CRM_TARGETS as readonly string[]).includes(value);
}

export type CrmConfig = Pick<Config, "BITRIX24_WEBHOOK_URL" | "LEADS_WEBHOOK_URL" | "LEADS_WEBHOOK_SECRET">;

/** The targets this configuration sends leads to, in a fixed order. */
export function configuredCrmTargets(config: CrmConfig): CrmTarget[] {
  const targets: CrmTarget[] = [];
  if (config.BITRIX24_WEBHOOK_URL) targets.push("bitrix24");
  if (config.LEADS_WEBHOOK_URL && config.LEADS_WEBHOOK_SECRET) targets.push("webhook");
  return targets;
}

/**
 * The address of a target as it may be shown or logged: its host only. Bitrix24's path carries the
 * webhook's secret code, and a receiver's path or query may carry a token too.
 */
export function targetHost(config: CrmConfig, target: CrmTarget): string {
  const raw = target === "bitrix24" ? config.BITRIX24_WEBHOOK_URL : config.LEADS_WEBHOOK_URL;
  if (!raw) return "—";
  try {
    return new URL(raw).host;
  } catch {
    return "—";
  }
}
