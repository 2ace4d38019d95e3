import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

// Shaped like a token (digits, colon, 30+ characters) but clearly fake, so no scanner mistakes it for a real one.
const TOKEN = "123456:FAKE-token-for-redaction-tests-only-000";

function capture(level = "debug") {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger(level, stream), lines };
}

describe("createLogger never writes the token, phones or names", () => {
  it("replaces every sensitive field and keeps the rest", () => {
    const { log, lines } = capture();
    log.info({
      event: "test.secrets",
      token: TOKEN,
      config: { BOT_TOKEN: TOKEN, CHANNEL_ID: "@butlerspb" },
      headers: { authorization: `Bearer ${TOKEN}`, "x-telegram-bot-api-secret-token": "s3cr3t", accept: "json" },
      lead: { name: "Анна Петрова", phone: "+79110000000", service: "cleaning" },
      req: { headers: { authorization: "Basic dXNlcjpwYXNz", cookie: "sid=1" } },
      phone: "+79110000001",
      name: "Иван",
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 30,
      time: expect.any(Number),
      event: "test.secrets",
      token: "[скрыто]",
      config: { BOT_TOKEN: "[скрыто]", CHANNEL_ID: "@butlerspb" },
      headers: { authorization: "[скрыто]", "x-telegram-bot-api-secret-token": "[скрыто]", accept: "json" },
      lead: { name: "[скрыто]", phone: "[скрыто]", service: "cleaning" },
      req: { headers: { authorization: "[скрыто]", cookie: "[скрыто]" } },
      phone: "[скрыто]",
      name: "[скрыто]",
    });
    for (const secret of [TOKEN, "+7911", "Анна", "Иван", "s3cr3t", "dXNlcjpwYXNz"]) expect(lines[0]).not.toContain(secret);
  });

  it("scrubs a token inside an error message and its stack", () => {
    const { log, lines } = capture();
    const err = new Error(`request to https://api.telegram.org/bot${TOKEN}/getMe failed`);
    log.error({ event: "test.error", err }, `fetch failed: https://api.telegram.org/bot${TOKEN}/getMe`);
    const entry = JSON.parse(lines[0]!);
    expect(entry.msg).toBe("fetch failed: https://api.telegram.org/bot[скрыто]/getMe");
    expect(entry.err.message).toBe("Ошибка: request to https://api.telegram.org/bot[скрыто]/getMe failed");
    expect(entry.err.stack).toContain("bot[скрыто]/getMe");
    expect(lines[0]).not.toContain(TOKEN);
  });

  it("logs an error as the one formatter's Russian line; the stack only at debug", () => {
    const { log, lines } = capture("info");
    log.error({ event: "test.error", err: new Error("disk full", { cause: new Error("ENOSPC") }) });
    expect(JSON.parse(lines[0]!).err).toEqual({ message: "Ошибка: disk full (причина: ENOSPC)" });
  });
});

describe("Bitrix24 webhook codes in logs", () => {
  it("hides the <code> of …/rest/<id>/<code>/ inside any text and the CRM settings as fields", () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (l: string) => void lines.push(l) });
    log.warn({ event: "x", err: new Error("request to https://butlerspb.bitrix24.ru/rest/1/k3yq9x7secret/crm.lead.add.json failed") });
    log.info({ event: "y", config: { BITRIX24_WEBHOOK_URL: "https://p.bitrix24.ru/rest/1/k3yq9x7secret/", LEADS_WEBHOOK_SECRET: "whsec-k3yq9x7secret" } });
    const all = lines.join("");
    expect(all).not.toContain("k3yq9x7secret");
    expect(all).toContain("/rest/1/[скрыто]/crm.lead.add.json");
  });
});
