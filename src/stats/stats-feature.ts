import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../bot.js";
import { texts as common } from "../texts.js";
import { parseDays } from "./days-argument.js";
import { lastDays } from "./period.js";
import { buildStatsReport, sendStatsReport } from "./stats-report.js";
import { statsTexts } from "./texts.js";

/** `/stats [days]` for admins in private chat: the chart and the figures of the last days. */
export function createStatsFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const isAdmin = (ctx: BotContext) => deps.settings.isAdmin(ctx.from?.id);

  composer.command("stats", async (ctx) => {
    if (ctx.chat.type !== "private") return; // never show figures in groups or the channel
    if (!isAdmin(ctx)) return ctx.reply(common.adminsOnly);
    const parsed = parseDays(ctx.match);
    if (!parsed.ok) return ctx.reply(statsTexts.usage);
    const period = lastDays(deps.clock.now(), deps.config.TZ, parsed.days);
    await ctx.replyWithChatAction("upload_photo").catch(() => undefined); // only a hint; drawing takes a moment
    const report = await buildStatsReport(deps.db, period, ctx.log);
    await sendStatsReport(ctx.api, ctx.chat.id, report, ctx.log);
    ctx.log.info({ event: "stats.sent", days: parsed.days }, "stats sent");
  });

  return composer;
}
