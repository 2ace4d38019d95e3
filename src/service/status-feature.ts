import { readFileSync } from "node:fs";
import { Composer } from "grammy";
import type { BotContext, BotDeps } from "../bot.js";
import { texts as common } from "../texts.js";
import { createMetaStore, POSTS_FOLDER_META } from "../storage/meta.js";
import { serviceState } from "./runtime-state.js";
import { databaseBytes, lastBackup, lastSchedulerTick, leadDeliverySummary, nextDuePost, outboxSummary, postCounts } from "./service-queries.js";
import { renderStatus, type StatusReport } from "./texts.js";

/** package.json sits two levels up both from src/service/ and from dist/service/. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string }).version ?? "?";
  } catch {
    return "?";
  }
}

export function collectStatus(deps: BotDeps, version = packageVersion()): StatusReport {
  const { db, clock, config } = deps;
  const now = clock.now();
  const outbox = outboxSummary(db, now);
  return {
    version,
    uptimeSeconds: Math.max(0, (now.getTime() - serviceState.startedAt.getTime()) / 1000),
    mode: serviceState.mode,
    lastUpdateAt: serviceState.lastUpdateAt,
    lastTickAt: lastSchedulerTick(db),
    nextDue: nextDuePost(db),
    outboxPending: outbox.pending,
    outboxStuck: outbox.stuck,
    crmDeliveries: crmLines(config, leadDeliverySummary(db)),
    failedPosts: postCounts(db).failed ?? 0,
    databaseBytes: config.DATABASE_PATH === ":memory:" ? 0 : databaseBytes(config.DATABASE_PATH),
    lastBackupAt: lastBackup(db),
    channel: channelState(deps),
    postsFolder: config.CONTENT_REPO ? (createMetaStore(db).get(POSTS_FOLDER_META) ?? "ещё не синхронизирована") : `${config.CONTENT_DIR} (CONTENT_DIR)`,
  };
}

/** The CRM targets that are configured or still have leads queued (an address removed with leads waiting). */
function crmLines(config: BotDeps["config"], summary: ReturnType<typeof leadDeliverySummary>): StatusReport["crmDeliveries"] {
  const configured = { bitrix24: config.BITRIX24_WEBHOOK_URL !== undefined, webhook: config.LEADS_WEBHOOK_URL !== undefined };
  return (["bitrix24", "webhook"] as const)
    .filter((t) => configured[t] || summary[t].pending > 0)
    .map((target) => ({ target, ...summary[target] }));
}

function channelState(deps: BotDeps): StatusReport["channel"] {
  const target = deps.settings.postingTarget();
  if (!target.ok) return { problem: target.reason };
  const channel = deps.settings.channel();
  return { title: channel?.title ? `«${channel.title}»` : String(target.chatId) };
}

/** /status for admins in private chat: is the bot healthy, is anything stuck. Others get the polite refusal. */
export function createStatusFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const version = packageVersion();
  composer.command("status", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    if (!deps.settings.isAdmin(ctx.from?.id)) return ctx.reply(common.adminsOnly);
    await ctx.reply(renderStatus(collectStatus(deps, version), deps.config.TZ));
  });
  return composer;
}
