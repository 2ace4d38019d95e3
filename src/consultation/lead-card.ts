import { FormattedString, fmt } from "@grammyjs/parse-mode";
import type { InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { encodeLeadStatus } from "./callback-data.js";
import { ADMIN_SETTABLE_STATUSES, type Lead, type LeadStatus } from "./model.js";
import { adminTexts, serviceLabels, statusButtons, statusLabels } from "./texts.js";
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

/** The admins' notice: a lead card whose buttons move the lead through statuses. */
export function renderLeadCard(lead: Lead, timeZone: string): CardMessage {
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

export interface LeadsListMessage {
  text: string;
  entities: MessageEntity[];
}

/** `/leads`: recent leads grouped by status, newest first; stays far below 4096 characters. */
export function renderLeadsList(
  groups: ReadonlyArray<{ status: LeadStatus; leads: readonly Lead[]; total: number }>,
  timeZone: string,
): LeadsListMessage {
  const nonEmpty = groups.filter((g) => g.total > 0);
  if (nonEmpty.length === 0) return { text: adminTexts.leadsEmpty, entities: [] };
  const lines = [FormattedString.bold(adminTexts.leadsTitle)];
  for (const group of nonEmpty) {
    lines.push(new FormattedString(""), fmt`${STATUS_ICONS[group.status]} ${FormattedString.bold(statusLabels[group.status])} (${group.total})`);
    for (const lead of group.leads) lines.push(leadListLine(lead, timeZone));
    if (group.total > group.leads.length) lines.push(new FormattedString(adminTexts.leadsMore(group.total - group.leads.length)));
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
