import { dirname, join, resolve } from "node:path";
import type { Config } from "../config.js";

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
  return join(contentSyncPaths(config).current, config.CONTENT_REPO_DIR);
}

/** The repository root of the current snapshot (for images under public/ and repository-relative paths). */
export function contentRootFor(config: Pick<Config, "DATABASE_PATH">): string {
  return contentSyncPaths(config).current;
}
