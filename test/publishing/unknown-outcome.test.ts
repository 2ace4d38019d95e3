import { afterEach, describe, expect, it, vi } from "vitest";
import { slugKey } from "../../src/publishing/callback-data.js";
import { SEED_SLUG } from "../helpers/content-dir.js";
import { ADMIN, CLIENT, callbackUpdate, textUpdate } from "../helpers/updates.js";
import { buttonsOf, CHANNEL, setupPublishing } from "./setup.js";

afterEach(() => void vi.useRealTimers());

const KEY = slugKey(SEED_SLUG);
const badGateway = { error_code: 502, description: "Bad Gateway" };
const tap = (data: string, from = ADMIN) => callbackUpdate(data, from, 900, from.id);

/** The seed as a long post is three messages; the second one fails ambiguously (Telegram may have posted it). */
async function interruptedLongPost() {
  const t = setupPublishing({ format: "long" });
  t.failNext("sendMessage", badGateway, 1, 1);
  await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
  const texts = t.channelSends().map((c) => String(c.payload.text));
  return { ...t, parts: [texts[0]!, texts[1]!] };
}

describe("an ambiguous failure of a channel post (5xx, reset connection) is never retried blindly", () => {
  it("stops after the 502, records the outcome as unknown and asks the admin with three buttons", async () => {
    const t = await interruptedLongPost();
    expect(t.channelSends()).toHaveLength(2); // part 1, then part 2 once: no automatic retry of the 502
    const pub = t.repo.get(SEED_SLUG)!;
    expect(pub).toMatchObject({ status: "failed", outcomeUnknown: true, error: "Telegram 502: Bad Gateway" });
    expect(pub.parts.map((p) => p.kind)).toEqual(["text"]);
    const question = t.toAdmin().at(-1)!;
    expect(String(question.payload.text)).toBe(
      [
        "⚠️ Публикация «kachestvo-obsluzhivaniya» прервана: Telegram 502: Bad Gateway.",
        "В журнале записана как отправленная часть 1 из 3. Часть 2 могла уже появиться в канале: Telegram не подтвердил её.",
        "Автоматически ничего не отправляю, чтобы не было дубля. Проверьте канал и выберите:",
        "• «Продолжить с части 2» — если части 2 в канале нет;",
        "• «Продолжить с части 3» — если часть 2 уже в канале;",
        "• «Удалить отправленные части» — убрать из канала часть 1 и начать заново.",
      ].join("\n"),
    );
    expect(buttonsOf(question)).toEqual([
      [{ text: "Продолжить с части 2", data: `pub:c:${KEY}:2` }],
      [{ text: "Продолжить с части 3", data: `pub:c:${KEY}:3` }],
      [{ text: "Удалить отправленные части", data: `pub:d:${KEY}` }],
    ]);
  });

  it("«Продолжить с части 2»: sends parts 2 and 3 once each and records all three", async () => {
    const t = await interruptedLongPost();
    await t.bot.handleUpdate(tap(`pub:c:${KEY}:2`));
    const sends = t.channelSends().map((c) => String(c.payload.text));
    // The failed attempt at part 2 never reached the channel (502 in this test); it is sent once more.
    expect(sends.slice(2)).toEqual([t.parts[1], expect.any(String)]);
    expect(sends[4]).toBeUndefined();
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "published", outcomeUnknown: false });
    expect(t.repo.get(SEED_SLUG)!.messageIds).toHaveLength(3);
    expect(t.sent("editMessageReplyMarkup").at(-1)!.payload).toMatchObject({ chat_id: ADMIN.id, message_id: 900, reply_markup: { inline_keyboard: [] } });
    expect(t.adminTexts().at(-1)).toBe("✅ «kachestvo-obsluzhivaniya» опубликован в канале (формат long, сообщений: 3).");
  });

  it("«Продолжить с части 3» (part 2 is there): sends only part 3, so no part appears twice", async () => {
    const t = await interruptedLongPost();
    await t.bot.handleUpdate(tap(`pub:c:${KEY}:3`));
    const sends = t.channelSends().map((c) => String(c.payload.text));
    expect(sends).toHaveLength(3);
    expect(new Set(sends).size).toBe(3);
    expect(sends.slice(0, 2)).toEqual(t.parts);
    const pub = t.repo.get(SEED_SLUG)!;
    expect(pub.status).toBe("published");
    expect(pub.parts.map((p) => p.messageId === null)).toEqual([false, true, false]);
    expect(t.adminTexts().at(-1)).toBe("✅ «kachestvo-obsluzhivaniya» опубликован в канале (формат long, сообщений: 3).");
    // A later /publish of the slug sends nothing more.
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelSends()).toHaveLength(3);
  });

  it("«Удалить отправленные части» deletes the recorded part; a later /publish starts from part 1", async () => {
    const t = await interruptedLongPost();
    const [firstId] = t.repo.get(SEED_SLUG)!.messageIds;
    await t.bot.handleUpdate(tap(`pub:d:${KEY}`));
    expect(t.sent("deleteMessage").map((c) => c.payload)).toEqual([{ chat_id: CHANNEL, message_id: firstId }]);
    expect(t.adminTexts().at(-1)).toBe(
      "🗑 «kachestvo-obsluzhivaniya»: из канала удалено частей 1. Если часть 2 успела появиться в канале, удалите её вручную. Опубликовать заново — /publish kachestvo-obsluzhivaniya.",
    );
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "failed", outcomeUnknown: false, parts: [] });
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelSends().map((c) => String(c.payload.text))).toEqual([t.parts[0], t.parts[1], expect.any(String)]);
  });

  it("while the outcome is unknown, /publish sends nothing and asks again; a used or foreign button does nothing", async () => {
    const t = await interruptedLongPost();
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelSends()).toEqual([]);
    expect(buttonsOf(t.toAdmin().at(-1)).map((r) => r[0]!.text)).toEqual(["Продолжить с части 2", "Продолжить с части 3", "Удалить отправленные части"]);

    await t.bot.handleUpdate(tap(`pub:c:${KEY}:2`, CLIENT));
    expect(t.sent("answerCallbackQuery").at(-1)!.payload).toMatchObject({ text: "Эта команда доступна только администраторам канала.", show_alert: true });
    expect(t.channelSends()).toEqual([]);

    await t.bot.handleUpdate(tap(`pub:c:${KEY}:3`));
    const after = t.channelSends().length;
    await t.bot.handleUpdate(tap(`pub:c:${KEY}:2`)); // the other button of the same, answered question
    expect(t.channelSends()).toHaveLength(after);
    expect(t.adminTexts().at(-1)).toBe("Кнопка устарела: состояние публикации уже изменилось. Текущее — /posts.");
  });

  it("a reset connection (ECONNRESET) on a channel post is not retried; a refused connection (ECONNREFUSED) is", async () => {
    vi.useFakeTimers();
    const refused = setupPublishing();
    refused.networkErrorNext("sendRichMessage", 2, "ECONNREFUSED");
    const done = refused.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(refused.channelSends().map((c) => c.method)).toEqual(["sendRichMessage", "sendRichMessage", "sendRichMessage"]);
    expect(refused.repo.get(SEED_SLUG)!.status).toBe("published");

    const reset = setupPublishing();
    reset.networkErrorNext("sendRichMessage", 1, "ECONNRESET");
    await reset.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(reset.channelSends()).toHaveLength(1);
    expect(reset.repo.get(SEED_SLUG)).toMatchObject({ status: "failed", outcomeUnknown: true });
    const question = reset.toAdmin().at(-1)!;
    expect(String(question.payload.text)).toContain("В журнале ни одна часть из 1 не записана как отправленная. Часть 1 могла уже появиться в канале");
    expect(buttonsOf(question)).toEqual([
      [{ text: "Продолжить с части 1", data: `pub:c:${KEY}:1` }],
      [{ text: "Часть 1 уже в канале", data: `pub:c:${KEY}:2` }],
    ]);
  });

  it("replies to users still retry after a reset connection", async () => {
    vi.useFakeTimers();
    const t = setupPublishing();
    t.networkErrorNext("sendMessage", 1, "ECONNRESET");
    const done = t.bot.handleUpdate(textUpdate("/posts", ADMIN));
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(t.adminTexts()).toHaveLength(2);
    expect(t.adminTexts()[0]).toBe(t.adminTexts()[1]);
  });
});

