import { SERVICE_CODES, type ServiceCode } from "../consultation/model.js";
import { dayKey, daysOf, type StatsPeriod } from "./period.js";
import {
  FUNNEL_SOURCES,
  FUNNEL_STEPS,
  SEARCH_SURFACES,
  type FunnelSource,
  type FunnelStep,
  type SearchSurface,
  type StatsRows,
} from "./stats-rows.js";

/** How many queries / sources the JSON lists (the chat text shows fewer). */
export const TOP_LIMIT = 10;

export interface QueryCount {
  query: string;
  count: number;
  /** The latest search_log row of this query (for «Связать с постом»), when known. */
  logId?: number;
}

export interface SourceCount {
  /** `post` (a channel post's deep link, with its slug), `command`, `menu`, `channel`, or as stored. */
  source: string;
  slug: string | null;
  count: number;
}

/** The figures of one period. Keys are stable: `cli stats --json` prints this object. */
export interface Stats {
  period: { from: string; to: string; tz: string; days: number };
  searches: { total: number; zeroResults: number; zeroResultShare: number; bySurface: Record<SearchSurface, number> };
  /** Most frequent queries. */
  topQueries: QueryCount[];
  /** Most frequent queries that found nothing: topics for new posts. */
  zeroResultQueries: QueryCount[];
  /** Submitted consultation requests (the leads table). */
  leads: { submitted: number; byService: Record<ServiceCode, number> };
  leadsBySource: SourceCount[];
  /** Requests started in the period and how far they got. */
  funnel: {
    started: number;
    submitted: number;
    cancelled: number;
    bySource: Record<FunnelSource, number>;
    /** Not submitted (abandoned, cancelled or still in progress), by the furthest step reached. */
    dropOff: Record<Exclude<FunnelStep, "submitted">, number>;
  };
  posts: { published: number; slugs: string[] };
  daily: Array<{ day: string; searches: number; leads: number }>;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function bump<K extends string>(counts: Record<K, number>, key: string): void {
  if (key in counts) counts[key as K] += 1;
}

const byCountThenName = (a: [string, number], b: [string, number]) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function topCounts(keys: Iterable<string>, limit: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort(byCountThenName).slice(0, limit);
}

/** Sums the rows of one period, assigning each row to its calendar day in `period.tz`. */
export function computeStats(rows: StatsRows, period: StatsPeriod): Stats {
  const days = daysOf(period);
  const inPeriod = (ms: number) => {
    const d = dayKey(ms, period.tz);
    return d >= period.from && d <= period.to;
  };
  const daily = new Map(days.map((day) => [day, { day, searches: 0, leads: 0 }]));

  const searches = rows.searches.filter((r) => inPeriod(r.createdAt) && r.query.trim() !== "");
  const bySurface = zeroes(SEARCH_SURFACES);
  for (const s of searches) {
    bump(bySurface, s.surface);
    daily.get(dayKey(s.createdAt, period.tz))!.searches += 1;
  }
  const zero = searches.filter((s) => s.results === 0);

  const leads = rows.leads.filter((r) => inPeriod(r.createdAt));
  const byService = zeroes(SERVICE_CODES);
  for (const l of leads) {
    bump(byService, l.service);
    daily.get(dayKey(l.createdAt, period.tz))!.leads += 1;
  }
  const leadsBySource = topCounts(leads.map((l) => l.source), Number.MAX_SAFE_INTEGER).map(([source, count]) =>
    source.startsWith("post:") ? { source: "post", slug: source.slice("post:".length), count } : { source, slug: null, count },
  );

  const funnelRows = rows.funnel.filter((r) => inPeriod(r.startedAt));
  const funnelBySource = zeroes(FUNNEL_SOURCES);
  const dropOff = zeroes(FUNNEL_STEPS.filter((s): s is Exclude<FunnelStep, "submitted"> => s !== "submitted"));
  let funnelSubmitted = 0;
  for (const f of funnelRows) {
    bump(funnelBySource, f.source);
    if (f.submittedAt !== null || f.lastStep === "submitted") funnelSubmitted += 1;
    else bump(dropOff, f.lastStep);
  }

  const published = rows.publications.filter((p) => inPeriod(p.publishedAt)).sort((a, b) => a.publishedAt - b.publishedAt);

  return {
    period: { from: period.from, to: period.to, tz: period.tz, days: days.length },
    searches: {
      total: searches.length,
      zeroResults: zero.length,
      zeroResultShare: searches.length === 0 ? 0 : Math.round((zero.length / searches.length) * 1000) / 1000,
      bySurface,
    },
    topQueries: topCounts(searches.map((s) => s.query), TOP_LIMIT).map(([query, count]) => ({ query, count })),
    zeroResultQueries: topCounts(zero.map((s) => s.query), TOP_LIMIT).map(([query, count]) => {
      const ids = zero.filter((s) => s.query === query && s.id !== undefined).map((s) => s.id!);
      return ids.length > 0 ? { query, count, logId: Math.max(...ids) } : { query, count };
    }),
    leads: { submitted: leads.length, byService },
    leadsBySource,
    funnel: {
      started: funnelRows.length,
      submitted: funnelSubmitted,
      cancelled: funnelRows.filter((f) => f.cancelledAt !== null).length,
      bySource: funnelBySource,
      dropOff,
    },
    posts: { published: published.length, slugs: published.map((p) => p.slug) },
    daily: [...daily.values()],
  };
}
