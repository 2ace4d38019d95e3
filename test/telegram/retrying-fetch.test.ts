import { Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/logger.js";
import { createRetryingFetch, MAX_ATTEMPTS, withoutRetries } from "../../src/telegram/retrying-fetch.js";

const log = createLogger("silent");
const URL_ = "https://api.telegram.org/bot123:x/sendMessage";
const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });
const tooMany = (s: number) => reply(429, { ok: false, error_code: 429, description: "Too Many Requests", parameters: { retry_after: s } });
const ok = () => reply(200, { ok: true, result: true });

function harness(answers: Array<() => Response | Promise<Response>>, options: { channelId?: string } = {}) {
  const bodies: string[] = [];
  const base = vi.fn(async (_input: unknown, init?: RequestInit) => {
    bodies.push(Buffer.isBuffer(init?.body) ? init.body.toString() : String(init?.body));
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return next();
  });
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  return { base, bodies, waits, fetch: createRetryingFetch(base as unknown as typeof fetch, log, { sleep, ...options }) };
}

describe("createRetryingFetch", () => {
  it("waits retry_after on a 429 and sends the same request again", async () => {
    const h = harness([() => tooMany(7), ok]);
    const res = await h.fetch(URL_, { method: "POST", body: '{"text":"привет"}' });
    expect(res.status).toBe(200);
    expect(h.waits).toEqual([7000]);
    expect(h.bodies).toEqual(['{"text":"привет"}', '{"text":"привет"}']);
  });

  it("backs off on 5xx and network errors, doubling", async () => {
    const h = harness([
      () => reply(502, { ok: false, error_code: 502, description: "Bad Gateway" }),
      () => { throw new TypeError("fetch failed"); },
      () => reply(500, { ok: false, error_code: 500, description: "Internal" }),
      ok,
    ]);
    expect((await h.fetch(URL_, { method: "POST", body: "{}" })).status).toBe(200);
    expect(h.waits).toEqual([1000, 2000, 4000]);
  });

  it("gives up after MAX_ATTEMPTS and returns Telegram's last answer", async () => {
    const h = harness(Array.from({ length: MAX_ATTEMPTS }, () => () => reply(503, { ok: false, error_code: 503, description: "Unavailable" })));
    const res = await h.fetch(URL_, { method: "POST", body: "{}" });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error_code: 503 });
    expect(h.base).toHaveBeenCalledTimes(MAX_ATTEMPTS);
  });

  it("returns a flood wait longer than the bound instead of blocking", async () => {
    const h = harness([() => tooMany(3600)]);
    const res = await h.fetch(URL_, { method: "POST", body: "{}" });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ parameters: { retry_after: 3600 } });
    expect(h.waits).toEqual([]);
  });

  it("rethrows a network error on the last attempt and never retries an aborted request", async () => {
    const failing = () => { throw new TypeError("fetch failed"); };
    const h = harness(Array.from({ length: MAX_ATTEMPTS }, () => failing));
    await expect(h.fetch(URL_, { method: "POST", body: "{}" })).rejects.toThrow("fetch failed");
    const controller = new AbortController();
    controller.abort();
    const aborted = harness([failing, ok]);
    await expect(aborted.fetch(URL_, { method: "POST", body: "{}", signal: controller.signal })).rejects.toThrow("fetch failed");
    expect(aborted.base).toHaveBeenCalledTimes(1);
  });

  it("resends a streamed multipart upload in full", async () => {
    const h = harness([() => tooMany(1), ok]);
    const stream = Readable.from([Buffer.from("--b\r\nphoto"), Buffer.from("-bytes\r\n--b--")]);
    await h.fetch(URL_, { method: "POST", body: stream as unknown as BodyInit, duplex: "half" } as RequestInit);
    expect(h.bodies).toEqual(["--b\r\nphoto-bytes\r\n--b--", "--b\r\nphoto-bytes\r\n--b--"]);
  });

  it("passes other errors (400, 403) straight through", async () => {
    const h = harness([() => reply(400, { ok: false, error_code: 400, description: "Bad Request" })]);
    expect((await h.fetch(URL_, { method: "POST", body: "{}" })).status).toBe(400);
    expect(h.base).toHaveBeenCalledTimes(1);
  });

  it("withoutRetries unwraps to the underlying fetch", () => {
    const h = harness([]);
    expect(withoutRetries(h.fetch)).toBe(h.base);
    expect(withoutRetries(undefined)).toBeUndefined();
  });
});
