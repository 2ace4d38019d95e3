import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../bot.js";
import { texts } from "../texts.js";

/** Callback data of the main menu; the consultation and search features own the targets. */
export const MENU_CONSULT = "c:start";
export const MENU_LATEST = "s:latest";

export function startKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    .text(texts.buttons.consult, MENU_CONSULT)
    .row()
    .text(texts.buttons.latest, MENU_LATEST)
    .switchInlineCurrent(texts.buttons.search, "");
}

/** /start and /help. Deep links such as `consult_<slug>` are taken earlier by the consultation feature. */
export function createStartFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType("private");
  priv.command("start", (ctx) => ctx.reply(texts.start(ctx.from.first_name), { reply_markup: startKeyboard() }));
  priv.command("help", (ctx) => ctx.reply(texts.help, { reply_markup: startKeyboard() }));
  return composer;
}
