import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeBotApi } from "../../src/bot-api/server.js";
import { makeContentDir } from "../helpers/content-dir.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { ADMIN, CLIENT, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi } from "./spawn-bot.js";
import { freePort } from "../helpers/free-port.js";

const CHANNEL = "@butlerspb_e2e";
const SECRET = "e2e_webhook_secret-0123456789";
let api: FakeBotApi | undefined;


function envFor(api: FakeBotApi, db: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: CHANNEL, ADMIN_IDS: String(ADMIN.id),
    DATABASE_PATH: db, CONTENT_DIR: makeContentDir(), ...extra,
  };
}


async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const fileHash = (p: string) => (existsSync(p) ? createHash("sha256").update(readFileSync(p)).digest("hex") : "none");

describe("the bot as a service (real process, fake Bot API)", () => {
  it("SIGTERM while a reply is in progress: the reply still reaches the user, polling stops, exit 0", async () => {
    api = await startE2eBotApi({ maxLongPollMs: 2_000 });
    const bot = spawnBot(envFor(api, join(makeTempDir("butler-e2e-"), "bot.db")));
    await api.waitForCall("getUpdates", undefined, 15_000);

    let answeredAt = 0;
    api.respond("sendMessage", async (call) => {
      if (call.payload.chat_id === CLIENT.id) await new Promise((r) => setTimeout(r, 1_500)); // a slow Telegram
      answeredAt = Date.now();
      return { message_id: 9000 + call.seq, date: 1, chat: { id: call.payload.chat_id, type: "private" }, text: call.payload.text };
    });
    api.pushUpdate(textUpdate("/start", CLIENT));
    await api.waitForCall("sendMessage", (c) => c.payload.chat_id === CLIENT.id, 15_000);
    const pollsBefore = api.callsTo("getUpdates").length;
    bot.child.kill("SIGTERM");
    const code = await bot.exited;
    const exitedAt = Date.now();

    expect(code).toBe(0);
    expect(answeredAt).toBeGreaterThan(0);
    expect(exitedAt).toBeGreaterThanOrEqual(answeredAt); // the process waited for Telegram's answer
    expect(bot.output()).toContain('"event":"bot.stopped"');
    expect(bot.output()).not.toContain('"event":"update.failed"');
    expect(api.callsTo("getUpdates").length).toBeLessThanOrEqual(pollsBefore + 1); // no polling after the signal
    expect(api.violations).toEqual([]);
  });

  it("a second process on the same database exits 1 at once and changes nothing; a lock left by kill -9 is taken over", async () => {
    api = await startE2eBotApi({ maxLongPollMs: 2_000 });
    const db = join(makeTempDir("butler-e2e-"), "bot.db");
    const first = spawnBot(envFor(api, db));
    await api.waitForCall("getUpdates", undefined, 15_000);
    await until("the first start's backup and index", () => first.output().includes('"backup.done"') && first.output().includes('"search.indexed"'));
    const before = [fileHash(db), fileHash(`${db}-wal`)];
    const getMes = api.callsTo("getMe").length;

    const second = spawnBot(envFor(api, db));
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`Другой экземпляр бота уже работает с базой ${db} (pid ${first.child.pid}`);
    expect(api.callsTo("getMe")).toHaveLength(getMes); // it never talked to Telegram
    expect([fileHash(db), fileHash(`${db}-wal`)]).toEqual(before);

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe(null);
    const polls = api.callsTo("getUpdates").length;
    const third = spawnBot(envFor(api, db));
    await api.waitForCall("getUpdates", () => api!.callsTo("getUpdates").length > polls, 15_000);
    api.pushUpdate(textUpdate("/start", CLIENT));
    await api.waitForCall("sendMessage", (c) => c.payload.chat_id === CLIENT.id, 15_000);
    expect(await third.stop()).toBe(0);
  });

  it("polling with PORT: /healthz, /readyz and /metrics; missing channel rights are told to the admins", async () => {
    api = await startE2eBotApi({ maxLongPollMs: 2_000 });
    api.respond("getChatMember", (call) => ({
      status: "administrator", user: { id: Number(call.payload.user_id), is_bot: true, first_name: "B" }, can_be_edited: false,
      is_anonymous: false, can_manage_chat: true, can_delete_messages: false, can_manage_video_chats: false, can_restrict_members: false,
      can_promote_members: false, can_change_info: false, can_invite_users: false, can_post_stories: false, can_edit_stories: false,
      can_delete_stories: false, can_post_messages: true, can_edit_messages: true,
    }));
    const port = await freePort();
    const bot = spawnBot(envFor(api, join(makeTempDir("butler-e2e-"), "bot.db"), { PORT: String(port) }));
    const notice = await api.waitForCall("sendMessage", (c) => c.payload.chat_id === ADMIN.id, 15_000);
    expect(String(notice.payload.text)).toContain(`• канал ${CHANNEL}: бот должен удалять сообщения`);
    expect(api.callsTo("getChatMember")[0]!.payload).toEqual({ chat_id: CHANNEL, user_id: api.botInfo.id });

    await api.waitForCall("getUpdates", undefined, 15_000);
    const base = `http://127.0.0.1:${port}`;
    await until("readiness", () => bot.output().includes('"event":"bot.started"'));
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    api.pushUpdate(textUpdate("/start", CLIENT));
    await api.waitForCall("sendMessage", (c) => c.payload.chat_id === CLIENT.id, 15_000);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('bot_updates_total{type="message"} 1');
    expect(metrics).toMatch(/telegram_calls_total\{method="getMe",outcome="ok"\} 1/);
    expect(metrics).toContain("bot_ready 1");
    expect(await bot.stop()).toBe(0);
  });

  it("webhook mode: setWebhook with the secret and allowed_updates, 401 without the secret, updates processed, no polling; a 404 getChatMember does not stop the start", async () => {
    api = await startE2eBotApi();
    api.failNext("getChatMember", { error_code: 404, description: "Not Found: method not found" });
    const port = await freePort();
    const bot = spawnBot(envFor(api, join(makeTempDir("butler-e2e-"), "bot.db"), {
      WEBHOOK_URL: "https://bot.example.ru/telegram/hook", WEBHOOK_SECRET: SECRET, PORT: String(port),
    }));
    const set = await api.waitForCall("setWebhook", undefined, 15_000);
    expect(set.payload).toEqual({ url: "https://bot.example.ru/telegram/hook", secret_token: SECRET, allowed_updates: ["message", "callback_query", "inline_query", "my_chat_member"] });
    const hook = `http://127.0.0.1:${port}/telegram/hook`;
    await until("ready", () => bot.output().includes('"event":"bot.started"'));
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const update = textUpdate("/start", CLIENT);
    const refused = await fetch(hook, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(update) });
    expect(refused.status).toBe(401);
    const accepted = await fetch(hook, {
      method: "POST", headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET }, body: JSON.stringify(update),
    });
    expect(accepted.status).toBe(200);
    const reply = await api.waitForCall("sendMessage", (c) => c.payload.chat_id === CLIENT.id, 15_000);
    expect(String(reply.payload.text)).toContain("Анна");
    expect(api.callsTo("sendMessage").filter((c) => c.payload.chat_id === CLIENT.id)).toHaveLength(1); // the refused one was not processed
    expect(api.callsTo("getUpdates")).toEqual([]);
    expect(bot.output()).toContain('"event":"permissions.unchecked"');
    expect(await bot.stop()).toBe(0);
  });
});
