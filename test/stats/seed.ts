import type { Db } from "../../src/storage/db.js";

// search_log and consult_funnel come from the search and consultation migrations (openTestDatabase): the seed
// writes them as those features do, so a change of their schema breaks these tests instead of hiding.

export const at = (iso: string) => Date.parse(iso);

export function logSearch(db: Db, query: string, results: number, surface: "command" | "text" | "inline", iso: string): void {
  db.prepare("INSERT INTO search_log (query, results, surface, created_at) VALUES (?, ?, ?, ?)").run(query, results, surface, at(iso));
}

export function logFunnel(
  db: Db,
  row: { started: string; source: "command" | "menu" | "deeplink"; slug?: string; lastStep: string; submitted?: string; cancelled?: string },
): void {
  db.prepare("INSERT INTO consult_funnel (started_at, source, slug, last_step, submitted_at, cancelled_at) VALUES (?, ?, ?, ?, ?, ?)").run(
    at(row.started), row.source, row.slug ?? null, row.lastStep,
    row.submitted ? at(row.submitted) : null, row.cancelled ? at(row.cancelled) : null,
  );
}

let leadKey = 0;
/** An anonymised lead as /forget leaves it: the counts need only service, source and time. */
export function addLead(db: Db, service: "rent" | "concierge" | "cleaning" | "other", source: string, iso: string): void {
  const t = at(iso);
  db.prepare(
    `INSERT INTO leads (submission_key, service, source, consent_version, consent_at, created_at, updated_at, anonymised_at)
     VALUES (?, ?, ?, 'v1', ?, ?, ?, ?)`,
  ).run(`k${++leadKey}`, service, source, t, t, t, t);
}

export function addPublication(db: Db, slug: string, status: string, publishedIso: string | null): void {
  db.prepare("INSERT INTO publications (slug, status, published_at, updated_at) VALUES (?, ?, ?, ?)").run(
    slug, status, publishedIso ? at(publishedIso) : null, Date.now(),
  );
}

/**
 * One week in Moscow (UTC+3), 24.11–30.11.2026, with rows just outside it on both sides, and rows near
 * midnight that belong to a different day in TZ than in UTC.
 */
export function seedWeek(db: Db): void {
  // Searches: 8 in the week (3 with no result), 2 outside.
  logSearch(db, "аренда квартиры", 4, "text", "2026-11-24T09:00:00Z");
  logSearch(db, "аренда квартиры", 4, "command", "2026-11-25T09:00:00Z");
  logSearch(db, "аренда квартиры", 3, "inline", "2026-11-25T10:00:00Z");
  logSearch(db, "уборка", 2, "text", "2026-11-26T12:00:00Z");
  logSearch(db, "парковка у дома", 0, "text", "2026-11-27T12:00:00Z");
  logSearch(db, "парковка у дома", 0, "inline", "2026-11-28T12:00:00Z");
  logSearch(db, "налоги самозанятого", 0, "text", "2026-11-30T20:59:00Z"); // 23:59 in Moscow, 30.11
  logSearch(db, "уборка", 1, "command", "2026-11-23T21:00:00Z"); // 00:00 in Moscow, 24.11: inside
  logSearch(db, "старое", 0, "text", "2026-11-23T20:59:00Z"); // 23:59 in Moscow, 23.11: outside
  logSearch(db, "будущее", 1, "text", "2026-11-30T21:00:00Z"); // 00:00 in Moscow, 01.12: outside

  // Funnel: 5 started in the week (2 submitted, 1 cancelled at phone, 1 left at consent, 1 left at name).
  logFunnel(db, { started: "2026-11-24T10:00:00Z", source: "deeplink", slug: "kachestvo-obsluzhivaniya", lastStep: "submitted", submitted: "2026-11-24T10:05:00Z" });
  logFunnel(db, { started: "2026-11-25T10:00:00Z", source: "command", lastStep: "submitted", submitted: "2026-11-25T10:04:00Z" });
  logFunnel(db, { started: "2026-11-26T10:00:00Z", source: "menu", lastStep: "phone", cancelled: "2026-11-26T10:01:00Z" });
  logFunnel(db, { started: "2026-11-27T10:00:00Z", source: "deeplink", slug: "kachestvo-obsluzhivaniya", lastStep: "consent" });
  logFunnel(db, { started: "2026-11-29T10:00:00Z", source: "command", lastStep: "name" });
  logFunnel(db, { started: "2026-11-20T10:00:00Z", source: "menu", lastStep: "time" }); // outside

  // Leads: 3 submitted in the week, 1 before it.
  addLead(db, "rent", "post:kachestvo-obsluzhivaniya", "2026-11-24T10:05:00Z");
  addLead(db, "cleaning", "command", "2026-11-25T10:04:00Z");
  addLead(db, "rent", "post:kachestvo-obsluzhivaniya", "2026-11-28T22:30:00Z"); // 01:30 in Moscow, 29.11
  addLead(db, "other", "menu", "2026-11-10T10:00:00Z"); // outside

  // Posts: 2 published in the week (one since unpublished), 1 archived, 1 earlier.
  addPublication(db, "kachestvo-obsluzhivaniya", "published", "2026-11-24T08:00:00Z");
  addPublication(db, "uborka-kvartir", "unpublished", "2026-11-27T08:00:00Z");
  addPublication(db, "arhiv", "archived", null);
  addPublication(db, "staryi-post", "published", "2026-11-01T08:00:00Z");
}

