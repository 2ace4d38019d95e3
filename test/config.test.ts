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

describe("CRM variables (issue 18)", () => {
  it.each([
    ["https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret/", "https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret/"],
    ["https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret", "https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret/"],
    ["http://127.0.0.1:8099/rest/1/k3yq9x7secret/", "http://127.0.0.1:8099/rest/1/k3yq9x7secret/"],
    ["http://[::1]:8099/rest/7/abc/", "http://[::1]:8099/rest/7/abc/"],
    ["http://localhost/rest/1/abc", "http://localhost/rest/1/abc/"],
  ])("BITRIX24_WEBHOOK_URL %s is taken (trailing slash optional)", (raw, parsed) => {
    expect(parseConfig({ ...base, BITRIX24_WEBHOOK_URL: raw })).toMatchObject({ ok: true, config: { BITRIX24_WEBHOOK_URL: parsed } });
  });

  it.each([
    [{ BITRIX24_WEBHOOK_URL: "http://butlerspb.bitrix24.ru/rest/1/s3cretC0de/" }, "BITRIX24_WEBHOOK_URL: ожидается https://-адрес входящего вебхука (http — только 127.0.0.1, ::1, localhost)"],
    [{ BITRIX24_WEBHOOK_URL: "https://butlerspb.bitrix24.ru/crm/lead/s3cretC0de/" }, "BITRIX24_WEBHOOK_URL: ожидается адрес вида https://<портал>/rest/<id пользователя>/<код>/"],
    [{ LEADS_WEBHOOK_URL: "http://crm.example.ru/hook?token=s3cretC0de", LEADS_WEBHOOK_SECRET: "0123456789abcdef" }, "LEADS_WEBHOOK_URL: ожидается https://-адрес приёмника (http — только 127.0.0.1, ::1, localhost)"],
    [{ LEADS_WEBHOOK_URL: "https://crm.example.ru/hook", LEADS_WEBHOOK_SECRET: "s3cretC0de" }, "LEADS_WEBHOOK_SECRET: не короче 16 символов"],
    [{ LEADS_WEBHOOK_URL: "https://crm.example.ru/hook" }, "LEADS_WEBHOOK_SECRET: обязательна, когда задан LEADS_WEBHOOK_URL"],
    [{ LEADS_WEBHOOK_SECRET: "s3cretC0de-0123456789" }, "LEADS_WEBHOOK_URL: не задана, а LEADS_WEBHOOK_SECRET задан"],
  ])("names the bad variable in Russian and never echoes its value: %o", (override, message) => {
    const r = parseConfig({ ...base, ...override });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.join("\n")).toContain(message);
      expect(r.errors.join("\n")).not.toContain("s3cretC0de");
    }
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
  BITRIX24_WEBHOOK_URL: "http://portal.example.ru/rest/1/code/",
  LEADS_WEBHOOK_URL: "ftp://crm.example.ru/hook",
  LEADS_WEBHOOK_SECRET: "short",
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
    if (name === "LEADS_WEBHOOK_SECRET") env.LEADS_WEBHOOK_URL = "https://crm.example.ru/hook";
    if (name === "LEADS_WEBHOOK_URL") env.LEADS_WEBHOOK_SECRET = "0123456789abcdef0123";
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
