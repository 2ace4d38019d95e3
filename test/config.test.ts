import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, parseConfig } from "../src/config.js";

const TOKEN = "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345";
const base = { BOT_TOKEN: TOKEN, CHANNEL_ID: "@butlerspb" };

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const r = parseConfig(base);
    expect(r).toMatchObject({
      ok: true,
      config: {
        TELEGRAM_API_ROOT: "https://api.telegram.org", ADMIN_IDS: [], DATABASE_PATH: "data/bot.db", CONTENT_DIR: "content",
        SITE_URL: "https://butlerspb-blog.netlify.app", PUBLISH_FORMAT: "rich", TZ: "Europe/Moscow",
      },
    });
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

/**
 * One bad value per variable. A variable added to the schema without a row here fails the test: its error
 * must be checked to be Russian too. Variables where any non-empty text is valid are listed apart.
 */
const BAD_VALUES: Record<string, string> = {
  BOT_TOKEN: "nonsense",
  TELEGRAM_API_ROOT: "ftp://api.example",
  CHANNEL_ID: "butlerspb",
  ADMIN_IDS: "42,admin",
  LEADS_CHAT_ID: "leads",
  CONTENT_REPO_BRANCH: "-main",
  CONTENT_REPO_DIR: "../etc",
  CONTENT_HOOK_SECRET: "short",
  SITE_URL: "not a url",
  PUBLISH_FORMAT: "html",
  PUBLISH_CRON: "every minute",
  REPORT_CRON: "on mondays",
  BOT_USERNAME: "@bot",
  PRIVACY_POLICY_URL: "privacy",
  TZ: "Mars/Olympus",
  LOG_LEVEL: "loud",
  PORT: "abc",
  WEBHOOK_URL: "http://bot.example.ru/hook",
  WEBHOOK_SECRET: "short secret!",
  BACKUP_KEEP: "many",
};
const ANY_TEXT_IS_VALID = new Set(["DATABASE_PATH", "CONTENT_DIR", "CONTENT_REPO"]);
/** Words of zod's and Node's English messages. */
const ENGLISH = /\b(Invalid|invalid|Expected|expected|received|must|Too (small|big)|option|number|string)\b/;

describe("every variable's error is Russian, names the variable and never echoes the value", () => {
  it("has a bad value for every variable of the schema", () => {
    expect(CONFIG_VARIABLES.filter((v) => !(v in BAD_VALUES) && !ANY_TEXT_IS_VALID.has(v))).toEqual([]);
  });

  it.each(Object.entries(BAD_VALUES))("%s=%j", (name, value) => {
    const env: Record<string, string> = { ...base, [name]: value };
    if (name === "WEBHOOK_SECRET") env.WEBHOOK_URL = "https://bot.example.ru/hook";
    if (name === "WEBHOOK_URL") env.WEBHOOK_SECRET = "0123456789abcdef0123";
    const r = parseConfig(env);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors).toHaveLength(1);
    const [variable, reason] = errors[0]!.split(/: (.*)/s);
    expect(variable).toBe(name);
    expect(reason).toMatch(/[а-яё]/i);
    expect(reason).not.toMatch(ENGLISH);
    expect(reason).not.toContain(value);
  });

  it("PORT=abc and LOG_LEVEL=loud say what is expected, in Russian", () => {
    expect(parseConfig({ ...base, PORT: "abc", LOG_LEVEL: "loud" })).toEqual({
      ok: false,
      errors: ["LOG_LEVEL: ожидается один из уровней: fatal, error, warn, info, debug, trace, silent", "PORT: ожидается номер порта 1–65535"],
    });
  });
});
