import { Composer } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { BotContext } from "../../src/bot.js";
import { createLogger } from "../../src/logger.js";
import { createPublishingFeature } from "../../src/publishing/publishing-feature.js";
import { startHttpServer, type HttpServer } from "../../src/service/http-server.js";
import { createUpdatePipeline, sequenceKeys } from "../../src/service/update-pipeline.js";
import { createWebhookRoute, SECRET_HEADER, webhookPath } from "../../src/service/webhook.js";
import { createStartFeature } from "../../src/start/start-feature.js";
import { createPostCatalog } from "../../src/content/catalog.js";
import { makeContentDir, SEED_SLUG } from "../helpers/content-dir.js";
import { createTestBot } from "../helpers/test-bot.js";
import { ADMIN, CLIENT, inlineQueryUpdate, textUpdate } from "../helpers/updates.js";

const log = createLogger("silent");
const CHANNEL = "@butlerspb_test";
const SECRET = "webhook_secret-0123456789";

let server: HttpServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** Lets promises and I/O callbacks run without moving (possibly fake) timers. */
async function settle(rounds = 50): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("one slow chat never blocks another", () => {
  it("while the channel answers 429 with a long retry_after to an admin's /publish, another user's /start is answered at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const dir = makeContentDir();
    const t = createTestBot({
      config: { CONTENT_DIR: dir },
      catalog: createPostCatalog(dir, "https://butlerspb-blog.netlify.app"),
      features: [(deps) => createPublishingFeature({ ...deps, downloadImage: async () => null }), () => createStartFeature()],
    });
    t.failNext("sendRichMessage", { error_code: 429, description: "Too Many Requests: retry after 90", parameters: { retry_after: 90 } });
    const pipeline = createUpdatePipeline(t.bot, { log });

    await pipeline.accept(textUpdate(`/publish ${SEED_SLUG}`, ADMIN));
    await settle();
    expect(t.sent("sendRichMessage")).toHaveLength(1); // refused with 429; the handler now waits out 90 s

    await pipeline.accept(textUpdate("/start", CLIENT));
    await settle();
    const toClient = t.sent("sendMessage").filter((c) => c.payload.chat_id === CLIENT.id);
    expect(toClient.map((c) => String(c.payload.text).split("\n")[0])).toEqual([expect.stringMatching(/Анна/)]);
    expect(t.sent("sendMessage").filter((c) => c.payload.chat_id === ADMIN.id)).toEqual([]); // /publish still waiting
    expect(pipeline.inFlight.size()).toBe(1);

    await vi.advanceTimersByTimeAsync(90_000);
    await settle();
    expect(await pipeline.inFlight.drain(1_000)).toBe(true);
    expect(t.sent("sendRichMessage").filter((c) => c.payload.chat_id === CHANNEL)).toHaveLength(2); // the retry went through
    const confirm = t.sent("sendMessage").filter((c) => c.payload.chat_id === ADMIN.id).map((c) => String(c.payload.text));
    expect(confirm).toEqual([expect.stringMatching(/^✅ «kachestvo-obsluzhivaniya» опубликован в канале/)]);
  });

  it("updates of one chat run in arrival order, other chats in parallel, within the concurrency bound", async () => {
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const order: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const slow = new Composer<BotContext>();
    slow.on("message:text", async (ctx) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      order.push(`start ${ctx.message.text}`);
      const gate = deferred();
      gates.set(ctx.message.text, gate);
      await gate.promise;
      order.push(`end ${ctx.message.text}`);
      running--;
    });
    const t = createTestBot({ features: [() => slow] });
    const pipeline = createUpdatePipeline(t.bot, { log, concurrency: 3 });
    const other = { ...CLIENT, id: 2002, first_name: "Олег" };
    const third = { ...CLIENT, id: 3003, first_name: "Ира" };

    expect(await pipeline.accept(textUpdate("a1", CLIENT))).toBe(true);
    expect(await pipeline.accept(textUpdate("a2", CLIENT))).toBe(true);
    expect(await pipeline.accept(textUpdate("b1", other))).toBe(true);
    let fourthAccepted = false;
    const fourth = pipeline.accept(textUpdate("c1", third)).then(() => (fourthAccepted = true));
    await settle();
    expect(order).toEqual(["start a1", "start b1"]); // a2 waits for a1 (same chat); b1 runs beside it
    expect(fourthAccepted).toBe(false); // 3 in flight (a2 queued behind a1 counts): the 4th waits for room

    gates.get("a1")!.resolve();
    await settle();
    await fourth;
    expect(order.slice(2)).toEqual(["end a1", "start a2", "start c1"]);
    for (const k of ["a2", "b1", "c1"]) gates.get(k)!.resolve();
    expect(await pipeline.inFlight.drain(1_000)).toBe(true);
    expect(maxRunning).toBeLessThanOrEqual(3);
  });

  it("orders by chat and by user: inline queries (no chat) by their user", () => {
    expect(sequenceKeys(textUpdate("x", CLIENT))).toEqual([`chat:${CLIENT.id}`, `user:${CLIENT.id}`]);
    expect(sequenceKeys(inlineQueryUpdate("аренда", "", CLIENT))).toEqual([`user:${CLIENT.id}`]);
    expect(sequenceKeys({ update_id: 1 } as Update)).toEqual([]);
  });
});

