import { describe, expect, it } from "vitest";
import { buildChartSpec } from "../../src/stats/chart-spec.js";
import { computeStats, type Stats } from "../../src/stats/compute-stats.js";
import { renderStatsChart } from "../../src/stats/render-chart.js";
import { decodePng } from "./png.js";
import { SEEDED_WEEK_STATS } from "./seed.js";

const empty = (from: string, to: string) =>
  computeStats({ searches: [], funnel: [], leads: [], publications: [] }, { from, to, tz: "Europe/Moscow" });

describe("the stats chart", () => {
  it("is a 1600×800 PNG with the Russian title drawn (the shipped font is used)", async () => {
    const png = decodePng(await renderStatsChart(SEEDED_WEEK_STATS as Stats));
    expect([png.width, png.height]).toEqual([1600, 800]);
    // The title «Заявки и поиски по дням» is centred at the top; without a font resvg leaves it blank.
    expect(png.darkShare(600, 20, 1000, 60)).toBeGreaterThan(0.05);
    // Left of the title is empty margin.
    expect(png.darkShare(0, 0, 60, 60)).toBe(0);
  });

  it.each([
    ["a single day", empty("2026-11-30", "2026-11-30")],
    ["30 days of zeroes", empty("2026-11-01", "2026-11-30")],
  ])("draws %s", async (_name, stats) => {
    const png = decodePng(await renderStatsChart(stats));
    expect([png.width, png.height]).toEqual([1600, 800]);
    expect(png.darkShare(600, 20, 1000, 60)).toBeGreaterThan(0.05);
  });

  it("plots both series per day on a time axis in TZ days, read as UTC dates", () => {
    const spec = buildChartSpec(SEEDED_WEEK_STATS as Stats) as unknown as {
      data: { values: Array<{ day: string; series: string; count: number }> };
      encoding: { x: { timeUnit: string; scale: { type: string } }; y: { scale: { domain: number[] } } };
    };
    expect(spec.data.values.slice(0, 4)).toEqual([
      { day: "2026-11-24", series: "Заявки", count: 1 },
      { day: "2026-11-24", series: "Поиски", count: 2 },
      { day: "2026-11-25", series: "Заявки", count: 1 },
      { day: "2026-11-25", series: "Поиски", count: 2 },
    ]);
    expect(spec.data.values).toHaveLength(14);
    expect(spec.encoding.x.timeUnit).toBe("utcyearmonthdate");
    expect(spec.encoding.x.scale.type).toBe("utc");
    expect(spec.encoding.y.scale.domain).toEqual([0, 2]);
    const zero = buildChartSpec(empty("2026-11-30", "2026-11-30")) as unknown as typeof spec;
    expect(zero.encoding.y.scale.domain).toEqual([0, 1]);
  });
});
