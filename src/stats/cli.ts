import { writeFileSync } from "node:fs";
import type { CliDeps } from "../cli-deps.js";
import { parseDays } from "./days-argument.js";
import { lastDays } from "./period.js";
import { buildStatsReport } from "./stats-report.js";

export const STATS_USAGE = "stats [--days N] [--json] [--png file]";

function option(args: string[], name: string): { present: boolean; value: string | undefined } {
  const i = args.indexOf(name);
  return { present: i >= 0, value: i >= 0 ? args[i + 1] : undefined };
}

/** The same figures as /stats: text (or JSON with stable keys) on stdout, the chart into a PNG file. */
export async function statsCommand(args: string[], deps: CliDeps): Promise<number> {
  const known = new Set(["--days", "--json", "--png"]);
  const days = option(args, "--days");
  const png = option(args, "--png");
  const unknown = args.filter((a, i) => !known.has(a) && args[i - 1] !== "--days" && args[i - 1] !== "--png");
  const parsed = parseDays(days.present ? (days.value ?? "?") : undefined);
  if (unknown.length > 0 || !parsed.ok || (png.present && (!png.value || png.value.startsWith("--")))) {
    deps.err(`Использование: npm run --silent cli -- ${STATS_USAGE} (N — от 1 до 366 дней, по умолчанию 7)`);
    return 2;
  }
  const period = lastDays(deps.clock.now(), deps.config.TZ, parsed.days);
  const report = await buildStatsReport(deps.db, period, deps.log);
  if (png.value) {
    if (!report.png) {
      deps.err("Не удалось нарисовать график (подробности в логе).");
      return 1;
    }
    writeFileSync(png.value, report.png);
  }
  if (args.includes("--json")) {
    const { period: p, searches, zeroResultQueries, topQueries, leads, leadsBySource, funnel, posts, daily } = report.stats;
    deps.out(JSON.stringify({ period: p, searches, zeroResultQueries, topQueries, leads, leadsBySource, funnel, posts, daily }, null, 2));
  } else {
    deps.out(report.text.text);
    if (png.value) deps.out(`\nГрафик: ${png.value}`);
  }
  return 0;
}
