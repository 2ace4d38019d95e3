import { createHash } from "node:crypto";
import matter from "gray-matter";
import yaml from "js-yaml";
import { DEFAULT_TZ } from "../config.js";
import { toSafeUrl } from "../url/safe-url.js";
import { SLUG_PATTERN, canonicalUrl, createFrontMatterReader, declaredPageUrl, quoteValue } from "./front-matter.js";
import type { Post, PostLoadError } from "./post.js";

export type ParsePostResult = { ok: true; post: Post } | { ok: false; error: PostLoadError };

const FRONT_MATTER_LANGUAGES = new Set(["", "yaml", "yml"]);

/**
 * Options for every gray-matter call. Passing any options object also turns off gray-matter's
 * content-keyed cache, which would hand out shared `data` objects and, worse, remember a file whose
 * YAML failed to parse and return it half-parsed (no error) the next time the same text is read.
 * `---js` front matter is eval()'d by gray-matter; a post file must never run code.
 * YAML is read with the core schema (gray-matter's own js-yaml, so error messages stay the same): the
 * default schema turns an unquoted `2025-08-27` into a UTC Date, and that date means a day in TZ.
 */
const MATTER_OPTIONS = {
  engines: {
    yaml: (text: string) => yaml.safeLoad(text, { schema: yaml.CORE_SCHEMA }) as object,
    javascript: () => {
      throw new Error("JavaScript front matter is disabled");
    },
  },
};

// Building the zod schemas costs far more than using them: keep one reader per site URL and time zone.
const readers = new Map<string, ReturnType<typeof createFrontMatterReader>>();
function frontMatterReader(siteUrl: string, timeZone: string) {
  const key = `${siteUrl}\n${timeZone}`;
  let reader = readers.get(key);
  if (!reader) readers.set(key, (reader = createFrontMatterReader(siteUrl, timeZone)));
  return reader;
}

/**
 * Pure: one Markdown file's text → a Post (with warnings about optional fields it had to leave out) or a
 * Russian reason. No fs, no clock. `timeZone` is the bot's TZ: a pubDate without an offset is a time there.
 */
export function parsePost(
  file: string,
  raw: string,
  siteUrl: string,
  timeZone: string = DEFAULT_TZ,
  /** sha256 of the whole file, when `raw` is only its front matter (the catalog reads no body). */
  fileHash?: string,
): ParsePostResult {
  const fail = (reason: string): ParsePostResult => ({ ok: false, error: { file, reason } });
  const text = raw.startsWith("\uFEFF") ? raw.slice(1) : raw;

  if (!/^---[^\S\r\n]*\w*[^\S\r\n]*\r?\n/.test(text)) {
    return fail("нет блока front matter: файл должен начинаться со строки ---");
  }
  const language = matter.language(text).name.toLowerCase();
  if (!FRONT_MATTER_LANGUAGES.has(language)) {
    return fail(`front matter на языке ${quoteValue(language)} не поддерживается, нужен YAML`);
  }
  if (!/\r?\n---[^\S\r\n]*(\r?\n|$)/.test(text.slice(3))) {
    return fail("front matter не закрыт: нет строки --- после полей");
  }

  let data: unknown;
  let body: string;
  try {
    const parsed = matter(text, MATTER_OPTIONS);
    data = parsed.data;
    body = parsed.content;
  } catch (err) {
    return fail(`неверный YAML: ${yamlReason(err)}`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data) || data instanceof Date) {
    return fail("неверный YAML: front matter должен состоять из полей «ключ: значение»");
  }

  // An empty `key:` in YAML is null: treat it as "not set" so defaults and "missing" messages apply.
  const fields = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null));
  const result = frontMatterReader(siteUrl, timeZone)(fields);
  if (!result.ok) return fail(result.issues.join("; "));
  const fm = result.frontMatter;
  const warnings = result.warnings;

  const slug = fm.slug ?? slugFromFileName(file);
  if (!SLUG_PATTERN.test(slug)) {
    const fromFile = `неверный slug ${quoteValue(slug)} из имени файла: переименуйте файл (a-z, 0-9, дефис) или задайте поле slug`;
    return fail([...result.issues, fromFile].join("; "));
  }
  const url = canonicalUrl(fm.schema, slug, siteUrl);
  const declared = declaredPageUrl(fm.schema);
  if (declared !== undefined && (typeof declared !== "string" || toSafeUrl(declared) === null)) {
    warnings.push(`неверный URL в schema.mainEntityOfPage: ${quoteValue(declared)} — ссылка на пост: ${url}`);
  }

  return {
    ok: true,
    post: {
      slug,
      title: fm.title,
      description: fm.description,
      keywords: fm.keywords,
      pubDate: fm.pubDate,
      author: fm.author,
      heroImage: fm.heroImage,
      draft: fm.draft,
      format: fm.format,
      url,
      body,
      file,
      hash: fileHash ?? createHash("sha256").update(raw, "utf8").digest("hex"),
      warnings,
    },
  };
}

function slugFromFileName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.md$/i, "");
}

/**
 * js-yaml's reason plus the position in the FILE: the YAML text gray-matter hands over starts with the
 * rest of the opening "---" line, so its 0-based line index is the file's 1-based line minus one.
 */
function yamlReason(err: unknown): string {
  const e = err as { reason?: unknown; mark?: { line?: number; column?: number }; message?: unknown };
  if (typeof e?.reason === "string" && e.mark && typeof e.mark.line === "number") {
    return `${e.reason} (строка ${e.mark.line + 1}, столбец ${(e.mark.column ?? 0) + 1})`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0] ?? message;
}
