import type { Db } from "../../src/storage/db.js";

/** Rows as the features write them: a lead with one delivered and one pending admin notice, and posts in every state. */
export function seedServiceRows(db: Db, now: Date): void {
  const t = now.getTime();
  db.prepare(
    `INSERT INTO leads (submission_key, user_id, name, phone, service, call_time, comment, source, consent_version, consent_at, created_at, updated_at)
     VALUES ('k1', 1001, 'Анна', '+79110000000', 'rent', 'вечер', NULL, 'command', 'v1', ?, ?, ?)`,
  ).run(t, t, t);
  const notice = db.prepare(
    "INSERT INTO lead_notices (lead_id, chat_id, attempts, next_attempt_at, delivered_at, created_at) VALUES (1, ?, ?, ?, ?, ?)",
  );
  notice.run(42, 1, t, t, t - 60_000); // delivered
  notice.run(43, 4, t, null, t - 15 * 60_000); // pending for 15 min: stuck
  notice.run(44, 0, t, null, t - 30_000); // pending, fresh
  const pub = db.prepare("INSERT INTO publications (slug, status, due_at, error, updated_at) VALUES (?, ?, ?, ?, ?)");
  pub.run("old-post", "published", t - 86_400_000, null, t);
  pub.run("broken-post", "failed", t - 3_600_000, "Bad Request", t);
  pub.run("next-post", "scheduled", t + 2 * 3_600_000, null, t);
  pub.run("later-post", "scheduled", t + 48 * 3_600_000, null, t);
  pub.run("archive-post", "archived", null, null, t);
}
