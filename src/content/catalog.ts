import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_TZ } from "../config.js";
import type { Post, PostLoadError } from "./post.js";
import { loadPosts } from "./load-posts.js";

/** The posts currently in CONTENT_DIR; reloaded on demand (/update, /posts, the scheduler tick). */
export interface PostCatalog {
  posts(): readonly Post[];
  errors(): readonly PostLoadError[];
  get(slug: string): Post | undefined;
  /** False while CONTENT_DIR cannot be listed: the scheduler must not take that for "no posts". */
  readable(): boolean;
  reload(): void;
}

/**
 * `timeZone` is the bot's TZ (config.TZ): a pubDate without an offset is a time there. `prepare` may
 * enrich freshly loaded posts (content-sync attaches images found in the repository).
 */
export function createPostCatalog(
  /** The posts folder, or how to find it at each reload (content-sync: it may move from commit to commit). */
  folder: string | (() => string),
  siteUrl: string,
  timeZone: string = DEFAULT_TZ,
  prepare?: (posts: Post[]) => Post[],
): PostCatalog {
  let posts: Post[] = [];
  let errors: PostLoadError[] = [];
  let bySlug = new Map<string, Post>();
  let readable = false;
  let signature: string | undefined;
  const reload = () => {
    const dir = typeof folder === "string" ? folder : folder();
    // Every tick reloads; stat-ing the files is ~100× cheaper than parsing them again.
    const current = `${dir}\n${directorySignature(dir) ?? ""}`;
    if (current === signature && readable) return;
    signature = current;
    ({ posts, errors, readable } = loadPosts(dir, siteUrl, timeZone));
    if (prepare) posts = prepare(posts);
    bySlug = new Map(posts.map((p) => [p.slug, p]));
  };
  reload();
  return { posts: () => posts, errors: () => errors, get: (slug) => bySlug.get(slug), readable: () => readable, reload };
}

/** Names, sizes and modification times of the files; undefined when the folder can't be read. */
function directorySignature(dir: string): string | undefined {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => {
        const st = statSync(join(dir, name));
        return `${name}:${st.size}:${st.mtimeMs}`;
      })
      .join("|");
  } catch {
    return undefined;
  }
}

/** A fixed catalog for tests and benchmarks. */
export function createStaticCatalog(posts: Post[], errors: PostLoadError[] = []): PostCatalog {
  const bySlug = new Map(posts.map((p) => [p.slug, p]));
  return { posts: () => posts, errors: () => errors, get: (slug) => bySlug.get(slug), readable: () => true, reload: () => {} };
}
