import type { Migration } from "../storage/migration.js";

export const statsMigrations: Migration[] = [
  {
    version: 1,
    name: "weekly report deliveries",
    up: (db) =>
      db.exec(`
        -- One row per admin per week (week = the Monday's date in TZ), written BEFORE the send: the row
        -- is the claim that makes the report at most once per admin per week, restarts included.
        -- sent_at stays NULL when the send failed or the process died during it.
        CREATE TABLE stats_weekly_reports (
          week        TEXT NOT NULL,
          admin_id    INTEGER NOT NULL,
          claimed_at  INTEGER NOT NULL,
          sent_at     INTEGER,
          error       TEXT,
          PRIMARY KEY (week, admin_id)
        );
      `),
  },
];
