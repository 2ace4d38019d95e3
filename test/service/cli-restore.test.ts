import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, onTestFinished } from "vitest";
import { backupDatabase } from "../../src/service/backup.js";
import { acquireInstanceLock } from "../../src/service/instance-lock.js";
import type { Db } from "../../src/storage/db.js";
import { spawnBot } from "../e2e/spawn-bot.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock } from "../helpers/test-bot.js";
import { makeTempDir } from "../helpers/temp-dir.js";

const publish = (db: Db, slug: string, status = "published", messageIds = "[101]") =>
  db.prepare("INSERT OR REPLACE INTO publications (slug, status, message_ids, published_at, updated_at) VALUES (?, ?, ?, 1, 1)").run(slug, status, messageIds);

async function setup() {
  const dir = makeTempDir("butler-cli-restore-");
  const path = join(dir, "bot.db");
  const backup = join(dir, "copy.db");
  const db = openTestDatabase(path);
  publish(db, "staryj-post");
  await backupDatabase(db, backup, createFakeClock("2026-12-01T03:00:00Z"), { daily: false });
  // After the copy: one more post went to the channel, one is only scheduled.
  publish(db, "novyj-post");
  publish(db, "zaplanirovan", "scheduled", "[]");
  db.close();
  return { dir, path, backup };
}

function restore(path: string, file: string) {
  const cli = spawnBot({ DATABASE_PATH: path, LOG_LEVEL: "warn" }, "dist/cli.js", ["restore", file]);
  return cli.exited.then((code) => ({ code, out: cli.output() }));
}

function statuses(path: string) {
  const db = new Database(path, { readonly: true });
  onTestFinished(() => void db.close());
  return db.prepare("SELECT slug, status FROM publications ORDER BY slug").all();
}

describe("cli restore", () => {
  it("checks the copy, keeps the replaced database beside it, and marks posts already in the channel as published", async () => {
    const { dir, path, backup } = await setup();
    const { code, out } = await restore(path, backup);
    expect(code).toBe(0);
    const replaced = readdirSync(dir).find((f) => /^bot\.db\.replaced-\d{8}T\d{6}Z$/.test(f));
    expect(replaced).toBeDefined();
    expect(out).toBe(
      `База ${path} восстановлена из ${backup}. Прежняя база сохранена рядом: ${join(dir, replaced!)}.\n` +
        "Эти посты уже в канале, а копия о них не знала — отмечены опубликованными по прежней базе, повторно не уйдут: novyj-post.\n",
    );
    // The restored copy + the post that reached the channel after it; the scheduled one is the copy's business.
    expect(statuses(path)).toEqual([{ slug: "novyj-post", status: "published" }, { slug: "staryj-post", status: "published" }]);
    expect(statuses(join(dir, replaced!))).toHaveLength(3);
  });

  it("refuses while a bot holds the database (the instance lock); nothing changes", async () => {
    const { dir, path, backup } = await setup();
    const lock = acquireInstanceLock(path);
    if (!lock.ok) throw new Error("lock");
    onTestFinished(() => lock.release());
    const { code, out } = await restore(path, backup);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^Бот работает с базой ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(pid \\d+, started .+\\): остановите его`));
    expect(readdirSync(dir).some((f) => f.includes("replaced"))).toBe(false);
    expect(statuses(path)).toHaveLength(3);
  });

  it.each([
    ["not a database", (file: string) => writeFileSync(file, "это не база\n".repeat(100)), "это не база SQLite"],
    [
      "a copy from a newer bot",
      (file: string) => {
        const db = new Database(file);
        db.prepare("INSERT INTO schema_migrations (owner, version, name, applied_at) VALUES ('publishing', 99, 'future', 1)").run();
        db.close();
      },
      "копию сделала более новая версия бота (миграции publishing 99 «future»); обновите бота",
    ],
    [
      "a database of something else",
      (file: string) => {
        const db = new Database(file);
        db.exec("DROP TABLE schema_migrations");
        db.close();
      },
      "в копии нет таблиц бота (schema_migrations, publications)",
    ],
  ])("refuses %s; the current database is not touched", async (_name, spoil, reason) => {
    const { dir, path, backup } = await setup();
    spoil(backup);
    const { code, out } = await restore(path, backup);
    expect(code).toBe(1);
    expect(out).toBe(`Не восстанавливаю из ${backup}: ${reason}. Текущая база не тронута.\n`);
    expect(readdirSync(dir).some((f) => f.includes("replaced") || f.includes("restoring"))).toBe(false);
    expect(statuses(path)).toHaveLength(3);
  });

  it("without a file prints its usage (exit 2)", async () => {
    const { path } = await setup();
    const cli = spawnBot({ DATABASE_PATH: path }, "dist/cli.js", ["restore"]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toBe("restore: не указан аргумент <файл>.\nИспользование: npm run --silent cli -- restore <файл> (подробнее: restore --help)\n");
    expect(existsSync(path)).toBe(true);
  });
});
