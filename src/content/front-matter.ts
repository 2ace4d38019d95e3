import { z } from "zod";
import { TZDate } from "@date-fns/tz";
import { PUBLISH_FORMATS, type PublishFormat } from "../config.js";
import { resolveAuthorUrl, toSafeUrl } from "../url/safe-url.js";

/** Lowercase latin words joined by single hyphens: safe in URLs and in /start deep-link payloads. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** ISO 8601 date or date-time, with an optional offset ("Z", "+03:00", "+0300"). */
const ISO_DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Quotes a bad value for an error message, cut so a pasted article never floods the admin chat. */
export function quoteValue(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  const short = text.length > 80 ? `${text.slice(0, 79)}…` : text;
  return `«${short}»`;
}

/**
 * A pubDate as written by the author. Without an offset (`2025-08-27`, `2025-08-27 10:00`) it is that wall
 * time in `timeZone` (the bot's TZ), the way the author reads their own calendar; DST is the time zone
 * database's business (@date-fns/tz): a time skipped by the spring change moves forward by the gap.
 */
export function parsePubDate(value: string, timeZone: string): Date | null {
  const m = ISO_DATE_PATTERN.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone] = m;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s);
  // Date.parse happily turns 2025-02-31 into 3 March: check the calendar ourselves.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  if (!zone) {
    const local = new TZDate(year, month - 1, day, hour, minute, second, ms, timeZone).getTime();
    return Number.isNaN(local) ? null : new Date(local);
  }
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2)), om = Number(digits.slice(2));
    if (oh > 14 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000);
}

/** Throws for a TZ the time zone database does not know: a configuration bug, not a post problem. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch (err) {
    throw new Error(`unknown time zone TZ=${JSON.stringify(timeZone)}`, { cause: err });
  }
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

export interface FrontMatter {
  title: string;
  pubDate: Date;
  description: string;
  author: string;
  keywords: string[];
  heroImage: string | undefined;
  draft: boolean;
  slug: string | undefined;
  format: PublishFormat | undefined;
  schema: Record<string, unknown> | undefined;
}

/**
 * `issues` are the bare problems (all of them go into a failing post's reason); `warnings` the same
 * problems with what the loader did instead, for a post that loads anyway.
 */
export type FrontMatterResult =
  | { ok: true; frontMatter: FrontMatter; warnings: string[]; issues: string[] }
  | { ok: false; issues: string[] };

/** An optional field the author got wrong is left out (or set to its safe value) and reported. */
function readOptional<T>(schema: z.ZodType<T>, value: unknown, fallback: T, instead: string, issues: string[], warnings: string[]): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues.map((issue) => issue.message).join("; ");
  issues.push(message);
  warnings.push(`${message} — ${instead}`);
  return fallback;
}

/**
 * Front matter of one post. The site URL resolves a relative heroImage and the time zone reads a pubDate
 * without an offset, hence a factory. Only a missing/invalid title or pubDate fails the post; an unusable
 * optional field becomes a warning. Unknown fields (tags, updatedDate, …) are ignored; `schema` is kept as is
 * (JSON-LD from the site). A YAML `null` (an empty `key:`) means "not set"; parsePost drops such keys first.
 */
export function createFrontMatterReader(siteUrl: string, timeZone: string): (fields: Record<string, unknown>) => FrontMatterResult {
  assertTimeZone(timeZone);
  const required = z.object({
    title: requiredText("title", "нет заголовка (title)"),
    pubDate: z
      .string({
        error: (iss) => (iss.input === undefined ? "нет даты публикации (pubDate)" : `неверная дата pubDate: ${quoteValue(iss.input)}`),
      })
      .transform((v, ctx) => {
        const date = parsePubDate(v, timeZone);
        if (date) return date;
        ctx.addIssue({ code: "custom", message: `неверная дата pubDate: ${quoteValue(v)} (нужен формат 2025-07-25 или 2025-07-25T10:00:00Z)` });
        return z.NEVER;
      }),
  });
  const description = optionalText("description");
  const author = optionalText("author");
  const keywords = z
    .union([z.string(), z.array(z.union([z.string(), z.number()]))], {
      error: (iss) => `keywords: ожидается строка через запятую или список, получено ${quoteValue(iss.input)}`,
    })
    .optional()
    .transform((v) => (v === undefined ? [] : splitKeywords(v)));
  const heroImage = z
    .string({ error: (iss) => `неверный URL в heroImage: ${quoteValue(iss.input)}` })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return undefined;
      const url = resolveImageUrl(v, siteUrl);
      if (url) return url;
      ctx.addIssue({ code: "custom", message: `неверный URL в heroImage: ${quoteValue(v)}` });
      return z.NEVER;
    });
  const draft = z.boolean({ error: (iss) => `draft: ожидается true или false, получено ${quoteValue(iss.input)}` }).default(false);
  const slug = z
    .string({ error: (iss) => `неверный slug: ${quoteValue(iss.input)}` })
    .trim()
    .regex(SLUG_PATTERN, { error: (iss) => `неверный slug: ${quoteValue(iss.input)} (только a-z, 0-9 и дефис)` })
    .optional();
  const format = z
    .enum(PUBLISH_FORMATS, { error: (iss) => `format: ожидается ${PUBLISH_FORMATS.join(", ")}, получено ${quoteValue(iss.input)}` })
    .optional();
  const schema = z
    .looseObject({}, { error: (iss) => `schema: ожидается объект JSON-LD, получено ${quoteValue(iss.input)}` })
    .optional();

  return (fields) => {
    const issues: string[] = [];
    const warnings: string[] = [];
    const optional = <T>(field: z.ZodType<T>, key: string, fallback: T, instead: string) =>
      readOptional(field, fields[key], fallback, instead, issues, warnings);
    const base = required.safeParse(fields);
    const rest = {
      description: optional(description, "description", "", "поле не использовано"),
      author: optional(author, "author", "", "поле не использовано"),
      keywords: optional(keywords, "keywords", [], "ключевые слова не использованы"),
      heroImage: optional(heroImage, "heroImage", undefined, "пост загружен без обложки"),
      // Publishing a post the author may have meant to hold back is the worse mistake.
      draft: optional(draft, "draft", true, "пост считается черновиком, пока поле не исправлено"),
      slug: optional(slug, "slug", undefined, "slug взят из имени файла"),
      format: optional(format, "format", undefined, "используется формат по умолчанию (PUBLISH_FORMAT)"),
      schema: optional(schema, "schema", undefined, "поле не использовано"),
    };
    if (!base.success) return { ok: false, issues: [...base.error.issues.map((issue) => issue.message), ...issues] };
    return { ok: true, frontMatter: { ...base.data, ...rest }, warnings, issues };
  };
}

/**
 * The page the post lives on: the site's own JSON-LD `mainEntityOfPage` (`{"@id": url}` or a bare URL)
 * when it is a safe absolute URL, otherwise `${siteUrl}/blog/${slug}/`, the site's route.
 */
export function canonicalUrl(schema: Record<string, unknown> | undefined, slug: string, siteUrl: string): string {
  const id = declaredPageUrl(schema);
  const safe = typeof id === "string" ? toSafeUrl(id) : null;
  return safe ?? `${trimSiteUrl(siteUrl)}/blog/${slug}/`;
}

/** `mainEntityOfPage` of the JSON-LD as written (`{"@id": url}` or a bare URL); undefined when absent. */
export function declaredPageUrl(schema: Record<string, unknown> | undefined): unknown {
  const page = schema?.["mainEntityOfPage"];
  return typeof page === "string" ? page : page && typeof page === "object" ? (page as Record<string, unknown>)["@id"] : undefined;
}
