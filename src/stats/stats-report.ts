import { GrammyError, InputFile, type Api } from "grammy";
import { FormattedString } from "@grammyjs/parse-mode";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { CAPTION_LIMIT_UTF16 } from "../telegram/limits.js";
import { computeStats, type Stats } from "./compute-stats.js";
import type { StatsPeriod } from "./period.js";
import { readStatsRows } from "./stats-repo.js";
import { renderStatsText } from "./stats-text.js";

export interface StatsReport {
  stats: Stats;
  text: FormattedString;
  /** null when the chart could not be drawn: the figures still go out as text. */
  png: Buffer | null;
}

export async function buildStatsReport(db: Db, period: StatsPeriod, log: Logger, title?: string): Promise<StatsReport> {
  const stats = computeStats(readStatsRows(db, period), period);
  const text = renderStatsText(stats, title);
  let png: Buffer | null = null;
  try {
    // Loaded on first use: Vega and resvg are big and only reports need them.
    const { renderStatsChart } = await import("./render-chart.js");
    png = await renderStatsChart(stats);
  } catch (err) {
    log.error({ event: "stats.chart_failed", err }, "stats chart not drawn");
  }
  return { stats, text, png };
}

/**
 * The chart with the figures as its caption when they fit in 1024 UTF-16 units (one message),
 * otherwise the chart with the heading and the figures in a message right after it. The chart is the optional
 * part: when Telegram refuses it (or it never arrives), the figures still go out as a text message.
 */
export async function sendStatsReport(api: Api, chatId: number, report: StatsReport, log?: Logger): Promise<void> {
  const { text, png } = report;
  const sendText = () => api.sendMessage(chatId, text.text, { entities: text.entities });
  if (!png) {
    await sendText();
    return;
  }
  const photo = new InputFile(png, "stats.png");
  // JS string length is UTF-16 units, as Telegram counts.
  const fits = text.text.length <= CAPTION_LIMIT_UTF16;
  const caption = fits ? text : text.slice(0, text.text.indexOf("\n"));
  try {
    await api.sendPhoto(chatId, photo, { caption: caption.text, caption_entities: caption.entities });
  } catch (err) {
    // 403: the chat itself is closed to the bot (blocked, kicked): a text would be refused as well.
    if (err instanceof GrammyError && err.error_code === 403) throw err;
    log?.warn({ event: "stats.chart_refused", chatId, err }, "stats chart not sent, figures go as text");
    await sendText();
    return;
  }
  if (!fits) await sendText();
}
