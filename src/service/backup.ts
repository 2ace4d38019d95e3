import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";
import type { Db } from "../storage/db.js";
import { createMetaStore } from "../storage/meta.js";

export const LAST_BACKUP_META = "backup.last_at";
export const BACKUP_INTERVAL_MS = 24 * 60 * 60_000;
/** How often the worker looks whether a day has passed: the decision is made from SQLite, not the timer. */
export const BACKUP_CHECK_MS = 60 * 60_000;
const ALL_PAGES = 1_000_000_000;
const BACKUP_FILE = /^bot-\d{8}T\d{6}Z\.db$/;

/** `data/bot.db` → `data/backups/` (beside the database, so one volume holds both). */
export function backupDirFor(databasePath: string): string {
  return join(dirname(databasePath), "backups");
}

export function backupFileName(at: Date): string {
  return `bot-${at.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z")}.db`;
}

export interface BackupOptions {
  /**
   * The daily backup: its folder is created and it moves «last backup» (/status, backup_last_timestamp_seconds).
   * An ad-hoc copy (`cli backup <file>`) does neither: its folder must exist, and the alert on missed daily
   * backups must not be silenced by a copy made by hand somewhere else.
   */
  daily: boolean;
}

/**
 * An online, consistent copy through SQLite's backup API (better-sqlite3 `db.backup`): writers keep going,
 * the copy is one snapshot. Written under a temporary name and renamed, so a cut-off backup never looks whole.
 */
export async function backupDatabase(db: Db, file: string, clock: Clock, options: BackupOptions = { daily: true }): Promise<{ file: string; bytes: number }> {
  if (options.daily) mkdirSync(dirname(file), { recursive: true });
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  rmSync(partial, { force: true });
  try {
    // Any write by another connection restarts a step-wise copy; copying the rest in one step (a blog
    // bot's database is a few MB) lets a backup finish even while the bot keeps writing.
    await db.backup(partial, { progress: () => ALL_PAGES });
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new Error(`backup to ${file} failed`, { cause: err });
  }
  if (options.daily) createMetaStore(db).set(LAST_BACKUP_META, clock.now().toISOString());
  return { file, bytes: statSync(file).size };
}

/** Keeps the newest `keep` daily backups in `dir` (names sort by time); returns the removed files. */
export function pruneBackups(dir: string, keep: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => BACKUP_FILE.test(n)).sort();
  } catch {
    return [];
  }
  const removed = names.slice(0, Math.max(0, names.length - keep));
  for (const n of removed) rmSync(join(dir, n), { force: true });
  return removed;
}

export function lastBackupAt(db: Db): Date | undefined {
  const value = createMetaStore(db).get(LAST_BACKUP_META);
  return value ? new Date(value) : undefined;
}

export function isBackupDue(last: Date | undefined, now: Date): boolean {
  return last === undefined || now.getTime() - last.getTime() >= BACKUP_INTERVAL_MS;
}

export interface BackupWorkerDeps {
  db: Db;
  databasePath: string;
  keep: number;
  clock: Clock;
  log: Logger;
  checkEveryMs?: number;
}

/** Daily backups into data/backups/, keeping BACKUP_KEEP; a restart neither skips nor repeats a day. */
export function createBackupWorker(deps: BackupWorkerDeps) {
  const { db, log, clock } = deps;
  const dir = backupDirFor(deps.databasePath);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const runOnce = async (): Promise<void> => {
    const now = clock.now();
    if (!isBackupDue(lastBackupAt(db), now)) return;
    try {
      const { file, bytes } = await backupDatabase(db, join(dir, backupFileName(now)), clock);
      const removed = pruneBackups(dir, deps.keep);
      log.info({ event: "backup.done", file, bytes, removed: removed.length });
    } catch (err) {
      log.error({ event: "backup.failed", err });
    }
  };
  const loop = () => {
    running = runOnce().finally(() => {
      if (!stopped) timer = setTimeout(loop, deps.checkEveryMs ?? BACKUP_CHECK_MS);
    });
  };
  return {
    name: "backup",
    start() {
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    runOnce,
  };
}
