import { createConversation } from "@grammyjs/conversations";
import { Composer } from "grammy";
import type { BaseContext, BotContext, BotDeps } from "../bot.js";
import { deleteUserSearchHistory } from "../search/query-store.js";
import { CONSULTATION_CONVERSATION_ID } from "./abandoned.js";
import { decodeConsultAction, encodeConsultAction } from "./callback-data.js";
import { createConsultationFlow, type ConsultationArgs } from "./consultation-flow.js";
import { createFloodGuard, type FloodGuardOptions } from "./flood-guard.js";
import { createLeadAdmin, refreshLeadCards } from "./lead-admin.js";
import { createLeadLimit } from "./lead-limit.js";
import { createLeadRepo } from "./lead-repo.js";
import { configuredCrmTargets } from "./crm-targets.js";
import { describeDeliveryState } from "./lead-card.js";
import { crmCopiesOfUser } from "./lead-deliveries.js";
import { adminTexts, consultTexts, crmTargetLabels } from "./texts.js";

/** Deep-link payloads from channel posts: `consult` or `consult_<slug>` (Telegram allows 64 chars of A-Za-z0-9_-). */
const DEEP_LINK = /^consult(?:_([A-Za-z0-9_-]{1,56}))?$/;

export interface ConsultationFeatureOptions {
  flood?: FloodGuardOptions;
}

/**
 * The consultation request (issue 4): `/consult`, the menu button, `/start consult…` deep links, the
 * conversation itself (consultation-flow.ts; it answers /cancel too), `/forget`, and the admins' side
 * (lead-admin.ts).
 *
 * Order matters: controls that must work while a client is mid-conversation (/forget, admin buttons)
 * come BEFORE the conversation, which otherwise receives every update of its chat.
 */
