import { Composer } from "grammy";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../src/bot.js";
import { createStartFeature } from "../src/start/start-feature.js";
import { createTestBot } from "./helpers/test-bot.js";
import { callbackUpdate, stickerUpdate, textUpdate } from "./helpers/updates.js";

const crashing = () => {
  const c = new Composer<BotContext>();
  c.command("boom", () => {
    throw new Error("bug in a handler");
  });
  c.callbackQuery("boom", () => {
    throw new Error("bug in a button");
  });
  return c;
};

describe("createBot", () => {
  it("answers kindly when a handler fails, and keeps working", async () => {
    const t = createTestBot({ features: [crashing, () => createStartFeature()] });
    await t.bot.handleUpdate(textUpdate("/boom"));
    expect(t.texts()).toEqual(["Что-то пошло не так 😔 Мы уже разбираемся. Попробуйте, пожалуйста, ещё раз чуть позже."]);
    await t.bot.handleUpdate(callbackUpdate("boom"));
    expect(t.sent("answerCallbackQuery").at(-1)!.payload).toMatchObject({ show_alert: true, text: expect.stringMatching(/^Что-то пошло не так/) });
    await t.bot.handleUpdate(textUpdate("/start"));
    expect(t.texts().at(-1)).toMatch(/^Здравствуйте, Анна! Я бот блога ButlerSPB/);
  });

  it("/start shows the menu with consultation, latest posts and inline search", async () => {
    const t = createTestBot({ features: [() => createStartFeature()] });
    await t.bot.handleUpdate(textUpdate("/start"));
    const markup = t.sent("sendMessage")[0]!.payload.reply_markup as { inline_keyboard: Array<Array<Record<string, string>>> };
    expect(markup.inline_keyboard).toEqual([
      [{ text: "Получить консультацию", callback_data: "c:start" }],
      [{ text: "Свежие статьи", callback_data: "s:latest" }, { text: "Поиск по блогу", switch_inline_query_current_chat: "" }],
    ]);
  });

  it("unhandled messages get a hint, unhandled buttons are acknowledged", async () => {
    const t = createTestBot({ features: [] });
    await t.bot.handleUpdate(stickerUpdate());
    expect(t.texts()).toEqual(["Не совсем понял вас. Напишите, что ищете, — например, «уборка квартиры», или нажмите /start."]);
    await t.bot.handleUpdate(callbackUpdate("old:button"));
    expect(t.sent("answerCallbackQuery")).toHaveLength(1);
  });
});
