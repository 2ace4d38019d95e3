import { existsSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeBotApi, type FakeBotApi } from "../../src/bot-api/server.js";
import { E2E_TOKEN, spawnBot } from "../e2e/spawn-bot.js";
import { ADMIN } from "../helpers/updates.js";
import { createBlogRemote, postFile, type BlogRemote } from "./git-fixture.js";

const CHANNEL = "@butlerspb_cli";
const BLOG = "src/content/blog";
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
let api: FakeBotApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

function cli(remote: BlogRemote, args: string[], env: Record<string, string> = {}) {
  const proc = spawnBot(
    { CONTENT_REPO: remote.url, DATABASE_PATH: join(remote.root, "data", "bot.db"), CHANNEL_ID: CHANNEL, ADMIN_IDS: String(ADMIN.id), LOG_LEVEL: "warn", ...env },
    "dist/cli.js",
    ["sync", ...args],
  );
  return proc.exited.then((code) => ({ code, out: proc.output() }));
}

describe("cli sync", () => {
  it("--dry-run fetches and reports, but swaps nothing, records nothing and sends nothing", async () => {
    const remote = createBlogRemote();
    remote.write(`${BLOG}/arhivnyj.md`, postFile({ title: "Архивный", pubDate: "2025-05-01" }));
    remote.push("one post");
    const dry = await cli(remote, ["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("Проверка без изменений (--dry-run)");
    expect(dry.out).toContain("первая синхронизация");
    expect(dry.out).toContain("новый: arhivnyj — архив: в канал не отправляется");
    expect(existsSync(join(remote.root, "data", "content-current"))).toBe(false);
    expect(existsSync(join(remote.root, "data", "content-snapshots"))).toBe(false);
  });

  it("--dry-run says which posts folder it found: the blog's Astro collection, no CONTENT_REPO_DIR (issue 19)", async () => {
    const remote = createBlogRemote();
    remote.write("src/content/config.ts", "const postsCollection = defineCollection({ type: 'content' });\nexport const collections = {\n  posts: postsCollection,\n};\n");
    remote.write("src/content/posts/arhivnyj.md", postFile({ title: "Архивный", pubDate: "2025-05-01" }));
    remote.push("astro blog");
    const dry = await cli(remote, ["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain("Папка постов: src/content/posts (коллекция Astro «posts» из src/content/config.ts)");
    expect(dry.out).toContain("новый: arhivnyj — архив: в канал не отправляется");
  });

  it("syncs with Telegram, then --dry-run --json shows the next push without acting on it", async () => {
    api = await startFakeBotApi();
    const telegram = { BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: api.apiRoot };
    const remote = createBlogRemote();
    remote.write(`${BLOG}/arhivnyj.md`, postFile({ title: "Архивный", pubDate: "2025-05-01" }));
    const first = remote.push("one post");
    const synced = await cli(remote, [], telegram);
    expect(synced.code).toBe(0);
    expect(readlinkSync(join(remote.root, "data", "content-current"))).toBe(join("content-snapshots", first));

    remote.write(`${BLOG}/svezhij.md`, postFile({ title: "Свежий", pubDate: hoursAgo(1) }));
    remote.push("fresh post");
    const dry = await cli(remote, ["--dry-run", "--json"], telegram);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.out) as { status: string; dryRun: boolean; previousCommit: string; items: unknown[] };
    expect(report).toMatchObject({ status: "synced", dryRun: true, previousCommit: first });
    expect(report.items).toEqual([{ change: "new", slug: "svezhij", file: "svezhij.md", action: "publish" }]);
    expect(readlinkSync(join(remote.root, "data", "content-current"))).toBe(join("content-snapshots", first));
    expect(api.calls.filter((c) => c.payload.chat_id === CHANNEL)).toEqual([]);

    const real = await cli(remote, [], telegram);
    expect(real.code).toBe(0);
    expect(real.out).toContain("новый: svezhij — будет опубликован сейчас");
    expect(real.out).toContain("Опубликовано в канале: svezhij");
    const sent = api.calls.filter((c) => c.payload.chat_id === CHANNEL);
    expect(sent.map((c) => c.method)).toEqual(["sendRichMessage"]);
    expect(JSON.stringify(sent[0]!.payload)).toContain("Свежий");
    expect(api.violations).toEqual([]);
  });

  it("explains what is missing: CONTENT_REPO, or BOT_TOKEN for a real sync; unknown flags", async () => {
    const remote = createBlogRemote();
    const offline = await cli(remote, []);
    expect(offline.code).toBe(2);
    expect(offline.out).toContain("Для синхронизации нужен BOT_TOKEN");
    const noRepo = await cli(remote, ["--dry-run"], { CONTENT_REPO: "" });
    expect(noRepo.code).toBe(2);
    expect(noRepo.out).toContain("CONTENT_REPO не задан");
    const bad = await cli(remote, ["--force"]);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("sync: неизвестный параметр --force.");
  });

  it("an unreachable repository fails with exit code 1 and never prints the token", async () => {
    const remote = createBlogRemote();
    const r = await cli(remote, ["--dry-run"], { CONTENT_REPO: "https://bot:ghp_VerySecret777@127.0.0.1:9/blog.git" });
    expect(r.code).toBe(1);
    expect(r.out).toContain("Ошибка синхронизации (unreachable)");
    expect(r.out).not.toContain("ghp_VerySecret777");
  });
});
