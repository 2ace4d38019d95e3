import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";

const base = { BOT_TOKEN: "123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345", CHANNEL_ID: "@butlerspb" };
const SECRET = "s3cret_token-0123456789";

describe("service settings", () => {
  it("defaults: no HTTP server, long polling, 7 backups", () => {
    const r = parseConfig(base);
    expect(r.ok && { PORT: r.config.PORT, WEBHOOK_URL: r.config.WEBHOOK_URL, BACKUP_KEEP: r.config.BACKUP_KEEP }).toEqual({
      PORT: undefined, WEBHOOK_URL: undefined, BACKUP_KEEP: 7,
    });
  });

  it("webhook mode with its secret and a port", () => {
    const r = parseConfig({ ...base, PORT: "8080", WEBHOOK_URL: "https://bot.example.ru/tg/hook", WEBHOOK_SECRET: SECRET, BACKUP_KEEP: "3" });
    expect(r).toMatchObject({ ok: true, config: { PORT: 8080, WEBHOOK_URL: "https://bot.example.ru/tg/hook", WEBHOOK_SECRET: SECRET, BACKUP_KEEP: 3 } });
  });

  it.each([
    [{ WEBHOOK_URL: "https://bot.example.ru/hook" }, "WEBHOOK_SECRET: обязательна, когда задан WEBHOOK_URL"],
    [{ WEBHOOK_URL: "http://bot.example.ru/hook", WEBHOOK_SECRET: SECRET }, "WEBHOOK_URL: ожидается публичный https://-адрес"],
    [{ WEBHOOK_URL: "https://bot.example.ru/hook", WEBHOOK_SECRET: "short" }, "WEBHOOK_SECRET: ожидается 16–256 символов"],
    [{ WEBHOOK_URL: "https://bot.example.ru/hook", WEBHOOK_SECRET: "has spaces and ünicode!!" }, "WEBHOOK_SECRET: ожидается 16–256 символов"],
    [{ PORT: "http" }, "PORT:"],
    [{ PORT: "70000" }, "PORT: ожидается номер порта 1–65535"],
    [{ BACKUP_KEEP: "0" }, "BACKUP_KEEP: ожидается целое число ≥ 1"],
  ])("names the bad variable: %o", (override, message) => {
    const r = parseConfig({ ...base, ...override });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toContain(message);
  });

  it("never echoes the webhook secret", () => {
    const r = parseConfig({ ...base, WEBHOOK_URL: "https://bot.example.ru/hook", WEBHOOK_SECRET: "bad secret value here!" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join()).not.toContain("bad secret");
  });
});
