import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

export type InstanceLock =
  | { ok: true; path: string; release(): void }
  | { ok: false; path: string; holder: string | undefined };

/**
 * One bot process per database. The lock is an exclusive SQLite transaction on `<DATABASE_PATH>.lock`:
 * SQLite takes it with an fcntl lock, which the kernel drops when the process dies (kill -9 included), so a
 * lock left by a killed process is free at once. No pid liveness guess (pids are reused, and every
 * container's bot is pid 1) and no stale-timeout window as with mtime-based lock files. The holder's pid and
 * start time sit in a side file, only for the message.
 */
export function acquireInstanceLock(databasePath: string, now = new Date()): InstanceLock {
  const path = `${databasePath}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === "SQLITE_BUSY") return { ok: false, path, holder: readHolder(path) };
    throw new Error(`cannot lock ${path}`, { cause: err });
  }
  writeFileSync(`${path}.owner`, `pid ${process.pid}, started ${now.toISOString()}\n`);
  let released = false;
  return {
    ok: true,
    path,
    release() {
      if (released) return;
      released = true;
      db.close(); // closing without COMMIT rolls back and drops the lock
    },
  };
}

function readHolder(path: string): string | undefined {
  try {
    return readFileSync(`${path}.owner`, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