describe("after a crash mid-post (status 'sending' found at start)", () => {
  it("asks instead of resending, and «Продолжить с части 2» sends exactly the missing parts", async () => {
    const { recoverInterrupted } = await import("../../src/publishing/scheduler.js");
    const { renderPost } = await import("../../src/render/render-post.js");
    const t = setupPublishing({ format: "long" });
    const post = t.catalog.get(SEED_SLUG)!;
    const all = renderPost(post, { format: "long", siteUrl: "https://butlerspb-blog.netlify.app", botUsername: "butlerspb_test_bot" }).calls.map((c) => c.payload.text);
    // The killed process had claimed the post and recorded part 1; part 2 never reached Telegram.
    t.repo.claim(SEED_SLUG, post.hash, "long", CHANNEL, t.clock.now());
    t.repo.saveParts(SEED_SLUG, [{ messageId: 501, kind: "text", sentAt: t.clock.now().getTime() }], t.clock.now());

    expect(await recoverInterrupted(t.deps)).toEqual([SEED_SLUG]);
    expect(t.channelSends()).toEqual([]);
    expect(buttonsOf(t.toAdmin().at(-1)).map((r) => r[0]!.data)).toEqual([`pub:c:${KEY}:2`, `pub:c:${KEY}:3`, `pub:d:${KEY}`]);

    await t.bot.handleUpdate(tap(`pub:c:${KEY}:2`));
    expect(t.channelSends().map((c) => c.payload.text)).toEqual(all.slice(1));
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "published" });
    expect(t.repo.get(SEED_SLUG)!.messageIds[0]).toBe(501);
  });
});

