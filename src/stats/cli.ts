import { writeFileSync } from "node:fs";
import type { CliInput } from "../cli-args.js";
import type { CliDeps } from "../cli-deps.js";
import { DEFAULT_DAYS, MAX_DAYS, parseDays } from "./days-argument.js";
import { lastDays } from "./period.js";
import { buildStatsReport } from "./stats-report.js";

/** The same figures as /stats: text (or JSON with stable keys) on stdout, the chart into a PNG file. */
export async function statsCommand(input: CliInput, deps: CliDeps): Promise<number> {
  const days = input.values.days as string | undefined;
  const png = { value: input.values.png as string | undefined };
  const parsed = parseDays(days);
  if (!parsed.ok) {
    deps.err(`stats: --days ожидает число дней от 1 до ${MAX_DAYS} (по умолчанию ${DEFAULT_DAYS}).`);
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
  if (input.values.json === true) {
    const { period: p, searches, zeroResultQueries, topQueries, leads, leadsBySource, funnel, posts, daily } = report.stats;
    deps.out(JSON.stringify({ period: p, searches, zeroResultQueries, topQueries, leads, leadsBySource, funnel, posts, daily }, null, 2));
  } else {
    deps.out(report.text.text);
    if (png.value) deps.out(`\nГрафик: ${png.value}`);
  }
  return 0;
}
