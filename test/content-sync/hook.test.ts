import { existsSync } from "node:fs";
import { join } from "node:path";
import { sign } from "@octokit/webhooks-methods";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { contentSyncPaths } from "../../src/content-sync/content-paths.js";
import { createContentCatalog } from "../../src/content-sync/content-catalog.js";
import { isAuthorizedHook } from "../../src/content-sync/hook-auth.js";
import { CONTENT_HOOK_PATH } from "../../src/content-sync/hook-route.js";
import { contentSyncServiceFor, createContentSyncRoutes, createContentSyncWorker } from "../../src/content-sync/sync-service.js";
import { createSyncStateRepo } from "../../src/content-sync/sync-state-repo.js";
import { createSyncRunner } from "../../src/content-sync/sync-runner.js";
import type { HttpRequest } from "../../src/feature.js";
import { createLogger } from "../../src/logger.js";
import { startHttpServer } from "../../src/service/http-server.js";
import { BOT_INFO, createTestBot } from "../helpers/test-bot.js";
import { createBlogRemote, postFile } from "./git-fixture.js";

const SECRET = "hook-secret-for-tests-0123456789";
const BODY = Buffer.from(JSON.stringify({ ref: "refs/heads/main", after: "abc" }));

function request(headers: Record<string, string>, body = BODY): HttpRequest {
  return { method: "POST", path: CONTENT_HOOK_PATH, headers, body };
}

function setup() {
  const remote = createBlogRemote();
  remote.write("src/content/blog/pervyj.md", postFile({ title: "Первый", pubDate: "2026-11-24T09:00:00Z" }));
  remote.push("first");
  const env = { CONTENT_REPO: remote.url, CONTENT_HOOK_SECRET: SECRET, DATABASE_PATH: join(remote.root, "data", "bot.db") };
  const t = createTestBot({ features: [], config: env });
  const deps = { ...t.deps, catalog: createContentCatalog(t.deps.config), api: t.bot.api, botUsername: BOT_INFO.username };
  const [route] = createContentSyncRoutes(deps);
  const state = createSyncStateRepo(t.db);
  return { remote, t, deps, route: route!, state, service: contentSyncServiceFor(deps) };
}

describe("push hook POST /hooks/content", () => {
  it("refuses a bad or missing signature with 401 and fetches nothing", async () => {
    const { route, state, service, deps } = setup();
    const wrong = await sign("another-secret-entirely-000000", BODY.toString());
    const cases: Array<Record<string, string>> = [{}, { "x-hub-signature-256": wrong }, { "x-hub-signature-256": "sha256=zz" }, { authorization: "Bearer nope" }, { authorization: SECRET }];
    for (const headers of cases) {
      const res = await route.handle(request(headers));
      expect(res.status).toBe(401);
    }
    // Signed over other bytes than the ones received (a re-serialised body) is refused too.
    const reformatted = await sign(SECRET, JSON.stringify(JSON.parse(BODY.toString()), null, 2));
    expect((await route.handle(request({ "x-hub-signature-256": reformatted }))).status).toBe(401);
    await service.runner.idle();
    expect(state.state().commit).toBeNull();
    expect(existsSync(contentSyncPaths(deps.config).mirror)).toBe(false);
  });

  it("a good GitHub signature answers 202 at once and the sync follows immediately", async () => {
    const { route, state, service, remote, deps } = setup();
    const signature = await sign(SECRET, BODY.toString());
    const res = await route.handle(request({ "x-hub-signature-256": signature, "x-github-event": "push" }));
    expect(res).toMatchObject({ status: 202 });
    expect(JSON.parse(String(res.body))).toEqual({ ok: true, sync: "scheduled" });
    expect(state.state().commit).toBeNull(); // answered before the sync finished
    await service.runner.idle();
    expect(state.state().commit).toBe(remote.head());
    expect(deps.catalog.get("pervyj")?.title).toBe("Первый");
  });

  it("accepts Authorization: Bearer <secret> (Netlify, GitLab, CI) and answers GitHub's ping without syncing", async () => {
    const { route, state, service, remote } = setup();
    const ping = await route.handle(request({ "x-hub-signature-256": await sign(SECRET, BODY.toString()), "x-github-event": "ping" }));
    expect(ping.status).toBe(200);
    await service.runner.idle();
    expect(state.state().commit).toBeNull();
    expect((await route.handle(request({ authorization: `Bearer ${SECRET}` }, Buffer.from("")))).status).toBe(202);
    await service.runner.idle();
    expect(state.state().commit).toBe(remote.head());
  });

  it("the worker clones at start (before returning) and shares its runner with the hook", async () => {
    const { deps, state, remote, service } = setup();
    const worker = createContentSyncWorker(deps);
    await worker.start();
    expect(state.state().commit).toBe(remote.head());
    expect(contentSyncServiceFor({ ...deps }).runner).toBe(service.runner);
    await worker.stop();
  });

  it("with a working copy from an earlier run the worker starts at once and fetches in the background", async () => {
    const { deps, state, remote, service } = setup();
    await service.runner.request();
    const synced = state.state().commit;
    remote.hide();
    const worker = createContentSyncWorker(deps);
    await worker.start();
    const raced = await Promise.race([service.runner.idle().then(() => "sync finished"), Promise.resolve("start returned first")]);
    expect(raced).toBe("start returned first");
    await worker.stop(); // waits for the sync in flight
    expect(state.state()).toMatchObject({ commit: synced, incident: "unreachable" });
    expect(deps.catalog.get("pervyj")?.title).toBe("Первый");
  });

  it("through the bot's HTTP server: raw bytes verified, 401 without fetching, 202 and the sync", async () => {
    const { route, state, service, remote } = setup();
    const server = await startHttpServer({ port: 0, host: "127.0.0.1", routes: [route], log: createLogger("silent") });
    onTestFinished(() => server.close());
    const url = `http://127.0.0.1:${server.port}${CONTENT_HOOK_PATH}`;
    // Pretty-printed JSON with non-ASCII: the signature is over these exact bytes, not a re-serialisation.
    const body = JSON.stringify({ ref: "refs/heads/main", head_commit: { message: "Новый пост" } }, null, 2);
    const bad = await fetch(url, { method: "POST", body, headers: { "x-hub-signature-256": await sign(SECRET, JSON.stringify(JSON.parse(body))) } });
    expect(bad.status).toBe(401);
    await service.runner.idle();
    expect(state.state().commit).toBeNull();
    const good = await fetch(url, { method: "POST", body, headers: { "x-hub-signature-256": await sign(SECRET, body), "x-github-event": "push" } });
    expect(good.status).toBe(202);
    await service.runner.idle();
    expect(state.state().commit).toBe(remote.head());
    expect((await fetch(url)).status).toBe(405);
  });

  it("no secret configured: no hook route at all", () => {
    const remote = createBlogRemote();
    const t = createTestBot({ features: [], config: { CONTENT_REPO: remote.url, DATABASE_PATH: join(remote.root, "data", "bot.db") } });
    expect(createContentSyncRoutes({ ...t.deps, api: t.bot.api, botUsername: "b" })).toEqual([]);
  });
});

