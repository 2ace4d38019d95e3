import { describe, expect, it } from "vitest";
import { formatStatusDate, texts } from "../../src/publishing/texts.js";
import { SEED_SLUG } from "../helpers/content-dir.js";
import { createPublishingFeature } from "../../src/publishing/publishing-feature.js";
import { createStartFeature } from "../../src/start/start-feature.js";
import { texts as common } from "../../src/texts.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, textUpdate } from "../helpers/updates.js";
import { setupPublishing } from "./setup.js";

describe("dates shown to admins are in TZ", () => {
  it.each([
    ["2026-11-24T21:30:00Z", "Europe/Moscow", "25.11.2026, 00:30"],
    ["2026-11-24T21:30:00Z", "Asia/Vladivostok", "25.11.2026, 07:30"],
    ["2026-11-24T21:30:00Z", "America/New_York", "24.11.2026, 16:30"],
    ["2026-11-24T21:30:00Z", "UTC", "24.11.2026, 21:30"],
    ["2026-11-24T21:30:00Z", "Not/AZone", "24.11.2026, 21:30 UTC"],
  ])("formatStatusDate(%s, %s) → %s", (iso, tz, expected) => {
    expect(formatStatusDate(new Date(iso), tz)).toBe(expected);
  });

  it("a scheduled retry names its time in TZ, not UTC", () => {
    expect(texts.scheduledFailed("x", "Telegram 429: Too Many Requests", new Date("2026-11-24T22:10:00Z"), "Europe/Moscow")).toBe(
      "❌ Публикация «x» по расписанию не удалась: Telegram 429: Too Many Requests. Повторю автоматически 25.11.2026, 01:10 (Europe/Moscow).",
    );
  });

  it("/posts and «уже опубликован» show TZ dates", async () => {
    const t = setupPublishing();
    t.clock.set("2026-11-24T21:30:00Z");
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await t.bot.handleUpdate(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    expect(t.adminTexts().at(-1)).toBe(
      "«kachestvo-obsluzhivaniya» уже опубликован 25.11.2026, 00:30. Повторно не отправляю; чтобы изменить пост — /update kachestvo-obsluzhivaniya.",
    );
    await t.bot.handleUpdate(textUpdate("/posts", ADMIN));
    // pubDate 2025-07-25T22:55:40Z is already the 26th in Moscow.
    expect(t.adminTexts().at(-1)).toBe("• kachestvo-obsluzhivaniya — опубликован, опубликован 25.11.2026, 00:30");
  });
});

describe("admin /help", () => {
  it("admins get the publishing commands after the common help; clients do not", async () => {
    const t = createTestBot({ features: [(deps) => createPublishingFeature(deps), () => createStartFeature()] });
    await t.bot.handleUpdate(textUpdate("/help", ADMIN));
    await t.bot.handleUpdate(textUpdate("/help", CLIENT));
    expect(t.texts()).toEqual([common.help, texts.adminHelp, common.help]);
    expect(texts.adminHelp).toContain("/unpublish <slug> — удалить пост (48 ч) или заменить уведомлением; повтор доводит дело до конца");
  });
});
