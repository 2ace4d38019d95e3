import { Composer, InlineKeyboard } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { BotContext } from "../bot.js";
import { encodeConsultAction } from "../consultation/callback-data.js";
import { MENU_LATEST_CALLBACK_DATA } from "../search/callback-data.js";
import { sendWithoutRefusedKeyboard } from "../telegram/keyboard-fallback.js";
import { texts } from "../texts.js";

/**
 * The main menu. The inline-search button only where getMe says inline mode is on (`/setinline` in
 * @BotFather): otherwise Telegram refuses the whole message with 400.
 */
export function startKeyboard(me: Pick<UserFromGetMe, "supports_inline_queries">): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    // The consultation and search features own these buttons' callback data.
    .text(texts.buttons.consult, encodeConsultAction({ kind: "start" }))
    .row()
    .text(texts.buttons.latest, MENU_LATEST_CALLBACK_DATA);
  return me.supports_inline_queries ? keyboard.switchInlineCurrent(texts.buttons.search, "") : keyboard;
}

/** /start and /help. Deep links such as `consult_<slug>` are taken earlier by the consultation feature. */
export function createStartFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const priv = composer.chatType("private");
  // The welcome must not break on a keyboard Telegram refuses: the text goes out without it (per update Api).
  const menu = priv.command(["start", "help"]).use((ctx, next) => {
    ctx.api.config.use(sendWithoutRefusedKeyboard(ctx.log));
    return next();
  });
  menu.command("start", (ctx) => ctx.reply(texts.start(ctx.from.first_name), { reply_markup: startKeyboard(ctx.me) }));
  menu.command("help", (ctx) => ctx.reply(texts.help, { reply_markup: startKeyboard(ctx.me) }));
  return composer;
}
