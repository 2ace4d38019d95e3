import { existsSync, readFileSync } from "node:fs";
import { runCliCommand } from "../helpers/cli-command.js";
import { createSettings } from "../../src/settings/settings.js";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliDeps } from "../../src/cli-deps.js";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { createLogger } from "../../src/logger.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { createFakeClock, testConfig } from "../helpers/test-bot.js";
import { spawnBot } from "../e2e/spawn-bot.js";
import { decodePng } from "./png.js";
import { logSearch, SEEDED_WEEK_STATS, SEEDED_WEEK_TEXT, seedWeek, WEEK_NOW } from "./seed.js";

function run(args: string[]) {
  const db = openTestDatabase();
  seedWeek(db);
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    config: testConfig(), db, settings: createSettings(testConfig(), db), log: createLogger("silent"), clock: createFakeClock(WEEK_NOW), offline: true,
    catalog: createStaticCatalog([]), loadCatalog: async () => deps.catalog, out: (l) => out.push(l), err: (l) => err.push(l),
  };
  return runCliCommand("stats", args, deps).then((code) => ({ code, out: out.join("\n"), err: err.join("\n") }));
}

describe("cli stats", () => {
  it("--json prints the figures under stable keys, the same as /stats", async () => {
    const { code, out } = await run(["--json"]);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["period", "searches", "zeroResultQueries", "topQueries", "leads", "leadsBySource", "funnel", "posts", "daily"]);
    expect(json).toEqual(SEEDED_WEEK_STATS);
  });

  it("prints the text and writes the chart with --png; --days sets the period", async () => {
    const dir = makeTempDir("butler-stats-");
    const file = join(dir, "chart.png");
    const week = await run(["--png", file]);
    expect(week.code).toBe(0);
    expect(week.out).toBe(`${SEEDED_WEEK_TEXT}\n\nГрафик: ${file}`);
    expect([decodePng(readFileSync(file)).width, decodePng(readFileSync(file)).height]).toEqual([1600, 800]);

    const month = await run(["--days", "30", "--json"]);
    expect(JSON.parse(month.out).period).toEqual({ from: "2026-11-01", to: "2026-11-30", tz: "Europe/Moscow", days: 30 });
  });

  const USAGE = "Использование: npm run --silent cli -- stats [--days N] [--json] [--png файл] (подробнее: stats --help)";
  it.each([
    [["--days"], `stats: у параметра --days нет значения.\n${USAGE}`],
    [["--days", "0"], "stats: --days ожидает число дней от 1 до 366 (по умолчанию 7)."],
    [["--days", "abc"], "stats: --days ожидает число дней от 1 до 366 (по умолчанию 7)."],
    [["--png"], `stats: у параметра --png нет значения.\n${USAGE}`],
    [["--png", "--json"], `stats: у параметра --png нет значения.\n${USAGE}`],
    [["--csv"], `stats: неизвестный параметр --csv.\n${USAGE}`],
  ])("%j is refused, naming what is wrong", async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toBe(message);
  });

  it("runs as `npm run cli -- stats` on the real database file, offline", async () => {
    const dir = makeTempDir("butler-stats-cli-");
    const dbPath = join(dir, "bot.db");
    const db = openTestDatabase(dbPath);
    const now = Date.now();
    logSearch(db, "аренда квартиры", 3, "text", new Date(now - 60_000).toISOString());
    logSearch(db, "парковка", 0, "inline", new Date(now - 120_000).toISOString());
    db.close();
    const png = join(dir, "out.png");
    const proc = spawnBot({ DATABASE_PATH: dbPath, LOG_LEVEL: "warn" }, "dist/cli.js", ["stats", "--json", "--png", png]);
    expect(await proc.exited).toBe(0);
    const json = JSON.parse(proc.output()) as { searches: { total: number }; zeroResultQueries: unknown; period: { days: number } };
    expect(json.searches.total).toBe(2);
    expect(json.zeroResultQueries).toEqual([{ query: "парковка", count: 1, logId: 2 }]);
    expect(json.period.days).toBe(7);
    expect(existsSync(png)).toBe(true);
  }, 60_000); // a real process on a loaded 2-core machine
});
