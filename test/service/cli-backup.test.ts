import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, onTestFinished } from "vitest";
import { lastBackupAt } from "../../src/service/backup.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { spawnBot } from "../e2e/spawn-bot.js";

describe("cli backup", () => {
  it("copies the database while another process keeps writing; the copy passes integrity_check", async () => {
    const dir = makeTempDir("butler-cli-backup-");
    const path = join(dir, "bot.db");
    const db = openTestDatabase(path);
    onTestFinished(() => void db.close());
    const put = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    db.transaction(() => {
      for (let i = 0; i < 5_000; i++) put.run(`filler.${i}`, "x".repeat(200));
    })();
    let n = 0;
    const writer = setInterval(() => put.run(`live.${n++}`, "y"), 2);
    mkdirSync(join(dir, "copies"));
    const file = join(dir, "copies", "manual.db");
    const cli = spawnBot({ DATABASE_PATH: path, LOG_LEVEL: "warn" }, "dist/cli.js", ["backup", file]);
    const code = await cli.exited;
    clearInterval(writer);

    expect(code).toBe(0);
    expect(cli.output()).toMatch(new RegExp(`^резервная копия: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ КБ\\)\\n$`));
    const copy = new Database(file, { readonly: true });
    onTestFinished(() => void copy.close());
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.prepare("SELECT COUNT(*) AS n FROM meta WHERE key LIKE 'filler.%'").get()).toEqual({ n: 5_000 });
    // An ad-hoc copy is not the daily backup: «last backup» (/status, the metric) does not move.
    expect(lastBackupAt(db)).toBeUndefined();
  });

  it("refuses a folder that does not exist: creates nothing, exit 2, the daily-backup metric untouched", async () => {
    const dir = makeTempDir("butler-cli-backup-");
    const path = join(dir, "bot.db");
    openTestDatabase(path).close();
    const cli = spawnBot({ DATABASE_PATH: path, LOG_LEVEL: "warn" }, "dist/cli.js", ["backup", join(dir, "nonexistent", "dir", "x.db")]);
    expect(await cli.exited).toBe(2);
    expect(cli.output()).toBe(
      `Не удалось сделать резервную копию: папки ${join(dir, "nonexistent", "dir")} нет. Создайте её или укажите существующую (без файла копия ляжет в data/backups/).\n`,
    );
    expect(existsSync(join(dir, "nonexistent"))).toBe(false);
    const db = new Database(path, { readonly: true });
    onTestFinished(() => void db.close());
    expect(lastBackupAt(db)).toBeUndefined();
  });

  it("without a file writes into data/backups/ beside the database", async () => {
    const dir = makeTempDir("butler-cli-backup-");
    const path = join(dir, "bot.db");
    openTestDatabase(path).close();
    const cli = spawnBot({ DATABASE_PATH: path, LOG_LEVEL: "warn" }, "dist/cli.js", ["backup"]);
    expect(await cli.exited).toBe(0);
    expect(readdirSync(join(dir, "backups"))).toEqual([expect.stringMatching(/^bot-\d{8}T\d{6}Z\.db$/)]);
  });
});
