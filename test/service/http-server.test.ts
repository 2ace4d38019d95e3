import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { HttpRoute } from "../../src/feature.js";
import { createLogger } from "../../src/logger.js";
import { LAST_TICK_META } from "../../src/storage/meta.js";
import { createHealthRoutes } from "../../src/service/health-routes.js";
import { startHttpServer, type HttpServer } from "../../src/service/http-server.js";
import { createServiceMetrics } from "../../src/service/metrics.js";
import { createMetaStore } from "../../src/storage/meta.js";
import { createRetryingFetch } from "../../src/telegram/retrying-fetch.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock, TEST_TOKEN } from "../helpers/test-bot.js";
import { textUpdate } from "../helpers/updates.js";
import { seedCrmDeliveries, seedServiceRows } from "./fixtures.js";

const log = createLogger("silent");
let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(routes: HttpRoute[]): Promise<(path: string, init?: RequestInit) => Promise<Response>> {
  server = await startHttpServer({ port: 0, host: "127.0.0.1", routes, log });
  const base = `http://127.0.0.1:${server.port}`;
  return (path, init) => fetch(`${base}${path}`, init);
}

function setup() {
  const db = openTestDatabase();
  const clock = createFakeClock("2026-12-01T12:00:00Z");
  let ready = false;
  const metrics = createServiceMetrics({ db, clock, ready: () => ready, inFlight: () => 3 });
  return { db, clock, metrics, setReady: (v: boolean) => void (ready = v), routes: createHealthRoutes({ db, metrics, ready: () => ready }) };
}

describe("HTTP server: /healthz, /readyz, /metrics", () => {
  it("/healthz answers 200 while SQLite answers, 503 once it does not", async () => {
    const s = setup();
    const get = await serve(s.routes);
    const ok = await get("/healthz");
    expect([ok.status, await ok.text()]).toEqual([200, "ok\n"]);
    s.db.close();
    const down = await get("/healthz");
    expect([down.status, await down.text()]).toEqual([503, "database unavailable\n"]);
  });

  it("/readyz is 503 until Telegram answered and updates flow, then 200", async () => {
    const s = setup();
    const get = await serve(s.routes);
    expect((await get("/readyz")).status).toBe(503);
    s.setReady(true);
    const ready = await get("/readyz");
    expect([ready.status, await ready.text()]).toEqual([200, "ready\n"]);
  });

  it("/metrics: updates by type, calls by method and outcome, 429s and retries, outbox, leads, posts, last tick", async () => {
    const s = setup();
    seedServiceRows(s.db, s.clock.now());
    seedCrmDeliveries(s.db, s.clock.now());
    createMetaStore(s.db).set(LAST_TICK_META, "2026-12-01T11:55:00.000Z");
    s.metrics.countUpdate(textUpdate("/start"));
    s.metrics.countUpdate(textUpdate("привет"));
    s.metrics.countUpdate({ update_id: 9, inline_query: { id: "q", from: { id: 1, is_bot: false, first_name: "A" }, query: "", offset: "" } });

    // A grammY Api wired as main.ts wires the bot: counting fetch beneath the retries, the transformer above.
    let answers = [
      { status: 429, body: { ok: false, error_code: 429, description: "Too Many Requests: retry after 0", parameters: { retry_after: 0 } } },
      { status: 200, body: { ok: true, result: { message_id: 1, date: 1, chat: { id: 1, type: "private" }, text: "x" } } },
      { status: 403, body: { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } },
    ];
    const fake = (async () => {
      const [next, ...rest] = answers;
      answers = rest;
      return new Response(JSON.stringify(next!.body), { status: next!.status, headers: { "content-type": "application/json" } });
    }) as typeof fetch;
    const api = new Api(TEST_TOKEN, { fetch: createRetryingFetch(s.metrics.countingFetch(fake), log) });
    api.config.use(s.metrics.callTransformer);
    await api.sendMessage(1, "x");
    await expect(api.sendMessage(2, "y")).rejects.toThrow(/blocked/);

    const get = await serve(s.routes);
    const res = await get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const lines = text.split("\n").filter((l) => !l.startsWith("#"));
    for (const expected of [
      'bot_updates_total{type="message"} 2',
      'bot_updates_total{type="inline_query"} 1',
      'telegram_calls_total{method="sendMessage",outcome="ok"} 1',
      'telegram_calls_total{method="sendMessage",outcome="error_403"} 1',
      'telegram_flood_waits_total{method="sendMessage"} 1',
      'telegram_retries_total{method="sendMessage"} 1',
      "outbox_pending 2",
      "outbox_stuck 1",
      "outbox_oldest_age_seconds 900",
      "leads 2",
      'lead_deliveries_pending{target="telegram"} 2',
      'lead_deliveries_failed{target="telegram"} 0',
      'lead_deliveries_pending{target="bitrix24"} 2',
      'lead_deliveries_failed{target="bitrix24"} 1',
      'lead_deliveries_pending{target="webhook"} 1',
      'lead_deliveries_failed{target="webhook"} 1',
      'posts{status="published"} 1',
      'posts{status="failed"} 1',
      'posts{status="scheduled"} 2',
      `scheduler_last_tick_timestamp_seconds ${Date.parse("2026-12-01T11:55:00Z") / 1000}`,
      `bot_last_update_timestamp_seconds ${Date.parse("2026-12-01T12:00:00Z") / 1000}`,
      "backup_last_timestamp_seconds 0",
      "bot_ready 0",
      "bot_updates_in_flight 3",
    ]) expect(lines).toContain(expected);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("unknown paths are 404, known paths with another method 405, HEAD works like GET without a body", async () => {
    const s = setup();
    const get = await serve(s.routes);
    expect((await get("/nope")).status).toBe(404);
    const post = await get("/healthz", { method: "POST", body: "x" });
    expect([post.status, post.headers.get("allow")]).toEqual([405, "GET"]);
    const head = await get("/healthz?probe=1", { method: "HEAD" });
    expect([head.status, await head.text()]).toEqual([200, ""]);
  });

  it("hands routes a lower-cased header map and the raw body; a failing route is a 500, the server keeps serving", async () => {
    const seen: Array<{ headers: Record<string, string | undefined>; body: string }> = [];
    const get = await serve([
      { method: "POST", path: "/hooks/echo", handle: (req) => (seen.push({ headers: req.headers, body: req.body.toString() }), { status: 202, body: "taken" }) },
      { method: "GET", path: "/boom", handle: () => { throw new Error("bug"); } },
    ]);
    const res = await get("/hooks/echo", { method: "POST", headers: { "X-Custom-Thing": "v" }, body: "тело" });
    expect([res.status, await res.text()]).toEqual([202, "taken"]);
    expect(seen[0]).toMatchObject({ headers: { "x-custom-thing": "v" }, body: "тело" });
    expect((await get("/boom")).status).toBe(500);
    expect((await get("/hooks/echo", { method: "POST", body: "again" })).status).toBe(202);
  });

  it("refuses bodies over 1 MB with 413", async () => {
    const get = await serve([{ method: "POST", path: "/in", handle: () => ({ status: 200 }) }]);
    expect((await get("/in", { method: "POST", body: "x".repeat(1024 * 1024 + 1) })).status).toBe(413);
  });
});
