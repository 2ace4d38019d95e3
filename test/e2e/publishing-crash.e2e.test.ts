import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { slugKey } from "../../src/publishing/callback-data.js";
import { makeContentDir, SEED_SLUG } from "../helpers/content-dir.js";
import { type FakeBotApi, type FakeBotApiCall } from "../../src/bot-api/server.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { ADMIN, callbackUpdate, textUpdate } from "../helpers/updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi, type BotProcess } from "./spawn-bot.js";

const CHANNEL = "@butlerspb_e2e";
const KEY = slugKey(SEED_SLUG);
const WAIT_MS = 20_000;
let api: FakeBotApi | undefined;
let bot: BotProcess | undefined;


function envFor(api: FakeBotApi, db: string, content: string): Record<string, string> {
  return {
    BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, CHANNEL_ID: CHANNEL, ADMIN_IDS: String(ADMIN.id),
    DATABASE_PATH: db, CONTENT_DIR: content, PUBLISH_FORMAT: "long", PUBLISH_CRON: "*/5 * * * *",
  };
}

const isChannelSend = (c: FakeBotApiCall) => c.method === "sendMessage" && c.payload.chat_id === CHANNEL;

/**
 * Publishes the seed as a three-part long post; Telegram takes part 2 (it is in the channel) but the
 * answer never comes back, and the bot is killed with SIGKILL at that moment. Then it starts again.
 */
async function crashDuringPart2() {
  api = await startE2eBotApi();
  const fake = api;
  const db = join(makeTempDir("butler-e2e-crash-"), "bot.db");
  const env = envFor(fake, db, makeContentDir());
  bot = spawnBot(env);
  await fake.waitForCall("getUpdates", undefined, WAIT_MS);
  let n = 0;
  const held = fake.holdNext("sendMessage", (c) => isChannelSend(c) && ++n === 2);
  fake.pushUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
  const part2 = await held;
  bot.child.kill("SIGKILL");
  expect(await bot.exited).toBeNull(); // killed by the signal, no clean shutdown ran

  // What the channel shows: every answered send, plus part 2, which Telegram took before the kill.
  const inChannel = () => fake.calls.filter((c) => isChannelSend(c) && (c.outcome === "ok" || c === part2)).map((c) => String(c.payload.text));
  const polls = fake.callsTo("getUpdates").length;
  bot = spawnBot(env);
  const isWarning = (c: FakeBotApiCall) => c.payload.chat_id === ADMIN.id && String(c.payload.text).startsWith("⚠️ Публикация");
  const warning = await fake.waitForCall("sendMessage", isWarning, WAIT_MS);
  // The /publish the killed process never confirmed comes again (Telegram redelivers it): it must send
  // nothing and ask the same question.
  const asked = await fake.waitForCall("sendMessage", (c) => isWarning(c) && c.seq > warning.seq, WAIT_MS);
  // The new process polls (its long poll may have gone out before the questions: updates are handled concurrently).
  await fake.waitForCall("getUpdates", () => fake.callsTo("getUpdates").length > polls, WAIT_MS);
  const tap = async (data: string) => {
    const before = fake.calls.length;
    fake.pushUpdate(callbackUpdate(data, ADMIN, 777, ADMIN.id));
    const answered = await fake.waitForCall("answerCallbackQuery", (c) => c.seq >= before, WAIT_MS);
    return fake.waitForCall("sendMessage", (c) => c.seq > answered.seq && c.payload.chat_id === ADMIN.id, WAIT_MS);
  };
  const publication = () => {
    const conn = new Database(db, { readonly: true });
    try {
      return conn.prepare("SELECT status, outcome_unknown AS unknown, parts FROM publications WHERE slug = ?").get(SEED_SLUG) as { status: string; unknown: number; parts: string };
    } finally {
      conn.close();
    }
  };
  return { fake, env, part2, inChannel, warning, asked, tap, publication };
}

