import { describe, expect, it } from "vitest";
import { createSettings } from "../../src/settings/settings.js";
import { createLeadLimit, LEAD_LIMIT_SECRET_META } from "../../src/consultation/lead-limit.js";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { submitLead, type LeadSubmission } from "../../src/consultation/submit-lead.js";
import { createLogger } from "../../src/logger.js";
import { consultationMigrations } from "../../src/consultation/schema.js";
import { migrate, openDatabase } from "../../src/storage/db.js";
import { openTestDatabase } from "../helpers/db.js";
import { createFakeClock, testConfig } from "../helpers/test-bot.js";

// submitLead is the «Отправить» service: no Telegram here, only the database.
function setup(config: Record<string, string> = {}) {
  const db = openTestDatabase();
  const clock = createFakeClock();
  const deps = { db, clock, config: testConfig(config), settings: createSettings(testConfig(config), db), log: createLogger("silent") };
  const submission = (key: string, userId = 1001): LeadSubmission => ({
    submissionKey: key,
    userId,
    draft: { name: "Иван", phone: "+79211234567", service: "rent", callTime: "вечером", comment: null },
    source: "post:x",
    consentAt: clock.now().getTime(),
  });
  const rows = (sql: string) => db.prepare(sql).all();
  return { db, clock, deps, submission, rows, repo: createLeadRepo(db) };
}

describe("submitLead", () => {
  it("saves the lead with its consent and one outbox row per admin chat, idempotently", () => {
    const s = setup({ ADMIN_IDS: "42,43" });
    expect(submitLead(s.deps, s.submission("k1"))).toEqual({ status: "saved", leadId: 1, created: true });
    expect(submitLead(s.deps, s.submission("k1"))).toEqual({ status: "saved", leadId: 1, created: false });
    expect(s.repo.get(1)).toMatchObject({ name: "Иван", source: "post:x", consentVersion: "2026-11-24", status: "new" });
    expect(s.rows("SELECT lead_id, chat_id, delivered_at FROM lead_notices")).toEqual([
      { lead_id: 1, chat_id: 42, delivered_at: null },
      { lead_id: 1, chat_id: 43, delivered_at: null },
    ]);
    expect(s.rows("SELECT COUNT(*) AS n FROM lead_limit_hits")).toEqual([{ n: 1 }]); // the repeat did not count
  });

  it("sends notices to LEADS_CHAT_ID when it is set", () => {
    const s = setup({ LEADS_CHAT_ID: "-100500" });
    submitLead(s.deps, s.submission("k1"));
    expect(s.rows("SELECT chat_id FROM lead_notices")).toEqual([{ chat_id: -100500 }]);
  });

  it("refuses a 4th lead within 24 hours, per person, and allows it once the window has passed", () => {
    const s = setup();
    for (const key of ["a", "b", "c"]) {
      expect(submitLead(s.deps, s.submission(key)).status).toBe("saved");
      s.clock.advance(60_000);
    }
    expect(submitLead(s.deps, s.submission("d"))).toEqual({ status: "limit" });
    expect(submitLead(s.deps, s.submission("e", 2002)).status).toBe("saved");
    expect(s.rows("SELECT COUNT(*) AS n FROM leads")).toEqual([{ n: 4 }]);
    s.clock.advance(24 * 60 * 60_000 - 3 * 60_000 + 1);
    expect(submitLead(s.deps, s.submission("d")).status).toBe("saved");
  });

  it("/forget (anonymising the leads) does not reset the limit, and the counter holds no user id", () => {
    const s = setup();
    for (const key of ["a", "b", "c"]) submitLead(s.deps, s.submission(key));
    expect(s.repo.anonymiseUser(1001, s.clock.now().getTime())).toEqual([1, 2, 3]);
    expect(s.rows("SELECT COUNT(*) AS n FROM leads WHERE user_id = 1001")).toEqual([{ n: 0 }]); // what the old limit counted
    expect(submitLead(s.deps, s.submission("d"))).toEqual({ status: "limit" });
    expect(createLeadLimit(s.db).count(1001, s.clock.now().getTime())).toBe(3);

    const hits = s.rows("SELECT subject, at FROM lead_limit_hits") as { subject: string }[];
    expect(hits).toHaveLength(3);
    for (const hit of hits) {
      expect(hit.subject).toMatch(/^[0-9a-f]{64}$/);
      expect(hit.subject).not.toContain("1001");
    }
    // The key is per install: another database gives the same user another subject.
    const other = setup();
    submitLead(other.deps, other.submission("a"));
    const otherSubject = (other.rows("SELECT subject FROM lead_limit_hits")[0] as { subject: string }).subject;
    expect(otherSubject).not.toBe(hits[0]!.subject);
    expect(s.rows(`SELECT COUNT(*) AS n FROM meta WHERE key = '${LEAD_LIMIT_SECRET_META}'`)).toEqual([{ n: 1 }]);
  });

  it("prunes counter rows older than the window", () => {
    const s = setup();
    submitLead(s.deps, s.submission("a"));
    s.clock.advance(25 * 60 * 60_000);
    submitLead(s.deps, s.submission("b", 2002));
    expect(s.rows("SELECT COUNT(*) AS n FROM lead_limit_hits")).toEqual([{ n: 1 }]);
  });

  it("an upgraded database keeps counting the leads of the last 24 hours (migration backfill)", () => {
    const before = consultationMigrations.filter((m) => m.version < 202);
    const db = openDatabase(":memory:", [{ owner: "consultation", migrations: before }]);
    const insert = db.prepare(
      `INSERT INTO leads (submission_key, user_id, name, phone, service, source, consent_version, consent_at, created_at, updated_at)
       VALUES (?, ?, 'Иван', '+79211234567', 'rent', 'command', 'v', ?, ?, ?)`,
    );
    const hour = 60 * 60_000;
    for (const [key, user, ago] of [["a", 1001, hour], ["b", 1001, 2 * hour], ["c", 1001, 3 * hour], ["d", 1001, 25 * hour], ["e", 2002, hour]] as const) {
      const at = Date.now() - ago;
      insert.run(key, user, at, at, at);
    }
    migrate(db, [{ owner: "consultation", migrations: consultationMigrations }]);
    const limit = createLeadLimit(db);
    expect(limit.count(1001, Date.now())).toBe(3);
    expect(limit.reached(1001, Date.now())).toBe(true);
    expect(limit.count(2002, Date.now())).toBe(1);
  });
});
