import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkTelegramCall } from "../src/bot-api/telegram-rules.js";
import { makeContentDir, postFile, SEED_SLUG } from "./helpers/content-dir.js";
import { spawnBot } from "./e2e/spawn-bot.js";
import { makeTempDir } from "./helpers/temp-dir.js";

function cli(args: string[], env: Record<string, string> = {}) {
  const dir = makeTempDir("butler-cli-");
  const proc = spawnBot({ DATABASE_PATH: join(dir, "bot.db"), BOT_USERNAME: "butlerspb_bot", CHANNEL_ID: "@butlerspb", LOG_LEVEL: "warn", ...env }, "dist/cli.js", args);
  return proc.exited.then((code) => ({ code, out: proc.output() }));
}

describe("cli", () => {
  it.each(["rich", "teaser", "long"])("preview --format %s --json prints the exact calls, each valid for Telegram", async (format) => {
    const { code, out } = await cli(["preview", SEED_SLUG, "--format", format, "--json"], { CONTENT_DIR: makeContentDir() });
    expect(code).toBe(0);
    const calls = JSON.parse(out) as Array<{ method: string; payload: Record<string, unknown> }>;
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.payload.chat_id).toBe("@butlerspb");
      expect(checkTelegramCall(c.method, c.payload)).toEqual([]);
    }
    const first = { rich: "sendRichMessage", teaser: "sendPhoto", long: "sendMessage" }[format];
    expect(calls[0]!.method).toBe(first);
  });

  it("preview of an unknown slug or format explains itself", async () => {
    const content = makeContentDir();
    const missing = await cli(["preview", "net-takogo", "--json"], { CONTENT_DIR: content });
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("Пост «net-takogo» не найден");
    const badFormat = await cli(["preview", SEED_SLUG, "--format", "html"], { CONTENT_DIR: content });
    expect(badFormat.code).toBe(2);
    expect(badFormat.out).toContain("Неизвестный формат «html»: допустимы rich, teaser, long.");
  });

  it("posts lists statuses and bad files", async () => {
    const content = makeContentDir({ "slomannyj.md": "---\ntitle: [oops\n---\n", "novyj.md": postFile({ title: "Новый", pubDate: "2026-01-02" }) });
    const { code, out } = await cli(["posts", "--json"], { CONTENT_DIR: content });
    expect(code).toBe(0);
    const data = JSON.parse(out) as { posts: Array<{ slug: string; status: string }>; errors: Array<{ file: string }> };
    expect(data.posts.map((p) => [p.slug, p.status]).sort()).toEqual([["kachestvo-obsluzhivaniya", "new"], ["novyj", "new"]]);
    expect(data.errors.map((e) => e.file)).toEqual(["slomannyj.md"]);
  });

  it("`search \"аренда\" --json`: options anywhere, the query is «аренда» and the answer JSON", async () => {
    const { code, out } = await cli(["search", "уборка", "--json"], { CONTENT_DIR: makeContentDir() });
    expect(code).toBe(0);
    expect(Array.isArray(JSON.parse(out))).toBe(true);
  });

  it.each([
    [["search"], "search: не указан аргумент <запрос>."],
    [["search", ""], "search: не указан аргумент <запрос>."],
    [["preview"], "preview: не указан аргумент <slug>."],
    [["preview", SEED_SLUG, "--format"], "preview: у параметра --format нет значения."],
    [["posts", "--bogus"], "posts: неизвестный параметр --bogus."],
    [["leads", "--csv", "--status"], "leads: у параметра --status нет значения."],
  ])("%j names the problem, prints the usage and exits 2", async (args, message) => {
    const { code, out } = await cli(args, { CONTENT_DIR: makeContentDir() });
    expect(code).toBe(2);
    const [first, usage] = out.split("\n");
    expect(first).toBe(message);
    expect(usage).toMatch(new RegExp(`^Использование: npm run --silent cli -- ${args[0]} `));
  });

  it("--help on every command: its usage, options and what it does; exit 0", async () => {
    const help = await cli(["help"]);
    const names = [...help.out.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((n) => n !== "help");
    expect(names).toEqual(expect.arrayContaining(["index", "search", "preview", "publish", "posts", "leads", "backup", "restore", "sync", "stats"]));
    for (const name of names) {
      const { code, out } = await cli([name, "--help"]);
      expect(code, name).toBe(0);
      expect(out, name).toMatch(new RegExp(`^Использование: npm run --silent cli -- ${name}( |\n)`));
      expect(out, name).toContain("  --help");
    }
  });

  it("posts: a future post is «запланирован на <дата>», columns hold with a long slug, --help explains each status", async () => {
    const longSlug = "ochen-dlinnoe-nazvanie-posta-pro-posutochnuyu-arendu-v-peterburge";
    const content = makeContentDir({ [`${longSlug}.md`]: postFile({ title: "Длинный", pubDate: "2099-01-02 10:00" }) });
    const { code, out } = await cli(["posts"], { CONTENT_DIR: content, TZ: "Europe/Moscow" });
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    const future = lines.find((l) => l.startsWith(longSlug))!;
    expect(future).toMatch(new RegExp(`^${longSlug}  запланирован на 02\\.01\\.2099, 10:00  02\\.01\\.2099, 10:00$`));
    // The second column starts at the same place on every line.
    const seed = lines.find((l) => l.startsWith(SEED_SLUG))!;
    expect(seed.indexOf(seed.slice(SEED_SLUG.length).trimStart())).toBe(longSlug.length + 2);
    const help = await cli(["posts", "--help"]);
    for (const status of ["черновик", "запланирован на <дата>", "новый", "архив", "опубликован", "ошибка", "снят"]) expect(help.out).toContain(`  ${status}`);
  });

  it("help and unknown commands", async () => {
    const help = await cli(["help"]);
    expect(help.code).toBe(0);
    for (const cmd of ["index", "search", "preview", "publish", "posts", "leads"]) expect(help.out).toContain(`  ${cmd}`);
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain("Неизвестная команда «frobnicate»");
  });
});
