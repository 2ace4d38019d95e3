import { GrammyError, InlineKeyboard, InputFile, type Api } from "grammy";
import { encodeLinkCallback } from "../search/link-callback.js";
import { linkTexts } from "../search/texts.js";
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
  /** «Связать с постом» under the top queries that found nothing; null when there are none. */
  keyboard: InlineKeyboard | null;
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
  return { stats, text, png, keyboard: linkButtons(stats) };
}

/** Buttons shown (the chat text lists five queries). */
export const LINK_BUTTONS = 5;
const BUTTON_QUERY_CHARS = 28;

/** Pure: one «Связать с постом: «…»» per top query that found nothing; the button carries the search_log id. */
export function linkButtons(stats: Stats): InlineKeyboard | null {
  const queries = stats.zeroResultQueries.filter((q) => q.logId !== undefined).slice(0, LINK_BUTTONS);
  if (queries.length === 0) return null;
  const keyboard = new InlineKeyboard();
  queries.forEach((q, i) => {
    const shown = q.query.length > BUTTON_QUERY_CHARS ? `${q.query.slice(0, BUTTON_QUERY_CHARS - 1)}…` : q.query;
    if (i > 0) keyboard.row();
    keyboard.text(`${linkTexts.linkButton}: «${shown}»`, encodeLinkCallback({ kind: "query", logId: q.logId! }));
  });
  return keyboard;
}

/**
 * The chart with the figures as its caption when they fit in 1024 UTF-16 units (one message),
 * otherwise the chart with the heading and the figures in a message right after it. The chart is the optional
 * part: when Telegram refuses it (or it never arrives), the figures still go out as a text message.
 */
export async function sendStatsReport(api: Api, chatId: number, report: StatsReport, log?: Logger): Promise<void> {
  const { text, png } = report;
  const markup = report.keyboard ? { reply_markup: report.keyboard } : {};
  const sendText = () => api.sendMessage(chatId, text.text, { entities: text.entities, ...markup });
  if (!png) {
    await sendText();
    return;
  }
  const photo = new InputFile(png, "stats.png");
  // JS string length is UTF-16 units, as Telegram counts.
  const fits = text.text.length <= CAPTION_LIMIT_UTF16;
  const caption = fits ? text : text.slice(0, text.text.indexOf("\n"));
  try {
    await api.sendPhoto(chatId, photo, { caption: caption.text, caption_entities: caption.entities, ...(fits ? markup : {}) });
  } catch (err) {
    // 403: the chat itself is closed to the bot (blocked, kicked): a text would be refused as well.
    if (err instanceof GrammyError && err.error_code === 403) throw err;
    log?.warn({ event: "stats.chart_refused", chatId, err }, "stats chart not sent, figures go as text");
    await sendText();
    return;
  }
  if (!fits) await sendText();
}
