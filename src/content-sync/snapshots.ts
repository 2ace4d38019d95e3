import { existsSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { tryExclusiveFileLock } from "../storage/file-lock.js";
import type { ContentSyncPaths } from "./content-paths.js";

const COMMIT_RE = /^[0-9a-f]{40,64}$/;

export const snapshotDir = (paths: ContentSyncPaths, commit: string) => join(paths.snapshots, commit);

/** The commit the current symlink points at, if it points at a complete snapshot. */
export function currentSnapshot(paths: ContentSyncPaths): string | undefined {
  try {
    const name = basename(readlinkSync(paths.current));
    return COMMIT_RE.test(name) && existsSync(snapshotDir(paths, name)) ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Points content-current at the snapshot. A new symlink renamed over the old one is atomic: a reader sees
 * the old tree or the new one, never a mix or nothing.
 */
export function swapCurrent(paths: ContentSyncPaths, commit: string): void {
  const target = relative(dirname(paths.current), snapshotDir(paths, commit));
  const tmp = `${paths.current}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  renameSync(tmp, paths.current);
}

/**
 * Removes snapshots other than those kept. The previous one is kept too: a reader that listed the
 * folder just before a swap may still be reading its files.
 */
export function pruneSnapshots(paths: ContentSyncPaths, keep: readonly string[]): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(paths.snapshots);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (keep.includes(name)) continue;
    rmSync(join(paths.snapshots, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/** So the bot and `cli sync` never sync at the same time; undefined when another sync holds the lock. */
export function acquireSyncLock(path: string): (() => void) | undefined {
  return tryExclusiveFileLock(path);
}
