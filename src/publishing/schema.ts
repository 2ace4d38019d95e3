import type { Migration } from "../storage/migration.js";

export const publishingMigrations: Migration[] = [
  {
    version: 1,
    name: "publication log",
    up: (db) =>
      db.exec(`
        CREATE TABLE publications (
          slug          TEXT PRIMARY KEY,
          status        TEXT NOT NULL CHECK (status IN ('archived','scheduled','sending','published','failed','unpublished')),
          content_hash  TEXT,
          format        TEXT,
          chat_id       TEXT,
          message_ids   TEXT NOT NULL DEFAULT '[]',
          due_at        INTEGER,
          published_at  INTEGER,
          error         TEXT,
          attempts      INTEGER NOT NULL DEFAULT 0,
          updated_at    INTEGER NOT NULL
        );
        CREATE INDEX publications_due ON publications (status, due_at);
      `),
  },
];
