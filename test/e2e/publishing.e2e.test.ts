import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeBotApi } from "../../src/bot-api/server.js";
import { makeContentDir, SEED_SLUG } from "../helpers/content-dir.js";
import { ADMIN, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi, type BotProcess } from "./spawn-bot.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const CHANNEL = "@butlerspb_e2e";
let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;


/** What reached the channel (the start-up permission check reads it with getChatMember, which posts nothing). */
const channelPosts = (api: FakeBotApi) => api.calls.filter((c) => c.payload.chat_id === CHANNEL && c.method !== "getChatMember");

function envFor(api: FakeBotApi, db: string, content: string): Record<string, string> {
  return {
    BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: CHANNEL, ADMIN_IDS: String(ADMIN.id),
    DATABASE_PATH: db, CONTENT_DIR: content, PUBLISH_CRON: "*/5 * * * *",
  };
}

describe("the real bot process against a fake Bot API on 127.0.0.1", () => {
  it("starts, keeps the archive out of the channel, publishes on /publish, never twice across a restart", async () => {
    api = await startE2eBotApi();
    const db = join(makeTempDir("butler-e2e-"), "bot.db");
    const content = makeContentDir();
    bot = spawnBot(envFor(api, db, content));

    await api.waitForCall("getUpdates", undefined, 15_000);
    // Menus are set in the background while polling starts.
    await api.waitForCall("setMyCommands", (c) => (c.payload.scope as { type: string }).type === "chat", 15_000);
    const commands = api.calls.filter((c) => c.method === "setMyCommands");
    expect(commands.map((c) => (c.payload.scope as { type: string }).type)).toEqual(["all_private_chats", "chat"]);

    api.pushUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const post = await api.waitForCall("sendRichMessage", (c) => c.payload.chat_id === CHANNEL, 15_000);
    expect(JSON.stringify(post.payload.rich_message)).toContain("Качество обслуживания");
    const confirm = await api.waitForCall("sendMessage", (c) => c.payload.chat_id === ADMIN.id && String(c.payload.text).startsWith("✅"), 15_000);
    expect(String(confirm.payload.text)).toMatch(/^✅ «kachestvo-obsluzhivaniya» опубликован в канале/);
    // First run: the seed was the archive, so the scheduler sent nothing on its own.
    expect(channelPosts(api)).toHaveLength(1);

    expect(await bot.stop()).toBe(0);
    expect(bot.output()).not.toContain(E2E_TOKEN.split(":")[1]);

    // Restart over the same database: a second /publish is refused, nothing new reaches the channel.
    bot = spawnBot(envFor(api, db, content));
    const polls = api.calls.filter((c) => c.method === "getUpdates").length;
    await api.waitForCall("getUpdates", () => api!.calls.filter((c) => c.method === "getUpdates").length > polls, 15_000);
    api.pushUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const refusal = await api.waitForCall("sendMessage", (c) => c.payload.chat_id === ADMIN.id && String(c.payload.text).includes("уже опубликован"), 15_000);
    expect(refusal).toBeDefined();
    expect(channelPosts(api)).toHaveLength(1);
    expect(api.violations).toEqual([]);
  });

  it("without a token explains how to get one from @BotFather and exits 1 (fix the configuration)", async () => {
    bot = spawnBot({ BOT_TOKEN: "" });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toMatch(/BOT_TOKEN не задан\. Откройте в Telegram @BotFather, отправьте \/newbot/);
    expect(bot.output()).toMatch(/@BotFather[\s\S]*Посмотреть бота без токена: npm run demo/);
  });

  it("names the bad variable and exits 1 (fix the configuration)", async () => {
    bot = spawnBot({ BOT_TOKEN: E2E_TOKEN, CHANNEL_ID: "butlerspb", SITE_URL: "ftp://x" });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain("CHANNEL_ID: ожидается @имя_канала");
    expect(bot.output()).toContain("SITE_URL:");
    expect(bot.output()).not.toContain(E2E_TOKEN);
  });
});