/** 30.11.2026 (a Monday) 15:00 in Moscow: `/stats` covers 24.11–30.11. */
export const WEEK_NOW = "2026-11-30T12:00:00Z";

/** What the seeded week sums to for `/stats` (7 days) at WEEK_NOW in Moscow: counted by hand from seedWeek. */
export const SEEDED_WEEK_STATS = {
  period: { from: "2026-11-24", to: "2026-11-30", tz: "Europe/Moscow", days: 7 },
  searches: { total: 8, zeroResults: 3, zeroResultShare: 0.375, bySurface: { command: 2, text: 4, inline: 2 } },
  topQueries: [
    { query: "аренда квартиры", count: 3 },
    { query: "парковка у дома", count: 2 },
    { query: "уборка", count: 2 },
    { query: "налоги самозанятого", count: 1 },
  ],
  // logId: the latest search_log row of the query, carried by its «Связать с постом» button.
  zeroResultQueries: [
    { query: "парковка у дома", count: 2, logId: 6 },
    { query: "налоги самозанятого", count: 1, logId: 7 },
  ],
  leads: { submitted: 3, byService: { rent: 2, concierge: 0, cleaning: 1, other: 0 } },
  leadsBySource: [
    { source: "post", slug: "kachestvo-obsluzhivaniya", count: 2 },
    { source: "command", slug: null, count: 1 },
  ],
  funnel: {
    started: 5,
    submitted: 2,
    cancelled: 1,
    bySource: { command: 2, menu: 1, deeplink: 2 },
    dropOff: { name: 1, phone: 1, service: 0, time: 0, comment: 0, consent: 1, confirm: 0 },
  },
  posts: { published: 2, slugs: ["kachestvo-obsluzhivaniya", "uborka-kvartir"] },
  daily: [
    { day: "2026-11-24", searches: 2, leads: 1 },
    { day: "2026-11-25", searches: 2, leads: 1 },
    { day: "2026-11-26", searches: 1, leads: 0 },
    { day: "2026-11-27", searches: 1, leads: 0 },
    { day: "2026-11-28", searches: 1, leads: 0 },
    { day: "2026-11-29", searches: 0, leads: 1 },
    { day: "2026-11-30", searches: 1, leads: 0 },
  ],
};

/** The figures as the admin reads them (caption of the chart). */
export const SEEDED_WEEK_TEXT = [
  "📊 Статистика за 24.11–30.11 (7 дн.)",
  "",
  "🔎 Поиски: 8, без результата: 3 (38 %)",
  "Частые запросы: аренда квартиры — 3, парковка у дома — 2, уборка — 2, налоги самозанятого — 1",
  "Темы для новых статей (искали, но не нашли): парковка у дома — 2, налоги самозанятого — 1",
  "",
  "📝 Заявки на консультацию: отправлено 3; начали заполнять 5, из них отправили 2",
  "Где остановились: имя — 1, телефон — 1, согласие — 1",
  "Откуда отправленные: пост kachestvo-obsluzhivaniya — 2, /consult — 1",
  "По услугам: Управление посуточной арендой — 2, Уборка и обслуживание квартиры — 1",
  "",
  "📰 Опубликовано постов: 2 (kachestvo-obsluzhivaniya, uborka-kvartir)",
].join("\n");
