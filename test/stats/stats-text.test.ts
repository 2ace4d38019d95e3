import { describe, expect, it } from "vitest";
import type { MessageEntity } from "grammy/types";
import { computeStats, type Stats } from "../../src/stats/compute-stats.js";
import { renderStatsText } from "../../src/stats/stats-text.js";
import { checkTelegramCall } from "../../src/bot-api/telegram-rules.js";
import { SEEDED_WEEK_STATS, SEEDED_WEEK_TEXT } from "./seed.js";

const bolds = (text: string, entities: MessageEntity[]) =>
  entities.filter((e) => e.type === "bold").map((e) => text.slice(e.offset, e.offset + e.length));

describe("renderStatsText", () => {
  it("shows every figure of the week, headings in bold entities", () => {
    const { text, entities } = renderStatsText(SEEDED_WEEK_STATS as Stats);
    expect(text).toBe(SEEDED_WEEK_TEXT);
    expect(bolds(text, entities)).toEqual([
      "📊 Статистика за 24.11–30.11 (7 дн.)", "🔎 Поиски", "Частые запросы", "Темы для новых статей (искали, но не нашли)",
      "📝 Заявки на консультацию", "Где остановились", "Откуда отправленные", "По услугам", "📰 Опубликовано постов",
    ]);
    expect(checkTelegramCall("sendMessage", { chat_id: 1, text, entities })).toEqual([]);
  });

  it("an empty period says «нет» instead of empty lists", () => {
    const stats = computeStats({ searches: [], funnel: [], leads: [], publications: [] }, { from: "2026-11-30", to: "2026-11-30", tz: "UTC" });
    const { text } = renderStatsText(stats, "Недельный отчёт");
    expect(text.split("\n")).toEqual([
      "📊 Недельный отчёт", "", "🔎 Поиски: 0, без результата: 0 (0 %)", "Частые запросы: нет",
      "Темы для новых статей (искали, но не нашли): нет", "", "📝 Заявки на консультацию: отправлено 0; начали заполнять 0, из них отправили 0",
      "Где остановились: нет", "Откуда отправленные: нет", "По услугам: нет", "", "📰 Опубликовано постов: 0",
    ]);
  });

  it("long queries are cut and lists stop at five, so the text stays short", () => {
    const long = "очень длинный запрос про аренду квартиры на Петроградской стороне у метро";
    const rows = Array.from({ length: 12 }, (_, i) => ({ query: `${long} ${i}`, results: 0, surface: "text", createdAt: Date.parse("2026-11-30T10:00:00Z") }));
    const stats = computeStats({ searches: rows, funnel: [], leads: [], publications: [] }, { from: "2026-11-30", to: "2026-11-30", tz: "UTC" });
    const line = renderStatsText(stats).text.split("\n")[3]!;
    expect(line).toBe(`Частые запросы: ${Array.from({ length: 5 }, (_, i) => `${`${long} ${i}`.slice(0, 59)}… — 1`).join(", ")}`);
  });
});
