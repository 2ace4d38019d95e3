import type { Conversation } from "@grammyjs/conversations";
import type { BaseContext, BotContext } from "../bot.js";
import type { Clock } from "../clock.js";
import { CONSULTATION_EXPIRY_MS } from "./abandoned.js";
import { decodeConsultAction } from "./callback-data.js";
import { REMOVE_KEYBOARD, type Close, type Input, type Step } from "./steps.js";
import { consultTexts } from "./texts.js";

export type ConsultationConversation = Conversation<BotContext, BaseContext>;

export interface AskHooks {
  clock: Clock;
  /** Runs (inside the conversation) when the client sends /cancel, before the conversation halts. */
  onCancel(): Promise<void>;
  /** Runs when an answer comes after a day of silence, before the conversation halts. */
  onExpire(): Promise<void>;
}

export interface Asked<T> {
  value: T;
  /** The message that showed the question last (a re-prompt replaces the original). */
  promptId: number;
}

export interface AskOptions {
  /** Shown before the question in its first message (the flow's introduction). */
  intro?: string;
  /** The question is already on screen in this message (edited in place): do not send it again. */
  shownMessageId?: number;
}

function isCommand(ctx: BaseContext): boolean {
  const msg = ctx.message;
  if (!msg?.text) return false;
  return msg.entities?.some((e) => e.type === "bot_command" && e.offset === 0) === true || /^\/[A-Za-z]/.test(msg.text);
}

const isCancel = (ctx: BaseContext) => isCommand(ctx) && /^\/cancel(?:@\w+)?(?:\s|$)/.test(ctx.message?.text ?? "");

/**
 * "Ask for a field": shows a step's question and waits until an answer passes the step's `parse`; anything else
 * (a sticker, another command, a stale button, an invalid value) gets a short re-prompt and progress is kept;
 * `/cancel` ends the conversation at any question. It follows the shape of @grammyjs/conversations' `form`
 * (validate → value or reason, `otherwise` re-prompts) but loops on `conversation.wait()` instead of using
 * `form.build`: a failed form field calls `conversation.skip()`, which rewinds the replay log and so would
 * forget the re-prompt's message id whose buttons must be closed once answered; and form's `maxMilliseconds`
 * reads `Date.now()`, while the 24-hour expiry uses the injected clock and tells the client.
 */
export function createAsk(conversation: ConsultationConversation, ctx: BaseContext, hooks: AskHooks) {
  const now = () => conversation.external(() => hooks.clock.now().getTime());
  const chatId = ctx.chatId!;

  const send = (step: Step<unknown>, prefix?: string) =>
    ctx.reply(prefix ? `${prefix}\n\n${step.text}` : step.text, {
      ...(step.html ? { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } } : {}),
      ...(step.markup ? { reply_markup: step.markup } : {}),
    });

  /** Waits for the next update; one that comes after a day of silence ends the flow (24 h expiry). */
  const waitUpdate = async (): Promise<BaseContext> => {
    const before = await now();
    const next = await conversation.wait();
    const after = await now();
    if (after - before >= CONSULTATION_EXPIRY_MS) {
      if (next.callbackQuery) await next.answerCallbackQuery();
      await next.reply(consultTexts.expired, { reply_markup: REMOVE_KEYBOARD });
      await hooks.onExpire();
      // A command (e.g. /consult again) still reaches its handler; anything else was an answer to a stale
      // question, and /cancel is answered by the expiry notice itself.
      await conversation.halt({ next: isCommand(next) && !isCancel(next) });
    }
    return next;
  };

  /** Removes the buttons of an answered question or shows the choice under it. */
  const close = async (promptId: number, step: Step<unknown>, how: Close) => {
    if (how === "removeButtons") {
      await ctx.api.editMessageReplyMarkup(chatId, promptId, { reply_markup: { inline_keyboard: [] } });
    } else {
      await ctx.api.editMessageText(chatId, promptId, consultTexts.chosen(step.text, how.chosen), {
        ...(step.html ? { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } } : {}),
      });
    }
  };

  const ask = async <T>(step: Step<T>, options: AskOptions = {}): Promise<Asked<T>> => {
    let promptId = options.shownMessageId ?? (await send(step, options.intro)).message_id;
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
        if (isCancel(next)) {
          await next.reply(consultTexts.cancelled, { reply_markup: REMOVE_KEYBOARD });
          await hooks.onCancel();
          await conversation.halt();
        } else if (msg.contact && step.acceptsContact) input = { type: "contact", contact: msg.contact, fromId: msg.from.id };
        else if (msg.text !== undefined && isCommand(next)) await reprompt(consultTexts.reprompt.command);
        else if (msg.text !== undefined && step.acceptsText) input = { type: "text", text: msg.text };
        else if (msg.text !== undefined) await reprompt(consultTexts.reprompt.buttonsOnly);
        else await reprompt(step.acceptsText ? consultTexts.reprompt.nonText : consultTexts.reprompt.nonTextOrButton);
      }
      // Other updates (edited messages, reactions…) are not answers: keep waiting silently.
      if (input === undefined) continue;
      const answer = step.parse(input);
      if (!answer.ok) {
        await reprompt(answer.reason);
        continue;
      }
      if (answer.close) await close(promptId, step, answer.close);
      return { value: answer.value, promptId };
    }
  };

  return { ask, now, close };
}
