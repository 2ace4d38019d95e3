import type { TopLevelSpec } from "vega-lite";
import type { Stats } from "./compute-stats.js";
import { shortDay } from "./period.js";
import { statsTexts } from "./texts.js";

/** The chart's size in CSS pixels; the PNG is drawn at twice that for sharp text on phones. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
export const CHART_SCALE = 2;
export const CHART_FONT_FAMILY = "DejaVu Sans";

/**
 * Requests and searches per day as a Vega-Lite line chart. Days are `YYYY-MM-DD` keys already in TZ,
 * so the time axis is read as UTC: no second time-zone shift happens inside Vega.
 */
export function buildChartSpec(stats: Stats): TopLevelSpec {
  const t = statsTexts.chart;
  const values = stats.daily.flatMap((d) => [
    { day: d.day, series: t.leads, count: d.leads },
    { day: d.day, series: t.searches, count: d.searches },
  ]);
  const max = Math.max(0, ...stats.daily.map((d) => Math.max(d.leads, d.searches)));
  const days = stats.daily.length;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: "fit", contains: "padding" },
    padding: 16,
    background: "white",
    config: { font: CHART_FONT_FAMILY },
    title: { text: t.title, subtitle: t.subtitle(shortDay(stats.period.from), shortDay(stats.period.to), stats.period.tz) },
    data: { values },
    // Dots mark each day while they stay apart; over a long period they would merge into a band.
    mark: { type: "line", point: days <= 31 },
    encoding: {
      x: {
        field: "day",
        type: "temporal",
        timeUnit: "utcyearmonthdate",
        title: t.day,
        // About ten labelled days at most, whatever the period length.
        axis: { format: "%d.%m", labelAngle: 0, grid: false, tickCount: { interval: "day", step: Math.max(1, Math.ceil(days / 10)) } },
        scale: { type: "utc", padding: 24 },
      },
      y: {
        field: "count",
        type: "quantitative",
        title: t.count,
        // An all-zero period still gets a readable 0…1 axis instead of a collapsed one.
        scale: { domain: [0, Math.max(1, max)], nice: true },
        axis: { tickMinStep: 1, format: "d" },
      },
      color: {
        field: "series",
        type: "nominal",
        title: null,
        scale: { domain: [t.leads, t.searches], range: ["#d62728", "#1f77b4"] },
        legend: { orient: "top" },
      },
    },
  };
}