describe("after a crash with every part recorded", () => {
  it("marks the post published without asking and sends nothing", async () => {
    const { recoverInterrupted } = await import("../../src/publishing/scheduler.js");
    const t = setupPublishing({ format: "long" });
    const post = t.catalog.get(SEED_SLUG)!;
    t.repo.claim(SEED_SLUG, post.hash, "long", CHANNEL, t.clock.now());
    const at = t.clock.now().getTime();
    t.repo.saveParts(SEED_SLUG, [501, 502, 503].map((messageId) => ({ messageId, kind: "text" as const, sentAt: at })), t.clock.now());
    await recoverInterrupted(t.deps);
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "published", outcomeUnknown: false, messageIds: [501, 502, 503] });
    expect(t.channelSends()).toEqual([]);
    expect(t.adminTexts()).toEqual([
      "✅ «kachestvo-obsluzhivaniya»: отправка была прервана перезапуском бота, но все части (3) уже записаны как отправленные — пост опубликован, ничего не досылаю.",
    ]);
  });
});

describe("recorded parts are never sent again", () => {
  it("a /publish after a refusal midway continues after the recorded parts even if the file changed meanwhile", async () => {
    const { readFileSync, writeFileSync } = await import("node:fs");
    const t = setupPublishing({ format: "long" });
    t.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot is not a member of the channel chat" }, 1, 1);
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "failed", outcomeUnknown: false, messageIds: [expect.any(Number)] });
    const file = `${t.dir}/kachestvo-obsluzhivaniya.md`;
    writeFileSync(file, readFileSync(file, "utf8").replace("Кейс 2:", "Кейс номер 2:"));
    t.reset();
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.channelSends()).toHaveLength(2); // parts 2 and 3 only
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ status: "published", format: "long" });
    expect(t.repo.get(SEED_SLUG)!.parts).toHaveLength(3);
  });

  it("«Удалить отправленные части» after 48 hours explains that Telegram no longer allows it and deletes nothing", async () => {
    const t = await interruptedLongPost();
    t.clock.advance(49 * 3600_000);
    await t.bot.handleUpdate(tap(`pub:d:${KEY}`));
    expect(t.sent("deleteMessage")).toEqual([]);
    expect(t.adminTexts().at(-1)).toBe(
      "Бот может удалять сообщения канала только 48 часов после отправки — удалите части «kachestvo-obsluzhivaniya» в канале вручную. Кнопки «Продолжить…» в предупреждении по-прежнему работают.",
    );
    expect(t.sent("editMessageReplyMarkup")).toEqual([]); // the question stays open
    expect(t.repo.get(SEED_SLUG)).toMatchObject({ outcomeUnknown: true });
  });
});
