// The "max" metadata: the default "min" build accepts numbers by length alone (e.g. +7 8921 1234 567 999).
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export const NAME_MIN_CHARS = 2;
export const NAME_MAX_CHARS = 100;
export const COMMENT_MAX_CHARS = 1000;
export const CALL_TIME_MAX_CHARS = 100;
/** Longer input is not a phone number; refuse before parsing. */
export const PHONE_INPUT_MAX_CHARS = 40;

export type ValidationError =
  | "empty"
  | "name_too_short"
  | "name_too_long"
  | "name_no_letters"
  | "phone_invalid"
  | "phone_too_long"
  | "call_time_too_long"
  | "comment_too_long";

export type Validated<T> = { ok: true; value: T } | { ok: false; error: ValidationError };

const ok = <T>(value: T): Validated<T> => ({ ok: true, value });
const fail = <T>(error: ValidationError): Validated<T> => ({ ok: false, error });

/** Collapses runs of whitespace (incl. newlines) into one space and trims. */
export function squeezeSpaces(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** Characters as a person counts them (code points), not UTF-16 units. */
export function charCount(text: string): number {
  return [...text].length;
}

export function validateName(input: string): Validated<string> {
  const name = squeezeSpaces(input);
  if (name === "") return fail("empty");
  const length = charCount(name);
  if (length > NAME_MAX_CHARS) return fail("name_too_long");
  if (!/\p{L}/u.test(name)) return fail("name_no_letters");
  if (length < NAME_MIN_CHARS) return fail("name_too_short");
  return ok(name);
}

/** A typed phone: Russian numbers by default (8…, +7…, or 10 digits), any valid international one. Returns E.164. */
export function validatePhone(input: string): Validated<string> {
  const text = input.trim();
  if (text === "") return fail("empty");
  if (charCount(text) > PHONE_INPUT_MAX_CHARS) return fail("phone_too_long");
  const parsed = parsePhoneNumberFromString(text, "RU");
  if (!parsed || !parsed.isValid()) return fail("phone_invalid");
  return ok(parsed.number);
}

/** A shared contact: Telegram sends the number with or without "+" (e.g. "79211234567"). */
export function validateContactPhone(phoneNumber: string): Validated<string> {
  const digits = phoneNumber.trim();
  return validatePhone(/^\d+$/.test(digits) ? `+${digits}` : digits);
}

/** "+79211234567" → "+7 921 123-45-67" for people; storage keeps E.164. */
export function formatPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  if (parsed.countryCallingCode === "7" && parsed.nationalNumber.length === 10) {
    const n = parsed.nationalNumber;
    return `+7 ${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`;
  }
  return parsed.formatInternational();
}

export function validateCallTime(input: string): Validated<string> {
  const text = squeezeSpaces(input);
  if (text === "") return fail("empty");
  if (charCount(text) > CALL_TIME_MAX_CHARS) return fail("call_time_too_long");
  return ok(text);
}

/** Keeps line breaks (a comment may be a list); trims the ends only. */
export function validateComment(input: string): Validated<string> {
  const text = input.replace(/\r\n?/g, "\n").trim();
  if (text === "") return fail("empty");
  if (charCount(text) > COMMENT_MAX_CHARS) return fail("comment_too_long");
  return ok(text);
}
