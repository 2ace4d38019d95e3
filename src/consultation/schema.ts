import type { Migration } from "../storage/migration.js";
import { backfillLeadLimit } from "./lead-limit.js";

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
  {
    version: 201,
    name: "consultation funnel",
    up: (db) =>
      db.exec(`
        -- How far each started request got, for drop-off per step (/stats reads it). No user id, no names
        -- or phones: one row per started conversation, the furthest step, how it began.
        CREATE TABLE consult_funnel (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          started_at    INTEGER NOT NULL,            -- ms since epoch
          source        TEXT NOT NULL CHECK (source IN ('command','menu','deeplink')),
          slug          TEXT,                        -- the post of a deep link, else NULL
          last_step     TEXT NOT NULL,               -- furthest step reached: name|phone|service|time|comment|consent|confirm|submitted
          submitted_at  INTEGER,                     -- set when the lead was saved
          cancelled_at  INTEGER                      -- /cancel, consent refused, expiry
        );
        CREATE INDEX consult_funnel_started ON consult_funnel (started_at);
        -- The update that started a funnel row: a start re-delivered after a crash finds its row instead
        -- of counting a second start. touched_at (the last step reached) lets a conversation abandoned
        -- without a word be recorded as expired. Update ids are the bot's, not personal; pruned after a week.
        CREATE TABLE consult_funnel_starts (
          update_id   INTEGER PRIMARY KEY,
          funnel_id   INTEGER NOT NULL UNIQUE REFERENCES consult_funnel (id) ON DELETE CASCADE,
          created_at  INTEGER NOT NULL,
          touched_at  INTEGER NOT NULL
        );
        CREATE INDEX consult_funnel_starts_touched ON consult_funnel_starts (touched_at);
      `),
  },
  {
    version: 202,
    name: "daily lead limit without personal data",
    up: (db) => {
      db.exec(`
        -- One row per submitted lead for the 3-a-day limit, so /forget (which removes the user id from
        -- leads) cannot reset it. subject is HMAC-SHA256(user id, a per-install secret in meta): without
        -- the secret it names nobody, and rows older than the 24-hour window are deleted.
        CREATE TABLE lead_limit_hits (
          subject  TEXT NOT NULL,
          at       INTEGER NOT NULL
        );
        CREATE INDEX lead_limit_hits_subject ON lead_limit_hits (subject, at);
      `);
      // Leads already in the window keep counting after the upgrade (migrations run at start: now is now).
      backfillLeadLimit(db, Date.now());
    },
  },
  {
    version: 203,
    name: "lead deliveries to the company's CRM",
    up: (db) =>
      db.exec(`
        -- The lead's own id for other systems (Bitrix24 ORIGIN_ID, the webhook's id and Idempotency-Key):
        -- random, so a database restored from a backup never hands an old id to a new lead.
        ALTER TABLE leads ADD COLUMN public_id TEXT;
        UPDATE leads SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;
        CREATE UNIQUE INDEX leads_public_id ON leads (public_id);
        -- The client's @username (personal data: sent to the CRM with consent, nulled by /forget).
        ALTER TABLE leads ADD COLUMN telegram_username TEXT;

        -- The outbox's second table: one row per lead and CRM target (bitrix24, webhook), written in the
        -- lead's transaction, with its own attempts and backoff, so one target failing never holds another.
        -- lookup_first: a request may have reached Bitrix24 without its answer reaching us (timeout, reset,
        -- 5xx, a crash): the next attempt looks the lead up by ORIGIN_ID before adding it again.
        -- in_flight_at: claimed by a running attempt; a crash leaves it set and the next start retries at once.
        CREATE TABLE lead_deliveries (
          id               INTEGER PRIMARY KEY AUTOINCREMENT,
          lead_id          INTEGER NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
          target           TEXT NOT NULL CHECK (target IN ('bitrix24','webhook')),
          attempts         INTEGER NOT NULL DEFAULT 0,
          next_attempt_at  INTEGER NOT NULL,
          in_flight_at     INTEGER,
          lookup_first     INTEGER NOT NULL DEFAULT 0,
          delivered_at     INTEGER,
          external_id      TEXT,
          last_error       TEXT,
          created_at       INTEGER NOT NULL,
          UNIQUE (lead_id, target)
        );
        CREATE INDEX lead_deliveries_pending ON lead_deliveries (target, next_attempt_at) WHERE delivered_at IS NULL;
      `),
  },
];
