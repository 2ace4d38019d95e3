import { Composer, GrammyError, type Api } from "grammy";
import type { BotContext, BotDeps } from "../bot.js";
import { texts as sharedTexts } from "../texts.js";
import { decodeLeadStatus } from "./callback-data.js";
import { leadDeliveryStates } from "./lead-deliveries.js";
import { renderLeadCard, renderLeadsList } from "./lead-card.js";
import { createLeadRepo } from "./lead-repo.js";
import { isLeadStatus, LEAD_STATUSES, type LeadStatus } from "./model.js";
import { adminTexts, consultTexts, statusLabels } from "./texts.js";

const LEADS_PER_STATUS = 5;
const LEADS_ONE_STATUS = 20;

export interface TappedMessage {
  chatId: number;
  messageId: number;
}

/** Edits every delivered card of the lead (and the tapped one) to its current state; returns nothing to the client. */
export async function refreshLeadCards(api: Api, deps: Pick<BotDeps, "db" | "config" | "log">, leadId: number, tapped?: TappedMessage): Promise<void> {
  const repo = createLeadRepo(deps.db);
  const lead = repo.get(leadId);
  if (!lead) return;
  const card = renderLeadCard(lead, deps.config.TZ, leadDeliveryStates(deps.db, leadId));
  const targets = repo.deliveredNotices(leadId);
  if (tapped && lead.anonymisedAt === null && !targets.some((t) => t.chatId === tapped.chatId && t.messageId === tapped.messageId)) {
    targets.push(tapped);
  }
  for (const target of targets) {
    try {
      await api.editMessageText(target.chatId, target.messageId, card.text, {
        entities: card.entities,
        reply_markup: card.reply_markup,
        link_preview_options: card.link_preview_options,
      });
    } catch (err) {
      // A deleted card or "message is not modified" must not fail the admin's tap.
      if (!(err instanceof GrammyError)) throw err;
      deps.log.warn({ event: "lead.card_edit_failed", leadId, code: err.error_code }, "lead card not updated");
    }
  }
}

/**
 * The admins' side of leads: `/leads` (only in an admin's private chat: it shows names and phones) and the
 * status buttons under every lead card, which edit all copies of the card.
 */
export function createLeadAdmin(deps: BotDeps): Composer<BotContext> {
  const { config, clock, log } = deps;
  const repo = createLeadRepo(deps.db);
  const isAdmin = (id: number | undefined) => deps.settings.isAdmin(id);
  const composer = new Composer<BotContext>();

  composer.command("leads", async (ctx) => {
    if (!isAdmin(ctx.from?.id)) {
      await ctx.reply(sharedTexts.adminsOnly);
      return;
    }
    if (ctx.chat.type !== "private") {
      await ctx.reply(adminTexts.leadsPrivateOnly);
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
    const list = renderLeadsList(groups, config.TZ, (leadId) => leadDeliveryStates(deps.db, leadId));
    await ctx.reply(list.text, { entities: list.entities, link_preview_options: { is_disabled: true } });
  });

  composer.callbackQuery(/^l:/, async (ctx) => {
    const action = decodeLeadStatus(ctx.callbackQuery.data);
    if (!action) return ctx.answerCallbackQuery({ text: consultTexts.staleButton });
    if (!isAdmin(ctx.from.id)) return ctx.answerCallbackQuery({ text: sharedTexts.adminsOnly, show_alert: true });
    const result = repo.setStatus(action.leadId, action.status, clock.now().getTime());
    if (!result) return ctx.answerCallbackQuery({ text: adminTexts.leadNotFound });
    if (!result.changed) return ctx.answerCallbackQuery({ text: adminTexts.statusUnchanged });
    await ctx.answerCallbackQuery({ text: adminTexts.statusChanged(statusLabels[action.status]) });
    log.info({ event: "lead.status_changed", leadId: action.leadId, status: action.status, adminId: ctx.from.id }, "lead status changed");
    const tapped = ctx.callbackQuery.message;
    await refreshLeadCards(ctx.api, deps, action.leadId, tapped ? { chatId: tapped.chat.id, messageId: tapped.message_id } : undefined);
  });

  return composer;
}
