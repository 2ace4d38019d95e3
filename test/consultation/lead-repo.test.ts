import { describe, expect, it } from "vitest";
import { createLeadRepo } from "../../src/consultation/lead-repo.js";
import { openTestDatabase } from "../helpers/db.js";
import { CREATED, newLead } from "./fixtures.js";

function setup() {
  const db = openTestDatabase(":memory:");
  return { db, repo: createLeadRepo(db) };
}

const notices = (db: ReturnType<typeof openTestDatabase>) =>
  db.prepare("SELECT lead_id, chat_id, attempts, delivered_at FROM lead_notices ORDER BY id").all();

describe("lead repo", () => {
  it("saves a lead with its consent and one outbox row per admin chat, in one transaction", () => {
    const { db, repo } = setup();
    const { lead, created } = repo.saveLead(newLead(), [42, 43], CREATED);
    expect(created).toBe(true);
    expect(lead).toEqual({
      id: 1,
      publicId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      userId: 1001,
      name: "Иван",
      phone: "+79211234567",
      service: "rent",
      callTime: "вечером",
      comment: null,
      source: "command",
      telegramUsername: null,
      consentVersion: "2026-11-24",
      consentAt: CREATED,
      status: "new",
      createdAt: CREATED,
      updatedAt: CREATED,
      anonymisedAt: null,
    });
    expect(notices(db)).toEqual([
      { lead_id: 1, chat_id: 42, attempts: 0, delivered_at: null },
      { lead_id: 1, chat_id: 43, attempts: 0, delivered_at: null },
    ]);
  });

  it("never creates two leads for one submission key (double tap, retried update)", () => {
    const { db, repo } = setup();
    repo.saveLead(newLead(), [42], CREATED);
    const again = repo.saveLead(newLead({ draft: { ...newLead().draft, name: "Другое имя" } }), [42], CREATED + 5);
    expect(again.created).toBe(false);
    expect(again.lead.name).toBe("Иван");
    expect(db.prepare("SELECT COUNT(*) AS n FROM leads").get()).toEqual({ n: 1 });
    expect(notices(db)).toHaveLength(1);
  });

  it("rolls the lead back when its outbox row cannot be written", () => {
    const { db, repo } = setup();
    db.exec("CREATE TRIGGER no_notices BEFORE INSERT ON lead_notices BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() => repo.saveLead(newLead(), [42], CREATED)).toThrow(/disk full/);
    expect(db.prepare("SELECT COUNT(*) AS n FROM leads").get()).toEqual({ n: 0 });
  });

  it("moves statuses and lists by status", () => {
    const { repo } = setup();
    repo.saveLead(newLead({ submissionKey: "a" }), [], CREATED);
    repo.saveLead(newLead({ submissionKey: "b" }), [], CREATED + 1000);
    repo.saveLead(newLead({ submissionKey: "c", userId: 2002 }), [], CREATED + 2000);

    expect(repo.setStatus(2, "in_progress", CREATED + 5000)).toMatchObject({ changed: true, lead: { status: "in_progress", updatedAt: CREATED + 5000 } });
    expect(repo.setStatus(2, "in_progress", CREATED + 6000)).toMatchObject({ changed: false, lead: { updatedAt: CREATED + 5000 } });
    expect(repo.setStatus(99, "spam", CREATED)).toBeUndefined();
    expect(repo.countByStatus()).toEqual({ new: 2, in_progress: 1, contacted: 0, closed: 0, spam: 0 });
    expect(repo.listRecent(10, "new").map((l) => l.id)).toEqual([3, 1]);
    expect(repo.listRecent(1).map((l) => l.id)).toEqual([3]);
    expect(repo.listAll().map((l) => l.id)).toEqual([1, 2, 3]);
  });

  it("/forget anonymises every lead of the user and drops their undelivered notices", () => {
    const { db, repo } = setup();
    repo.saveLead(newLead({ submissionKey: "a", draft: { ...newLead().draft, comment: "Код домофона 12" } }), [42], CREATED);
    repo.saveLead(newLead({ submissionKey: "b", userId: 2002 }), [42], CREATED);
    db.prepare("UPDATE lead_notices SET delivered_at = 1, message_id = 77 WHERE lead_id = 1").run();
    repo.saveLead(newLead({ submissionKey: "c" }), [42], CREATED);
    expect(repo.hasPersonalData(1001)).toBe(true);

    expect(repo.anonymiseUser(1001, CREATED + 10)).toEqual([1, 3]);
    expect(repo.hasPersonalData(1001)).toBe(false);
    expect(repo.get(1)).toMatchObject({ userId: null, name: null, phone: null, callTime: null, comment: null, anonymisedAt: CREATED + 10, service: "rent", source: "command" });
    expect(repo.get(2)).toMatchObject({ userId: 2002, name: "Иван" });
    expect(repo.deliveredNotices(1)).toEqual([{ chatId: 42, messageId: 77 }]);
    expect(db.prepare("SELECT lead_id FROM lead_notices ORDER BY lead_id").all()).toEqual([{ lead_id: 1 }, { lead_id: 2 }]);
    expect(JSON.stringify(db.prepare("SELECT * FROM leads WHERE id IN (1, 3)").all())).not.toMatch(/Иван|921|домофон|1001/);
  });
});
