import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { encodeConsultAction, encodeLeadStatus } from "./callback-data.js";
import { ADMIN_SETTABLE_STATUSES, LEAD_FIELDS, type Lead, type LeadDraft, type LeadStatus } from "./model.js";
import { adminTexts, consultTexts, fieldLabels, serviceLabels, statusButtons, statusLabels } from "./texts.js";
import { formatPhone } from "./validate.js";
import { toSafeUrl } from "../url/safe-url.js";

/**
 * Escapes client input for Telegram's HTML parse mode. Only these three matter to Telegram's parser
 * (`"` too inside attributes, which client text never reaches): a name like `<b>Иван</b> & Co` must show as typed.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const STATUS_ICONS: Record<LeadStatus, string> = {
  new: "🆕",
  in_progress: "⏳",
  contacted: "📞",
  closed: "✅",
  spam: "🚫",
};

export interface CardMessage {
  text: string;
  parse_mode: "HTML";
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

/** The admins' notice: a lead card whose buttons move the lead through statuses. */
export function renderLeadCard(lead: Lead, timeZone: string): CardMessage {
  const line = (label: string, value: string) => `${label}: ${value}`;
  const lines = [`${STATUS_ICONS[lead.status]} <b>${escapeHtml(adminTexts.cardTitle(lead.id))}</b>`, line(adminTexts.cardStatus, statusLabels[lead.status])];
  if (lead.anonymisedAt === null) {
    if (lead.name !== null) lines.push(line(adminTexts.cardName, `<b>${escapeHtml(lead.name)}</b>`));
    if (lead.phone !== null) lines.push(line(adminTexts.cardPhone, escapeHtml(formatPhone(lead.phone))));
  }
  lines.push(line(adminTexts.cardService, escapeHtml(serviceLabels[lead.service])));
  if (lead.anonymisedAt === null) {
    if (lead.callTime !== null) lines.push(line(adminTexts.cardCallTime, escapeHtml(lead.callTime)));
    if (lead.comment !== null) lines.push(line(adminTexts.cardComment, escapeHtml(lead.comment)));
  }
  lines.push(line(adminTexts.cardSource, escapeHtml(describeSource(lead.source))));
  if (lead.anonymisedAt === null && lead.userId !== null) {
    lines.push(line(adminTexts.cardTelegram, `<a href="tg://user?id=${lead.userId}">${adminTexts.cardWriteLink}</a>`));
  }
  lines.push(line(adminTexts.cardCreated, formatDateTime(lead.createdAt, timeZone)));
  if (lead.anonymisedAt !== null) lines.push("", `<i>${escapeHtml(adminTexts.cardAnonymised)}</i>`);
  return {
    text: lines.join("\n"),
    parse_mode: "HTML",
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

/**
 * The policy link of the consent step. Telegram silently drops links it does not accept (e.g. a host
 * without a dot), which would hide the policy: then the address is shown as text instead.
 */
export function consentPolicyLink(policyUrl: string): string {
  const safe = toSafeUrl(policyUrl);
  return safe
    ? `<a href="${escapeHtml(safe)}">${consultTexts.policyLinkText}</a>`
    : `${consultTexts.policyLinkText} (${escapeHtml(policyUrl)})`;
}

/** The client's «Проверьте заявку» message (HTML, client input escaped). */
export function renderDraftSummary(draft: LeadDraft, question?: string): string {
  const value = (field: (typeof LEAD_FIELDS)[number]): string => {
    switch (field) {
      case "name":
        return escapeHtml(draft.name);
      case "phone":
        return escapeHtml(formatPhone(draft.phone));
      case "service":
        return escapeHtml(serviceLabels[draft.service]);
      case "callTime":
        return escapeHtml(draft.callTime);
      case "comment":
        return draft.comment === null ? consultTexts.emptyValue : escapeHtml(draft.comment);
    }
  };
  const rows = LEAD_FIELDS.map((f) => `${fieldLabels[f]}: ${value(f)}`);
  return [`<b>${consultTexts.summaryTitle}</b>`, "", ...rows, ...(question ? ["", question] : [])].join("\n");
}

export function summaryKeyboard(): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [{ text: consultTexts.sendButton, callback_data: encodeConsultAction({ kind: "send" }) }],
      [
        { text: consultTexts.editButton, callback_data: encodeConsultAction({ kind: "edit" }) },
        { text: consultTexts.abortButton, callback_data: encodeConsultAction({ kind: "abort" }) },
      ],
    ],
  };
}

export function editFieldKeyboard(): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      ...LEAD_FIELDS.map((field) => [{ text: fieldLabels[field], callback_data: encodeConsultAction({ kind: "editField", field }) }]),
      [{ text: consultTexts.backButton, callback_data: encodeConsultAction({ kind: "back" }) }],
    ],
  };
}

/** `/leads`: recent leads grouped by status, newest first; stays far below 4096 characters. */
export function renderLeadsList(
  groups: ReadonlyArray<{ status: LeadStatus; leads: readonly Lead[]; total: number }>,
  timeZone: string,
): string {
  const nonEmpty = groups.filter((g) => g.total > 0);
  if (nonEmpty.length === 0) return adminTexts.leadsEmpty;
  const parts = [`<b>${adminTexts.leadsTitle}</b>`];
  for (const group of nonEmpty) {
    parts.push("", `${STATUS_ICONS[group.status]} <b>${statusLabels[group.status]}</b> (${group.total})`);
    for (const lead of group.leads) parts.push(leadListLine(lead, timeZone));
    if (group.total > group.leads.length) parts.push(adminTexts.leadsMore(group.total - group.leads.length));
  }
  return parts.join("\n");
}

function leadListLine(lead: Lead, timeZone: string): string {
  const who =
    lead.anonymisedAt !== null || lead.name === null
      ? `<i>${adminTexts.listAnonymised}</i>`
      : `${escapeHtml(truncate(lead.name, 40))}, ${escapeHtml(lead.phone ? formatPhone(lead.phone) : "")}`;
  return `№${lead.id} · ${formatDateTime(lead.createdAt, timeZone)} · ${who} · ${escapeHtml(serviceLabels[lead.service])}`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
