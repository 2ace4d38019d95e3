import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { backupDatabase, backupFileName, createBackupWorker, lastBackupAt, pruneBackups } from "../../src/service/backup.js";
import { openDatabase, type Db } from "../../src/storage/db.js";
import { createFakeClock } from "../helpers/test-bot.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "butler-backup-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
function open(path: string): Db {
  const db = openDatabase(path);
  cleanups.push(() => db.close());
  return db;
}

describe("backups", () => {
  it("an online backup taken while another connection writes passes integrity_check and holds a consistent snapshot", async () => {
    const dir = tempDir();
    const path = join(dir, "bot.db");
    const db = open(path);
    db.exec("CREATE TABLE filler (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL)");
    const insert = db.prepare("INSERT INTO filler (a, b) VALUES (?, ?)");
    db.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`row ${i}`, "x".repeat(100));
    })();
    // A second connection, as the bot is to the CLI: it keeps writing pairs in transactions during the copy.
    const writer = open(path);
    const pair = writer.transaction((i: number) => {
      writer.prepare("INSERT INTO filler (a, b) VALUES (?, 'pair')").run(`w${i}`);
      writer.prepare("INSERT INTO filler (a, b) VALUES (?, 'pair')").run(`w${i}`);
    });
    let writes = 0;
    let writing = true;
    const loop = (async () => {
      while (writing) {
        pair(writes++);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const clock = createFakeClock("2026-12-01T03:00:00Z");
    const file = join(dir, "backups", backupFileName(clock.now()));
    const result = await backupDatabase(db, file, clock);
    writing = false;
    await loop;

    expect(writes).toBeGreaterThan(0);
    expect(result.file).toBe(join(dir, "backups", "bot-20261201T030000Z.db"));
    expect(readdirSync(join(dir, "backups"))).toEqual(["bot-20261201T030000Z.db"]);
    const copy = new Database(file, { readonly: true });
    cleanups.push(() => copy.close());
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const pairs = copy.prepare("SELECT a, COUNT(*) AS n FROM filler WHERE b = 'pair' GROUP BY a HAVING n <> 2").all();
    expect(pairs).toEqual([]); // never half of a transaction
    expect(copy.prepare("SELECT COUNT(*) AS n FROM filler WHERE b <> 'pair'").get()).toEqual({ n: 20_000 });
    expect(lastBackupAt(db)?.toISOString()).toBe("2026-12-01T03:00:00.000Z");
  });

  it("pruning keeps the newest BACKUP_KEEP backups and ignores other files", () => {
    const dir = tempDir();
    const names = ["bot-20261125T030000Z.db", "bot-20261126T030000Z.db", "bot-20261127T030000Z.db", "bot-20261128T030000Z.db"];
    for (const n of [...names, "manual.db", "notes.txt"]) writeFileSync(join(dir, n), "x");
    expect(pruneBackups(dir, 2)).toEqual(names.slice(0, 2));
    expect(readdirSync(dir).sort()).toEqual([...names.slice(2), "manual.db", "notes.txt"]);
  });

  it("the daily worker backs up once a day: not again after a restart, again 24 h later, keeping BACKUP_KEEP", async () => {
    const dir = tempDir();
    const path = join(dir, "bot.db");
    const db = open(path);
    const clock = createFakeClock("2026-12-01T03:00:00Z");
    const log = createLogger("silent");
    const worker = () => createBackupWorker({ db, databasePath: path, keep: 2, clock, log, checkEveryMs: 60_000 });
    await worker().runOnce();
    clock.advance(60 * 60_000);
    await worker().runOnce(); // a restart an hour later: still today's backup
    expect(readdirSync(join(dir, "backups"))).toEqual(["bot-20261201T030000Z.db"]);
    for (let day = 1; day <= 3; day++) {
      clock.advance(24 * 60 * 60_000);
      await worker().runOnce();
    }
    expect(readdirSync(join(dir, "backups")).sort()).toEqual(["bot-20261203T040000Z.db", "bot-20261204T040000Z.db"]);
  });

  it("start backs up at once when due and stop waits for the copy in flight", async () => {
    const dir = tempDir();
    const path = join(dir, "bot.db");
    const db = open(path);
    const w = createBackupWorker({ db, databasePath: path, keep: 7, clock: createFakeClock(), log: createLogger("silent") });
    w.start();
    await w.stop();
    expect(readdirSync(join(dir, "backups"))).toHaveLength(1);
  });
});
