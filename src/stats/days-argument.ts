export const DEFAULT_DAYS = 7;
export const MAX_DAYS = 366;

/** `/stats`, `/stats 30`, `--days 30`: a whole number of days from 1 to MAX_DAYS; empty means the default. */
export function parseDays(raw: string | undefined): { ok: true; days: number } | { ok: false } {
  const value = (raw ?? "").trim();
  if (value === "") return { ok: true, days: DEFAULT_DAYS };
  if (!/^\d{1,3}$/.test(value)) return { ok: false };
  const days = Number(value);
  return days >= 1 && days <= MAX_DAYS ? { ok: true, days } : { ok: false };
}
