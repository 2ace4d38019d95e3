import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "../helpers/fake-bot-api.js";
import { ADMIN } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, type BotProcess } from "../e2e/spawn-bot.js";
import { createBlogRemote, postFile } from "./git-fixture.js";

const CHANNEL = "@butlerspb_e2e";
let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;

afterEach(async () => {
  await bot?.stop();
  await api?.close();
  bot = api = undefined;
});

describe("the real bot process with CONTENT_REPO", () => {
  it("clones at start (archive: nothing sent), then a pushed post reaches the channel on the next tick", async () => {
    api = await startFakeBotApi();
    const remote = createBlogRemote();
    remote.write("src/content/blog/arhivnyj.md", postFile({ title: "Архивный", pubDate: "2025-05-01" }));
    remote.push("archive");
    const token = "ghp_E2eSecretToken000";
    bot = spawnBot({
      BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: CHANNEL, ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: join(remote.root, "data", "bot.db"), CONTENT_REPO: remote.url,
      // Every second (node-cron's seconds field), so the test does not wait five minutes.
      PUBLISH_CRON: "* * * * * *",
      CONTENT_HOOK_SECRET: `${token}-hook-secret`,
    });
    await api.waitForCall("getUpdates", undefined, 20_000);
    expect(api.calls.filter((c) => c.payload.chat_id === CHANNEL)).toEqual([]);

    remote.write("src/content/blog/iz-repozitoriya.md", postFile({ title: "Из репозитория", pubDate: new Date(Date.now() - 3_600_000).toISOString() }));
    remote.push("new post");
    const post = await api.waitForCall("sendRichMessage", (c) => c.payload.chat_id === CHANNEL, 20_000);
    expect(JSON.stringify(post.payload.rich_message)).toContain("Из репозитория");

    expect(await bot.stop()).toBe(0);
    expect(api.calls.filter((c) => c.payload.chat_id === CHANNEL)).toHaveLength(1);
    expect(bot.output()).toContain("content_sync.synced");
    expect(bot.output()).not.toContain(token);
    expect(bot.output()).not.toContain(E2E_TOKEN.split(":")[1]);
  });
});
