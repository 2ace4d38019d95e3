import { createConversation } from "@grammyjs/conversations";
import { Composer, GrammyError } from "grammy";
import type { BaseContext, BotContext, BotDeps } from "../bot.js";
import { texts as sharedTexts } from "../texts.js";
import { CONSULTATION_CONVERSATION_ID } from "./abandoned.js";
import { decodeConsultAction, decodeLeadStatus, encodeConsultAction } from "./callback-data.js";
import {
  createConsultationConversation,
  LEADS_WINDOW_MS,
  MAX_LEADS_PER_DAY,
  type ConsultationArgs,
} from "./consultation-conversation.js";
import { createFloodGuard, type FloodGuardOptions } from "./flood-guard.js";
import { renderLeadCard, renderLeadsList } from "./lead-card.js";
import { createLeadRepo } from "./lead-repo.js";
import { isLeadStatus, LEAD_STATUSES, type LeadStatus } from "./model.js";
import { adminTexts, consultTexts, statusLabels } from "./texts.js";

/** Deep-link payloads from channel posts: `consult` or `consult_<slug>` (Telegram allows 64 chars of A-Za-z0-9_-). */
const DEEP_LINK = /^consult(?:_([A-Za-z0-9_-]{1,56}))?$/;
const LEADS_PER_STATUS = 5;
const LEADS_ONE_STATUS = 20;

export interface ConsultationFeatureOptions {
  flood?: FloodGuardOptions;
}

/**
 * The consultation request (issue 4): `/consult`, the menu button, `/start consult…` deep links, the
 * conversation itself, `/cancel`, `/forget`, and the admins' `/leads` and lead-status buttons.
 *
 * Order matters: controls that must work while a client is mid-conversation (/cancel, /forget, admin
 * buttons) come BEFORE the conversation, which otherwise receives every update of its chat.
 */
export function createConsultationFeature(deps: BotDeps, options: ConsultationFeatureOptions = {}): Composer<BotContext> {
  const { config, clock, log } = deps;
  const repo = createLeadRepo(deps.db);
  const flood = createFloodGuard(options.flood);
  const isAdmin = (id: number | undefined) => id !== undefined && config.ADMIN_IDS.includes(id);
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

  priv.command("cancel", async (ctx) => {
    if (!active(ctx)) {
      await ctx.reply(consultTexts.nothingToCancel, { reply_markup: { remove_keyboard: true } });
      return;
    }
    await ctx.conversation.exit(CONSULTATION_CONVERSATION_ID);
    await ctx.reply(consultTexts.cancelled, { reply_markup: { remove_keyboard: true } });
    log.info({ event: "consultation.cancelled" }, "consultation cancelled");
  });

  priv.command("forget", async (ctx) => {
    if (!active(ctx) && !repo.hasPersonalData(ctx.from.id)) {
      await ctx.reply(consultTexts.forgetNothing);
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
    const ids = repo.anonymiseUser(ctx.from.id, nowMs());
    await ctx.editMessageText(consultTexts.forgetDone(ids.length));
    if (hadDraft) await ctx.reply(consultTexts.cancelled, { reply_markup: { remove_keyboard: true } });
    log.info({ event: "lead.forgotten", leads: ids.length, draft: hadDraft }, "client personal data deleted");
    // The cards in the admins' chats carry the data too: replace them with the anonymised card.
    for (const id of ids) await refreshCards(ctx, id);
  });

  composer.command("leads", async (ctx) => {
    if (!isAdmin(ctx.from?.id)) {
      await ctx.reply(sharedTexts.adminsOnly);
      return;
    }
    const arg = ctx.match.trim();
    if (arg !== "" && !isLeadStatus(arg)) {
      await ctx.reply(adminTexts.leadsUsage);
      return;
    }
    const counts = repo.countByStatus();
    const statuses: readonly LeadStatus[] = arg === "" ? LEAD_STATUSES : [arg as LeadStatus];
    const groups = statuses.map((status) => ({
      status,
      total: counts[status],
      leads: repo.listRecent(arg === "" ? LEADS_PER_STATUS : LEADS_ONE_STATUS, status),
    }));
    const list = renderLeadsList(groups, config.TZ);
    await ctx.reply(list.text, { entities: list.entities, link_preview_options: { is_disabled: true } });
  });

  composer.callbackQuery(/^l:/, async (ctx) => {
    const action = decodeLeadStatus(ctx.callbackQuery.data);
    if (!action) return ctx.answerCallbackQuery({ text: consultTexts.staleButton });
    if (!isAdmin(ctx.from.id)) return ctx.answerCallbackQuery({ text: sharedTexts.adminsOnly, show_alert: true });
    const result = repo.setStatus(action.leadId, action.status, nowMs());
    if (!result) return ctx.answerCallbackQuery({ text: adminTexts.leadNotFound });
    if (!result.changed) return ctx.answerCallbackQuery({ text: adminTexts.statusUnchanged });
    await ctx.answerCallbackQuery({ text: adminTexts.statusChanged(statusLabels[action.status]) });
    log.info({ event: "lead.status_changed", leadId: action.leadId, status: action.status, adminId: ctx.from.id }, "lead status changed");
    await refreshCards(ctx, action.leadId);
  });

  /** Edits every delivered card of the lead (and the tapped message) to its current state. */
  async function refreshCards(ctx: BotContext, leadId: number): Promise<void> {
    const lead = repo.get(leadId);
    if (!lead) return;
    const card = renderLeadCard(lead, config.TZ);
    const targets = repo.deliveredNotices(leadId);
    const tapped = ctx.callbackQuery?.message;
    if (tapped && lead.anonymisedAt === null && !targets.some((t) => t.chatId === tapped.chat.id && t.messageId === tapped.message_id)) {
      targets.push({ chatId: tapped.chat.id, messageId: tapped.message_id });
    }
    for (const target of targets) {
      try {
        await ctx.api.editMessageText(target.chatId, target.messageId, card.text, {
          entities: card.entities,
          reply_markup: card.reply_markup,
          link_preview_options: card.link_preview_options,
        });
      } catch (err) {
        // A deleted card or "message is not modified" must not fail the admin's tap.
        if (!(err instanceof GrammyError)) throw err;
        log.warn({ event: "lead.card_edit_failed", leadId, code: err.error_code }, "lead card not updated");
      }
    }
  }

  composer.use(
    createConversation<BotContext, BaseContext>(createConsultationConversation(deps), { id: CONSULTATION_CONVERSATION_ID }),
  );

  // Entry points (reached only when no consultation is active in the chat).
  async function start(ctx: BotContext, source: string): Promise<void> {
    const userId = ctx.from?.id;
    if (userId === undefined) return;
    if (repo.countByUserSince(userId, nowMs() - LEADS_WINDOW_MS) >= MAX_LEADS_PER_DAY) {
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
