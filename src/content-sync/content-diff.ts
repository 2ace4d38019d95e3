import type { Post } from "../content/post.js";

/** A post file that failed validation, with the sha256 of its bytes (a fix or a new mistake is a new version). */
export interface InvalidFile {
  file: string;
  reason: string;
  hash: string;
}

/** The posts of one commit's post folder, as the loader read them. */
export interface ContentSnapshot {
  posts: readonly Post[];
  invalid: readonly InvalidFile[];
}

export interface ContentDiff {
  added: Post[];
  changed: Array<{ post: Post; previousHash: string }>;
  removed: Array<{ slug: string; file: string; hash: string }>;
  /** Every invalid file of the new commit: the notice outbox deduplicates by (file, hash). */
  invalid: InvalidFile[];
}

/**
 * Pure: what changed between two commits' posts, keyed by slug (a renamed file with the same slug is a
 * change, not a removal plus a new post). A post whose file became invalid is reported as invalid, not as
 * removed: the author broke it, they did not delete it.
 */
export function diffContent(previous: ContentSnapshot | null, next: ContentSnapshot): ContentDiff {
  const before = new Map((previous?.posts ?? []).map((p) => [p.slug, p]));
  const after = new Map(next.posts.map((p) => [p.slug, p]));
  const invalidFiles = new Set(next.invalid.map((e) => e.file));
  const diff: ContentDiff = { added: [], changed: [], removed: [], invalid: [...next.invalid] };
  for (const post of next.posts) {
    const old = before.get(post.slug);
    if (!old) diff.added.push(post);
    else if (old.hash !== post.hash) diff.changed.push({ post, previousHash: old.hash });
  }
  for (const old of before.values()) {
    if (!after.has(old.slug) && !invalidFiles.has(old.file)) diff.removed.push({ slug: old.slug, file: old.file, hash: old.hash });
  }
  return diff;
}
