import { rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadPosts } from "../../src/content/load-posts.js";
import type { Post } from "../../src/content/post.js";
import { checkPost } from "../../src/publishing/check-posts.js";
import { makeContentDir, postFile } from "../helpers/content-dir.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { E2E_TOKEN, spawnBot, startE2eBotApi } from "../e2e/spawn-bot.js";

const SITE = "https://butlerspb-blog.netlify.app";
const dirs = new Map<string, string>();
const blogDirOf = (post: Post) => dirs.get(post.slug)!;

const ITALIC_CODE = "Текст.\n\n*Пример: `Dodo Pizza` vs `Папа Джонс`.*\n\n## Шаг **`npm`**\n\n| A | B |\n|---|---|\n| `x` | **y** |\n";

function blog(): string {
  const dir = makeContentDir({
    "italic-code.md": postFile({ title: "Курсив и код", pubDate: "2025-05-01T09:00:00Z", body: ITALIC_CODE }),
    "obychnyj.md": postFile({ title: "Обычный пост", pubDate: "2025-05-02T09:00:00Z" }),
  });
  dirs.set("obychnyj", dir);
  return dir;
}

function cli(env: Record<string, string>, args: string[]) {
  const proc = spawnBot({ LOG_LEVEL: "warn", ...env }, "dist/cli.js", args);
  return proc.exited.then((code) => ({ code, out: proc.output() }));
}

describe("cli preview --all --check (issue 19)", () => {
  it("renders every post in every format through the Telegram-rules checker: all valid, exit 0", async () => {
    const env = { CONTENT_DIR: blog(), DATABASE_PATH: join(makeTempDir("preview-check-"), "bot.db") };
    const r = await cli(env, ["preview", "--all", "--check"]);
    expect(r.out).toContain("Проверено постов: 3, форматы: rich, teaser, long. Отклонит Telegram: 0, с потерями: 0, ошибок отрисовки: 0.");
    expect(r.code).toBe(0);
    const long = await cli(env, ["preview", "--all", "--check", "--format", "long", "--json"]);
    expect(JSON.parse(long.out)).toMatchObject({ posts: 3, formats: ["long"], refused: 0, lossy: 0, crashed: 0, problems: [] });
    expect(long.code).toBe(0);
  });

  it("--all needs --check; a bad format is refused", async () => {
    const env = { CONTENT_DIR: blog(), DATABASE_PATH: join(makeTempDir("preview-check-"), "bot.db") };
    const usage = await cli(env, ["preview", "--all"]);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain("preview --all --check [--format rich|teaser|long] [--json]");
    const badFormat = await cli(env, ["preview", "--all", "--check", "--format", "html"]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.out).toContain("Неизвестный формат «html»");
  });

  it("checkPost: a post that cannot be rendered is reported, not thrown", () => {
    const { posts } = loadPosts(blog(), SITE);
    const post = posts.find((p) => p.slug === "obychnyj")!;
    expect(checkPost(post, ["rich", "teaser", "long"], { siteUrl: SITE, botUsername: "butlerspb_bot" })).toEqual([]);
    rmSync(join(blogDirOf(post), post.file));
    expect(checkPost(post, ["long"], { siteUrl: SITE, botUsername: "butlerspb_bot" })).toEqual([
      { slug: "obychnyj", format: "long", kind: "crash", detail: "пост obychnyj.md больше не читается: ENOENT" },
    ]);
  });

  it("parallel runs over one database, the bot running beside them and a writer holding the lock: all work, none crash", async () => {
    const content = blog();
    const data = makeTempDir("preview-parallel-");
    const env = { CONTENT_DIR: content, DATABASE_PATH: join(data, "bot.db"), CHANNEL_ID: "@butlerspb_par", ADMIN_IDS: "42", BOT_TOKEN: E2E_TOKEN };
    const api = await startE2eBotApi();
    const bot = spawnBot({ ...env, TELEGRAM_API_ROOT: api.apiRoot });
    await api.waitForCall("getUpdates", undefined, 30_000);
    // Another writer holds the write lock for a moment while the CLI processes start.
    const writer = new Database(join(data, "bot.db"));
    writer.exec("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS t_lock (x); INSERT INTO t_lock VALUES (1);");
    const runs = [
      ...Array.from({ length: 4 }, () => cli({ CONTENT_DIR: content, DATABASE_PATH: env.DATABASE_PATH }, ["preview", "--all", "--check", "--format", "long"])),
      cli({ CONTENT_DIR: content, DATABASE_PATH: env.DATABASE_PATH, BOT_USERNAME: "butlerspb_bot" }, ["preview", "italic-code", "--format", "long", "--json"]),
      cli({ CONTENT_DIR: content, DATABASE_PATH: env.DATABASE_PATH }, ["search", "--json", "пример"]),
    ];
    await new Promise((r) => setTimeout(r, 700));
    writer.exec("COMMIT");
    writer.close();
    const results = await Promise.all(runs);
    for (const r of results) {
      expect(r.out).not.toMatch(/\n\s+at |Uncaught|SqliteError|SQLITE_BUSY/);
      expect(r.code).toBe(0);
    }
    const italic = JSON.parse(results[4]!.out) as Array<{ payload: { entities: Array<{ type: string }> } }>;
    expect(italic[0]!.payload.entities.map((e) => e.type)).toContain("code");
    expect(await bot.stop()).toBe(0);
  });
});
