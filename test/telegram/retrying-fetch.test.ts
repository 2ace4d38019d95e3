import { Readable } from "node:stream";
import { describe, expect, it, onTestFinished, vi } from "vitest";
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

describe("posts to the channel are retried only where they certainly did not take effect", () => {
  const CHANNEL_ID = "@butlerspb_test";
  const post = (method = "sendMessage", chatId: unknown = CHANNEL_ID) => ({ method: "POST", body: JSON.stringify({ chat_id: chatId, text: "часть 2" }), url: URL_.replace("sendMessage", method) });
  const netError = (code: string) => () => {
    throw new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
  };

  it.each([
    ["a 502", () => reply(502, { ok: false, error_code: 502, description: "Bad Gateway" })],
    ["a 500", () => reply(500, { ok: false, error_code: 500, description: "Internal Server Error" })],
  ])("returns %s at once (Telegram may have posted it)", async (_name, answer) => {
    const h = harness([answer, ok], { channelId: CHANNEL_ID });
    const p = post();
    const res = await h.fetch(p.url, p);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(h.base).toHaveBeenCalledTimes(1);
    expect(h.waits).toEqual([]);
  });

  it.each(["ECONNRESET", "UND_ERR_SOCKET", "ETIMEDOUT", "UND_ERR_HEADERS_TIMEOUT"])("rethrows %s at once", async (code) => {
    const h = harness([netError(code), ok], { channelId: CHANNEL_ID });
    const p = post("sendPhoto");
    await expect(h.fetch(p.url, p)).rejects.toThrow("fetch failed");
    expect(h.base).toHaveBeenCalledTimes(1);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])("retries %s (the request never left)", async (code) => {
    const h = harness([netError(code), ok], { channelId: CHANNEL_ID });
    const p = post("sendRichMessage");
    expect((await h.fetch(p.url, p)).status).toBe(200);
    expect(h.base).toHaveBeenCalledTimes(2);
  });

  it("still waits out a 429 and resends the same post", async () => {
    const h = harness([() => tooMany(3), ok], { channelId: CHANNEL_ID });
    const p = post();
    expect((await h.fetch(p.url, p)).status).toBe(200);
    expect(h.waits).toEqual([3000]);
  });

  it("keeps retrying replies to users, edits in the channel and multipart channel posts only by the rules", async () => {
    const toUser = harness([() => reply(502, { ok: false, error_code: 502, description: "Bad Gateway" }), ok], { channelId: CHANNEL_ID });
    const u = post("sendMessage", 1001);
    expect((await toUser.fetch(u.url, u)).status).toBe(200);
    expect(toUser.base).toHaveBeenCalledTimes(2);

    // Editing is idempotent: a second edit to the same content changes nothing.
    const edit = harness([netError("ECONNRESET"), ok], { channelId: CHANNEL_ID });
    const e = post("editMessageText");
    expect((await edit.fetch(e.url, e)).status).toBe(200);

    // grammY sends an uploaded photo as multipart: the chat_id is read from the form field.
    const multipart = harness([netError("ECONNRESET"), ok], { channelId: CHANNEL_ID });
    const body = Readable.from([Buffer.from(`--b\r\ncontent-disposition:form-data;name="chat_id"\r\n\r\n${CHANNEL_ID}\r\n--b--`)]);
    const init = { method: "POST", body: body as unknown as BodyInit, duplex: "half" } as RequestInit;
    await expect(multipart.fetch(URL_.replace("sendMessage", "sendPhoto"), init)).rejects.toThrow("fetch failed");
    expect(multipart.base).toHaveBeenCalledTimes(1);
  });
});

describe("failure classification", () => {
  it("reads the network error code through grammY's HttpError and undici's cause chain", async () => {
    const { HttpError, GrammyError } = await import("grammy");
    const { isAmbiguousFailure, networkErrorCode } = await import("../../src/telegram/delivery-failure.js");
    const undici = (code: string) => new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code }) });
    const http = (code: string) => new HttpError("Network request for 'sendMessage' failed!", undici(code));
    const telegram = (code: number) => new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: code, description: "x" }, "sendMessage", {});
    expect(networkErrorCode(http("ECONNREFUSED"))).toBe("ECONNREFUSED");
    expect([http("ECONNREFUSED"), http("ENOTFOUND"), http("EAI_AGAIN")].map(isAmbiguousFailure)).toEqual([false, false, false]);
    expect([http("ECONNRESET"), new HttpError("timeout", new Error("aborted")), telegram(502), telegram(500)].map(isAmbiguousFailure)).toEqual([true, true, true, true]);
    expect([telegram(400), telegram(403), telegram(429)].map(isAmbiguousFailure)).toEqual([false, false, false]);
  });
});

describe("with real sockets (grammY Api → retrying fetch → the fake Bot API on 127.0.0.1)", () => {
  const CHANNEL_ID = "@butlerspb_test";
  const noSleep = async () => {};

  it("a dropped connection during a channel post is not retried; during a reply to a user it is", async () => {
    const { Api } = await import("grammy");
    const { startFakeBotApi } = await import("../../src/bot-api/server.js");
    const fake = await startFakeBotApi();
    onTestFinished(() => fake.close());
    const api = new Api("123:x", { apiRoot: fake.apiRoot, fetch: createRetryingFetch(fetch, log, { channelId: CHANNEL_ID, sleep: noSleep }) });

    fake.dropNextConnection("sendMessage");
    await expect(api.sendMessage(CHANNEL_ID, "часть 2")).rejects.toThrow();
    expect(fake.callsTo("sendMessage")).toHaveLength(1);

    fake.dropNextConnection("sendMessage");
    const reply = await api.sendMessage(1001, "ответ");
    expect(reply.text).toBe("ответ");
    expect(fake.callsTo("sendMessage").map((c) => c.outcome)).toEqual(["dropped", "dropped", "ok"]);
  });

  it("a refused connection (nothing listening) is retried for the channel too, up to MAX_ATTEMPTS", async () => {
    const { Api, HttpError } = await import("grammy");
    const { isAmbiguousFailure } = await import("../../src/telegram/delivery-failure.js");
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    // A port that was just free: connecting to it is refused (port 1 would be refused by fetch itself as a "bad port").
    const { createServer } = await import("node:net");
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const api = new Api("123:x", { apiRoot: `http://127.0.0.1:${port}`, fetch: createRetryingFetch(counting, log, { channelId: CHANNEL_ID, sleep: noSleep }) });
    const err = await api.sendMessage(CHANNEL_ID, "часть 1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(isAmbiguousFailure(err)).toBe(false);
    expect(attempts).toBe(MAX_ATTEMPTS);
  });
});
