import type { Transformer } from "grammy";
import type { Logger } from "../logger.js";

/** Methods that post a new message with an optional keyboard (edits keep the message's own). */
const SENDING_METHODS = new Set([
  "sendMessage",
  "sendPhoto",
  "sendDocument",
  "sendVideo",
  "sendAnimation",
  "sendAudio",
  "sendVoice",
  "sendSticker",
  "sendLocation",
  "sendContact",
  "sendDice",
  "copyMessage",
]);

/**
 * When Telegram refuses a message that carries a keyboard with a 400 (a button type the bot may not use,
 * e.g. an inline-query button while inline mode is off in @BotFather), sends the same message once more
 * without the keyboard: the text is what the user needs, and an answer without buttons beats «Что-то пошло
 * не так». Classified by error_code and the presence of reply_markup only, never by Telegram's wording; if
 * the second call fails too, its own answer is returned. Install it on an Api with `api.config.use(...)`.
 */
export function sendWithoutRefusedKeyboard(log: Pick<Logger, "warn">): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (res.ok || res.error_code !== 400 || !SENDING_METHODS.has(method)) return res;
    const withMarkup = payload as unknown as Record<string, unknown> | undefined;
    if (withMarkup?.reply_markup === undefined) return res;
    log.warn({ event: "telegram.keyboard_refused", method, code: res.error_code }, "sent again without the keyboard");
    const { reply_markup: _refused, ...rest } = withMarkup;
    return prev(method, rest as unknown as typeof payload, signal);
  };
}
