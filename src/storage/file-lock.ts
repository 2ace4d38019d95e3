import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/**
 * An exclusive lock on a small SQLite file. SQLite holds it with an fcntl lock, which the kernel drops
 * however the holder dies (kill -9 included), so there is never a stale lock to guess about, unlike a
 * pid file (pids are reused; every container's process is pid 1). Returns the release function, or
 * undefined when another process holds the lock.
 */
export function tryExclusiveFileLock(path: string): (() => void) | undefined {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    db.close();
    if ((err as { code?: unknown }).code === "SQLITE_BUSY") return undefined;
    throw new Error(`cannot lock ${path}`, { cause: err });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    db.close(); // closing without COMMIT rolls back and drops the lock
  };
}
