import { join } from "node:path";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { type FakeBotApi, type FakeBotApiCall } from "../../src/bot-api/server.js";
import { makeContentDir } from "../helpers/content-dir.js";
import { ADMIN, callbackUpdate, CLIENT, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi, type BotProcess } from "./spawn-bot.js";
import { makeTempDir } from "../helpers/temp-dir.js";


let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;


const LEADS_CHAT = -100777;

function envFor(api: FakeBotApi, db: string, content: string): Record<string, string> {
  return {
    BOT_TOKEN: E2E_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    CHANNEL_ID: "@butlerspb_e2e",
    ADMIN_IDS: String(ADMIN.id),
    LEADS_CHAT_ID: String(LEADS_CHAT),
    DATABASE_PATH: db,
    CONTENT_DIR: content,
  };
}

describe("consultation: the real bot process against a fake Bot API on 127.0.0.1", () => {
  it("takes a request from /start consult_<slug> to the admins' card, across a restart in the middle", async () => {
    api = await startE2eBotApi();
    const db = join(makeTempDir("butler-e2e-consult-"), "bot.db");
    const content = makeContentDir();
    bot = spawnBot(envFor(api, db, content));
    await api.waitForCall("getUpdates", undefined, 15_000);

    /** Pushes an update and waits for the client to see the message (or edit) that answers it. */
    const step = async (update: Update, expected: RegExp, method = "sendMessage"): Promise<FakeBotApiCall> => {
      const answer = api!.nextCall(method, (c) => c.payload.chat_id === CLIENT.id && expected.test(String(c.payload.text)), 15_000);
      api!.pushUpdate(update);
      return answer;
    };

    await step(textUpdate("/start consult_vip-konsyerzh"), /^Оставьте заявку/);
    await step(textUpdate("<b>Иван</b> & Co"), /^Оставьте номер телефона/);
    const saved = await step(textUpdate("8 921 123-45-67"), /^Номер \+7 921 123-45-67 записал\.$/);
    expect(saved.payload.reply_markup).toEqual({ remove_keyboard: true });
    await api.waitForCall("sendMessage", (c) => c.payload.text === "Какая услуга вас интересует?", 15_000);

    // Restart in the middle: the conversation lives in SQLite and resumes at the service question.
    expect(await bot.stop()).toBe(0);
    const firstOutput = bot.output();
    bot = spawnBot(envFor(api, db, content));
    await step(callbackUpdate("c:svc:concierge"), /✓ Консьерж \/ VIP-сервис$/, "editMessageText");
    await step(callbackUpdate("c:time:evening"), /^Хотите что-то добавить\?/);
    await step(textUpdate("Нужна встреча гостей в аэропорту"), /^Последний шаг — согласие/);
    await step(callbackUpdate("c:consent:yes"), /^<b>Проверьте, пожалуйста, заявку:<\/b>/);
    const notice = api.nextCall("sendMessage", (c) => c.payload.chat_id === LEADS_CHAT, 15_000);
    await step(callbackUpdate("c:send"), /^Спасибо, <b>Иван<\/b> & Co! Заявка принята/);

    const card = await notice;
    expect(card.payload.parse_mode).toBeUndefined();
    expect(card.payload.entities).toContainEqual({ type: "bold", offset: 32, length: 16 }); // the name, as typed
    expect(String(card.payload.text)).toMatch(
      /^🆕 Заявка №1\nСтатус: Новая\nИмя: <b>Иван<\/b> & Co\nТелефон: \+7 921 123-45-67\nУслуга: Консьерж \/ VIP-сервис\nУдобное время: вечером\nКомментарий: Нужна встреча гостей в аэропорту\nИсточник: пост vip-konsyerzh\n/,
    );

    // The admin takes it into work from the leads chat (the bot edits the card it recorded as delivered).
    const edited = api.nextCall("editMessageText", (c) => c.payload.chat_id === LEADS_CHAT, 15_000);
    api.pushUpdate(callbackUpdate("l:1:in_progress", ADMIN, 1, LEADS_CHAT));
    expect(String((await edited).payload.text)).toMatch(/^⏳ Заявка №1\nСтатус: В работе\n/);

    expect(await bot.stop()).toBe(0);
    // Logs carry events, never the client's name or phone.
    const logs = firstOutput + bot.output();
    expect(logs).toContain('"event":"lead.saved"');
    // The phone in any of its spellings (a bare "921" could be part of a timestamp).
    expect(logs).not.toMatch(/Иван|9211234567|921 123|123-45-67/);
    bot = undefined;
    expect(api.violations).toEqual([]);

    // The CLI export sees the lead (formula-safe phone cell).
    const cli = spawnBot(envFor(api, db, content), "dist/cli.js", ["leads", "--csv"]);
    expect(await cli.exited).toBe(0);
    const csv = cli.output();
    expect(csv).toContain("id,created_at,status,name,phone,service,call_time,comment,source,consent_version,consent_at,updated_at,anonymised_at\r\n");
    expect(csv).toMatch(/\r\n1,[^,]+,in_progress,<b>Иван<\/b> & Co,'\+79211234567,concierge,вечером,Нужна встреча гостей в аэропорту,post:vip-konsyerzh,2026-11-24,/);
  });
});
