import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeBotApi } from "../../src/bot-api/server.js";
import { makeContentDir } from "../helpers/content-dir.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { ADMIN, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi, type BotProcess } from "../e2e/spawn-bot.js";
import { decodePng } from "./png.js";
import { logSearch } from "./seed.js";

let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;


describe("stats: the real bot process against a fake Bot API on 127.0.0.1", () => {
  it("lists /stats in the admin's menu and answers it with an uploaded PNG and the figures", async () => {
    api = await startE2eBotApi();
    const dbPath = join(makeTempDir("butler-e2e-stats-"), "bot.db");
    const db = openTestDatabase(dbPath);
    logSearch(db, "аренда квартиры", 3, "text", new Date(Date.now() - 60_000).toISOString());
    logSearch(db, "парковка", 0, "inline", new Date(Date.now() - 120_000).toISOString());
    db.close();
    bot = spawnBot({
      BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: "@butlerspb_e2e", ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: dbPath, CONTENT_DIR: makeContentDir(),
    });
    await api.waitForCall("getUpdates", undefined, 15_000);
    const adminMenu = api.calls.find((c) => c.method === "setMyCommands" && (c.payload.scope as { type: string }).type === "chat");
    expect((adminMenu?.payload.commands as Array<{ command: string }>).map((c) => c.command)).toContain("stats");

    const photo = api.nextCall("sendPhoto", (c) => c.payload.chat_id === ADMIN.id, 20_000);
    api.pushUpdate(textUpdate("/stats", ADMIN));
    const call = await photo;
    expect(call.multipart).toBe(true);
    expect(call.violations).toEqual([]);
    const caption = String(call.payload.caption);
    expect(caption).toMatch(/^📊 Статистика за \d\d\.\d\d–\d\d\.\d\d \(7 дн\.\)\n/);
    expect(caption).toContain("🔎 Поиски: 2, без результата: 1 (50 %)");
    expect(caption).toContain("Темы для новых статей (искали, но не нашли): парковка — 1");
    const png = decodePng(call.files[0]!.data);
    expect([png.width, png.height]).toEqual([1600, 800]);

    expect(await bot.stop()).toBe(0);
    expect(bot.output()).toContain('"event":"stats.sent"');
  }, 60_000); // a real process on a loaded 2-core machine
});
