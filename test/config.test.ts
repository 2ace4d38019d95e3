import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345";
const base = { BOT_TOKEN: TOKEN, CHANNEL_ID: "@butlerspb" };

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const r = parseConfig(base);
    expect(r).toMatchObject({
      ok: true,
      config: {
        TELEGRAM_API_ROOT: "https://api.telegram.org", ADMIN_IDS: [], DATABASE_PATH: "data/bot.db", CONTENT_DIR: "content",
        SITE_URL: "https://butlerspb-blog.netlify.app", TZ: "Europe/Moscow",
      },
    });
    // Chosen in Telegram unless the environment fixes them (issue 16): a token is all .env needs.
    const tokenOnly = parseConfig({ BOT_TOKEN: TOKEN });
    expect(tokenOnly.ok).toBe(true);
    if (tokenOnly.ok) expect([tokenOnly.config.CHANNEL_ID, tokenOnly.config.PUBLISH_FORMAT, tokenOnly.config.LEADS_CHAT_ID]).toEqual([undefined, undefined, undefined]);
  });

  it("parses ids and channel forms; empty strings mean unset", () => {
    const r = parseConfig({ ...base, CHANNEL_ID: "-1001234567890", ADMIN_IDS: " 42, 7 ,", LEADS_CHAT_ID: "-100777", SITE_URL: "https://x.ru/", TZ: "" });
    expect(r).toMatchObject({ ok: true, config: { CHANNEL_ID: "-1001234567890", ADMIN_IDS: [42, 7], LEADS_CHAT_ID: -100777, SITE_URL: "https://x.ru", TZ: "Europe/Moscow" } });
  });

  it.each([
    [{ BOT_TOKEN: undefined }, "BOT_TOKEN: не задана"],
    [{ BOT_TOKEN: "nonsense" }, "BOT_TOKEN: не похоже на токен от @BotFather (вид 123456:ABC…)"],
    [{ CHANNEL_ID: "butlerspb" }, "CHANNEL_ID: ожидается @имя_канала или числовой id вида -100…"],
    [{ ADMIN_IDS: "42,admin" }, "ADMIN_IDS: не числовые id пользователей: admin"],
    [{ PUBLISH_FORMAT: "html" }, "PUBLISH_FORMAT:"],
    [{ PUBLISH_CRON: "every minute" }, "PUBLISH_CRON: неверное cron-выражение (пример: */5 * * * *)"],
    [{ SITE_URL: "ftp://example.com" }, "SITE_URL:"],
    [{ TZ: "Europe/Piter" }, "TZ: неизвестный часовой пояс (пример: Europe/Moscow)"],
  ])("names the bad variable: %o", (override, message) => {
    const r = parseConfig({ ...base, ...override });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toContain(message);
  });

  it("never echoes the token in an error", () => {
    const r = parseConfig({ ...base, BOT_TOKEN: "123:short-secret" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join()).not.toContain("short-secret");
  });
});
