import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { createStaticCatalog } from "../../src/content/catalog.js";
import { createLazyCatalog } from "../../src/service/lazy-catalog.js";
import { requestSent } from "../../src/service/request-sent.js";

describe("start order helpers", () => {
  it("the lazy catalog reads the posts on first use only, once", () => {
    let loads = 0;
    const catalog = createLazyCatalog(() => (loads++, createStaticCatalog([], [{ file: "bad.md", reason: "нет заголовка" }])));
    expect(loads).toBe(0);
    expect(catalog.errors()).toEqual([{ file: "bad.md", reason: "нет заголовка" }]);
    expect(catalog.posts()).toEqual([]);
    catalog.reload();
    expect(loads).toBe(1);
  });

  it("the lazy catalog refuses to be read before it is provided", () => {
    const catalog = createLazyCatalog();
    expect(() => catalog.posts()).toThrow("the post catalog was used before main.ts provided it");
    catalog.provide(() => createStaticCatalog([]));
    expect(catalog.posts()).toEqual([]);
  });

  it("requestSent resolves once a fetch to …/getUpdates is on the wire, before its answer", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const server = createServer((req, res) => {
      req.resume();
      void held.then(() => res.end("{}"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    onTestFinished(() => new Promise<void>((r) => { release(); server.closeAllConnections(); server.close(() => r()); }));
    const port = (server.address() as AddressInfo).port;

    const sent = requestSent("getUpdates", 10_000);
    let answered = false;
    const other = fetch(`http://127.0.0.1:${port}/bot1:x/getMe`, { method: "POST", body: "{}" });
    const poll = fetch(`http://127.0.0.1:${port}/bot1:x/getUpdates`, { method: "POST", body: "{}" }).then(() => (answered = true));
    const t0 = Date.now();
    await sent;
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(answered).toBe(false); // the long poll is still held by the server
    release();
    await Promise.all([poll, other]);
  });

  it("requestSent gives up after its bound when nothing is sent", async () => {
    const t0 = Date.now();
    await requestSent("getUpdates", 30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });
});
