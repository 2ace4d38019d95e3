import type { Migration } from "./migration.js";

export const STORAGE_OWNER = "storage";

/**
 * Tables every feature may use: `meta` (small named values) and the conversations plugin's state.
 * IF NOT EXISTS: databases made before storage owned them got both from the publishing feature.
 */
export const storageMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "meta and conversation state",
    up: (db) =>
      db.exec(`
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS conversation_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
      `),
  },
];
