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

/** CRM deliveries of lead 1 (issue 18): Bitrix24 pending after two failures, the webhook delivered, one more pending fresh. */
export function seedCrmDeliveries(db: Db, now: Date): void {
  const t = now.getTime();
  db.prepare(
    `INSERT INTO leads (submission_key, user_id, name, phone, service, call_time, comment, source, consent_version, consent_at, created_at, updated_at)
     VALUES ('k2', 1002, 'Олег', '+79110000001', 'rent', 'вечер', NULL, 'command', '2026-12-08+crm', ?, ?, ?)`,
  ).run(t, t, t);
  const row = db.prepare(
    "INSERT INTO lead_deliveries (lead_id, target, attempts, next_attempt_at, delivered_at, external_id, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  );
  row.run(1, "bitrix24", 2, t + 60_000, null, null, "unreachable:network:ECONNREFUSED", t - 120_000);
  row.run(1, "webhook", 1, t, t - 100_000, null, null, t - 120_000);
  row.run(2, "bitrix24", 0, t, null, null, null, t);
  row.run(2, "webhook", 1, t + 30_000, null, null, "unknown:http:502", t);
}
