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
  {
    version: 2,
    name: "publication parts, unknown outcome, review of late posts",
    // parts: JSON [{ messageId, kind }] in channel order, kind = what was really sent (rich | photo | text), so
    // /update edits each message the way it can be edited. NULL on rows from version 1: kinds are inferred
    // from the format. outcome_unknown: the part after the recorded ones may or may not be in the channel.
    // review: a late post held for an admin's decision ('pending' until the admins were told, then 'asked').
    up: (db) =>
      db.exec(`
        ALTER TABLE publications ADD COLUMN parts TEXT;
        ALTER TABLE publications ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE publications ADD COLUMN review TEXT;
      `),
  },
];