describe("isAuthorizedHook", () => {
  it.each([
    ["matching bearer", { authorization: `Bearer ${SECRET}` }, true],
    ["bearer, any case of the scheme", { authorization: `bearer ${SECRET}` }, true],
    ["bearer with a prefix of the secret", { authorization: `Bearer ${SECRET.slice(0, -1)}` }, false],
    ["bearer with the secret plus more", { authorization: `Bearer ${SECRET}x` }, false],
    ["basic auth", { authorization: `Basic ${Buffer.from(`u:${SECRET}`).toString("base64")}` }, false],
    ["nothing", {}, false],
  ])("%s", async (_name, headers, expected) => {
    expect(await isAuthorizedHook(SECRET, headers, BODY)).toBe(expected);
  });
});

describe("sync runner", () => {
  it("never overlaps; hooks arriving during a sync coalesce into ONE more sync", async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const gates: Array<() => void> = [];
    const runner = createSyncRunner(async () => {
      runs++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((resolve) => gates.push(resolve));
      active--;
    }, () => {});
    void runner.request();
    await Promise.resolve();
    for (let i = 0; i < 5; i++) void runner.request(); // five hooks during the first sync
    expect(runs).toBe(1);
    gates.shift()!();
    await vi.waitFor(() => expect(runs).toBe(2));
    gates.shift()!();
    await runner.idle();
    expect({ runs, maxActive }).toEqual({ runs: 2, maxActive: 1 });
  });

  it("after close() nothing new starts; the sync in flight is waited for", async () => {
    let runs = 0;
    let release!: () => void;
    const runner = createSyncRunner(async () => {
      runs++;
      await new Promise<void>((resolve) => (release = resolve));
    }, () => {});
    void runner.request();
    await Promise.resolve();
    void runner.request(); // queued during the sync
    const closed = runner.close();
    release();
    await closed;
    await runner.request();
    expect(runs).toBe(1);
  });

  it("a failing sync is reported and does not stop later ones", async () => {
    const errors: unknown[] = [];
    let n = 0;
    const runner = createSyncRunner(async () => {
      if (++n === 1) throw new Error("boom");
    }, (err) => errors.push(err));
    await runner.request();
    await runner.request();
    expect(n).toBe(2);
    expect(errors.map(String)).toEqual(["Error: boom"]);
  });
});

