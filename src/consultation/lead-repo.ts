import { randomUUID } from "node:crypto";
import type { Db } from "../storage/db.js";
import type { CrmTarget } from "./crm-targets.js";
import { LEAD_STATUSES, type Lead, type LeadDraft, type LeadStatus, type ServiceCode } from "./model.js";

export interface NewLead {
  /** Stable for one conversation: a replayed «Отправить» finds the lead it already saved. */
  submissionKey: string;
  userId: number;
  draft: LeadDraft;
  source: string;
  /** The client's @username (without @), sent to a CRM with the lead when the consent named it. */
  telegramUsername?: string | null;
  consentVersion: string;
  consentAt: number;
}

export interface SaveLeadResult {
  lead: Lead;
  /** false when this submission was already saved (double tap, retried update). */
  created: boolean;
}

export interface DeliveredNotice {
  chatId: number;
  messageId: number;
}

export interface LeadRepo {
  /** Lead + one outbox row per admin chat and per CRM target, in one transaction. Idempotent by submissionKey. */
  saveLead(input: NewLead, noticeChatIds: readonly number[], now: number, crmTargets?: readonly CrmTarget[]): SaveLeadResult;
  findBySubmissionKey(key: string): Lead | undefined;
  get(id: number): Lead | undefined;
  setStatus(id: number, status: LeadStatus, now: number): { lead: Lead; changed: boolean } | undefined;
  listRecent(limit: number, status?: LeadStatus): Lead[];
  countByStatus(): Record<LeadStatus, number>;
  /** Every lead, oldest first (CSV export). */
  listAll(status?: LeadStatus): Lead[];
  hasPersonalData(userId: number): boolean;
  /**
   * /forget: nulls name, phone, call time, comment, username and the user id of every lead of the user and
   * drops their undelivered notices and CRM deliveries, in one transaction. Returns the anonymised lead ids.
   */
  anonymiseUser(userId: number, now: number): number[];
  deliveredNotices(leadId: number): DeliveredNotice[];
}

interface LeadRow {
  id: number;
  public_id: string;
  user_id: number | null;
  name: string | null;
  phone: string | null;
  service: ServiceCode;
  call_time: string | null;
  comment: string | null;
  source: string;
  telegram_username: string | null;
  consent_version: string;
  consent_at: number;
  status: LeadStatus;
  created_at: number;
  updated_at: number;
  anonymised_at: number | null;
}

const LEAD_COLUMNS =
  "id, public_id, user_id, name, phone, service, call_time, comment, source, telegram_username, consent_version, consent_at, status, created_at, updated_at, anonymised_at";

function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    publicId: row.public_id,
    userId: row.user_id,
    name: row.name,
    phone: row.phone,
    service: row.service,
    callTime: row.call_time,
    comment: row.comment,
    source: row.source,
    telegramUsername: row.telegram_username,
    consentVersion: row.consent_version,
    consentAt: row.consent_at,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    anonymisedAt: row.anonymised_at,
  };
}

