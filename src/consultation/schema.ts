import type { Migration } from "../storage/migration.js";

export const consultationMigrations: Migration[] = [
  {
    version: 200,
    name: "consultation leads and admin notice outbox",
    up: (db) =>
      db.exec(`
        -- One row per submitted request. Personal data (name, phone, call_time, comment, user_id) is
        -- stored only after explicit consent and is nulled by /forget (anonymised_at set), the rest stays
        -- for the counts. submission_key makes a double tap or a replayed update a no-op.
        CREATE TABLE leads (
          id               INTEGER PRIMARY KEY AUTOINCREMENT,
          submission_key   TEXT NOT NULL UNIQUE,
          user_id          INTEGER,
          name             TEXT,
          phone            TEXT,
          service          TEXT NOT NULL CHECK (service IN ('rent','concierge','cleaning','other')),
          call_time        TEXT,
          comment          TEXT,
          source           TEXT NOT NULL,
          consent_version  TEXT NOT NULL,
          consent_at       INTEGER NOT NULL,
          status           TEXT NOT NULL DEFAULT 'new'
                           CHECK (status IN ('new','in_progress','contacted','closed','spam')),
          created_at       INTEGER NOT NULL,
          updated_at       INTEGER NOT NULL,
          anonymised_at    INTEGER
        );
        CREATE INDEX leads_user_created ON leads (user_id, created_at);
        CREATE INDEX leads_status_created ON leads (status, created_at);

        -- Outbox: one row per admin chat that must see the lead card. Written in the same transaction
        -- as the lead, delivered by deliverPendingNotices until delivered_at is set.
        CREATE TABLE lead_notices (
          id               INTEGER PRIMARY KEY AUTOINCREMENT,
          lead_id          INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
          chat_id          INTEGER NOT NULL,
          message_id       INTEGER,
          attempts         INTEGER NOT NULL DEFAULT 0,
          next_attempt_at  INTEGER NOT NULL,
          delivered_at     INTEGER,
          last_error       TEXT,
          created_at       INTEGER NOT NULL,
          UNIQUE (lead_id, chat_id)
        );
        CREATE INDEX lead_notices_pending ON lead_notices (next_attempt_at) WHERE delivered_at IS NULL;
      `),
  },
];
