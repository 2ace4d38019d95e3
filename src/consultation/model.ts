/** The consultation domain: codes stored in SQLite and carried in callback_data (labels live in texts.ts). */

export const SERVICE_CODES = ["rent", "concierge", "cleaning", "other"] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

export const CALL_TIME_CODES = ["morning", "day", "evening", "any"] as const;
export type CallTimeCode = (typeof CALL_TIME_CODES)[number];

/** `new` is set on submit; admins move a lead through the others with the card's buttons. */
export const LEAD_STATUSES = ["new", "in_progress", "contacted", "closed", "spam"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const ADMIN_SETTABLE_STATUSES = ["in_progress", "contacted", "closed", "spam"] as const satisfies readonly LeadStatus[];

/** Fields the client can redo from the summary («Изменить»). */
export const LEAD_FIELDS = ["name", "phone", "service", "callTime", "comment"] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** What the conversation collects before consent and submit. Plain JSON: it lives in the replay log. */
export interface LeadDraft {
  name: string;
  /** E.164, e.g. +79211234567. */
  phone: string;
  service: ServiceCode;
  /** A preset label («вечером») or the client's own words. */
  callTime: string;
  comment: string | null;
}

export interface Lead {
  id: number;
  /** Stable id for other systems (Bitrix24 ORIGIN_ID, the webhook's id and Idempotency-Key). */
  publicId: string;
  /** null once the client used /forget. */
  userId: number | null;
  name: string | null;
  phone: string | null;
  service: ServiceCode;
  callTime: string | null;
  comment: string | null;
  /** `command`, `menu`, `channel`, or `post:<slug>` for a deep link from a channel post. */
  source: string;
  /** The client's @username without @, if any; null once the client used /forget. */
  telegramUsername: string | null;
  consentVersion: string;
  consentAt: number;
  status: LeadStatus;
  createdAt: number;
  updatedAt: number;
  anonymisedAt: number | null;
}

export function isServiceCode(value: string): value is ServiceCode {
  return (SERVICE_CODES as readonly string[]).includes(value);
}

export function isCallTimeCode(value: string): value is CallTimeCode {
  return (CALL_TIME_CODES as readonly string[]).includes(value);
}

export function isLeadStatus(value: string): value is LeadStatus {
  return (LEAD_STATUSES as readonly string[]).includes(value);
}

export function isLeadField(value: string): value is LeadField {
  return (LEAD_FIELDS as readonly string[]).includes(value);
}