export function createConsultationFeature(deps: BotDeps, options: ConsultationFeatureOptions = {}): Composer<BotContext> {
  const { config, clock, log, db } = deps;
  const repo = createLeadRepo(db);
  const limit = createLeadLimit(db);
  const flood = createFloodGuard(options.flood);
  const isAdmin = (id: number | undefined) => deps.settings.isAdmin(id);
  const nowMs = () => clock.now().getTime();
  const active = (ctx: BotContext) => ctx.conversation.active(CONSULTATION_CONVERSATION_ID) > 0;

  const composer = new Composer<BotContext>();

  // Flood guard for the consultation's updates from clients (admins are never throttled).
  composer.use(async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || ctx.chat?.type !== "private" || isAdmin(userId) || !isConsultationUpdate(ctx, active(ctx))) {
      return next();
    }
    const verdict = flood.hit(userId, nowMs());
    if (verdict === "ok") return next();
    if (ctx.callbackQuery) await ctx.answerCallbackQuery(verdict === "warn" ? { text: consultTexts.flood } : undefined);
    else if (verdict === "warn") await ctx.reply(consultTexts.flood);
    if (verdict === "warn") log.warn({ event: "consultation.flood" }, "client is sending too fast");
  });

  const priv = composer.chatType("private");

  priv.command("forget", async (ctx) => {
    if (!active(ctx) && !repo.hasPersonalData(ctx.from.id)) {
      // Search history (paging state) is the only thing left: nothing worth a confirmation.
      const searches = deleteUserSearchHistory(db, ctx.from.id);
      await ctx.reply(searches > 0 ? consultTexts.forgetDone(0) : consultTexts.forgetNothing);
      if (searches > 0) log.info({ event: "user.forgotten", leads: 0, searches, draft: false }, "client personal data deleted");
      return;
    }
    await ctx.reply(consultTexts.forgetConfirm, {
      reply_markup: {
        inline_keyboard: [
          [
            { text: consultTexts.forgetYes, callback_data: encodeConsultAction({ kind: "forget", confirm: true }) },
            { text: consultTexts.forgetNo, callback_data: encodeConsultAction({ kind: "forget", confirm: false }) },
          ],
        ],
      },
    });
  });

  composer.callbackQuery(/^c:forget:/, async (ctx) => {
    const action = decodeConsultAction(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    if (action?.kind !== "forget") return;
    if (!action.confirm) {
      await ctx.editMessageText(consultTexts.forgetKept);
      return;
    }
    const hadDraft = active(ctx);
    if (hadDraft) await ctx.conversation.exit(CONSULTATION_CONVERSATION_ID);
    // Leads lose their personal data; the daily limit (lead-limit.ts) holds none and stays.
    // /forget does not reach into the CRM: what it already received (or may have) stays there, and both sides hear so.
    const inCrm = crmCopiesOfUser(db, ctx.from.id);
    const ids = repo.anonymiseUser(ctx.from.id, nowMs());
    const searches = deleteUserSearchHistory(db, ctx.from.id);
    const crmNote = inCrm.length > 0 || (ids.length > 0 && configuredCrmTargets(config).length > 0);
    await ctx.editMessageText(crmNote ? `${consultTexts.forgetDone(ids.length)}\n\n${consultTexts.forgetCrmNote}` : consultTexts.forgetDone(ids.length));
    if (hadDraft) await ctx.reply(consultTexts.cancelled, { reply_markup: { remove_keyboard: true } });
    log.info({ event: "lead.forgotten", leads: ids.length, searches, draft: hadDraft }, "client personal data deleted");
    // The cards in the admins' chats carry the data too: replace them with the anonymised card.
    for (const id of ids) await refreshLeadCards(ctx.api, deps, id);
    if (inCrm.length > 0) {
      const where = inCrm.map(({ leadId, state }) =>
        adminTexts.forgetInCrmLead(leadId, `${crmTargetLabels[state.target]}: ${state.deliveredAt === null ? adminTexts.maybeInCrm : describeDeliveryState(state)}`),
      );
      for (const adminId of deps.settings.adminIds()) {
        await ctx.api.sendMessage(adminId, adminTexts.forgetInCrm(where.join("; "))).catch((err: unknown) =>
          log.warn({ event: "lead.forget_alert_failed", err: String(err) }, "admin not told about /forget and the CRM"),
        );
      }
    }
  });

  composer.use(createLeadAdmin(deps));

  composer.use(createConversation<BotContext, BaseContext>(createConsultationFlow(deps), { id: CONSULTATION_CONVERSATION_ID }));

  // Entry points (reached only when no consultation is active in the chat).
  async function start(ctx: BotContext, source: string): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    if (limit.reached(userId, nowMs())) {
      await ctx.reply(consultTexts.limitReached);
      log.info({ event: "consultation.limit_reached", source }, "daily lead limit reached");
      return;
    }
    const args: ConsultationArgs = { source };
    await ctx.conversation.enter(CONSULTATION_CONVERSATION_ID, args);
  }

  // A fresh filtered composer: `priv` above sits before the conversation in the middleware chain.
  const entry = composer.chatType("private");
  entry.command("consult", (ctx) => start(ctx, "command"));
  entry.command("start", async (ctx, next) => {
    const match = DEEP_LINK.exec(ctx.match.trim());
    if (!match) return next();
    await start(ctx, match[1] ? `post:${match[1]}` : "channel");
  });
  // An active conversation answers /cancel itself (ask.ts); this one is reached only without one.
  entry.command("cancel", (ctx) => ctx.reply(consultTexts.nothingToCancel, { reply_markup: { remove_keyboard: true } }));
  composer.callbackQuery(encodeConsultAction({ kind: "start" }), async (ctx) => {
    await ctx.answerCallbackQuery();
    if (ctx.chat?.type === "private") await start(ctx, "menu");
  });

  // A step button pressed after its conversation ended (a double tap on «Отправить», an old message).
  composer.callbackQuery(/^c:/, (ctx) =>
    ctx.answerCallbackQuery({
      text: ctx.callbackQuery.data === encodeConsultAction({ kind: "send" }) ? consultTexts.alreadySubmitted : consultTexts.finishedButton,
    }),
  );

  return composer;
}

function isConsultationUpdate(ctx: BotContext, conversationActive: boolean): boolean {
  if (conversationActive) return true;
  if (ctx.callbackQuery?.data?.startsWith("c:")) return true;
  const text = ctx.message?.text;
  return text !== undefined && /^\/(?:(?:consult|cancel|forget)(?:@\w+)?(?:\s|$)|start(?:@\w+)?\s+consult)/.test(text);
}
