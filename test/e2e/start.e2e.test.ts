import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeBotApi } from "../../src/bot-api/server.js";
import { makeContentDir } from "../helpers/content-dir.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { ADMIN, CLIENT, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi, type BotProcess } from "./spawn-bot.js";


let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;


describe("the welcome: the real bot process against a fake Bot API on 127.0.0.1", () => {
  it("with inline mode off in @BotFather, /start shows the menu without the inline-search button", async () => {
    // The fake refuses inline-query buttons with 400 while supports_inline_queries is false, as Telegram does.
    api = await startE2eBotApi({ botInfo: { supports_inline_queries: false } });
    bot = spawnBot({
      BOT_TOKEN: E2E_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
      CHANNEL_ID: "@butlerspb_e2e",
      ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: join(makeTempDir("butler-e2e-start-"), "bot.db"),
      CONTENT_DIR: makeContentDir(),
    });
    await api.waitForCall("getUpdates", undefined, 15_000);
    const answer = api.nextCall("sendMessage", (c) => c.payload.chat_id === CLIENT.id, 15_000);
    api.pushUpdate(textUpdate("/start"));
    const welcome = await answer;
    expect(welcome.outcome).toBe("ok");
    expect(String(welcome.payload.text)).toMatch(/^Здравствуйте, Анна! Я бот блога ButlerSPB/);
    expect(welcome.payload.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Получить консультацию", callback_data: "c:start" }],
        [{ text: "Свежие статьи", callback_data: "s:latest" }],
      ],
    });
    const toClient = api.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === CLIENT.id);
    expect(toClient).toHaveLength(1); // no «Что-то пошло не так» after it
  });
});
