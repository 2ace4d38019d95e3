import type { Migration } from "../storage/migration.js";

export const serviceMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "update inbox",
    up: (db) =>
      db.exec(`
        -- Every update taken from Telegram, written before it is handled and marked when its handler ends.
        -- With concurrent handling Telegram counts an update as delivered as soon as it was fetched (or answered
        -- 200 on the webhook); the inbox is what replays it after a crash. Done rows stay a day to drop duplicates.
        CREATE TABLE update_inbox (
          update_id    INTEGER PRIMARY KEY,
          body         TEXT NOT NULL,
          received_at  INTEGER NOT NULL,
          done_at      INTEGER
        );
        CREATE INDEX update_inbox_pending ON update_inbox (update_id) WHERE done_at IS NULL;
      `),
  },
];
