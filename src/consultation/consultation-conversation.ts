import type { Conversation } from "@grammyjs/conversations";
import type { Contact, ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from "grammy/types";
import type { BaseContext, BotContext, BotDeps } from "../bot.js";
import { CONSULTATION_EXPIRY_MS } from "./abandoned.js";
import { decodeConsultAction, encodeConsultAction, type ConsultAction } from "./callback-data.js";
import { consentPolicyLink, editFieldKeyboard, renderDraftSummary, summaryKeyboard } from "./draft-summary.js";
import { createLeadRepo } from "./lead-repo.js";
import { CALL_TIME_CODES, SERVICE_CODES, type CallTimeCode, type LeadDraft, type LeadField, type ServiceCode } from "./model.js";
import { deliverPendingNotices } from "./outbox.js";
import { callTimeButtons, callTimeLabels, CONSENT_VERSION, consultTexts, serviceLabels } from "./texts.js";
import {
  formatPhone,
  validateCallTime,
  validateComment,
  validateContactPhone,
  validateName,
  validatePhone,
  type ValidationError,
} from "./validate.js";

export type ConsultationConversation = Conversation<BotContext, BaseContext>;

export interface ConsultationArgs {
  /** `command`, `menu`, `channel` or `post:<slug>`. */
  source: string;
}

export const MAX_LEADS_PER_DAY = 3;
export const LEADS_WINDOW_MS = 24 * 60 * 60_000;

type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

interface Step {
  text: string;
  html?: boolean;
  markup?: Markup;
  acceptsText: boolean;
  acceptsContact?: boolean;
  accepts(action: ConsultAction): boolean;
}

type Input =
  | { type: "text"; text: string }
  | { type: "contact"; contact: Contact; fromId: number }
  | { type: "action"; action: ConsultAction };

/** A handler's "not this, ask again" with the reason shown to the client. */
class Retry {
  constructor(readonly reason: string) {}
}

type SubmitResult = { status: "saved"; leadId: number; created: boolean } | { status: "limit" };

const REMOVE_KEYBOARD: ReplyKeyboardRemove = { remove_keyboard: true };

export function leadNoticeChatIds(config: BotDeps["config"]): number[] {
  return config.LEADS_CHAT_ID !== undefined ? [config.LEADS_CHAT_ID] : [...config.ADMIN_IDS];
}

function isCommand(ctx: BaseContext): boolean {
  const msg = ctx.message;
  if (!msg?.text) return false;
  return msg.entities?.some((e) => e.type === "bot_command" && e.offset === 0) === true || /^\/[A-Za-z]/.test(msg.text);
}

function reasonFor(error: ValidationError, text: string): string {
  const r = consultTexts.reprompt;
  switch (error) {
    case "empty":
      return r.empty;
    case "name_too_short":
      return r.nameTooShort;
    case "name_too_long":
      return r.nameTooLong;
    case "name_no_letters":
      return r.nameNoLetters;
    case "phone_invalid":
      return r.phoneInvalid;
    case "phone_too_long":
      return r.phoneTooLong;
    case "call_time_too_long":
      return r.callTimeTooLong;
    case "comment_too_long":
      return r.commentTooLong([...text.trim()].length);
  }
}

/**
 * The consultation request as a @grammyjs/conversations v2 conversation. The function is replayed from
 * the start on every update, so everything with a side effect or a changing value (clock, database,
 * admin notices, logs) runs in `conversation.external`, whose results are kept in the replay log.
 */
export function createConsultationConversation(deps: BotDeps) {
  const { db, clock, config, log } = deps;
  const repo = createLeadRepo(db);

  return async function consultation(conversation: ConsultationConversation, ctx: BaseContext, args?: ConsultationArgs) {
    const userId = ctx.from?.id;
    const chatId = ctx.chatId;
    if (userId === undefined || chatId === undefined) return;
    const source = args?.source ?? "command";

    const now = () => conversation.external(() => clock.now().getTime());
    const note = (event: string, fields: Record<string, unknown> = {}) =>
      conversation.external(() => void log.info({ event, ...fields }, event));

    const startedAt = await now();
    const submissionKey = `${userId}:${ctx.update.update_id}:${startedAt}`;

    /** Waits for the next update; one that comes after a day of silence ends the flow (24 h expiry). */
    const waitUpdate = async (): Promise<BaseContext> => {
      const before = await now();
      const next = await conversation.wait();
      const after = await now();
      if (after - before >= CONSULTATION_EXPIRY_MS) {
        if (next.callbackQuery) await next.answerCallbackQuery();
        await next.reply(consultTexts.expired, { reply_markup: REMOVE_KEYBOARD });
        await note("consultation.expired");
        // A command (e.g. /consult again) still reaches its handler; anything else was an answer to a stale question.
        await conversation.halt({ next: isCommand(next) });
      }
      return next;
    };

    const send = (step: Step, prefix?: string) =>
      ctx.reply(prefix ? `${prefix}\n\n${step.text}` : step.text, {
        ...(step.html ? { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } } : {}),
        ...(step.markup ? { reply_markup: step.markup } : {}),
      });

    /**
     * Shows the step (unless it is already on screen) and waits until `handle` accepts an answer. Anything
     * else (a sticker, a command, a stale button, an invalid value) gets a short re-prompt; progress is kept.
     */
    const ask = async <T>(
      step: Step,
      handle: (input: Input, promptId: number) => Promise<T | Retry>,
      shownMessageId?: number,
    ): Promise<{ value: T; promptId: number }> => {
      let promptId = shownMessageId ?? (await send(step)).message_id;
      const reprompt = async (reason: string) => {
        promptId = (await send(step, reason)).message_id;
      };
      for (;;) {
        const next = await waitUpdate();
        let input: Input | undefined;
        if (next.callbackQuery) {
          const action = decodeConsultAction(next.callbackQuery.data);
          if (action && step.accepts(action)) {
            await next.answerCallbackQuery();
            input = { type: "action", action };
          } else if (action?.kind === "start") {
            await next.answerCallbackQuery();
            await reprompt(consultTexts.reprompt.command);
          } else {
            await next.answerCallbackQuery({ text: consultTexts.staleButton });
          }
        } else if (next.message) {
          const msg = next.message;
          if (msg.contact && step.acceptsContact) input = { type: "contact", contact: msg.contact, fromId: msg.from.id };
          else if (msg.text !== undefined && isCommand(next)) await reprompt(consultTexts.reprompt.command);
          else if (msg.text !== undefined && step.acceptsText) input = { type: "text", text: msg.text };
          else if (msg.text !== undefined) await reprompt(consultTexts.reprompt.buttonsOnly);
          else await reprompt(step.acceptsText ? consultTexts.reprompt.nonText : consultTexts.reprompt.nonTextOrButton);
        }
        // Other updates (edited messages, reactions…) are not answers: keep waiting silently.
        if (input === undefined) continue;
        const value = await handle(input, promptId);
        if (value instanceof Retry) await reprompt(value.reason);
        else return { value, promptId };
      }
    };

    /** Removes the buttons of an answered prompt and, for a button answer, shows the choice in it. */
    const closePrompt = async (promptId: number, step: Step, chosen?: string) => {
      if (chosen === undefined) {
        await ctx.api.editMessageReplyMarkup(chatId, promptId, { reply_markup: { inline_keyboard: [] } });
      } else {
        await ctx.api.editMessageText(chatId, promptId, consultTexts.chosen(step.text, chosen), {
          ...(step.html ? { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } } : {}),
        });
      }
    };

    const none = () => false;

    const askName = async (withIntro: boolean): Promise<string> => {
      const step: Step = { text: consultTexts.askName, acceptsText: true, accepts: none };
      const shown = withIntro ? (await ctx.reply(`${consultTexts.intro}\n\n${consultTexts.askName}`)).message_id : undefined;
      const { value } = await ask(
        step,
        async (input) => {
          if (input.type !== "text") return new Retry(consultTexts.reprompt.nonText);
          const result = validateName(input.text);
          return result.ok ? result.value : new Retry(reasonFor(result.error, input.text));
        },
        shown,
      );
      return value;
    };

    const askPhone = async (): Promise<string> => {
      const step: Step = {
        text: consultTexts.askPhone,
        acceptsText: true,
        acceptsContact: true,
        accepts: none,
        markup: {
          keyboard: [[{ text: consultTexts.phoneButton, request_contact: true }]],
          resize_keyboard: true,
          one_time_keyboard: true,
          input_field_placeholder: consultTexts.phonePlaceholder,
        },
      };
      const { value } = await ask(step, async (input) => {
        if (input.type === "contact") {
          // Only the client's own number: someone else's contact comes without that person's consent.
          if (input.contact.user_id !== input.fromId) return new Retry(consultTexts.reprompt.foreignContact);
          const result = validateContactPhone(input.contact.phone_number);
          return result.ok ? result.value : new Retry(reasonFor(result.error, input.contact.phone_number));
        }
        if (input.type !== "text") return new Retry(consultTexts.reprompt.nonText);
        const result = validatePhone(input.text);
        return result.ok ? result.value : new Retry(reasonFor(result.error, input.text));
      });
      await ctx.reply(consultTexts.phoneSaved(formatPhone(value)), { reply_markup: REMOVE_KEYBOARD });
      return value;
    };

    const askService = async (): Promise<ServiceCode> => {
      const step: Step = {
        text: consultTexts.askService,
        acceptsText: false,
        accepts: (a) => a.kind === "service",
        markup: {
          inline_keyboard: SERVICE_CODES.map((service) => [
            { text: serviceLabels[service], callback_data: encodeConsultAction({ kind: "service", service }) },
          ]),
        },
      };
      const { value } = await ask(step, async (input, promptId) => {
        if (input.type !== "action" || input.action.kind !== "service") return new Retry(consultTexts.reprompt.buttonsOnly);
        await closePrompt(promptId, step, serviceLabels[input.action.service]);
        return input.action.service;
      });
      return value;
    };

    const askCallTime = async (): Promise<string> => {
      const timeButton = (time: CallTimeCode) => ({ text: callTimeButtons[time], callback_data: encodeConsultAction({ kind: "time", time }) });
      const step: Step = {
        text: consultTexts.askCallTime,
        acceptsText: true,
        accepts: (a) => a.kind === "time",
        markup: { inline_keyboard: [CALL_TIME_CODES.slice(0, 2).map(timeButton), CALL_TIME_CODES.slice(2).map(timeButton)] },
      };
      const { value } = await ask(step, async (input, promptId) => {
        if (input.type === "action" && input.action.kind === "time") {
          await closePrompt(promptId, step, callTimeButtons[input.action.time]);
          return callTimeLabels[input.action.time];
        }
        if (input.type !== "text") return new Retry(consultTexts.reprompt.nonText);
        const result = validateCallTime(input.text);
        if (!result.ok) return new Retry(reasonFor(result.error, input.text));
        await closePrompt(promptId, step);
        return result.value;
      });
      return value;
    };

    const askComment = async (): Promise<string | null> => {
      const step: Step = {
        text: consultTexts.askComment,
        acceptsText: true,
        accepts: (a) => a.kind === "skip",
        markup: { inline_keyboard: [[{ text: consultTexts.skipButton, callback_data: encodeConsultAction({ kind: "skip" }) }]] },
      };
      const { value } = await ask(step, async (input, promptId): Promise<string | null | Retry> => {
        if (input.type === "action") {
          await closePrompt(promptId, step, consultTexts.skipButton);
          return null;
        }
        if (input.type !== "text") return new Retry(consultTexts.reprompt.nonText);
        const result = validateComment(input.text);
        if (!result.ok) return new Retry(reasonFor(result.error, input.text));
        await closePrompt(promptId, step);
        return result.value;
      });
      return value;
    };

    const askField = async (field: LeadField, draft: LeadDraft): Promise<void> => {
      switch (field) {
        case "name":
          draft.name = await askName(false);
          return;
        case "phone":
          draft.phone = await askPhone();
          return;
        case "service":
          draft.service = await askService();
          return;
        case "callTime":
          draft.callTime = await askCallTime();
          return;
        case "comment":
          draft.comment = await askComment();
          return;
      }
    };

    // 1–5: the request itself.
    await note("consultation.started", { source });
    const name = await askName(true);
    const phone = await askPhone();
    const service = await askService();
    const callTime = await askCallTime();
    const comment = await askComment();
    const draft: LeadDraft = { name, phone, service, callTime, comment };

    // 6: consent, its own step (152-ФЗ). Declining ends here and nothing reaches the leads table;
    // the draft in the conversation state is deleted with the finished conversation.
    const consentStep: Step = {
      text: consultTexts.consentPrompt(consentPolicyLink(config.PRIVACY_POLICY_URL)),
      html: true,
      acceptsText: false,
      accepts: (a) => a.kind === "consent",
      markup: {
        inline_keyboard: [
          [
            { text: consultTexts.consentYes, callback_data: encodeConsultAction({ kind: "consent", agree: true }) },
            { text: consultTexts.consentNo, callback_data: encodeConsultAction({ kind: "consent", agree: false }) },
          ],
        ],
      },
    };
    const consent = await ask(consentStep, async (input) =>
      input.type === "action" && input.action.kind === "consent" ? input.action.agree : new Retry(consultTexts.reprompt.buttonsOnly),
    );
    if (!consent.value) {
      await closePrompt(consent.promptId, consentStep, consultTexts.consentNo);
      await ctx.reply(consultTexts.consentDeclined);
      await note("consultation.declined", { source });
      return;
    }
    await closePrompt(consent.promptId, consentStep, consultTexts.consentGiven);
    const consentAt = await now();

    // 7: summary → send / edit a field / cancel.
    let shownSummary: number | undefined;
    for (;;) {
      const summaryStep: Step = {
        text: renderDraftSummary(draft, consultTexts.summaryQuestion),
        html: true,
        acceptsText: false,
        accepts: (a) => a.kind === "send" || a.kind === "edit" || a.kind === "abort",
        markup: summaryKeyboard(),
      };
      const { value: action, promptId } = await ask(summaryStep, async (input) =>
        input.type === "action" ? input.action : new Retry(consultTexts.reprompt.buttonsOnly),
      shownSummary);
      shownSummary = undefined;

      if (action.kind === "abort") {
        await ctx.api.editMessageText(chatId, promptId, renderDraftSummary(draft), { parse_mode: "HTML" });
        await ctx.reply(consultTexts.aborted);
        await note("consultation.aborted", { source });
        return;
      }

      if (action.kind === "edit") {
        const pickerStep: Step = {
          text: renderDraftSummary(draft, consultTexts.askWhichField),
          html: true,
          acceptsText: false,
          accepts: (a) => a.kind === "editField" || a.kind === "back",
          markup: editFieldKeyboard(),
        };
        await ctx.api.editMessageText(chatId, promptId, pickerStep.text, { parse_mode: "HTML", reply_markup: editFieldKeyboard() });
        const picked = await ask(
          pickerStep,
          async (input) => (input.type === "action" ? input.action : new Retry(consultTexts.reprompt.buttonsOnly)),
          promptId,
        );
        if (picked.value.kind === "editField") {
          await ctx.api.editMessageText(chatId, picked.promptId, renderDraftSummary(draft), { parse_mode: "HTML" });
          await askField(picked.value.field, draft);
        } else {
          await ctx.api.editMessageText(chatId, picked.promptId, summaryStep.text, { parse_mode: "HTML", reply_markup: summaryKeyboard() });
          // «Назад»: the same summary is on screen again; wait on it without sending a new one.
          shownSummary = picked.promptId;
        }
        continue;
      }

      // «Отправить»: the lead is committed before the client hears "thank you". The submission key makes a
      // second tap or a replayed update find the same lead instead of creating another one.
      const result = await conversation.external((): SubmitResult => {
        const existing = repo.findBySubmissionKey(submissionKey);
        if (existing) return { status: "saved", leadId: existing.id, created: false };
        const nowMs = clock.now().getTime();
        if (repo.countByUserSince(userId, nowMs - LEADS_WINDOW_MS) >= MAX_LEADS_PER_DAY) return { status: "limit" };
        const recipients = leadNoticeChatIds(config);
        const saved = repo.saveLead(
          { submissionKey, userId, draft, source, consentVersion: CONSENT_VERSION, consentAt },
          recipients,
          nowMs,
        );
        if (recipients.length === 0) {
          log.warn({ event: "lead.no_recipients", leadId: saved.lead.id }, "neither LEADS_CHAT_ID nor ADMIN_IDS is set: see /leads or the CLI");
        }
        log.info({ event: "lead.saved", leadId: saved.lead.id, source, service: draft.service }, "lead saved");
        return { status: "saved", leadId: saved.lead.id, created: saved.created };
      });

      if (result.status === "limit") {
        await ctx.api.editMessageText(chatId, promptId, renderDraftSummary(draft), { parse_mode: "HTML" });
        await ctx.reply(consultTexts.limitReached);
        await note("consultation.limit_reached", { source });
        return;
      }

      // One immediate attempt; if Telegram fails, the outbox worker retries (the notice row is already committed).
      await conversation.external(async (outer) => {
        try {
          await deliverPendingNotices(outer.api, db, config, clock, log, { leadId: result.leadId });
        } catch (err) {
          log.error({ event: "lead.notice_crashed", leadId: result.leadId, err }, "immediate lead notice failed");
        }
      });

      await ctx.api.editMessageText(
        chatId,
        promptId,
        `${renderDraftSummary(draft)}\n\n${consultTexts.submittedSummary(result.leadId)}`,
        { parse_mode: "HTML" },
      );
      await ctx.reply(consultTexts.thanks(draft.name, draft.callTime));
      return;
    }
  };
}
