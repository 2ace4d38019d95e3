import { describe, expect, it } from "vitest";
import { computeStats } from "../../src/stats/compute-stats.js";
import { lastDays } from "../../src/stats/period.js";
import { readStatsRows } from "../../src/stats/stats-repo.js";
import { openDatabase } from "../../src/storage/db.js";
import { openTestDatabase } from "../helpers/db.js";
import { SEEDED_WEEK_STATS, seedWeek, WEEK_NOW } from "./seed.js";

const MSK = "Europe/Moscow";

describe("computeStats over the seeded week", () => {
  it("counts searches, requests, drop-off, sources, services and posts exactly, by Moscow days", () => {
    const db = openTestDatabase();
    seedWeek(db);
    const period = lastDays(new Date(WEEK_NOW), MSK, 7);
    expect(computeStats(readStatsRows(db, period), period)).toEqual(SEEDED_WEEK_STATS);
  });

  it("moves rows between days with the time zone", () => {
    const db = openTestDatabase();
    seedWeek(db);
    const period = lastDays(new Date(WEEK_NOW), "UTC", 7);
    const stats = computeStats(readStatsRows(db, period), period);
    // In UTC the search at 00:00 Moscow on 24.11 falls on 23.11 (out), the one at 00:00 Moscow on 01.12
    // on 30.11 (in), and the lead at 01:30 Moscow on 29.11 on 28.11.
    expect(stats.searches.total).toBe(8);
    expect(stats.topQueries.map((q) => q.query)).toContain("будущее");
    expect(stats.daily.find((d) => d.day === "2026-11-24")).toEqual({ day: "2026-11-24", searches: 1, leads: 1 });
    expect(stats.daily.find((d) => d.day === "2026-11-28")).toEqual({ day: "2026-11-28", searches: 1, leads: 1 });
  });

  it("an empty database and a single day give zeroes, not errors", () => {
    const period = lastDays(new Date(WEEK_NOW), MSK, 1);
    const stats = computeStats({ searches: [], funnel: [], leads: [], publications: [] }, period);
    expect(stats.searches).toEqual({ total: 0, zeroResults: 0, zeroResultShare: 0, bySurface: { command: 0, text: 0, inline: 0 } });
    expect(stats.daily).toEqual([{ day: "2026-11-30", searches: 0, leads: 0 }]);
    expect(stats.funnel.started).toBe(0);
  });

  it("reads a database whose search and consultation logs do not exist as empty", () => {
    const db = openDatabase(":memory:"); // no feature tables at all
    const period = lastDays(new Date(WEEK_NOW), MSK, 7);
    expect(readStatsRows(db, period)).toEqual({ searches: [], funnel: [], leads: [], publications: [] });
  });
});
