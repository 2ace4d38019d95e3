import { spawn } from "node:child_process";
import { join } from "node:path";
import { GrammyError, HttpError, type Api } from "grammy";
import { describe, expect, it, onTestFinished } from "vitest";
import { contentDirFor, contentSyncPaths } from "../../src/content-sync/content-paths.js";
import { deliverPendingNotices } from "../../src/content-sync/notices.js";
import { acquireSyncLock } from "../../src/content-sync/snapshots.js";
import { createSyncStateRepo } from "../../src/content-sync/sync-state-repo.js";
import { createLogger } from "../../src/logger.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock, testConfig } from "../helpers/test-bot.js";
import { makeTempDir } from "../helpers/temp-dir.js";

/** An Api whose sendMessage answers from a script: "ok", a network failure, or a Telegram error code. */
function scriptedApi(script: Array<"ok" | "network" | number>) {
  const sent: Array<{ chatId: number; text: string }> = [];
  const api = {
    sendMessage: async (chatId: number, text: string) => {
      const step = script.shift() ?? "ok";
      if (step === "network") throw new HttpError("Network request for 'sendMessage' failed!", new TypeError("fetch failed"));
      if (typeof step === "number") {
        throw new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: step, description: "Forbidden: bot was blocked by the user" }, "sendMessage", {});
      }
      sent.push({ chatId, text });
      return { message_id: sent.length };
    },
  } as unknown as Api;
  return { api, sent };
}

describe("admin notices outbox", () => {
  const setup = (admins: number[]) => {
    const db = openTestDatabase();
    const state = createSyncStateRepo(db);
    const clock = createFakeClock();
    const deps = (api: Api) => ({ api, state, clock, log: createLogger("silent"), settings: { adminIds: () => admins } });
    return { state, clock, deps };
  };

  it("Telegram unreachable: the notice stays queued and goes out once on the next sync", async () => {
    const { state, clock, deps } = setup([42]);
    state.commitSync("a".repeat(40), [{ kind: "invalid", dedupKey: "x.md\nh1", file: "x.md", detail: "неверный YAML" }], clock.now());
    const down = scriptedApi(["network"]);
    expect(await deliverPendingNotices(deps(down.api))).toBe(0);
    expect(state.pendingNotices()).toHaveLength(1);
    const up = scriptedApi([]);
    expect(await deliverPendingNotices(deps(up.api))).toBe(1);
    expect(await deliverPendingNotices(deps(up.api))).toBe(0);
    expect(up.sent).toEqual([{ chatId: 42, text: expect.stringContaining("Файл x.md в репозитории блога не прошёл проверку: неверный YAML") }]);
  });

  it("the same (file, hash) is queued once; an admin who blocked the bot does not keep it queued forever", async () => {
    const { state, clock, deps } = setup([42, 43]);
    const bad = { kind: "invalid" as const, dedupKey: "x.md\nh1", file: "x.md", detail: "r" };
    state.commitSync("a".repeat(40), [bad], clock.now());
    state.commitSync("b".repeat(40), [bad], clock.now());
    expect(state.pendingNotices()).toHaveLength(1);
    const api = scriptedApi([403, 403]);
    expect(await deliverPendingNotices(deps(api.api))).toBe(1);
    expect(state.pendingNotices()).toEqual([]);
  });
});

describe("sync lock between the bot and cli sync", () => {
  it("held in this process: a second sync is refused until released", () => {
    const lock = join(makeTempDir("sync-lock-"), "content-sync.lock");
    const release = acquireSyncLock(lock);
    expect(release).toBeTypeOf("function");
    expect(acquireSyncLock(lock)).toBeUndefined();
    release!();
    const again = acquireSyncLock(lock);
    expect(again).toBeTypeOf("function");
    again!();
  });

  it("held by another process: refused; that process killed with -9: free at once", async () => {
    const lock = join(makeTempDir("sync-lock-"), "content-sync.lock");
    const holder = spawn(process.execPath, ["--import", "tsx", "-e",
      `const { acquireSyncLock } = await import(${JSON.stringify(new URL("../../src/content-sync/snapshots.ts", import.meta.url).pathname)});
       acquireSyncLock(${JSON.stringify(lock)}); console.log("locked"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
    onTestFinished(() => void holder.kill("SIGKILL"));
    await new Promise<void>((resolve) => holder.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    expect(acquireSyncLock(lock)).toBeUndefined();
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const release = acquireSyncLock(lock);
    expect(release).toBeTypeOf("function");
    release!();
  });
});

describe("contentDirFor", () => {
  it("CONTENT_DIR without CONTENT_REPO; the current snapshot's posts folder with it, beside the database", () => {
    expect(contentDirFor(testConfig({ CONTENT_DIR: "posts" }))).toBe("posts");
    const config = testConfig({ CONTENT_REPO: "git@github.com:o/blog.git", DATABASE_PATH: "/srv/bot/data/bot.db", CONTENT_REPO_DIR: "src/content/blog" });
    expect(contentDirFor(config)).toBe("/srv/bot/data/content-current/src/content/blog");
    expect(contentSyncPaths(config)).toEqual({
      mirror: "/srv/bot/data/content-repo.git",
      snapshots: "/srv/bot/data/content-snapshots",
      current: "/srv/bot/data/content-current",
      lock: "/srv/bot/data/content-sync.lock",
    });
  });

  it.each([
    [{ CONTENT_REPO_DIR: "../etc" }, "CONTENT_REPO_DIR: ожидается путь к папке постов внутри репозитория"],
    [{ CONTENT_REPO_DIR: "/abs" }, "CONTENT_REPO_DIR:"],
    [{ CONTENT_REPO_BRANCH: "-delete" }, "CONTENT_REPO_BRANCH: ожидается имя ветки"],
    [{ CONTENT_HOOK_SECRET: "short" }, "CONTENT_HOOK_SECRET: не короче 16 символов"],
  ])("config refuses %o by name", (override, message) => {
    expect(() => testConfig(override)).toThrow(message);
  });
});
