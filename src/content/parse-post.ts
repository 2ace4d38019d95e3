import { createHash } from "node:crypto";
import matter from "gray-matter";
import { SLUG_PATTERN, canonicalUrl, createFrontMatterSchema, quoteValue } from "./front-matter.js";
import type { Post, PostLoadError } from "./post.js";

export type ParsePostResult = { ok: true; post: Post } | { ok: false; error: PostLoadError };

const FRONT_MATTER_LANGUAGES = new Set(["", "yaml", "yml"]);

/**
 * Options for every gray-matter call. Passing any options object also turns off gray-matter's
 * content-keyed cache, which would hand out shared `data` objects and, worse, remember a file whose
 * YAML failed to parse and return it half-parsed (no error) the next time the same text is read.
 * `---js` front matter is eval()'d by gray-matter; a post file must never run code.
 */
const MATTER_OPTIONS = {
  engines: {
    javascript: () => {
      throw new Error("JavaScript front matter is disabled");
    },
  },
};

// Building a zod schema costs far more than using one: keep one per site URL.
const schemas = new Map<string, ReturnType<typeof createFrontMatterSchema>>();
function frontMatterSchema(siteUrl: string) {
  let schema = schemas.get(siteUrl);
  if (!schema) schemas.set(siteUrl, (schema = createFrontMatterSchema(siteUrl)));
  return schema;
}

/** Pure: one Markdown file's text → a Post or a Russian reason. No fs, no clock. */
export function parsePost(file: string, raw: string, siteUrl: string): ParsePostResult {
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
  const result = frontMatterSchema(siteUrl).safeParse(fields);
  if (!result.success) {
    return fail(result.error.issues.map((issue) => issue.message).join("; "));
  }
  const fm = result.data;

  const slug = fm.slug ?? slugFromFileName(file);
  if (!SLUG_PATTERN.test(slug)) {
    return fail(`неверный slug ${quoteValue(slug)} из имени файла: переименуйте файл (a-z, 0-9, дефис) или задайте поле slug`);
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
      url: canonicalUrl(fm.schema, slug, siteUrl),
      body,
      file,
      hash: createHash("sha256").update(raw, "utf8").digest("hex"),
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
