import type { Migration } from "../storage/migration.js";

/**
 * What used to be fixed in .env and is now chosen in Telegram (issue 16). Run under the setup feature's name;
 * the tables are read by the settings module every consumer asks at use time.
 */
export const settingsMigrations: Migration[] = [
  {
    version: 1,
    name: "settings, admins, one-time codes",
    up: (db) =>
      db.exec(`
        -- Small named choices (channel, leads chat, format, weekly report, pending offers). Being in the
        -- database they take effect at once and are part of every backup.
        CREATE TABLE settings (
          key         TEXT PRIMARY KEY,
          value       TEXT NOT NULL,
          updated_at  INTEGER NOT NULL
        );
        -- Admins chosen in Telegram (ADMIN_IDS stay in the environment). Names only for the /admins list.
        CREATE TABLE admins (
          user_id     INTEGER PRIMARY KEY,
          role        TEXT NOT NULL CHECK (role IN ('owner','admin')),
          name        TEXT,
          added_by    INTEGER,
          added_at    INTEGER NOT NULL
        );
        -- Owner link and invite codes: only their SHA-256 is kept, so a copy of the database grants nothing.
        CREATE TABLE setup_codes (
          hash        TEXT PRIMARY KEY,
          kind        TEXT NOT NULL CHECK (kind IN ('owner','invite')),
          created_by  INTEGER,
          created_at  INTEGER NOT NULL,
          expires_at  INTEGER,
          used_by     INTEGER,
          used_at     INTEGER
        );
        -- Wrong codes per user: repeated guesses are slowed down.
        CREATE TABLE setup_attempts (
          user_id        INTEGER PRIMARY KEY,
          failures       INTEGER NOT NULL,
          last_at        INTEGER NOT NULL,
          blocked_until  INTEGER NOT NULL DEFAULT 0
        );
      `),
  },
];
