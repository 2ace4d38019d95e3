import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TZ } from "../config.js";
import { collectGarbage } from "./collect-garbage.js";
import { parsePost } from "./parse-post.js";
import type { Post, PostLoadError } from "./post.js";

export interface LoadPostsResult {
  posts: Post[];
  errors: PostLoadError[];
  /** False when the folder itself could not be listed (missing, no permission): not the same as "no posts". */
  readable: boolean;
}

/** Large folders are read in stretches of this many files with a collection between them (collect-garbage.ts). */
const GC_EVERY_FILES = 250;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The fs edge: every `*.md` directly in `dir` (not recursive), read in file-name order so that
 * "the second file with the same slug" is well defined. Nothing here throws for bad content or a
 * missing directory: each problem becomes an error record and the other posts still load.
 * Posts come back newest first (pubDate desc, then slug); drafts are included with `draft: true`.
 * `timeZone` (the bot's TZ) is where a pubDate without an offset is read.
 */
export function loadPosts(dir: string, siteUrl: string, timeZone: string = DEFAULT_TZ): LoadPostsResult {
  const errors: PostLoadError[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      // Dotfiles are editor locks and macOS resource forks (".#post.md", "._post.md"), not posts.
      .filter((name) => name.endsWith(".md") && !name.startsWith("."))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (err) {
    return { posts: [], errors: [{ file: dir, reason: `не удалось прочитать папку с постами: ${errorCode(err)}` }], readable: false };
  }

  // Bodies are read again from this folder on demand: through a symlink swapped by content-sync, a post must
  // keep reading the snapshot it was loaded from.
  let base = dir;
  try {
    base = realpathSync(dir);
  } catch {
    // listed a moment ago; the reads below report the problem per file
  }
  const posts: Post[] = [];
  const fileBySlug = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    if (i > 0 && i % GC_EVERY_FILES === 0) collectGarbage();
    const path = join(dir, name);
    let raw: string;
    let hash: string | undefined;
    try {
      if (!statSync(path).isFile()) continue;
      const bytes = readFileSync(path);
      if (!isUtf8(bytes)) throw new TypeError("not UTF-8");
      // Only the front matter is decoded and parsed: the body is read again when it is needed.
      const head = frontMatterBytes(bytes);
      if (head !== undefined) hash = createHash("sha256").update(bytes).digest("hex");
      raw = utf8.decode(head ?? bytes);
    } catch (err) {
      const reason = err instanceof TypeError ? "файл не в кодировке UTF-8" : `не удалось прочитать файл: ${errorCode(err)}`;
      errors.push({ file: name, reason });
      continue;
    }
    const result = parsePost(name, raw, siteUrl, timeZone, hash);
    if (!result.ok) {
      errors.push(result.error);
      continue;
    }
    const taken = fileBySlug.get(result.post.slug);
    if (taken !== undefined) {
      errors.push({ file: name, reason: `slug «${result.post.slug}» уже занят файлом ${taken}` });
      continue;
    }
    fileBySlug.set(result.post.slug, name);
    posts.push(withBodyOnDemand(result.post, join(base, name), siteUrl, timeZone));
  }

  posts.sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime() || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { posts, errors, readable: true };
}

const NEWLINE = 0x0a;
const DASH = 0x2d;

/**
 * The bytes up to and including the line that closes the front matter (`---`), or undefined when the file
 * does not start with one or never closes it (parsePost then reports why, from the whole text). A line
 * boundary is a character boundary in UTF-8, so the prefix decodes on its own.
 */
export function frontMatterBytes(bytes: Buffer): Buffer | undefined {
  let from = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes[from] !== DASH || bytes[from + 1] !== DASH || bytes[from + 2] !== DASH) return undefined;
  from = bytes.indexOf(NEWLINE, from);
  while (from >= 0) {
    const next = bytes.indexOf(NEWLINE, from + 1);
    const end = next < 0 ? bytes.length : next;
    if (bytes[from + 1] === DASH && bytes[from + 2] === DASH && bytes[from + 3] === DASH) {
      const rest = bytes.subarray(from + 4, end).toString("latin1");
      if (/^[^\S\r\n]*\r?$/.test(rest)) return bytes.subarray(0, next < 0 ? bytes.length : next + 1);
    }
    from = next;
  }
  return undefined;
}

/**
 * The catalog keeps what features need, not every body: at the blog's size (10,000 posts of ~12,000 characters)
 * the bodies alone are ~240 MB of UTF-16. `body` becomes a getter that reads the file again when a post is
 * rendered, published or indexed. Kept strings are copied, because V8 keeps a whole file's text alive for a
 * title sliced out of it.
 */
export function withBodyOnDemand(post: Post, path: string, siteUrl: string, timeZone: string): Post {
  const { body: _body, ...meta } = post;
  const kept: Omit<Post, "body"> = {
    ...meta,
    slug: own(meta.slug),
    title: own(meta.title),
    description: own(meta.description),
    keywords: meta.keywords.map(own),
    author: own(meta.author),
    heroImage: meta.heroImage === undefined ? undefined : own(meta.heroImage),
    url: own(meta.url),
    file: own(meta.file),
    warnings: meta.warnings.map(own),
  };
  return Object.defineProperty(kept, "body", {
    enumerable: true,
    configurable: true,
    get: () => readBody(path, post.file, siteUrl, timeZone),
  }) as Post;
}

/** A flat copy of a string that may be a slice of a much longer one. */
function own(s: string): string {
  return s.length <= 12 ? s : Buffer.from(s, "utf8").toString("utf8");
}

/** The last few bodies read: rendering one post reads `body` several times, one preview renders three formats. */
const recentBodies = new Map<string, { size: number; mtimeMs: number; body: string }>();
const RECENT_BODIES = 8;

function readBody(path: string, file: string, siteUrl: string, timeZone: string): string {
  let raw: string;
  let stamp: { size: number; mtimeMs: number };
  try {
    const st = statSync(path);
    stamp = { size: st.size, mtimeMs: st.mtimeMs };
    const hit = recentBodies.get(path);
    if (hit && hit.size === stamp.size && hit.mtimeMs === stamp.mtimeMs) return hit.body;
    raw = utf8.decode(readFileSync(path));
  } catch (err) {
    throw new Error(`пост ${file} больше не читается: ${errorCode(err)}`, { cause: err });
  }
  // The file is the truth: edited since the catalog was loaded, its new text is what the next reload sees too.
  const result = parsePost(file, raw, siteUrl, timeZone);
  if (!result.ok) throw new Error(`пост ${file} больше не читается: ${result.error.reason}`);
  const body = own(result.post.body);
  recentBodies.delete(path);
  recentBodies.set(path, { ...stamp, body });
  if (recentBodies.size > RECENT_BODIES) recentBodies.delete(recentBodies.keys().next().value!);
  return body;
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : err instanceof Error ? err.message : String(err);
}
