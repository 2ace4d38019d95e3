import type { Db } from "../storage/db.js";
import { coveringRange, type StatsPeriod } from "./period.js";
import type { FunnelRow, LeadRow, PublicationRow, SearchRow, StatsRows } from "./stats-rows.js";

/**
 * Reads what the period needs from tables other features own (search_log, consult_funnel, leads,
 * publications). A table a deployment lacks (its feature is not in the app list) reads as empty, so
 * the report still shows the rest.
 */
export function readStatsRows(db: Db, period: StatsPeriod): StatsRows {
  const { fromMs, toMs } = coveringRange(period);
  const tables = new Set(
    db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name),
  );
  const read = <T>(table: string, sql: string): T[] => (tables.has(table) ? (db.prepare(sql).all({ fromMs, toMs }) as T[]) : []);
  // One read transaction: the four lists describe the same moment.
  return db.transaction(() => ({
    searches: read<SearchRow>(
      "search_log",
      `SELECT id, query, results, surface, created_at AS createdAt FROM search_log
       WHERE created_at >= @fromMs AND created_at < @toMs`,
    ),
    funnel: read<FunnelRow>(
      "consult_funnel",
      `SELECT started_at AS startedAt, source, slug, last_step AS lastStep, submitted_at AS submittedAt, cancelled_at AS cancelledAt
       FROM consult_funnel WHERE started_at >= @fromMs AND started_at < @toMs`,
    ),
    leads: read<LeadRow>(
      "leads",
      `SELECT service, source, created_at AS createdAt FROM leads WHERE created_at >= @fromMs AND created_at < @toMs`,
    ),
    publications: read<PublicationRow>(
      "publications",
      `SELECT slug, published_at AS publishedAt FROM publications
       WHERE published_at IS NOT NULL AND published_at >= @fromMs AND published_at < @toMs`,
    ),
  }))();
}
