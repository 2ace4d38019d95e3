import type { BaseContext, BotDeps } from "../bot.js";
import { createAsk, type ConsultationConversation } from "./ask.js";
import { editFieldKeyboard, renderDraftSummary, summaryKeyboard } from "./draft-summary.js";
import { createFunnelRepo } from "./funnel.js";
import type { LeadDraft, LeadField } from "./model.js";
import { deliverPendingNotices } from "./outbox.js";
import * as steps from "./steps.js";
import { submitLead } from "./submit-lead.js";
import { configuredCrmTargets } from "./crm-targets.js";
import { consentCoversCrm, consentVersionFor, consultTexts } from "./texts.js";
import { formatPhone } from "./validate.js";

export interface ConsultationArgs {
  /** `command`, `menu`, `channel` or `post:<slug>`. */
  source: string;
}

/**
 * The consultation request, step by step as docs/consultation.md lists them. A @grammyjs/conversations v2 function:
 * it is replayed from the start on every update, so everything with a side effect or a changing value
 * (clock, database, funnel, notices, logs) runs in `conversation.external`, whose results the replay keeps.
 */
export function createConsultationFlow(deps: BotDeps) {
  const { db, clock, config, log } = deps;
  const funnel = createFunnelRepo(db);

  return async function consultation(conversation: ConsultationConversation, ctx: BaseContext, args?: ConsultationArgs) {
    const userId = ctx.from?.id;
    const chatId = ctx.chatId;
    if (userId === undefined || chatId === undefined) return;
    const source = args?.source ?? "command";
    const html = { parse_mode: "HTML" as const };
    const note = (event: string) => conversation.external(() => void log.info({ event, source }, event));
    const stop = async (event: string) => {
      await conversation.external(() => funnel.cancelled(funnelId, clock.now().getTime()));
      await note(event);
    };
    const { ask, now } = createAsk(conversation, ctx, {
      clock,
      onCancel: () => stop("consultation.cancelled"),
      onExpire: () => stop("consultation.expired"),
    });

    const startedAt = await now();
    const submissionKey = `${userId}:${ctx.update.update_id}:${startedAt}`;
    const funnelId = await conversation.external(() => funnel.start({ startedAt, source, updateId: ctx.update.update_id }));
    /** Asks one question, recording in the funnel that the client got this far. */
    const answer = async <T>(step: steps.Step<T>, intro?: string) => {
      const id = step.id;
      if (steps.isFunnelStep(id)) await conversation.external(() => funnel.reach(funnelId, id, clock.now().getTime()));
      return ask(step, { intro });
    };
    const askPhone = async () => {
      const { value } = await answer(steps.phoneStep);
      await ctx.reply(consultTexts.phoneSaved(formatPhone(value)), { reply_markup: steps.REMOVE_KEYBOARD });
      return value;
    };
    const redo = async (field: LeadField, draft: LeadDraft) => {
      if (field === "phone") draft.phone = await askPhone();
      else if (field === "name") draft.name = (await answer(steps.nameStep)).value;
      else if (field === "service") draft.service = (await answer(steps.serviceStep)).value;
      else if (field === "callTime") draft.callTime = (await answer(steps.callTimeStep)).value;
      else draft.comment = (await answer(steps.commentStep)).value;
    };

    // 1–5: name, phone (shared contact or typed, E.164), service, a convenient time, an optional comment.
    await note("consultation.started");
    const draft: LeadDraft = {
      name: (await answer(steps.nameStep, consultTexts.intro)).value,
      phone: await askPhone(),
      service: (await answer(steps.serviceStep)).value,
      callTime: (await answer(steps.callTimeStep)).value,
      comment: (await answer(steps.commentStep)).value,
    };

    // 6: consent, its own step (152-ФЗ). Declining ends here and nothing reaches the leads table;
    // the draft in the conversation state is deleted with the finished conversation.
    // Which wording the client sees is kept in the replay log: the consent names the company's CRM only
    // while a CRM target is configured, and the lead goes there only with that wording (issue 18 §4).
    const consentVersion = await conversation.external(() => consentVersionFor(configuredCrmTargets(config).length > 0));
    if (!(await answer(steps.consentStep(config.PRIVACY_POLICY_URL, consentCoversCrm(consentVersion)))).value) {
      await ctx.reply(consultTexts.consentDeclined);
      return stop("consultation.declined");
    }
    const consentAt = await now();

    // 7: summary → «Отправить» / «Изменить» (a field, or «Назад» to the same summary) / «Отмена».
    let shown: number | undefined;
    for (;;) {
      await conversation.external(() => funnel.reach(funnelId, "confirm", clock.now().getTime()));
      const summary = await ask(steps.summaryStep(draft), { shownMessageId: shown });
      shown = undefined;
      if (summary.value === "abort") {
        await ctx.api.editMessageText(chatId, summary.promptId, renderDraftSummary(draft), html);
        await ctx.reply(consultTexts.aborted);
        return stop("consultation.aborted");
      }
      if (summary.value === "edit") {
        const picker = steps.pickFieldStep(draft);
        await ctx.api.editMessageText(chatId, summary.promptId, picker.text, { ...html, reply_markup: editFieldKeyboard() });
        const picked = await ask(picker, { shownMessageId: summary.promptId });
        if (picked.value === null) {
          // «Назад»: the same summary is on screen again; wait on it without sending a new one.
          const again = steps.summaryStep(draft);
          await ctx.api.editMessageText(chatId, picked.promptId, again.text, { ...html, reply_markup: summaryKeyboard() });
          shown = picked.promptId;
        } else {
          await ctx.api.editMessageText(chatId, picked.promptId, renderDraftSummary(draft), html);
          await redo(picked.value, draft);
        }
        continue;
      }

      // «Отправить»: committed before the client hears "thank you"; a second tap finds the same lead.
      const result = await conversation.external(() => {
        const saved = submitLead(deps, { submissionKey, userId, draft, source, consentAt, consentVersion, telegramUsername: ctx.from?.username ?? null });
        if (saved.status === "saved") funnel.submitted(funnelId, clock.now().getTime());
        return saved;
      });
      if (result.status === "limit") {
        await ctx.api.editMessageText(chatId, summary.promptId, renderDraftSummary(draft), html);
        await ctx.reply(consultTexts.limitReached);
        return stop("consultation.limit_reached");
      }
      // One immediate attempt; if Telegram fails, the outbox worker retries (the notice row is committed).
      await conversation.external(async (outer) => {
        try {
          await deliverPendingNotices(outer.api, db, deps, clock, log, { leadId: result.leadId });
        } catch (err) {
          log.error({ event: "lead.notice_crashed", leadId: result.leadId, err }, "immediate lead notice failed");
        }
      });
      const done = `${renderDraftSummary(draft)}\n\n${consultTexts.submittedSummary(result.leadId)}`;
      await ctx.api.editMessageText(chatId, summary.promptId, done, html);
      await ctx.reply(consultTexts.thanks(draft.name, draft.callTime));
      return;
    }
  };
}
