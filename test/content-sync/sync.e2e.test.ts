import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it } from "vitest";
import type { FakeBotApi } from "../../src/bot-api/server.js";
import { ADMIN } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi, type BotProcess } from "../e2e/spawn-bot.js";
import { createBlogRemote, postFile } from "./git-fixture.js";
import { freePort } from "../helpers/free-port.js";

const CHANNEL = "@butlerspb_e2e";
let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;
/** Posts in the channel (the start-up permission check also names the channel, with getChatMember). */
const channelPosts = (a: FakeBotApi) => a.calls.filter((c) => c.payload.chat_id === CHANNEL && c.method.startsWith("send"));


describe("the real bot process with CONTENT_REPO", () => {
  it("clones at start (archive: nothing sent), then a pushed post reaches the channel on the next tick", async () => {
    api = await startE2eBotApi();
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
    // The first sync (the archive) is over when publishing's first run has told the admins.
    const archive = await api.waitForCall("sendMessage", (c) => c.payload.chat_id === ADMIN.id && String(c.payload.text).startsWith("📚"), 15_000);
    expect(String(archive.payload.text)).toContain("постов в архиве 1");
    expect(channelPosts(api)).toEqual([]);

    remote.write("src/content/blog/iz-repozitoriya.md", postFile({ title: "Из репозитория", pubDate: new Date(Date.now() - 3_600_000).toISOString() }));
    remote.push("new post");
    const post = await api.waitForCall("sendRichMessage", (c) => c.payload.chat_id === CHANNEL, 15_000);
    expect(JSON.stringify(post.payload.rich_message)).toContain("Из репозитория");

    expect(await bot.stop()).toBe(0);
    expect(channelPosts(api)).toHaveLength(1);
    expect(bot.output()).toContain("content_sync.synced");
    expect(bot.output()).not.toContain(token);
    expect(bot.output()).not.toContain(E2E_TOKEN.split(":")[1]);
  });
  it("push hook over real HTTP: a bad signature gets 401 and fetches nothing; a good one 202, then the post", async () => {
    api = await startE2eBotApi();
    const remote = createBlogRemote();
    remote.write("src/content/blog/arhivnyj.md", postFile({ title: "Архивный", pubDate: "2025-05-01" }));
    remote.push("archive");
    const secret = "e2e-hook-secret-0123456789abcdef";
    const port = await freePort();
    bot = spawnBot({
      BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: CHANNEL, ADMIN_IDS: String(ADMIN.id),
      DATABASE_PATH: join(remote.root, "data", "bot.db"), CONTENT_REPO: remote.url, CONTENT_HOOK_SECRET: secret,
      PORT: String(port),
      PUBLISH_CRON: "0 0 1 1 *", // once a year: only the hook can bring the new post in time
    });
    await api.waitForCall("sendMessage", (c) => c.payload.chat_id === ADMIN.id && String(c.payload.text).startsWith("📚"), 20_000);
    const hook = `http://127.0.0.1:${port}/hooks/content`;
    await until("the hook route is mounted", async () => (await fetch(hook, { method: "POST" })).status === 401);

    remote.write("src/content/blog/po-huku.md", postFile({ title: "По хуку", pubDate: new Date(Date.now() - 3_600_000).toISOString() }));
    remote.push("new post");
    const body = JSON.stringify({ ref: "refs/heads/main", after: remote.head() });
    const bad = await fetch(hook, { method: "POST", body, headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": await sign("wrong-secret-000000000000", body) } });
    expect(bad.status).toBe(401);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(channelPosts(api)).toEqual([]);
    expect(bot.output()).not.toContain('"to":"' + remote.head());

    const good = await fetch(hook, { method: "POST", body, headers: { "content-type": "application/json", "x-github-event": "push", "x-hub-signature-256": await sign(secret, body) } });
    expect(good.status).toBe(202);
    const post = await api.waitForCall("sendRichMessage", (c) => c.payload.chat_id === CHANNEL, 15_000);
    expect(JSON.stringify(post.payload.rich_message)).toContain("По хуку");
    expect(await bot.stop()).toBe(0);
    expect(channelPosts(api)).toHaveLength(1);
  });
});


async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