describe("webhook", () => {
  async function webhookBot(features: Array<() => Composer<BotContext>>) {
    const t = createTestBot({ features });
    const pipeline = createUpdatePipeline(t.bot, { log });
    const path = webhookPath("https://bot.example.ru/telegram/hook");
    server = await startHttpServer({ port: 0, host: "127.0.0.1", routes: [createWebhookRoute({ path, secret: SECRET, accept: (u) => pipeline.accept(u), log })], log });
    const post = (update: unknown, headers: Record<string, string> = { [SECRET_HEADER]: SECRET }) =>
      fetch(`http://127.0.0.1:${server!.port}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update) });
    return { t, pipeline, path, post };
  }

  it("listens at the path of WEBHOOK_URL", () => {
    expect(webhookPath("https://bot.example.ru/telegram/hook")).toBe("/telegram/hook");
    expect(webhookPath("https://bot.example.ru")).toBe("/");
  });

  it("refuses a request without or with a wrong secret token with 401 and never processes it", async () => {
    const w = await webhookBot([() => createStartFeature()]);
    const missing = await w.post(textUpdate("/start"), {});
    const wrong = await w.post(textUpdate("/start"), { [SECRET_HEADER]: `${SECRET}x` });
    const sameLength = await w.post(textUpdate("/start"), { [SECRET_HEADER]: SECRET.replace(/.$/, "X") });
    expect([missing.status, wrong.status, sameLength.status]).toEqual([401, 401, 401]);
    await settle();
    expect(w.t.calls).toEqual([]);
    expect(w.pipeline.inFlight.size()).toBe(0);
  });

  it("processes an update with the right secret: the user gets the reply", async () => {
    const w = await webhookBot([() => createStartFeature()]);
    const res = await w.post(textUpdate("/start", CLIENT));
    expect(res.status).toBe(200);
    await w.pipeline.inFlight.drain(2_000);
    expect(w.t.sent("sendMessage").map((c) => [c.payload.chat_id, String(c.payload.text).includes("Анна")])).toEqual([[CLIENT.id, true]]);
  });

  it("answers Telegram at once while the handler is still busy, and refuses bodies that are not updates", async () => {
    const gate = deferred();
    const slow = new Composer<BotContext>();
    slow.on("message", async (ctx) => {
      await gate.promise;
      await ctx.reply("готово");
    });
    const w = await webhookBot([() => slow]);
    const res = await w.post(textUpdate("долгая работа"));
    expect(res.status).toBe(200);
    expect(w.pipeline.inFlight.size()).toBe(1);
    expect(w.t.texts()).toEqual([]);
    gate.resolve();
    await w.pipeline.inFlight.drain(2_000);
    expect(w.t.texts()).toEqual(["готово"]);
    expect((await w.post({ hello: "world" })).status).toBe(400);
  });

  it("once stopping, answers 503 so Telegram keeps the update for the next process", async () => {
    const w = await webhookBot([() => createStartFeature()]);
    await w.pipeline.stopTaking();
    expect((await w.post(textUpdate("/start"))).status).toBe(503);
    await settle();
    expect(w.t.calls).toEqual([]);
  });
});