describe("a kill -9 in the middle of a multi-message post", () => {
  it("warns after the restart which parts are recorded, offers the three choices, and «Продолжить с части 3» completes it without a duplicate", async () => {
    const s = await crashDuringPart2();
    expect(s.inChannel()).toHaveLength(2);
    expect(String(s.warning.payload.text)).toBe(
      [
        "⚠️ Публикация «kachestvo-obsluzhivaniya» прервана: отправка прервана перезапуском бота.",
        "В журнале записана как отправленная часть 1 из 3. Часть 2 могла уже появиться в канале: Telegram не подтвердил её.",
        "Автоматически ничего не отправляю, чтобы не было дубля. Проверьте канал и выберите:",
        "• «Продолжить с части 2» — если части 2 в канале нет;",
        "• «Продолжить с части 3» — если часть 2 уже в канале;",
        "• «Удалить отправленные части» — убрать из канала часть 1 и начать заново.",
      ].join("\n"),
    );
    expect(s.warning.payload.reply_markup).toEqual({
      inline_keyboard: [
        [{ text: "Продолжить с части 2", callback_data: `pub:c:${KEY}:2` }],
        [{ text: "Продолжить с части 3", callback_data: `pub:c:${KEY}:3` }],
        [{ text: "Удалить отправленные части", callback_data: `pub:d:${KEY}` }],
      ],
    });
    expect(s.asked.payload.text).toBe(s.warning.payload.text);
    // Nothing was resent on its own after the restart, nor for the redelivered /publish.
    expect(s.inChannel()).toHaveLength(2);

    const done = await s.tap(`pub:c:${KEY}:3`);
    expect(String(done.payload.text)).toBe("✅ «kachestvo-obsluzhivaniya» опубликован в канале (формат long, сообщений: 3).");
    const channel = s.inChannel();
    expect(channel).toHaveLength(3);
    expect(new Set(channel).size).toBe(3);
    expect(s.publication()).toMatchObject({ status: "published", unknown: 0 });

    // A later /publish repeats nothing.
    const before = s.fake.calls.length;
    s.fake.pushUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    const refusal = await s.fake.waitForCall("sendMessage", (c) => c.seq >= before && c.payload.chat_id === ADMIN.id, WAIT_MS);
    expect(String(refusal.payload.text)).toMatch(/уже опубликован .*Повторно не отправляю/);
    expect(s.inChannel()).toHaveLength(3);
    expect(s.fake.violations).toEqual([]);
  });

  it("«Удалить отправленные части» deletes the recorded part and says part 2 may need deleting by hand; /publish then starts over", async () => {
    const s = await crashDuringPart2();
    const recorded = JSON.parse(s.publication().parts) as Array<{ messageId: number; kind: string }>;
    expect(recorded).toEqual([{ messageId: expect.any(Number), kind: "text", sentAt: expect.any(Number) }]);
    const reply = await s.tap(`pub:d:${KEY}`);
    expect(String(reply.payload.text)).toBe(
      "🗑 «kachestvo-obsluzhivaniya»: из канала удалено частей 1. Если часть 2 успела появиться в канале, удалите её вручную. Опубликовать заново — /publish kachestvo-obsluzhivaniya.",
    );
    const deletions = s.fake.callsTo("deleteMessage");
    expect(deletions.map((c) => c.payload)).toEqual([{ chat_id: CHANNEL, message_id: recorded[0]!.messageId }]);
    expect(s.publication()).toMatchObject({ status: "failed", unknown: 0, parts: "[]" });

    const sendsBefore = s.fake.calls.filter(isChannelSend).length;
    s.fake.pushUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await s.fake.waitForCall("sendMessage", (c) => c.payload.chat_id === ADMIN.id && String(c.payload.text).startsWith("✅"), WAIT_MS);
    expect(s.fake.calls.filter(isChannelSend)).toHaveLength(sendsBefore + 3);
  });
});