export function createLeadRepo(db: Db): LeadRepo {
  const insertLead = db.prepare<
    [string, string, number, string, string, string, string, string | null, string, string | null, string, number, number, number]
  >(
    `INSERT INTO leads (submission_key, public_id, user_id, name, phone, service, call_time, comment, source,
                        telegram_username, consent_version, consent_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (submission_key) DO NOTHING`,
  );
  const insertDelivery = db.prepare<[number, string, number, number]>(
    `INSERT INTO lead_deliveries (lead_id, target, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (lead_id, target) DO NOTHING`,
  );
  const insertNotice = db.prepare<[number, number, number, number]>(
    `INSERT INTO lead_notices (lead_id, chat_id, next_attempt_at, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (lead_id, chat_id) DO NOTHING`,
  );
  const byKey = db.prepare<[string], LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE submission_key = ?`);
  const byId = db.prepare<[number], LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id = ?`);
  const updateStatus = db.prepare<[string, number, number, string]>(
    "UPDATE leads SET status = ?, updated_at = ? WHERE id = ? AND status <> ?",
  );
  const recent = db.prepare<[number], LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads ORDER BY id DESC LIMIT ?`);
  const recentByStatus = db.prepare<[string, number], LeadRow>(
    `SELECT ${LEAD_COLUMNS} FROM leads WHERE status = ? ORDER BY id DESC LIMIT ?`,
  );
  const statusCounts = db.prepare<[], { status: LeadStatus; n: number }>(
    "SELECT status, COUNT(*) AS n FROM leads GROUP BY status",
  );
  const all = db.prepare<[], LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads ORDER BY id`);
  const allByStatus = db.prepare<[string], LeadRow>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE status = ? ORDER BY id`);
  const personal = db.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM leads WHERE user_id = ?");
  const idsOfUser = db.prepare<[number], { id: number }>("SELECT id FROM leads WHERE user_id = ?");
  const anonymise = db.prepare<[number, number, number]>(
    `UPDATE leads SET user_id = NULL, name = NULL, phone = NULL, call_time = NULL, comment = NULL,
                      telegram_username = NULL, anonymised_at = ?, updated_at = ?
     WHERE id = ?`,
  );
  const dropPendingNotices = db.prepare<[number]>("DELETE FROM lead_notices WHERE lead_id = ? AND delivered_at IS NULL");
  // What the CRM has already received stays there (/forget says so); what it has not is never sent.
  const dropPendingDeliveries = db.prepare<[number]>("DELETE FROM lead_deliveries WHERE lead_id = ? AND delivered_at IS NULL");
  const delivered = db.prepare<[number], { chat_id: number; message_id: number }>(
    "SELECT chat_id, message_id FROM lead_notices WHERE lead_id = ? AND delivered_at IS NOT NULL AND message_id IS NOT NULL ORDER BY id",
  );

  const save = db.transaction((input: NewLead, chatIds: readonly number[], now: number, targets: readonly CrmTarget[]): SaveLeadResult => {
    const { draft } = input;
    const res = insertLead.run(
      input.submissionKey,
      randomUUID(),
      input.userId,
      draft.name,
      draft.phone,
      draft.service,
      draft.callTime,
      draft.comment,
      input.source,
      input.telegramUsername ?? null,
      input.consentVersion,
      input.consentAt,
      now,
      now,
    );
    const row = byKey.get(input.submissionKey);
    if (!row) throw new Error("lead vanished inside its own transaction");
    if (res.changes === 1) {
      for (const chatId of chatIds) insertNotice.run(row.id, chatId, now, now);
      for (const target of targets) insertDelivery.run(row.id, target, now, now);
    }
    return { lead: toLead(row), created: res.changes === 1 };
  });

  const forget = db.transaction((userId: number, now: number): number[] => {
    const ids = idsOfUser.all(userId).map((r) => r.id);
    for (const id of ids) {
      anonymise.run(now, now, id);
      dropPendingNotices.run(id);
      dropPendingDeliveries.run(id);
    }
    return ids;
  });

  return {
    saveLead: (input, chatIds, now, targets = []) => save(input, chatIds, now, targets),
    findBySubmissionKey: (key) => {
      const row = byKey.get(key);
      return row ? toLead(row) : undefined;
    },
    get: (id) => {
      const row = byId.get(id);
      return row ? toLead(row) : undefined;
    },
    setStatus: (id, status, now) => {
      const changed = updateStatus.run(status, now, id, status).changes === 1;
      const row = byId.get(id);
      return row ? { lead: toLead(row), changed } : undefined;
    },
    listRecent: (limit, status) => (status ? recentByStatus.all(status, limit) : recent.all(limit)).map(toLead),
    countByStatus: () => {
      const counts = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
      for (const row of statusCounts.all()) counts[row.status] = row.n;
      return counts;
    },
    listAll: (status) => (status ? allByStatus.all(status) : all.all()).map(toLead),
    hasPersonalData: (userId) => (personal.get(userId)?.n ?? 0) > 0,
    anonymiseUser: (userId, now) => forget(userId, now),
    deliveredNotices: (leadId) => delivered.all(leadId).map((r) => ({ chatId: r.chat_id, messageId: r.message_id })),
  };
}
