import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TZ } from "../config.js";
import { parsePost } from "./parse-post.js";
import type { Post, PostLoadError } from "./post.js";

export interface LoadPostsResult {
  posts: Post[];
  errors: PostLoadError[];
  /** False when the folder itself could not be listed (missing, no permission): not the same as "no posts". */
  readable: boolean;
}

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

  const posts: Post[] = [];
  const fileBySlug = new Map<string, string>();
  for (const name of names) {
    const path = join(dir, name);
    let raw: string;
    try {
      if (!statSync(path).isFile()) continue;
      raw = utf8.decode(readFileSync(path));
    } catch (err) {
      const reason = err instanceof TypeError ? "файл не в кодировке UTF-8" : `не удалось прочитать файл: ${errorCode(err)}`;
      errors.push({ file: name, reason });
      continue;
    }
    const result = parsePost(name, raw, siteUrl, timeZone);
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
    posts.push(result.post);
  }

  posts.sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime() || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  return { posts, errors, readable: true };
}

function errorCode(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? code : err instanceof Error ? err.message : String(err);
}
