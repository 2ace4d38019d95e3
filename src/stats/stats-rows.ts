/** The raw rows the figures are computed from, as plain data (read by stats-repo, summed by compute-stats). */

export const SEARCH_SURFACES = ["command", "text", "inline"] as const;
export type SearchSurface = (typeof SEARCH_SURFACES)[number];

export const FUNNEL_SOURCES = ["command", "menu", "deeplink"] as const;
export type FunnelSource = (typeof FUNNEL_SOURCES)[number];

/** The consultation steps in the order a client meets them; `submitted` is the end. */
export const FUNNEL_STEPS = ["name", "phone", "service", "time", "comment", "consent", "confirm", "submitted"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface SearchRow {
  /** search_log row id (a «Связать с постом» button carries it); absent in rows built by hand. */
  id?: number;
  /** Already normalised by search; no user id is ever stored with it. */
  query: string;
  results: number;
  surface: string;
  createdAt: number;
}

export interface FunnelRow {
  startedAt: number;
  source: string;
  slug: string | null;
  lastStep: string;
  submittedAt: number | null;
  cancelledAt: number | null;
}

export interface LeadRow {
  service: string;
  /** `command`, `menu`, `channel` or `post:<slug>` (see src/consultation/model.ts). */
  source: string;
  createdAt: number;
}

export interface PublicationRow {
  slug: string;
  publishedAt: number;
}

export interface StatsRows {
  searches: SearchRow[];
  funnel: FunnelRow[];
  leads: LeadRow[];
  publications: PublicationRow[];
}
