import { describe, expect, it } from "vitest";
import type { MessageEntity, Update } from "grammy/types";
import { createStatsFeature } from "../../src/stats/stats-feature.js";
import { texts as common } from "../../src/texts.js";
import { createFakeClock, createTestBot, uploadedFile, type TestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, textUpdate } from "../helpers/updates.js";
import { decodePng } from "./png.js";
import { addLead, logSearch, SEEDED_WEEK_TEXT, seedWeek, WEEK_NOW } from "./seed.js";

const statsBot = (): TestBot => createTestBot({ features: [createStatsFeature], clock: createFakeClock(WEEK_NOW) });

const boldTexts = (text: string, entities: MessageEntity[] = []) =>
  entities.filter((e) => e.type === "bold").map((e) => text.slice(e.offset, e.offset + e.length));

describe("/stats", () => {
  it("sends the admin the chart as a PNG with the exact figures of the last 7 days in its caption", async () => {
    const t = statsBot();
    seedWeek(t.db);
    await t.bot.handleUpdate(textUpdate("/stats", ADMIN));

    expect(t.calls.map((c) => c.method)).toEqual(["sendChatAction", "sendPhoto"]);
    const photo = t.sent("sendPhoto")[0]!.payload;
    expect(photo.chat_id).toBe(ADMIN.id);
    expect(photo.caption).toBe(SEEDED_WEEK_TEXT);
    const entities = photo.caption_entities as MessageEntity[];
    expect(boldTexts(SEEDED_WEEK_TEXT, entities)).toContain("🔎 Поиски");
    expect(photo.parse_mode).toBeUndefined();

    const png = decodePng(uploadedFile(photo.photo)!);
    expect([png.width, png.height]).toEqual([1600, 800]);
  });

  it("/stats 30 covers 30 days; a bad argument gets the usage and no report", async () => {
    const t = statsBot();
    seedWeek(t.db);
    addLead(t.db, "concierge", "menu", "2026-11-05T10:00:00Z"); // 25 days before: only in /stats 30 (as the seed's 10.11 lead)
    await t.bot.handleUpdate(textUpdate("/stats 30", ADMIN));
    const caption = String(t.sent("sendPhoto")[0]!.payload.caption);
    expect(caption.split("\n")[0]).toBe("📊 Статистика за 01.11–30.11 (30 дн.)");
    expect(caption).toContain("📝 Заявки на консультацию: отправлено 5;");
    expect(caption).toContain("Откуда отправленные: меню бота — 2, пост kachestvo-obsluzhivaniya — 2, /consult — 1");

    t.reset();
    for (const bad of ["/stats неделя", "/stats 0", "/stats 1000", "/stats -5"]) await t.bot.handleUpdate(textUpdate(bad, ADMIN));
    expect(t.calls.map((c) => c.method)).toEqual(["sendMessage", "sendMessage", "sendMessage", "sendMessage"]);
    expect(new Set(t.texts())).toEqual(
      new Set(["Использование: /stats или /stats <дней>, например /stats 30 (от 1 до 366 дней, по умолчанию 7)."]),
    );
  });

  it("refuses non-admins and stays silent in groups", async () => {
    const t = statsBot();
    await t.bot.handleUpdate(textUpdate("/stats", CLIENT));
    expect(t.texts()).toEqual([common.adminsOnly]);
    expect(t.sent("sendPhoto")).toEqual([]);

    t.reset();
    const inGroup = textUpdate("/stats", ADMIN) as Update & { message: { chat: unknown } };
    inGroup.message.chat = { id: -100123, type: "supergroup", title: "Команда" };
    await t.bot.handleUpdate(inGroup);
    expect(t.calls).toEqual([]);
  });

  it("figures too long for a caption go in a message after the chart", async () => {
    const t = statsBot();
    seedWeek(t.db);
    // Twelve distinct long queries with no result, each searched twice, and ten source posts with long slugs.
    for (let i = 0; i < 12; i++) {
      for (let k = 0; k < 2; k++) logSearch(t.db, `как оформить документы для посуточной аренды ${i}`, 0, "text", "2026-11-29T10:00:00Z");
    }
    for (let i = 0; i < 10; i++) addLead(t.db, "rent", `post:ochen-dlinnoe-nazvanie-posta-pro-posutochnuyu-arendu-${i}`, "2026-11-29T10:00:00Z");
    await t.bot.handleUpdate(textUpdate("/stats", ADMIN));

    expect(t.calls.map((c) => c.method)).toEqual(["sendChatAction", "sendPhoto", "sendMessage"]);
    const photo = t.sent("sendPhoto")[0]!.payload;
    expect(photo.caption).toBe("📊 Статистика за 24.11–30.11 (7 дн.)");
    expect(boldTexts(String(photo.caption), photo.caption_entities as MessageEntity[])).toEqual(["📊 Статистика за 24.11–30.11 (7 дн.)"]);
    const message = t.sent("sendMessage")[0]!.payload;
    const text = String(message.text);
    expect(text.length).toBeGreaterThan(1024);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("🔎 Поиски: 32, без результата: 27 (84 %)");
    expect(text).toContain("отправлено 13;");
    // Distinct queries stay distinguishable: long ones are cut only past 60 characters.
    expect(text).toContain("как оформить документы для посуточной аренды 0 — 2");
    expect(text).toMatch(/Откуда отправленные: .*, и ещё 7$/m);
    expect(boldTexts(text, message.entities as MessageEntity[])).toContain("Темы для новых статей (искали, но не нашли)");
  });

  it.each([
    ["refused (400 PHOTO_INVALID_DIMENSIONS)", (t: TestBot) => t.failNext("sendPhoto", { error_code: 400, description: "Bad Request: PHOTO_INVALID_DIMENSIONS" })],
    ["too big (413)", (t: TestBot) => t.failNext("sendPhoto", { error_code: 413, description: "Request Entity Too Large" })],
  ])("a chart %s: the figures still go out as text, no «Что-то пошло не так»", async (_name, refuse) => {
    const t = statsBot();
    seedWeek(t.db);
    refuse(t);
    await t.bot.handleUpdate(textUpdate("/stats", ADMIN));
    expect(t.calls.map((c) => c.method)).toEqual(["sendChatAction", "sendPhoto", "sendMessage"]);
    expect(t.texts()).toEqual([SEEDED_WEEK_TEXT]);
    expect(boldTexts(SEEDED_WEEK_TEXT, t.sent("sendMessage")[0]!.payload.entities as MessageEntity[])).toContain("🔎 Поиски");
    expect(t.texts()).not.toContain(common.internalError);
  });
});
