import type { Migration } from "../storage/migration.js";

export const contentSyncMigrations: Migration[] = [
  {
    version: 1,
    name: "content sync state and admin notices",
    up: (db) =>
      db.exec(`
        CREATE TABLE content_sync_state (
          id               INTEGER PRIMARY KEY CHECK (id = 1),
          commit_sha       TEXT,
          synced_at        INTEGER,
          incident         TEXT,
          incident_since   INTEGER
        );
        INSERT INTO content_sync_state (id) VALUES (1);
        -- An outbox of admin notices: written with the sync's commit in one transaction, delivered
        -- afterwards and retried on the next sync if Telegram was down. UNIQUE (kind, dedup_key) is what
        -- makes "a broken file is told once" and "one message per changed version" hold.
        CREATE TABLE content_sync_notices (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          kind        TEXT NOT NULL CHECK (kind IN ('changed','removed','invalid','archived','incident','recloned','recovered')),
          dedup_key   TEXT NOT NULL,
          slug        TEXT,
          file        TEXT,
          detail      TEXT,
          created_at  INTEGER NOT NULL,
          sent_at     INTEGER,
          UNIQUE (kind, dedup_key)
        );
        CREATE INDEX content_sync_notices_pending ON content_sync_notices (sent_at, id);
      `),
  },
];
