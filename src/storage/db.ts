import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database, { type Database as Db } from "better-sqlite3";
import type { Migration, MigrationSet } from "./migration.js";
import { storageMigrations, STORAGE_OWNER } from "./schema.js";

export type { Db };

/**
 * Opens the database the bot relies on for "nothing acknowledged is lost": WAL for concurrent
 * readers, synchronous=FULL so a commit survives power loss. Storage knows no feature: the caller
 * passes the features' migrations (app.ts derives them from the feature list).
 */
export function openDatabase(path: string, sets: readonly MigrationSet[] = []): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // First: the bot and several CLI commands may open the database at once; every later statement (the
  // journal mode switch and the migrations included) waits for a lock instead of failing with SQLITE_BUSY.
  db.pragma("busy_timeout = 5000");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  // better-sqlite3 defaults to a 16 MB page cache per connection; the whole database of a blog bot
  // is a few MB, so 4 MB holds its hot pages and keeps the process small.
  db.pragma("cache_size = -4000");
  migrate(db, [{ owner: STORAGE_OWNER, migrations: storageMigrations }, ...sets]);
  return db;
}

/**
 * Applies pending migrations, each in its own transaction, tracked per owner in `schema_migrations`.
 * Databases made before per-owner tracking numbered all migrations in one `user_version` sequence
 * (publishing 1–99, search 100–199, consultation 200–299): those are adopted as applied.
 */
export function migrate(db: Db, sets: readonly MigrationSet[]): void {
  const legacyVersion = db.pragma("user_version", { simple: true }) as number;
  const fresh = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").get() === undefined;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    owner TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL,
    PRIMARY KEY (owner, version))`);
  const applied = db.prepare<[string, number], { n: number }>("SELECT 1 AS n FROM schema_migrations WHERE owner = ? AND version = ?");
  const record = db.prepare<[string, number, string, number]>(
    "INSERT INTO schema_migrations (owner, version, name, applied_at) VALUES (?, ?, ?, ?)",
  );
  for (const { owner, migrations } of sets) {
    for (const m of [...migrations].sort(byVersion)) {
      if (applied.get(owner, m.version)) continue;
      // Checked again under the write lock (IMMEDIATE): two processes starting together must not both run it.
      db.transaction(() => {
        if (applied.get(owner, m.version)) return;
        const adopted = fresh && LEGACY_MIGRATIONS[owner] === m.version && m.version <= legacyVersion;
        if (!adopted) m.up(db);
        record.run(owner, m.version, m.name, Date.now());
      }).immediate();
    }
  }
}

/**
 * The only migrations a database from before per-owner tracking can hold (its user_version counted
 * them globally). Newer ones, even with a smaller number (publishing 2), must still run on it.
 */
const LEGACY_MIGRATIONS: Readonly<Record<string, number>> = { publishing: 1, search: 100, consultation: 200 };

function byVersion(a: Migration, b: Migration): number {
  return a.version - b.version;
}
