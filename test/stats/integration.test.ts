import { describe, expect, it } from "vitest";
import type { User } from "grammy/types";
import { loadFeatures } from "../../src/app.js";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { samplePosts } from "../search/posts.js";
import { createFakeClock, createTestBot } from "../helpers/test-bot.js";
import { ADMIN, callbackUpdate, CLIENT, textUpdate } from "../helpers/updates.js";

const OTHER: User = { id: 1002, is_bot: false, first_name: "Пётр", language_code: "ru" };

describe("/stats over what the other features record", () => {
  it("counts real searches, a request submitted from a post's deep link and one cancelled at the phone step", async () => {
    const loaded = await loadFeatures();
    const t = createTestBot({
      features: loaded.composers, clock: createFakeClock("2026-11-30T12:00:00Z"), catalog: createStaticCatalog(samplePosts()),
    });
    const steps = [
      textUpdate("/search рецепт борща"), textUpdate("/search уборка квартиры", OTHER),
      textUpdate("/start consult_kachestvo-obsluzhivaniya"), textUpdate("Анна"), textUpdate("8 921 123-45-67"),
      callbackUpdate("c:svc:cleaning"), callbackUpdate("c:time:evening"), callbackUpdate("c:skip"),
      callbackUpdate("c:consent:yes"), callbackUpdate("c:send"),
      textUpdate("/consult", OTHER), textUpdate("Пётр", OTHER), textUpdate("/cancel", OTHER),
    ];
    for (const update of steps) await t.bot.handleUpdate(update);
    t.reset();

    await t.bot.handleUpdate(textUpdate("/stats", ADMIN));
    const caption = String(t.sent("sendPhoto")[0]!.payload.caption);
    expect(caption).toContain("🔎 Поиски: 2, без результата: 1 (50 %)");
    expect(caption).toContain("Темы для новых статей (искали, но не нашли): рецепт борща — 1");
    expect(caption).toContain("📝 Заявки на консультацию: отправлено 1; начали заполнять 2, из них отправили 1");
    expect(caption).toContain("Где остановились: телефон — 1");
    expect(caption).toContain("Откуда отправленные: пост kachestvo-obsluzhivaniya — 1");
    expect(caption).toContain("По услугам: Уборка и обслуживание квартиры — 1");
  });
});
