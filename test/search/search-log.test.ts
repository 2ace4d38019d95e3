import { describe, expect, it } from "vitest";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { createSearchFeature } from "../../src/search/search-feature.js";
import {
  createInlineBurstLog,
  createSearchLog,
  INLINE_BURST_MS,
  LOGGED_QUERY_MAX_CHARS,
  normalizeLoggedQuery,
  SEARCH_LOG_RETENTION_MS,
} from "../../src/search/search-log.js";
import type { Db } from "../../src/storage/db.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { inlineQueryUpdate, textUpdate } from "../helpers/updates.js";
import { makePost, samplePosts } from "./posts.js";

type Row = { query: string; results: number; surface: string; created_at: number };
const rows = (db: Db) => db.prepare("SELECT query, results, surface, created_at FROM search_log ORDER BY id").all() as Row[];

describe("normalizeLoggedQuery", () => {
  it.each([
    ["  Уборка   КВАРТИРЫ ", "уборка квартиры"],
    ["Бельё\tи\nпрачечная", "белье и прачечная"],
    ["за\u0301мок", "замок"],
    ["аренда\u0000\u202e", "аренда"],
    ["   ", ""],
  ])("%j → %j", (raw, normalized) => expect(normalizeLoggedQuery(raw)).toBe(normalized));

  it(`cuts at ${LOGGED_QUERY_MAX_CHARS} characters without splitting an emoji`, () => {
    const cut = normalizeLoggedQuery("🏠".repeat(300));
    expect(Array.from(cut)).toHaveLength(LOGGED_QUERY_MAX_CHARS);
    expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false);
  });
});

describe("search log", () => {
  it("writes the normalised query, results, surface and time, and prunes rows older than 90 days", () => {
    const db = openTestDatabase();
    const clock = createFakeClock("2026-01-01T00:00:00Z");
    const log = createSearchLog(db, clock);
    log.record("Уборка  Квартиры", 3, "command");
    clock.advance(SEARCH_LOG_RETENTION_MS - 1);
    log.record("налоги", 1, "text");
    expect(rows(db).map((r) => r.query)).toEqual(["уборка квартиры", "налоги"]);
    clock.advance(2);
    log.record("консьерж", 0, "inline");
    expect(rows(db)).toEqual([
      { query: "налоги", results: 1, surface: "text", created_at: Date.parse("2026-01-01") + SEARCH_LOG_RETENTION_MS - 1 },
      { query: "консьерж", results: 0, surface: "inline", created_at: Date.parse("2026-01-01") + SEARCH_LOG_RETENTION_MS + 1 },
    ]);
  });

  it("refuses a surface outside command, text, inline (the schema's CHECK)", () => {
    const db = openTestDatabase();
    expect(() => db.prepare("INSERT INTO search_log (query, results, surface, created_at) VALUES ('x', 0, 'web', 0)").run()).toThrow(
      /CHECK constraint failed/,
    );
  });
});

describe("inline typing bursts", () => {
  const setup = () => {
    const db = openTestDatabase();
    const clock = createFakeClock();
    return { db, clock, bursts: createInlineBurstLog(createSearchLog(db, clock), clock) };
  };

  it("logs only the query a reader settled on", () => {
    const { db, clock, bursts } = setup();
    for (const q of ["у", "уб", "убор", "уборка", "уборка кв", "уборка"]) {
      bursts.seen(7, q, q.length);
      clock.advance(400);
    }
    expect(rows(db)).toEqual([]); // still typing
    clock.advance(INLINE_BURST_MS);
    bursts.flush();
    expect(rows(db).map((r) => [r.query, r.results])).toEqual([["уборка", 6]]);
  });

  it("writes a query at once when the reader starts another, and keeps readers apart", () => {
    const { db, clock, bursts } = setup();
    bursts.seen(7, "налоги", 1);
    bursts.seen(8, "нал", 1); // another reader: not part of 7's burst
    clock.advance(100);
    bursts.seen(7, "яхта", 1);
    expect(rows(db).map((r) => r.query)).toEqual(["налоги"]);
    bursts.flush(true);
    expect(rows(db).map((r) => r.query).sort()).toEqual(["налоги", "нал", "яхта"].sort());
  });

  it("a pause longer than a burst splits two queries even when one extends the other", () => {
    const { db, clock, bursts } = setup();
    bursts.seen(7, "уборка", 1);
    clock.advance(INLINE_BURST_MS + 1);
    bursts.seen(7, "уборка квартиры", 1);
    bursts.flush(true);
    expect(rows(db).map((r) => r.query)).toEqual(["уборка", "уборка квартиры"]);
  });
});

describe("what the bot logs, from every surface", () => {
  /** Distinctive enough that any copy of it in the database would be found. */
  const READER = { id: 987654321, is_bot: false, first_name: "Анна", language_code: "ru" };

  it("records /search, plain text and the final inline query with total hits, and stores no user id", async () => {
    const rentPosts = Array.from({ length: 8 }, (_, i) => makePost(`rent-${i}`, { title: `Аренда, выпуск ${i}` }));
    const t = createTestBot({ features: [createSearchFeature], catalog: createStaticCatalog([...samplePosts(), ...rentPosts]) });
    await t.bot.handleUpdate(textUpdate("/search Аренда", READER));
    await t.bot.handleUpdate(textUpdate("рецепт борща", READER));
    for (const q of ["кон", "консь", "консьерж"]) await t.bot.handleUpdate(inlineQueryUpdate(q, "", READER));
    await t.bot.handleUpdate(inlineQueryUpdate("консьерж", "10", READER)); // a later page: not a new search
    t.clock.advance(INLINE_BURST_MS);
    await t.bot.handleUpdate(textUpdate("/latest", READER)); // any update writes out finished bursts

    const total = (q: string) => rows(t.db).find((r) => r.query === q)?.results;
    expect(rows(t.db).map((r) => [r.query, r.surface])).toEqual([
      ["аренда", "command"],
      ["рецепт борща", "text"],
      ["консьерж", "inline"],
    ]);
    expect(total("аренда")).toBe(10); // every post about rent, not just the five on the page
    expect(total("рецепт борща")).toBe(0);
    expect(total("консьерж")).toBe(1);

    // No user id: not a column, not a value, not part of a query.
    const columns = (t.db.prepare("PRAGMA table_info(search_log)").all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(["id", "query", "results", "surface", "created_at"]);
    const everything = JSON.stringify(t.db.prepare("SELECT * FROM search_log").all());
    expect(everything).not.toContain(String(READER.id));
  });
});
