import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database, { type Database as Db } from "better-sqlite3";
import type { Migration } from "./migration.js";
import { publishingMigrations } from "../publishing/schema.js";
import { searchMigrations } from "../search/schema.js";
import { consultationMigrations } from "../consultation/schema.js";

export type { Db };

export const ALL_MIGRATIONS: readonly Migration[] = [
  ...publishingMigrations,
  ...searchMigrations,
  ...consultationMigrations,
].sort((a, b) => a.version - b.version);

/**
 * Opens the database the bot relies on for "nothing acknowledged is lost":
 * WAL for concurrent readers, synchronous=FULL so a commit survives power loss.
 */
export function openDatabase(path: string, migrations: readonly Migration[] = ALL_MIGRATIONS): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // better-sqlite3 defaults to a 16 MB page cache per connection; the whole database of a blog bot
  // is a few MB, so 4 MB holds its hot pages and keeps the process small.
  db.pragma("cache_size = -4000");
  migrate(db, migrations);
  return db;
}

/** Applies pending migrations, each in its own transaction, tracked by PRAGMA user_version. */
export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
