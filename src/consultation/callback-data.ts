import {
  ADMIN_SETTABLE_STATUSES,
  isCallTimeCode,
  isLeadField,
  isServiceCode,
  type CallTimeCode,
  type LeadField,
  type LeadStatus,
  type ServiceCode,
} from "./model.js";

/**
 * Typed codecs for the consultation's buttons. Prefixes are the team's: `c:` consultation steps,
 * `l:` lead status. Everything is short ASCII, far below Telegram's 64-byte callback_data limit
 * (asserted in the tests for every value).
 */
export type ConsultAction =
  | { kind: "start" }
  | { kind: "service"; service: ServiceCode }
  | { kind: "time"; time: CallTimeCode }
  | { kind: "skip" }
  | { kind: "consent"; agree: boolean }
  | { kind: "send" }
  | { kind: "edit" }
  | { kind: "editField"; field: LeadField }
  | { kind: "back" }
  | { kind: "abort" }
  | { kind: "forget"; confirm: boolean };

export function encodeConsultAction(action: ConsultAction): string {
  switch (action.kind) {
    case "start":
      return "c:start";
    case "service":
      return `c:svc:${action.service}`;
    case "time":
      return `c:time:${action.time}`;
    case "skip":
      return "c:skip";
    case "consent":
      return `c:consent:${action.agree ? "yes" : "no"}`;
    case "send":
      return "c:send";
    case "edit":
      return "c:edit";
    case "editField":
      return `c:edit:${action.field}`;
    case "back":
      return "c:back";
    case "abort":
      return "c:abort";
    case "forget":
      return `c:forget:${action.confirm ? "yes" : "no"}`;
  }
}

export function decodeConsultAction(data: string | undefined): ConsultAction | null {
  if (!data?.startsWith("c:")) return null;
  const [, kind, arg, ...rest] = data.split(":");
  if (rest.length > 0) return null;
  switch (kind) {
    case "start":
    case "skip":
    case "send":
    case "back":
    case "abort":
      return arg === undefined ? { kind } : null;
    case "edit":
      if (arg === undefined) return { kind: "edit" };
      return isLeadField(arg) ? { kind: "editField", field: arg } : null;
    case "svc":
      return arg !== undefined && isServiceCode(arg) ? { kind: "service", service: arg } : null;
    case "time":
      return arg !== undefined && isCallTimeCode(arg) ? { kind: "time", time: arg } : null;
    case "consent":
      return arg === "yes" || arg === "no" ? { kind: "consent", agree: arg === "yes" } : null;
    case "forget":
      return arg === "yes" || arg === "no" ? { kind: "forget", confirm: arg === "yes" } : null;
    default:
      return null;
  }
}

export type SettableStatus = (typeof ADMIN_SETTABLE_STATUSES)[number];

export interface LeadStatusAction {
  leadId: number;
  status: SettableStatus;
}

export function encodeLeadStatus(action: LeadStatusAction): string {
  return `l:${action.leadId}:${action.status}`;
}

export function decodeLeadStatus(data: string | undefined): LeadStatusAction | null {
  const match = /^l:([1-9]\d{0,15}):([a-z_]+)$/.exec(data ?? "");
  if (!match) return null;
  const leadId = Number(match[1]);
  const status = match[2] as LeadStatus;
  if (!Number.isSafeInteger(leadId)) return null;
  if (!(ADMIN_SETTABLE_STATUSES as readonly string[]).includes(status)) return null;
  return { leadId, status: status as SettableStatus };
}
