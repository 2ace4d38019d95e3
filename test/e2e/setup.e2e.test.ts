import { join } from "node:path";
import type { Update, User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { startFakeBotApi } from "../../src/bot-api/server.js";
import { makeContentDir } from "../helpers/content-dir.js";
import { freePort } from "../helpers/free-port.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { textUpdate } from "../helpers/updates.js";
import { botAdmin, botLeft, CHANNEL_CHAT, myChatMemberUpdate } from "../setup/chat-updates.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi } from "./spawn-bot.js";

const OWNER: User = { id: 601, is_bot: false, first_name: "Ольга", language_code: "ru" };

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Lines the process printed for people (not pino's JSON). */
const humanLines = (output: string) => output.split("\n").slice(0, -1).filter((l) => l.trim() !== "" && !l.startsWith("{"));
/** pino's lines, complete ones only (the output may end in the middle of a line being written). */
const jsonLines = (output: string) =>
  output.split("\n").slice(0, -1).filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);

describe("set up from Telegram: the real process with only BOT_TOKEN", () => {
  it("prints a one-time owner link, the opener becomes the owner, and the channel is connected by adding the bot", async () => {
    const api = await startE2eBotApi({ maxLongPollMs: 1_000 });
    const db = join(makeTempDir("butler-e2e-setup-"), "bot.db");
    const bot = spawnBot({ BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, DATABASE_PATH: db, CONTENT_DIR: makeContentDir() });
    await until("the owner link", () => bot.output().includes("?start=own_"));
    const printed = humanLines(bot.output());
    const link = printed.find((l) => l.startsWith("https://t.me/"))!;
    expect(link).toMatch(/^https:\/\/t\.me\/butlerspb_test_bot\?start=own_[A-Za-z0-9_-]{22}$/);
    expect(printed).toContain("У бота ещё нет владельца. Откройте эту ссылку в Telegram, чтобы стать владельцем бота (она одноразовая и действует до следующего запуска):");
    expect(jsonLines(bot.output()).filter((l) => l.event === "setup.owner_link").map((l) => l.level)).toEqual([40]);
    await until("the summary", () => bot.output().includes('"event":"bot.summary"'));
    const summary = jsonLines(bot.output()).find((l) => l.event === "bot.summary")!;
    expect(summary).toMatchObject({ mode: "polling", channel: "канал не подключён", leadsChat: "в личные сообщения администраторам", admins: 0, posts: 1 });
    expect(summary.msg).toBe("Режим: polling; канал: канал не подключён; заявки: в личные сообщения администраторам; администраторов: 0; постов найдено: 1");
    expect(api.callsTo("getUpdates")[0]!.payload.allowed_updates).toEqual(["message", "callback_query", "inline_query", "my_chat_member"]);

    // Predicates on the text: a scheduler tick may meanwhile ask the new owner about a late post, as it should.
    const welcome = api.nextCall("sendMessage", (c) => c.payload.chat_id === OWNER.id && String(c.payload.text).startsWith("Готово"), 15_000);
    api.pushUpdate(textUpdate(`/start ${link.split("?start=")[1]}`, OWNER));
    expect(String((await welcome).payload.text)).toMatch(/^Готово, Ольга: теперь вы владелец бота\./);
    // The admin menu follows at once.
    await api.waitForCall("setMyCommands", (c) => JSON.stringify(c.payload.scope) === JSON.stringify({ type: "chat", chat_id: OWNER.id }), 15_000);

    const offer = api.nextCall("sendMessage", (c) => c.payload.chat_id === OWNER.id && String(c.payload.text).includes("Публиковать сюда?"), 15_000);
    api.pushUpdate(myChatMemberUpdate(CHANNEL_CHAT, OWNER, botLeft(), botAdmin()) as Update);
    expect((await offer).payload.text).toBe("Бот добавлен администратором в канал «ButlerSPB блог».\nПубликовать сюда?");
    const connected = api.nextCall("editMessageText", undefined, 15_000);
    api.pushUpdate({
      callback_query: {
        id: "cb1", from: OWNER, chat_instance: "ci", data: "su:ch:y:-1001234567890",
        message: { message_id: 1, date: 1, chat: { id: OWNER.id, type: "private", first_name: OWNER.first_name }, text: "…" },
      },
    } as Omit<Update, "update_id">);
    expect((await connected).payload.text).toBe("✅ Канал «ButlerSPB блог» подключён: посты публикуются сюда.");
    expect(await bot.stop()).toBe(0);

    // Claimed: the next start prints no link.
    const again = spawnBot({ BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, DATABASE_PATH: db, CONTENT_DIR: makeContentDir() });
    await until("the summary", () => again.output().includes('"event":"bot.summary"'));
    expect(again.output()).not.toContain("?start=own_");
    expect(jsonLines(again.output()).find((l) => l.event === "bot.summary")).toMatchObject({ channel: "«ButlerSPB блог»", admins: 1 });
    expect(await again.stop()).toBe(0);
  });
});

describe("a start that tells what is wrong", () => {
  it("Telegram unreachable: a readable reason once, /healthz up and /readyz 503 with it, retries, then connects when Telegram comes up", async () => {
    const apiPort = await freePort();
    const port = await freePort();
    const bot = spawnBot({
      BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${apiPort}`, DATABASE_PATH: join(makeTempDir("butler-e2e-retry-"), "bot.db"),
      CONTENT_DIR: makeContentDir(), ADMIN_IDS: "42", PORT: String(port), LOG_LEVEL: "debug",
    });
    const said = `Нет связи с 127.0.0.1:${apiPort} (ECONNREFUSED): соединение отклонено — проверьте прокси и брандмауэр; повторю через 2 с`;
    await until("the reason", () => humanLines(bot.output()).includes(said));
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(new RegExp(`^starting: Нет связи с 127\\.0\\.0\\.1:${apiPort} \\(ECONNREFUSED\\): соединение отклонено — проверьте прокси и брандмауэр; повторю через \\d+ с\nchannel: канал не подключён\n$`));
    // The second failure (same cause) is not said again.
    await until("a second attempt", () => jsonLines(bot.output()).filter((l) => l.event === "telegram.unreachable").length >= 2);
    expect(humanLines(bot.output()).filter((l) => l.startsWith("Нет связи"))).toEqual([said]);
    expect(jsonLines(bot.output()).filter((l) => l.event === "telegram.unreachable" && l.level === 40)).toHaveLength(1);

    const api = await startFakeBotApi({ port: apiPort, maxLongPollMs: 1_000 });
    try {
      await api.waitForCall("getUpdates", undefined, 20_000);
      await until("readiness", async () => (await fetch(`${base}/readyz`)).status === 200);
      expect(bot.output()).toContain('"event":"telegram.reachable"');
      expect(await bot.stop()).toBe(0);
    } finally {
      await bot.stop();
      await api.close();
    }
  });

  it("SIGTERM while Telegram is unreachable stops cleanly (exit 0)", async () => {
    const bot = spawnBot({
      BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}`, DATABASE_PATH: join(makeTempDir("butler-e2e-retry-"), "bot.db"),
      CONTENT_DIR: makeContentDir(),
    });
    await until("the reason", () => bot.output().includes("Нет связи с 127.0.0.1"));
    expect(await bot.stop()).toBe(0);
    expect(humanLines(bot.output())).toContain("Остановлено по сигналу, пока бот ждал связи с Telegram.");
  });

  it("a refused token still exits 1 at once", async () => {
    const api = await startE2eBotApi({ token: "999:other-token-xxxxxxxxxxxxxxxxxxxxxx" });
    const bot = spawnBot({ BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot, DATABASE_PATH: join(makeTempDir("butler-e2e-401-"), "bot.db"), CONTENT_DIR: makeContentDir() });
    expect(await bot.exited).toBe(1);
    expect(humanLines(bot.output())).toContain("Telegram не принял BOT_TOKEN (401: Unauthorized, метод getMe): проверьте токен у @BotFather.");
    expect(api.callsTo("getMe")).toHaveLength(1);
  });
});
