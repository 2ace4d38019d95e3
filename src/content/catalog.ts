import type { Post, PostLoadError } from "./post.js";
import { loadPosts } from "./load-posts.js";

/** The posts currently in CONTENT_DIR; reloaded on demand (/update, /posts, the scheduler tick). */
export interface PostCatalog {
  posts(): readonly Post[];
  errors(): readonly PostLoadError[];
  get(slug: string): Post | undefined;
  reload(): void;
}

export function createPostCatalog(dir: string, siteUrl: string): PostCatalog {
  let posts: Post[] = [];
  let errors: PostLoadError[] = [];
  let bySlug = new Map<string, Post>();
  const reload = () => {
    ({ posts, errors } = loadPosts(dir, siteUrl));
    bySlug = new Map(posts.map((p) => [p.slug, p]));
  };
  reload();
  return { posts: () => posts, errors: () => errors, get: (slug) => bySlug.get(slug), reload };
}

/** A fixed catalog for tests and benchmarks. */
export function createStaticCatalog(posts: Post[], errors: PostLoadError[] = []): PostCatalog {
  const bySlug = new Map(posts.map((p) => [p.slug, p]));
  return { posts: () => posts, errors: () => errors, get: (slug) => bySlug.get(slug), reload: () => {} };
}
