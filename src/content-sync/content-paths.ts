import { realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../config.js";
import { findPostsFolder, type PostsFolderResult } from "./posts-folder.js";

export interface ContentSyncPaths {
  /** The bare mirror of the blog's repository. */
  mirror: string;
  /** One folder per checked-out commit. */
  snapshots: string;
  /** A symlink to the snapshot in use, swapped atomically by rename(2). */
  current: string;
  lock: string;
}

/** The working copy lives beside the database (data/ by default). */
export function contentSyncPaths(config: Pick<Config, "DATABASE_PATH">): ContentSyncPaths {
  const data = config.DATABASE_PATH === ":memory:" ? resolve("data") : dirname(resolve(config.DATABASE_PATH));
  return {
    mirror: join(data, "content-repo.git"),
    snapshots: join(data, "content-snapshots"),
    current: join(data, "content-current"),
    lock: join(data, "content-sync.lock"),
  };
}

/**
 * The folder the post catalog reads: the posts folder of the current snapshot when the content comes from
 * a repository, CONTENT_DIR otherwise. main.ts builds the catalog from this.
 */
export function contentDirFor(config: Pick<Config, "DATABASE_PATH" | "CONTENT_REPO" | "CONTENT_REPO_DIR" | "CONTENT_DIR">): string {
  if (!config.CONTENT_REPO) return config.CONTENT_DIR;
  const current = contentSyncPaths(config).current;
  const found = postsFolderOf(current, config.CONTENT_REPO_DIR);
  // Nothing synced yet or no posts folder: a path that does not exist, so the catalog reports it unreadable.
  return join(current, found.ok ? found.folder.dir : (config.CONTENT_REPO_DIR ?? "src/content/posts"));
}

// Snapshots never change once written (one folder per commit): the choice is remembered per snapshot.
const chosen = new Map<string, PostsFolderResult>();

/** The posts folder of the snapshot at `root` (the current symlink or a snapshot folder). */
export function postsFolderOf(root: string, configured: string | undefined): PostsFolderResult {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    return findPostsFolder(root, configured);
  }
  const key = `${real}\n${configured ?? ""}`;
  let result = chosen.get(key);
  if (!result) {
    result = findPostsFolder(real, configured);
    if (chosen.size > 8) chosen.clear();
    chosen.set(key, result);
  }
  return result;
}

/** The repository root of the current snapshot (for images under public/ and repository-relative paths). */
export function contentRootFor(config: Pick<Config, "DATABASE_PATH">): string {
  return contentSyncPaths(config).current;
}
