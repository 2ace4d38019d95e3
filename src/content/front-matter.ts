import { z } from "zod";
import { PUBLISH_FORMATS } from "../config.js";
import { resolveAuthorUrl, toSafeUrl } from "../url/safe-url.js";

/** Lowercase latin words joined by single hyphens: safe in URLs and in /start deep-link payloads. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * ISO 8601 date or date-time. A date-time without an offset is read as UTC, the same as an unquoted
 * YAML timestamp, so quoting a date never shifts it and the machine's TZ never matters.
 */
const ISO_DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Quotes a bad value for an error message, cut so a pasted article never floods the admin chat. */
export function quoteValue(value: unknown): string {
  const text = typeof value === "string" ? value : value instanceof Date ? String(value) : JSON.stringify(value) ?? String(value);
  const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return `«${short}»`;
}

export function parsePubDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  const m = ISO_DATE_PATTERN.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  // Date.parse happily turns 2025-02-31 into 3 March: check the calendar ourselves.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2));
    if (oh > 14 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

/** heroImage: an absolute http(s) URL, or a path resolved against the site root ("/images/x.jpg"). */
export function resolveImageUrl(raw: string, siteUrl: string): string | null {
  return resolveAuthorUrl(raw, `${trimSiteUrl(siteUrl)}/`);
}

function trimSiteUrl(siteUrl: string): string {
  return siteUrl.replace(/\/+$/, "");
}

function splitKeywords(value: string | Array<string | number>): string[] {
  const items = typeof value === "string" ? value.split(",") : value.map(String);
  return items.map((k) => k.trim()).filter((k) => k !== "");
}

const requiredText = (field: string, missing: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? missing : `${field}: ожидается строка, получено ${quoteValue(iss.input)}`) })
    .trim()
    .min(1, missing);

const optionalText = (field: string) =>
  z.string({ error: (iss) => `${field}: ожидается строка, получено ${quoteValue(iss.input)}` }).trim().default("");

/**
 * Front matter of one post. The site URL is needed to resolve a relative heroImage, hence a factory.
 * Unknown fields (tags, updatedDate, …) are ignored; `schema` is kept as is (JSON-LD from the site).
 * A YAML `null` (an empty `key:`) means "not set"; parsePost drops such keys before this schema.
 */
export function createFrontMatterSchema(siteUrl: string) {
  return z.object({
    title: requiredText("title", "нет заголовка (title)"),
    description: optionalText("description"),
    author: optionalText("author"),
    keywords: z
      .union([z.string(), z.array(z.union([z.string(), z.number()]))], {
        error: (iss) => `keywords: ожидается строка через запятую или список, получено ${quoteValue(iss.input)}`,
      })
      .optional()
      .transform((v) => (v === undefined ? [] : splitKeywords(v))),
    pubDate: z
      .union([z.string(), z.date()], {
        error: (iss) => (iss.input === undefined ? "нет даты публикации (pubDate)" : `неверная дата pubDate: ${quoteValue(iss.input)}`),
      })
      .transform((v, ctx) => {
        const date = parsePubDate(v);
        if (date) return date;
        ctx.addIssue({ code: "custom", message: `неверная дата pubDate: ${quoteValue(v)} (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)` });
        return z.NEVER;
      }),
    heroImage: z
      .string({ error: (iss) => `неверный URL в heroImage: ${quoteValue(iss.input)}` })
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === "") return undefined;
        const url = resolveImageUrl(v, siteUrl);
        if (url) return url;
        ctx.addIssue({ code: "custom", message: `неверный URL в heroImage: ${quoteValue(v)}` });
        return z.NEVER;
      }),
    draft: z.boolean({ error: (iss) => `draft: ожидается true или false, получено ${quoteValue(iss.input)}` }).default(false),
    slug: z
      .string({ error: (iss) => `неверный slug: ${quoteValue(iss.input)}` })
      .trim()
      .regex(SLUG_PATTERN, { error: (iss) => `неверный slug: ${quoteValue(iss.input)} (только a-z, 0-9 и дефис)` })
      .optional(),
    format: z
      .enum(PUBLISH_FORMATS, { error: (iss) => `format: ожидается ${PUBLISH_FORMATS.join(", ")}, получено ${quoteValue(iss.input)}` })
      .optional(),
    schema: z
      .looseObject({}, { error: (iss) => `schema: ожидается объект JSON-LD, получено ${quoteValue(iss.input)}` })
      .optional(),
  });
}

export type FrontMatter = z.output<ReturnType<typeof createFrontMatterSchema>>;

/**
 * The page the post lives on: the site's own JSON-LD `mainEntityOfPage` (`{"@id": url}` or a bare URL)
 * when it is a safe absolute URL, otherwise `${siteUrl}/blog/${slug}/`, the site's route.
 */
export function canonicalUrl(schema: Record<string, unknown> | undefined, slug: string, siteUrl: string): string {
  const page = schema?.["mainEntityOfPage"];
  const id = typeof page === "string" ? page : page && typeof page === "object" ? (page as Record<string, unknown>)["@id"] : undefined;
  const safe = typeof id === "string" ? toSafeUrl(id) : null;
  return safe ?? `${trimSiteUrl(siteUrl)}/blog/${slug}/`;
}
