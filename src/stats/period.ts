/**
 * Reporting periods are whole calendar days in the configured time zone (`TZ`), named by their
 * `YYYY-MM-DD` keys, so "today" means the admin's today and not UTC's.
 */
export interface StatsPeriod {
  /** First day, inclusive, `YYYY-MM-DD` in `tz`. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  tz: string;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `tz`. */
export function dayKey(ms: number, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(tz, f);
  }
  return f.format(ms);
}

/** Calendar arithmetic on day keys: pure dates have no time zone, so UTC is exact here. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Every day key from `from` to `to`, inclusive. */
export function daysOf(period: StatsPeriod): string[] {
  const days: string[] = [];
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The last `days` days ending today (today included, so far). */
export function lastDays(now: Date, tz: string, days: number): StatsPeriod {
  const to = dayKey(now.getTime(), tz);
  return { from: addDays(to, -(days - 1)), to, tz };
}

/** ISO weekday of a day key: Monday 1 … Sunday 7. */
function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/** The Monday of the local week an instant falls in: the key of "this week" for the weekly report. */
export function weekOf(now: Date, tz: string): string {
  const today = dayKey(now.getTime(), tz);
  return addDays(today, 1 - isoWeekday(today));
}

/** The full Monday–Sunday week before the one `now` falls in: what a Monday report sums up. */
export function previousWeek(now: Date, tz: string): StatsPeriod {
  const monday = weekOf(now, tz);
  return { from: addDays(monday, -7), to: addDays(monday, -1), tz };
}

/**
 * A millisecond range that surely covers the period whatever the zone's offset (−12 h … +14 h),
 * for the SQL filter; rows are then assigned to days exactly by `dayKey`.
 */
export function coveringRange(period: StatsPeriod): { fromMs: number; toMs: number } {
  return {
    fromMs: Date.parse(`${period.from}T00:00:00Z`) - DAY_MS,
    toMs: Date.parse(`${period.to}T00:00:00Z`) + 2 * DAY_MS,
  };
}

/** `24.11` — how a day is shown in texts and on the chart. */
export function shortDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`;
}
