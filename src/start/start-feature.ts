import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../bot.js";
import { encodeConsultAction } from "../consultation/callback-data.js";
import { MENU_LATEST_CALLBACK_DATA } from "../search/callback-data.js";
import { texts } from "../texts.js";

export function startKeyboard(): InlineKeyboard {
  return new InlineKeyboard()
    // The consultation and search features own these buttons' callback data.
    .text(texts.buttons.consult, encodeConsultAction({ kind: "start" }))
    .row()
    .text(texts.buttons.latest, MENU_LATEST_CALLBACK_DATA)
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
