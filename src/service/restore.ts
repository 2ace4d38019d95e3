import { existsSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import type { CliDeps } from "../cli-deps.js";
import type { Db } from "../storage/db.js";
import { acquireInstanceLock } from "./instance-lock.js";
import { restoreTexts } from "./restore-texts.js";

/** Rows that mean «this post is, or was, in the channel»: a restore must never make the bot send it again. */
const IN_CHANNEL = "status IN ('published','unpublished','sending') OR outcome_unknown = 1 OR message_ids <> '[]'";

export type BackupCheck = { ok: true } | { ok: false; reason: string };

/**
 * The copy is whole (`PRAGMA integrity_check`) and its schema is one this bot knows: every migration it
 * records is one the current database (just migrated by this code) records too. A copy from a newer bot
 * version would otherwise be run by code that does not understand it.
 */
export function checkBackup(backup: Db, current: Db): BackupCheck {
  let integrity: unknown;
  try {
    integrity = backup.pragma("integrity_check", { simple: true });
  } catch {
    return { ok: false, reason: restoreTexts.notSqlite };
  }
  if (integrity !== "ok") return { ok: false, reason: restoreTexts.damaged(String(integrity)) };
  const hasTable = (db: Db, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  if (!hasTable(backup, "schema_migrations") || !hasTable(backup, "publications")) return { ok: false, reason: restoreTexts.notOurs };
  const known = new Set(
    current.prepare<[], { owner: string; version: number }>("SELECT owner, version FROM schema_migrations").all().map((m) => `${m.owner}@${m.version}`),
  );
  const unknown = backup
    .prepare<[], { owner: string; version: number; name: string }>("SELECT owner, version, name FROM schema_migrations ORDER BY owner, version")
    .all()
    .filter((m) => !known.has(`${m.owner}@${m.version}`));
  if (unknown.length > 0) return { ok: false, reason: restoreTexts.newerSchema(unknown.map((m) => `${m.owner} ${m.version} «${m.name}»`)) };
  return { ok: true };
}

/**
 * Copies into `restored` the publication rows of posts the current database knows to be in the channel and the
 * restored copy does not (absent there, or scheduled/failed/archived): the bot must not send them again. Only
 * the columns both databases have are copied (an older copy is migrated by the bot's next start). Returns the slugs.
 */
export function carryOverPublished(current: Db, restored: Db): string[] {
  const columnsOf = (db: Db) => new Set(db.prepare<[], { name: string }>("PRAGMA table_info(publications)").all().map((c) => c.name));
  const theirs = columnsOf(restored);
  const columns = [...columnsOf(current)].filter((c) => theirs.has(c));
  const rows = current.prepare<[], Record<string, unknown>>(`SELECT * FROM publications WHERE ${IN_CHANNEL} ORDER BY slug`).all();
  const knownThere = restored.prepare<[string], { n: number }>(`SELECT 1 AS n FROM publications WHERE slug = ? AND (${IN_CHANNEL})`);
  const missing = rows.filter((r) => knownThere.get(String(r.slug)) === undefined);
  const put = restored.prepare(
    `INSERT OR REPLACE INTO publications (${columns.join(", ")}) VALUES (${columns.map((c) => `@${c}`).join(", ")})`,
  );
  restored.transaction(() => {
    for (const row of missing) put.run(Object.fromEntries(columns.map((c) => [c, row[c]])));
  })();
  return missing.map((r) => String(r.slug));
}

/** Leads the current database has beyond the newest one of the copy: they stay only in the replaced file. */
function leadsAfter(current: Db, restored: Db): number {
  const has = (db: Db) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leads'").get() !== undefined;
  if (!has(current)) return 0;
  const last = has(restored) ? (restored.prepare<[], { id: number | null }>("SELECT MAX(id) AS id FROM leads").get()?.id ?? 0) : 0;
  return current.prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM leads WHERE id > ?").get(last)?.n ?? 0;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");

/**
 * `cli restore <file>`: checks the copy, refuses while a bot holds the database (its instance lock), keeps the
 * replaced database beside it, and carries over from it the posts already in the channel, so nothing is sent twice.
 * The new file is prepared under a temporary name and put in place by rename: a cut-off restore leaves the old one.
 */
export async function restoreDatabase(source: string, deps: CliDeps): Promise<number> {
  const target = deps.config.DATABASE_PATH;
  if (target === ":memory:") {
    deps.err(restoreTexts.memory);
    return 2;
  }
  if (!existsSync(source)) {
    deps.err(restoreTexts.noFile(source));
    return 2;
  }
  if (resolve(source) === resolve(target)) {
    deps.err(restoreTexts.sameFile);
    return 2;
  }
  const lock = acquireInstanceLock(target, deps.clock.now());
  if (!lock.ok) {
    deps.err(restoreTexts.busy(target, lock.holder));
    return 1;
  }
  const staging = `${target}.restoring`;
  try {
    const backup = new Database(source, { readonly: true, fileMustExist: true });
    try {
      const check = checkBackup(backup, deps.db);
      if (!check.ok) {
        deps.err(restoreTexts.refused(source, check.reason));
        return 1;
      }
      for (const f of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(f, { force: true });
      // The backup API, not a file copy: a copy taken from a live database (WAL beside it) is read whole.
      await backup.backup(staging);
    } finally {
      backup.close();
    }

    const restored = new Database(staging);
    let carried: string[];
    let lostLeads: number;
    try {
      carried = carryOverPublished(deps.db, restored);
      lostLeads = leadsAfter(deps.db, restored);
      restored.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      restored.close();
    }

    // Everything of the current database into its main file, then it steps aside under a telling name.
    deps.db.pragma("wal_checkpoint(TRUNCATE)");
    deps.db.close();
    const replaced = `${target}.replaced-${stamp(deps.clock.now())}`;
    if (existsSync(target)) renameSync(target, replaced);
    for (const suffix of ["-wal", "-shm"]) {
      if (existsSync(`${target}${suffix}`)) renameSync(`${target}${suffix}`, `${replaced}${suffix}`);
      rmSync(`${staging}${suffix}`, { force: true });
    }
    renameSync(staging, target);

    deps.out(restoreTexts.done(source, target, existsSync(replaced) ? replaced : undefined));
    deps.out(carried.length > 0 ? restoreTexts.carried(carried) : restoreTexts.nothingCarried);
    if (lostLeads > 0) deps.out(restoreTexts.leadsOnlyInReplaced(lostLeads, replaced));
    return 0;
  } catch (err) {
    rmSync(staging, { force: true });
    throw err;
  } finally {
    lock.release();
  }
}
