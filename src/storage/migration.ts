import type { Database } from "better-sqlite3";

/** One schema step. Versions are local to their owner (a feature, or storage itself). */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** A feature's migrations, under the feature's name. */
export interface MigrationSet {
  owner: string;
  migrations: readonly Migration[];
}
