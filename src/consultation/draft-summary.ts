import type { InlineKeyboardMarkup } from "grammy/types";
import { toSafeUrl } from "../url/safe-url.js";
import { encodeConsultAction } from "./callback-data.js";
import { LEAD_FIELDS, type LeadDraft } from "./model.js";
import { consultTexts, fieldLabels, serviceLabels } from "./texts.js";
import { formatPhone } from "./validate.js";

/**
 * The client's side of the summary and consent steps (HTML parse mode: the consent text carries the policy link).
 * Escapes client input; only these matter to Telegram's parser: a name like `<b>Иван</b> & Co` must show as typed.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
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
