import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_MIGRATIONS, migrate, openDatabase } from "../../src/storage/db.js";
import { systemClock } from "../../src/clock.js";
import { createConversationStore } from "../../src/storage/kv-store.js";

describe("openDatabase", () => {
  it("uses WAL with synchronous=FULL and foreign keys, and runs every migration once", () => {
    const path = join(mkdtempSync(join(tmpdir(), "butler-db-")), "nested", "bot.db");
    const db = openDatabase(path);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    const version = db.pragma("user_version", { simple: true });
    expect(version).toBe(Math.max(...ALL_MIGRATIONS.map((m) => m.version)));
    db.close();
    // Reopening applies nothing twice.
    const again = openDatabase(path);
    expect(again.pragma("user_version", { simple: true })).toBe(version);
    again.close();
  });

  it("migration versions are unique and a failing migration leaves no half-applied schema", () => {
    const versions = ALL_MIGRATIONS.map((m) => m.version);
    expect(new Set(versions).size).toBe(versions.length);
    const db = openDatabase(":memory:", []);
    expect(() =>
      migrate(db, [{ version: 1, name: "broken", up: (d) => d.exec("CREATE TABLE a (x); CREATE TABLE a (y);") }]),
    ).toThrow();
    expect(db.pragma("user_version", { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });

  it("conversation state survives reopening the file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "butler-db-")), "bot.db");
    const db = openDatabase(path);
    createConversationStore<{ step: string }>(db, systemClock).write("consult/1001", { step: "phone" });
    db.close();
    const reopened = openDatabase(path);
    const store = createConversationStore<{ step: string }>(reopened, systemClock);
    expect(store.read("consult/1001")).toEqual({ step: "phone" });
    store.delete("consult/1001");
    expect(store.read("consult/1001")).toBeUndefined();
  });
});
