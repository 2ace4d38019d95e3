import { FormattedString, fmt } from "@grammyjs/parse-mode";
import type { InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { encodeLeadStatus } from "./callback-data.js";
import { ADMIN_SETTABLE_STATUSES, type Lead, type LeadStatus } from "./model.js";
import type { CrmTarget } from "./crm-targets.js";
import { adminTexts, crmFailureReason, crmTargetLabels, crmTexts, serviceLabels, statusButtons, statusLabels } from "./texts.js";
import { formatPhone } from "./validate.js";

/**
 * The admins' side of a lead as text + entities (like src/render/), built with @grammyjs/parse-mode's
 * `fmt`: client input is plain text, so a name like `<b>Иван</b> & Co` shows as typed with nothing to escape.
 */

const STATUS_ICONS: Record<LeadStatus, string> = {
  new: "🆕",
  in_progress: "⏳",
  contacted: "📞",
  closed: "✅",
  spam: "🚫",
};

export interface CardMessage {
  text: string;
  entities: MessageEntity[];
  reply_markup: InlineKeyboardMarkup;
  link_preview_options: { is_disabled: true };
}

/** "24.11.2026, 13:00" in the company's time zone. */
export function formatDateTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(ms));
}

export function describeSource(source: string): string {
  if (source.startsWith("post:")) return adminTexts.sources.post(source.slice("post:".length));
  if (source === "command" || source === "menu" || source === "channel") return adminTexts.sources[source];
  return source;
}

function joinLines(lines: readonly FormattedString[]): FormattedString {
  const newline = new FormattedString("\n");
  return lines.reduce((all, line, i) => (i === 0 ? line : all.concat(newline, line)), new FormattedString(""));
}

/** One CRM target's state for one lead, as lead_deliveries holds it. */
export interface CrmDeliveryState {
  target: CrmTarget;
  deliveredAt: number | null;
  externalId: string | null;
  lastError: string | null;
}

/** «в CRM: #1234», «доставлено» or «ожидает: Bitrix24 недоступен». */
export function describeDeliveryState(state: CrmDeliveryState): string {
  if (state.deliveredAt !== null) return crmTexts.delivered(state.target, state.externalId);
  return crmTexts.waiting(state.lastError === null ? null : crmFailureReason(state.target, state.lastError));
}

export function crmStateLine(state: CrmDeliveryState): string {
  return crmTexts.line(crmTargetLabels[state.target], describeDeliveryState(state));
}

/** The admins' notice: a lead card whose buttons move the lead through statuses, and where the CRM stands. */
export function renderLeadCard(lead: Lead, timeZone: string, crm: readonly CrmDeliveryState[] = []): CardMessage {
  const line = (label: string, value: string | FormattedString) => fmt`${label}: ${value}`;
  const personal = lead.anonymisedAt === null;
  const lines = [
    fmt`${STATUS_ICONS[lead.status]} ${FormattedString.bold(adminTexts.cardTitle(lead.id))}`,
    line(adminTexts.cardStatus, statusLabels[lead.status]),
  ];
  if (personal && lead.name !== null) lines.push(line(adminTexts.cardName, FormattedString.bold(lead.name)));
  if (personal && lead.phone !== null) lines.push(line(adminTexts.cardPhone, formatPhone(lead.phone)));
  lines.push(line(adminTexts.cardService, serviceLabels[lead.service]));
  if (personal && lead.callTime !== null) lines.push(line(adminTexts.cardCallTime, lead.callTime));
  if (personal && lead.comment !== null) lines.push(line(adminTexts.cardComment, lead.comment));
  lines.push(line(adminTexts.cardSource, describeSource(lead.source)));
  if (personal && lead.userId !== null) {
    lines.push(line(adminTexts.cardTelegram, FormattedString.link(adminTexts.cardWriteLink, `tg://user?id=${lead.userId}`)));
  }
  lines.push(line(adminTexts.cardCreated, formatDateTime(lead.createdAt, timeZone)));
  for (const state of crm) lines.push(new FormattedString(crmStateLine(state)));
  if (!personal) lines.push(new FormattedString(""), FormattedString.italic(adminTexts.cardAnonymised));
  const card = joinLines(lines);
  return {
    text: card.text,
    entities: card.entities,
    reply_markup: leadStatusKeyboard(lead),
    link_preview_options: { is_disabled: true },
  };
}

export function leadStatusKeyboard(lead: Pick<Lead, "id" | "status">): InlineKeyboardMarkup {
  const button = (status: (typeof ADMIN_SETTABLE_STATUSES)[number]): InlineKeyboardButton => ({
    text: `${lead.status === status ? "✓ " : ""}${statusButtons[status]}`,
    callback_data: encodeLeadStatus({ leadId: lead.id, status }),
  });
  return {
    inline_keyboard: [
      [button("in_progress"), button("contacted")],
      [button("closed"), button("spam")],
    ],
  };
}

/** What the lead lines may take of the 4096 UTF-16 units of one message. */
const LEADS_LIST_BUDGET_UTF16 = 3_800;

export interface LeadsListMessage {
  text: string;
  entities: MessageEntity[];
}

/** `/leads`: recent leads grouped by status, newest first; stays far below 4096 characters. */
export function renderLeadsList(
  groups: ReadonlyArray<{ status: LeadStatus; leads: readonly Lead[]; total: number }>,
  timeZone: string,
  crmOf: (leadId: number) => readonly CrmDeliveryState[] = () => [],
): LeadsListMessage {
  const nonEmpty = groups.filter((g) => g.total > 0);
  if (nonEmpty.length === 0) return { text: adminTexts.leadsEmpty, entities: [] };
  const lines = [FormattedString.bold(adminTexts.leadsTitle)];
  let used = 100; // the title, the group headers and «…и ещё N» lines, with room to spare
  for (const group of nonEmpty) {
    lines.push(new FormattedString(""), fmt`${STATUS_ICONS[group.status]} ${FormattedString.bold(statusLabels[group.status])} (${group.total})`);
    let shown = 0;
    for (const lead of group.leads) {
      const states = crmOf(lead.id);
      const entry = [leadListLine(lead, timeZone), ...(states.length > 0 ? [new FormattedString(`    ${states.map(crmStateLine).join(" · ")}`)] : [])];
      // The CRM lines make a lead up to three lines long: stop before the message would pass Telegram's limit.
      if (used + entry.reduce((n, l) => n + l.text.length + 1, 0) > LEADS_LIST_BUDGET_UTF16) break;
      for (const l of entry) {
        lines.push(l);
        used += l.text.length + 1;
      }
      shown++;
    }
    if (group.total > shown) lines.push(new FormattedString(adminTexts.leadsMore(group.total - shown)));
    used += 40;
  }
  const list = joinLines(lines);
  return { text: list.text, entities: list.entities };
}

function leadListLine(lead: Lead, timeZone: string): FormattedString {
  const who =
    lead.anonymisedAt !== null || lead.name === null
      ? FormattedString.italic(adminTexts.listAnonymised)
      : new FormattedString(`${truncate(lead.name, 40)}, ${lead.phone ? formatPhone(lead.phone) : ""}`);
  return fmt`№${lead.id} · ${formatDateTime(lead.createdAt, timeZone)} · ${who} · ${serviceLabels[lead.service]}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
