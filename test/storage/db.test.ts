import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { migrationSets } from "../../src/app.js";
import { systemClock } from "../../src/clock.js";
import { migrate, openDatabase } from "../../src/storage/db.js";
import { createConversationStore } from "../../src/storage/kv-store.js";
import { createMetaStore } from "../../src/storage/meta.js";
import { openTestDatabase } from "../helpers/db.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { join } from "node:path";

const applied = (db: Database.Database) =>
  db.prepare("SELECT owner, version FROM schema_migrations ORDER BY owner, version").all() as Array<{ owner: string; version: number }>;

describe("openDatabase", () => {
  it("uses WAL with synchronous=FULL and foreign keys, and runs every feature's migrations once", () => {
    const path = join(makeTempDir("butler-db-"), "nested", "bot.db");
    const db = openTestDatabase(path);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    const expected = [
      { owner: "storage", version: 1 },
      ...migrationSets().flatMap((s) => s.migrations.map((m) => ({ owner: s.owner, version: m.version }))),
    ].sort((a, b) => a.owner.localeCompare(b.owner) || a.version - b.version);
    expect(applied(db)).toEqual(expected);
    db.close();
    // Reopening applies nothing twice.
    const again = openTestDatabase(path);
    expect(applied(again)).toEqual(expected);
    again.close();
  });

  it("storage runs only the migrations it is given, and owns meta and conversation state", () => {
    const db = openDatabase(":memory:");
    expect(applied(db)).toEqual([{ owner: "storage", version: 1 }]);
    createMetaStore(db).set("k", "v");
    expect(createMetaStore(db).get("k")).toBe("v");
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'publications'").get()).toEqual({ n: 0 });
  });

  it("versions are per owner: a feature's new migration applies even when another owner has higher numbers", () => {
    const db = openDatabase(":memory:", [
      { owner: "a", migrations: [{ version: 100, name: "a100", up: (d) => d.exec("CREATE TABLE a100 (x)") }] },
    ]);
    migrate(db, [
      { owner: "a", migrations: [{ version: 100, name: "a100", up: () => { throw new Error("applied twice"); } }] },
      { owner: "b", migrations: [{ version: 1, name: "b1", up: (d) => d.exec("CREATE TABLE b1 (x)") }] },
    ]);
    expect(applied(db)).toEqual([{ owner: "a", version: 100 }, { owner: "b", version: 1 }, { owner: "storage", version: 1 }]);
  });

  it("a failing migration leaves no half-applied schema and is not recorded", () => {
    const db = openDatabase(":memory:");
    expect(() =>
      migrate(db, [{ owner: "x", migrations: [{ version: 1, name: "broken", up: (d) => d.exec("CREATE TABLE a (x); CREATE TABLE a (y);") }] }]),
    ).toThrow();
    expect(applied(db).filter((r) => r.owner === "x")).toEqual([]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").get()).toEqual({ n: 0 });
  });

  it("adopts a database made with the old global user_version numbering without re-running its migrations", () => {
    const path = join(makeTempDir("butler-db-"), "old.db");
    // The old layout: publishing 1 (with meta + conversation_state), search 100, consultation 200, user_version = 200.
    const old = new Database(path);
    const legacy: Record<string, number> = { publishing: 1, search: 100, consultation: 200 };
    for (const set of migrationSets()) for (const m of set.migrations) if (legacy[set.owner] === m.version) m.up(old);
    old.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    old.exec("CREATE TABLE IF NOT EXISTS conversation_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)");
    old.exec("INSERT INTO publications (slug, status, updated_at) VALUES ('kept', 'published', 1)");
    old.pragma("user_version = 200");
    old.close();
    const db = openTestDatabase(path);
    expect(db.prepare("SELECT slug FROM publications").all()).toEqual([{ slug: "kept" }]);
    // Migrations newer than the old layout still run, even when their number is below user_version.
    expect(db.prepare("SELECT slug, parts, outcome_unknown, review FROM publications").all()).toEqual([{ slug: "kept", parts: null, outcome_unknown: 0, review: null }]);
    expect(applied(db).length).toBeGreaterThanOrEqual(4);
    db.close();
  });

  it("conversation state survives reopening the file", () => {
    const path = join(makeTempDir("butler-db-"), "bot.db");
    const db = openTestDatabase(path);
    createConversationStore<{ step: string }>(db, systemClock).write("consult/1001", { step: "phone" });
    db.close();
    const reopened = openTestDatabase(path);
    const store = createConversationStore<{ step: string }>(reopened, systemClock);
    expect(store.read("consult/1001")).toEqual({ step: "phone" });
    store.delete("consult/1001");
    expect(store.read("consult/1001")).toBeUndefined();
    reopened.close();
  });
});
