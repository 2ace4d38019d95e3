import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifyStartFailure, startRetryDelaySeconds, unreachableMessage } from "../../src/service/start-retry.js";
import { networkErrorCode as networkCode } from "../../src/telegram/describe-error.js";

/** What grammY throws when fetch fails: HttpError around undici's TypeError("fetch failed") with `cause.code`. */
const networkFailure = (code: string) =>
  new HttpError("Network request for 'getMe' failed!", new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code }) }));
const telegramError = (code: number) => new GrammyError("Call to 'getMe' failed!", { ok: false, error_code: code, description: "whatever the text" }, "getMe", {});

describe("start retry", () => {
  it.each([
    [networkFailure("ENOTFOUND"), { kind: "unreachable", code: "ENOTFOUND" }],
    [networkFailure("EAI_AGAIN"), { kind: "unreachable", code: "EAI_AGAIN" }],
    [networkFailure("ECONNREFUSED"), { kind: "unreachable", code: "ECONNREFUSED" }],
    [networkFailure("ETIMEDOUT"), { kind: "unreachable", code: "ETIMEDOUT" }],
    [networkFailure("ECONNRESET"), { kind: "unreachable", code: "ECONNRESET" }],
    [new HttpError("x", new TypeError("fetch failed")), { kind: "unreachable", code: "сетевая ошибка" }],
    [telegramError(502), { kind: "unreachable", code: "HTTP 502" }],
    [telegramError(429), { kind: "unreachable", code: "HTTP 429" }],
    [telegramError(401), { kind: "refused", code: 401 }],
    [telegramError(404), { kind: "refused", code: 404 }],
    [telegramError(400), { kind: "other" }],
    [new Error("ENOTFOUND in the text is not a code"), { kind: "other" }],
  ])("classifies %s by codes, never by text", (err, expected) => {
    expect(classifyStartFailure(err)).toEqual(expected);
  });

  it("finds the code along the cause chain", () => {
    expect(networkCode(new Error("a", { cause: new Error("b", { cause: Object.assign(new Error("c"), { code: "ECONNREFUSED" }) }) }))).toBe("ECONNREFUSED");
    expect(networkCode(new Error("none"))).toBeUndefined();
  });

  it.each([
    ["ENOTFOUND", 30, "Нет связи с api.telegram.org (ENOTFOUND): проверьте сеть или прокси; повторю через 30 с"],
    ["ECONNREFUSED", 2, "Нет связи с api.telegram.org (ECONNREFUSED): соединение отклонено — проверьте прокси и брандмауэр; повторю через 2 с"],
    ["ETIMEDOUT", 60, "Нет связи с api.telegram.org (ETIMEDOUT): нет ответа — проверьте сеть, прокси и брандмауэр; повторю через 60 с"],
    ["UND_ERR_SOCKET", 5, "Нет связи с api.telegram.org (UND_ERR_SOCKET): проверьте сеть или прокси; повторю через 5 с"],
    ["HTTP 502", 10, "Telegram (api.telegram.org) временно не отвечает (HTTP 502); повторю через 10 с"],
  ])("says %s in human words", (code, seconds, text) => {
    expect(unreachableMessage("https://api.telegram.org", code, seconds)).toBe(text);
  });

  it("pauses grow, then stay at a minute", () => {
    expect([0, 1, 2, 3, 4, 5, 50].map(startRetryDelaySeconds)).toEqual([2, 5, 10, 30, 60, 60, 60]);
  });
});
