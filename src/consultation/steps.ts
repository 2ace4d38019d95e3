import type { Contact, ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from "grammy/types";
import { encodeConsultAction, type ConsultAction } from "./callback-data.js";
import { consentPolicyLink, editFieldKeyboard, renderDraftSummary, summaryKeyboard } from "./draft-summary.js";
import { CALL_TIME_CODES, SERVICE_CODES, type CallTimeCode, type LeadDraft, type LeadField, type ServiceCode } from "./model.js";
import { callTimeButtons, callTimeLabels, consultTexts, serviceLabels } from "./texts.js";
import {
  validateCallTime,
  validateComment,
  validateContactPhone,
  validateName,
  validatePhone,
  type Validated,
  type ValidationError,
} from "./validate.js";

/**
 * The consultation's questions as data: what each one shows, which inputs it takes and how an answer
 * becomes a value. Pure: no Telegram, no database; the flow asks them through `ask` (ask.ts).
 */

export type Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

/** What a client can send in answer to a question. */
export type Input =
  | { type: "text"; text: string }
  | { type: "contact"; contact: Contact; fromId: number }
  | { type: "action"; action: ConsultAction };

/** How the answered question is left on screen: its buttons removed, or the choice shown under it. */
export type Close = "removeButtons" | { chosen: string };

export type Answer<T> = { ok: true; value: T; close?: Close } | { ok: false; reason: string };

export interface Step<T> {
  /** Also the consult_funnel step name where the step is one of FUNNEL_STEPS. */
  id: string;
  text: string;
  /** The consent and summary steps carry a link / bold title (HTML parse mode). */
  html?: boolean;
  markup?: Markup;
  acceptsText: boolean;
  acceptsContact?: boolean;
  /** Which button actions belong to this question (others are stale buttons). */
  accepts(action: ConsultAction): boolean;
  parse(input: Input): Answer<T>;
}

/**
 * The furthest-step names of consult_funnel, in order (another feature's /stats reads them to count
 * drop-off per step). `submitted` is recorded when the lead is saved.
 */
export const FUNNEL_STEPS = ["name", "phone", "service", "time", "comment", "consent", "confirm", "submitted"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export function isFunnelStep(id: string): id is FunnelStep {
  return (FUNNEL_STEPS as readonly string[]).includes(id);
}

export const REMOVE_KEYBOARD: ReplyKeyboardRemove = { remove_keyboard: true };

export function reasonFor(error: ValidationError, text: string): string {
  const r = consultTexts.reprompt;
  switch (error) {
    case "empty":
      return r.empty;
    case "name_too_short":
      return r.nameTooShort;
    case "name_too_long":
      return r.nameTooLong;
    case "name_no_letters":
      return r.nameNoLetters;
    case "phone_invalid":
      return r.phoneInvalid;
    case "phone_too_long":
      return r.phoneTooLong;
    case "call_time_too_long":
      return r.callTimeTooLong;
    case "comment_too_long":
      return r.commentTooLong([...text.trim()].length);
  }
}

const none = () => false;
const retry = (reason: string): Answer<never> => ({ ok: false, reason });
const fromValidated = <T>(result: Validated<T>, text: string, close?: Close): Answer<T> =>
  result.ok ? { ok: true, value: result.value, ...(close ? { close } : {}) } : retry(reasonFor(result.error, text));

export const nameStep: Step<string> = {
  id: "name",
  text: consultTexts.askName,
  acceptsText: true,
  accepts: none,
  parse: (input) => (input.type === "text" ? fromValidated(validateName(input.text), input.text) : retry(consultTexts.reprompt.nonText)),
};

export const phoneStep: Step<string> = {
  id: "phone",
  text: consultTexts.askPhone,
  acceptsText: true,
  acceptsContact: true,
  accepts: none,
  markup: {
    keyboard: [[{ text: consultTexts.phoneButton, request_contact: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
    input_field_placeholder: consultTexts.phonePlaceholder,
  },
  parse: (input) => {
    if (input.type === "contact") {
      // Only the client's own number: someone else's contact comes without that person's consent.
      if (input.contact.user_id !== input.fromId) return retry(consultTexts.reprompt.foreignContact);
      return fromValidated(validateContactPhone(input.contact.phone_number), input.contact.phone_number);
    }
    return input.type === "text" ? fromValidated(validatePhone(input.text), input.text) : retry(consultTexts.reprompt.nonText);
  },
};

export const serviceStep: Step<ServiceCode> = {
  id: "service",
  text: consultTexts.askService,
  acceptsText: false,
  accepts: (a) => a.kind === "service",
  markup: {
    inline_keyboard: SERVICE_CODES.map((service) => [
      { text: serviceLabels[service], callback_data: encodeConsultAction({ kind: "service", service }) },
    ]),
  },
  parse: (input) =>
    input.type === "action" && input.action.kind === "service"
      ? { ok: true, value: input.action.service, close: { chosen: serviceLabels[input.action.service] } }
      : retry(consultTexts.reprompt.buttonsOnly),
};

const timeButton = (time: CallTimeCode) => ({ text: callTimeButtons[time], callback_data: encodeConsultAction({ kind: "time", time }) });

export const callTimeStep: Step<string> = {
  id: "time",
  text: consultTexts.askCallTime,
  acceptsText: true,
  accepts: (a) => a.kind === "time",
  markup: { inline_keyboard: [CALL_TIME_CODES.slice(0, 2).map(timeButton), CALL_TIME_CODES.slice(2).map(timeButton)] },
  parse: (input) => {
    if (input.type === "action" && input.action.kind === "time") {
      return { ok: true, value: callTimeLabels[input.action.time], close: { chosen: callTimeButtons[input.action.time] } };
    }
    return input.type === "text" ? fromValidated(validateCallTime(input.text), input.text, "removeButtons") : retry(consultTexts.reprompt.nonText);
  },
};

export const commentStep: Step<string | null> = {
  id: "comment",
  text: consultTexts.askComment,
  acceptsText: true,
  accepts: (a) => a.kind === "skip",
  markup: { inline_keyboard: [[{ text: consultTexts.skipButton, callback_data: encodeConsultAction({ kind: "skip" }) }]] },
  parse: (input) => {
    if (input.type === "action") return { ok: true, value: null, close: { chosen: consultTexts.skipButton } };
    return input.type === "text" ? fromValidated(validateComment(input.text), input.text, "removeButtons") : retry(consultTexts.reprompt.nonText);
  },
};

/** Consent is its own step (152-ФЗ), with the policy link; declining saves nothing. `crm`: it also names the CRM transfer. */
export function consentStep(policyUrl: string, crm = false): Step<boolean> {
  return {
    id: "consent",
    text: consultTexts.consentPrompt(consentPolicyLink(policyUrl), crm),
    html: true,
    acceptsText: false,
    accepts: (a) => a.kind === "consent",
    markup: {
      inline_keyboard: [
        [
          { text: consultTexts.consentYes, callback_data: encodeConsultAction({ kind: "consent", agree: true }) },
          { text: consultTexts.consentNo, callback_data: encodeConsultAction({ kind: "consent", agree: false }) },
        ],
      ],
    },
    parse: (input) =>
      input.type === "action" && input.action.kind === "consent"
        ? { ok: true, value: input.action.agree, close: { chosen: input.action.agree ? consultTexts.consentGiven : consultTexts.consentNo } }
        : retry(consultTexts.reprompt.buttonsOnly),
  };
}

export type SummaryChoice = "send" | "edit" | "abort";

export function summaryStep(draft: LeadDraft): Step<SummaryChoice> {
  return {
    id: "confirm",
    text: renderDraftSummary(draft, consultTexts.summaryQuestion),
    html: true,
    acceptsText: false,
    accepts: (a) => a.kind === "send" || a.kind === "edit" || a.kind === "abort",
    markup: summaryKeyboard(),
    parse: (input) =>
      input.type === "action" && (input.action.kind === "send" || input.action.kind === "edit" || input.action.kind === "abort")
        ? { ok: true, value: input.action.kind }
        : retry(consultTexts.reprompt.buttonsOnly),
  };
}

/** «Изменить»: which field to redo, or «Назад» (null). Shown by editing the summary in place. */
export function pickFieldStep(draft: LeadDraft): Step<LeadField | null> {
  return {
    id: "pick",
    text: renderDraftSummary(draft, consultTexts.askWhichField),
    html: true,
    acceptsText: false,
    accepts: (a) => a.kind === "editField" || a.kind === "back",
    markup: editFieldKeyboard(),
    parse: (input) => {
      if (input.type === "action" && input.action.kind === "editField") return { ok: true, value: input.action.field };
      if (input.type === "action" && input.action.kind === "back") return { ok: true, value: null };
      return retry(consultTexts.reprompt.buttonsOnly);
    },
  };
}

