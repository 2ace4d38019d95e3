import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { parse, View } from "vega";
import { compile } from "vega-lite";
import type { Stats } from "./compute-stats.js";
import { buildChartSpec, CHART_FONT_FAMILY, CHART_SCALE, CHART_WIDTH } from "./chart-spec.js";

const require = createRequire(import.meta.url);
/**
 * The font ships with the app (npm `dejavu-fonts-ttf`) instead of coming from the machine: a slim server
 * or CI image may have no fonts at all, and resvg then draws no text. Not scanning system fonts also
 * makes the picture the same on every machine.
 */
const FONT_FILES = [require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"), require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")];

/** Vega-Lite → Vega → SVG (headless, no canvas) → PNG with resvg. */
export async function renderStatsChart(stats: Stats): Promise<Buffer> {
  const view = new View(parse(compile(buildChartSpec(stats)).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const png = new Resvg(svg, {
      font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
      fitTo: { mode: "width", value: CHART_WIDTH * CHART_SCALE },
    }).render();
    return png.asPng();
  } finally {
    view.finalize();
  }
}
