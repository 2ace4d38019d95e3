import { readFileSync, writeFileSync } from "node:fs";
import { tryExclusiveFileLock } from "../storage/file-lock.js";

export type InstanceLock =
  | { ok: true; path: string; release(): void }
  | { ok: false; path: string; holder: string | undefined };

/**
 * One bot process per database: an exclusive file lock on `<DATABASE_PATH>.lock`, free at once when its
 * holder dies (kill -9 included). The holder's pid and start time sit in a side file, only for the message.
 */
export function acquireInstanceLock(databasePath: string, now = new Date()): InstanceLock {
  const path = `${databasePath}.lock`;
  const release = tryExclusiveFileLock(path);
  if (!release) return { ok: false, path, holder: readHolder(path) };
  writeFileSync(`${path}.owner`, `pid ${process.pid}, started ${now.toISOString()}\n`);
  return { ok: true, path, release };
}

function readHolder(path: string): string | undefined {
  try {
    return readFileSync(`${path}.owner`, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}
